package manifest

import (
	"fmt"
	"sync"

	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// Vault is what reading the manifests asks of the vault the core passes in (a
// *storage.Vault): the manifests' collection and the list of kept files.
type Vault interface {
	Load(collection string, fn func(id storage.ID, plain []byte) error) ([]storage.Damage, error)
	Blobs() ([]storage.Blob, []storage.Damage, error)
}

// Load reads every attachment manifest in v, each a fresh copy. Damaged ones are
// returned apart.
func Load(v Vault) ([]*Attachment, []storage.Damage, error) {
	var (
		mu  sync.Mutex
		out []*Attachment
		bad []storage.Damage
	)
	damaged, err := v.Load(Coll, func(sid storage.ID, plain []byte) error {
		a, err := Decode(record.ID(sid.String()), plain)
		clear(plain)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			bad = append(bad, storage.Damage{Collection: Coll, ID: sid.String(), Err: fmt.Errorf("%w: %w", storage.ErrDamaged, err)})
			return nil
		}
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, append(damaged, bad...), nil
}

// Check names, in a check's report of v, the attachments whose bytes are damaged
// or missing (NameDamage).
func Check(v Vault, report *storage.Report) {
	all, _, err := Load(v) // damaged manifests are in the report already
	if err != nil {
		report.Structure = append(report.Structure, err.Error())
		return
	}
	blobs, _, err := v.Blobs()
	report.Damaged = NameDamage(all, report.Damaged, blobs, err == nil)
}
