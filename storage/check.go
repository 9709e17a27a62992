package storage

import (
	"encoding/hex"
	"fmt"
	"runtime/debug"

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
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			report.Structure = append(report.Structure, fmt.Sprintf("the file structure is corrupt: %v", r))
		}
	}()
	err = v.db.View(func(tx *bolt.Tx) error {
		// The records are walked first, here, where a damaged page is caught: bbolt's
		// own check runs in a goroutine of its own, where it would not be, so it only
		// runs over a structure this walk got through.
		err := tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if b == nil {
				report.Structure = append(report.Structure, fmt.Sprintf("top-level key %x is not a collection", name))
				return nil
			}
			if isMeta(name) {
				walkBucket(b)
				return nil
			}
			collection, ok := known[string(name)]
			if !ok {
				collection = "collection " + hex.EncodeToString(name)
			}
			var recs []sealedRecord
			b.ForEach(func(k, val []byte) error {
				if val == nil {
					walkBucket(b.Bucket(k))
				}
				recs = append(recs, sealedRecord{k, val})
				return nil
			})
			damaged, _ := v.openAll(collection, name, recs, tx.Size(), func(ID, []byte) error { return nil })
			report.Records += len(recs) - len(damaged)
			report.Damaged = append(report.Damaged, damaged...)
			return nil
		})
		for cerr := range tx.Check() {
			report.Structure = append(report.Structure, cerr.Error())
		}
		return err
	})
	return report, err
}

// walkBucket reads every key and value of a bucket that folio never writes (one nested
// in a collection), so that a damaged page in it is met here rather than in bbolt's check.
func walkBucket(b *bolt.Bucket) {
	if b == nil {
		return
	}
	var sum byte
	b.ForEach(func(k, val []byte) error {
		for _, c := range k {
			sum ^= c
		}
		for _, c := range val {
			sum ^= c
		}
		if val == nil {
			walkBucket(b.Bucket(k))
		}
		return nil
	})
	_ = sum
}
