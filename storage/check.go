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
	// Structure lists problems in the file's own structure: pages out of place, keys
	// out of order, pages neither in use nor free.
	Structure []string
}

// OK reports whether nothing was damaged.
func (r *Report) OK() bool { return len(r.Damaged) == 0 && len(r.Structure) == 0 }

// Check opens and authenticates every record in every bucket. collections names the
// collections the caller knows, so damage is reported under them; records in buckets
// of unknown collections are still authenticated. The file is read with a walk that
// trusts nothing in it (walk.go), not with bbolt's traversal, so a damaged file gets
// a report rather than a crash or a hang; whatever records can still be reached are
// authenticated.
func (v *Vault) Check(collections []string) (report Report, err error) {
	known := map[string]string{}
	for _, c := range collections {
		known[string(v.keys.bucketName(c))] = c
	}
	// The read transaction keeps writers from reusing the pages being walked.
	err = v.db.View(func(tx *bolt.Tx) error {
		w, err := openWalk(v.path, v.db.Info().PageSize, uint64(tx.ID()))
		if err != nil {
			return err
		}
		defer w.close()
		size := int64(w.hwm * w.ps)
		w.root(func(name, value []byte, isBucket bool) {
			if !isBucket {
				w.problem("top-level key %x is not a collection", name)
				return
			}
			if isMeta(name) {
				w.bucket(value, "the header's bucket", func([]byte, []byte, bool) {}, 0)
				return
			}
			collection, ok := known[string(name)]
			if !ok {
				collection = "collection " + hex.EncodeToString(name)
			}
			var recs []sealedRecord
			w.bucket(value, collection, func(k, val []byte, isBucket bool) {
				switch {
				case isBucket:
					w.bucket(val, collection, func([]byte, []byte, bool) {}, 1)
					report.Damaged = append(report.Damaged, Damage{collection, recordName(k),
						fmt.Errorf("%w: a bucket is where the record should be", ErrDamaged)})
				case val == nil:
					report.Damaged = append(report.Damaged, Damage{collection, recordName(k),
						fmt.Errorf("%w: the record reaches outside its page", ErrDamaged)})
				default:
					recs = append(recs, sealedRecord{k, val})
				}
			}, 0)
			damaged, _ := v.openAll(collection, name, recs, size, func(ID, []byte) error { return nil })
			report.Records += len(recs) - len(damaged)
			report.Damaged = append(report.Damaged, damaged...)
		})
		w.finish()
		report.Structure = w.problems
		return nil
	})
	return report, err
}

// recordName is how a damaged record's key is reported: its ID, or the start of the key
// in hex if it is not one.
func recordName(key []byte) string {
	if len(key) == IDSize {
		return ID(key).String()
	}
	return fmt.Sprintf("%x", key[:min(len(key), 2*IDSize)])
}
