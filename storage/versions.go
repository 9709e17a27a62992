package storage

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	"github.com/foliohq/folio/storage/internal/base"
	"github.com/foliohq/folio/storage/internal/history"
	"github.com/foliohq/folio/storage/internal/pagewalk"
	"github.com/foliohq/folio/storage/internal/scan"
	bolt "go.etcd.io/bbolt"
)

// A record's versions, the trash, undo and the version exchange of sync are
// storage/internal/history's. The transaction embeds its history.Tx, so Restore,
// UndoLast, ApplyVersion and the rest are methods of Tx; these are the names of its
// types that the rest of folio uses.
type (
	Clock       = history.Clock
	DeviceID    = history.DeviceID
	VersionInfo = history.VersionInfo
	Version     = history.Version
	Step        = history.Step
	StepChange  = history.StepChange
	Trashed     = history.Trashed
	SyncVersion = history.SyncVersion
	SyncRecord  = history.SyncRecord
	Head        = history.Head
	Conflict    = history.Conflict
)

// DeviceIDSize is the length of a vault's random device ID.
const DeviceIDSize = history.DeviceIDSize

// Errors of undo; see storage/internal/history.
var (
	ErrChangedSince  = history.ErrChangedSince
	ErrNothingToUndo = history.ErrNothingToUndo
)

// versions is the name under which Tx embeds its versioning state: unexported, so the
// embedded value is not part of Tx's API, while its exported methods are.
type versions = history.Tx

// KeepHistory makes every later Put and Delete in these collections keep versions,
// stamped with the wall time now gives (nil is time.Now). A collection of derived data
// (an index) is left out: its records are rebuilt, not edited.
func (v *Vault) KeepHistory(now func() time.Time, collections ...string) {
	buckets := map[string]string{}
	for _, c := range collections {
		buckets[string(v.keys.bucketName(c))] = c
	}
	v.hist.Keep(now, buckets)
}

// UndoLog is the session's changes, oldest first.
func (v *Vault) UndoLog() []Step { return v.hist.Steps() }

// newTx starts a transaction of the vault over tx.
func (v *Vault) newTx(tx *bolt.Tx) *Tx {
	t := &Tx{tx: tx, keys: v.keys, delta: map[string]int64{}, idSets: v.idSets.Load()}
	t.versions = history.NewTx(txStore{t}, &v.hist)
	return t
}

// View runs fn in a read-only transaction of the same kind as Update's, for reads
// that need the transaction's helpers; any write in fn fails.
func (v *Vault) View(fn func(*Tx) error) (err error) {
	defer recoverDamage(&err)
	return v.db.View(func(tx *bolt.Tx) error { return fn(v.newTx(tx)) })
}

// txStore is what history writes through: the transaction's buckets, keys, counts
// and ID sets, and its Put and Delete. It is a type of its own so that these are not
// methods of Tx.
type txStore struct{ t *Tx }

func (s txStore) Bucket(name []byte) *bolt.Bucket { return s.t.tx.Bucket(name) }

func (s txStore) CreateBucket(name []byte) (*bolt.Bucket, error) {
	return s.t.tx.CreateBucketIfNotExists(name)
}

func (s txStore) Writable() bool                      { return s.t.tx.Writable() }
func (s txStore) BucketName(collection string) []byte { return s.t.keys.bucketName(collection) }
func (s txStore) Seal(bucket, key, plain []byte) ([]byte, error) {
	return s.t.keys.seal(bucket, key, plain)
}
func (s txStore) Open(bucket, key, sealed []byte) ([]byte, error) {
	return s.t.keys.open(bucket, key, sealed)
}
func (s txStore) Count(bucket []byte, d int64)              { s.t.delta[string(bucket)] += d }
func (s txStore) NoteID(bucket []byte, id ID, present bool) { s.t.noteID(bucket, id, present) }
func (s txStore) Put(collection string, id ID, plain []byte) error {
	return s.t.Put(collection, id, plain)
}
func (s txStore) Delete(collection string, id ID) error { return s.t.Delete(collection, id) }

// TrashItem is a record in the trash: its deletion and the last version it had.
type TrashItem = history.TrashItem

// histReader is what history reads through: the vault's keys and one bounds-checked
// walk of the history bucket and the live buckets of the collections that keep
// history. A strict reader refuses a file whose walk found problems; Check's is
// lenient, since it reports them itself.
type histReader struct {
	v      *Vault
	strict bool
}

func (r histReader) BucketName(collection string) []byte { return r.v.keys.bucketName(collection) }

func (r histReader) Open(bucket, key, sealed []byte) ([]byte, error) {
	return r.v.keys.open(bucket, key, sealed)
}

func (r histReader) Scan(fn func(hist history.Records, live map[string]map[ID][]byte)) error {
	v := r.v
	hname := v.keys.bucketName(history.HistoryLabel)
	buckets := v.hist.Buckets()
	return v.view(func(tx *bolt.Tx) error {
		w, err := v.walkTx(tx)
		if err != nil {
			return err
		}
		defer w.Close()
		want := func(n []byte) bool { _, ok := buckets[string(n)]; return ok }
		hist, live := w.Live(hname, want, func(n []byte) string { return history.CollectionName(buckets, n) })
		if r.strict && len(w.Problems()) > 0 {
			return fmt.Errorf("%w: %s", ErrDamaged, w.Problems()[0])
		}
		fn(scan.Records(hist), live)
		return nil
	})
}

// collect gathers what a read of history could not open.
func collect(damaged *[]Damage) history.Damaged {
	return func(collection, id string, err error) {
		*damaged = append(*damaged, Damage{Collection: collection, ID: id, Err: err})
	}
}

// Versions opens every version kept of id in collection, oldest first. Versions that
// fail to open are returned as Damage.
func (v *Vault) Versions(collection string, id ID) ([]Version, []Damage, error) {
	var damaged []Damage
	vs, err := history.Versions(histRange{histReader{v, true}, collection, id}, collection, id, collect(&damaged))
	return vs, damaged, err
}

// histRange is the history reader of one record's versions: its Scan reads the
// history's keys of that record alone, by a bounds-checked descent to their range
// (pagewalk.SeekRange), rather than walking the whole history, so a record's
// history costs about one seek whatever the vault holds. Like every seek, it
// checks the pages on its way and not the record counts.
type histRange struct {
	histReader
	collection string
	id         ID
}

func (r histRange) Scan(fn func(hist history.Records, live map[string]map[ID][]byte)) error {
	v := r.v
	lo, hi := historyRange(v.keys.bucketName(r.collection), r.id)
	return v.view(func(tx *bolt.Tx) error {
		t, err := v.openTree(tx, history.HistoryLabel)
		if err != nil {
			return err
		}
		defer t.Close()
		var recs scan.Records
		err = t.each(lo, hi, func(el pagewalk.Elem) bool {
			recs = append(recs, scan.Record{Key: el.Key, Value: el.Value})
			return true
		})
		if err != nil {
			return err
		}
		fn(recs, nil)
		return nil
	})
}

// historyRange is the least and the greatest history key of the record id of
// the collection whose bucket is named bucket: a history key is the bucket's
// name, the ID and a 4-byte count.
func historyRange(bucket []byte, id ID) (lo, hi []byte) {
	prefix := append(bytes.Clone(bucket), id[:]...)
	return append(bytes.Clone(prefix), 0, 0, 0, 0), append(prefix, 0xff, 0xff, 0xff, 0xff)
}

// Trash lists the records in the trash, in the order of their history keys.
// Records whose versions fail to open are returned as Damage.
func (v *Vault) Trash() ([]TrashItem, []Damage, error) {
	var damaged []Damage
	items, err := history.Trash(histTrash{histReader{v, true}}, v.hist.Buckets(), collect(&damaged))
	return items, damaged, err
}

// scanKeys walks the whole file in tx for the history's keys and the live
// records' IDs, reading no value (scan.LiveKeys): a vault's size in values is
// not held to learn which records are in the trash. It reports the walk's
// problems as damage.
func (r histReader) scanKeys(tx *bolt.Tx) (hist []scan.Record, live map[string]map[ID][]byte, err error) {
	v := r.v
	buckets := v.hist.Buckets()
	w, err := v.walkTx(tx)
	if err != nil {
		return nil, nil, err
	}
	defer w.Close()
	want := func(n []byte) bool { _, ok := buckets[string(n)]; return ok }
	hist, live = w.LiveKeys(v.keys.bucketName(history.HistoryLabel), want, func(n []byte) string { return history.CollectionName(buckets, n) })
	if r.strict && len(w.Problems()) > 0 {
		return nil, nil, fmt.Errorf("%w: %s", ErrDamaged, w.Problems()[0])
	}
	return hist, live, nil
}

// TrashedWithPrefix names the records in the trash whose IDs start with prefix
// (in either case), with their collections: records with versions and no live
// value, as TrashedIDs names them all. It reads by seeks alone, each
// collection's range of history keys for the prefix and then each record found
// there in its collection, so naming a record in the trash by a few characters of
// its ID costs a few seeks, not a walk of the file. A damaged page on the way is
// ErrDamaged.
func (v *Vault) TrashedWithPrefix(prefix string) (map[ID]string, error) {
	lo, hi, ok := base.PrefixRange(prefix)
	out := map[ID]string{}
	if !ok {
		return out, nil
	}
	buckets := v.hist.Buckets()
	err := v.view(func(tx *bolt.Tx) error {
		t, err := v.openTree(tx, history.HistoryLabel)
		if err != nil {
			return err
		}
		defer t.Close()
		type found struct {
			id   ID
			coll string
		}
		var ids []found
		for bucket, coll := range buckets {
			from := append(append([]byte(bucket), lo[:]...), 0, 0, 0, 0)
			to := append(append([]byte(bucket), hi[:]...), 0xff, 0xff, 0xff, 0xff)
			err := t.each(from, to, func(el pagewalk.Elem) bool {
				if len(el.Key) == history.KeySize {
					id := ID(el.Key[base.BucketNameSize : base.BucketNameSize+base.IDSize])
					if n := len(ids); n == 0 || ids[n-1].id != id || ids[n-1].coll != coll {
						ids = append(ids, found{id, coll})
					}
				}
				return true
			})
			if err != nil {
				return err
			}
		}
		for _, f := range ids {
			croot, cinline, cpresent, err := t.SeekBucket(v.keys.bucketName(f.coll))
			if err != nil {
				return damagedSeek(f.coll, err)
			}
			live := false
			if cpresent {
				if _, live, err = t.SeekIn(croot, cinline, f.id[:]); err != nil {
					return damagedSeek(f.coll, err)
				}
			}
			if !live {
				out[f.id] = f.coll
			}
		}
		return nil
	})
	return out, err
}

// histKeys is the history reader of what needs only keys (TrashedIDs): its
// Scan hands over the history's keys without their values.
type histKeys struct{ histReader }

func (r histKeys) Scan(fn func(hist history.Records, live map[string]map[ID][]byte)) error {
	return r.v.view(func(tx *bolt.Tx) error {
		hist, live, err := r.scanKeys(tx)
		if err != nil {
			return err
		}
		fn(scan.Records(hist), live)
		return nil
	})
}

// histTrash is the history reader of the trash: its Scan finds the records in
// the trash from the keys alone (scanKeys), then reads the versions of those
// records only, each by a descent to its range of history keys, in the same
// transaction, and hands over those versions.
type histTrash struct{ histReader }

func (r histTrash) Scan(fn func(hist history.Records, live map[string]map[ID][]byte)) error {
	v := r.v
	buckets := v.hist.Buckets()
	return v.view(func(tx *bolt.Tx) error {
		keys, live, err := r.scanKeys(tx)
		if err != nil {
			return err
		}
		// The records with versions and no live value, each once (the keys are
		// in order, a record's versions together).
		var trashed [][]byte
		var recs scan.Records
		for _, k := range keys {
			if len(k.Key) != history.KeySize {
				// history.Trash names it as damage, from its key.
				recs = append(recs, k)
				continue
			}
			prefix := k.Key[:base.BucketNameSize+base.IDSize]
			bucket := prefix[:base.BucketNameSize]
			if _, ok := buckets[string(bucket)]; !ok {
				continue
			}
			if _, isLive := live[string(bucket)][ID(prefix[base.BucketNameSize:])]; isLive {
				continue
			}
			if n := len(trashed); n == 0 || !bytes.Equal(trashed[n-1], prefix) {
				trashed = append(trashed, prefix)
			}
		}
		if len(trashed) > 0 {
			t, err := v.openTree(tx, history.HistoryLabel)
			if err != nil {
				return err
			}
			defer t.Close()
			for _, prefix := range trashed {
				lo, hi := historyRange(prefix[:base.BucketNameSize], ID(prefix[base.BucketNameSize:]))
				err := t.each(lo, hi, func(el pagewalk.Elem) bool {
					// Copies: the seeks reuse their pages' memory.
					recs = append(recs, scan.Record{Key: bytes.Clone(el.Key), Value: bytes.Clone(el.Value)})
					return true
				})
				if err != nil {
					return err
				}
				t.Recycle()
			}
		}
		// In key order, as history.Trash reads them.
		slices.SortFunc(recs, func(a, b scan.Record) int { return bytes.Compare(a.Key, b.Key) })
		fn(recs, live)
		return nil
	})
}

// TrashedIDs names the records in the trash by their IDs, with their collections,
// without decrypting anything: records with versions and no live value.
func (v *Vault) TrashedIDs() (map[ID]string, error) {
	return history.TrashedIDs(histKeys{histReader{v, true}}, v.hist.Buckets())
}

// EachHistory opens every version in the history in one pass and hands fn each
// record's versions, oldest first, with the record's collection (its bucket's name in
// hex when no collection keeps history there). Versions that fail to open are
// returned as Damage and left out. fn runs inside a read transaction and may keep
// what it is given.
func (v *Vault) EachHistory(fn func(collection string, id ID, vs []Version) error) ([]Damage, error) {
	var damaged []Damage
	err := history.EachHistory(histReader{v, true}, v.hist.Buckets(), fn, collect(&damaged))
	return damaged, err
}

// NewestVersions is the number of the newest version of every record of collection
// that has versions, read from the history's keys alone: nothing is decrypted.
func (v *Vault) NewestVersions(collection string) (map[ID]uint32, error) {
	return history.NewestVersions(histReader{v, true}, collection)
}

// internalNames names, for Check's report, the buckets history adds.
func (v *Vault) internalNames(known map[string]string) {
	known[string(v.keys.bucketName(history.HistoryLabel))] = "history"
	known[string(v.keys.bucketName(history.DeviceLabel))] = "device"
}

// checkHistory authenticates every version in the history bucket, and the device
// record, and adds what it found to report. It reports whether name is one of those
// buckets, which the generic check then skips: history keys are not record IDs, and
// neither bucket holds the user's records.
func (v *Vault) checkHistory(name []byte, bs *scan.Bucket, report *Report) bool {
	if bytes.Equal(name, v.keys.bucketName(history.DeviceLabel)) {
		report.Damaged = append(report.Damaged, bs.Bad...)
		for _, r := range bs.Recs {
			plain, err := v.keys.open(name, r.Key, r.Value)
			if err == nil {
				err = history.CheckDevice(r.Key, plain)
			}
			if err != nil {
				report.Damaged = append(report.Damaged, Damage{Collection: "device", ID: base.RecordName(r.Key), Err: err})
			}
		}
		return true
	}
	if !bytes.Equal(name, v.keys.bucketName(history.HistoryLabel)) {
		return false
	}
	report.Damaged = append(report.Damaged, bs.Bad...)
	report.Versions += history.CheckVersions(histReader{v, false}, scan.Records(bs.Recs), collect(&report.Damaged))
	return true
}

// historyAgrees compares every record that has versions with its newest one, for
// Check (history.Agrees).
func (v *Vault) historyAgrees() ([]Damage, error) {
	var damaged []Damage
	err := history.Agrees(histReader{v, false}, v.hist.Buckets(), collect(&damaged))
	return damaged, err
}
