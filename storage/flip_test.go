package storage

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// flipKDF is the cheapest Argon2 the caps allow, so that thousands of opens stay quick.
var flipKDF = KDFParams{Time: 1, MemoryKiB: 8, Threads: 1}

// flipPageSize keeps the vault small: bbolt's smallest page.
const flipPageSize = 1024

var flipCollections = []string{"entries", "goals"}

// smallVault is a vault with a bit of everything the reader must get right: records
// in two collections, one spanning an overflow page, a deleted record (so the
// freelist names pages) and a record changed after it was first written (so the two
// meta pages differ by one change).
type smallVault struct {
	raw     []byte
	content map[string]map[ID]string
}

// wrote reports whether name is the ID of a record folio wrote in the sound vault.
// Such an ID may be named though its bytes are gone from a damaged file: the sealed ID
// sets name a record whose key the damage changed as missing.
func (sv *smallVault) wrote(name string) bool {
	id, err := ParseID(name)
	if err != nil || len(name) != 16 {
		return false
	}
	for _, recs := range sv.content {
		if _, ok := recs[id]; ok {
			return true
		}
	}
	return false
}

func newSmallVault(t testing.TB) *smallVault {
	t.Helper()
	path := filepath.Join(t.TempDir(), "small.folio")
	v, err := create(path, []byte(testPass), flipKDF, flipPageSize)
	if err != nil {
		t.Fatal(err)
	}
	sv := &smallVault{content: map[string]map[ID]string{"entries": {}, "goals": {}}}
	put := func(coll string, plain string) ID {
		id := NewID()
		if err := v.Put(coll, id, []byte(plain)); err != nil {
			t.Fatal(err)
		}
		sv.content[coll][id] = plain
		return id
	}
	for i := range 4 {
		put("entries", fmt.Sprintf("entry %d %s", i, strings.Repeat("x", 40*i)))
	}
	put("entries", strings.Repeat("a long entry spanning pages. ", 60))
	gone := put("goals", "a goal to delete")
	put("goals", "a goal")
	if err := v.Delete("goals", gone); err != nil {
		t.Fatal(err)
	}
	delete(sv.content["goals"], gone)
	last := put("goals", "first text")
	if err := v.Put("goals", last, []byte("changed text")); err != nil {
		t.Fatal(err)
	}
	sv.content["goals"][last] = "changed text"
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	sv.raw = readFile(t, path)
	// bbolt leaves the file longer than its pages in use; the tail is never read, so
	// cut it off and flip only bytes that mean something.
	sv.raw = sv.raw[:usedSize(t, path)]
	return sv
}

// flipDir is where the damaged copies are written: a memory file system where there is
// one, since every harmless flip ends in a durable write.
func flipDir(t testing.TB) string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		if dir, err := os.MkdirTemp("/dev/shm", "folio-flip-"); err == nil {
			t.Cleanup(func() { os.RemoveAll(dir) })
			return dir
		}
	}
	return t.TempDir()
}

// flipOutcome is what opening a damaged copy of the vault gave.
type flipOutcome struct {
	refused    bool   // Open refused it as damaged, or as a newer format
	named      bool   // it opened, and Load, Check or Rollback named damage
	changed    bool   // it opened, nothing was named, and the content differs
	badID      string // a damage report named a record ID folio never wrote
	unexpected error  // any other error
}

// fromFile reports whether a damaged record's name is empty or its bytes are in the
// file: a name from anywhere else would be process memory.
func fromFile(name string, raw []byte) bool {
	if name == "" {
		return true
	}
	// A 16-character name may be a record ID or the hex of an 8-byte key that is not
	// one (a damaged key): either found in the file will do.
	if id, err := ParseID(name); err == nil && len(name) == 16 && bytes.Contains(raw, id[:]) {
		return true
	}
	b, err := hex.DecodeString(name)
	return err == nil && bytes.Contains(raw, b)
}

// tryDamaged writes raw to path and reads it the ways folio does: Open, Load of every
// collection, Check; and, if nothing was named, a write and a read back.
func tryDamaged(path string, raw []byte, sv *smallVault) (o flipOutcome) {
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		o.unexpected = err
		return o
	}
	noteDamage := func(ds []Damage) {
		for _, d := range ds {
			o.named = true
			if !fromFile(d.ID, raw) && !sv.wrote(d.ID) {
				o.badID = fmt.Sprintf("%s (%s: %v)", d.ID, d.Collection, d.Err)
			}
			if !errors.Is(d.Err, ErrDamaged) {
				o.unexpected = fmt.Errorf("damage that is not ErrDamaged: %v", d)
			}
		}
	}
	v, err := Open(path, []byte(testPass), Options{ReadOnly: true})
	if err != nil {
		if errors.Is(err, ErrDamaged) || errors.Is(err, ErrUnsupportedVersion) {
			o.refused = true
		} else {
			o.unexpected = fmt.Errorf("open: %w", err)
		}
		return o
	}
	got := map[string]map[ID]string{}
	for _, c := range flipCollections {
		m, damaged, err := loadMap(v, c)
		if err != nil {
			o.unexpected = fmt.Errorf("load %s: %w", c, err)
		}
		noteDamage(damaged)
		got[c] = m
	}
	rep, err := v.Check(flipCollections)
	if err != nil {
		o.unexpected = fmt.Errorf("check: %w", err)
	}
	noteDamage(rep.Damaged)
	if len(rep.Structure) > 0 || v.Rollback() != nil {
		o.named = true
	}
	if err := seeksSafely(v, sv); err != nil {
		o.unexpected = err
	}
	v.Close()
	if o.named {
		return o
	}
	for _, c := range flipCollections {
		if !maps.Equal(got[c], sv.content[c]) {
			o.changed = true
			return o
		}
	}
	// Nothing named and nothing changed: the vault must take a write and read it back.
	v, err = Open(path, []byte(testPass), Options{})
	if err != nil {
		o.unexpected = fmt.Errorf("writable open of a vault that read sound: %w", err)
		return o
	}
	defer v.Close()
	id := NewID()
	if err := v.Put("goals", id, []byte("new")); err != nil {
		o.unexpected = fmt.Errorf("write to a vault that read sound: %w", err)
		return o
	}
	m, damaged, err := loadMap(v, "goals")
	if err != nil || len(damaged) > 0 || m[id] != "new" || len(m) != len(sv.content["goals"])+1 {
		o.unexpected = fmt.Errorf("read back after a write: %d records, damage %v, err %v", len(m), damaged, err)
	}
	return o
}

// Every single byte of a small vault, changed in turn, is either harmless (the same
// content reads back, and a write works) or named as damage; never a crash, a hang, a
// record ID folio did not write, or changed content passed off as sound.
func TestEveryByteFlipped(t *testing.T) {
	sv := newSmallVault(t)
	if o := tryDamaged(filepath.Join(t.TempDir(), "sound.folio"), sv.raw, sv); o != (flipOutcome{}) {
		t.Fatalf("the sound vault: %+v", o)
	}
	t.Logf("%d bytes, %d pages", len(sv.raw), len(sv.raw)/flipPageSize)
	var (
		next                     atomic.Int64
		refused, named, harmless atomic.Int64
		mu                       sync.Mutex
		failures                 []string
		wg                       sync.WaitGroup
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		failures = append(failures, fmt.Sprintf(format, args...))
	}
	dir := flipDir(t)
	for w := range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := filepath.Join(dir, fmt.Sprint(w, ".folio"))
			raw := make([]byte, len(sv.raw))
			for {
				off := int(next.Add(1) - 1)
				if off >= len(sv.raw) {
					return
				}
				// The lowest bit: the subtlest damage, a count or a page number off
				// by one. FuzzDamage tries other values, several bytes at once.
				for _, mask := range []byte{0x01} {
					copy(raw, sv.raw)
					raw[off] ^= mask
					o := tryDamaged(path, raw, sv)
					switch {
					case o.unexpected != nil:
						fail("byte %d ^ %#x: %v", off, mask, o.unexpected)
					case o.badID != "":
						fail("byte %d ^ %#x: damage names record %s, which is not in the file", off, mask, o.badID)
					case o.changed:
						fail("byte %d ^ %#x: the content changed and nothing was named", off, mask)
					case o.refused:
						refused.Add(1)
					case o.named:
						named.Add(1)
					default:
						harmless.Add(1)
					}
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("refused at open %d, named on reading %d, harmless %d", refused.Load(), named.Load(), harmless.Load())
	slices.Sort(failures)
	for i, f := range failures {
		if i == 20 {
			t.Errorf("and %d more", len(failures)-20)
			break
		}
		t.Error(f)
	}
}

// FuzzDamage is the larger random run: any handful of bytes of the small vault
// changed at once, read every way folio reads it. Each pair of input bytes after the
// first two is an offset (uint16, modulo the file's size) and the byte to XOR there.
//
//	go test ./storage -run '^$' -fuzz FuzzDamage -fuzztime 5m
func FuzzDamage(f *testing.F) {
	sv := newSmallVault(f)
	f.Add([]byte{0, 0, 1})
	f.Add([]byte{0x10, 0x00, 0xFF, 0x0c, 0x04, 0x01}) // meta page 1's header, a leaf's count
	dir := flipDir(f)
	var n atomic.Int64
	f.Fuzz(func(t *testing.T, edits []byte) {
		raw := bytes.Clone(sv.raw)
		for ; len(edits) >= 3; edits = edits[3:] {
			off := int(binary.LittleEndian.Uint16(edits)) % len(raw)
			raw[off] ^= edits[2]
		}
		path := filepath.Join(dir, fmt.Sprint(n.Add(1), ".folio"))
		defer os.Remove(path)
		o := tryDamaged(path, raw, sv)
		switch {
		case o.unexpected != nil:
			t.Fatal(o.unexpected)
		case o.badID != "":
			t.Fatalf("damage names record %s, which is not in the file", o.badID)
		case o.changed:
			t.Fatal("the content changed and nothing was named")
		}
	})
}
