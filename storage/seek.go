package storage

import (
	"fmt"

	"github.com/foliohq/folio/storage/internal/base"
	"github.com/foliohq/folio/storage/internal/pagewalk"
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

// Seeker is LoadSome for a sequence of calls, such as a read of every body a
// batch at a time: its seeks keep their walks, and the branch pages those have
// read and checked, from one call to the next, rather than read and check them
// again each call. Every call still reads in a read transaction of its own, and
// the walks kept belong to the transaction that started them: a call that finds
// the vault's last committed transaction is no longer theirs (a write committed
// between calls) closes them and starts again, so no call reads through branch
// pages of an older state of the file. Not for concurrent use; Close ends it.
type Seeker struct {
	v *Vault
	// gen is the transaction the walks of seekers belong to.
	gen     uint64
	seekers map[string]*scan.Seeker
	// The record count of a collection, read as of transaction countGen.
	counts   map[string]seekerCount
	countGen uint64
}

type seekerCount struct {
	n  uint64
	ok bool
}

// Seeker starts a sequence of LoadSome calls that share their walks.
func (v *Vault) Seeker() *Seeker { return &Seeker{v: v} }

// Close closes the walks the Seeker keeps.
func (s *Seeker) Close() {
	for _, sk := range s.seekers {
		sk.Close()
	}
	s.seekers = nil
}

// count is Vault.Count, kept while no write commits.
func (s *Seeker) count(collection string) (uint64, bool, error) {
	g, err := s.v.Generation()
	if err != nil {
		return 0, false, err
	}
	if c, ok := s.counts[collection]; ok && g == s.countGen {
		return c.n, c.ok, nil
	}
	if g != s.countGen {
		s.counts, s.countGen = nil, g
	}
	n, ok, err := s.v.Count(collection)
	if err != nil {
		return 0, false, err
	}
	if s.counts == nil {
		s.counts = map[string]seekerCount{}
	}
	s.counts[collection] = seekerCount{n, ok}
	return n, ok, nil
}

// seekRecords is Vault.seekRecords on the Seeker's walks.
func (s *Seeker) seekRecords(collection string, ids []ID, workers int, fn func(recs []sealedRecord, bad []Damage) error) error {
	v := s.v
	return v.view(func(tx *bolt.Tx) error {
		txn := uint64(tx.ID())
		if s.seekers != nil && txn != s.gen {
			// A write committed since the walks began: their branch pages may
			// be pages the write has since freed and reused.
			s.Close()
		}
		s.gen = txn
		sk := s.seekers[collection]
		if sk == nil {
			// The walks read the file as of txn; they are used only in calls
			// whose own transaction is txn, while the file's pages reached
			// from it cannot change (bbolt writes pages, and reuses freed
			// ones, only in a write that commits a later transaction).
			open := func() (*scan.Walk, error) {
				return scan.OpenMapped(v.path, v.db.Info().PageSize, txn, false)
			}
			sk = scan.NewSeeker(open, v.keys.bucketName(collection), collection)
			if s.seekers == nil {
				s.seekers = map[string]*scan.Seeker{}
			}
			s.seekers[collection] = sk
		}
		return sk.Seek(ids, workers, fn)
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

// IDsWithPrefix returns the IDs in collection whose text form starts with prefix
// (in either case), in order, found by a bounds-checked descent to the range of
// keys they take (pagewalk.SeekRange), reading only the pages on the way: naming
// a record by the first characters of its ID costs about one seek, not a read of
// the collection. A prefix no ID can start with finds none. A damaged page on the
// way is ErrDamaged.
func (v *Vault) IDsWithPrefix(collection, prefix string) ([]ID, error) {
	lo, hi, ok := base.PrefixRange(prefix)
	if !ok {
		return nil, nil
	}
	var ids []ID
	err := v.view(func(tx *bolt.Tx) error {
		t, err := v.openTree(tx, collection)
		if err != nil {
			return err
		}
		defer t.Close()
		var bad error
		err = t.each(lo[:], hi[:], func(el pagewalk.Elem) bool {
			if len(el.Key) != base.IDSize {
				bad = fmt.Errorf("a key of %d bytes is not a record ID", len(el.Key))
				return false
			}
			ids = append(ids, ID(el.Key))
			return true
		})
		if err == nil && bad != nil {
			err = damagedSeek(collection, bad)
		}
		return err
	})
	return ids, err
}

// treeSeek is a walk that reads pages as seeks do (with ReadAt, not through a
// mapping) and the tree of one collection it found, as of one read transaction.
type treeSeek struct {
	*scan.Walk
	label   string
	root    uint64
	inline  []byte
	present bool
}

// openTree starts a treeSeek of the bucket of label (a collection, or the
// history's label) as of tx; a damaged page on the way to it is ErrDamaged. The
// caller closes it.
func (v *Vault) openTree(tx *bolt.Tx, label string) (*treeSeek, error) {
	w, err := scan.OpenMapped(v.path, v.db.Info().PageSize, uint64(tx.ID()), false)
	if err != nil {
		return nil, err
	}
	root, inline, present, err := w.SeekBucket(v.keys.bucketName(label))
	if err != nil {
		w.Close()
		return nil, damagedSeek(label, err)
	}
	return &treeSeek{Walk: w, label: label, root: root, inline: inline, present: present}, nil
}

// each calls fn with every element of the tree from lo to hi, in order, until
// fn returns false (pagewalk.SeekRange); a tree that is not there has none.
func (t *treeSeek) each(lo, hi []byte, fn func(pagewalk.Elem) bool) error {
	if !t.present {
		return nil
	}
	return damagedSeek(t.label, t.SeekRange(t.root, t.inline, lo, hi, fn))
}

// damagedSeek names err, met by a seek in collection, as damage; nil stays nil.
func damagedSeek(collection string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %s: %v", ErrDamaged, collection, err)
}
