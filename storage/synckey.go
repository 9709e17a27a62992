package storage

import (
	"crypto/subtle"
	"errors"
	"fmt"

	"github.com/foliohq/folio/storage/internal/keyring"
)

// The key header as sync carries it (docs/SYNC.md "The key header"): the vault's
// header, which wraps the data key under the passphrase, is the one thing a new device
// needs from the folder to unlock it; and a passphrase changed on one device reaches
// the others as a new header wrapping the same data key.

// ErrOtherKey means a header unwraps, but to another portfolio's data key.
var ErrOtherKey = errors.New("the key header is another portfolio's")

// Header is the vault's header as it is now, in its bytes of docs/VAULT.md.
func (v *Vault) Header() []byte {
	v.headerMu.Lock()
	defer v.headerMu.Unlock()
	return v.header.Marshal()
}

// CheckHeader parses a header read from elsewhere, without unwrapping it.
func CheckHeader(raw []byte) error {
	_, err := keyring.ParseHeader(raw)
	return err
}

// HeaderKey is a data key unwrapped from a header outside any vault: a sync folder's,
// to check what the folder sealed before a vault is made with it. Destroy overwrites it.
type HeaderKey struct {
	h    *keyring.Header
	keys *keys
}

// UnlockHeader unwraps the data key of raw with passphrase: ErrWrongPassphrase if it
// does not open, ErrDamaged if raw is no header.
func UnlockHeader(raw, passphrase []byte) (*HeaderKey, error) {
	h, err := keyring.ParseHeader(raw)
	if err != nil {
		return nil, err
	}
	dataKey, err := h.Unwrap(passphrase)
	if err != nil {
		return nil, err
	}
	defer clear(dataKey)
	k, err := deriveKeys(dataKey)
	if err != nil {
		return nil, err
	}
	return &HeaderKey{h: h, keys: k}, nil
}

// OpenChangeSet opens what a vault with this data key sealed with SealChangeSet.
func (k *HeaderKey) OpenChangeSet(ad, sealed []byte) ([]byte, error) {
	if len(ad) > 255 {
		return nil, ErrBlobAD
	}
	return k.keys.open(k.keys.bucketName(syncBlobLabel), ad, sealed)
}

// Create makes a new, empty vault at path with this header and data key: it opens
// with the passphrase that unlocked the header. It refuses to replace a file.
func (k *HeaderKey) Create(path string) (*Vault, error) {
	var v *Vault
	err := k.keys.withDataKey(func(dataKey []byte) error {
		var err error
		v, err = createWithKey(path, k.h, dataKey, 0)
		return err
	})
	return v, err
}

// Destroy overwrites the key.
func (k *HeaderKey) Destroy() { k.keys.destroy() }

// AdoptHeader makes raw the vault's header, if passphrase unwraps it to this vault's
// own data key: a passphrase changed on another device of the same portfolio becomes
// this vault's too. No record is rewritten.
func (v *Vault) AdoptHeader(raw, passphrase []byte) error {
	if err := v.writable(); err != nil {
		return err
	}
	h, err := keyring.ParseHeader(raw)
	if err != nil {
		return err
	}
	key, err := h.Unwrap(passphrase)
	if err != nil {
		return err
	}
	defer clear(key)
	v.headerMu.Lock()
	defer v.headerMu.Unlock()
	err = v.keys.withDataKey(func(dataKey []byte) error {
		if subtle.ConstantTimeCompare(key, dataKey) != 1 {
			return ErrOtherKey
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := v.update(func(tx *Tx) error { return tx.tx.Bucket(metaBucket).Put(headerKey, h.Marshal()) }); err != nil {
		return fmt.Errorf("keeping the new key header: %w", err)
	}
	v.header = h
	return nil
}

// syncBlobLabel names, in the associated data, what SealChangeSet seals: a change set.
const syncBlobLabel = "\x00folio sync file"

// ErrBlobAD means associated data too long to bind.
var ErrBlobAD = errors.New("associated data longer than 255 bytes")

// SealChangeSet seals plain with the vault's record key, bound to ad (at most 255 bytes),
// as a record of the sync files' own bucket name: docs/SYNC.md.
func (v *Vault) SealChangeSet(ad, plain []byte) ([]byte, error) {
	if len(ad) > 255 {
		return nil, ErrBlobAD
	}
	return v.keys.seal(v.keys.bucketName(syncBlobLabel), ad, plain)
}

// OpenChangeSet opens what SealChangeSet sealed with the same ad; anything else is ErrDamaged.
func (v *Vault) OpenChangeSet(ad, sealed []byte) ([]byte, error) {
	if len(ad) > 255 {
		return nil, ErrBlobAD
	}
	return v.keys.open(v.keys.bucketName(syncBlobLabel), ad, sealed)
}

// BlobOverhead is how many bytes SealChangeSet adds to its plaintext.
const BlobOverhead = sealOverhead
