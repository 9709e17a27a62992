package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/foliohq/folio/storage/internal/pagewalk"
	bolt "go.etcd.io/bbolt"
)

// writeRaw replaces the closed vault's file with raw and puts good back at cleanup, for
// the cleanup's consistency check.
func writeRaw(t *testing.T, path string, raw, good []byte) {
	t.Helper()
	t.Cleanup(func() { os.WriteFile(path, good, 0o600) })
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// A leaf element's key offset pointing outside its page made Load read whatever lay
// there: another page's bytes as a record ID, or memory outside the file. Now the
// record is named missing and nothing else is read.
func TestLeafKeyOffsetOutsideThePage(t *testing.T) {
	for _, tc := range []struct {
		name string
		pos  func(old uint32) uint32
	}{
		{"into another page", func(old uint32) uint32 { return old + 2*pageSize }},
		{"far outside the file", func(uint32) uint32 { return 0x7FFFFFF0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, path := newTestVault(t)
			ids := putSome(t, v, 20, 100)
			v.Close()
			good := readFile(t, path)
			raw := bytes.Clone(good)
			for _, e := range leafElements(t, raw, ids[1][:]) {
				binary.NativeEndian.PutUint32(raw[e+4:], tc.pos(binary.NativeEndian.Uint32(raw[e+4:])))
			}
			writeRaw(t, path, raw, good)

			v = openTest(t, path, testPass, Options{ReadOnly: true})
			got, damaged, err := loadMap(v, "entries")
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			if len(got) != len(ids)-1 {
				t.Errorf("%d records loaded, want the %d undamaged ones", len(got), len(ids)-1)
			}
			if _, ok := got[ids[1]]; ok {
				t.Error("the damaged record was loaded")
			}
			named := false
			for _, d := range damaged {
				if d.ID != "" {
					t.Errorf("damage names record %q; the key cannot be read, so no ID can be named", d.ID)
				}
				if strings.Contains(d.Error(), "1 missing") {
					named = true
				}
			}
			if !named {
				t.Errorf("damage %v does not say one record is missing", damaged)
			}
		})
	}
}

// A page's element count turned from 20 to 2 showed 2 records as all there were.
func TestFlippedCountIsNamed(t *testing.T) {
	v, path := newTestVault(t)
	ids := putSome(t, v, 20, 100)
	v.Close()
	good := readFile(t, path)
	raw := bytes.Clone(good)
	for _, e := range leafElements(t, raw, ids[0][:]) {
		page := e - e%pageSize
		if n := binary.NativeEndian.Uint16(raw[page+10:]); n != 20 {
			t.Fatalf("the leaf holds %d elements, not all 20", n)
		}
		binary.NativeEndian.PutUint16(raw[page+10:], 2)
	}
	writeRaw(t, path, raw, good)

	v = openTest(t, path, testPass, Options{})
	_, damaged, err := loadMap(v, "entries")
	if err != nil {
		t.Fatal(err)
	}
	if len(damaged) != 1 || !errors.Is(damaged[0].Err, ErrDamaged) || !strings.Contains(damaged[0].Error(), "entries: ") ||
		!strings.Contains(damaged[0].Error(), "18 missing") {
		t.Errorf("load damage %v, want 18 missing records in entries", damaged)
	}
	rep, err := v.Check([]string{"entries"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || !strings.Contains(strings.Join(rep.Structure, "\n"), "18 missing") {
		t.Errorf("check: %+v, want 18 missing records", rep)
	}
	// The ID sets name them: the 18 whose elements the shortened page no longer counts.
	sorted := slices.SortedFunc(slices.Values(ids), func(a, b ID) int { return bytes.Compare(a[:], b[:]) })
	for _, id := range sorted[2:] {
		if !strings.Contains(damaged[0].Error(), id.String()) {
			t.Errorf("load damage does not name the missing record %s: %v", id, damaged[0])
		}
		if !strings.Contains(strings.Join(rep.Structure, "\n"), id.String()) {
			t.Errorf("check does not name the missing record %s: %v", id, rep.Structure)
		}
	}
	for _, id := range sorted[:2] {
		if strings.Contains(damaged[0].Error(), id.String()) {
			t.Errorf("load damage names %s, which is still there", id)
		}
	}
	// Writing over the shortened page would drop the hidden records for good.
	if err := v.Put("entries", NewID(), []byte("x")); !errors.Is(err, ErrDamaged) {
		t.Errorf("put on a vault hiding records: %v, want ErrDamaged", err)
	}
}

// A flipped byte in a collection's bucket name made the collection look empty.
func TestFlippedBucketNameIsNamed(t *testing.T) {
	v, path := newTestVault(t)
	ids := putSome(t, v, 3, 100)
	en := v.keys.bucketName("entries")
	v.Close()
	good := readFile(t, path)
	raw := bytes.Clone(good)
	flipped := 0
	for i := 0; ; {
		j := bytes.Index(raw[i:], en)
		if j < 0 {
			break
		}
		// The last byte: flipping an earlier one could move the name past a
		// neighbour's, which the walker rightly reports as keys out of order.
		raw[i+j+len(en)-1] ^= 0x01
		i += j + len(en)
		flipped++
	}
	if flipped == 0 {
		t.Fatal("the bucket name is not in the file")
	}
	writeRaw(t, path, raw, good)

	v = openTest(t, path, testPass, Options{ReadOnly: true})
	got, damaged, err := loadMap(v, "entries")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 || len(damaged) != 1 || !strings.Contains(damaged[0].Error(), "3 missing") {
		t.Fatalf("load: %d records, damage %v; want 3 missing records named", len(got), damaged)
	}
	for _, id := range ids {
		if !strings.Contains(damaged[0].Error(), id.String()) {
			t.Errorf("load damage does not name the missing record %s: %v", id, damaged[0])
		}
	}
	rep, err := v.Check([]string{"entries"})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if !strings.Contains(strings.Join(rep.Structure, "\n"), id.String()) {
			t.Errorf("check does not name the missing record %s: %v", id, rep.Structure)
		}
	}
}

// raiseMeta returns the offset of the meta page with the higher transaction ID, and the
// offset of the other.
func metaPages(t *testing.T, raw []byte) (newest, older int) {
	t.Helper()
	txn := func(off int) uint64 { return binary.NativeEndian.Uint64(raw[off+pagewalk.PageHeaderSize+48:]) }
	if txn(0) > txn(pageSize) {
		return 0, pageSize
	}
	return pageSize, 0
}

// Damage to the newest meta page made bbolt open the vault as it was before its last
// change, silently; the next write made the loss permanent.
func TestNewestMetaDamagedIsReported(t *testing.T) {
	v, path := newTestVault(t)
	a, b := NewID(), NewID()
	if err := v.Put("entries", a, []byte("a")); err != nil {
		t.Fatal(err)
	}
	if err := v.Put("entries", b, []byte("b")); err != nil {
		t.Fatal(err)
	}
	v.Close()
	good := readFile(t, path)
	raw := bytes.Clone(good)
	newest, _ := metaPages(t, raw)
	lost := binary.NativeEndian.Uint64(raw[newest+pagewalk.PageHeaderSize+48:])
	raw[newest+pagewalk.PageHeaderSize+16] ^= 0x01 // the root page number
	writeRaw(t, path, raw, good)

	_, err := Open(path, []byte(testPass), Options{})
	if !errors.Is(err, ErrRollback) || !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "could not be read") {
		t.Fatalf("writable open: %v, want ErrRollback", err)
	}
	if !bytes.Equal(readFile(t, path), raw) {
		t.Fatal("the refused open changed the file")
	}

	v = openTest(t, path, testPass, Options{ReadOnly: true})
	rb := v.Rollback()
	if rb == nil || rb.LostTxn != lost || rb.Txn != lost-1 || rb.Saved.IsZero() {
		t.Fatalf("rollback %+v, want transaction %d lost and the date of the one before", rb, lost)
	}
	rep, err := v.Check([]string{"entries"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || !strings.Contains(strings.Join(rep.Structure, "\n"), "could not be read") {
		t.Errorf("check: %+v, want the lost change reported", rep)
	}
	if got := loadAll(t, v, "entries"); len(got) != 1 || got[a] != "a" {
		t.Errorf("read-only load: %v, want the vault as it was before the lost change", got)
	}
	v.Close()

	// Accepting keeps the vault as it is, for good: the damaged meta page is rewritten.
	v = openTest(t, path, testPass, Options{AcceptRollback: true})
	if v.Rollback() != nil {
		t.Error("the rollback is still reported after it was accepted")
	}
	v.Close()
	v = openTest(t, path, testPass, Options{})
	if err := v.Put("entries", NewID(), []byte("c")); err != nil {
		t.Fatalf("put after accepting: %v", err)
	}
	rep, err = v.Check([]string{"entries"})
	if err != nil || !rep.OK() || rep.Records != 2 {
		t.Errorf("check after accepting: %+v %v", rep, err)
	}
}

// Damage to the older meta page loses nothing: the vault opens and takes writes, and
// check names the damaged page until a write rewrites it.
func TestOlderMetaDamagedLosesNothing(t *testing.T) {
	v, path := newTestVault(t)
	a := NewID()
	if err := v.Put("entries", a, []byte("a")); err != nil {
		t.Fatal(err)
	}
	v.Close()
	good := readFile(t, path)
	raw := bytes.Clone(good)
	_, older := metaPages(t, raw)
	raw[older+pagewalk.PageHeaderSize+16] ^= 0x01
	writeRaw(t, path, raw, good)

	v = openTest(t, path, testPass, Options{})
	if v.Rollback() != nil {
		t.Errorf("rollback %+v reported for the older meta page", v.Rollback())
	}
	rep, err := v.Check([]string{"entries"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || !strings.Contains(strings.Join(rep.Structure, "\n"), "nothing is lost") {
		t.Errorf("check: %+v, want the damaged older meta page named", rep)
	}
	if err := v.Put("entries", NewID(), []byte("b")); err != nil {
		t.Fatal(err)
	}
	v.Close()
	v = openTest(t, path, testPass, Options{})
	if rep, err := v.Check([]string{"entries"}); err != nil || !rep.OK() || rep.Records != 2 {
		t.Errorf("check after a write: %+v %v", rep, err)
	}
}

// A vault from before the record counts opens and reads as before; its first write
// adds the counts, and from then on records that disappear are named.
func TestVaultWithoutCountsGetsThemAtFirstWrite(t *testing.T) {
	v, path := newTestVault(t)
	ids := putSome(t, v, 3, 10)
	en := v.keys.bucketName("entries")
	v.Close()
	rawUpdate(t, path, func(tx *bolt.Tx) error { return tx.Bucket(metaBucket).Delete(countsKey) })

	v = openTest(t, path, testPass, Options{ReadOnly: true})
	if got := loadAll(t, v, "entries"); len(got) != 3 {
		t.Errorf("%d records, want 3", len(got))
	}
	if rep, err := v.Check([]string{"entries"}); err != nil || !rep.OK() {
		t.Errorf("check: %+v %v", rep, err)
	}
	v.Close()

	v = openTest(t, path, testPass, Options{})
	if err := v.Put("goals", NewID(), []byte("g")); err != nil {
		t.Fatal(err)
	}
	v.Close()
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket(en).Delete(ids[0][:])
	})
	v = openTest(t, path, testPass, Options{ReadOnly: true})
	_, damaged, err := loadMap(v, "entries")
	if err != nil || len(damaged) != 1 || !strings.Contains(damaged[0].Error(), "3 records were written but 2 are in the file") {
		t.Errorf("load after a record vanished: %v %v", damaged, err)
	}
}

// A vault that cannot be written is read-only, not damaged: the advice to restore a
// backup could make a user replace a good vault with an older copy.
func TestReadOnlyFileIsNotDamage(t *testing.T) {
	for _, errno := range []syscall.Errno{syscall.EROFS, syscall.EACCES, syscall.EPERM} {
		err := openError("/v", false, &fs.PathError{Op: "open", Path: "/v", Err: errno})
		if !errors.Is(err, ErrReadOnly) || errors.Is(err, ErrDamaged) {
			t.Errorf("%v: %v, want ErrReadOnly and not ErrDamaged", errno, err)
		}
	}
	if err := openError("/v", false, errors.New("invalid database")); !errors.Is(err, ErrDamaged) {
		t.Errorf("a file bbolt cannot read: %v, want ErrDamaged", err)
	}
	if os.Geteuid() == 0 {
		return // the file mode binds everyone but root; the mapping above is the test
	}
	v, path := newTestVault(t)
	v.Close()
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(path, 0o600)
	_, err := Open(path, []byte(testPass), Options{})
	if !errors.Is(err, ErrReadOnly) || errors.Is(err, ErrDamaged) {
		t.Errorf("writable open of a 0400 file: %v, want ErrReadOnly", err)
	}
	openTest(t, path, testPass, Options{ReadOnly: true})
}
