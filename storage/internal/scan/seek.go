package scan

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"sync"

	"github.com/foliohq/folio/storage/internal/base"
)

// Reads of a few records seek them (storage/internal/pagewalk) rather than walk the
// whole collection.

// SeekBatch is how many sealed records Seek hands fn at a time.
const SeekBatch = 512

// seekRunBatch is the batch of a run of seeks beside others: each run opens its
// records itself, so a smaller batch only keeps less of the file in memory (the
// walk reuses a batch's pages for the next).
const seekRunBatch = 64

// SeekPerWorker is the fewest IDs worth a walk and a goroutine of their own: each
// walk opens the file and reads the branch pages on its way again.
const SeekPerWorker = 128

// Seek finds each of ids in the collection whose bucket is name, with one descent
// apiece, on walks open starts (all of one read transaction), and passes fn the
// sealed records found (pointing into the walk's pages, valid until fn returns)
// and damage met on the way, by ID, in batches of up to SeekBatch records
// (seekRunBatch when split), at least once. IDs that are not there are left out.
// With workers above 1 and enough IDs, the IDs are split into that many runs,
// each sought by a walk of its own on a goroutine of its own, so fn may be called
// concurrently.
func Seek(open func() (*Walk, error), name []byte, collection string, ids []base.ID, workers int, fn func(recs []Record, bad []base.Damage) error) error {
	w, err := open()
	if err != nil {
		return err
	}
	defer w.Close()
	root, inline, ok, err := w.SeekBucket(name)
	if err != nil {
		return fmt.Errorf("%w: %s: %v", base.ErrDamaged, collection, err)
	}
	if !ok {
		return fn(nil, nil)
	}
	// The inline page lies in the walk's arena, which each batch reuses.
	inline = bytes.Clone(inline)
	// In key order, each seek descends by the branch pages the one before it
	// read, and each run of them covers a range of keys, so reads the branch
	// pages of its part of the tree rather than of all of it.
	ids = slices.SortedFunc(slices.Values(ids), func(a, b base.ID) int { return bytes.Compare(a[:], b[:]) })
	workers = max(1, min(workers, len(ids)/SeekPerWorker))
	if workers == 1 {
		return seekRun(w, collection, root, inline, ids, SeekBatch, fn)
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	per := (len(ids) + workers - 1) / workers
	for start := 0; start < len(ids); start += per {
		part := ids[start:min(start+per, len(ids))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := func() error {
				pw, err := open()
				if err != nil {
					return err
				}
				defer pw.Close()
				return seekRun(pw, collection, root, inline, part, seekRunBatch, fn)
			}()
			if err != nil {
				mu.Lock()
				firstErr = cmp.Or(firstErr, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return firstErr
}

// seekRun is Seek over ids with the one walk w, the collection's tree
// found already.
func seekRun(w *Walk, collection string, root uint64, inline []byte, ids []base.ID, batch int, fn func(recs []Record, bad []base.Damage) error) error {
	var recs []Record
	var bad []base.Damage
	for _, id := range ids {
		if len(recs) == batch {
			// Each record holds its page: handing them over in batches keeps
			// a read of thousands (list --tag at 100k: 7,675, 4 KiB and more
			// apiece) from holding every page at once. Once fn has them, the
			// batch's pages are read over by the next.
			if err := fn(recs, bad); err != nil {
				return err
			}
			recs, bad = recs[:0], nil
			w.Recycle()
		}
		el, found, err := w.SeekIn(root, inline, id[:])
		switch {
		case err != nil:
			bad = append(bad, base.Damage{Collection: collection, ID: id.String(), Err: fmt.Errorf("%w: %v", base.ErrDamaged, err)})
		case !found:
		case el.IsBucket:
			bad = append(bad, base.Damage{Collection: collection, ID: id.String(), Err: fmt.Errorf("%w: a bucket is where the record should be", base.ErrDamaged)})
		default:
			recs = append(recs, Record{Key: el.Key, Value: el.Value})
		}
	}
	return fn(recs, bad)
}
