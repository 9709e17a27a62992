package storage

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

// The header is the one plaintext value in the file: how to derive the key-encryption
// key and the data key it wraps. It names no user content. Layout in docs/VAULT.md.
const (
	headerMagic   = "FOLIOVLT"
	formatVersion = 1
	kdfArgon2id   = 1

	wrapLabel = "folio data key v1"

	// Offsets of the version 1 header.
	offVersion  = 8
	offKDF      = 10
	offTime     = 11
	offMemory   = 15
	offThreads  = 19
	offSalt     = 20
	offNonce    = offSalt + saltSize
	offWrapped  = offNonce + chacha20poly1305.NonceSizeX
	offChecksum = offWrapped + keySize + chacha20poly1305.Overhead
	headerSize  = offChecksum + sha256.Size

	// Every version's header starts with the magic and version and ends with a SHA-256
	// of all that comes before it, so damage is told from a wrong passphrase and from a
	// newer format before anything else is read.
	minHeaderSize = offKDF + sha256.Size
)

type header struct {
	kdf     KDFParams
	salt    [saltSize]byte
	nonce   [chacha20poly1305.NonceSizeX]byte
	wrapped [keySize + chacha20poly1305.Overhead]byte
}

// wrapAD binds the wrapped key to the format version and the KDF inputs.
func (h *header) wrapAD() []byte {
	b := h.marshal()
	return append([]byte(wrapLabel), b[:offNonce]...)
}

func (h *header) marshal() []byte {
	b := make([]byte, headerSize)
	copy(b, headerMagic)
	binary.BigEndian.PutUint16(b[offVersion:], formatVersion)
	b[offKDF] = kdfArgon2id
	binary.BigEndian.PutUint32(b[offTime:], h.kdf.Time)
	binary.BigEndian.PutUint32(b[offMemory:], h.kdf.MemoryKiB)
	b[offThreads] = h.kdf.Threads
	copy(b[offSalt:], h.salt[:])
	copy(b[offNonce:], h.nonce[:])
	copy(b[offWrapped:], h.wrapped[:])
	sum := sha256.Sum256(b[:offChecksum])
	copy(b[offChecksum:], sum[:])
	return b
}

func parseHeader(b []byte) (*header, error) {
	if len(b) < minHeaderSize || !bytes.Equal(b[:len(headerMagic)], []byte(headerMagic)) {
		return nil, fmt.Errorf("%w: the header is missing or not a folio header", ErrDamaged)
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if want := sha256.Sum256(body); !bytes.Equal(sum, want[:]) {
		return nil, fmt.Errorf("%w: the header checksum does not match", ErrDamaged)
	}
	switch v := binary.BigEndian.Uint16(b[offVersion:]); {
	case v == 0:
		return nil, fmt.Errorf("%w: the header names format version 0", ErrDamaged)
	case v > formatVersion:
		return nil, fmt.Errorf("%w: format version %d is newer than this folio reads (%d); update folio", ErrUnsupportedVersion, v, formatVersion)
	}
	if len(b) != headerSize {
		return nil, fmt.Errorf("%w: the header is %d bytes, not %d", ErrDamaged, len(b), headerSize)
	}
	if b[offKDF] != kdfArgon2id {
		return nil, fmt.Errorf("%w: key derivation algorithm %d is unknown to this folio", ErrUnsupportedVersion, b[offKDF])
	}
	h := &header{kdf: KDFParams{
		Time:      binary.BigEndian.Uint32(b[offTime:]),
		MemoryKiB: binary.BigEndian.Uint32(b[offMemory:]),
		Threads:   b[offThreads],
	}}
	if err := h.kdf.Validate(); err != nil {
		// Damage, not bad input: only ErrDamaged is wrapped, so the parameters' own
		// error does not make the caller blame what the user typed.
		return nil, fmt.Errorf("%w: the header's %v", ErrDamaged, err)
	}
	copy(h.salt[:], b[offSalt:])
	copy(h.nonce[:], b[offNonce:])
	copy(h.wrapped[:], b[offWrapped:])
	return h, nil
}

// newHeader derives a key-encryption key from the passphrase under a fresh salt and
// wraps dataKey with it.
// It returns the key-encryption key too, so the caller can verify the new wrapping;
// the caller clears it.
func newHeader(passphrase, dataKey []byte, p KDFParams) (*header, []byte, error) {
	h := &header{kdf: p}
	if _, err := rand.Read(h.salt[:]); err != nil {
		return nil, nil, err
	}
	kek, err := deriveKEK(passphrase, h.salt[:], p)
	if err != nil {
		return nil, nil, err
	}
	if err := h.wrap(kek, dataKey); err != nil {
		clear(kek)
		return nil, nil, err
	}
	return h, kek, nil
}

func (h *header) wrap(kek, dataKey []byte) error {
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return err
	}
	defer wipeAEAD(aead)
	if _, err := rand.Read(h.nonce[:]); err != nil {
		return err
	}
	aead.Seal(h.wrapped[:0], h.nonce[:], dataKey, h.wrapAD())
	return nil
}

// unwrap returns the data key, or ErrWrongPassphrase. The header checksum has already
// passed, so an authentication failure here is the passphrase, not damage. The caller
// clears the key once it has copied it into a secret page.
func (h *header) unwrap(passphrase []byte) ([]byte, error) {
	kek, err := deriveKEK(passphrase, h.salt[:], h.kdf)
	if err != nil {
		return nil, err
	}
	defer clear(kek)
	return h.unwrapWith(kek)
}

func (h *header) unwrapWith(kek []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return nil, err
	}
	defer wipeAEAD(aead)
	key, err := aead.Open(nil, h.nonce[:], h.wrapped[:], h.wrapAD())
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	return key, nil
}
