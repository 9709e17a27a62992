package blob

import (
	"bytes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"hash"
	"io"
	"path/filepath"
	"testing"

	"github.com/foliohq/folio/storage/internal/base"
	"github.com/foliohq/folio/storage/internal/pagewalk"
	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/chacha20poly1305"
)

// testVault is the least a vault must be for the attachments: a bbolt file, records
// sealed under their bucket and key, fixed keys, and counts the test compares with
// what the buckets hold. The vault's own tests (storage) try the package through the
// real one: its key derivation, its Check and its file's damage.
type testVault struct {
	db     *bolt.DB
	path   string
	counts map[string]int64
}

func newTestVault(t *testing.T) *testVault {
	t.Helper()
	path := filepath.Join(t.TempDir(), "blobs.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &testVault{db: db, path: path, counts: map[string]int64{}}
}

func (v *testVault) BucketName(collection string) []byte {
	s := sha256.Sum256([]byte(collection))
	return s[:16]
}

func (v *testVault) aead() cipher.AEAD {
	a, _ := chacha20poly1305.NewX(seq(0, 32))
	return a
}

func (v *testVault) seal(bucket, key, plain []byte) []byte {
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	rand.Read(nonce)
	return v.aead().Seal(nonce, nonce, plain, append(bytes.Clone(bucket), key...))
}

func (v *testVault) Open(bucket, key, sealed []byte) ([]byte, error) {
	if len(sealed) < chacha20poly1305.NonceSizeX {
		return nil, ErrDamaged
	}
	n := chacha20poly1305.NonceSizeX
	plain, err := v.aead().Open(nil, sealed[:n], sealed[n:], append(bytes.Clone(bucket), key...))
	if err != nil {
		return nil, ErrDamaged
	}
	return plain, nil
}

func (v *testVault) WithAEAD(fn func(cipher.AEAD) error) error       { return fn(v.aead()) }
func (v *testVault) WithDataKey(fn func(dataKey []byte) error) error { return fn(seq(0x40, 32)) }
func (v *testVault) NameMAC() hash.Hash                              { return hmac.New(sha256.New, seq(0x80, 32)) }

func (v *testVault) Get(collection string, id ID) ([]byte, error) {
	var plain []byte
	err := v.db.View(func(tx *bolt.Tx) error {
		name := v.BucketName(collection)
		b := tx.Bucket(name)
		if b == nil || b.Get(id[:]) == nil {
			return base.ErrNotFound
		}
		var err error
		plain, err = v.Open(name, id[:], b.Get(id[:]))
		return err
	})
	return plain, err
}

func (v *testVault) Load(collection string, fn func(id ID, plain []byte) error) ([]Damage, error) {
	var bad []Damage
	err := v.db.View(func(tx *bolt.Tx) error {
		name := v.BucketName(collection)
		b := tx.Bucket(name)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, sealed []byte) error {
			plain, err := v.Open(name, k, sealed)
			if err != nil {
				bad = append(bad, Damage{Collection: collection, ID: ID(k).String(), Err: err})
				return nil
			}
			return fn(ID(k), plain)
		})
	})
	return bad, err
}

func (v *testVault) Seek(fn func(w *pagewalk.Walk) error) (err error) {
	defer pagewalk.Recover(&err)
	return v.db.View(func(tx *bolt.Tx) error {
		w, err := pagewalk.OpenMapped(v.path, v.db.Info().PageSize, uint64(tx.ID()), true)
		if err != nil {
			return err
		}
		defer w.Close()
		return fn(w)
	})
}

func (v *testVault) update(fn func(Tx) error) error {
	return v.db.Update(func(tx *bolt.Tx) error { return fn(testTx{tx, v}) })
}

// records are a bucket's records, copied out of its transaction.
type records [][2][]byte

func (r records) Len() int                     { return len(r) }
func (r records) At(i int) (key, value []byte) { return r[i][0], r[i][1] }

func (v *testVault) records(t *testing.T, collection string) records {
	t.Helper()
	var out records
	err := v.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(v.BucketName(collection))
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, val []byte) error {
			out = append(out, [2][]byte{bytes.Clone(k), bytes.Clone(val)})
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// check runs a blob check over the buckets as they are.
func (v *testVault) check(t *testing.T) Result {
	t.Helper()
	c := NewCheck(v, map[string]string{})
	for _, coll := range []string{ChunksCollection, BlobsCollection, PendingCollection} {
		c.Take(v.BucketName(coll), v.records(t, coll), nil)
	}
	return c.Run()
}

// agree fails the test unless every bucket holds as many keys as the counts say.
func (v *testVault) agree(t *testing.T) {
	t.Helper()
	for _, coll := range []string{ChunksCollection, BlobsCollection, PendingCollection} {
		if got, want := len(v.records(t, coll)), v.counts[string(v.BucketName(coll))]; int64(got) != want {
			t.Errorf("%q holds %d keys, its count says %d", coll, got, want)
		}
	}
}

type testTx struct {
	tx *bolt.Tx
	v  *testVault
}

func (t testTx) Bucket(name []byte) *bolt.Bucket { return t.tx.Bucket(name) }
func (t testTx) CreateBucket(name []byte) (*bolt.Bucket, error) {
	return t.tx.CreateBucketIfNotExists(name)
}
func (t testTx) BucketName(collection string) []byte { return t.v.BucketName(collection) }
func (t testTx) Open(bucket, key, sealed []byte) ([]byte, error) {
	return t.v.Open(bucket, key, sealed)
}
func (t testTx) Count(bucket []byte, d int64)        { t.v.counts[string(bucket)] += d }
func (t testTx) NoteID(bucket []byte, id ID, _ bool) {}

func (t testTx) Put(collection string, id ID, plain []byte) error {
	name := t.v.BucketName(collection)
	b, err := t.tx.CreateBucketIfNotExists(name)
	if err != nil {
		return err
	}
	if b.Get(id[:]) == nil {
		t.Count(name, 1)
	}
	return b.Put(id[:], t.v.seal(name, id[:], plain))
}

func (t testTx) Delete(collection string, id ID) error {
	name := t.v.BucketName(collection)
	b := t.tx.Bucket(name)
	if b == nil || b.Get(id[:]) == nil {
		return nil
	}
	t.Count(name, -1)
	return b.Delete(id[:])
}

// attach stages data and commits it in a transaction of its own.
func (v *testVault) attach(t *testing.T, data []byte) Blob {
	t.Helper()
	s, err := Stage(v, bytes.NewReader(data), v.update, MaxSize, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b Blob
	if err := v.update(func(tx Tx) error { b, err = Commit(tx, s); return err }); err != nil {
		t.Fatal(err)
	}
	s.Committed()
	return b
}

func read(v Vault, h Hash) ([]byte, error) {
	r, err := Open(v, h)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// The package on its own, through the interfaces: a blob of two batches goes in
// and comes back, is stored once when kept twice, checks whole, and is deleted with
// all its chunks, with the counts in step with the buckets throughout.
func TestStageOpenCommitDelete(t *testing.T) {
	v := newTestVault(t)
	data := bytes.Repeat([]byte("evidence "), (WriteBatch*ChunkSize+1)/9+1)[:WriteBatch*ChunkSize+1]
	b := v.attach(t, data)
	if b.Chunks != WriteBatch+1 || b.Size != int64(len(data)) || b.Format != FormatBLAKE3 {
		t.Fatalf("blob %+v", b)
	}
	if got, err := read(v, b.Hash); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read %d bytes back, %v", len(got), err)
	}
	if again := v.attach(t, data); again != b {
		t.Errorf("the same bytes kept twice: %+v and %+v", b, again)
	}
	if n := len(v.records(t, ChunksCollection)); n != WriteBatch+1 {
		t.Errorf("%d chunks after keeping the file twice, want %d", n, WriteBatch+1)
	}
	v.agree(t)
	if res := v.check(t); res.Blobs != 1 || res.Pending != 0 || len(res.Damaged) != 0 || res.OwnRecords != 1 {
		t.Errorf("check: %+v", res)
	}
	if list, bad, err := List(v); err != nil || len(bad) != 0 || len(list) != 1 || list[0] != b {
		t.Errorf("list: %+v %v %v", list, bad, err)
	}
	if err := v.update(func(tx Tx) error { return Delete(v, tx, b.Hash) }); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(v, b.Hash); !errors.Is(err, base.ErrNotFound) {
		t.Errorf("a deleted blob opens: %v", err)
	}
	if n := len(v.records(t, ChunksCollection)); n != 0 {
		t.Errorf("%d chunks left after deleting", n)
	}
	v.agree(t)
}

// A blob staged and never committed leaves its chunks and marker, as a process
// killed mid-attach would; the check counts them as pending, and the sweep takes
// them all.
func TestSweepTakesWhatWasNotCommitted(t *testing.T) {
	v := newTestVault(t)
	s, err := Stage(v, bytes.NewReader(make([]byte, 3*ChunkSize)), v.update, MaxSize, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res := v.check(t); res.Pending != 3 || res.Blobs != 0 || len(res.Damaged) != 0 {
		t.Errorf("check with a blob pending: %+v", res)
	}
	n, err := SweepPending(v, v.update)
	if err != nil || n != 1 {
		t.Fatalf("swept %d, %v", n, err)
	}
	for _, coll := range []string{ChunksCollection, PendingCollection} {
		if got := len(v.records(t, coll)); got != 0 {
			t.Errorf("%q holds %d keys after the sweep", coll, got)
		}
	}
	v.agree(t)
	if err := s.Discard(); err != nil {
		t.Errorf("discarding what the sweep took: %v", err)
	}
}

// A chunk changed in the file fails to read, and the check names its blob.
func TestChangedChunkIsDamage(t *testing.T) {
	v := newTestVault(t)
	b := v.attach(t, bytes.Repeat([]byte{7}, 2*ChunkSize))
	key := ChunkKey(ChunkPrefix(v, b.Stream), 1)
	err := v.db.Update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(v.BucketName(ChunksCollection))
		sealed := bytes.Clone(bk.Get(key[:]))
		sealed[len(sealed)-1] ^= 1
		return bk.Put(key[:], sealed)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := read(v, b.Hash); !errors.Is(err, ErrDamaged) {
		t.Errorf("a changed chunk reads: %v", err)
	}
	res := v.check(t)
	if res.Blobs != 0 || len(res.Damaged) != 1 || res.Damaged[0].ID != b.Hash.ID().String() {
		t.Errorf("check: %+v", res)
	}
}
