package store

// ValidateSyncVersion checks, before any transaction, that a version is of a
// collection with history and decodes as its record.
func ValidateSyncVersion(v storage.SyncVersion) error {
	if !slices.Contains(historyCollectionList(), v.Collection) {
		return fmt.Errorf("%w: a version of record %s is in the unknown collection %q", ErrDamaged, v.ID, v.Collection)
	}
	if !v.Tombstone {
		if err := syncDecodes(v.Collection, ID(v.ID.String()), v.Plain); err != nil {
			return fmt.Errorf("%w: version of %s %s does not decode: %w", ErrDamaged, v.Collection, v.ID, err)
		}
	}
	return nil
}

func syncDecodes(collection string, id ID, plain []byte) error {
	b := slices.Clone(plain)
	defer clear(b)
	switch collection {
	case collContacts:
		return record.DecodeContact(b, &Contact{})
	case collEvaluations:
		return record.DecodeEvaluation(b, &Evaluation{})
	}
	kind, _ := historyKind(collection)
	_, err := decodeKind(kind, id, b)
	return err
}

// SyncVaultTx is what a sync does inside one vault transaction: the vault's sync
// calls, and no record written but through them. Package sync/store names them for
// sync and checks each version (ValidateSyncVersion) before it applies or imports it.
type SyncVaultTx interface {
	SyncDevice() (DeviceID, Clock, error)
	SyncState() ([]byte, error)
	SetSyncState(plain []byte) error
	OwnVersionsAfter(after Clock) ([]storage.SyncVersion, error)
	AdoptUnversioned() (int, error)
	NewDevice() (fresh, old DeviceID, seen Clock, err error)
	ApplyVersion(in storage.SyncVersion, seen func(DeviceID, Clock) bool) (bool, error)
	Conflicts() ([]storage.Conflict, error)
	SyncRecords(fn func(storage.SyncRecord) error) error
	ImportSyncRecord(r storage.SyncRecord) error
}

// SyncUpdate runs fn in one vault transaction (with the catalogue kept in step) and
// then brings the records in memory in line with what it wrote.
func (p *Portfolio) SyncUpdate(fn func(SyncVaultTx) error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var changes []storage.Change
	err := p.update(func(tx *storage.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		changes = slices.Clone(tx.Changes())
		return nil
	})
	if err != nil {
		return err
	}
	for _, ch := range changes {
		if ch.Collection == collContacts {
			p.syncContact(ch)
			continue
		}
		p.applyStored(ch)
	}
	return nil
}

// syncContact keeps the contacts in memory in step; the caller holds p.mu.
func (p *Portfolio) syncContact(ch storage.Change) {
	id := ID(ch.ID.String())
	if ch.Deleted {
		delete(p.contacts, id)
		return
	}
	c := &Contact{}
	if err := record.DecodeContact(ch.Plain, c); err != nil {
		p.damaged = append(p.damaged, Damage{Collection: ch.Collection, ID: string(id), Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
		return
	}
	c.ID = id
	p.contacts[id] = c
}

