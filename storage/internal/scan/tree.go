package scan

import (
	"bytes"
	"fmt"

	"github.com/foliohq/folio/storage/internal/base"
)

// The names of the header's bucket and its two keys (docs/VAULT.md).
const (
	MetaBucket = "folio"
	HeaderKey  = "header"
	CountsKey  = "counts"
)

// Record is a sealed record as a walk or a seek found it: its key and value point
// into the walk's pages.
type Record struct {
	Key, Value []byte
}

// Folio is what the header's bucket holds.
type Folio struct {
	Header, Counts []byte
	HasCounts      bool
}

// folio walks the header's bucket, whose only keys are header and counts, into f
// (which a walk in file order fills once the top level is walked).
func (w *Walk) folio(value []byte, f *Folio) {
	w.Bucket(value, "the header's bucket", func(k, val []byte, isBucket bool) {
		switch {
		case isBucket:
			w.Problem("the header's bucket holds a bucket %x", k[:min(len(k), 32)])
		// Copies: these outlive the walk, whose pages may be unmapped when it ends.
		case string(k) == HeaderKey:
			f.Header = bytes.Clone(val)
		case string(k) == CountsKey:
			f.Counts, f.HasCounts = bytes.Clone(val), true
		default:
			w.Problem("the header's bucket holds an unexpected key %x", k[:min(len(k), 32)])
		}
	}, 0)
}

// Bucket is what a walk found in one collection bucket.
type Bucket struct {
	N    int           // keys found, sound or not
	Recs []Record      // the records that can be authenticated, if kept
	Bad  []base.Damage // keys that cannot hold a record
}

// Tree walks the top-level tree and the header's bucket, and each collection
// bucket for which descend is true, calling each when one is done. Records are kept
// in the Bucket only if keep. It returns the header's bucket and the names of
// every collection bucket, in order.
func (w *Walk) Tree(descend func(name []byte) bool, keep bool, collection func(name []byte) string,
	each func(name []byte, bs *Bucket)) (f Folio, names [][]byte) {
	sawFolio := false
	var done []func()
	w.Root(func(name, value []byte, isBucket bool) {
		switch {
		case !isBucket:
			w.Problem("top-level key %x is not a collection", name[:min(len(name), 32)])
		case string(name) == MetaBucket:
			sawFolio = true
			w.folio(value, &f)
		default:
			names = append(names, name)
			if !descend(name) {
				return
			}
			coll := collection(name)
			bs := &Bucket{}
			// Without keep no value is read but a nested bucket's: the sparse
			// bucket's leaves are read in part.
			w.SetSparse(!keep && w.Sparse != nil && bytes.Equal(name, w.Sparse))
			defer w.SetSparse(false)
			w.Bucket(value, coll, func(k, val []byte, isBucket bool) {
				bs.N++
				switch {
				case isBucket:
					w.Bucket(val, coll, func([]byte, []byte, bool) {}, 1)
					bs.Bad = append(bs.Bad, base.Damage{Collection: coll, ID: base.RecordName(k), Err: fmt.Errorf("%w: a bucket is where the record should be", base.ErrDamaged)})
				case val == nil:
					bs.Bad = append(bs.Bad, base.Damage{Collection: coll, ID: base.RecordName(k), Err: fmt.Errorf("%w: the record reaches outside its page", base.ErrDamaged)})
				case keep:
					bs.Recs = append(bs.Recs, Record{k, val})
				}
			}, 0)
			if w.FileOrder() {
				// The bucket is walked after the top level (pagewalk's SetFileOrder).
				done = append(done, func() { each(name, bs) })
				return
			}
			each(name, bs)
		}
	})
	for _, fn := range done {
		fn()
	}
	if !sawFolio {
		w.Problem("the header's bucket is missing")
	}
	return f, names
}

// CountsDamage compares how many keys a bucket holds with how many folio wrote there.
func CountsDamage(collection string, want uint64, have int) *base.Damage {
	if uint64(have) == want {
		return nil
	}
	var err error
	if uint64(have) < want {
		err = fmt.Errorf("%w: %d records were written but %d are in the file: %d missing", base.ErrDamaged, want, have, want-uint64(have))
	} else {
		err = fmt.Errorf("%w: %d records were written but the file shows %d", base.ErrDamaged, want, have)
	}
	return &base.Damage{Collection: collection, Err: err}
}
