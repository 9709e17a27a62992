package storage

import (
	"fmt"

	"github.com/foliohq/folio/storage/internal/base"
	bolt "go.etcd.io/bbolt"
)

// Reads of a few records seek them (storage/internal/pagewalk) rather than walk the
// whole collection.

// seekRecords finds each of ids in collection with one descent apiece, in one read
// transaction, and passes fn the sealed records found (pointing into the walk's
// pages, valid until fn returns) and damage met on the way, by ID, in batches of
// up to seekBatch records, at least once. IDs that are not there are left out.
// seekBatch is how many sealed records seekRecords hands fn at a time.
const seekBatch = 512

func (v *Vault) seekRecords(collection string, ids []ID, fn func(recs []sealedRecord, bad []Damage) error) error {
	name := v.keys.bucketName(collection)
	return v.view(func(tx *bolt.Tx) error {
		w, err := openWalkMapped(v.path, v.db.Info().PageSize, uint64(tx.ID()), false)
		if err != nil {
			return err
		}
		defer w.Close()
		root, inline, ok, err := w.SeekBucket(name)
		if err != nil {
			return fmt.Errorf("%w: %s: %v", ErrDamaged, collection, err)
		}
		if !ok {
			return fn(nil, nil)
		}
		var recs []sealedRecord
		var bad []Damage
		for _, id := range ids {
			if len(recs) == seekBatch {
				// Each record holds its page: handing them over in batches keeps
				// a read of thousands (list --tag at 100k: 7,675, 4 KiB and more
				// apiece) from holding every page at once.
				if err := fn(recs, bad); err != nil {
					return err
				}
				recs, bad = recs[:0], nil
			}
			el, found, err := w.SeekIn(root, inline, id[:])
			switch {
			case err != nil:
				bad = append(bad, Damage{Collection: collection, ID: id.String(), Err: fmt.Errorf("%w: %v", ErrDamaged, err)})
			case !found:
			case el.IsBucket:
				bad = append(bad, Damage{Collection: collection, ID: id.String(), Err: fmt.Errorf("%w: a bucket is where the record should be", ErrDamaged)})
			default:
				recs = append(recs, sealedRecord{key: el.Key, value: el.Value})
			}
		}
		return fn(recs, bad)
	})
}

// Generation names the vault's last committed change: bbolt's transaction ID, which
// every write transaction advances by one. It is not secret and not authenticated;
// an index kept in the vault can seal the generation it was last brought up to date
// at, and trust itself without reading every record's stamp while the two agree.
func (v *Vault) Generation() (uint64, error) {
	var g uint64
	err := v.view(func(tx *bolt.Tx) error {
		g = uint64(tx.ID())
		return nil
	})
	return g, err
}

// Generation is what Vault.Generation will return once this transaction commits.
func (t *Tx) Generation() uint64 { return uint64(t.tx.ID()) }

// Count is how many records folio wrote to collection, from the sealed record
// counts, read without walking the collection; ok is false if the vault has no
// counts (made before they existed).
func (v *Vault) Count(collection string) (n uint64, ok bool, err error) {
	name := v.keys.bucketName(collection)
	var f folioValues
	err = v.view(func(tx *bolt.Tx) error {
		w, err := v.walkTx(tx)
		if err != nil {
			return err
		}
		defer w.Close()
		f, _ = w.scanTree(func([]byte) bool { return false }, false, base.HexName, func([]byte, *bucketScan) {})
		if len(w.Problems()) > 0 {
			return fmt.Errorf("%w: %s", ErrDamaged, w.Problems()[0])
		}
		return nil
	})
	if err != nil || !f.hasCounts {
		return 0, false, err
	}
	c, err := v.keys.openCounts(f.counts)
	if err != nil {
		return 0, false, err
	}
	return c.N[string(name)], true, nil
}
