package portfolio

import (
	"github.com/foliohq/folio/storage"
)

// The versions and the trash as the vault keeps them, for package history: it
// decodes them with DecodeVersion, names their kinds with CollectionKind and
// decides what a restore brings back by the table's owners (KindRow.Owner).

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

// VaultOnlyKind is the kind of the live record id if it is of a kind the core keeps
// in the vault alone, never in memory (questionnaires): those it asks the vault for.
func (p *Portfolio) VaultOnlyKind(id ID) (Kind, bool) {
	sid, err := storageID(id)
	if err != nil {
		return "", false
	}
	for _, s := range recordKinds() {
		if s.Has != nil {
			continue
		}
		if _, err := p.vault.Get(s.Coll, sid); err == nil {
			return s.Kind, true
		}
	}
	return "", false
}

// Owner is the record whose deletion takes rec along and whose restoring brings it
// back (a goal of its actions, a relationship of its meetings and ratings); "" for
// a kind that has none.
func (k KindRow) Owner(rec any) ID {
	if k.s.Owner == nil {
		return ""
	}
	return k.s.Owner(rec)
}

// Decode reads a record of the row's kind from its plaintext, which it may keep;
// its ID is id, whatever the plaintext says.
func (k KindRow) Decode(id ID, plain []byte) (any, error) { return k.s.Decode(id, plain) }

// Collection is the vault's collection of the row's kind.
func (k KindRow) Collection() string { return k.s.Coll }

// OwnerKind is the kind of the row's owner; "" for none.
func (k KindRow) OwnerKind() Kind { return k.s.OwnerKind }

// NeedsOwner says a record of the kind cannot be without its owner, so restoring
// it brings the owner back too (a meeting's or rating's relationship).
func (k KindRow) NeedsOwner() bool { return k.s.NeedsOwner }

// The versions API: what portfolio/history (versions, the trash, undo) reads
// through; it writes in WriteStored (versions.go), after which the records in
// memory follow what it wrote, and collects the attachments of the records it
// erased (CollectAttachments).

// CollectionKind is the kind a collection of the vault keeps versions of.
func CollectionKind(coll string) (Kind, bool) { return historyKind(coll) }

// UndoSteps are the vault's undo log: the transactions committed since it was
// unlocked, oldest first.
func (p *Portfolio) UndoSteps() []storage.Step { return p.vault.UndoLog() }
