package storage

import (
	"bytes"
	"slices"
	"sync"

	"github.com/foliohq/folio/storage/internal/base"
	"github.com/foliohq/folio/storage/internal/blob"
	"github.com/foliohq/folio/storage/internal/inventory"
	"github.com/foliohq/folio/storage/internal/scan"
	bolt "go.etcd.io/bbolt"
)

// Report is what Check found.
type Report struct {
	Records  int      // records that opened and authenticated
	Versions int      // versions in the history that did (history_read.go)
	Blobs    int      // attachments' blobs whose every chunk did (internal/blob)
	Pending  int      // chunks of unfinished writes, which the next writable open sweeps
	Damaged  []Damage // records that did not
	// Structure lists problems in the file's own structure: pages out of place, keys
	// out of order, pages neither in use nor free.
	Structure []string
}

// OK reports whether nothing was damaged.
func (r *Report) OK() bool { return len(r.Damaged) == 0 && len(r.Structure) == 0 }

// Check opens and authenticates every record in every bucket. collections names the
// collections the caller knows, so damage is reported under them; records in buckets
// of unknown collections are still authenticated. The file is read with a walk that
// trusts nothing in it (storage/internal/scan), not with bbolt's traversal, so a damaged file gets
// a report rather than a crash or a hang; whatever records can still be reached are
// authenticated.
func (v *Vault) Check(collections []string) (report Report, err error) {
	setsName := v.keys.bucketName(idsCollection)
	nameOf, blobs := v.checkNames(collections)
	if v.rollback != nil {
		report.Structure = append(report.Structure, v.rollback.Error())
	}
	if v.metaNote != "" {
		report.Structure = append(report.Structure, v.metaNote)
	}
	// The read transaction keeps writers from reusing the pages being walked.
	err = v.view(func(tx *bolt.Tx) error {
		w, err := v.walkTx(tx)
		if err != nil {
			return err
		}
		defer w.Close()
		have := map[string]uint64{}
		keys := map[string][][]byte{}
		var sets idSets
		var setsMu sync.Mutex
		f, _ := w.Tree(func([]byte) bool { return true }, true, nameOf, func(name []byte, bs *scan.Bucket) {
			have[string(name)] = uint64(bs.N)
			if v.checkHistory(name, bs, &report) {
				return
			}
			if blobs.Take(name, scan.Records(bs.Recs), bs.Bad) { // chunks are checked with their blobs, below
				keys[string(name)] = slices.Clone(bs.Keys())
				for i, k := range keys[string(name)] {
					keys[string(name)][i] = bytes.Clone(k)
				}
				return
			}
			isSets := bytes.Equal(name, setsName)
			damaged, _ := v.openAll(nameOf(name), name, bs.Recs, func(id ID, plain []byte) error {
				if isSets {
					setsMu.Lock()
					sets.addPlain(id[:], plain)
					setsMu.Unlock()
				}
				return nil
			})
			if !isSets { // Records counts what folio's callers stored
				report.Records += len(bs.Recs) - len(damaged)
			}
			report.Damaged = append(report.Damaged, bs.Bad...)
			report.Damaged = append(report.Damaged, damaged...)
			if !isSets {
				ks := bs.Keys()
				for i := range ks {
					ks[i] = bytes.Clone(ks[i]) // they outlive the walk's pages
				}
				keys[string(name)] = ks
			}
		})
		w.Finish()
		b := blobs.Run()
		report.Records -= b.OwnRecords // the vault's own, not the caller's
		report.Blobs += b.Blobs
		report.Pending += b.Pending
		report.Damaged = append(report.Damaged, b.Damaged...)
		report.Structure = append(report.Structure, w.Problems()...)
		if f.HasCounts {
			v.checkCounts(f.Counts, have, keys, &sets, nameOf, &report)
		}
		return nil
	})
	if err == nil {
		var d []Damage
		d, err = v.historyAgrees()
		report.Damaged = append(report.Damaged, d...)
	}
	return report, err
}

// checkNames is how Check names each bucket in its report: by the collection it
// holds, the caller's or the vault's own, else in hex; and the buckets blobs use.
func (v *Vault) checkNames(collections []string) (func(name []byte) string, *blob.Check) {
	known := map[string]string{}
	for _, c := range collections {
		known[string(v.keys.bucketName(c))] = c
	}
	known[string(v.keys.bucketName(idsCollection))] = idsCollection
	v.internalNames(known)
	blobs := blob.NewCheck(blobKeys{v.keys}, known)
	return func(name []byte) string {
		if c, ok := known[string(name)]; ok {
			return c
		}
		return base.HexName(name)
	}, blobs
}

// checkCounts compares what the walk found in each bucket (have, and the keys)
// with the sealed counts the vault keeps and, where it keeps ID sets, with the IDs
// in them; each disagreement is a line of report.Structure.
func (v *Vault) checkCounts(sealed []byte, have map[string]uint64, keys map[string][][]byte, sets *idSets, nameOf func([]byte) string, report *Report) {
	c, err := v.keys.openCounts(sealed)
	if err != nil {
		report.Structure = append(report.Structure, err.Error())
		return
	}
	setsName := v.keys.bucketName(idsCollection)
	withSets := inventory.HasIDSets(c, setsName)
	// A chunk that opens but does not parse is damage like a record that fails.
	report.Damaged = append(report.Damaged, sets.bad...)
	for _, name := range inventory.Names(c.N, have) {
		d := scan.CountsDamage(nameOf([]byte(name)), c.N[name], int(have[name]))
		if withSets && name != string(setsName) && len(sets.bad) == 0 {
			missing, extra := inventory.CompareIDs(sets.IDs[name], keys[name])
			d = idsDamage(nameOf([]byte(name)), d, missing, extra, 0)
		}
		if d != nil {
			report.Structure = append(report.Structure, d.Error())
		}
	}
}
