package snapshot

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

func addTitled(t *testing.T, p *portfolio.Portfolio, title string) *portfolio.Entry {
	t.Helper()
	e, err := p.AddEntry(portfolio.Entry{Title: title, Body: "body of " + title, Functions: portfolio.Functions(portfolio.Formative)})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// The day's first unlock takes a snapshot; later unlocks that day do not; the next
// day's does. The clock is the portfolio's, so no test waits for a day.
func TestDailySnapshotOncePerDay(t *testing.T) {
	p, c := testvault.New(t)
	addTitled(t, p, "First")
	pol := DefaultPolicy()
	r, err := TakeDaily(p, pol)
	if err != nil || r.Taken == nil {
		t.Fatalf("first unlock of the day: %+v, %v", r, err)
	}
	c.Advance(10 * time.Hour)
	p = testvault.Reopen(t, p, c)
	if r, err := TakeDaily(p, pol); err != nil || r.Taken != nil {
		t.Fatalf("a second unlock the same day took %+v, %v", r.Taken, err)
	}
	c.Advance(4 * time.Hour) // past midnight
	if r, err := TakeDaily(p, pol); err != nil || r.Taken == nil {
		t.Fatalf("the next day's first unlock: %+v, %v", r, err)
	}
	snaps, _ := List(p, Folder(p, pol))
	if len(snaps) != 2 {
		t.Fatalf("%d snapshots after two days", len(snaps))
	}
	if got := filepath.Dir(snaps[0].Path); got != filepath.Join(filepath.Dir(p.Path()), "backups") {
		t.Errorf("snapshots are in %s, not beside the vault", got)
	}
	if st, _ := os.Stat(snaps[0].Path); st.Mode().Perm() != 0o600 {
		t.Errorf("snapshot mode %v", st.Mode())
	}
}

func TestDailySnapshotOffAndFolderFromPolicy(t *testing.T) {
	p, _ := testvault.New(t)
	if r, err := TakeDaily(p, Policy{Off: true}); err != nil || r.Taken != nil {
		t.Fatalf("snapshots off: %+v, %v", r, err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(p.Path()), "backups")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("snapshots off made the folder: %v", err)
	}
	other := filepath.Join(t.TempDir(), "elsewhere")
	pol := DefaultPolicy()
	pol.Folder = other
	if r, err := TakeDaily(p, pol); err != nil || r.Taken == nil || filepath.Dir(r.Taken.Path) != other {
		t.Fatalf("snapshot in a chosen folder: %+v, %v", r.Taken, err)
	}
}

// Daily unlocks over 400 days keep what the policy says: the newest of each of the
// last 7 days, 4 ISO weeks and 6 months.
func TestDailySnapshotsRotateAsConfigured(t *testing.T) {
	p, c := testvault.New(t)
	pol := DefaultPolicy()
	for range 400 {
		if _, err := TakeDaily(p, pol); err != nil {
			t.Fatal(err)
		}
		c.Advance(24 * time.Hour)
	}
	snaps, _ := List(p, Folder(p, pol))
	last := c.T.Add(-24 * time.Hour)
	want := map[string]bool{}
	for i := range 7 {
		want[last.AddDate(0, 0, -i).Format("20060102")] = true
	}
	// The newest snapshot of each ISO week is its Sunday's (or the last day's).
	for d, weeks := last, 0; weeks < 4; d = d.AddDate(0, 0, -1) {
		if d.Equal(last) || d.Weekday() == time.Sunday {
			want[d.Format("20060102")] = true
			weeks++
		}
	}
	for d, months := last, 0; months < 6; d = d.AddDate(0, 0, -1) {
		if d.Equal(last) || d.AddDate(0, 0, 1).Day() == 1 {
			want[d.Format("20060102")] = true
			months++
		}
	}
	got := map[string]bool{}
	for _, s := range snaps {
		got[s.Taken.Format("20060102")] = true
	}
	if len(got) != len(want) || len(snaps) != len(want) {
		t.Fatalf("kept %d snapshots on %d days, want %d days: %v", len(snaps), len(got), len(want), got)
	}
	for d := range want {
		if !got[d] {
			t.Errorf("the snapshot of %s is gone", d)
		}
	}
}

func TestThinKeepsByPeriod(t *testing.T) {
	day := func(s string) Snapshot {
		tm, _ := time.ParseInLocation("2006-01-02", s, time.Local)
		return Snapshot{Path: s, Taken: tm}
	}
	snaps := []Snapshot{day("2026-03-14"), day("2026-03-13"), day("2026-03-09"), day("2026-03-08"), day("2026-02-28"), day("2026-01-31"), day("2025-12-31")}
	drop := Thin(snaps, Policy{Daily: 2, Weekly: 2, Monthly: 3})
	// days: 14, 13; weeks: 14 (W11), 08 (W10); months: 14 (Mar), 28 Feb, 31 Jan.
	var names []string
	for _, s := range drop {
		names = append(names, s.Path)
	}
	if len(names) != 2 || names[0] != "2026-03-09" || names[1] != "2025-12-31" {
		t.Errorf("dropped %v, want [2026-03-09 2025-12-31]", names)
	}
}

// A snapshot is verified: every record authenticates with the vault's key; damage in
// one is found.
func TestSnapshotVerifies(t *testing.T) {
	p, _ := testvault.New(t)
	for _, title := range []string{"A", "B", "C"} {
		addTitled(t, p, title)
	}
	s, check, err := Take(p, t.TempDir())
	if err != nil || !check.OK() || check.Records < 3 || !check.CurrentPassphrase {
		t.Fatalf("snapshot check %+v, %v", check, err)
	}
	b, _ := os.ReadFile(s.Path)
	// Flip bytes through the file until a record is damaged: the verifier must see it.
	found := false
	for j := 4096 * 2; j < len(b) && !found; j += 97 {
		b2 := append([]byte(nil), b...)
		b2[j] ^= 0xff
		os.WriteFile(s.Path, b2, 0o600)
		c, err := p.VerifySnapshot(s.Path)
		found = err != nil || !c.OK()
	}
	if !found {
		t.Error("no flipped byte in the snapshot was noticed")
	}
}

// A restore brings back the snapshot's records, keeps the vault as it was as a
// snapshot first, and the restored vault opens with today's passphrase.
func TestRestoreSnapshot(t *testing.T) {
	p, c := testvault.New(t)
	addTitled(t, p, "Before")
	folder := filepath.Join(t.TempDir(), "backups")
	s, _, err := Take(p, folder)
	if err != nil {
		t.Fatal(err)
	}
	after := addTitled(t, p, "After")
	// A passphrase change after the snapshot: the restored vault keeps today's.
	if err := p.ChangePassphrase([]byte("new passphrase"), testvault.CheapKDF); err != nil {
		t.Fatal(err)
	}
	if chk, _ := p.VerifySnapshot(s.Path); chk.CurrentPassphrase {
		t.Error("a snapshot taken before passwd claims today's passphrase")
	}
	c.Advance(time.Hour)
	before, err := Restore(p, s.Path, folder)
	if err != nil {
		t.Fatal(err)
	}
	p.Close()
	q, err := portfolio.Open(p.Path(), []byte("new passphrase"), testvault.Options(c))
	if err != nil {
		t.Fatalf("the restored vault does not open with today's passphrase: %v", err)
	}
	defer q.Close()
	if q.EntryCount() != 1 {
		t.Errorf("restored vault holds %d entries, want 1", q.EntryCount())
	}
	if _, ok := q.Entry(after.ID); ok {
		t.Error("the entry added after the snapshot is still there")
	}
	// The vault as it was is a snapshot, which restores the later entry.
	kept, err := portfolio.Open(before.Path, []byte("new passphrase"), portfolio.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer kept.Close()
	if _, ok := kept.Entry(after.ID); !ok || kept.EntryCount() != 2 {
		t.Errorf("the snapshot kept before restoring holds %d entries", kept.EntryCount())
	}
}

// After a passphrase change, a rekeyed snapshot opens with the new passphrase.
func TestRekeySnapshot(t *testing.T) {
	p, _ := testvault.New(t)
	addTitled(t, p, "A")
	s, _, err := Take(p, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p.ChangePassphrase([]byte("new passphrase"), testvault.CheapKDF)
	if _, err := portfolio.Open(s.Path, []byte("new passphrase"), portfolio.Options{ReadOnly: true}); !errors.Is(err, portfolio.ErrWrongPassphrase) {
		t.Fatalf("before rekey the snapshot: %v", err)
	}
	if err := p.RekeySnapshot(s.Path); err != nil {
		t.Fatal(err)
	}
	q, err := portfolio.Open(s.Path, []byte("new passphrase"), portfolio.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("after rekey: %v", err)
	}
	q.Close()
}

// A snapshot of another vault is refused, not restored.
func TestRestoreRefusesAnotherVault(t *testing.T) {
	p, _ := testvault.New(t)
	other, _ := testvault.New(t)
	addTitled(t, other, "Other")
	s, _, err := Take(other, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(p, s.Path, t.TempDir()); !errors.Is(err, ErrNotThisVault) {
		t.Errorf("restoring another vault's snapshot: %v", err)
	}
}

func TestLoadSnapshotPolicy(t *testing.T) {
	dir := t.TempDir()
	if pol, err := LoadPolicy(dir); err != nil || pol != DefaultPolicy() {
		t.Errorf("no file: %+v, %v", pol, err)
	}
	os.WriteFile(filepath.Join(dir, PolicyFile), []byte("daily = 3\n"), 0o600)
	if pol, err := LoadPolicy(dir); err != nil || pol.Daily != 3 || pol.Weekly != 4 {
		t.Errorf("daily = 3: %+v, %v", pol, err)
	}
	for _, bad := range []string{"dayly = 3\n", "daily = -1\n", "folder = \"relative\"\n", "daily = 0\nweekly = 0\nmonthly = 0\n"} {
		os.WriteFile(filepath.Join(dir, PolicyFile), []byte(bad), 0o600)
		if _, err := LoadPolicy(dir); !portfolio.IsBadInput(err) {
			t.Errorf("%q: %v, want bad input", bad, err)
		}
	}
	pol := Policy{Off: true, Daily: 1}
	if err := SavePolicy(dir, pol); err != nil {
		t.Fatal(err)
	}
	if got, _ := LoadPolicy(dir); got != pol {
		t.Errorf("saved %+v, read %+v", pol, got)
	}
}

// The snapshot started at unlock runs in the background; closing the vault at once,
// as a quick command does, waits for it rather than losing it.
func TestStartedSnapshotSurvivesImmediateClose(t *testing.T) {
	p, _ := testvault.New(t)
	addTitled(t, p, "A")
	done := StartDaily(p, DefaultPolicy())
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.Err != nil || r.Taken == nil {
		t.Fatalf("the day's snapshot: %+v", r)
	}
	q, err := portfolio.Open(r.Taken.Path, testvault.Passphrase, portfolio.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("the snapshot does not open: %v", err)
	}
	defer q.Close()
	if q.EntryCount() != 1 {
		t.Errorf("the snapshot holds %d entries", q.EntryCount())
	}
}

// Snapshot names are read back from whatever files are in the folder: any name either
// is one of folio's, reading back the time and sequence it was made with, or is not.
func FuzzSnapshotName(f *testing.F) {
	f.Add("vault-0a1b2c3d-20261128-111523.folio", int64(1795000000), 0)
	f.Add("vault-0a1b2c3d-20261128-111523-12.folio", int64(0), 3)
	f.Add("vault-0a1b2c3d-2026112-111523.folio", int64(-1), 9999)
	f.Fuzz(func(t *testing.T, name string, unix int64, n int) {
		parseSnapshotName("vault-0a1b2c3d", name)
		if n < 0 || n > 9999 || unix < 0 || unix > 1<<34 {
			return
		}
		when := time.Unix(unix, 0)
		got, seq, ok := parseSnapshotName("vault-0a1b2c3d", snapshotName("vault-0a1b2c3d", when, n))
		// Names are in local time, where a clock turned back repeats an hour: compare
		// the time as named.
		if !ok || got.Format(snapshotStamp) != when.Local().Format(snapshotStamp) || seq != n {
			t.Errorf("%v #%d read back as %v #%d (%v)", when, n, got, seq, ok)
		}
	})
}

// Two vaults of the same file name may share a snapshot folder (a synced folder, a
// backup disk): each lists and thins out only its own snapshots.
func TestVaultsSharingASnapshotFolderKeepEachOthers(t *testing.T) {
	shared := t.TempDir()
	pol := Policy{Folder: shared, Daily: 1}
	p, pc := testvault.New(t)
	q, qc := testvault.New(t)
	if filepath.Base(p.Path()) != filepath.Base(q.Path()) {
		t.Fatal("the test needs two vaults of the same file name")
	}
	for range 3 {
		for _, v := range []struct {
			p *portfolio.Portfolio
			c *testvault.Clock
		}{{p, pc}, {q, qc}} {
			if _, err := TakeDaily(v.p, pol); err != nil {
				t.Fatal(err)
			}
			v.c.Advance(24 * time.Hour)
		}
	}
	ps, _ := List(p, shared)
	qs, _ := List(q, shared)
	all, _ := os.ReadDir(shared)
	if len(ps) != 1 || len(qs) != 1 || len(all) != 2 || ps[0].Path == qs[0].Path {
		t.Errorf("each vault should keep its one daily snapshot: %v, %v, %d files", ps, qs, len(all))
	}
}
