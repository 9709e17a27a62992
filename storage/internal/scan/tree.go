package storage

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
