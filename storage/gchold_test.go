package storage

import (
	"path/filepath"
	"runtime/debug"
	"testing"
)

// TestOpenGivesBackTheCollector: an open that faults in the key derivation's
// memory holds the garbage collector off while it derives (keyring.Prefault), and
// every open, whatever it is asked and whether the passphrase is right, must leave
// the collector as it found it, or the process runs on without one.
func TestOpenGivesBackTheCollector(t *testing.T) {
	kdf := KDFParams{Time: 1, MemoryKiB: 4 << 10, Threads: 1} // the prefault's least
	path := filepath.Join(t.TempDir(), "vault.folio")
	v, err := Create(path, []byte(testPass), kdf)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	const percent = 137
	prev := debug.SetGCPercent(percent)
	t.Cleanup(func() { debug.SetGCPercent(prev) })
	for _, c := range []struct {
		name, pass string
		opts       Options
	}{
		{"read-only", testPass, Options{ReadOnly: true}},
		{"read-only, wrong passphrase", "not the passphrase", Options{ReadOnly: true}},
		{"to read and write", testPass, Options{}},
		{"to write", testPass, Options{Writing: true}},
	} {
		v, err := Open(path, []byte(c.pass), c.opts)
		if err == nil {
			v.Close()
		} else if c.pass == testPass {
			t.Fatalf("%s: %v", c.name, err)
		}
		got := debug.SetGCPercent(percent)
		if got != percent {
			t.Errorf("%s: the collector is at %d%% after Open, want %d%%", c.name, got, percent)
		}
	}
	checkConsistent(t, path)
}
