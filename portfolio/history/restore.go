package history

import (
	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/storage"
)

// restoreVersion writes version seq of the record id as its newest, in one
// transaction; seq 0 brings a record back from the trash as it was when deleted,
// with what the table of kinds says comes back with it (trashedWith): a
// goal's action plan deleted with it, a relationship's meetings and ratings, and a
// meeting's or rating's relationship if that is in the trash too.
func restoreVersion(p *portfolio.Portfolio, id ID, seq int) error {
	kind, err := recordKind(p, id)
	if err != nil {
		return err
	}
	if seq < 0 || int64(seq) > int64(^uint32(0)) {
		return portfolio.Invalid("version %d does not exist", seq)
	}
	_, live := p.LiveKind(id)
	var group []storage.Trashed
	if !live && seq == 0 {
		group, err = trashedWith(p, id, kind)
		if err != nil {
			return err
		}
	}
	return writeVersions(p, func(tx *versionTx) error {
		if err := tx.Restore(kind, id, uint32(seq)); err != nil {
			return err
		}
		for _, t := range group {
			if err := tx.RestoreTrashed(t); err != nil {
				return err
			}
		}
		return nil
	})
}
