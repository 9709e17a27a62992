package portfolio

import (
	"fmt"
	"io"
	"strings"

	"filippo.io/age"

	"github.com/foliohq/folio/storage"
)

// Sharing with a mentor uses age (age-encryption.org): the vault keeps its own X25519
// identity sealed inside it, and exports can be encrypted to anyone's age recipient,
// readable with the standard age tool or with folio.
const (
	collKeys     = "keys"
	collReceived = "received"
	// collContacts holds the people the user shares files with, by name.
	collContacts = "contacts"
)

// identity returns the vault's age identity, creating it if create is set.
func (p *Portfolio) identity(create bool) (*age.X25519Identity, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ageIdentity != nil {
		return p.ageIdentity, nil
	}
	var found []byte
	damaged, err := p.vault.Load(collKeys, func(_ storage.ID, plain []byte) error {
		found = plain
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(damaged) > 0 {
		return nil, fmt.Errorf("the vault's sharing key is damaged: %w", damaged[0].Err)
	}
	if found != nil {
		id, err := age.ParseX25519Identity(strings.TrimSpace(string(found)))
		if err != nil {
			return nil, fmt.Errorf("%w: the vault's sharing key does not parse", ErrDamaged)
		}
		p.ageIdentity = id
		return id, nil
	}
	if !create {
		return nil, nil
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, err
	}
	if err := p.put(collKeys, storage.NewID(), []byte(id.String())); err != nil {
		return nil, err
	}
	p.ageIdentity = id
	return id, nil
}

// PublicKey returns the vault's age recipient (age1...), creating the key pair the
// first time. The private key never leaves the vault.
func (p *Portfolio) PublicKey() (string, error) {
	id, err := p.identity(true)
	if err != nil {
		return "", err
	}
	return id.Recipient().String(), nil
}

// Decrypt opens an age file encrypted to this vault's sharing key, read from src
// (binary: the caller takes off any armour); ok is false, with no error, when the
// vault has no sharing key, so nothing can have been encrypted to it. The private
// key never leaves the core.
func (p *Portfolio) Decrypt(src io.Reader) (r io.Reader, ok bool, err error) {
	id, err := p.identity(false)
	if err != nil || id == nil {
		return nil, false, err
	}
	r, err = age.Decrypt(src, id)
	return r, true, err
}
