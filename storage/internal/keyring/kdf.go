// Package keyring is the vault's key material: the header that wraps the data key
// under a key derived from the passphrase (Argon2id), HKDF into subkeys, and the
// secret pages outside the Go heap that keys live in (docs/VAULT.md, "The header",
// "Key derivation", "Subkeys"). It is a leaf beneath storage.
package keyring

import (
	"fmt"

	"github.com/foliohq/folio/storage/internal/base"
	"golang.org/x/crypto/argon2"
)

// KDFParams are the Argon2id parameters stored in the header.
type KDFParams struct {
	Time      uint32 // passes
	MemoryKiB uint32
	Threads   uint8
}

// DefaultKDF is RFC 9106's second recommended option: t=3, m=64 MiB, p=4.
var DefaultKDF = KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 4}

// Caps checked before Argon2 runs, so a hostile header cannot make folio allocate
// gigabytes or spin for minutes.
const (
	maxKDFTime      = 32
	maxKDFMemoryKiB = 1024 * 1024 // 1 GiB
	maxKDFThreads   = 64
	minKDFMemoryKiB = 8 // Argon2's own floor is 8 KiB per lane; checked per thread below
)

const (
	SaltSize = 16
	KeySize  = 32
)

// Validate reports whether the parameters are within the accepted range.
func (p KDFParams) Validate() error {
	switch {
	case p.Time < 1 || p.Time > maxKDFTime:
		return fmt.Errorf("%w: time %d is outside 1 to %d", base.ErrBadParams, p.Time, maxKDFTime)
	case p.Threads < 1 || p.Threads > maxKDFThreads:
		return fmt.Errorf("%w: threads %d is outside 1 to %d", base.ErrBadParams, p.Threads, maxKDFThreads)
	case p.MemoryKiB < minKDFMemoryKiB*uint32(p.Threads) || p.MemoryKiB > maxKDFMemoryKiB:
		return fmt.Errorf("%w: memory %d KiB is outside %d KiB to %d KiB", base.ErrBadParams,
			p.MemoryKiB, minKDFMemoryKiB*uint32(p.Threads), maxKDFMemoryKiB)
	}
	return nil
}

// DeriveKEK derives the key-encryption key that wraps the data key.
func DeriveKEK(passphrase, salt []byte, p KDFParams) ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return argon2.IDKey(passphrase, salt, p.Time, p.MemoryKiB, p.Threads, KeySize), nil
}
