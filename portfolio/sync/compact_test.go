package sync

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/sync/store"
	"github.com/foliohq/folio/portfolio/sync/wire"
)

// Compaction says what it kept and which device keeps it there, and removes nothing a
// known device has not applied.
func TestCompactionSaysWhatItKeptAndWhy(t *testing.T) {
	a, b, id := pair(t)
	// b has applied a's change sets 1 and 2 (the entry, b's acknowledgement's answer),
	// and a has applied b's; a then writes two more that b has not seen.
	edit(t, a, id, "second words")
	mustSync(t, a)
	edit(t, a, id, "third words")
	mustSync(t, a)
	before, err := a.s.ownSeqs(a.s.dev())
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.s.Compaction()
	if err != nil {
		t.Fatal(err)
	}
	ackedByB := uint64(0)
	for _, k := range c.Behind {
		if k.Device == b.s.dev() {
			ackedByB = k.Acked
		}
	}
	if len(c.Removed) == 0 || c.Snapshot == "" {
		t.Fatalf("nothing compacted: %+v", c)
	}
	if len(c.Behind) != 1 || c.Behind[0].Device != b.s.dev() || !c.Behind[0].InFolder || c.Behind[0].Last.IsZero() {
		t.Fatalf("kept %v behind %+v, want b alone", c.Kept, c.Behind)
	}
	// Exactly what b has not applied is kept; everything it has is gone.
	for _, n := range before {
		removed := slices.Contains(c.Removed, wire.FileName(a.s.dev(), n))
		if removed != (n <= ackedByB) || slices.Contains(c.Kept, n) == removed {
			t.Errorf("change set %d: removed %v, kept %v, b has applied up to %d", n, removed, slices.Contains(c.Kept, n), ackedByB)
		}
	}
	// b catches up from what is left, and a's next compaction keeps only what b's
	// acknowledgement has not reached yet.
	mustSync(t, b)
	if body(b, id) != "third words" {
		t.Fatalf("b after a compacted: %q", body(b, id))
	}
	mustSync(t, a)
	c, err = a.s.Compaction()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range c.Kept {
		if n <= c.Behind[0].Acked {
			t.Errorf("kept change set %d that b has applied (up to %d)", n, c.Behind[0].Acked)
		}
	}
}

// A device known only to the vault (it synced, then its directory left the folder)
// still holds compaction back: never drop what a known device has not seen.
func TestCompactionWaitsForADeviceGoneFromTheFolder(t *testing.T) {
	a, b, id := pair(t)
	edit(t, a, id, "unseen by b")
	mustSync(t, a)
	if err := os.RemoveAll(filepath.Join(a.s.Folder, b.s.dev().String())); err != nil {
		t.Fatal(err)
	}
	c, err := a.s.Compaction()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Kept) == 0 || len(c.Behind) != 1 || c.Behind[0].Device != b.s.dev() || c.Behind[0].InFolder {
		t.Fatalf("kept %v, behind %+v", c.Kept, c.Behind)
	}
	if last := c.Kept[len(c.Kept)-1]; c.Behind[0].Acked >= last {
		t.Fatalf("b has applied up to %d, yet %d is kept", c.Behind[0].Acked, last)
	}
	for _, n := range c.Kept {
		if n <= c.Behind[0].Acked {
			t.Errorf("kept %d, which b has applied", n)
		}
	}
	if len(c.Removed) == 0 {
		t.Error("what b had applied was not removed")
	}
}

// A sync compacts on its own once enough of this device's change sets have been
// applied everywhere, and says so in its report.
func TestExchangeCompactsOnItsOwn(t *testing.T) {
	a, b, id := pair(t)
	for i := range 4 {
		edit(t, a, id, "edit "+string(rune('a'+i)))
		exchange(t, a, b)
	}
	n, err := a.s.compactable()
	if err != nil || n < 4 {
		t.Fatalf("compactable: %d %v", n, err)
	}
	rep, _, err := a.s.exchange(context.Background(), n+1)
	if err != nil || rep.Compacted != nil {
		t.Fatalf("compacted below the threshold: %+v %v", rep.Compacted, err)
	}
	rep, _, err = a.s.exchange(context.Background(), 2)
	if err != nil || rep.Compacted == nil || len(rep.Compacted.Removed) < 2 || rep.Compacted.Snapshot == "" {
		t.Fatalf("did not compact at the threshold: %+v %v", rep.Compacted, err)
	}
	if left, err := a.s.compactable(); err != nil || left != 0 {
		t.Fatalf("after compacting, %d still removable (%v)", left, err)
	}
	// b still follows.
	edit(t, a, id, "after compaction")
	exchange(t, a, b)
	if body(b, id) != "after compaction" {
		t.Fatalf("b after a compacted on its own: %q", body(b, id))
	}
}

// A device that joins from a snapshot acknowledges what it took, so the others can
// compact again without waiting for it to write something of its own.
func TestJoinerFromASnapshotAcknowledges(t *testing.T) {
	a, dir, id, clk := first(t)
	b := join(t, dir, clk, testPass)
	b.s.Folder = ""
	edit(t, b, id, "from b")
	exchange(t, a, b)
	exchange(t, a, b)
	for _, d := range []*device{a, b} {
		if c, err := d.s.Compaction(); err != nil || len(c.Removed) == 0 {
			t.Fatalf("%s: compacted %+v, %v", d.name, c, err)
		}
	}
	p, _, err := Join(filepath.Join(dir, "folder"), filepath.Join(dir, "c.folio"), func() ([]byte, error) { return bytes.Clone(testPass), nil }, portfolio.Options{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	c := &device{name: "c", p: p, s: &Syncer{P: p, Now: clk.now}}
	mustSync(t, a)
	comp, err := a.s.Compaction()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range comp.Behind {
		if k.Device == c.s.dev() && k.Acked == 0 {
			t.Fatalf("the joiner has acknowledged nothing of a's: %+v", comp.Behind)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "folder", filepath.FromSlash(wire.FileName(c.s.dev(), 1)))); err != nil {
		t.Fatalf("the joiner wrote no acknowledgement: %v", err)
	}
	if body(c, id) != "from b" {
		t.Fatalf("the joiner: %q", body(c, id))
	}
}

// chunkFiles lists which of the chunk files of d's attachment id, chunks 0 to n-1,
// are in the folder.
func chunkFiles(t *testing.T, folder string, d portfolio.DeviceID, id store.RecordID, n uint32) []string {
	t.Helper()
	var out []string
	for i := range n {
		name := wire.ChunkName(d, id, i)
		if _, err := os.Stat(filepath.Join(folder, filepath.FromSlash(name))); err == nil {
			out = append(out, name)
		}
	}
	return out
}

// Compaction removes this device's chunk files that nothing left in the folder
// names, and only those every known device has acknowledged: an erased attachment's
// go, a live one's stay for the snapshot, an erased one whose change set the other
// device has not applied stays until it has, the other device's files are never
// touched, and a device joining afterwards gets every live attachment byte for byte.
func TestCompactionRemovesChunksNothingNeeds(t *testing.T) {
	a, dir, rec, clk := first(t)
	a.s.ChunkSize = 1024
	folder := filepath.Join(dir, "folder")
	b := join(t, dir, clk, testPass)
	b.s.ChunkSize = 1024
	content := map[portfolio.ID][]byte{}
	add := func(d *device, name string, n int, seed uint64) (portfolio.ID, store.RecordID) {
		t.Helper()
		data := evidence(n, seed, "canary "+name)
		id := attach(t, d, rec, name, data)
		content[id] = data
		return id, mustSID(t, d.p, id)
	}
	erase := func(d *device, id portfolio.ID) {
		t.Helper()
		if err := attachment.RemoveAttachment(d.p, id); err != nil {
			t.Fatal(err)
		}
		if _, err := history.EmptyTrash(d.p); err != nil {
			t.Fatal(err)
		}
	}
	gone, goneSID := add(a, "gone.pdf", 3000, 1)
	live, liveSID := add(a, "live.pdf", 2500, 2)
	fromB, bSID := add(b, "b.pdf", 1500, 3)
	exchange(t, a, b)
	sameFiles(t, a, b, content, []portfolio.ID{gone, live, fromB}, nil)
	goneFiles := chunkFiles(t, folder, a.s.dev(), goneSID, 3)
	if len(goneFiles) != 3 || len(chunkFiles(t, folder, b.s.dev(), bSID, 2)) != 2 {
		t.Fatalf("chunk files before: %v", goneFiles)
	}

	// a erases one, and b applies the erasure and acknowledges it. Then a adds and
	// erases another that b has not seen yet.
	erase(a, gone)
	exchange(t, a, b)
	exchange(t, a, b)
	late, lateSID := add(a, "late.pdf", 2000, 4)
	mustSync(t, a)
	erase(a, late)
	mustSync(t, a)

	c, err := a.s.Compaction()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Removed) == 0 || c.Snapshot == "" {
		t.Fatalf("nothing compacted: %+v", c)
	}
	slices.Sort(c.Chunks)
	if !slices.Equal(c.Chunks, goneFiles) {
		t.Fatalf("removed chunk files %v, want the erased attachment's %v", c.Chunks, goneFiles)
	}
	if got := chunkFiles(t, folder, a.s.dev(), goneSID, 3); len(got) != 0 {
		t.Fatalf("the erased attachment's chunk files stay: %v", got)
	}
	if got := chunkFiles(t, folder, a.s.dev(), liveSID, 3); len(got) != 3 {
		t.Fatalf("the live attachment, named by the snapshot, keeps %v", got)
	}
	if got := chunkFiles(t, folder, a.s.dev(), lateSID, 2); len(got) != 2 {
		t.Fatalf("an attachment whose change set b has not applied keeps %v", got)
	}
	if got := chunkFiles(t, folder, b.s.dev(), bSID, 2); len(got) != 2 {
		t.Fatalf("b's own chunk files: %v", got)
	}

	// Once b has applied it, the next compaction removes it too.
	exchange(t, a, b)
	exchange(t, a, b)
	if c, err = a.s.Compaction(); err != nil {
		t.Fatal(err)
	}
	if got := chunkFiles(t, folder, a.s.dev(), lateSID, 2); len(got) != 0 || len(c.Chunks) != 2 {
		t.Fatalf("after b applied the erasure: kept %v, removed %v", got, c.Chunks)
	}
	if got := chunkFiles(t, folder, a.s.dev(), liveSID, 3); len(got) != 3 {
		t.Fatalf("the live attachment keeps %v", got)
	}

	p, rep, err := Join(folder, filepath.Join(dir, "c.folio"), func() ([]byte, error) { return bytes.Clone(testPass), nil }, portfolio.Options{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	if rep.Snapshot == "" || len(rep.Waiting) > 0 || len(rep.Refused) > 0 {
		t.Fatalf("the joiner: snapshot %q, waiting %v, refused %v", rep.Snapshot, rep.Waiting, rep.Refused)
	}
	joiner := &device{name: "c", p: p, s: &Syncer{P: p, Now: clk.now}}
	sameFiles(t, a, joiner, content, []portfolio.ID{live, fromB}, nil)
	sameFiles(t, b, joiner, content, []portfolio.ID{live, fromB}, nil)
}

// mirror delivers d's own directory to to's folder as a sync engine would: the files
// that pass deliver arrive (nil: every one), and those d removed go.
func mirror(t *testing.T, d, to *device, deliver func(name string) bool) {
	t.Helper()
	dev := d.s.dev().String()
	src, dst := filepath.Join(d.folder, dev), filepath.Join(to.folder, dev)
	if err := os.MkdirAll(dst, 0o700); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(dst)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if _, err := os.Stat(filepath.Join(src, e.Name())); errors.Is(err, fs.ErrNotExist) {
			if err := os.Remove(filepath.Join(dst, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	if ents, err = os.ReadDir(src); err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if deliver != nil && !deliver(e.Name()) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// A change set that names an attachment whose chunk files have not arrived is not
// applied, so not acknowledged: its writer's compaction keeps it, and once the chunk
// files arrive the reader keeps the attachment byte for byte. (Acknowledged before
// its chunks, the change set went with the compaction and the attachment never came.)
func TestCompactionKeepsAChangeSetWaitingForItsChunks(t *testing.T) {
	clk := &simClock{t: time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)}
	devs := newDevices(t, 2, clk)
	a, b := devs[0], devs[1]
	for _, d := range devs {
		d.s.ChunkSize = 1024
	}
	both := func() {
		t.Helper()
		mirror(t, a, b, nil)
		mirror(t, b, a, nil)
	}
	rec := addEntry(t, a, "Placement", "evidence to follow")
	mustSync(t, a)
	both()
	mustSync(t, b)
	both()
	mustSync(t, a)
	if body(b, rec) != "evidence to follow" {
		t.Fatalf("b before the attachment: %q", body(b, rec))
	}

	content := evidence(2500, 5, "canary")
	id := attach(t, a, rec, "certificate.pdf", content)
	edit(t, a, rec, "evidence attached")
	rep := mustSync(t, a)
	if len(rep.Sealed) != 1 {
		t.Fatalf("a sealed %v, want one change set", rep.Sealed)
	}
	withAttachment := rep.Sealed[0]
	sid := mustSID(t, a.p, id)
	// b gets a's change sets, not yet the chunk files; both sync, and a compacts.
	mirror(t, a, b, func(name string) bool { return !strings.HasSuffix(name, wire.ChunkSuffix) })
	rep = mustSync(t, b)
	if slices.Contains(rep.Applied, withAttachment) || !slices.Contains(rep.Waiting, withAttachment) || !slices.Contains(rep.Waiting, wire.ChunkName(a.s.dev(), sid, 0)) {
		t.Errorf("b without the chunk files: applied %v, waiting %v", rep.Applied, rep.Waiting)
	}
	if body(b, rec) != "evidence to follow" {
		t.Errorf("b applied a change set waiting for its chunks: %q", body(b, rec))
	}
	mirror(t, b, a, nil)
	mustSync(t, a)
	c, err := a.s.Compaction()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Removed) == 0 || slices.Contains(c.Removed, withAttachment) {
		t.Errorf("compaction removed %v; want the change sets b has applied, not %s", c.Removed, withAttachment)
	}

	// The compaction reaches b with the chunk files.
	mirror(t, a, b, nil)
	rep = mustSync(t, b)
	if !slices.Contains(rep.Applied, withAttachment) || rep.Attached != 1 || len(rep.Waiting) > 0 {
		t.Fatalf("b once the chunk files arrived: applied %v, attached %d, waiting %v", rep.Applied, rep.Attached, rep.Waiting)
	}
	if body(b, rec) != "evidence attached" {
		t.Fatalf("b: %q", body(b, rec))
	}
	sameFiles(t, a, b, map[portfolio.ID][]byte{id: content}, []portfolio.ID{id}, nil)
}
