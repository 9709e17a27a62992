// Package storage is folio's encrypted vault: one bbolt file holding sealed records in
// named collections. It knows nothing of what the records mean.
package storage

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/foliohq/folio/storage/atomicfile"
	"github.com/foliohq/folio/storage/internal/history"
	"github.com/foliohq/folio/storage/internal/keyring"
	"github.com/foliohq/folio/storage/internal/pagewalk"
	"github.com/foliohq/folio/storage/internal/scan"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// metaBucket holds the header; the only bucket with a readable name.
var (
	metaBucket = []byte(scan.MetaBucket)
	headerKey  = []byte(scan.HeaderKey)
)

// LockTimeout is how long Open waits for another process to let go of the file.
const LockTimeout = time.Second

// Options tune Open.
type Options struct {
	// ReadOnly opens with a shared lock and never writes.
	ReadOnly bool
	// AcceptRollback keeps a vault whose newest change could not be read as it is (see
	// Rollback): a writable open then commits at once, which overwrites the damaged
	// meta page. Without it a writable open of such a vault fails with ErrRollback.
	AcceptRollback bool
	// Writing says the caller means to write: the walk of the whole file that comes
	// before a process's first write (writable) starts as the file opens, beside
	// the key derivation, instead of at the first write. Ignored with ReadOnly.
	Writing bool
}

// Vault is an open, unlocked vault. Its methods are safe for concurrent use.
type Vault struct {
	db   *bolt.DB
	path string
	keys *keys
	// borrowedKeys marks a vault opened with another's keys (a snapshot being
	// verified or re-keyed): closing it must not destroy keys its owner still uses.
	borrowedKeys bool
	// headerMu guards header, which a passphrase change replaces, and makes changes
	// take turns so the header in memory is the one last committed.
	headerMu sync.Mutex
	header   *keyring.Header

	readOnly bool
	// rollback is set if the vault opened as it was before its newest change; metaNote
	// names a damaged older meta page, which loses nothing.
	rollback       *Rollback
	metaNote       string
	acceptRollback bool
	// writeMu guards the one walk of the file before the first write (writable).
	writeMu  sync.Mutex
	verified bool
	writeErr error
	// early is the walk writable needs, started by Open (Options.Writing) and not
	// yet taken by writable.
	early *firstWalk
	// idSets is set by writable once the vault keeps the ID sets (idsets.go).
	idSets atomic.Bool
	// hist is which collections keep versions, and the session's undo log.
	hist history.Log
}

// Rollback reports whether the vault opened as it was before its newest change,
// because the bbolt meta page of that change is damaged; nil if not.
func (v *Vault) Rollback() *Rollback { return v.rollback }

func (v *Vault) rollbackError() error {
	return fmt.Errorf("%w (%w): %v. Restore a backup, or keep the vault as it is by running the command again with --accept-rollback", ErrDamaged, ErrRollback, v.rollback)
}

// errReadOnlyOpen refuses a write to a vault opened read-only.
var errReadOnlyOpen = errors.New("the vault was opened read-only")

// Path is the vault file's path.
func (v *Vault) Path() string { return v.path }

// KDF returns the key derivation parameters in the header.
func (v *Vault) KDF() KDFParams {
	v.headerMu.Lock()
	defer v.headerMu.Unlock()
	return v.header.KDF()
}

// Create makes a new vault at path, refusing to replace an existing file. The file is
// built under a temporary name and moved into place complete, so a crash leaves either
// no vault or a good one.
func Create(path string, passphrase []byte, p KDFParams) (*Vault, error) {
	return create(path, passphrase, p, 0)
}

// create is Create with bbolt's page size; 0 is the system's. Tests use small pages
// to make small files.
func create(path string, passphrase []byte, p KDFParams, pageSize int) (*Vault, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("%w at %s", ErrExists, path)
	}
	dataKey := make([]byte, keySize)
	defer clear(dataKey)
	rand.Read(dataKey)
	h, kek, err := keyring.NewHeader(passphrase, dataKey, p)
	if err != nil {
		return nil, err
	}
	clear(kek)
	return createWithKey(path, h, dataKey, pageSize)
}

// createWithKey makes a new vault at path with header h, which wraps dataKey.
func createWithKey(path string, h *keyring.Header, dataKey []byte, pageSize int) (*Vault, error) {
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("%w at %s", ErrExists, path)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	k, err := deriveKeys(dataKey)
	if err != nil {
		return nil, err
	}
	counts, err := k.sealCounts(&recordCounts{Saved: time.Now(), N: map[string]uint64{}})
	k.destroy()
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(dir, ".folio-new-*")
	if err != nil {
		return nil, err
	}
	tmpPath := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpPath) // a no-op once renamed
	if err := writeNewVault(tmpPath, h, counts, pageSize); err != nil {
		return nil, err
	}
	// Link fails if path appeared meanwhile, so a vault is never replaced.
	if err := os.Link(tmpPath, path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("%w at %s", ErrExists, path)
		}
		return nil, err
	}
	if err := atomicfile.SyncDir(dir); err != nil {
		return nil, err
	}
	return openWithHeader(path, h, dataKey, Options{})
}

func writeNewVault(path string, h *keyring.Header, counts []byte, pageSize int) error {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: LockTimeout, PageSize: pageSize})
	if err != nil {
		return err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(metaBucket)
		if err != nil {
			return err
		}
		if err := b.Put(headerKey, h.Marshal()); err != nil {
			return err
		}
		return b.Put(countsKey, counts)
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Chmod(path, 0o600)
}

// kdfCollectKiB is the key derivation's memory from which a writing Open collects
// it: below it, as in tests, the collection would cost more than it frees.
const kdfCollectKiB = 4 << 10

// Open unlocks the vault at path with passphrase.
func Open(path string, passphrase []byte, opts Options) (v *Vault, err error) {
	db, st, err := openFile(path, opts)
	if err != nil {
		return nil, err
	}
	var early *firstWalk
	release := func() {}
	if opts.Writing && !opts.ReadOnly {
		early = startFirstWalk(db, path)
	} else {
		// Not beside the walk: the collection that ends the prefault waits on
		// the walk's allocation, and at 100k the walk, not the derivation, is
		// what the first write waits for (add measured no faster with it).
		// The collector stays off until the key is derived, and the next
		// allocation after starts the collection that frees Argon2's memory.
		release = st.h.Prefault()
	}
	dataKey, err := st.h.Unwrap(passphrase)
	release()
	if err != nil {
		if early != nil {
			<-early.done
		}
		db.Close()
		return nil, err
	}
	defer clear(dataKey)
	if early != nil && st.h.KDF().MemoryKiB >= kdfCollectKiB {
		// The key derivation's memory is garbage now, but the collector last ran
		// while it was live (beside the walk, which allocates) and set its next
		// goal at twice that: without a collection here, opening allocates on
		// top of it and the process's peak memory is the two together.
		runtime.GC()
	}
	return newVault(db, path, st, dataKey, opts, early)
}

func openWithHeader(path string, h *keyring.Header, dataKey []byte, opts Options) (*Vault, error) {
	db, st, err := openFile(path, opts)
	if err != nil {
		return nil, err
	}
	st.h = h
	return newVault(db, path, st, dataKey, opts, nil)
}

func newVault(db *bolt.DB, path string, st *opened, dataKey []byte, opts Options, early *firstWalk) (*Vault, error) {
	k, err := deriveKeys(dataKey)
	if err != nil {
		if early != nil {
			<-early.done
		}
		db.Close()
		return nil, err
	}
	v := &Vault{db: db, path: path, header: st.h, keys: k, readOnly: opts.ReadOnly,
		rollback: st.rollback, metaNote: st.metaNote, acceptRollback: opts.AcceptRollback, early: early}
	if v.rollback == nil || opts.ReadOnly {
		if v.rollback != nil && st.hasCounts {
			if c, err := k.openCounts(st.counts); err == nil {
				v.rollback.Saved = c.Saved
			}
		}
		return v, nil
	}
	if st.hasCounts {
		if c, err := k.openCounts(st.counts); err == nil {
			v.rollback.Saved = c.Saved
		}
	}
	if !opts.AcceptRollback {
		err := v.rollbackError()
		v.Close()
		return nil, err
	}
	// The user chose to keep the vault as it is: one commit rewrites the damaged meta
	// page, so the choice holds.
	err = v.Update(func(tx *Tx) error { tx.touch = true; return nil })
	if err != nil {
		v.Close()
		return nil, err
	}
	v.rollback = nil
	return v, nil
}

// opened is what openFile read before the passphrase is known.
type opened struct {
	h         *keyring.Header
	counts    []byte
	hasCounts bool
	rollback  *Rollback
	metaNote  string
}

// openFile opens the bbolt file and reads its header, telling apart a missing file, a
// file in use, and a damaged one. A damaged file can make bbolt panic or read outside
// the file (see guard.go); both are reported as damage.
func openFile(path string, opts Options) (db *bolt.DB, st *opened, err error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("%w: no vault at %s", ErrNotFound, path)
	}
	if err != nil {
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("%w: %s is not a regular file", ErrDamaged, path)
	}
	if fi.Size() == 0 {
		// bbolt would quietly initialise an empty file; an empty vault is damage.
		return nil, nil, fmt.Errorf("%w: %s is empty", ErrDamaged, path)
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if db != nil {
				db.Close()
			}
			db, st, err = nil, nil, fmt.Errorf("%w: the file structure is corrupt (%v)", ErrDamaged, r)
		}
	}()
	// A read-only open maps only the meta pages, so the file can be checked before
	// bbolt reads anything else, while the shared lock keeps writers out.
	db, err = openBolt(path, true)
	if err != nil {
		return nil, nil, err
	}
	st = &opened{}
	st.rollback, st.metaNote = pagewalk.InspectMetas(path, db.Info().PageSize)
	var f scan.Folio
	if err = pagewalk.CheckBounds(path, db.Info().PageSize); err == nil {
		f, err = checkTop(db, path)
	}
	if err == nil && !opts.ReadOnly {
		db.Close()
		db, err = openBolt(path, false)
		if err != nil {
			return nil, nil, err
		}
		// Another folio may have written between the two opens.
		st.rollback, st.metaNote = pagewalk.InspectMetas(path, db.Info().PageSize)
		f, err = checkTop(db, path)
	}
	if err == nil {
		st.counts, st.hasCounts = f.Counts, f.HasCounts
		if f.Header == nil {
			err = fmt.Errorf("%w: the header is missing", ErrDamaged)
		} else {
			st.h, err = keyring.ParseHeader(f.Header)
		}
	}
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, st, nil
}

// checkTop walks what Open reads, the top-level tree and the header's bucket, with a
// walk that cannot loop or read outside the file (storage/internal/scan), and returns the values in
// the header's bucket.
func checkTop(db *bolt.DB, path string) (f scan.Folio, err error) {
	err = db.View(func(tx *bolt.Tx) error {
		w, err := scan.Open(path, db.Info().PageSize, uint64(tx.ID()))
		if err != nil {
			return err
		}
		defer w.Close()
		f, err = w.Header()
		return err
	})
	return f, err
}

func openBolt(path string, readOnly bool) (*bolt.DB, error) {
	o := &bolt.Options{Timeout: LockTimeout, ReadOnly: readOnly}
	if !readOnly {
		// A writer maps ahead of the file (mmap_*.go), so a growing vault is not
		// remapped at each doubling; a reader never grows the file.
		o.InitialMmapSize = initialMmapSize
	}
	db, err := bolt.Open(path, 0o600, o)
	if err != nil {
		return nil, openError(path, readOnly, err)
	}
	return db, nil
}

// openError tells apart why bbolt could not open the file: in use, not writable, or
// not a sound bbolt file.
func openError(path string, readOnly bool, err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("%w: another folio has %s open", ErrInUse, path)
	case !readOnly && (errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)):
		return fmt.Errorf("%w: %s cannot be written (%v); nothing was changed, and commands that only read it still work", ErrReadOnly, path, err)
	}
	return fmt.Errorf("%w: %s is not a readable vault file (%v)", ErrDamaged, path, err)
}

// Close releases the file and overwrites the keys. bbolt's Close waits for running
// transactions, so no operation is using the keys when they are wiped.
func (v *Vault) Close() error {
	v.writeMu.Lock()
	if v.early != nil {
		// Let the walk end (bbolt's Close would wait for its transaction
		// anyway), so no goroutine of the vault outlives Close.
		<-v.early.done
		v.early = nil
	}
	v.writeMu.Unlock()
	err := v.db.Close()
	if !v.borrowedKeys {
		v.keys.destroy()
	}
	return err
}

// ChangePassphrase re-wraps the data key under a new passphrase and fresh salt in one
// transaction. No record is rewritten; the new wrapping is unwrapped and checked
// before it is committed.
func (v *Vault) ChangePassphrase(newPassphrase []byte, p KDFParams) error {
	if err := v.writable(); err != nil {
		return err
	}
	v.headerMu.Lock()
	defer v.headerMu.Unlock()
	var h *keyring.Header
	var raw []byte
	err := v.keys.withDataKey(func(dataKey []byte) error {
		var kek []byte
		var err error
		h, kek, err = keyring.NewHeader(newPassphrase, dataKey, p)
		if err != nil {
			return err
		}
		defer clear(kek)
		raw = h.Marshal()
		check, err := keyring.ParseHeader(raw)
		if err != nil {
			return fmt.Errorf("the new header did not read back: %w", err)
		}
		key, err := check.UnwrapWith(kek)
		same := err == nil && subtle.ConstantTimeCompare(key, dataKey) == 1
		clear(key)
		if !same {
			return errors.New("the new passphrase wrapping did not verify; nothing was changed")
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = v.update(func(tx *Tx) error {
		return tx.tx.Bucket(metaBucket).Put(headerKey, raw)
	})
	if err != nil {
		return err
	}
	v.header = h
	return nil
}
