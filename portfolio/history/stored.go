package history

import (
	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/storage"
)

// The versions and the trash as the vault keeps them, read through the core's
// StoredHistory without its lock, not yet decoded (DecodeVersion does that).

// storedVersions is the versions of the record id of kind as the vault keeps them,
// oldest first and not yet decoded. A version that fails to open is an error
// naming it.
func storedVersions(p *portfolio.Portfolio, kind Kind, id ID) ([]storage.Version, error) {
	coll, sid, err := stored(kind, id)
	if err != nil {
		return nil, err
	}
	vs, damaged, err := p.StoredHistory().Versions(coll, sid)
	if err != nil {
		return nil, err
	}
	if len(damaged) > 0 {
		return nil, damaged[0]
	}
	return vs, nil
}

// newestVersions is the number of the newest version of every record of kind that
// has versions, read from the vault's keys alone; a live record with none is not in it.
func newestVersions(p *portfolio.Portfolio, kind Kind) (map[storage.ID]uint32, error) {
	row, ok := portfolio.KindOf(kind)
	if !ok {
		return nil, noHistory(kind)
	}
	return p.StoredHistory().NewestVersions(row.Collection())
}

// trashedItems lists the records in the trash, in the vault's order, each with its
// last version before the deletion (not yet decoded) and the deletion's number,
// writer and time. A record whose versions fail to open is an error naming it.
func trashedItems(p *portfolio.Portfolio) ([]storage.TrashItem, error) {
	items, damaged, err := p.StoredHistory().Trash()
	if err != nil {
		return nil, err
	}
	if len(damaged) > 0 {
		return nil, damaged[0]
	}
	return items, nil
}
