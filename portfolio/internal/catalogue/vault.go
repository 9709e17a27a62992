package catalogue

import "github.com/foliohq/folio/storage"

// Vault is what the catalogue and the text index need of the vault
// (*storage.Vault implements it): records read by collection, by ID or all at
// once, their stamps and count without decrypting them, the generation of the
// last transaction, and a transaction to write in.
type Vault interface {
	Get(collection string, id storage.ID) ([]byte, error)
	Load(collection string, fn func(id storage.ID, plain []byte) error) ([]storage.Damage, error)
	LoadSome(collection string, ids []storage.ID, fn func(id storage.ID, stamp storage.Stamp, plain []byte) error) ([]storage.Damage, error)
	Stamps(collection string) (map[storage.ID]storage.Stamp, []storage.Damage, error)
	Count(collection string) (n uint64, ok bool, err error)
	Generation() (uint64, error)
	Update(fn func(*storage.Tx) error) error
}

var _ Vault = (*storage.Vault)(nil)
