package storage

import (
	"bytes"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/foliohq/folio/storage/internal/base"
	"github.com/foliohq/folio/storage/internal/history"
	"github.com/foliohq/folio/storage/internal/inventory"
	"github.com/foliohq/folio/storage/internal/scan"
	bolt "go.etcd.io/bbolt"
)

// Tx is a write transaction: every Put and Delete in it commits together, durably, or
// not at all.
type Tx struct {
	tx   *bolt.Tx
	keys *keys
	// delta is how each bucket's record count changes, by bucket name; the sealed
	// counts are rewritten with the transaction.
	delta map[string]int64
	// touch rewrites the counts even if nothing changed, so the commit rewrites a
	// damaged meta page.
	touch bool
	// changes are the Puts and Deletes made, for Changes.
	changes []Change
	// ids are the record IDs added (true) or removed (false), by bucket name, for the
	// ID sets, which the vault keeps if idSets.
	ids    inventory.Changes
	idSets bool
	// versions keeps versions of the records changed (storage/internal/history).
	versions
}

// has reports whether bucket b holds key id. The file was walked sound before any
// write (Vault.writable), so bbolt's cursor is safe here.
func has(b *bolt.Bucket, id []byte) bool {
	k, _ := b.Cursor().Seek(id)
	return bytes.Equal(k, id)
}

// Put seals plain and stores it as id in collection, replacing any earlier value.
func (t *Tx) Put(collection string, id ID, plain []byte) error {
	if collection == idsCollection {
		return fmt.Errorf("the collection name %q is reserved", collection)
	}
	name := t.keys.bucketName(collection)
	b, err := t.tx.CreateBucketIfNotExists(name)
	if err != nil {
		return err
	}
	sealed, err := t.keys.seal(name, id[:], plain)
	if err != nil {
		return err
	}
	if err := history.KeepVersion(&t.versions, name, collection, id, b, plain, false); err != nil {
		return err
	}
	if !has(b, id[:]) {
		t.delta[string(name)]++
		t.noteID(name, id, true)
	}
	if err := b.Put(id[:], sealed); err != nil {
		return err
	}
	stamp, _ := stampOf(sealed)
	t.changes = append(t.changes, Change{Collection: collection, ID: id, Plain: plain, Stamp: stamp})
	return nil
}

// Delete removes id from collection; deleting what is not there is no error.
func (t *Tx) Delete(collection string, id ID) error {
	name := t.keys.bucketName(collection)
	b := t.tx.Bucket(name)
	if b == nil || !has(b, id[:]) {
		return nil
	}
	if err := history.KeepVersion(&t.versions, name, collection, id, b, nil, true); err != nil {
		return err
	}
	t.delta[string(name)]--
	t.noteID(name, id, false)
	if err := b.Delete(id[:]); err != nil {
		return err
	}
	t.changes = append(t.changes, Change{Collection: collection, ID: id, Deleted: true})
	return nil
}

// saveCounts applies the transaction's count changes to the sealed record counts.
func (t *Tx) saveCounts() error {
	if len(t.delta) == 0 && !t.touch {
		return nil
	}
	b := t.tx.Bucket(metaBucket)
	c, err := t.keys.openCounts(b.Get(countsKey))
	if err != nil {
		return err
	}
	for name, d := range t.delta {
		n := int64(c.N[name]) + d
		if n < 0 {
			return fmt.Errorf("%w: the record counts are below zero", ErrDamaged)
		}
		c.N[name] = uint64(n)
	}
	c.Saved = time.Now()
	sealed, err := t.keys.sealCounts(c)
	if err != nil {
		return err
	}
	return b.Put(countsKey, sealed)
}

// Update runs fn in one durable write transaction.
func (v *Vault) Update(fn func(*Tx) error) (err error) {
	if err := v.writable(); err != nil {
		return err
	}
	return v.update(func(tx *Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		if err := tx.saveIDSets(); err != nil {
			return err
		}
		return tx.saveCounts()
	})
}

// update runs fn in a write transaction without the checks of Update.
func (v *Vault) update(fn func(*Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverDamage(&err)
	var t *Tx
	err = v.db.Update(func(tx *bolt.Tx) error {
		t = v.newTx(tx)
		return fn(t)
	})
	if err == nil && t != nil {
		v.hist.Committed(&t.versions)
	}
	return err
}

// view runs fn in a read transaction, reporting a damaged page as ErrDamaged.
func (v *Vault) view(fn func(*bolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverDamage(&err)
	return v.db.View(fn)
}

// Put stores one record in its own transaction.
func (v *Vault) Put(collection string, id ID, plain []byte) error {
	return v.Update(func(tx *Tx) error { return tx.Put(collection, id, plain) })
}

// Delete removes one record in its own transaction.
func (v *Vault) Delete(collection string, id ID) error {
	return v.Update(func(tx *Tx) error { return tx.Delete(collection, id) })
}

// Get opens one record. A missing record is ErrNotFound; a damaged one ErrDamaged.
// It finds the record by a bounds-checked seek (storage/internal/scan), reading only the pages on
// the way to it.
func (v *Vault) Get(collection string, id ID) ([]byte, error) {
	var plain []byte
	var bad error
	found := false
	name := v.keys.bucketName(collection)
	err := v.seekRecords(collection, []ID{id}, 1, func(recs []sealedRecord, damaged []Damage) error {
		for _, d := range damaged {
			bad = d.Err
		}
		for _, r := range recs {
			found = true
			plain, bad = v.keys.open(name, id[:], r.Value)
		}
		return nil
	})
	switch {
	case err != nil:
		return nil, err
	case bad != nil:
		return nil, fmt.Errorf("record %s: %w", id, bad)
	case !found:
		return nil, fmt.Errorf("%w: no record %s in %s", ErrNotFound, id, collection)
	}
	return plain, nil
}

// scanCollection walks one collection's bucket in a read transaction and passes fn
// what it found, and the damage found on the way: problems in the file's structure
// and a record count that differs from the one folio sealed. The records it passes
// point into the walk's pages and are valid only until fn returns.
func (v *Vault) scanCollection(collection string, name []byte, keep bool, fn func(*scan.Bucket, []Damage)) error {
	return v.view(func(tx *bolt.Tx) error {
		w, err := v.walkTx(tx)
		if err != nil {
			return err
		}
		defer w.Close()
		bs, f, damaged := w.Collection(name, collection, keep)
		if f.HasCounts {
			c, err := v.keys.openCounts(f.Counts)
			if err != nil {
				damaged = append(damaged, Damage{Collection: collection, Err: err})
			} else if d := scan.CountsDamage(collection, c.N[string(name)], bs.N); d != nil {
				damaged = append(damaged, *v.nameMissing(tx, c, collection, name, bs, d))
			}
		}
		fn(bs, damaged)
		return nil
	})
}

// nameMissing adds to d, a count that differs from the one folio sealed, which
// records are missing or extra, if the vault keeps ID sets and they can be read.
// Only damage pays for this second walk.
func (v *Vault) nameMissing(tx *bolt.Tx, c *recordCounts, collection string, name []byte, bs *scan.Bucket, d *Damage) *Damage {
	if collection == idsCollection || !inventory.HasIDSets(c, v.keys.bucketName(idsCollection)) {
		return d
	}
	sets, err := v.idSetOf(tx, name)
	if err != nil || len(sets.bad) > 0 {
		return d
	}
	missing, extra := inventory.CompareIDs(sets.IDs[string(name)], bs.Keys())
	return idsDamage(collection, d, missing, extra, 20)
}

// Damage names a record that failed to open, and why (storage/internal/base, so the
// attachments report it too).
type Damage = base.Damage

// sealedRecord is a record as a walk or a seek found it (storage/internal/scan).
type sealedRecord = scan.Record

// Load opens every record of collection, spreading the decryption over the cores.
// fn is called concurrently, once per record that authenticates, with a plaintext it
// may keep. Records that fail to open are returned as Damage, never passed to fn, and
// so is damage to the file's structure or to the collection's record count (with no
// ID); an error from fn stops the load.
func (v *Vault) Load(collection string, fn func(id ID, plain []byte) error) ([]Damage, error) {
	var damaged []Damage
	var fnErr error
	name := v.keys.bucketName(collection)
	err := v.scanCollection(collection, name, true, func(bs *scan.Bucket, d []Damage) {
		bad, err := v.openAll(collection, name, bs.Recs, fn)
		damaged = append(append(d, bs.Bad...), bad...)
		fnErr = err
	})
	if err != nil {
		return nil, err
	}
	return damaged, fnErr
}

// openAll authenticates recs over the cores, passing each that opens to fn. The
// records come from the bounds-checked walk, so they lie inside the file.
func (v *Vault) openAll(collection string, bucket []byte, recs []sealedRecord, fn func(ID, []byte) error) ([]Damage, error) {
	workers := min(runtime.GOMAXPROCS(0), max(1, len(recs)/64))
	var (
		mu       sync.Mutex
		damaged  []Damage
		firstErr error
		wg       sync.WaitGroup
	)
	chunk := (len(recs) + workers - 1) / max(workers, 1)
	for start := 0; start < len(recs); start += chunk {
		part := recs[start:min(start+chunk, len(recs))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, r := range part {
				id, plain, d := v.openRecord(collection, bucket, r)
				if d != nil {
					mu.Lock()
					damaged = append(damaged, *d)
					mu.Unlock()
					continue
				}
				if err := fn(id, plain); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	return damaged, firstErr
}

// openEach is openAll on the calling goroutine, for callers already running on
// every core.
func (v *Vault) openEach(collection string, bucket []byte, recs []sealedRecord, fn func(ID, []byte) error) ([]Damage, error) {
	var damaged []Damage
	for _, r := range recs {
		id, plain, d := v.openRecord(collection, bucket, r)
		if d != nil {
			damaged = append(damaged, *d)
			continue
		}
		if err := fn(id, plain); err != nil {
			return damaged, err
		}
	}
	return damaged, nil
}

// openRecord authenticates one record.
func (v *Vault) openRecord(collection string, bucket []byte, r sealedRecord) (id ID, plain []byte, d *Damage) {
	if len(r.Key) != IDSize {
		return id, nil, &Damage{Collection: collection, ID: base.RecordName(r.Key), Err: fmt.Errorf("%w: key is not a record ID", ErrDamaged)}
	}
	copy(id[:], r.Key)
	plain, err := v.keys.open(bucket, r.Key, r.Value)
	if err != nil {
		return id, nil, &Damage{Collection: collection, ID: id.String(), Err: err}
	}
	return id, plain, nil
}

// ReleaseMapped lets go of the vault's pages the process has read through bbolt's
// mapping of the file (file-backed resident memory; Linux only), which a long
// run of transactions, such as an import's batches, otherwise gathers up to the
// size of the file. Nothing is lost: the next read maps a page again from the
// page cache. It runs in a read transaction, which keeps bbolt from mapping the
// file anew meanwhile, and over the pages that transaction may read, which are
// mapped.
func (v *Vault) ReleaseMapped() error {
	return v.view(func(tx *bolt.Tx) error { return dropMapped(v.db.Info().Data, tx.Size()) })
}
