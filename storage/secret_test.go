package storage

import (
	"bytes"
	"sync"
	"testing"

	"golang.org/x/crypto/chacha20poly1305"
)

// TestCloseDestroysKeys: Close zeroes the keys and later use fails instead of
// sealing with a zero key.
func TestCloseDestroysKeys(t *testing.T) {
	v, _ := newTestVault(t)
	k := v.keys
	page, mapped := k.mem.Bytes(), k.mem.Mapped()
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if k.dataKey != nil || k.recKey != nil || k.nameKey != nil || k.mem.Bytes() != nil {
		t.Error("the keys are still referenced after Close")
	}
	// An unmapped page cannot be read back; a heap one must read as zeros.
	if !mapped && !bytes.Equal(page, make([]byte, len(page))) {
		t.Error("the heap copy of the keys was not zeroed")
	}
	if _, err := k.seal([]byte("b"), []byte("id"), []byte("x")); err == nil {
		t.Error("sealing after Close succeeded")
	}
}

// BenchmarkOpenRecord is one 2 KB record opened: with a per-operation AEAD wiped
// after use, against BenchmarkOpenRecordShared's one long-lived AEAD.
func BenchmarkOpenRecord(b *testing.B) {
	k, err := deriveKeys(seq(0, keySize))
	if err != nil {
		b.Fatal(err)
	}
	defer k.destroy()
	bucket, id := k.bucketName("entries"), seq(1, IDSize)
	sealed, err := k.seal(bucket, id, make([]byte, 2048))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := k.open(bucket, id, sealed); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpenRecordShared(b *testing.B) {
	a, _ := chacha20poly1305.NewX(seq(0, keySize))
	nonce := seq(2, chacha20poly1305.NonceSizeX)
	sealed := a.Seal(nil, nonce, make([]byte, 2048), nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Open(nil, nonce, sealed, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDeriveKeys is the once-per-unlock cost of the secret page and the
// scrubbed HKDF.
func BenchmarkDeriveKeys(b *testing.B) {
	key := seq(0, keySize)
	for b.Loop() {
		k, err := deriveKeys(key)
		if err != nil {
			b.Fatal(err)
		}
		k.destroy()
	}
}

// TestCloseWhileInUse: Close racing with reads and a passphrase change never crashes
// on the unmapped key page; the operations fail or finish.
func TestCloseWhileInUse(t *testing.T) {
	v, _ := newTestVault(t)
	id := NewID()
	if err := v.Put("entries", id, []byte("x")); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 200 {
				v.Get("entries", id)
				v.keys.bucketName("entries")
			}
		})
	}
	wg.Go(func() { v.ChangePassphrase([]byte("another passphrase"), testKDF) })
	v.Close()
	wg.Wait()
	if _, err := v.keys.seal([]byte("b"), id[:], []byte("x")); err == nil {
		t.Error("sealing after Close succeeded")
	}
}
