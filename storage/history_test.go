package storage

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/storage/internal/history"
	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/chacha20poly1305"
)

func newHistoryVault(t *testing.T, collections ...string) (*Vault, string) {
	t.Helper()
	v, path := newTestVault(t)
	v.KeepHistory(nil, collections...)
	return v, path
}

func versionsOf(t *testing.T, v *Vault, coll string, id ID) []Version {
	t.Helper()
	vs, damaged, err := v.Versions(coll, id)
	if err != nil || len(damaged) > 0 {
		t.Fatalf("versions of %s: %v %v", id, damaged, err)
	}
	return vs
}

func plains(vs []Version) string {
	var parts []string
	for _, v := range vs {
		s := string(v.Plain)
		if v.Tombstone {
			s = "†"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ",")
}

func checkOK(t *testing.T, v *Vault, collections ...string) Report {
	t.Helper()
	r, err := v.Check(collections)
	if err != nil || !r.OK() {
		t.Fatalf("check: %v %+v", err, r)
	}
	return r
}

func TestHistoryKeepsEveryVersionAndTheTrash(t *testing.T) {
	v, _ := newHistoryVault(t, "entries")
	id := NewID()
	for _, s := range []string{"one", "two"} {
		if err := v.Put("entries", id, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Delete("entries", id); err != nil {
		t.Fatal(err)
	}
	vs := versionsOf(t, v, "entries", id)
	if got := plains(vs); got != "one,two,†" {
		t.Fatalf("versions %q", got)
	}
	for i, ver := range vs {
		if ver.Seq != uint32(i+1) || ver.Baseline || ver.Saved.IsZero() || ver.Device == (DeviceID{}) {
			t.Errorf("version %d: %+v", i+1, ver.VersionInfo)
		}
		if i > 0 && ver.Clock.Compare(vs[i-1].Clock) <= 0 {
			t.Errorf("clock did not advance: %+v after %+v", ver.Clock, vs[i-1].Clock)
		}
		if ver.Device != vs[0].Device {
			t.Errorf("device changed within one vault")
		}
	}
	if got := loadAll(t, v, "entries"); len(got) != 0 {
		t.Errorf("a deleted record is still live: %v", got)
	}
	trash, damaged, err := v.Trash()
	if err != nil || len(damaged) > 0 || len(trash) != 1 || trash[0].ID != id || string(trash[0].Last.Plain) != "two" || !trash[0].Deleted.Tombstone {
		t.Fatalf("trash %+v %v %v", trash, damaged, err)
	}
	// The live record is gone; its three versions remain.
	if r := checkOK(t, v, "entries"); r.Records != 0 || r.Versions != 3 {
		t.Errorf("check authenticated %d records and %d versions, want 0 and 3", r.Records, r.Versions)
	}

	err = v.Update(func(tx *Tx) error { _, err := tx.Restore("entries", id, 0); return err })
	if err != nil {
		t.Fatal(err)
	}
	if got := loadAll(t, v, "entries"); got[id] != "two" {
		t.Errorf("restored %q", got[id])
	}
	if got := plains(versionsOf(t, v, "entries", id)); got != "one,two,†,two" {
		t.Errorf("after restore %q", got)
	}
	err = v.Update(func(tx *Tx) error { _, err := tx.Restore("entries", id, 1); return err })
	if err != nil {
		t.Fatal(err)
	}
	if got := loadAll(t, v, "entries"); got[id] != "one" {
		t.Errorf("restored version 1 as %q", got[id])
	}
	err = v.Update(func(tx *Tx) error { _, err := tx.Restore("entries", id, 3); return err })
	if err == nil {
		t.Error("a tombstone was restored")
	}
	if trash, _, _ := v.Trash(); len(trash) != 0 {
		t.Errorf("a restored record is in the trash: %+v", trash)
	}
	checkOK(t, v, "entries")
}

func TestHistoryBaselineOfARecordWrittenBeforeHistory(t *testing.T) {
	v, _ := newTestVault(t)
	id := NewID()
	if err := v.Put("goals", id, []byte("old")); err != nil {
		t.Fatal(err)
	}
	if vs := versionsOf(t, v, "goals", id); len(vs) != 0 {
		t.Fatalf("history without KeepHistory: %v", plains(vs))
	}
	v.KeepHistory(nil, "goals")
	if err := v.Put("goals", id, []byte("new")); err != nil {
		t.Fatal(err)
	}
	vs := versionsOf(t, v, "goals", id)
	if plains(vs) != "old,new" || !vs[0].Baseline || vs[0].Device != (DeviceID{}) || !vs[0].Saved.IsZero() || vs[1].Baseline {
		t.Fatalf("versions %q %+v", plains(vs), vs)
	}
}

func TestHistoryLeavesOtherCollectionsAlone(t *testing.T) {
	v, _ := newHistoryVault(t, "entries")
	id := NewID()
	v.Put("catalogue", id, []byte("a"))
	v.Put("catalogue", id, []byte("b"))
	v.Delete("catalogue", id)
	if vs := versionsOf(t, v, "catalogue", id); len(vs) != 0 {
		t.Errorf("derived data kept versions: %q", plains(vs))
	}
	if trash, _, _ := v.Trash(); len(trash) != 0 {
		t.Errorf("trash %+v", trash)
	}
}

func TestEmptyTrashAndPurge(t *testing.T) {
	v, _ := newHistoryVault(t, "entries", "goals")
	kept, gone, goal := NewID(), NewID(), NewID()
	for _, s := range []string{"a", "b", "c"} {
		v.Put("entries", kept, []byte(s))
		v.Put("entries", gone, []byte(s))
		v.Put("goals", goal, []byte(s))
	}
	v.Delete("entries", gone)
	v.Delete("goals", goal)
	var emptied []Trashed
	err := v.Update(func(tx *Tx) (err error) { emptied, err = tx.EmptyTrash(); return err })
	if err != nil || len(emptied) != 2 {
		t.Fatalf("emptied %v %v", emptied, err)
	}
	if vs := versionsOf(t, v, "entries", gone); len(vs) != 0 {
		t.Errorf("an emptied record kept %q", plains(vs))
	}
	if got := plains(versionsOf(t, v, "entries", kept)); got != "a,b,c" {
		t.Errorf("a live record lost history: %q", got)
	}
	var n int
	err = v.Update(func(tx *Tx) (err error) { n, err = tx.Purge("entries", kept); return err })
	if err != nil || n != 2 {
		t.Fatalf("purged %d %v", n, err)
	}
	if got := plains(versionsOf(t, v, "entries", kept)); got != "c" {
		t.Errorf("after purge %q", got)
	}
	if got := loadAll(t, v, "entries"); got[kept] != "c" || len(got) != 1 {
		t.Errorf("live %v", got)
	}
	checkOK(t, v, "entries", "goals")
}

func TestPurgeBefore(t *testing.T) {
	v, _ := newHistoryVault(t, "entries")
	live, trashed := NewID(), NewID()
	v.Put("entries", live, []byte("a"))
	v.Put("entries", live, []byte("b"))
	v.Put("entries", trashed, []byte("x"))
	v.Delete("entries", trashed)
	// Nothing is older than a cutoff in the past.
	var n int
	v.Update(func(tx *Tx) (err error) { n, err = tx.PurgeBefore(time.Now().Add(-time.Hour)); return err })
	if n != 0 {
		t.Fatalf("purged %d with a cutoff in the past", n)
	}
	err := v.Update(func(tx *Tx) (err error) { n, err = tx.PurgeBefore(time.Now().Add(time.Hour)); return err })
	if err != nil || n != 3 {
		t.Fatalf("purged %d %v", n, err)
	}
	if got := plains(versionsOf(t, v, "entries", live)); got != "b" {
		t.Errorf("live record keeps %q", got)
	}
	if vs := versionsOf(t, v, "entries", trashed); len(vs) != 0 {
		t.Errorf("old trash kept %q", plains(vs))
	}
	checkOK(t, v, "entries")
}

func TestUndoLog(t *testing.T) {
	v, _ := newHistoryVault(t, "entries", "goals")
	a, g := NewID(), NewID()
	v.Put("entries", a, []byte("first"))
	v.Update(func(tx *Tx) error {
		tx.Put("entries", a, []byte("second"))
		tx.Put("goals", g, []byte("goal"))
		return tx.Put("catalogue", NewID(), []byte("derived"))
	})
	log := v.UndoLog()
	if len(log) != 2 || len(log[1].Changes) != 2 || log[1].Changes[0].Seq != 2 {
		t.Fatalf("log %+v", log)
	}
	// One transaction, one clock: it names what was changed together.
	va, vg := versionsOf(t, v, "entries", a), versionsOf(t, v, "goals", g)
	if va[1].Clock != vg[0].Clock || va[0].Clock == va[1].Clock {
		t.Errorf("clocks: %+v and %+v in one transaction, %+v before", va[1].Clock, vg[0].Clock, va[0].Clock)
	}
	undo := func() error { return v.Update(func(tx *Tx) error { _, err := tx.UndoLast(); return err }) }
	if err := undo(); err != nil {
		t.Fatal(err)
	}
	if got := loadAll(t, v, "entries"); got[a] != "first" {
		t.Errorf("undo left %q", got[a])
	}
	if got := loadAll(t, v, "goals"); len(got) != 0 {
		t.Errorf("undoing a creation left %v", got)
	}
	if trash, _, _ := v.Trash(); len(trash) != 1 || trash[0].ID != g {
		t.Errorf("an undone creation is not in the trash: %+v", trash)
	}
	if got := plains(versionsOf(t, v, "entries", a)); got != "first,second,first" {
		t.Errorf("undo is not a new version: %q", got)
	}
	if err := undo(); err != nil {
		t.Fatal(err)
	}
	if got := loadAll(t, v, "entries"); len(got) != 0 {
		t.Errorf("undoing the first save left %v", got)
	}
	if err := undo(); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("undo of an empty log: %v", err)
	}
	// A change made outside the log (by a later step undone first would be fine; a
	// later change not in the log is not) refuses the undo.
	b := NewID()
	v.Put("entries", b, []byte("x"))
	v.Delete("entries", b)
	// Erasing b's history is a change the log does not hold: undoing the deletion
	// would bring back a version that is no longer there.
	if err := v.Update(func(tx *Tx) error { _, err := tx.Purge("entries", b); return err }); err != nil {
		t.Fatal(err)
	}
	if err := undo(); !errors.Is(err, ErrChangedSince) {
		t.Errorf("undo over a later change: %v", err)
	}
	if got := loadAll(t, v, "entries"); len(got) != 0 {
		t.Errorf("a refused undo changed the records: %v", got)
	}
	if vs, _, _ := v.Versions("entries", b); len(vs) != 0 {
		t.Errorf("a refused undo wrote versions: %+v", vs)
	}
}

func TestCheckFindsADamagedVersion(t *testing.T) {
	v, path := newHistoryVault(t, "entries")
	id := NewID()
	v.Put("entries", id, []byte("one"))
	v.Put("entries", id, []byte("two"))
	hname := v.keys.bucketName(history.HistoryLabel)
	key := history.VersionKey(v.keys.bucketName("entries"), id, 1)
	v.Close()
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket(hname)
		val := bytes.Clone(b.Get(key))
		val[len(val)-1] ^= 1
		return b.Put(key, val)
	})
	v = openTest(t, path, testPass, Options{})
	v.KeepHistory(nil, "entries")
	r, err := v.Check([]string{"entries"})
	if err != nil || r.OK() || len(r.Damaged) != 1 || r.Damaged[0].Collection != "history" || r.Damaged[0].ID != id.String() {
		t.Fatalf("check of a damaged version: %+v %v", r, err)
	}
	if got := loadAll(t, v, "entries"); got[id] != "two" {
		t.Errorf("the current record did not stay readable: %q", got[id])
	}
}

// A version cannot be moved to another record or sequence number: its associated data
// names the history bucket and its whole key.
func TestVersionIsBoundToItsKey(t *testing.T) {
	v, _ := newHistoryVault(t, "entries")
	id := NewID()
	hname := v.keys.bucketName(history.HistoryLabel)
	sealed, err := v.keys.seal(hname, history.VersionKey(v.keys.bucketName("entries"), id, 1), VersionInfo{}.Marshal([]byte("x")))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.keys.open(hname, history.VersionKey(v.keys.bucketName("entries"), id, 2), sealed); !errors.Is(err, ErrDamaged) {
		t.Errorf("a version opened under another sequence number: %v", err)
	}
}

// Text deleted, then emptied from the trash, is not in the file in plain, and no
// version of it can be reached; its sealed bytes may remain on bbolt's free pages
// until they are reused (docs/HISTORY.md), which this test pins: they are ciphertext.
func TestCanaryPurgedFromTheTrash(t *testing.T) {
	const canary = "PURGED-CANARY-h3Jq"
	v, path := newHistoryVault(t, "entries")
	id := NewID()
	v.Put("entries", id, []byte("first "+canary))
	v.Put("entries", id, []byte("second "+canary+" edited"))
	v.Delete("entries", id)
	other := NewID()
	v.Put("entries", other, []byte("unrelated"))
	if err := v.Update(func(tx *Tx) error { _, err := tx.EmptyTrash(); return err }); err != nil {
		t.Fatal(err)
	}
	if vs, _, _ := v.Versions("entries", id); len(vs) != 0 {
		t.Errorf("a purged record kept %d versions", len(vs))
	}
	r := checkOK(t, v, "entries")
	if r.Records != 1 || r.Versions != 1 {
		t.Errorf("check found %d records and %d versions after purge", r.Records, r.Versions)
	}
	v.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, needle := range []string{canary, "first", "edited", "unrelated"} {
		if bytes.Contains(raw, []byte(needle)) {
			t.Errorf("the file holds %q in plain", needle)
		}
	}
}

func TestKATVersion(t *testing.T) {
	k, err := deriveKeys(seq(0, keySize))
	if err != nil {
		t.Fatal(err)
	}
	wantHex(t, "history bucket", k.bucketName(history.HistoryLabel), katBucketHistory)
	wantHex(t, "device bucket", k.bucketName(history.DeviceLabel), katBucketDevice)
	var id ID
	copy(id[:], seq(0xa0, IDSize))
	key := history.VersionKey(k.bucketName("entries"), id, 2)
	wantHex(t, "version key", key, katBucketEntries+"a0a1a2a3a4a5a6a7a8a9"+"00000002")
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var dev DeviceID
	copy(dev[:], seq(0x10, DeviceIDSize))
	info := VersionInfo{Seq: 2, Device: dev, Clock: Clock{Micros: at.UnixMicro(), Logical: 3}, Saved: at}
	plain := info.Marshal([]byte("A reflection on a near miss."))
	wantHex(t, "version plaintext", plain, katVersionPlain)
	nonce := seq(0x40, chacha20poly1305.NonceSizeX)
	sealed := k.sealWithNonce(k.bucketName(history.HistoryLabel), key, plain, nonce)
	wantHex(t, "sealed version", sealed, katVersionSealed)
	got, err := k.open(k.bucketName(history.HistoryLabel), key, unhex(t, katVersionSealed))
	if err != nil {
		t.Fatal(err)
	}
	v, err := history.ParseVersion(2, got)
	if err != nil || string(v.Plain) != "A reflection on a near miss." || v.Clock.Logical != 3 || v.Device != dev {
		t.Errorf("parse: %+v %v", v, err)
	}
}

const (
	katBucketHistory  = "20b1cea2d0c8e0ef465353fac6023933"
	katBucketDevice   = "8537f2a5bb2587fc7cd6da66626c5339"
	katVersionPlain   = "0100101112131415161718191a1b1c1d1e1f000647484620400000000003000647484620400041207265666c656374696f6e206f6e2061206e656172206d6973732e"
	katVersionSealed  = "01404142434445464748494a4b4c4d4e4f50515253545556578644c881582e20b2a5a8923a2f970ef5d21e0c586763450dfe7cf4cbd689903c163dfadc17b909e288098485ec714d8c70cfb41241670afa6c35fbac92bed5ceab3097474aefeb037a3714b80a38f1aa3ce8"
	katTombstonePlain = "0101101112131415161718191a1b1c1d1e1f0006474846204000000000040006474846204000"
	katDeviceState    = "01101112131415161718191a1b1c1d1e1f000647484620400000000003"
)

// A record put back to an older sealed value (a rollback the format cannot see by
// itself) no longer matches its newest version, and check says so by name.
func TestCheckFindsARecordRolledBack(t *testing.T) {
	v, path := newHistoryVault(t, "entries")
	id := NewID()
	v.Put("entries", id, []byte("old"))
	name := v.keys.bucketName("entries")
	var oldSealed []byte
	v.view(func(tx *bolt.Tx) error { oldSealed = bytes.Clone(tx.Bucket(name).Get(id[:])); return nil })
	v.Put("entries", id, []byte("new"))
	checkOK(t, v, "entries")
	v.Close()
	rawUpdate(t, path, func(tx *bolt.Tx) error { return tx.Bucket(name).Put(id[:], oldSealed) })
	v = openTest(t, path, testPass, Options{})
	v.KeepHistory(nil, "entries")
	r, err := v.Check([]string{"entries"})
	if err != nil || r.OK() || len(r.Damaged) != 1 || r.Damaged[0].ID != id.String() || !strings.Contains(r.Damaged[0].Err.Error(), "rolled back") {
		t.Fatalf("check of a rolled-back record: %+v %v", r, err)
	}
	if got := loadAll(t, v, "entries"); got[id] != "old" {
		t.Errorf("the record reads %q", got[id])
	}
}

func TestPutVersionAddsAVersionAsWrittenElsewhere(t *testing.T) {
	v, path := newHistoryVault(t, "entries")
	other := DeviceID{1, 2, 3}
	saved := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	future := Clock{Micros: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro(), Logical: 7}
	id, gone := NewID(), NewID()
	err := v.Update(func(tx *Tx) error {
		if err := tx.PutVersion("entries", id, Version{VersionInfo: VersionInfo{Seq: 3, Baseline: true}, Plain: []byte("before")}); err != nil {
			return err
		}
		if err := tx.PutVersion("entries", id, Version{VersionInfo: VersionInfo{Seq: 5, Device: other, Clock: future, Saved: saved}, Plain: []byte("theirs")}); err != nil {
			return err
		}
		if err := tx.PutVersion("entries", gone, Version{VersionInfo: VersionInfo{Seq: 1, Device: other, Clock: Clock{Micros: 5}, Saved: saved}, Plain: []byte("x")}); err != nil {
			return err
		}
		return tx.PutVersion("entries", gone, Version{VersionInfo: VersionInfo{Seq: 2, Device: other, Clock: Clock{Micros: 6}, Saved: saved, Tombstone: true}})
	})
	if err != nil {
		t.Fatal(err)
	}
	vs := versionsOf(t, v, "entries", id)
	if plains(vs) != "before,theirs" || vs[0].Seq != 3 || !vs[0].Baseline || vs[1].Seq != 5 || vs[1].Device != other ||
		vs[1].Clock != future || !vs[1].Saved.Equal(saved) {
		t.Fatalf("versions as added: %q %+v", plains(vs), vs)
	}
	// The live values follow the newest versions: one current, one in the trash.
	if got := loadAll(t, v, "entries"); len(got) != 1 || got[id] != "theirs" {
		t.Errorf("live records %v", got)
	}
	if trash, _, _ := v.Trash(); len(trash) != 1 || trash[0].ID != gone || string(trash[0].Last.Plain) != "x" {
		t.Errorf("trash %+v", trash)
	}
	// A later local change sorts after the clock it was given, from this device.
	if err := v.Put("entries", id, []byte("mine")); err != nil {
		t.Fatal(err)
	}
	vs = versionsOf(t, v, "entries", id)
	if last := vs[len(vs)-1]; last.Seq != 6 || last.Clock.Compare(future) <= 0 || last.Device == other {
		t.Errorf("the local change after: %+v", last.VersionInfo)
	}
	checkOK(t, v, "entries")

	// Nothing is overwritten, or slipped in below the newest, and nothing the format
	// cannot hold is written; a refused version changes nothing.
	before, _ := os.ReadFile(path)
	for _, bad := range []Version{
		{VersionInfo: VersionInfo{Seq: 6, Device: other, Clock: Clock{Micros: 9}}, Plain: []byte("over")},
		{VersionInfo: VersionInfo{Seq: 4, Device: other, Clock: Clock{Micros: 9}}, Plain: []byte("under")},
		{VersionInfo: VersionInfo{Seq: 9}, Plain: []byte("no device")},
		{VersionInfo: VersionInfo{Seq: 9, Device: other, Tombstone: true}, Plain: []byte("a tombstone with text")},
		{VersionInfo: VersionInfo{Seq: 9, Baseline: true, Clock: Clock{Micros: 1}}, Plain: []byte("a baseline with a clock")},
		{VersionInfo: VersionInfo{Seq: 0, Device: other}, Plain: []byte("zero")},
	} {
		if err := v.Update(func(tx *Tx) error { return tx.PutVersion("entries", id, bad) }); err == nil {
			t.Errorf("added %+v %q", bad.VersionInfo, bad.Plain)
		}
	}
	if err := v.Update(func(tx *Tx) error {
		tx.Put("entries", NewID(), []byte("local first"))
		return tx.PutVersion("entries", NewID(), Version{VersionInfo: VersionInfo{Seq: 1, Device: other, Clock: Clock{Micros: 1}}, Plain: []byte("x")})
	}); err == nil {
		t.Error("a version was added after the transaction's own change, which then sorts before it")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("refused versions changed the file")
	}
}

func TestPutVersionOverARecordWithoutHistoryKeepsItsValue(t *testing.T) {
	v, _ := newTestVault(t)
	id := NewID()
	if err := v.Put("goals", id, []byte("old")); err != nil {
		t.Fatal(err)
	}
	v.KeepHistory(nil, "goals")
	err := v.Update(func(tx *Tx) error {
		return tx.PutVersion("goals", id, Version{VersionInfo: VersionInfo{Seq: 2, Device: DeviceID{9}, Clock: Clock{Micros: 1}}, Plain: []byte("added")})
	})
	if err != nil {
		t.Fatal(err)
	}
	if vs := versionsOf(t, v, "goals", id); plains(vs) != "old,added" || !vs[0].Baseline {
		t.Fatalf("versions %q", plains(vs))
	}
	// An undo of the addition goes back to the baseline.
	if err := v.Update(func(tx *Tx) error { _, err := tx.UndoLast(); return err }); err != nil {
		t.Fatal(err)
	}
	if got := loadAll(t, v, "goals"); got[id] != "old" {
		t.Errorf("undo left %q", got[id])
	}
	checkOK(t, v, "goals")
}

func TestEachHistoryHandsOverEveryRecordsVersions(t *testing.T) {
	v, _ := newHistoryVault(t, "entries", "goals")
	a, g := NewID(), NewID()
	v.Put("entries", a, []byte("one"))
	v.Put("goals", g, []byte("goal"))
	v.Put("entries", a, []byte("two"))
	v.Delete("goals", g)
	got := map[string]string{}
	damaged, err := v.EachHistory(func(coll string, id ID, vs []Version) error {
		got[coll+" "+id.String()] = plains(vs)
		return nil
	})
	if err != nil || len(damaged) > 0 {
		t.Fatal(err, damaged)
	}
	if len(got) != 2 || got["entries "+a.String()] != "one,two" || got["goals "+g.String()] != "goal,†" {
		t.Errorf("history %v", got)
	}
	stop := errors.New("stop")
	if _, err := v.EachHistory(func(string, ID, []Version) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("fn's error: %v", err)
	}
}

func TestNewestVersions(t *testing.T) {
	v, _ := newHistoryVault(t, "entries", "goals")
	a, b, g := NewID(), NewID(), NewID()
	v.Put("entries", a, []byte("one"))
	v.Put("entries", a, []byte("two"))
	v.Put("entries", b, []byte("b"))
	v.Delete("entries", b)
	v.Put("goals", g, []byte("goal"))
	got, err := v.NewestVersions("entries")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[a] != 2 || got[b] != 2 {
		t.Errorf("newest versions %v", got)
	}
}

// One record's versions, read by a descent to the range of its history keys, are
// the versions a walk of the whole history hands over for it: in a history of
// several levels of pages, for records with one to four versions, records in the
// trash, and records with none.
func TestVersionsBySeekAgreeWithTheWholeHistory(t *testing.T) {
	v, _ := newHistoryVault(t, "entries", "goals")
	rng := rand.New(rand.NewPCG(7, 7))
	var ids []ID
	colls := map[ID]string{}
	err := v.Update(func(tx *Tx) error {
		for i := range 1500 {
			id, coll := NewID(), []string{"entries", "goals"}[i%2]
			ids, colls[id] = append(ids, id), coll
			if err := tx.Put(coll, id, []byte(fmt.Sprintf("%d %s", i, strings.Repeat("v", rng.IntN(300))))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for round := range 3 {
		err := v.Update(func(tx *Tx) error {
			for i, id := range ids {
				switch {
				case i%7 == round:
					if err := tx.Delete(colls[id], id); err != nil {
						return err
					}
				case i%(round+2) == 0:
					if err := tx.Put(colls[id], id, []byte(fmt.Sprintf("round %d %d", round, i))); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	whole := map[ID]string{}
	if _, err := v.EachHistory(func(coll string, id ID, vs []Version) error {
		if coll != colls[id] {
			t.Errorf("%s is in %s, not %s", id, coll, colls[id])
		}
		whole[id] = plains(vs)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(whole) != len(ids) {
		t.Fatalf("the whole history holds %d records, want %d", len(whole), len(ids))
	}
	for _, id := range append(ids, NewID()) {
		coll := colls[id]
		if coll == "" {
			coll = "entries"
		}
		if got := plains(versionsOf(t, v, coll, id)); got != whole[id] {
			t.Fatalf("versions of %s: %q, the whole history %q", id, got, whole[id])
		}
		// The same ID in the other collection has no versions.
		other := map[string]string{"entries": "goals", "goals": "entries"}[coll]
		if vs := versionsOf(t, v, other, id); len(vs) != 0 {
			t.Fatalf("%s has %d versions in %s too", id, len(vs), other)
		}
	}
}

// The trash is read from the keys of the whole history and the versions of the
// records in the trash alone: the reader hands over no live record's versions,
// and the listing is what it was.
func TestTrashReadsTheVersionsOfTheTrashAlone(t *testing.T) {
	v, _ := newHistoryVault(t, "entries", "goals")
	var gone, live []ID
	for i := range 60 {
		id := NewID()
		coll := []string{"entries", "goals"}[i%2]
		v.Put(coll, id, []byte("one"))
		v.Put(coll, id, []byte("two"))
		if i%20 == 3 {
			v.Delete(coll, id)
			gone = append(gone, id)
		} else {
			live = append(live, id)
		}
	}
	handed := 0
	err := histTrash{histReader{v, true}}.Scan(func(hist history.Records, _ map[string]map[ID][]byte) {
		handed = hist.Len()
	})
	if err != nil {
		t.Fatal(err)
	}
	// Each record in the trash has three versions: two values and its deletion.
	if handed != 3*len(gone) {
		t.Fatalf("the trash's reader handed over %d versions, want the %d of the records in the trash", handed, 3*len(gone))
	}
	items, damaged, err := v.Trash()
	if err != nil || len(damaged) > 0 || len(items) != len(gone) {
		t.Fatalf("trash: %d items, damaged %v, err %v; want %d", len(items), damaged, err, len(gone))
	}
	for _, it := range items {
		if !slices.Contains(gone, it.ID) || string(it.Last.Plain) != "two" || !it.Deleted.Tombstone || it.Deleted.Seq != 3 {
			t.Fatalf("trash item %s: last %q", it.ID, it.Last.Plain)
		}
	}
	ids, err := v.TrashedIDs()
	if err != nil || len(ids) != len(gone) {
		t.Fatalf("trashed IDs: %v, %v", ids, err)
	}
	// By a prefix, the records in the trash whose IDs start with it, by seeks:
	// prefixes of the trashed and of live records, of every length, and none.
	prefixes := []string{"", "U", "zzzz"}
	for i, id := range append(slices.Clone(gone), live[:10]...) {
		prefixes = append(prefixes, strings.ToUpper(id.String()[:1+i%16]), id.String())
	}
	for _, prefix := range prefixes {
		want := map[ID]string{}
		for id, coll := range ids {
			if strings.HasPrefix(id.String(), strings.ToLower(prefix)) {
				want[id] = coll
			}
		}
		got, err := v.TrashedWithPrefix(prefix)
		if err != nil || !maps.Equal(got, want) {
			t.Fatalf("trashed with prefix %q: %v, %v; want %v", prefix, got, err, want)
		}
	}
}
