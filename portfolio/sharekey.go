package portfolio

import (
	"fmt"
	"strings"

	"github.com/foliohq/folio/storage"
)

// The vault's sharing key, kept for package share: the core stores its text sealed
// in the vault, as every record, and holds it once read; what the key is (an age
// identity), how it is made and what it opens are share's.
const collKeys = "keys"

// SharingKey returns the text of the vault's sharing key, read from the vault the
// first time and held until Close. With none kept, it keeps and returns what create
// makes, or returns "" when create is nil.
func (p *Portfolio) SharingKey(create func() (string, error)) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.sharingKey != "" {
		return p.sharingKey, nil
	}
	var found []byte
	damaged, err := p.vault.Load(collKeys, func(_ storage.ID, plain []byte) error {
		found = plain
		return nil
	})
	if err != nil {
		return "", err
	}
	if len(damaged) > 0 {
		return "", fmt.Errorf("the vault's sharing key is damaged: %w", damaged[0].Err)
	}
	if found != nil {
		p.sharingKey = strings.TrimSpace(string(found))
		return p.sharingKey, nil
	}
	if create == nil {
		return "", nil
	}
	key, err := create()
	if err != nil {
		return "", err
	}
	if err := p.put(collKeys, storage.NewID(), []byte(key)); err != nil {
		return "", err
	}
	p.sharingKey = key
	return key, nil
}
