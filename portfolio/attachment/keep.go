package attachment

import (
	"fmt"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment/manifest"
	"github.com/foliohq/folio/storage"
)

// keep keeps the staged bytes and writes the manifest a naming them, with their
// size and hash, in the vault transaction stx.
func keep(stx *storage.Tx, a *portfolio.Attachment, staged *storage.Staged) error {
	sid, err := storage.ParseID(string(a.ID))
	if err != nil {
		return fmt.Errorf("%w: %w", portfolio.ErrNotFound, err)
	}
	b, err := stx.CommitBlob(staged)
	if err != nil {
		return err
	}
	a.Size = b.Size
	a.SetHash(b.Hash)
	return stx.Put(manifest.Coll, sid, a.Encode())
}
