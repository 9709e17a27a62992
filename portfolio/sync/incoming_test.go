package sync

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
)

func mustIncoming(t *testing.T, d *device) bool {
	t.Helper()
	ok, err := d.s.Incoming()
	if err != nil {
		t.Fatalf("%s: Incoming: %v", d.name, err)
	}
	return ok
}

// Incoming says whether a sync has something to apply: not for what is applied
// already or still arriving; yes for a change set ready to apply; an error naming one a sync would refuse; and no, reading no
// folder, for a vault that does not sync.
func TestIncoming(t *testing.T) {
	a, b, id := pair(t)
	mustSync(t, b)
	if mustIncoming(t, b) || mustIncoming(t, a) {
		t.Fatal("something incoming after a full exchange")
	}
	edit(t, a, id, "second words")
	rep := mustSync(t, a)
	if len(rep.Sealed) != 1 {
		t.Fatalf("a sealed %v", rep.Sealed)
	}
	path := filepath.Join(a.s.Folder, filepath.FromSlash(rep.Sealed[0]))
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, whole[:len(whole)-5], 0o600); err != nil {
		t.Fatal(err)
	}
	if mustIncoming(t, b) {
		t.Fatal("a change set still arriving is incoming")
	}
	tampered := append([]byte{}, whole...)
	tampered[len(tampered)-1] ^= 1
	if err := os.WriteFile(path, tampered, 0o600); err != nil {
		t.Fatal(err)
	}
	var ref Refusal
	if _, err := b.s.Incoming(); !errors.As(err, &ref) || ref.File != rep.Sealed[0] || !errors.Is(ref.Err, ErrRefused) {
		t.Fatalf("a tampered change set: %v, want it refused and named", err)
	}
	if err := os.WriteFile(path, whole, 0o600); err != nil {
		t.Fatal(err)
	}
	if !mustIncoming(t, b) {
		t.Fatal("a's change set ready to apply is not incoming")
	}
	mustSync(t, b)
	if mustIncoming(t, b) || body(b, id) != "second words" {
		t.Fatalf("after b synced: %q", body(b, id))
	}

	clk := &simClock{t: time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)}
	p, err := portfolio.Create(filepath.Join(t.TempDir(), "alone.folio"), testPass, portfolio.Options{KDF: cheapKDF, Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	alone := &Syncer{P: p}
	if ok, err := alone.Incoming(); ok || err != nil || alone.Folder != "" {
		t.Fatalf("a vault that does not sync: %v, %v, folder %q", ok, err, alone.Folder)
	}
}
