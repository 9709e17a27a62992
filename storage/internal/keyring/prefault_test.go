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
	(&Header{kdf: p}).Prefault()
	got, err := DeriveKEK([]byte("pass phrase"), salt, p)
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
			(&Header{kdf: p}).Prefault()
			if _, err := DeriveKEK([]byte("pass phrase"), salt, p); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("argon2-alone", func(b *testing.B) {
		run(b, func() { argon2.IDKey([]byte("pass phrase"), salt, p.Time, p.MemoryKiB, p.Threads, KeySize) })
	})
}
