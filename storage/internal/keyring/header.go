package keyring

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/foliohq/folio/storage/internal/base"
	"golang.org/x/crypto/chacha20poly1305"
)

// The header is the one plaintext value in the file: how to derive the key-encryption
// key and the data key it wraps. It names no user content. Layout in docs/VAULT.md.
const (
	HeaderMagic   = "FOLIOVLT"
	FormatVersion = 1
	kdfArgon2id   = 1

	wrapLabel = "folio data key v1"

	// Offsets of the version 1 header.
	OffVersion  = 8
	OffKDF      = 10
	OffTime     = 11
	OffMemory   = 15
	OffThreads  = 19
	OffSalt     = 20
	OffNonce    = OffSalt + SaltSize
	OffWrapped  = OffNonce + chacha20poly1305.NonceSizeX
	OffChecksum = OffWrapped + KeySize + chacha20poly1305.Overhead
	HeaderSize  = OffChecksum + sha256.Size

	// Every version's header starts with the magic and version and ends with a SHA-256
	// of all that comes before it, so damage is told from a wrong passphrase and from a
	// newer format before anything else is read.
	minHeaderSize = OffKDF + sha256.Size
)

// Header is a parsed vault header (docs/VAULT.md, "The header").
type Header struct {
	kdf     KDFParams
	salt    [SaltSize]byte
	nonce   [chacha20poly1305.NonceSizeX]byte
	wrapped [KeySize + chacha20poly1305.Overhead]byte
}

// wrapAD binds the wrapped key to the format version and the KDF inputs.
func (h *Header) wrapAD() []byte {
	b := h.Marshal()
	return append([]byte(wrapLabel), b[:OffNonce]...)
}

// KDF is the header's key derivation parameters.
func (h *Header) KDF() KDFParams { return h.kdf }

// Marshal is the header's bytes, checksum included.
func (h *Header) Marshal() []byte {
	b := make([]byte, HeaderSize)
	copy(b, HeaderMagic)
	binary.BigEndian.PutUint16(b[OffVersion:], FormatVersion)
	b[OffKDF] = kdfArgon2id
	binary.BigEndian.PutUint32(b[OffTime:], h.kdf.Time)
	binary.BigEndian.PutUint32(b[OffMemory:], h.kdf.MemoryKiB)
	b[OffThreads] = h.kdf.Threads
	copy(b[OffSalt:], h.salt[:])
	copy(b[OffNonce:], h.nonce[:])
	copy(b[OffWrapped:], h.wrapped[:])
	sum := sha256.Sum256(b[:OffChecksum])
	copy(b[OffChecksum:], sum[:])
	return b
}

// ParseHeader checks and reads a header, in the order docs/VAULT.md gives: damage and a
// newer format are told apart before any key is derived.
func ParseHeader(b []byte) (*Header, error) {
	if len(b) < minHeaderSize || !bytes.Equal(b[:len(HeaderMagic)], []byte(HeaderMagic)) {
		return nil, fmt.Errorf("%w: the header is missing or not a folio header", base.ErrDamaged)
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if want := sha256.Sum256(body); !bytes.Equal(sum, want[:]) {
		return nil, fmt.Errorf("%w: the header checksum does not match", base.ErrDamaged)
	}
	switch v := binary.BigEndian.Uint16(b[OffVersion:]); {
	case v == 0:
		return nil, fmt.Errorf("%w: the header names format version 0", base.ErrDamaged)
	case v > FormatVersion:
		return nil, fmt.Errorf("%w: format version %d is newer than this folio reads (%d); update folio", base.ErrUnsupportedVersion, v, FormatVersion)
	}
	if len(b) != HeaderSize {
		return nil, fmt.Errorf("%w: the header is %d bytes, not %d", base.ErrDamaged, len(b), HeaderSize)
	}
	if b[OffKDF] != kdfArgon2id {
		return nil, fmt.Errorf("%w: key derivation algorithm %d is unknown to this folio", base.ErrUnsupportedVersion, b[OffKDF])
	}
	h := &Header{kdf: KDFParams{
		Time:      binary.BigEndian.Uint32(b[OffTime:]),
		MemoryKiB: binary.BigEndian.Uint32(b[OffMemory:]),
		Threads:   b[OffThreads],
	}}
	if err := h.kdf.Validate(); err != nil {
		// Damage, not bad input: only base.ErrDamaged is wrapped, so the parameters' own
		// error does not make the caller blame what the user typed.
		return nil, fmt.Errorf("%w: the header's %v", base.ErrDamaged, err)
	}
	copy(h.salt[:], b[OffSalt:])
	copy(h.nonce[:], b[OffNonce:])
	copy(h.wrapped[:], b[OffWrapped:])
	return h, nil
}

// NewHeader derives a key-encryption key from the passphrase under a fresh salt and
// wraps dataKey with it.
// It returns the key-encryption key too, so the caller can verify the new wrapping;
// the caller clears it.
func NewHeader(passphrase, dataKey []byte, p KDFParams) (*Header, []byte, error) {
	h := &Header{kdf: p}
	if _, err := rand.Read(h.salt[:]); err != nil {
		return nil, nil, err
	}
	kek, err := DeriveKEK(passphrase, h.salt[:], p)
	if err != nil {
		return nil, nil, err
	}
	if err := h.wrap(kek, dataKey); err != nil {
		clear(kek)
		return nil, nil, err
	}
	return h, kek, nil
}

func (h *Header) wrap(kek, dataKey []byte) error {
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return err
	}
	defer WipeAEAD(aead)
	if _, err := rand.Read(h.nonce[:]); err != nil {
		return err
	}
	aead.Seal(h.wrapped[:0], h.nonce[:], dataKey, h.wrapAD())
	return nil
}

// prefaultMin is the least Argon2 memory worth faulting in ahead: below it the
// faults cost less than the collection that hands the memory back.
const prefaultMin = 4 << 20

// Prefault makes the memory the key derivation will ask for resident and free
// (prefault), so Argon2 does not fault it in page by page, twice, and holds the
// garbage collector off until release (holdCollector): a caller about to Unwrap
// calls it first, before starting other work that allocates (the collection it
// ends with is then quick), and calls release once Unwrap returns. Below
// prefaultMin it does neither: the collections cost less than the faults.
func (h *Header) Prefault() (release func()) {
	n := int(h.kdf.MemoryKiB) << 10
	if h.kdf.Validate() != nil || n < prefaultMin {
		return func() {}
	}
	release = holdCollector()
	prefault(n)
	return release
}

// Unwrap returns the data key, or base.ErrWrongPassphrase. The header checksum has already
// passed, so an authentication failure here is the passphrase, not damage. The caller
// clears the key once it has copied it into a secret page.
func (h *Header) Unwrap(passphrase []byte) ([]byte, error) {
	kek, err := DeriveKEK(passphrase, h.salt[:], h.kdf)
	if err != nil {
		return nil, err
	}
	defer clear(kek)
	return h.UnwrapWith(kek)
}

// UnwrapWith unwraps the data key with a key-encryption key already derived.
func (h *Header) UnwrapWith(kek []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return nil, err
	}
	defer WipeAEAD(aead)
	key, err := aead.Open(nil, h.nonce[:], h.wrapped[:], h.wrapAD())
	if err != nil {
		return nil, base.ErrWrongPassphrase
	}
	return key, nil
}
