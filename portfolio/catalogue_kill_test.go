package portfolio

import (
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"
	"time"
)

// TestKilledUpgradeLosesNothing kills, at random moments, a process upgrading a
// vault written before the catalogue, or with a format-1 catalogue (every other
// trial): every time the vault opens with every entry whole and checks clean,
// upgraded or not.
func TestKilledUpgradeLosesNothing(t *testing.T) {
	if path := os.Getenv("FOLIO_TEST_UPGRADE"); path != "" {
		// The child: open (which upgrades) and close.
		p, err := Open(path, testPassphrase, testOptions(&clock{t: testNow}))
		if err != nil {
			t.Fatal(err)
		}
		p.Close()
		return
	}
	p, c := newTestPortfolio(t)
	saved, err := p.AddEntries(newCorpusGen(5).entries(1500))
	if err != nil {
		t.Fatal(err)
	}
	want := map[ID]Entry{}
	for _, e := range saved {
		want[e.ID] = *e
	}
	dir := t.TempDir()
	writeFormat1(t, p)
	format1 := filepath.Join(dir, "format1.folio")
	if err := p.Backup(format1, false); err != nil {
		t.Fatal(err)
	}
	dropCatalogue(t, p)
	base := p.Path()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	trial := func(i int) string {
		path := filepath.Join(dir, "v"+string(rune('a'+i))+".folio")
		if i%2 == 0 {
			copyFile(t, format1, path)
		} else {
			copyFile(t, base, path)
		}
		return path
	}
	child := func(path string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledUpgradeLosesNothing$", "-test.count=1")
		cmd.Env = append(os.Environ(), "FOLIO_TEST_UPGRADE="+path)
		return cmd
	}
	// Time an uninterrupted upgrade, so the kills land across a whole one.
	path := trial(17)
	began := time.Now()
	if out, err := child(path).CombinedOutput(); err != nil {
		t.Fatalf("an uninterrupted upgrade failed: %v\n%s", err, out)
	}
	span := time.Since(began)
	rng := rand.New(rand.NewPCG(9, 9))
	killed, upgraded := 0, 0
	for i := 1; i <= 16; i++ {
		path := trial(i)
		cmd := child(path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(time.Duration(rng.Int64N(int64(span)))):
			cmd.Process.Signal(syscall.SIGKILL)
			if <-done != nil {
				killed++
			}
		}
		q, err := Open(path, testPassphrase, testOptions(c))
		if err != nil {
			t.Fatalf("trial %d: open after the kill: %v", i, err)
		}
		if !q.bodies {
			upgraded++
		}
		got := map[ID]Entry{}
		for _, e := range q.Find(Query{}) {
			got[e.ID] = *e
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("trial %d: %d entries after the kill, want %d the same", i, len(got), len(want))
		}
		if rep, err := q.Check(); err != nil || !rep.OK() {
			t.Errorf("trial %d: check: %+v %v", i, rep, err)
		}
		q.Close()
	}
	t.Logf("%d upgrades killed, %d vaults found upgraded", killed, upgraded)
	if killed == 0 {
		t.Error("no upgrade was killed, so the test proved nothing")
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
