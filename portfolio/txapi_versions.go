package portfolio

import (
	"github.com/foliohq/folio/storage"
)

// The versions and the trash as the vault keeps them, for package history: it
// decodes them with DecodeVersion, names their kinds with CollectionKind and
// decides what a restore brings back by the table's owners (KindRow.Owner).

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

// The versions API: what portfolio/history (versions, the trash, undo) reads
// through; it writes in WriteStored (versions.go), after which the records in
// memory follow what it wrote, and collects the attachments of the records it
// erased (CollectAttachments).

// HistoryStore is the vault's versions, its trash and its undo log as stored, for
// package history, which decodes them (DecodeVersion); its reads take no lock of
// the portfolio.
type HistoryStore interface {
	Versions(coll string, id storage.ID) ([]storage.Version, []Damage, error)
	NewestVersions(coll string) (map[storage.ID]uint32, error)
	Trash() ([]storage.TrashItem, []Damage, error)
	UndoLog() []storage.Step
}

// StoredHistory is the vault's history as stored.
func (p *Portfolio) StoredHistory() HistoryStore { return p.vault }

// CollectionKind is the kind a collection of the vault keeps versions of.
func CollectionKind(coll string) (Kind, bool) { return historyKind(coll) }
