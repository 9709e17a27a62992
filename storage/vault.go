// Package storage is folio's encrypted vault: one bbolt file holding sealed records in
// named collections. It knows nothing of what the records mean.
package storage

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// metaBucket holds the header; the only bucket with a readable name.
var (
	metaBucket = []byte("folio")
	headerKey  = []byte("header")
)

// LockTimeout is how long Open waits for another process to let go of the file.
const LockTimeout = time.Second

// Options tune Open.
type Options struct {
	// ReadOnly opens with a shared lock and never writes.
	ReadOnly bool
}

// Vault is an open, unlocked vault. Its methods are safe for concurrent use.
type Vault struct {
	db   *bolt.DB
	path string
	keys *keys
	// headerMu guards header, which a passphrase change replaces, and makes changes
	// take turns so the header in memory is the one last committed.
	headerMu sync.Mutex
	header   *header
	// dataKey is kept only to re-wrap it when the passphrase changes.
	dataKey []byte
}

// Path is the vault file's path.
func (v *Vault) Path() string { return v.path }

// KDF returns the key derivation parameters in the header.
func (v *Vault) KDF() KDFParams {
	v.headerMu.Lock()
	defer v.headerMu.Unlock()
	return v.header.kdf
}

// Create makes a new vault at path, refusing to replace an existing file. The file is
// built under a temporary name and moved into place complete, so a crash leaves either
// no vault or a good one.
func Create(path string, passphrase []byte, p KDFParams) (*Vault, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("%w at %s", ErrExists, path)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	dataKey := make([]byte, keySize)
	rand.Read(dataKey)
	h, _, err := newHeader(passphrase, dataKey, p)
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
	if err := writeNewVault(tmpPath, h); err != nil {
		return nil, err
	}
	// Link fails if path appeared meanwhile, so a vault is never replaced.
	if err := os.Link(tmpPath, path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("%w at %s", ErrExists, path)
		}
		return nil, err
	}
	if err := syncDir(dir); err != nil {
		return nil, err
	}
	return openWithHeader(path, h, dataKey, Options{})
}

func writeNewVault(path string, h *header) error {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: LockTimeout})
	if err != nil {
		return err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(metaBucket)
		if err != nil {
			return err
		}
		return b.Put(headerKey, h.marshal())
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Chmod(path, 0o600)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Open unlocks the vault at path with passphrase.
func Open(path string, passphrase []byte, opts Options) (v *Vault, err error) {
	db, h, err := openFile(path, opts)
	if err != nil {
		return nil, err
	}
	dataKey, err := h.unwrap(passphrase)
	if err != nil {
		db.Close()
		return nil, err
	}
	return newVault(db, path, h, dataKey)
}

func openWithHeader(path string, h *header, dataKey []byte, opts Options) (*Vault, error) {
	db, _, err := openFile(path, opts)
	if err != nil {
		return nil, err
	}
	return newVault(db, path, h, dataKey)
}

func newVault(db *bolt.DB, path string, h *header, dataKey []byte) (*Vault, error) {
	k, err := deriveKeys(dataKey)
	if err != nil {
		db.Close()
		return nil, err
	}
	return &Vault{db: db, path: path, header: h, keys: k, dataKey: dataKey}, nil
}

// openFile opens the bbolt file and reads its header, telling apart a missing file, a
// file in use, and a damaged one. A damaged file can make bbolt panic or read outside
// the file (see guard.go); both are reported as damage.
func openFile(path string, opts Options) (db *bolt.DB, h *header, err error) {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("%w: no vault at %s", ErrNotFound, path)
	}
	if err != nil {
		return nil, nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("%w: %s is not a regular file", ErrDamaged, path)
	}
	if st.Size() == 0 {
		// bbolt would quietly initialise an empty file; an empty vault is damage.
		return nil, nil, fmt.Errorf("%w: %s is empty", ErrDamaged, path)
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if db != nil {
				db.Close()
			}
			db, h, err = nil, nil, fmt.Errorf("%w: the file structure is corrupt (%v)", ErrDamaged, r)
		}
	}()
	// A read-only open maps only the meta pages, so the file can be checked before
	// bbolt reads anything else, while the shared lock keeps writers out.
	db, err = openBolt(path, true)
	if err != nil {
		return nil, nil, err
	}
	if err = checkBounds(path, db.Info().PageSize); err == nil {
		err = checkTop(db, path)
	}
	if err == nil && !opts.ReadOnly {
		db.Close()
		db, err = openBolt(path, false)
		if err != nil {
			return nil, nil, err
		}
	}
	var raw []byte
	if err == nil {
		err = db.View(func(tx *bolt.Tx) error {
			b := tx.Bucket(metaBucket)
			if b == nil {
				return fmt.Errorf("%w: the header is missing", ErrDamaged)
			}
			raw = append([]byte(nil), b.Get(headerKey)...)
			return nil
		})
	}
	if err == nil {
		h, err = parseHeader(raw)
	}
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, h, nil
}

// checkTop walks what Open has bbolt read, the top-level tree and the header's bucket,
// with a walk that cannot loop or read outside the file (walk.go).
func checkTop(db *bolt.DB, path string) error {
	return db.View(func(tx *bolt.Tx) error {
		w, err := openWalk(path, db.Info().PageSize, uint64(tx.ID()))
		if err != nil {
			return err
		}
		defer w.close()
		w.root(func(name, value []byte, isBucket bool) {
			if isBucket && isMeta(name) {
				w.bucket(value, "the header's bucket", func([]byte, []byte, bool) {}, 0)
			}
		})
		if len(w.problems) > 0 {
			return fmt.Errorf("%w: %s", ErrDamaged, w.problems[0])
		}
		return nil
	})
}

func openBolt(path string, readOnly bool) (*bolt.DB, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: LockTimeout, ReadOnly: readOnly})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("%w: another folio has %s open", ErrInUse, path)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s is not a readable vault file (%v)", ErrDamaged, path, err)
	}
	return db, nil
}

// Close releases the file and forgets the keys.
func (v *Vault) Close() error {
	clear(v.dataKey)
	clear(v.keys.nameKey)
	return v.db.Close()
}

// ChangePassphrase re-wraps the data key under a new passphrase and fresh salt in one
// transaction. No record is rewritten; the new wrapping is unwrapped and checked
// before it is committed.
func (v *Vault) ChangePassphrase(newPassphrase []byte, p KDFParams) error {
	v.headerMu.Lock()
	defer v.headerMu.Unlock()
	h, kek, err := newHeader(newPassphrase, v.dataKey, p)
	if err != nil {
		return err
	}
	raw := h.marshal()
	check, err := parseHeader(raw)
	if err != nil {
		return fmt.Errorf("the new header did not read back: %w", err)
	}
	key, err := check.unwrapWith(kek)
	if err != nil || string(key) != string(v.dataKey) {
		return errors.New("the new passphrase wrapping did not verify; nothing was changed")
	}
	err = v.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(metaBucket).Put(headerKey, raw)
	})
	if err != nil {
		return err
	}
	v.header = h
	return nil
}
