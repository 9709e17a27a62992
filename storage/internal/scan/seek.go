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
	s := NewSeeker(open, name, collection)
	defer s.Close()
	return s.Seek(ids, workers, fn)
}

// Seeker is Seek for a sequence of calls in the one read transaction its walks
// belong to: it keeps its walks, and with them the branch pages they have read and
// checked, from one call to the next, so a read of many batches (an export reads
// every body, 512 at a time) reads and checks each branch page once per walk
// rather than once per batch. Its walks read the file as of the transaction open
// names; the caller must not use the Seeker once that is no longer the vault's
// last committed one (storage's Seeker starts a new one when a write has
// committed since). Not for concurrent use; Close ends it.
type Seeker struct {
	open       func() (*Walk, error)
	name       []byte
	collection string
	walks      []*Walk
	// The collection's tree, once found: absent if !present.
	found, present bool
	root           uint64
	inline         []byte
}

// NewSeeker starts a Seeker of the collection whose bucket is name, on walks open
// starts (all of one read transaction); it opens none until the first Seek.
func NewSeeker(open func() (*Walk, error), name []byte, collection string) *Seeker {
	return &Seeker{open: open, name: name, collection: collection}
}

// walk is the Seeker's i-th walk, opened if need be, its pages from the last
// call free for reuse (the last call's fn has returned).
func (s *Seeker) walk(i int) (*Walk, error) {
	for len(s.walks) <= i {
		s.walks = append(s.walks, nil)
	}
	if s.walks[i] == nil {
		w, err := s.open()
		if err != nil {
			return nil, err
		}
		s.walks[i] = w
	}
	s.walks[i].Recycle()
	return s.walks[i], nil
}

// Close closes the Seeker's walks.
func (s *Seeker) Close() {
	for _, w := range s.walks {
		if w != nil {
			w.Close()
		}
	}
	s.walks = nil
}

// Seek is the package's Seek on the Seeker's walks.
func (s *Seeker) Seek(ids []base.ID, workers int, fn func(recs []Record, bad []base.Damage) error) error {
	w, err := s.walk(0)
	if err != nil {
		return err
	}
	if !s.found {
		root, inline, ok, err := w.SeekBucket(s.name)
		if err != nil {
			return fmt.Errorf("%w: %s: %v", base.ErrDamaged, s.collection, err)
		}
		// The inline page lies in the walk's arena, which each batch reuses.
		s.found, s.present, s.root, s.inline = true, ok, root, bytes.Clone(inline)
	}
	if !s.present {
		return fn(nil, nil)
	}
	collection, root, inline := s.collection, s.root, s.inline
	// In key order, each seek descends by the branch pages the one before it
	// read, and each run of them covers a range of keys, so reads the branch
	// pages of its part of the tree rather than of all of it.
	ids = slices.SortedFunc(slices.Values(ids), func(a, b base.ID) int { return bytes.Compare(a[:], b[:]) })
	workers = max(1, min(workers, len(ids)/SeekPerWorker))
	if workers == 1 {
		return seekRun(w, collection, root, inline, ids, SeekBatch, fn)
	}
	// Each run's walk is opened here, before the goroutines, so the walks are
	// the Seeker's alone to touch.
	per := (len(ids) + workers - 1) / workers
	var runs []*Walk
	for start := 0; start < len(ids); start += per {
		pw, err := s.walk(len(runs))
		if err != nil {
			return err
		}
		runs = append(runs, pw)
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for r, start := 0, 0; start < len(ids); r, start = r+1, start+per {
		part, pw := ids[start:min(start+per, len(ids))], runs[r]
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := seekRun(pw, collection, root, inline, part, seekRunBatch, fn); err != nil {
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
