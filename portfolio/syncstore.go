package portfolio

import (
	"github.com/foliohq/folio/storage"
)

// The core's part of sync (docs/SYNC.md): the change-set files, the vectors and the
// order of applying are portfolio/sync's, and the calls of a sync's transaction
// (run in WriteStored, which keeps the records in memory in step), a version's
// check, its conflicts and a key unlocked from a key header are portfolio/sync/store's;
// the vault's sealing with its own key and its key header are here.

// ViewStored runs fn in a read-only vault transaction (package sync/store's reads).
func (p *Portfolio) ViewStored(fn func(*storage.Tx) error) error { return p.vault.View(fn) }

// SealSync seals a sync file's body with the vault's key, bound to ad.
func (p *Portfolio) SealSync(ad, plain []byte) ([]byte, error) {
	return p.vault.SealChangeSet(ad, plain)
}

// OpenSync opens what SealSync sealed with the same ad.
func (p *Portfolio) OpenSync(ad, sealed []byte) ([]byte, error) {
	return p.vault.OpenChangeSet(ad, sealed)
}

// KeyHeader is the vault's key header as it is now: what a new device needs, with the
// passphrase, to unlock the portfolio (docs/SYNC.md "The key header").
func (p *Portfolio) KeyHeader() []byte { return p.vault.Header() }

// AdoptKeyHeader makes raw this vault's key header, if passphrase unwraps it to this
// vault's key: the passphrase another device set becomes this one's.
func (p *Portfolio) AdoptKeyHeader(raw, passphrase []byte) error {
	if len(passphrase) == 0 {
		return invalid("the passphrase is empty")
	}
	return p.vault.AdoptHeader(raw, passphrase)
}

// CreateWithKey makes a new, empty vault at path with a key unlocked from another
// vault's key header (package sync/store's Key): same key and passphrase, no
// records, and (at its first write) a device ID of its own.
func CreateWithKey(k *storage.HeaderKey, path string, opts Options) (*Portfolio, error) {
	v, err := k.Create(path)
	if err != nil {
		return nil, err
	}
	p := newPortfolio(v, opts)
	p.bodies = true
	if err := p.buildIndex(); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}
