package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/foliohq/folio/storage/internal/pagewalk"
)

// An open that means to write (Options.Writing) walks the file beside the key
// derivation, with every collection's multi-page leaves read in part, and the first
// write takes that walk's findings: it must refuse what the walk at the first write
// refuses, and write what it writes.
func TestEarlyWalkRefusesWhatTheFirstWriteRefuses(t *testing.T) {
	for _, opts := range []Options{{}, {Writing: true}} {
		name := "walk at the first write"
		if opts.Writing {
			name = "walk from the open"
		}
		t.Run(name+": a freelist naming pages in use", func(t *testing.T) {
			v, path := newTestVault(t)
			putSome(t, v, 60, 1500)
			id := NewID()
			v.Put("entries", id, []byte("x"))
			v.Delete("entries", id) // leave pages on the freelist
			want := loadAll(t, v, "entries")
			bucket := v.keys.bucketName("entries")
			v.Close()
			live := chunkPages(t, path, bucket)
			good := readFile(t, path)
			raw := bytes.Clone(good)
			fl := int(currentMeta(t, raw).Freelist) * pageSize
			n := int(binary.NativeEndian.Uint16(raw[fl+10:]))
			if raw[fl+8] != pagewalk.FreelistFlag || n == 0 || len(live) < 3 {
				t.Fatalf("freelist page at %d: flags %x count %d; %d pages in use", fl, raw[fl+8], n, len(live))
			}
			for i := range n {
				binary.NativeEndian.PutUint64(raw[fl+16+8*i:], live[i%len(live)])
			}
			writeRaw(t, path, raw, good)
			v = openTest(t, path, testPass, opts)
			err := v.Put("entries", NewID(), bytes.Repeat([]byte("new"), 2000))
			if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "in use and free") {
				t.Fatalf("a write over a freelist naming pages in use: %v, want ErrDamaged naming them", err)
			}
			if got := loadAll(t, v, "entries"); !maps.Equal(got, want) {
				t.Fatalf("after the refused write %d entries read back, want the %d written", len(got), len(want))
			}
		})
		t.Run(name+": a leaf's count shortened", func(t *testing.T) {
			v, path := newTestVault(t)
			ids := putSome(t, v, 20, 100)
			v.Close()
			good := readFile(t, path)
			raw := bytes.Clone(good)
			for _, e := range leafElements(t, raw, ids[0][:]) {
				binary.NativeEndian.PutUint16(raw[e-e%pageSize+10:], 2)
			}
			writeRaw(t, path, raw, good)
			v = openTest(t, path, testPass, opts)
			err := v.Put("entries", NewID(), []byte("x"))
			if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "18 missing") {
				t.Fatalf("a write to a vault hiding 18 records: %v, want ErrDamaged naming them", err)
			}
		})
		t.Run(name+": large records, sound", func(t *testing.T) {
			// Records of twenty pages and more make leaves of as many, which the
			// walk from the open reads in part.
			v, path := newTestVault(t)
			putSome(t, v, 30, 100)
			putSome(t, v, 6, 20*pageSize)
			want := loadAll(t, v, "entries")
			v.Close()
			for range 2 {
				v = openTest(t, path, testPass, opts)
				id := NewID()
				if err := v.Put("entries", id, bytes.Repeat([]byte("big"), 7*pageSize)); err != nil {
					t.Fatalf("a write to a sound vault: %v", err)
				}
				want[id] = strings.Repeat("big", 7*pageSize)
				if got := loadAll(t, v, "entries"); !maps.Equal(got, want) {
					t.Fatalf("%d entries read back, want %d", len(got), len(want))
				}
				v.Close()
			}
		})
	}
}

// An open that means to write and fails at the passphrase lets go of the file: its
// walk ends with it, and the next open finds the file free.
func TestEarlyWalkEndsWithAFailedOpen(t *testing.T) {
	v, path := newTestVault(t)
	putSome(t, v, 50, 1000)
	v.Close()
	if _, err := Open(path, []byte("not the passphrase"), Options{Writing: true}); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("open with the wrong passphrase: %v, want ErrWrongPassphrase", err)
	}
	v = openTest(t, path, testPass, Options{Writing: true})
	if err := v.Put("entries", NewID(), []byte("x")); err != nil {
		t.Fatalf("a write after the failed open: %v", err)
	}
}
