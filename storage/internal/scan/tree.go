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
			w.SetKeysOnly(!keep && w.KeysOnly)
			defer w.SetKeysOnly(false)
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
				case w.keysWanted:
					// A copy: the walk drops its pages as it goes.
					bs.Recs = append(bs.Recs, Record{Key: bytes.Clone(k)})
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

// Keys is every key the walk found in the bucket, sound or not: the records', and
// those of the damage that names a record ID.
func (bs *Bucket) Keys() [][]byte {
	keys := make([][]byte, 0, len(bs.Recs)+len(bs.Bad))
	for _, r := range bs.Recs {
		keys = append(keys, r.Key)
	}
	for _, d := range bs.Bad {
		if id, err := base.ParseID(d.ID); err == nil {
			keys = append(keys, bytes.Clone(id[:]))
		}
	}
	return keys
}

// Records are a walk's records as history reads them (history.Records).
type Records []Record

func (rs Records) Len() int                     { return len(rs) }
func (rs Records) At(i int) (key, value []byte) { return rs[i].Key, rs[i].Value }

// Header walks the top-level tree and the header's bucket alone, and returns the
// header's bucket, or the first problem as damage.
func (w *Walk) Header() (Folio, error) {
	f, _ := w.Tree(func([]byte) bool { return false }, false, base.HexName, func([]byte, *Bucket) {})
	if len(w.Problems()) > 0 {
		return f, fmt.Errorf("%w: %s", base.ErrDamaged, w.Problems()[0])
	}
	return f, nil
}

// FirstWrite is the walk of the whole file before a process's first write
// (storage's Vault.writable): every page of every tree, in file order, reading no
// value but a nested bucket's, then the free pages. It returns how many keys each
// collection bucket holds and the header's bucket; what is wrong is in Problems.
func (w *Walk) FirstWrite() (have map[string]uint64, f Folio) {
	// Its visitor counts keys and needs no order.
	w.SetFileOrder(true)
	have = map[string]uint64{}
	f, _ = w.Tree(func([]byte) bool { return true }, false, base.HexName, func(name []byte, bs *Bucket) {
		have[string(name)] = uint64(bs.N)
		for _, d := range bs.Bad {
			w.Problem("%v", d)
		}
	})
	w.Finish()
	return have, f
}

// Live walks the history bucket hist and the collection buckets want names (name
// names them in damage), and returns the history's records and, by bucket, the
// records of each collection by ID.
func (w *Walk) Live(hist []byte, want func([]byte) bool, name func([]byte) string) ([]Record, map[string]map[base.ID][]byte) {
	var h []Record
	live := map[string]map[base.ID][]byte{}
	w.Tree(func(n []byte) bool { return want(n) || bytes.Equal(n, hist) }, true, name, func(n []byte, bs *Bucket) {
		if bytes.Equal(n, hist) {
			h = bs.Recs
			return
		}
		m := map[base.ID][]byte{}
		for _, r := range bs.Recs {
			if len(r.Key) == base.IDSize {
				m[base.ID(r.Key)] = r.Value
			}
		}
		live[string(n)] = m
	})
	return h, live
}

// LiveKeys is Live reading keys alone: the records it returns have no value,
// and the walk keeps none of the file's pages, so what it holds is the keys,
// however large the values.
func (w *Walk) LiveKeys(hist []byte, want func([]byte) bool, name func([]byte) string) ([]Record, map[string]map[base.ID][]byte) {
	var h []Record
	live := map[string]map[base.ID][]byte{}
	w.keysWanted = true
	defer func() { w.keysWanted = false }()
	w.Tree(func(n []byte) bool { return want(n) || bytes.Equal(n, hist) }, false, name, func(n []byte, bs *Bucket) {
		if bytes.Equal(n, hist) {
			h = bs.Recs
			return
		}
		m := make(map[base.ID][]byte, len(bs.Recs))
		for _, r := range bs.Recs {
			if len(r.Key) == base.IDSize {
				m[base.ID(r.Key)] = nil
			}
		}
		live[string(n)] = m
	})
	return h, live
}

// Collection walks the one collection bucket name (collection names it in damage)
// and returns what it found, the header's bucket, and the problems of the file's
// structure met on the way as damage to the collection.
func (w *Walk) Collection(name []byte, collection string, keep bool) (*Bucket, Folio, []base.Damage) {
	bs := &Bucket{}
	f, _ := w.Tree(func(n []byte) bool { return bytes.Equal(n, name) }, keep,
		func([]byte) string { return collection },
		func(_ []byte, got *Bucket) { bs = got })
	var damaged []base.Damage
	for _, p := range w.Problems() {
		damaged = append(damaged, base.Damage{Collection: collection, Err: fmt.Errorf("%w: %s", base.ErrDamaged, p)})
	}
	return bs, f, damaged
}
