package storage

import (
	"encoding/hex"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Report is what Check found.
type Report struct {
	Records int      // records that opened and authenticated
	Damaged []Damage // records that did not
	// Structure lists problems in the file's own structure (bbolt's consistency check).
	Structure []string
}

// OK reports whether nothing was damaged.
func (r *Report) OK() bool { return len(r.Damaged) == 0 && len(r.Structure) == 0 }

// Check opens and authenticates every record in every bucket. names maps collection
// names the caller knows, so damage is reported under them; records in buckets of
// unknown collections are still authenticated. It recovers from bbolt panicking on a
// corrupt file and reports that as structural damage.
func (v *Vault) Check(collections []string) (report Report, err error) {
	known := map[string]string{}
	for _, c := range collections {
		known[string(v.keys.bucketName(c))] = c
	}
	defer func() {
		if r := recover(); r != nil {
			report.Structure = append(report.Structure, fmt.Sprintf("the file structure is corrupt: %v", r))
		}
	}()
	err = v.db.View(func(tx *bolt.Tx) error {
		for cerr := range tx.Check() {
			report.Structure = append(report.Structure, cerr.Error())
		}
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if isMeta(name) {
				return nil
			}
			collection, ok := known[string(name)]
			if !ok {
				collection = "collection " + hex.EncodeToString(name)
			}
			var recs []sealedRecord
			b.ForEach(func(k, val []byte) error {
				recs = append(recs, sealedRecord{k, val})
				return nil
			})
			damaged, _ := v.openAll(collection, name, recs, func(ID, []byte) error { return nil })
			report.Records += len(recs) - len(damaged)
			report.Damaged = append(report.Damaged, damaged...)
			return nil
		})
	})
	return report, err
}
