package sync

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/sync/store"
	"github.com/foliohq/folio/portfolio/sync/wire"
)

// pair is two devices sharing one folder, with one entry both have.
func pair(t *testing.T) (a, b *device, id portfolio.ID) {
	t.Helper()
	clk := &simClock{t: time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)}
	devs := newDevices(t, 2, clk)
	a, b = devs[0], devs[1]
	b.s.Folder = a.s.Folder
	e, err := a.p.AddEntry(portfolio.Entry{Title: "Near miss", Body: "first words", Functions: portfolio.Functions(portfolio.Normative)})
	if err != nil {
		t.Fatal(err)
	}
	mustSync(t, a)
	mustSync(t, b)
	mustSync(t, a)
	if _, ok := b.p.Entry(e.ID); !ok {
		t.Fatal("the entry did not reach the second device")
	}
	return a, b, e.ID
}

func mustSync(t *testing.T, d *device) *Report {
	t.Helper()
	rep, err := d.s.Sync()
	if err != nil {
		t.Fatalf("%s: Sync: %v", d.name, err)
	}
	if len(rep.Refused) > 0 {
		t.Fatalf("%s: refused %v", d.name, rep.Refused)
	}
	return rep
}

func edit(t *testing.T, d *device, id portfolio.ID, body string) {
	t.Helper()
	e, ok := d.p.Entry(id)
	if !ok {
		t.Fatalf("%s has no entry %s", d.name, id)
	}
	e.Body = body
	if _, err := d.p.UpdateEntry(*e); err != nil {
		t.Fatal(err)
	}
}

func exchange(t *testing.T, a, b *device) {
	t.Helper()
	for range 2 {
		mustSync(t, a)
		mustSync(t, b)
	}
}

func body(d *device, id portfolio.ID) string {
	e, ok := d.p.Entry(id)
	if !ok {
		return "(in the trash)"
	}
	return e.Body
}

func inConflict(t *testing.T, d *device, id portfolio.ID) bool {
	t.Helper()
	cs, err := store.Conflicts(d.p)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.ID == id {
			return true
		}
	}
	return false
}

func TestConcurrentEditsAreAConflictUntilResolved(t *testing.T) {
	a, b, id := pair(t)
	edit(t, a, id, "written at work")
	edit(t, b, id, "written at home")
	exchange(t, a, b)
	if body(a, id) != body(b, id) || body(a, id) != "written at home" {
		t.Fatalf("after concurrent edits: %q and %q, want both the later, %q", body(a, id), body(b, id), "written at home")
	}
	if !inConflict(t, a, id) || !inConflict(t, b, id) {
		t.Fatal("concurrent edits are not marked as a conflict on both devices")
	}
	// Picking the other version is a new version that has seen both.
	vs, err := history.History(a.p, id)
	if err != nil {
		t.Fatal(err)
	}
	pick := 0
	for _, v := range vs {
		if e, ok := v.Record.(*portfolio.Entry); ok && e.Body == "written at work" {
			pick = v.Seq
		}
	}
	if _, err := history.Restore(a.p, id, pick); err != nil {
		t.Fatal(err)
	}
	exchange(t, a, b)
	if inConflict(t, a, id) || inConflict(t, b, id) || body(b, id) != "written at work" {
		t.Fatalf("after resolving: conflict %v/%v, body %q", inConflict(t, a, id), inConflict(t, b, id), body(b, id))
	}
}

func TestDeletionLosesToAConcurrentEdit(t *testing.T) {
	a, b, id := pair(t)
	if err := a.p.DeleteEntry(id); err != nil {
		t.Fatal(err)
	}
	edit(t, b, id, "still needed")
	exchange(t, a, b)
	if body(a, id) != "still needed" || body(b, id) != "still needed" {
		t.Fatalf("deletion against an edit: %q and %q, want the edit on both", body(a, id), body(b, id))
	}
	if inConflict(t, a, id) {
		t.Fatal("a deletion that lost to an edit is not a conflict")
	}
}

func TestDeletionWinsOverAnUnchangedRecord(t *testing.T) {
	a, b, id := pair(t)
	if err := b.p.DeleteEntry(id); err != nil {
		t.Fatal(err)
	}
	exchange(t, a, b)
	if !a.p.InTrash(id) || !b.p.InTrash(id) {
		t.Fatal("a deletion of an unchanged record did not reach the other device's trash")
	}
	// An edit made after seeing the deletion (a restore) wins over it everywhere.
	if _, err := history.Restore(a.p, id, 0); err != nil {
		t.Fatal(err)
	}
	exchange(t, a, b)
	if body(b, id) != "first words" {
		t.Fatalf("restore did not reach the other device: %q", body(b, id))
	}
}

func TestSameVersionTwiceIsANoOp(t *testing.T) {
	a, b, id := pair(t)
	edit(t, a, id, "once")
	mustSync(t, a)
	rep := mustSync(t, b)
	if rep.Versions != 1 {
		t.Fatalf("applied %d versions, want 1", rep.Versions)
	}
	before, _ := history.History(b.p, id)
	// The same versions arriving again (carried by another change set, or by a copy
	// of the vault) are known and not applied again.
	var vs []store.Version
	if err := store.View(a.p, func(tx *store.Tx) error {
		var err error
		vs, err = tx.OwnVersionsAfter(portfolio.Clock{})
		return err
	}); err != nil || len(vs) < 2 {
		t.Fatalf("a's own versions: %d, %v", len(vs), err)
	}
	err := store.Update(b.p, func(tx *store.Tx) error {
		for _, v := range vs {
			ok, err := tx.Apply(v, func(portfolio.DeviceID, portfolio.Clock) bool { return true })
			if err != nil || ok {
				t.Errorf("applying a known version again: applied %v, %v", ok, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rep = mustSync(t, b)
	after, _ := history.History(b.p, id)
	if rep.Versions != 0 || len(after) != len(before) || body(b, id) != "once" {
		t.Fatalf("a second sync applied %d versions; history %d -> %d", rep.Versions, len(before), len(after))
	}
}

func TestTamperedReorderedReplayedAreRefused(t *testing.T) {
	a, b, id := pair(t)
	edit(t, a, id, "second")
	mustSync(t, a)
	edit(t, a, id, "third")
	mustSync(t, a)
	dev := a.s.dev()
	dir := filepath.Join(a.s.Folder, dev.String())
	name := func(seq uint64) string { return filepath.Join(a.s.Folder, filepath.FromSlash(wire.FileName(dev, seq))) }
	ents, _ := os.ReadDir(dir)
	last := uint64(0)
	for _, e := range ents {
		if _, ok := wire.ParseSeqName(e.Name()); ok {
			last++ // change sets only: the device's key file is there too
		}
	}
	orig := map[uint64][]byte{}
	for s := uint64(1); s <= last; s++ {
		orig[s], _ = os.ReadFile(name(s))
	}
	cases := []struct {
		what string
		do   func()
		want string
	}{
		{"tampered", func() {
			b := append([]byte{}, orig[last-1]...)
			b[len(b)-20] ^= 1
			os.WriteFile(name(last-1), b, 0o600)
		}, "failed authentication"},
		{"reordered", func() {
			os.WriteFile(name(last-1), orig[last], 0o600)
			os.WriteFile(name(last), orig[last-1], 0o600)
		}, "names another device or number"},
		{"replayed", func() {
			os.WriteFile(name(last-1), orig[1], 0o600)
		}, "names another device or number"},
		{"swapped between devices", func() {
			other := filepath.Join(a.s.Folder, b.s.dev().String())
			os.Rename(name(last-1), filepath.Join(dir, "x"))
			o, _ := os.ReadDir(other)
			src, _ := os.ReadFile(filepath.Join(other, o[0].Name()))
			os.WriteFile(name(last-1), src, 0o600)
		}, "names another device or number"},
		{"trailing bytes", func() {
			os.WriteFile(name(last-1), append(append([]byte{}, orig[last-1]...), 0), 0o600)
		}, "follow its end"},
	}
	for _, c := range cases {
		t.Run(c.what, func(t *testing.T) {
			c.do()
			rep, err := b.s.Sync()
			if err != nil {
				t.Fatal(err)
			}
			want := wire.FileName(dev, last-1)
			if len(rep.Refused) != 1 || rep.Refused[0].File != want || !errors.Is(rep.Refused[0].Err, ErrRefused) ||
				!strings.Contains(rep.Refused[0].Err.Error(), c.want) {
				t.Fatalf("refused %v, want %s refused with %q", rep.Refused, want, c.want)
			}
			if body(b, id) != "first words" {
				t.Fatalf("something of a refused change set was applied: %q", body(b, id))
			}
			os.Remove(filepath.Join(dir, "x"))
			for s, o := range orig {
				os.WriteFile(name(s), o, 0o600)
			}
		})
	}
	// Put back, everything applies, and a truncated copy would have waited.
	if rep := mustSync(t, b); body(b, id) != "third" {
		t.Fatalf("after repair: %q, applied %v", body(b, id), rep.Applied)
	}
}

func TestTruncatedFileWaits(t *testing.T) {
	a, b, id := pair(t)
	edit(t, a, id, "arrives later")
	rep := mustSync(t, a)
	path := filepath.Join(a.s.Folder, filepath.FromSlash(rep.Sealed[0]))
	whole, _ := os.ReadFile(path)
	for _, n := range []int{0, 5, wire.HeaderSize - 1, wire.HeaderSize, len(whole) - 1} {
		os.WriteFile(path, whole[:n], 0o600)
		rep := mustSync(t, b)
		if len(rep.Waiting) != 1 || body(b, id) != "first words" {
			t.Fatalf("cut to %d bytes: waiting %v, body %q", n, rep.Waiting, body(b, id))
		}
	}
	os.WriteFile(path, whole, 0o600)
	mustSync(t, b)
	if body(b, id) != "arrives later" {
		t.Fatalf("once whole: %q", body(b, id))
	}
}

// A kill after a change set is written and before the vault records it: the next
// sync finds the file, counts it as written, and never writes that number again.
func TestKilledBetweenFileAndVault(t *testing.T) {
	a, b, id := pair(t)
	edit(t, a, id, "sealed, then killed")
	before := filepath.Join(t.TempDir(), "before.folio")
	if err := a.p.Backup(before, false); err != nil {
		t.Fatal(err)
	}
	rep := mustSync(t, a)
	if len(rep.Sealed) != 1 {
		t.Fatalf("sealed %v", rep.Sealed)
	}
	name := rep.Sealed[0]
	file := filepath.Join(a.s.Folder, filepath.FromSlash(rep.Sealed[0]))
	written, _ := os.ReadFile(file)
	// The vault as it was before the sync recorded the change set.
	path := a.p.Path()
	if err := a.p.Close(); err != nil {
		t.Fatal(err)
	}
	old, _ := os.ReadFile(before)
	if err := os.WriteFile(path, old, 0o600); err != nil {
		t.Fatal(err)
	}
	clk := &simClock{t: time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)}
	p, err := portfolio.Open(path, testPass, portfolio.Options{KDF: cheapKDF, Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	a.p, a.s.P = p, p
	rep = mustSync(t, a)
	if again, _ := os.ReadFile(file); !bytes.Equal(again, written) {
		t.Fatal("the change set was written again")
	}
	if len(rep.Sealed) != 1 || rep.Sealed[0] != name {
		t.Fatalf("after the restart sync sealed %v, want only %s counted as written", rep.Sealed, name)
	}
	edit(t, a, id, "after the restart")
	exchange(t, a, b)
	if body(b, id) != "after the restart" {
		t.Fatalf("after the restart: %q", body(b, id))
	}
	vs, _ := history.History(b.p, id)
	n := 0
	for _, v := range vs {
		if e, ok := v.Record.(*portfolio.Entry); ok && e.Body == "sealed, then killed" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("the version sealed before the kill is in the other history %d times", n)
	}
}

// A copy of a vault that syncs has the same device ID: init refuses it until it is
// given its own, and then both sync as two devices.
func TestInitRefusesACopyWithTheSameDevice(t *testing.T) {
	clk := &simClock{t: time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)}
	dir := t.TempDir()
	opts := portfolio.Options{KDF: cheapKDF, Now: clk.now}
	p, err := portfolio.Create(filepath.Join(dir, "a.folio"), testPass, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	e, err := p.AddEntry(portfolio.Entry{Title: "Before the copy", Body: "shared past", Functions: portfolio.Functions(portfolio.Normative)})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Backup(filepath.Join(dir, "b.folio"), false); err != nil {
		t.Fatal(err)
	}
	q, err := portfolio.Open(filepath.Join(dir, "b.folio"), testPass, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	folder := filepath.Join(dir, "folder")
	a := &device{name: "a", p: p, s: &Syncer{P: p, Folder: folder, Now: clk.now}}
	b := &device{name: "b", p: q, s: &Syncer{P: q, Folder: folder, Now: clk.now}}
	if err := a.s.Init(false); err != nil {
		t.Fatal(err)
	}
	if err := b.s.Init(false); !errors.Is(err, ErrCopy) {
		t.Fatalf("init of a copy: %v, want ErrCopy", err)
	}
	if err := b.s.Init(true); err != nil {
		t.Fatal(err)
	}
	if a.s.dev() == b.s.dev() {
		t.Fatal("the copy kept the device ID")
	}
	edit(t, b, portfolio.ID(e.ID), "edited on the copy")
	exchange(t, a, b)
	if body(a, e.ID) != "edited on the copy" || inConflict(t, a, e.ID) {
		t.Fatalf("after the exchange: %q, conflict %v", body(a, e.ID), inConflict(t, a, e.ID))
	}
	vs, _ := history.History(b.p, e.ID)
	if len(vs) != 2 {
		t.Fatalf("the copy's history has %d versions, want the shared one and its edit", len(vs))
	}
}

// A change set sealed with the right key whose versions this folio cannot read (an
// unknown collection, a record that does not decode) is refused whole and named;
// the other devices' change sets still merge.
func TestUnreadableVersionRefusesItsChangeSet(t *testing.T) {
	a, b, id := pair(t)
	dev := a.s.dev()
	st, err := a.s.stored()
	if err != nil {
		t.Fatal(err)
	}
	bad := []store.Version{
		{Collection: "nonsense", Device: dev, Clock: portfolio.Clock{Micros: 1 << 60}, Plain: []byte("x")},
		{Collection: "entries", Device: dev, Clock: portfolio.Clock{Micros: 1 << 60}, Plain: []byte{0xff, 0xff, 0xff}},
	}
	for _, v := range bad {
		c := &wire.ChangeSet{Device: dev, Seq: st.next, Sealed: time.Now(), Vector: st.vector(), Versions: []store.Version{v}}
		file, err := c.Seal(a.p)
		if err != nil {
			t.Fatal(err)
		}
		name := wire.FileName(dev, c.Seq)
		if err := os.WriteFile(filepath.Join(a.s.Folder, filepath.FromSlash(name)), file, 0o600); err != nil {
			t.Fatal(err)
		}
		// Sync on open finds it refused before reopening anything to apply it.
		var ref Refusal
		if _, err := b.s.Incoming(); !errors.As(err, &ref) || ref.File != name || !errors.Is(ref.Err, ErrRefused) {
			t.Fatalf("Incoming: %v, want %s refused", err, name)
		}
		rep, err := b.s.Sync()
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Refused) != 1 || rep.Refused[0].File != name || !errors.Is(rep.Refused[0].Err, ErrRefused) {
			t.Fatalf("refused %v, want %s (applied %v, waiting %v)", rep.Refused, name, rep.Applied, rep.Waiting)
		}
		os.Remove(filepath.Join(a.s.Folder, filepath.FromSlash(name)))
	}
	if body(b, id) != "first words" {
		t.Fatalf("something of a refused change set was applied: %q", body(b, id))
	}
}

// A version that loses its merge goes into the history before the winner, which is
// moved after it, not copied: the history lists each text once.
func TestLosingVersionDoesNotRepeatTheWinner(t *testing.T) {
	a, b, id := pair(t)
	edit(t, a, id, "written at work")
	edit(t, b, id, "written at home")
	exchange(t, a, b)
	for _, d := range []*device{a, b} {
		vs, err := history.History(d.p, id)
		if err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, v := range vs {
			if e, ok := v.Record.(*portfolio.Entry); ok {
				count[e.Body]++
			}
		}
		for _, text := range []string{"first words", "written at work", "written at home"} {
			if count[text] != 1 {
				t.Errorf("%s: the history lists %q %d times, want once (%v)", d.name, text, count[text], count)
			}
		}
		if e, ok := vs[len(vs)-1].Record.(*portfolio.Entry); !ok || e.Body != "written at home" {
			t.Errorf("%s: the newest version in the history is not the current one", d.name)
		}
	}
}

// An attachment added on one device appears on the other with its bytes; bytes that
// are not those its manifest names are refused and nothing is kept.
func TestAttachmentTravels(t *testing.T) {
	a, b, id := pair(t)
	att, err := attachment.Attach(a.p, id, "certificate.txt", strings.NewReader("Completed: medicines safety."))
	if err != nil {
		t.Fatal(err)
	}
	sent, err := attachment.NewSyncAttachments(a.p, func(store.RecordID) bool { return false })
	if err != nil || len(sent) != 1 {
		t.Fatalf("attachments to send: %d, %v", len(sent), err)
	}
	bad := sent[0]
	bad.Data = bytes.Clone(bad.Data)
	bad.Data[0] ^= 1
	if err := attachment.ApplySyncAttachment(b.p, bad); !errors.Is(err, portfolio.ErrDamaged) {
		t.Fatalf("changed bytes: %v, want ErrDamaged", err)
	}
	if got, _ := attachment.Attachments(b.p, ""); len(got) != 0 {
		t.Fatalf("changed bytes were kept: %v", got)
	}
	rep := mustSync(t, a)
	if len(rep.Sealed) != 1 {
		t.Fatalf("the attachment alone sealed %v", rep.Sealed)
	}
	if rep := mustSync(t, b); rep.Attached != 1 || len(rep.Sealed) != 1 {
		t.Fatalf("the other device kept %d attachments, want 1, and sealed %v, want an acknowledgement", rep.Attached, rep.Sealed)
	}
	got, err := attachment.Attachments(b.p, id)
	if err != nil || len(got) != 1 || got[0].ID != att.ID || got[0].Name != "certificate.txt" {
		t.Fatalf("on the other device: %+v, %v", got, err)
	}
	r, err := attachment.OpenAttachment(b.p, got[0])
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(r)
	r.Close()
	if string(data) != "Completed: medicines safety." {
		t.Fatalf("its bytes: %q", data)
	}
	// Kept once: neither device sends it again.
	if rep := mustSync(t, b); len(rep.Sealed) != 0 || rep.Attached != 0 {
		t.Fatalf("after keeping it: sealed %v (want none: it sends only its own), kept %d", rep.Sealed, rep.Attached)
	}
	if rep := mustSync(t, a); rep.Attached != 0 || rep.Versions != 0 {
		t.Fatalf("the first device took back %d attachments", rep.Attached)
	}
}
