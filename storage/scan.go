package storage

import (
	"fmt"
	"runtime/debug"
	"time"

	"github.com/foliohq/folio/storage/internal/base"
	"github.com/foliohq/folio/storage/internal/blob"
	"github.com/foliohq/folio/storage/internal/inventory"
	"github.com/foliohq/folio/storage/internal/pagewalk"
	"github.com/foliohq/folio/storage/internal/scan"
	bolt "go.etcd.io/bbolt"
)

// Every read of records goes through storage/internal/scan's walks, never through bbolt's cursor:
// a damaged page can make bbolt read outside the file, and a pointer it makes from
// garbage can kill the process in the garbage collector, which no recover catches.
// Writes still go through bbolt, but only after one walk of the whole file has found
// it sound (Vault.writable); from then on the file holds only pages bbolt wrote here.

// Rollback describes a vault whose newest bbolt meta page is damaged, so that bbolt
// fell back to the one before and the vault opened as it was before its last change.
type Rollback = pagewalk.Rollback

// recoverDamage, deferred, reports a panic from a damaged file as ErrDamaged.
func recoverDamage(err *error) { pagewalk.Recover(err) }

// countsKey names the sealed record counts in the header's bucket.
var countsKey = []byte(scan.CountsKey)

// recordCounts are the sealed record counts (storage/internal/inventory).
type recordCounts = inventory.Counts

func (k *keys) sealCounts(c *recordCounts) ([]byte, error) {
	return k.seal(metaBucket, countsKey, c.Marshal())
}

func (k *keys) openCounts(sealed []byte) (*recordCounts, error) {
	if sealed == nil {
		return nil, fmt.Errorf("%w: the record counts reach outside their page", ErrDamaged)
	}
	plain, err := k.open(metaBucket, countsKey, sealed)
	if err != nil {
		return nil, fmt.Errorf("the record counts: %w", err)
	}
	return inventory.ParseCounts(plain)
}

// walkTx starts a walk of the file as of tx, a read transaction.
func (v *Vault) walkTx(tx *bolt.Tx) (*scan.Walk, error) {
	return scan.Open(v.path, v.db.Info().PageSize, uint64(tx.ID()))
}

// writable answers whether the vault may be written. The first time, it walks the
// whole file (or waits for the walk Open started, Options.Writing): a write through bbolt over damaged pages could crash folio or make the
// damage permanent, and one over records a damaged count hides would drop them. A vault
// made before the record counts existed gets them here, in one transaction.
func (v *Vault) writable() error {
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	if v.readOnly {
		return errReadOnlyOpen
	}
	if v.verified || v.writeErr != nil {
		return v.writeErr
	}
	if v.rollback != nil && !v.acceptRollback {
		v.writeErr = v.rollbackError()
		return v.writeErr
	}
	var w firstWalk
	if early := v.early; early != nil {
		<-early.done
		v.early = nil
		w = *early
	} else {
		// The chunks' leaves, most of a vault with large attachments, are read
		// in part: their keys, not their values, which this walk does not read.
		w = walkForWrite(v.db, v.path, v.keys.bucketName(blob.ChunksCollection))
	}
	if w.err != nil {
		return w.err
	}
	have, f, problems := w.have, w.f, w.problems
	refuse := func(why string) error {
		v.writeErr = fmt.Errorf("%w: %s; folio will not write to a damaged vault", ErrDamaged, why)
		return v.writeErr
	}
	if len(problems) > 0 {
		return refuse(problems[0])
	}
	c := &recordCounts{Saved: time.Now(), N: have}
	if f.HasCounts {
		var err error
		if c, err = v.keys.openCounts(f.Counts); err != nil {
			return refuse(err.Error())
		}
		for _, name := range inventory.Names(c.N, have) {
			if d := scan.CountsDamage(base.HexName([]byte(name)), c.N[name], int(have[name])); d != nil {
				// Name what is missing, as Load does, in the refusal.
				return refuse(v.describeMissing(name, d).Error())
			}
		}
	}
	// The counts agree, which is what a write must not go past; comparing the ID
	// sets too would cost every first write a decryption of them all, so that is left
	// to check.
	if !f.HasCounts || !inventory.HasIDSets(c, v.keys.bucketName(idsCollection)) {
		// A vault made before the ID sets (and perhaps before the counts): write
		// them, and the counts that include them, in one transaction.
		if err := v.upgradeIDSets(c); err != nil {
			return err
		}
	}
	v.idSets.Store(true)
	v.verified = true
	return nil
}

// firstWalk is what the walk before the first write found (walkForWrite).
type firstWalk struct {
	have     map[string]uint64
	f        scan.Folio
	problems []string
	err      error
	// done is closed once the walk has ended, if it runs on its own (startFirstWalk).
	done chan struct{}
}

// walkForWrite walks the whole file as it is now, as writable needs: every page of
// every tree, the keys each collection holds, the header's bucket and the free
// pages. sparse names the bucket whose leaves are read in part; without it (a walk
// started before the key that names the buckets), every collection's multi-page
// leaves are (scan.Walk's KeysOnly). Both find the same.
func walkForWrite(db *bolt.DB, path string, sparse []byte) (fw firstWalk) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverDamage(&fw.err)
	fw.err = db.View(func(tx *bolt.Tx) error {
		w, err := scan.Open(path, db.Info().PageSize, uint64(tx.ID()))
		if err != nil {
			return err
		}
		defer w.Close()
		w.Sparse, w.KeysOnly = sparse, sparse == nil
		fw.have, fw.f = w.FirstWrite()
		fw.problems = w.Problems()
		return nil
	})
	return fw
}

// startFirstWalk starts the walk before the first write on its own goroutine, for
// an open that means to write (Options.Writing): the walk needs no key, so it runs
// beside the key derivation, which is one core's work, and writable waits for it
// instead of walking. Nothing writes before writable, and the write lock keeps
// other processes out, so the file the walk sees is the file the write meets.
func startFirstWalk(db *bolt.DB, path string) *firstWalk {
	fw := &firstWalk{done: make(chan struct{})}
	go func() {
		defer close(fw.done)
		w := walkForWrite(db, path, nil)
		fw.have, fw.f, fw.problems, fw.err = w.have, w.f, w.problems, w.err
	}()
	return fw
}
