package sync

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/foliohq/folio/portfolio"
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
		removed := slices.Contains(c.Removed, FileName(a.s.dev(), n))
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
	if _, err := os.Stat(filepath.Join(dir, "folder", filepath.FromSlash(FileName(c.s.dev(), 1)))); err != nil {
		t.Fatalf("the joiner wrote no acknowledgement: %v", err)
	}
	if body(c, id) != "from b" {
		t.Fatalf("the joiner: %q", body(c, id))
	}
}
