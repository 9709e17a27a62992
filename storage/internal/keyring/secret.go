package keyring

import (
	"crypto/cipher"
	"reflect"
	"unsafe"
)

// Secret is a small buffer for key bytes that lives outside the Go heap where the
// system allows it (a private anonymous mapping, locked against swapping and left out
// of core dumps; see secret_unix.go), so the garbage collector never copies it and
// destroy can overwrite the only copy. Elsewhere it is an ordinary slice that destroy
// zeroes.
type Secret struct {
	b    []byte
	full []byte // the whole mapping, nil if b is on the heap
}

// Slot returns the i-th n-byte key of s; the keys of one vault share one page.
func (s *Secret) Slot(i, n int) []byte { return s.b[i*n : (i+1)*n : (i+1)*n] }

// WipeAEAD zeroes the key an AEAD from golang.org/x/crypto keeps in its own struct,
// so a per-operation AEAD leaves no copy of the record key behind when it becomes
// garbage. It zeroes the whole struct, and only a struct with no pointers (a key
// array), so a change of the library's layout cannot corrupt memory: the wipe is then
// skipped and TestWipeAEAD fails.
func WipeAEAD(a cipher.AEAD) bool {
	v := reflect.ValueOf(a)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return false
	}
	e := v.Elem()
	if e.Kind() != reflect.Struct || !PointerFree(e.Type()) {
		return false
	}
	clear(unsafe.Slice((*byte)(e.Addr().UnsafePointer()), e.Type().Size()))
	return true
}

func PointerFree(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Array:
		return PointerFree(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if !PointerFree(t.Field(i).Type) {
				return false
			}
		}
		return true
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Int, reflect.Uint,
		reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Bool:
		return true
	}
	return false
}

// Bytes is the whole secret, nil once destroyed.
func (s *Secret) Bytes() []byte { return s.b }

// Mapped reports whether the secret lives in its own mapping, outside the Go heap.
func (s *Secret) Mapped() bool { return s.full != nil }
