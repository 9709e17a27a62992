package keyring

import (
	"bytes"
	"runtime/debug"
	"testing"

	"golang.org/x/crypto/argon2"
)

// TestDeriveKEKPrefaulted checks that the key derived with its memory faulted in
// ahead (prefaultMin and more) is Argon2id's own.
func TestDeriveKEKPrefaulted(t *testing.T) {
	p := KDFParams{Time: 1, MemoryKiB: prefaultMin >> 10, Threads: 1}
	salt := bytes.Repeat([]byte{7}, SaltSize)
	release := (&Header{kdf: p}).Prefault()
	got, err := DeriveKEK([]byte("pass phrase"), salt, p)
	release()
	if err != nil {
		t.Fatal(err)
	}
	if want := argon2.IDKey([]byte("pass phrase"), salt, p.Time, p.MemoryKiB, p.Threads, KeySize); !bytes.Equal(got, want) {
		t.Fatalf("DeriveKEK gave %x, Argon2id %x", got, want)
	}
}

// BenchmarkDeriveKEK derives a key at the bench vaults' parameters (t=3, 16 MiB,
// p=1) from memory handed back to the system before each, as a new process's is:
// prefaulted (Header.Prefault, then DeriveKEK) and not (Argon2id alone).
func BenchmarkDeriveKEK(b *testing.B) {
	p := KDFParams{Time: 3, MemoryKiB: 16 << 10, Threads: 1}
	salt := bytes.Repeat([]byte{7}, SaltSize)
	run := func(b *testing.B, derive func()) {
		for b.Loop() {
			b.StopTimer()
			debug.FreeOSMemory()
			b.StartTimer()
			derive()
		}
	}
	b.Run("prefaulted", func(b *testing.B) {
		run(b, func() {
			release := (&Header{kdf: p}).Prefault()
			_, err := DeriveKEK([]byte("pass phrase"), salt, p)
			release()
			if err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("argon2-alone", func(b *testing.B) {
		run(b, func() { argon2.IDKey([]byte("pass phrase"), salt, p.Time, p.MemoryKiB, p.Threads, KeySize) })
	})
}

// gcPercent reads the collector's setting (debug.SetGCPercent, which only sets it).
func gcPercent() int {
	v := debug.SetGCPercent(-1)
	debug.SetGCPercent(v)
	return v
}

// TestHoldCollector checks that a hold turns the collector off and that holds,
// however they overlap, end with the setting they began with; under GOGC=off a hold
// leaves it off.
func TestHoldCollector(t *testing.T) {
	const percent = 137
	prev := debug.SetGCPercent(percent)
	t.Cleanup(func() { debug.SetGCPercent(prev) })
	for _, order := range []string{"first released first", "last released first"} {
		r1 := holdCollector()
		if got := gcPercent(); got >= 0 {
			t.Fatalf("%s: the collector is at %d%% under a hold, want off", order, got)
		}
		r2 := holdCollector()
		if order == "first released first" {
			r1()
			r2()
		} else {
			r2()
			r1()
		}
		if got := gcPercent(); got != percent {
			t.Errorf("%s: the collector is at %d%% after both holds, want %d%%", order, got, percent)
		}
	}
	debug.SetGCPercent(-1)
	holdCollector()()
	if got := gcPercent(); got >= 0 {
		t.Errorf("a hold turned a collector that was off to %d%%", got)
	}
	debug.SetGCPercent(percent)
}

// TestPrefaultHoldsCollector checks that Prefault holds the collector off until its
// release at prefaultMin and more, and leaves it alone below.
func TestPrefaultHoldsCollector(t *testing.T) {
	const percent = 137
	prev := debug.SetGCPercent(percent)
	t.Cleanup(func() { debug.SetGCPercent(prev) })
	release := (&Header{kdf: KDFParams{Time: 1, MemoryKiB: prefaultMin>>10 - 1, Threads: 1}}).Prefault()
	if got := gcPercent(); got != percent {
		t.Errorf("below prefaultMin the collector is at %d%%, want %d%%", got, percent)
	}
	release()
	release = (&Header{kdf: KDFParams{Time: 1, MemoryKiB: prefaultMin >> 10, Threads: 1}}).Prefault()
	if got := gcPercent(); got >= 0 {
		t.Errorf("at prefaultMin the collector is at %d%% before release, want off", got)
	}
	release()
	if got := gcPercent(); got != percent {
		t.Errorf("after release the collector is at %d%%, want %d%%", got, percent)
	}
}
