package storage

import (
	"github.com/foliohq/folio/storage/internal/scan"
	bolt "go.etcd.io/bbolt"
)

// seekRecords finds each of ids in collection (scan.Seek) as of one read
// transaction, with up to workers walks at once.
func (v *Vault) seekRecords(collection string, ids []ID, workers int, fn func(recs []sealedRecord, bad []Damage) error) error {
	return v.view(func(tx *bolt.Tx) error {
		open := func() (*scan.Walk, error) {
			return scan.OpenMapped(v.path, v.db.Info().PageSize, uint64(tx.ID()), false)
		}
		return scan.Seek(open, v.keys.bucketName(collection), collection, ids, workers, fn)
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
	var f scan.Folio
	err = v.view(func(tx *bolt.Tx) error {
		w, err := v.walkTx(tx)
		if err != nil {
			return err
		}
		defer w.Close()
		f, err = w.Header()
		return err
	})
	if err != nil || !f.HasCounts {
		return 0, false, err
	}
	c, err := v.keys.openCounts(f.Counts)
	if err != nil {
		return 0, false, err
	}
	return c.N[string(name)], true, nil
}
