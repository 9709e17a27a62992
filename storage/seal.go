package storage

import (
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"

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
	bucketNameSize = 16
	sealOverhead   = 1 + chacha20poly1305.NonceSizeX + chacha20poly1305.Overhead
)

// keys are what the data key opens: the record AEAD and the key that names buckets.
type keys struct {
	aead    cipher.AEAD
	nameKey []byte
}

func deriveKeys(dataKey []byte) (*keys, error) {
	recKey, err := hkdf.Key(sha256.New, dataKey, nil, recordKeyInfo, chacha20poly1305.KeySize)
	if err != nil {
		return nil, err
	}
	nameKey, err := hkdf.Key(sha256.New, dataKey, nil, bucketNameKeyInfo, 32)
	if err != nil {
		return nil, err
	}
	aead, err := chacha20poly1305.NewX(recKey)
	if err != nil {
		return nil, err
	}
	return &keys{aead: aead, nameKey: nameKey}, nil
}

// bucketName hides a collection's name: a keyed hash, so the file does not say which
// collections exist.
func (k *keys) bucketName(collection string) []byte {
	m := hmac.New(sha256.New, k.nameKey)
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
	return k.aead.Seal(out, out[1:1+chacha20poly1305.NonceSizeX], plain, recordAD(bucket, id)), nil
}

func (k *keys) open(bucket, id, sealed []byte) ([]byte, error) {
	if len(sealed) < sealOverhead {
		return nil, fmt.Errorf("%w: sealed record is %d bytes, shorter than its nonce and tag", ErrDamaged, len(sealed))
	}
	if sealed[0] != recordVersion {
		return nil, fmt.Errorf("%w: record format %d is unknown", ErrDamaged, sealed[0])
	}
	nonce := sealed[1 : 1+chacha20poly1305.NonceSizeX]
	plain, err := k.aead.Open(nil, nonce, sealed[1+chacha20poly1305.NonceSizeX:], recordAD(bucket, id))
	if err != nil {
		return nil, fmt.Errorf("%w: record failed authentication", ErrDamaged)
	}
	return plain, nil
}
