package sync

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/foliohq/folio/portfolio/sync/wire"
)

// GitStatus reports the clone as it is, without fetching: this device's files not yet
// committed, and commits ahead of and behind the remote as of the last fetch.
func TestGitStatus(t *testing.T) {
	a, b, _ := gitPair(t)
	ctx := context.Background()
	gs, err := a.s.GitStatus(ctx)
	// init published the key file: this device's, not committed until a sync.
	if err != nil || gs == nil || gs.Remote != "origin" || gs.Fetched || gs.Ahead != 0 ||
		!slices.Equal(gs.Uncommitted, []string{wire.KeyFileName(a.s.dev(), 1)}) {
		t.Fatalf("a new clone: %+v %v", gs, err)
	}
	// A plain sync of the folder writes this device's files and commits nothing.
	addEntry(t, a, "Near miss", "written on a")
	rep := mustSync(t, a)
	gs, err = a.s.GitStatus(ctx)
	if err != nil || len(gs.Uncommitted) == 0 {
		t.Fatalf("after a sync without git: %+v %v", gs, err)
	}
	for _, f := range rep.Sealed {
		if !slices.Contains(gs.Uncommitted, f) {
			t.Errorf("%s is not listed as uncommitted: %v", f, gs.Uncommitted)
		}
	}
	// A file of the user's in the clone is not this device's.
	if err := os.WriteFile(filepath.Join(a.folder, "notes.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustExchange(t, a)
	gs, err = a.s.GitStatus(ctx)
	if err != nil || !gs.Fetched || gs.Ahead != 0 || gs.Behind != 0 || len(gs.Uncommitted) != 0 {
		t.Fatalf("after an exchange: %+v %v", gs, err)
	}
	// b pushes; a learns it is behind only once it fetches.
	addEntry(t, b, "At home", "written on b")
	mustExchange(t, b)
	if gs, _ = a.s.GitStatus(ctx); gs.Behind != 0 {
		t.Fatalf("status fetched: %+v", gs)
	}
	git(t, a.folder, "fetch", "--quiet")
	if gs, _ = a.s.GitStatus(ctx); gs.Behind != 1 || gs.Ahead != 0 {
		t.Fatalf("after a fetch: %+v", gs)
	}
	// A commit that cannot be pushed is ahead.
	addEntry(t, a, "Offline", "written on a")
	if err := os.Rename(filepath.Join(filepath.Dir(a.folder), "remote.git"), filepath.Join(filepath.Dir(a.folder), "away.git")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.s.Exchange(ctx); !errors.Is(err, ErrGit) {
		t.Fatalf("offline exchange: %v", err)
	}
	if gs, _ = a.s.GitStatus(ctx); gs.Ahead != 1 || len(gs.Uncommitted) != 0 {
		t.Fatalf("offline: %+v", gs)
	}
	// A plain folder has no git state.
	c := &Syncer{P: a.p, Folder: t.TempDir()}
	if gs, err := c.GitStatus(ctx); gs != nil || err != nil {
		t.Fatalf("a plain folder: %+v %v", gs, err)
	}
}

// Health names what is pending both ways and what a sync would refuse, and changes
// nothing.
func TestHealth(t *testing.T) {
	a, b, id := pair(t)
	h, err := a.s.Health()
	if err != nil || h.Unsealed != 0 || len(h.Ready) != 0 || len(h.Refused) != 0 {
		t.Fatalf("after an exchange: %+v %v", h, err)
	}
	edit(t, b, id, "from b")
	edit(t, a, id, "from a")
	if h, _ = a.s.Health(); h.Unsealed != 1 {
		t.Fatalf("an edit here: %+v", h)
	}
	rep := mustSync(t, b)
	h, err = a.s.Health()
	if err != nil || !slices.Equal(h.Ready, rep.Sealed) {
		t.Fatalf("ready %v, b sealed %v (%v)", h.Ready, rep.Sealed, err)
	}
	// Nothing was applied by looking.
	if body(a, id) != "from a" {
		t.Fatalf("Health applied: %q", body(a, id))
	}
	// A change set cut short waits; one changed is refused.
	edit(t, b, id, "again from b")
	rep = mustSync(t, b)
	path := filepath.Join(a.s.Folder, filepath.FromSlash(rep.Sealed[0]))
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, whole[:len(whole)-3], 0o600)
	if h, _ = a.s.Health(); !slices.Contains(h.Waiting, rep.Sealed[0]) {
		t.Fatalf("a file cut short is not waiting: %+v", h)
	}
	changed := append([]byte(nil), whole...)
	changed[len(changed)-1] ^= 1
	os.WriteFile(path, changed, 0o600)
	if h, _ = a.s.Health(); len(h.Refused) != 1 || h.Refused[0].File != rep.Sealed[0] {
		t.Fatalf("a changed file is not refused: %+v", h)
	}
	os.WriteFile(path, whole, 0o600)
	// A leftover temporary file of this device's is named.
	tmp := filepath.Join(a.s.Folder, a.s.dev().String(), ".0000000000000099.fcs.tmp")
	os.WriteFile(tmp, []byte("folio-cs"), 0o600)
	if h, _ = a.s.Health(); len(h.Leftovers) != 1 || len(h.Refused) != 0 {
		t.Fatalf("leftover: %+v", h)
	}
}
