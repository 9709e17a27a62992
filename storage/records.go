package storage

import (
	"bytes"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// Tx is a write transaction: every Put and Delete in it commits together, durably, or
// not at all.
type Tx struct {
	tx   *bolt.Tx
	keys *keys
}

// Put seals plain and stores it as id in collection, replacing any earlier value.
func (t *Tx) Put(collection string, id ID, plain []byte) error {
	name := t.keys.bucketName(collection)
	b, err := t.tx.CreateBucketIfNotExists(name)
	if err != nil {
		return err
	}
	sealed, err := t.keys.seal(name, id[:], plain)
	if err != nil {
		return err
	}
	return b.Put(id[:], sealed)
}

// Delete removes id from collection; deleting what is not there is no error.
func (t *Tx) Delete(collection string, id ID) error {
	b := t.tx.Bucket(t.keys.bucketName(collection))
	if b == nil {
		return nil
	}
	return b.Delete(id[:])
}

// Update runs fn in one durable write transaction.
func (v *Vault) Update(fn func(*Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverDamage(&err)
	return v.db.Update(func(tx *bolt.Tx) error {
		return fn(&Tx{tx: tx, keys: v.keys})
	})
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
func (v *Vault) Get(collection string, id ID) ([]byte, error) {
	var plain []byte
	err := v.view(func(tx *bolt.Tx) error {
		name := v.keys.bucketName(collection)
		b := tx.Bucket(name)
		var key, sealed []byte
		if b != nil {
			// Not b.Get: it answers nil for a bucket in the record's place, which Load
			// and Check report as damage.
			key, sealed = b.Cursor().Seek(id[:])
		}
		if !bytes.Equal(key, id[:]) {
			return fmt.Errorf("%w: no record %s in %s", ErrNotFound, id, collection)
		}
		if int64(len(sealed)) > tx.Size() {
			return fmt.Errorf("record %s: %w: it claims %d bytes, more than the file holds", id, ErrDamaged, len(sealed))
		}
		var err error
		plain, err = v.keys.open(name, id[:], sealed)
		if err != nil {
			return fmt.Errorf("record %s: %w", id, err)
		}
		return nil
	})
	return plain, err
}

// Damage names a record that failed to open, and why.
type Damage struct {
	Collection string
	ID         string
	Err        error
}

func (d Damage) Error() string {
	return fmt.Sprintf("record %s in %s: %v", d.ID, d.Collection, d.Err)
}

type sealedRecord struct {
	key, value []byte
}

// Load opens every record of collection, spreading the decryption over the cores.
// fn is called concurrently, once per record that authenticates, with a plaintext it
// may keep. Records that fail to open are returned as Damage, never passed to fn; an
// error from fn stops the load.
func (v *Vault) Load(collection string, fn func(id ID, plain []byte) error) ([]Damage, error) {
	var damaged []Damage
	err := v.view(func(tx *bolt.Tx) error {
		name := v.keys.bucketName(collection)
		b := tx.Bucket(name)
		if b == nil {
			return nil
		}
		// The values point into bbolt's memory map, valid until the transaction ends,
		// which is after every worker is done with them.
		var recs []sealedRecord
		b.ForEach(func(k, val []byte) error {
			recs = append(recs, sealedRecord{k, val})
			return nil
		})
		var err error
		damaged, err = v.openAll(collection, name, recs, tx.Size(), fn)
		return err
	})
	return damaged, err
}

// openAll authenticates recs over the cores, passing each that opens to fn. size is
// the size of the file in use: no value can be longer.
func (v *Vault) openAll(collection string, bucket []byte, recs []sealedRecord, size int64, fn func(ID, []byte) error) ([]Damage, error) {
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
				id, plain, d := v.openRecord(collection, bucket, r, size)
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

// openRecord authenticates one record, in a worker goroutine. Its key and value point
// into bbolt's memory map, where a damaged page can make them reach outside the file.
func (v *Vault) openRecord(collection string, bucket []byte, r sealedRecord, size int64) (id ID, plain []byte, d *Damage) {
	name := "with an unreadable key"
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			d = &Damage{collection, name, fmt.Errorf("%w: the file structure is corrupt (%v)", ErrDamaged, p)}
		}
	}()
	if len(r.key) != IDSize {
		return id, nil, &Damage{collection, recordName(r.key), fmt.Errorf("%w: key is not a record ID", ErrDamaged)}
	}
	copy(id[:], r.key)
	name = id.String()
	if int64(len(r.value)) > size {
		// A damaged length; opening would allocate it and read far outside the file.
		return id, nil, &Damage{collection, name, fmt.Errorf("%w: the record claims %d bytes, more than the file holds", ErrDamaged, len(r.value))}
	}
	plain, err := v.keys.open(bucket, r.key, r.value)
	if err != nil {
		return id, nil, &Damage{collection, name, err}
	}
	return id, plain, nil
}

// IsMeta reports whether a bucket name is the header's.
func isMeta(name []byte) bool { return bytes.Equal(name, metaBucket) }
