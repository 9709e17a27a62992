package history

// StoredVersions is the versions of the record id of kind as the vault keeps them,
// oldest first and not yet decoded. A version that fails to open is an error
// naming it.
func (p *Portfolio) StoredVersions(kind Kind, id ID) ([]storage.Version, error) {
	coll, err := historyCollection(kind)
	if err != nil {
		return nil, err
	}
	sid, err := storageID(id)
	if err != nil {
		return nil, err
	}
	vs, damaged, err := p.vault.Versions(coll, sid)
	if err != nil {
		return nil, err
	}
	if len(damaged) > 0 {
		return nil, damaged[0]
	}
	return vs, nil
}

// NewestVersions is the number of the newest version of every record of kind that
// has versions, read from the vault's keys alone; a live record with none is not in it.
func (p *Portfolio) NewestVersions(kind Kind) (map[storage.ID]uint32, error) {
	coll, err := historyCollection(kind)
	if err != nil {
		return nil, err
	}
	return p.vault.NewestVersions(coll)
}

// TrashedItems lists the records in the trash, in the vault's order, each with its
// last version before the deletion (not yet decoded) and the deletion's number,
// writer and time. A record whose versions fail to open is an error naming it.
func (p *Portfolio) TrashedItems() ([]storage.TrashItem, error) {
	items, damaged, err := p.vault.Trash()
	if err != nil {
		return nil, err
	}
	if len(damaged) > 0 {
		return nil, damaged[0]
	}
	return items, nil
}

// UndoSteps are the vault's undo log: the transactions committed since it was
// unlocked, oldest first.
func (p *Portfolio) UndoSteps() []storage.Step { return p.vault.UndoLog() }
