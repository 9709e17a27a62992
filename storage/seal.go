package storage

import (
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"github.com/foliohq/folio/storage/internal/base"
	"github.com/foliohq/folio/storage/internal/keyring"
	"golang.org/x/crypto/chacha20poly1305"
)

// Domain-separation labels for the keys derived from the data key.
const (
	recordKeyInfo     = "folio v1 record sealing"
	bucketNameKeyInfo = "folio v1 collection names"
	recordADLabel     = "folio record"

	// recordVersion is the first byte of every sealed value.
	recordVersion = 1
	// bucketNameSize is the length of a collection's bucket name.
	bucketNameSize = base.BucketNameSize
	sealOverhead   = 1 + chacha20poly1305.NonceSizeX + chacha20poly1305.Overhead
)

// keys are the data key and what it opens: the record key and the key that names
// buckets. All three live in one secret page that destroy overwrites; an AEAD is
// built per operation and wiped after it, so no lasting copy sits on the Go heap.
type keys struct {
	// mu keeps destroy from unmapping the page while a key is being copied out of it
	// (into an AEAD or HMAC of one operation): a read after the unmap would crash.
	mu      sync.RWMutex
	mem     *keyring.Secret
	dataKey []byte
	recKey  []byte
	nameKey []byte
}

// deriveKeys copies dataKey into a new secret page and derives the subkeys beside it;
// the caller clears its own copy.
func deriveKeys(dataKey []byte) (*keys, error) {
	if len(dataKey) != keySize {
		return nil, fmt.Errorf("the data key is %d bytes, not %d", len(dataKey), keySize)
	}
	mem := keyring.NewSecret(3 * keySize)
	k := &keys{mem: mem, dataKey: mem.Slot(0, keySize), recKey: mem.Slot(1, keySize), nameKey: mem.Slot(2, keySize)}
	copy(k.dataKey, dataKey)
	if err := keyring.HKDFInto(k.dataKey, []keyring.HKDFOut{{To: k.recKey, Info: recordKeyInfo}, {To: k.nameKey, Info: bucketNameKeyInfo}}); err != nil {
		k.destroy()
		return nil, err
	}
	return k, nil
}

// destroy overwrites the keys; every later use fails.
func (k *keys) destroy() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.mem.Destroy()
	k.dataKey, k.recKey, k.nameKey = nil, nil, nil
}

// withDataKey runs f with the data key, which stays valid until f returns.
func (k *keys) withDataKey(f func([]byte) error) error {
	k.mu.RLock()
	defer k.mu.RUnlock()
	if k.dataKey == nil {
		return errors.New("the vault is locked")
	}
	return f(k.dataKey)
}

// withAEAD runs f with the record AEAD and then wipes the AEAD's copy of the key.
func (k *keys) withAEAD(f func(cipher.AEAD) error) error {
	k.mu.RLock()
	a, err := chacha20poly1305.NewX(k.recKey)
	k.mu.RUnlock()
	if err != nil {
		return fmt.Errorf("the vault is locked: %w", err)
	}
	defer keyring.WipeAEAD(a)
	return f(a)
}

// bucketName hides a collection's name: a keyed hash, so the file does not say which
// collections exist.
func (k *keys) bucketName(collection string) []byte {
	k.mu.RLock()
	m := hmac.New(sha256.New, k.nameKey)
	k.mu.RUnlock()
	m.Write([]byte(collection))
	return m.Sum(nil)[:bucketNameSize]
}

// recordAD binds a sealed value to the format version, its bucket (and so its
// collection) and its key, so it cannot be moved or swapped undetected.
func recordAD(bucket, id []byte) []byte {
	ad := make([]byte, 0, len(recordADLabel)+2+2+len(bucket)+len(id))
	ad = append(ad, recordADLabel...)
	ad = binary.BigEndian.AppendUint16(ad, recordVersion)
	ad = append(ad, byte(len(bucket)))
	ad = append(ad, bucket...)
	ad = append(ad, byte(len(id)))
	ad = append(ad, id...)
	return ad
}

func (k *keys) seal(bucket, id, plain []byte) ([]byte, error) {
	out := make([]byte, 1+chacha20poly1305.NonceSizeX, len(plain)+sealOverhead)
	out[0] = recordVersion
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, err
	}
	err := k.withAEAD(func(a cipher.AEAD) error {
		out = a.Seal(out, out[1:1+chacha20poly1305.NonceSizeX], plain, recordAD(bucket, id))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (k *keys) open(bucket, id, sealed []byte) ([]byte, error) {
	if len(sealed) < sealOverhead {
		return nil, fmt.Errorf("%w: sealed record is %d bytes, shorter than its nonce and tag", ErrDamaged, len(sealed))
	}
	if sealed[0] != recordVersion {
		return nil, fmt.Errorf("%w: record format %d is unknown", ErrDamaged, sealed[0])
	}
	nonce := sealed[1 : 1+chacha20poly1305.NonceSizeX]
	var plain []byte
	err := k.withAEAD(func(a cipher.AEAD) error {
		var err error
		plain, err = a.Open(nil, nonce, sealed[1+chacha20poly1305.NonceSizeX:], recordAD(bucket, id))
		if err != nil {
			return fmt.Errorf("%w: record failed authentication", ErrDamaged)
		}
		return nil
	})
	return plain, err
}
