package storage

import (
	"time"

	"github.com/foliohq/folio/storage/internal/history"
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
