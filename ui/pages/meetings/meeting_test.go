package meetings

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/ui/common"
)

// A peer-support meeting opened before the root kept a template library (the
// library loaded for it arrives in NotesReadyMsg) still shows the support
// services: the line once read only the root's library, so on a loaded machine
// the record opened without it.
func TestMeetingRecordOpenedBeforeTheLibraryShowsSupport(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC) }
	path := filepath.Join(t.TempDir(), "vault.folio")
	p, err := portfolio.Create(path, []byte("a passphrase for the test"), portfolio.Options{Now: now, KDF: portfolio.KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	lib, err := fill.LoadLibrary(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := common.NewContext(common.Options{VaultPath: path, Now: now})
	ctx.Portfolio, ctx.Width, ctx.Height = p, 80, 24
	if ctx.Lib != nil {
		t.Fatal("the context starts with a library; the test needs none")
	}
	rel := &portfolio.Relationship{ID: "r1", Role: portfolio.RolePeerSupport, Person: "Ward 7 debrief group"}
	nav := OpenNotesReady(ctx, NotesReadyMsg{Lib: lib, rel: rel})
	if nav.To == nil {
		t.Fatal("no screen opened")
	}
	view := nav.To.View()
	if !strings.Contains(view, "Support:") || !strings.Contains(view, "Samaritans") {
		t.Errorf("the restorative record shows no support services:\n%s", view)
	}
	if !strings.Contains(view, "What happened") {
		t.Errorf("the record is not headed by the debrief template:\n%s", view)
	}
}
