package share

import (
	"fmt"
	"io"
	"strings"

	"filippo.io/age"

	"github.com/foliohq/folio/portfolio"
)

// Sharing with a mentor uses age (age-encryption.org): the vault keeps its own X25519
// identity sealed inside it (the core's SharingKey), and exports can be encrypted to
// anyone's age recipient, readable with the standard age tool or with folio.

// identity returns the vault's age identity, creating it if create is set; nil,
// with no error, when there is none and create is not set.
func identity(p *portfolio.Portfolio, create bool) (*age.X25519Identity, error) {
	var newKey func() (string, error)
	if create {
		newKey = func() (string, error) {
			id, err := age.GenerateX25519Identity()
			if err != nil {
				return "", err
			}
			return id.String(), nil
		}
	}
	key, err := p.SharingKey(newKey)
	if err != nil || key == "" {
		return nil, err
	}
	id, err := age.ParseX25519Identity(strings.TrimSpace(key))
	if err != nil {
		return nil, fmt.Errorf("%w: the vault's sharing key does not parse", portfolio.ErrDamaged)
	}
	return id, nil
}

// PublicKey returns the vault's age recipient (age1...), creating the key pair the
// first time. The private key never leaves the vault.
func PublicKey(p *portfolio.Portfolio) (string, error) {
	id, err := identity(p, true)
	if err != nil {
		return "", err
	}
	return id.Recipient().String(), nil
}

// decrypt opens an age file encrypted to this vault's sharing key, read from src
// (binary: the caller takes off any armour); ok is false, with no error, when the
// vault has no sharing key, so nothing can have been encrypted to it. The private
// key never leaves this package.
func decrypt(p *portfolio.Portfolio, src io.Reader) (r io.Reader, ok bool, err error) {
	id, err := identity(p, false)
	if err != nil || id == nil {
		return nil, false, err
	}
	r, err = age.Decrypt(src, id)
	return r, true, err
}
