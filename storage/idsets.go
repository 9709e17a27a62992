package storage

import (
	"bytes"
	"fmt"
	"time"

	"github.com/foliohq/folio/storage/internal/base"
	"github.com/foliohq/folio/storage/internal/inventory"
	"github.com/foliohq/folio/storage/internal/scan"
	bolt "go.etcd.io/bbolt"
)

// The record counts tell that records are missing; the ID sets tell which
// (storage/internal/inventory holds their format). This is the vault's side: keeping
// them in step with every write, reading them with the walk, and writing them for a
// vault made before they existed.

// noteID records that the transaction added (present) or removed id in bucket.
func (t *Tx) noteID(bucket []byte, id ID, present bool) {
	if t.ids == nil {
		t.ids = inventory.Changes{}
	}
	t.ids.Note(bucket, id, present)
}

// saveIDSets rewrites the chunks of the IDs the transaction added or removed, and
// counts the chunks it creates or empties; it runs before saveCounts.
func (t *Tx) saveIDSets() error {
	if !t.idSets || len(t.ids) == 0 {
		return nil
	}
	sets := t.keys.bucketName(idsCollection)
	b, err := t.tx.CreateBucketIfNotExists(sets)
	if err != nil {
		return err
	}
	return t.ids.Save(b, sets, t.keys.seal, t.keys.open, func(d int64) { t.delta[string(sets)] += d })
}

// idsCollection names the collection that holds the ID sets (storage/internal/inventory).
const idsCollection = inventory.Collection

// idSets is every collection's record IDs as the ID sets list them, and the chunks
// that did not open or parse.
type idSets struct {
	inventory.Sets
	bad []Damage
}

// add reads one sealed chunk of the ID-set bucket sets.
func (s *idSets) add(k *keys, sets []byte, r sealedRecord) {
	plain, err := k.open(sets, r.Key, r.Value)
	if err != nil {
		s.bad = append(s.bad, Damage{Collection: idsCollection, ID: base.RecordName(r.Key), Err: err})
		return
	}
	s.addPlain(r.Key, plain)
}

// addPlain adds one opened chunk stored as chunkID.
func (s *idSets) addPlain(chunkID, plain []byte) {
	if err := s.AddPlain(chunkID, plain); err != nil {
		s.bad = append(s.bad, Damage{Collection: idsCollection, ID: base.RecordName(chunkID), Err: err})
	}
}

// idsDamage reports the difference inventory.CompareIDs found in collection, naming
// up to limit IDs of each kind (all if limit is 0), after the count's own report, if
// any; nil if there is none.
func idsDamage(collection string, counted *Damage, missing, extra []ID, limit int) *Damage {
	var cerr error
	if counted != nil {
		cerr = counted.Err
	}
	err := inventory.Difference(cerr, missing, extra, limit)
	if err == nil {
		return counted
	}
	return &Damage{Collection: collection, Err: err}
}

// idSetOf reads the ID set of the collection in bucket name with a walk of its own,
// as of tx.
func (v *Vault) idSetOf(tx *bolt.Tx, name []byte) (idSets, error) {
	var sets idSets
	w, err := v.walkTx(tx)
	if err != nil {
		return sets, err
	}
	defer w.Close()
	setsName := v.keys.bucketName(idsCollection)
	w.Tree(func(n []byte) bool { return bytes.Equal(n, setsName) }, true,
		func([]byte) string { return idsCollection },
		func(_ []byte, bs *scan.Bucket) {
			sets.bad = bs.Bad
			for _, r := range bs.Recs {
				if len(r.Key) == IDSize && bytes.Equal(r.Key[:IDSize-1], name[:IDSize-1]) {
					sets.add(v.keys, setsName, r)
				}
			}
		})
	return sets, nil
}

// upgradeIDSets writes the ID sets of a vault made before them, from the keys of its
// collections, with counts c that then include them, in one transaction: all or
// nothing. writable calls it, holding the write lock, once the file is walked sound
// and the counts agree.
func (v *Vault) upgradeIDSets(c *recordCounts) error {
	setsName := v.keys.bucketName(idsCollection)
	keys := map[string][][]byte{}
	var problems []string
	err := v.view(func(tx *bolt.Tx) error {
		w, err := v.walkTx(tx)
		if err != nil {
			return err
		}
		defer w.Close()
		// History and device buckets hold no records (history.go): they have no ID sets.
		internal := map[string]string{}
		v.internalNames(internal)
		w.Tree(func(n []byte) bool { _, in := internal[string(n)]; return !bytes.Equal(n, setsName) && !in }, true, base.HexName, func(name []byte, bs *scan.Bucket) {
			ks := bs.Keys()
			for i := range ks {
				ks[i] = bytes.Clone(ks[i]) // they outlive the walk's pages
			}
			keys[string(name)] = ks
		})
		problems = w.Problems()
		return nil
	})
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrDamaged, problems[0])
	}
	return v.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(setsName)
		if err != nil {
			return err
		}
		chunks, err := inventory.Build(b, setsName, v.keys.seal, keys)
		if err != nil {
			return err
		}
		c.N[string(setsName)] = chunks
		c.Saved = time.Now()
		sealed, err := v.keys.sealCounts(c)
		if err != nil {
			return err
		}
		return tx.Bucket(metaBucket).Put(countsKey, sealed)
	})
}

// describeMissing adds to d, the count of bucket name differing from the sealed one,
// which records are missing or extra, read in a transaction of its own.
func (v *Vault) describeMissing(name string, d *Damage) *Damage {
	out := d
	v.view(func(tx *bolt.Tx) error {
		sets, err := v.idSetOf(tx, []byte(name))
		if err != nil || len(sets.bad) > 0 || len(sets.IDs) == 0 {
			return nil
		}
		w, err := v.walkTx(tx)
		if err != nil {
			return nil
		}
		defer w.Close()
		var have [][]byte
		w.Tree(func(n []byte) bool { return string(n) == name }, true, base.HexName, func(_ []byte, bs *scan.Bucket) {
			have = bs.Keys()
			missing, extra := inventory.CompareIDs(sets.IDs[name], have)
			out = idsDamage(d.Collection, d, missing, extra, 5)
		})
		if have == nil { // the bucket is gone: every listed record is missing
			missing, _ := inventory.CompareIDs(sets.IDs[name], nil)
			out = idsDamage(d.Collection, d, missing, nil, 5)
		}
		return nil
	})
	return out
}
