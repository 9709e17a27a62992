package storage

import (
	"encoding/binary"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/storage/internal/keyring"
)

// A header asking for 4 GiB of memory is refused before Argon2 runs: quickly, as
// damage (the checksum was recomputed, so only the cap can catch it), and without
// allocating anything like what it asks.
func TestHugeKDFMemoryRefusedBeforeArgon2(t *testing.T) {
	v, path := newTestVault(t)
	v.Close()
	editHeader(t, path, func(b []byte) []byte {
		binary.BigEndian.PutUint32(b[keyring.OffMemory:], 4<<20) // KiB
		binary.BigEndian.PutUint32(b[keyring.OffTime:], 32)
		return resum(b)
	})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err := Open(path, []byte(testPass), Options{})
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	// Damage only: a header is not bad input, so ErrBadParams (which the command line
	// answers with "bad usage") must not be in the chain.
	if !errors.Is(err, ErrDamaged) || errors.Is(err, ErrBadParams) || !strings.Contains(err.Error(), "memory") {
		t.Fatalf("open: %v, want ErrDamaged alone, naming the memory parameter", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("open allocated %d bytes", alloc)
	}
	if elapsed > time.Second {
		t.Errorf("open took %v", elapsed)
	}
	// The file is left as it was found, for the cleanup's consistency check.
	editHeader(t, path, func(b []byte) []byte {
		binary.BigEndian.PutUint32(b[keyring.OffMemory:], testKDF.MemoryKiB)
		binary.BigEndian.PutUint32(b[keyring.OffTime:], testKDF.Time)
		return resum(b)
	})
	openTest(t, path, testPass, Options{})
}
