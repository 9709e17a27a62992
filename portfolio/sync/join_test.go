package sync

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/sync/wire"
)

// first makes one vault that syncs through a folder, with one entry sealed there.
func first(t *testing.T) (a *device, dir string, id portfolio.ID, clk *simClock) {
	t.Helper()
	clk = &simClock{t: time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)}
	dir = t.TempDir()
	p, err := portfolio.Create(filepath.Join(dir, "a.folio"), testPass, portfolio.Options{KDF: cheapKDF, Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	e, err := p.AddEntry(portfolio.Entry{Title: "Near miss", Body: "first words", Functions: portfolio.Functions(portfolio.Normative)})
	if err != nil {
		t.Fatal(err)
	}
	a = &device{name: "a", p: p, s: &Syncer{P: p, Folder: filepath.Join(dir, "folder"), Now: clk.now}}
	if err := a.s.Init(false); err != nil {
		t.Fatal(err)
	}
	mustSync(t, a)
	return a, dir, e.ID, clk
}

func join(t *testing.T, dir string, clk *simClock, pass []byte) *device {
	t.Helper()
	p, rep, err := Join(filepath.Join(dir, "folder"), filepath.Join(dir, "b.folio"), func() ([]byte, error) { return bytes.Clone(pass), nil }, portfolio.Options{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	if len(rep.Refused) > 0 {
		t.Fatalf("join refused %v", rep.Refused)
	}
	return &device{name: "b", p: p, s: &Syncer{P: p, Now: clk.now}}
}

func TestJoinFillsANewDeviceFromTheFolder(t *testing.T) {
	a, dir, id, clk := first(t)
	b := join(t, dir, clk, testPass)
	if body(b, id) != "first words" {
		t.Fatalf("the joined vault has %q", body(b, id))
	}
	if a.s.dev() == b.s.dev() {
		t.Fatal("the joined vault has the first's device ID")
	}
	// Both write; both have both.
	edit(t, b, id, "written on the new device")
	e, err := a.p.AddEntry(portfolio.Entry{Title: "At work", Body: "a day", Functions: portfolio.Functions(portfolio.Normative)})
	if err != nil {
		t.Fatal(err)
	}
	exchange(t, a, b)
	if body(a, id) != "written on the new device" || body(b, e.ID) != "a day" {
		t.Fatalf("after an exchange: %q on the first, %q on the joined", body(a, id), body(b, e.ID))
	}
	// The joined vault opens with the portfolio's passphrase.
	b.p.Close()
	q, err := portfolio.Open(filepath.Join(dir, "b.folio"), testPass, portfolio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	q.Close()
}

// Bad input writes nothing: no vault, no file in the folder.
func TestJoinRefusesBadInput(t *testing.T) {
	_, dir, _, clk := first(t)
	folder := filepath.Join(dir, "folder")
	listing := func() []string {
		var names []string
		filepath.WalkDir(dir, func(path string, _ os.DirEntry, _ error) error {
			names = append(names, path)
			return nil
		})
		return names
	}
	before := listing()
	asked := false
	ask := func(pass string) func() ([]byte, error) {
		return func() ([]byte, error) { asked = true; return []byte(pass), nil }
	}
	opts := portfolio.Options{Now: clk.now}
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o700)
	before = append(before, empty)
	cases := []struct {
		name, folder, path, pass string
		want                     error
		asks                     bool
	}{
		{"no folder", filepath.Join(dir, "nowhere"), filepath.Join(dir, "b.folio"), string(testPass), ErrNotFolder, false},
		{"no key header", empty, filepath.Join(dir, "b.folio"), string(testPass), ErrNoKey, false},
		{"a vault there", folder, filepath.Join(dir, "a.folio"), string(testPass), portfolio.ErrExists, false},
		{"wrong passphrase", folder, filepath.Join(dir, "b.folio"), "not it", portfolio.ErrWrongPassphrase, true},
	}
	for _, c := range cases {
		asked = false
		_, _, err := Join(c.folder, c.path, ask(c.pass), opts)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if asked != c.asks {
			t.Errorf("%s: asked for the passphrase: %v", c.name, asked)
		}
		if after := listing(); len(after) != len(before) {
			t.Errorf("%s: the files changed: %v, were %v", c.name, after, before)
		}
	}
	// A key file changed in the folder is refused as damage, not taken.
	dev := mustDevice(t, folder)
	name := filepath.Join(folder, filepath.FromSlash(wire.KeyFileName(dev, 1)))
	b, _ := os.ReadFile(name)
	b[len(b)-1] ^= 1
	os.WriteFile(name, b, 0o600)
	if _, _, err := Join(folder, filepath.Join(dir, "b.folio"), ask(string(testPass)), opts); !errors.Is(err, portfolio.ErrDamaged) {
		t.Fatalf("a tampered key file: %v, want ErrDamaged", err)
	}
	if portfolio.Exists(filepath.Join(dir, "b.folio")) {
		t.Fatal("a tampered key file left a vault behind")
	}
}

func mustDevice(t *testing.T, folder string) portfolio.DeviceID {
	t.Helper()
	ents, err := os.ReadDir(folder)
	if err != nil || len(ents) != 1 {
		t.Fatalf("the folder has %d entries, %v", len(ents), err)
	}
	d, ok := wire.ParseDeviceName(ents[0].Name())
	if !ok {
		t.Fatalf("%s is no device", ents[0].Name())
	}
	return d
}

// A passphrase changed on one device reaches the folder; the other notices, keeps
// opening with its old one until it takes the new one, and then the folder holds
// only the new.
func TestPassphraseChangeReachesTheOtherDevice(t *testing.T) {
	a, dir, _, clk := first(t)
	b := join(t, dir, clk, testPass)
	b.s.Folder = ""
	if rep := mustSync(t, b); rep.KeyChanged != nil || rep.KeyPublished != "" {
		t.Fatalf("before any change: changed %v, published %q", rep.KeyChanged, rep.KeyPublished)
	}
	newPass := []byte("a new passphrase")
	if err := a.p.ChangePassphrase(newPass, cheapKDF); err != nil {
		t.Fatal(err)
	}
	published, err := a.s.PublishKey()
	if err != nil || published == "" {
		t.Fatalf("PublishKey: %q, %v", published, err)
	}
	if rep := mustSync(t, a); rep.KeyPublished != "" || rep.KeyChanged != nil {
		t.Fatalf("a sync after publishing published again (%q) or saw a change (%v)", rep.KeyPublished, rep.KeyChanged)
	}
	rep := mustSync(t, b)
	if rep.KeyChanged == nil || rep.KeyChanged.Device != a.s.dev() {
		t.Fatalf("the other device did not notice the change: %+v", rep.KeyChanged)
	}
	// A joiner now needs the new passphrase.
	if _, _, err := Join(filepath.Join(dir, "folder"), filepath.Join(dir, "c.folio"), func() ([]byte, error) { return bytes.Clone(testPass), nil }, portfolio.Options{Now: clk.now}); !errors.Is(err, portfolio.ErrWrongPassphrase) {
		t.Fatalf("joining with the old passphrase: %v", err)
	}
	if _, err := b.s.AdoptKey(testPass); !errors.Is(err, portfolio.ErrWrongPassphrase) {
		t.Fatalf("adopting with the old passphrase: %v", err)
	}
	if _, err := b.s.AdoptKey(newPass); err != nil {
		t.Fatal(err)
	}
	if rep := mustSync(t, b); rep.KeyChanged != nil || rep.KeyPublished != "" {
		t.Fatalf("after adopting: changed %v, published %q", rep.KeyChanged, rep.KeyPublished)
	}
	// Only the new header is left in the folder: b's old key file went.
	files, refused, err := readKeys(filepath.Join(dir, "folder"))
	if err != nil || len(refused) > 0 {
		t.Fatal(err, refused)
	}
	for _, k := range files {
		if !bytes.Equal(k.Header, a.p.KeyHeader()) {
			t.Errorf("%s still holds an old key header", k.Name())
		}
	}
	b.p.Close()
	if _, err := portfolio.Open(filepath.Join(dir, "b.folio"), testPass, portfolio.Options{}); !errors.Is(err, portfolio.ErrWrongPassphrase) {
		t.Fatalf("the old passphrase after adopting: %v", err)
	}
	q, err := portfolio.Open(filepath.Join(dir, "b.folio"), newPass, portfolio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	q.Close()
}

// A device that joins after the others compacted starts from a snapshot, then the
// change sets left, and ends with the same portfolio, history and conflicts.
func TestJoinAfterCompactionStartsFromASnapshot(t *testing.T) {
	a, dir, id, clk := first(t)
	b := join(t, dir, clk, testPass)
	b.s.Folder = ""
	gone, err := a.p.AddEntry(portfolio.Entry{Title: "To go", Body: "soon deleted", Functions: portfolio.Functions(portfolio.Normative)})
	if err != nil {
		t.Fatal(err)
	}
	exchange(t, a, b)
	if err := b.p.DeleteEntry(gone.ID); err != nil {
		t.Fatal(err)
	}
	edit(t, a, id, "written at work")
	edit(t, b, id, "written at home")
	exchange(t, a, b)
	for _, d := range []*device{a, b} {
		dropped, err := d.s.Compact()
		if err != nil || len(dropped) == 0 {
			t.Fatalf("%s: compacted %v, %v", d.name, dropped, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "folder", filepath.FromSlash(wire.FileName(a.s.dev(), 1)))); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the first change set is still there: %v", err)
	}
	late, err := a.p.AddEntry(portfolio.Entry{Title: "After compaction", Body: "still syncs", Functions: portfolio.Functions(portfolio.Normative)})
	if err != nil {
		t.Fatal(err)
	}
	mustSync(t, a)

	p, rep, err := Join(filepath.Join(dir, "folder"), filepath.Join(dir, "c.folio"), func() ([]byte, error) { return bytes.Clone(testPass), nil }, portfolio.Options{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	if rep.Snapshot == "" || len(rep.Refused) > 0 || len(rep.Waiting) > 0 {
		t.Fatalf("join after compaction: snapshot %q, refused %v, waiting %v", rep.Snapshot, rep.Refused, rep.Waiting)
	}
	c := &device{name: "c", p: p, s: &Syncer{P: p, Now: clk.now}}
	exchange(t, a, c)
	exchange(t, b, c)
	for _, rid := range []portfolio.ID{id, gone.ID, late.ID} {
		if body(c, rid) != body(a, rid) {
			t.Errorf("record %s: %q on the joiner, %q on the first", rid, body(c, rid), body(a, rid))
		}
		if inConflict(t, c, rid) != inConflict(t, a, rid) {
			t.Errorf("record %s: conflict %v on the joiner, %v on the first", rid, inConflict(t, c, rid), inConflict(t, a, rid))
		}
		ha, hc := historyIDs(t, a.p, rid), historyIDs(t, c.p, rid)
		if len(ha) != len(hc) {
			t.Errorf("record %s: %d versions on the joiner, %d on the first", rid, len(hc), len(ha))
		}
		for v := range ha {
			if !hc[v] {
				t.Errorf("record %s: the joiner lacks version %v", rid, v)
			}
		}
	}
	if !inConflict(t, c, id) || body(c, late.ID) != "still syncs" || body(c, gone.ID) != "(in the trash)" {
		t.Fatalf("the joiner: conflict %v, late %q, deleted %q", inConflict(t, c, id), body(c, late.ID), body(c, gone.ID))
	}
	chk, err := c.p.Check()
	if err != nil || !chk.OK() {
		t.Fatalf("check of the joiner: %+v %v", chk, err)
	}
	// The joiner writes, and the others take it.
	edit(t, c, late.ID, "from the joiner")
	exchange(t, c, a)
	exchange(t, c, b)
	if body(a, late.ID) != "from the joiner" || body(b, late.ID) != "from the joiner" {
		t.Fatalf("the joiner's edit: %q, %q", body(a, late.ID), body(b, late.ID))
	}
}
