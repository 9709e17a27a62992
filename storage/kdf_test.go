package storage

import (
	"encoding/binary"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestKDFParamsValidate(t *testing.T) {
	for _, tc := range []struct {
		p  KDFParams
		ok bool
	}{
		{KDFParams{1, 8, 1}, true},
		{KDFParams{32, 1 << 20, 64}, true},
		{KDFParams{3, 64 << 10, 4}, true},
		{KDFParams{0, 64, 1}, false},        // no passes
		{KDFParams{33, 64, 1}, false},       // too many passes
		{KDFParams{1, 7, 1}, false},         // below Argon2's 8 KiB a lane
		{KDFParams{1, 31, 4}, false},        // the floor grows with the lanes
		{KDFParams{1, 32, 4}, true},         //
		{KDFParams{1, 1<<20 + 1, 1}, false}, // above the 1 GiB cap
		{KDFParams{1, 4 << 20, 1}, false},   // 4 GiB
		{KDFParams{1, ^uint32(0), 1}, false},
		{KDFParams{1, 64, 0}, false},    // no lanes
		{KDFParams{1, 1024, 65}, false}, // too many lanes
		{KDFParams{1, 1 << 20, 255}, false},
	} {
		err := tc.p.Validate()
		if tc.ok != (err == nil) || (err != nil && !errors.Is(err, ErrBadParams)) {
			t.Errorf("%+v: %v", tc.p, err)
		}
		// Only refusals are derived: the accepted extremes would take a minute.
		if !tc.ok {
			if _, err := deriveKEK([]byte("p"), seq(0, saltSize), tc.p); !errors.Is(err, ErrBadParams) {
				t.Errorf("deriveKEK%+v ran: %v", tc.p, err)
			}
		}
	}
}

// A header asking for 4 GiB of memory is refused before Argon2 runs: quickly, as
// damage (the checksum was recomputed, so only the cap can catch it), and without
// allocating anything like what it asks.
func TestHugeKDFMemoryRefusedBeforeArgon2(t *testing.T) {
	v, path := newTestVault(t)
	v.Close()
	editHeader(t, path, func(b []byte) []byte {
		binary.BigEndian.PutUint32(b[offMemory:], 4<<20) // KiB
		binary.BigEndian.PutUint32(b[offTime:], 32)
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
		binary.BigEndian.PutUint32(b[offMemory:], testKDF.MemoryKiB)
		binary.BigEndian.PutUint32(b[offTime:], testKDF.Time)
		return resum(b)
	})
	openTest(t, path, testPass, Options{})
}
