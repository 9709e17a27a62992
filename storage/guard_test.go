package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"maps"
	"os"
	"strings"
	"testing"

	"github.com/foliohq/folio/storage/internal/pagewalk"
	bolt "go.etcd.io/bbolt"
)

// A vault cut short must read as damaged at every length: bbolt maps the file and
// would otherwise fault reading the missing pages, which no recover catches.
func TestTruncatedFileIsDamaged(t *testing.T) {
	v, path := newTestVault(t)
	ids := putSome(t, v, 8, 3000) // several pages, one of them overflowing
	big := NewID()
	if err := v.Put("entries", big, bytes.Repeat([]byte("x"), 9000)); err != nil {
		t.Fatal(err)
	}
	v.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer os.WriteFile(path, raw, 0o600) // whole again for the cleanup's consistency check
	used := usedSize(t, path)
	if used >= int64(len(raw)) {
		t.Fatalf("test needs spare pages after the used ones: used %d of %d", used, len(raw))
	}
	cuts := []int64{0, 1, 100, 4095, 4096, 4097, used - 1, used, used + 1}
	for c := int64(8192); c < used; c += 4096 {
		cuts = append(cuts, c, c+100)
	}
	for _, cut := range cuts {
		if err := os.WriteFile(path, raw[:cut], 0o600); err != nil {
			t.Fatal(err)
		}
		v, err := Open(path, []byte(testPass), Options{})
		if cut < used {
			if !errors.Is(err, ErrDamaged) {
				t.Errorf("cut at %d of %d: got %v, want ErrDamaged", cut, used, err)
			}
			if v != nil {
				v.Close()
			}
			continue
		}
		// Past the pages in use, a shorter file is still the whole vault.
		if err != nil {
			t.Errorf("cut at %d (used %d): %v", cut, used, err)
			continue
		}
		got := loadAll(t, v, "entries")
		if len(got) != len(ids)+1 {
			t.Errorf("cut at %d: %d records, want %d", cut, len(got), len(ids)+1)
		}
		v.Close()
	}
}

// usedSize is the part of the file bbolt's current meta page says is in use.
func usedSize(t testing.TB, path string) int64 {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: LockTimeout})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int64
	db.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
	return n
}

// putSome stores n records of size bytes in "entries", in one transaction, and returns
// their IDs.
func putSome(t testing.TB, v *Vault, n, size int) []ID {
	t.Helper()
	var ids []ID
	err := v.Update(func(tx *Tx) error {
		for i := range n {
			id := NewID()
			ids = append(ids, id)
			if err := tx.Put("entries", id, bytes.Repeat([]byte{byte('a' + i%26)}, size)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// pageSize is the page size of the vaults the tests create.
const pageSize = 4096

// A freelist whose count runs past its page, or that names a page outside the file,
// would make bbolt allocate or read what it says; it is damage, found before.
func TestCorruptFreelistIsDamaged(t *testing.T) {
	v, path := newTestVault(t)
	putSome(t, v, 4, 100)
	id := NewID()
	v.Put("entries", id, []byte("x"))
	v.Delete("entries", id) // leave pages on the freelist
	v.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fl := int(currentMeta(t, raw).Freelist) * pageSize
	if raw[fl+8] != pagewalk.FreelistFlag || binary.NativeEndian.Uint16(raw[fl+10:]) == 0 {
		t.Fatalf("freelist page at %d: flags %x count %d", fl, raw[fl+8], binary.NativeEndian.Uint16(raw[fl+10:]))
	}
	for name, edit := range map[string]func(b []byte){
		"count beyond the page": func(b []byte) { binary.NativeEndian.PutUint16(b[fl+10:], 600) },
		"long count of 2^40": func(b []byte) {
			binary.NativeEndian.PutUint16(b[fl+10:], 0xFFFF)
			binary.NativeEndian.PutUint64(b[fl+16:], 1<<40)
		},
		"page beyond the file":  func(b []byte) { binary.NativeEndian.PutUint64(b[fl+16:], 1<<30) },
		"not a freelist page":   func(b []byte) { b[fl+8] = 0x02 },
		"overflow past the end": func(b []byte) { binary.NativeEndian.PutUint32(b[fl+12:], 1000) },
	} {
		t.Run(name, func(t *testing.T) {
			b := bytes.Clone(raw)
			edit(b)
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, ro := range []bool{false, true} {
				v, err := Open(path, []byte(testPass), Options{ReadOnly: ro})
				if !errors.Is(err, ErrDamaged) {
					t.Errorf("read-only %v: got %v, want ErrDamaged", ro, err)
				}
				if v != nil {
					v.Close()
				}
			}
		})
	}
	os.WriteFile(path, raw, 0o600) // for the cleanup's consistency check
}

// A leaf element whose value length reaches past the file makes the value slice point
// outside bbolt's map. Reading it must come back as a damaged record, never a fault
// that kills the process, nor a huge allocation.
func TestValueOutsideTheFileIsDamage(t *testing.T) {
	for _, tc := range []struct {
		name string
		// vsize gives the damaged value length for a value starting at offset start
		// of a file of size bytes.
		vsize func(start, size int) uint32
		why   string
	}{
		{"length larger than the file", func(int, int) uint32 { return 1 << 30 }, "reaches outside its page"},
		// The file ends at its last page in use, inside bbolt's larger map: reading
		// past it is a bus error, which the guard turns into a panic and then damage.
		{"value running off the end", func(start, size int) uint32 { return uint32(size - start + 100) }, "reaches outside its page"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, path := newTestVault(t)
			ids := putSome(t, v, 20, 100) // enough that the bucket has a page of its own
			// bbolt maps the file in powers of two; with the file cut to a size that is
			// not one, reading past its end is reading mapped pages with no file behind.
			others := 0
			for used := int64(0); used&(used-1) == 0; others += 3 {
				err := v.Update(func(tx *Tx) error {
					for range 3 {
						if err := tx.Put("other", NewID(), make([]byte, 3000)); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				v.db.View(func(tx *bolt.Tx) error { used = tx.Size(); return nil })
			}
			v.Close()
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			good := bytes.Clone(raw)
			defer os.WriteFile(path, good, 0o600) // for the cleanup's consistency check
			raw = raw[:usedSize(t, path)]
			for _, e := range leafElements(t, raw, ids[1][:]) { // stale copies on free pages too
				start := e + int(binary.NativeEndian.Uint32(raw[e+4:])) + IDSize
				binary.NativeEndian.PutUint32(raw[e+12:], tc.vsize(start, len(raw)))
			}
			if err := os.WriteFile(path, raw, 0o600); err != nil {
				t.Fatal(err)
			}
			v = openTest(t, path, testPass, Options{})
			got, damaged, err := loadMap(v, "entries")
			if err != nil {
				t.Fatal(err)
			}
			if len(damaged) != 1 || damaged[0].ID != ids[1].String() || !errors.Is(damaged[0].Err, ErrDamaged) ||
				!strings.Contains(damaged[0].Err.Error(), tc.why) {
				t.Errorf("damage %v, want record %s (%s)", damaged, ids[1], tc.why)
			}
			if len(got) != len(ids)-1 {
				t.Errorf("%d other records loaded, want %d", len(got), len(ids)-1)
			}
			if _, err := v.Get("entries", ids[1]); !errors.Is(err, ErrDamaged) {
				t.Errorf("get: %v, want ErrDamaged", err)
			}
			rep, err := v.Check([]string{"entries"})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Damaged) != 1 || rep.Damaged[0].ID != ids[1].String() || rep.Records != len(ids)-1+others {
				t.Errorf("check: %+v", rep)
			}
			v.Close()
		})
	}
}

// leafElements returns the offsets of the leaf page elements whose key is key, on
// pages in use and on free pages alike.
func leafElements(t testing.TB, raw, key []byte) []int {
	t.Helper()
	var found []int
	for p := 2 * pageSize; p+pageSize <= len(raw); p += pageSize {
		if raw[p+8] != 0x02 { // leaf page
			continue
		}
		count := int(binary.NativeEndian.Uint16(raw[p+10:]))
		for i := range count {
			e := p + 16 + 16*i
			if e+16 > p+pageSize {
				// A stale page on the freelist can hold any count: read only the
				// elements that fit in the page.
				break
			}
			kpos := e + int(binary.NativeEndian.Uint32(raw[e+4:]))
			ksize := int(binary.NativeEndian.Uint32(raw[e+8:]))
			if ksize == len(key) && kpos+ksize <= len(raw) && bytes.Equal(raw[kpos:kpos+ksize], key) {
				found = append(found, e)
			}
		}
	}
	if len(found) == 0 {
		t.Fatalf("no leaf element with key %x", key)
	}
	return found
}

// A freelist that names a page in use would have bbolt's next write allocate that
// page over live records: bbolt trusts its freelist, which carries no checksum. The
// first write's walk (Vault.writable) finds the page both reached and free and
// refuses, naming the damage, and the records read back as they were. A write that
// skipped the walk would go ahead.
func TestFreelistNamingALivePageStopsTheWrite(t *testing.T) {
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
	if raw[fl+8] != pagewalk.FreelistFlag || binary.NativeEndian.Uint16(raw[fl+10:]) == 0 || len(live) < 3 {
		t.Fatalf("freelist page at %d: flags %x count %d; %d pages in use", fl, raw[fl+8], binary.NativeEndian.Uint16(raw[fl+10:]), len(live))
	}
	// Every page the freelist names becomes one of the entries' pages in use.
	for i := range int(binary.NativeEndian.Uint16(raw[fl+10:])) {
		binary.NativeEndian.PutUint64(raw[fl+16+8*i:], live[i%len(live)])
	}
	writeRaw(t, path, raw, good)
	v = openTest(t, path, testPass, Options{})
	defer v.Close()
	err := v.Put("entries", NewID(), bytes.Repeat([]byte("new"), 2000))
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "in use and free") {
		t.Fatalf("a write over a freelist naming pages in use: %v, want ErrDamaged naming them", err)
	}
	got := loadAll(t, v, "entries")
	if !maps.Equal(got, want) {
		t.Fatalf("after the refused write %d entries read back, want the %d written", len(got), len(want))
	}
}
