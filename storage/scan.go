package storage

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	"github.com/foliohq/folio/storage/internal/base"
	"github.com/foliohq/folio/storage/internal/blob"
	"github.com/foliohq/folio/storage/internal/inventory"
	bolt "go.etcd.io/bbolt"
)

// Every read of records goes through fileWalk (walk.go), never through bbolt's cursor:
// a damaged page can make bbolt read outside the file, and a pointer it makes from
// garbage can kill the process in the garbage collector, which no recover catches.
// Writes still go through bbolt, but only after one walk of the whole file has found
// it sound (Vault.writable); from then on the file holds only pages bbolt wrote here.

// countsKey names the sealed record counts in the header's bucket.
var countsKey = []byte("counts")

// recordCounts are the sealed record counts (storage/internal/inventory).
type recordCounts = inventory.Counts

func (k *keys) sealCounts(c *recordCounts) ([]byte, error) {
	return k.seal(metaBucket, countsKey, c.Marshal())
}

func (k *keys) openCounts(sealed []byte) (*recordCounts, error) {
	if sealed == nil {
		return nil, fmt.Errorf("%w: the record counts reach outside their page", ErrDamaged)
	}
	plain, err := k.open(metaBucket, countsKey, sealed)
	if err != nil {
		return nil, fmt.Errorf("the record counts: %w", err)
	}
	return inventory.ParseCounts(plain)
}

// folioValues is what the header's bucket holds.
type folioValues struct {
	header, counts []byte
	hasCounts      bool
}

// folio walks the header's bucket, whose only keys are header and counts.
func (w *fileWalk) folio(value []byte) (f folioValues) {
	w.Bucket(value, "the header's bucket", func(k, val []byte, isBucket bool) {
		switch {
		case isBucket:
			w.Problem("the header's bucket holds a bucket %x", k[:min(len(k), 32)])
		// Copies: these outlive the walk, whose pages may be unmapped when it ends.
		case bytes.Equal(k, headerKey):
			f.header = bytes.Clone(val)
		case bytes.Equal(k, countsKey):
			f.counts, f.hasCounts = bytes.Clone(val), true
		default:
			w.Problem("the header's bucket holds an unexpected key %x", k[:min(len(k), 32)])
		}
	}, 0)
	return f
}

// bucketScan is what a walk found in one collection bucket.
type bucketScan struct {
	n    int            // keys found, sound or not
	recs []sealedRecord // the records that can be authenticated, if kept
	bad  []Damage       // keys that cannot hold a record
}

// scanTree walks the top-level tree and the header's bucket, and each collection
// bucket for which descend is true, calling each when one is done. Records are kept
// in the bucketScan only if keep. It returns the header's bucket and the names of
// every collection bucket, in order.
func (w *fileWalk) scanTree(descend func(name []byte) bool, keep bool, collection func(name []byte) string,
	each func(name []byte, bs *bucketScan)) (f folioValues, names [][]byte) {
	sawFolio := false
	w.Root(func(name, value []byte, isBucket bool) {
		switch {
		case !isBucket:
			w.Problem("top-level key %x is not a collection", name[:min(len(name), 32)])
		case isMeta(name):
			sawFolio = true
			f = w.folio(value)
		default:
			names = append(names, name)
			if !descend(name) {
				return
			}
			coll := collection(name)
			bs := &bucketScan{}
			// Without keep no value is read but a nested bucket's: the sparse
			// bucket's leaves are read in part.
			w.SetSparse(!keep && w.sparse != nil && bytes.Equal(name, w.sparse))
			defer w.SetSparse(false)
			w.Bucket(value, coll, func(k, val []byte, isBucket bool) {
				bs.n++
				switch {
				case isBucket:
					w.Bucket(val, coll, func([]byte, []byte, bool) {}, 1)
					bs.bad = append(bs.bad, Damage{Collection: coll, ID: base.RecordName(k), Err: fmt.Errorf("%w: a bucket is where the record should be", ErrDamaged)})
				case val == nil:
					bs.bad = append(bs.bad, Damage{Collection: coll, ID: base.RecordName(k), Err: fmt.Errorf("%w: the record reaches outside its page", ErrDamaged)})
				case keep:
					bs.recs = append(bs.recs, sealedRecord{k, val})
				}
			}, 0)
			each(name, bs)
		}
	})
	if !sawFolio {
		w.Problem("the header's bucket is missing")
	}
	return f, names
}

// walkTx starts a walk of the file as of tx, a read transaction.
func (v *Vault) walkTx(tx *bolt.Tx) (*fileWalk, error) {
	return openWalk(v.path, v.db.Info().PageSize, uint64(tx.ID()))
}

// countsDamage compares how many keys a bucket holds with how many folio wrote there.
func countsDamage(collection string, want uint64, have int) *Damage {
	if uint64(have) == want {
		return nil
	}
	var err error
	if uint64(have) < want {
		err = fmt.Errorf("%w: %d records were written but %d are in the file: %d missing", ErrDamaged, want, have, want-uint64(have))
	} else {
		err = fmt.Errorf("%w: %d records were written but the file shows %d", ErrDamaged, want, have)
	}
	return &Damage{Collection: collection, Err: err}
}

// writable answers whether the vault may be written. The first time, it walks the
// whole file: a write through bbolt over damaged pages could crash folio or make the
// damage permanent, and one over records a damaged count hides would drop them. A vault
// made before the record counts existed gets them here, in one transaction.
func (v *Vault) writable() error {
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	if v.readOnly {
		return errReadOnlyOpen
	}
	if v.verified || v.writeErr != nil {
		return v.writeErr
	}
	if v.rollback != nil && !v.acceptRollback {
		v.writeErr = v.rollbackError()
		return v.writeErr
	}
	var (
		problems []string
		have     = map[string]uint64{}
		f        folioValues
	)
	err := v.view(func(tx *bolt.Tx) error {
		w, err := v.walkTx(tx)
		if err != nil {
			return err
		}
		defer w.Close()
		// The chunks' leaves, most of a vault with large attachments, are read
		// in part: their keys, not their values, which this walk does not read.
		w.sparse = v.keys.bucketName(blob.ChunksCollection)
		f, _ = w.scanTree(func([]byte) bool { return true }, false, base.HexName, func(name []byte, bs *bucketScan) {
			have[string(name)] = uint64(bs.n)
			for _, d := range bs.bad {
				w.Problem("%v", d)
			}
		})
		w.Finish()
		problems = w.Problems()
		return nil
	})
	if err != nil {
		return err
	}
	refuse := func(why string) error {
		v.writeErr = fmt.Errorf("%w: %s; folio will not write to a damaged vault", ErrDamaged, why)
		return v.writeErr
	}
	if len(problems) > 0 {
		return refuse(problems[0])
	}
	c := &recordCounts{Saved: time.Now(), N: have}
	if f.hasCounts {
		if c, err = v.keys.openCounts(f.counts); err != nil {
			return refuse(err.Error())
		}
		for _, name := range sortedKeys(c.N, have) {
			if d := countsDamage(base.HexName([]byte(name)), c.N[name], int(have[name])); d != nil {
				// Name what is missing, as Load does, in the refusal.
				return refuse(v.describeMissing(name, d).Error())
			}
		}
	}
	// The counts agree, which is what a write must not go past; comparing the ID
	// sets too would cost every first write a decryption of them all, so that is left
	// to check.
	if !f.hasCounts || !inventory.HasIDSets(c, v.keys.bucketName(idsCollection)) {
		// A vault made before the ID sets (and perhaps before the counts): write
		// them, and the counts that include them, in one transaction.
		if err := v.upgradeIDSets(c); err != nil {
			return err
		}
	}
	v.idSets.Store(true)
	v.verified = true
	return nil
}

func sortedKeys(a, b map[string]uint64) []string {
	var names []string
	for k := range a {
		names = append(names, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	return names
}
