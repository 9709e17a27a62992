package storage

import (
	"cmp"
	"fmt"
	"runtime"
	"sync"

	"github.com/foliohq/folio/storage/internal/base"
	"github.com/foliohq/folio/storage/internal/scan"
	"golang.org/x/crypto/chacha20poly1305"
)

// StampSize is the length of a record's stamp.
const StampSize = chacha20poly1305.Overhead

// Stamp names one sealed version of a record: its authentication tag, the last
// StampSize bytes of the sealed value. Every Put seals with a fresh random nonce, so
// every write gives the record a new stamp. A stamp is not secret (it is in the file
// next to the ciphertext) and says nothing of the plaintext; an index of the records
// can keep each record's stamp to tell, without decrypting anything, which records
// changed since the index was written.
type Stamp [StampSize]byte

func stampOf(sealed []byte) (s Stamp, ok bool) {
	if len(sealed) < sealOverhead {
		return s, false
	}
	copy(s[:], sealed[len(sealed)-StampSize:])
	return s, true
}

// Stamps returns the stamp of every record in collection without decrypting any,
// read with the bounds-checked walk. Keys that cannot hold a record, values too short
// to be sealed, and damage to the file's structure or to the collection's record
// count are returned as Damage.
func (v *Vault) Stamps(collection string) (map[ID]Stamp, []Damage, error) {
	name := v.keys.bucketName(collection)
	var stamps map[ID]Stamp
	var damaged []Damage
	err := v.scanCollection(collection, name, true, func(bs *scan.Bucket, d []Damage) {
		damaged = append(d, bs.Bad...)
		stamps = make(map[ID]Stamp, len(bs.Recs))
		for _, r := range bs.Recs {
			if len(r.Key) != IDSize {
				damaged = append(damaged, Damage{Collection: collection, ID: base.RecordName(r.Key), Err: fmt.Errorf("%w: key is not a record ID", ErrDamaged)})
				continue
			}
			s, ok := stampOf(r.Value)
			if !ok {
				damaged = append(damaged, Damage{Collection: collection, ID: ID(r.Key).String(), Err: fmt.Errorf("%w: sealed record is %d bytes, shorter than its nonce and tag", ErrDamaged, len(r.Value))})
				continue
			}
			stamps[ID(r.Key)] = s
		}
	})
	if err != nil {
		return nil, nil, err
	}
	return stamps, damaged, nil
}

// LoadSome opens the records of collection named by ids, passing each that
// authenticates to fn (concurrently, with a plaintext fn may keep) and its stamp.
// Each record is found by a seek (storage/internal/scan), so the cost follows len(ids), not the
// collection, unless ids are a large part of it, when one walk reads it (and
// compares its record count, which seeks cannot). IDs not in the collection are
// skipped; records that fail to open, or whose path through the file is damaged,
// are returned as Damage.
func (v *Vault) LoadSome(collection string, ids []ID, fn func(id ID, stamp Stamp, plain []byte) error) ([]Damage, error) {
	s := v.Seeker()
	defer s.Close()
	return s.LoadSome(collection, ids, fn)
}

// LoadSome is Vault.LoadSome, its seeks on the Seeker's walks.
func (s *Seeker) LoadSome(collection string, ids []ID, fn func(id ID, stamp Stamp, plain []byte) error) ([]Damage, error) {
	v := s.v
	// Past a fraction of the collection, one walk reads fewer pages than the seeks.
	if len(ids) > seekMax {
		if n, ok, err := s.count(collection); err != nil || !ok || uint64(len(ids)) > n/seekFraction {
			return v.loadSomeWalk(collection, ids, fn)
		}
	}
	name := v.keys.bucketName(collection)
	// Past a few hundred records the seeks run on every core, each run of them
	// authenticating its own records as it goes; fewer are sought on one and
	// authenticated on every core.
	seekers := max(1, min(runtime.GOMAXPROCS(0), len(ids)/scan.SeekPerWorker))
	var (
		mu      sync.Mutex
		damaged []Damage
		fnErr   error
	)
	err := s.seekRecords(collection, ids, seekers, func(recs []sealedRecord, bad []Damage) error {
		mu.Lock()
		damaged = append(damaged, bad...)
		stop := fnErr != nil
		mu.Unlock()
		if stop {
			return nil
		}
		stamps := make(map[ID]Stamp, len(recs))
		for _, r := range recs {
			stamps[ID(r.Key)], _ = stampOf(r.Value)
		}
		open := func(id ID, plain []byte) error { return fn(id, stamps[id], plain) }
		var failed []Damage
		var err error
		if seekers > 1 {
			failed, err = v.openEach(collection, name, recs, open)
		} else {
			failed, err = v.openAll(collection, name, recs, open)
		}
		mu.Lock()
		damaged = append(damaged, failed...)
		fnErr = cmp.Or(fnErr, err)
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return damaged, fnErr
}

// A LoadSome of more than seekMax records, and more than one in seekFraction of
// the collection, walks the collection instead of seeking each.
const (
	seekMax      = 256
	seekFraction = 8
)

// loadSomeWalk is LoadSome by one walk of the collection, which also compares its
// record count.
func (v *Vault) loadSomeWalk(collection string, ids []ID, fn func(id ID, stamp Stamp, plain []byte) error) ([]Damage, error) {
	want := make(map[ID]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	name := v.keys.bucketName(collection)
	var damaged []Damage
	var fnErr error
	err := v.scanCollection(collection, name, true, func(bs *scan.Bucket, _ []Damage) {
		var recs []sealedRecord
		for _, d := range bs.Bad {
			if id, err := ParseID(d.ID); err == nil && want[id] {
				damaged = append(damaged, d)
			}
		}
		for _, r := range bs.Recs {
			if len(r.Key) == IDSize && want[ID(r.Key)] {
				recs = append(recs, r)
			}
		}
		stamps := make(map[ID]Stamp, len(recs))
		for _, r := range recs {
			stamps[ID(r.Key)], _ = stampOf(r.Value)
		}
		var bad []Damage
		bad, fnErr = v.openAll(collection, name, recs, func(id ID, plain []byte) error {
			return fn(id, stamps[id], plain)
		})
		damaged = append(damaged, bad...)
	})
	if err != nil {
		return nil, err
	}
	return damaged, fnErr
}

// Change is one Put or Delete made in a transaction.
type Change struct {
	Collection string
	ID         ID
	// Plain is what was put (shared with the caller: read only) and Stamp the stamp
	// it was sealed with; both are zero for a delete.
	Plain   []byte
	Stamp   Stamp
	Deleted bool
}

// Changes lists the Puts and Deletes made so far in the transaction, oldest first,
// so that an index kept in the vault can be brought up to date in the same
// transaction as the records it describes.
func (t *Tx) Changes() []Change { return t.changes }
