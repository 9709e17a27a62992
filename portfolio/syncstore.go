package portfolio

import (
	"fmt"
	"slices"

	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// The core's part of sync (docs/SYNC.md): the change-set files, the vectors and the
// order of applying are portfolio/sync's; what must happen inside one vault
// transaction (reading this device's versions, merging another's, keeping the records
// in memory in step) is here, behind SyncUpdate.

type (
	// SyncVersion is a version as sync carries it between devices.
	SyncVersion = storage.SyncVersion
	// SyncHead is one of a record's versions that no other has seen.
	SyncHead = storage.Head
	// SyncRecordID is a record's ID as the vault keeps it: 10 bytes.
	SyncRecordID = storage.ID
)

// Sizes of a sync version's device ID and record ID, for the change-set format.
const (
	DeviceIDSize = storage.DeviceIDSize
	RecordIDSize = storage.IDSize
)

// SyncTx is one vault transaction of a sync: everything it applies commits with the
// state it sets, or nothing does.
type SyncTx struct {
	tx *storage.Tx
}

// Device is the vault's device ID and the clock of its last write.
func (s *SyncTx) Device() (DeviceID, Clock, error) { return s.tx.SyncDevice() }

// State is the sync state record, nil if sync has never run.
func (s *SyncTx) State() ([]byte, error) { return s.tx.SyncState() }

// SetState replaces the sync state record.
func (s *SyncTx) SetState(b []byte) error { return s.tx.SetSyncState(b) }

// OwnVersionsAfter lists this device's versions with a clock after c.
func (s *SyncTx) OwnVersionsAfter(c Clock) ([]SyncVersion, error) { return s.tx.OwnVersionsAfter(c) }

// Adopt gives every live record whose newest version is not this device's own a
// version written now, so the first change set carries the whole portfolio.
func (s *SyncTx) Adopt() (int, error) { return s.tx.AdoptUnversioned() }

// NewDevice gives this vault a new device ID (for a copy that will write beside the
// original); it returns the new ID, the old, and the newest clock of the old one's
// versions kept here.
func (s *SyncTx) NewDevice() (fresh, old DeviceID, seen Clock, err error) { return s.tx.NewDevice() }

// Apply merges another device's version of a record (see storage.Tx.ApplyVersion),
// after checking that it decodes as a record of its collection: a change set is
// authenticated, but it may come from a folio that writes records this one cannot read.
func (s *SyncTx) Apply(v SyncVersion, seen func(DeviceID, Clock) bool) (bool, error) {
	if err := ValidateSyncVersion(v); err != nil {
		return false, err
	}
	return s.tx.ApplyVersion(v, seen)
}

// ValidateSyncVersion checks, before any transaction, that a version is of a
// collection with history and decodes as its record.
func ValidateSyncVersion(v SyncVersion) error {
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

// SyncUpdate runs fn in one vault transaction (with the catalogue kept in step) and
// then brings the records in memory in line with what it wrote.
func (p *Portfolio) SyncUpdate(fn func(*SyncTx) error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var changes []storage.Change
	err := p.update(func(tx *storage.Tx) error {
		if err := fn(&SyncTx{tx: tx}); err != nil {
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

// SyncView runs fn in a read-only transaction.
func (p *Portfolio) SyncView(fn func(*SyncTx) error) error {
	return p.vault.View(func(tx *storage.Tx) error { return fn(&SyncTx{tx: tx}) })
}

// SealSync seals a sync file's body with the vault's key, bound to ad.
func (p *Portfolio) SealSync(ad, plain []byte) ([]byte, error) {
	return p.vault.SealChangeSet(ad, plain)
}

// OpenSync opens what SealSync sealed with the same ad.
func (p *Portfolio) OpenSync(ad, sealed []byte) ([]byte, error) {
	return p.vault.OpenChangeSet(ad, sealed)
}

// SyncSealOverhead is how many bytes SealSync adds.
const SyncSealOverhead = storage.BlobOverhead

// Conflict is a record that two devices edited without either seeing the other's
// edit: every version named is kept; the newest by clock is current until a new
// version (a pick with Restore, or an edit) resolves it.
type Conflict struct {
	Kind  Kind       `json:"kind"`
	ID    ID         `json:"id"`
	Heads []SyncHead `json:"heads"`
}

// Conflicts lists the records in conflict.
func (p *Portfolio) Conflicts() ([]Conflict, error) {
	var out []Conflict
	err := p.SyncView(func(s *SyncTx) error {
		cs, err := s.tx.Conflicts()
		for _, c := range cs {
			k, ok := historyKind(c.Collection)
			if !ok {
				k = Kind(c.Collection)
			}
			out = append(out, Conflict{Kind: k, ID: ID(c.ID.String()), Heads: c.Heads})
		}
		return err
	})
	return out, err
}

// KeyHeader is the vault's key header as it is now: what a new device needs, with the
// passphrase, to unlock the portfolio (docs/SYNC.md "The key header").
func (p *Portfolio) KeyHeader() []byte { return p.vault.Header() }

// CheckKeyHeader parses a key header read from a sync folder, without unwrapping it.
func CheckKeyHeader(raw []byte) error { return storage.CheckHeader(raw) }

// ErrOtherKey means a key header is another portfolio's.
var ErrOtherKey = storage.ErrOtherKey

// AdoptKeyHeader makes raw this vault's key header, if passphrase unwraps it to this
// vault's key: the passphrase another device set becomes this one's.
func (p *Portfolio) AdoptKeyHeader(raw, passphrase []byte) error {
	if len(passphrase) == 0 {
		return invalid("the passphrase is empty")
	}
	return p.vault.AdoptHeader(raw, passphrase)
}

// SyncKey is a portfolio's data key unlocked from a sync folder's key header, before
// any vault of this device holds it. Close overwrites it.
type SyncKey struct{ k *storage.HeaderKey }

// UnlockSyncKey unwraps a key header with passphrase.
func UnlockSyncKey(header, passphrase []byte) (*SyncKey, error) {
	if len(passphrase) == 0 {
		return nil, invalid("the passphrase is empty")
	}
	k, err := storage.UnlockHeader(header, passphrase)
	if err != nil {
		return nil, err
	}
	return &SyncKey{k: k}, nil
}

// OpenSync opens what a vault of this portfolio sealed with SealSync.
func (k *SyncKey) OpenSync(ad, sealed []byte) ([]byte, error) { return k.k.OpenChangeSet(ad, sealed) }

// Create makes a new, empty vault of this portfolio at path: same key and passphrase,
// no records, and (at its first write) a device ID of its own.
func (k *SyncKey) Create(path string, opts Options) (*Portfolio, error) {
	v, err := k.k.Create(path)
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

// Close overwrites the key.
func (k *SyncKey) Close() { k.k.Destroy() }

// SyncRecord is one record's whole history, as a sync snapshot carries it.
type SyncRecord = storage.SyncRecord

// Records calls fn with every record with history, its versions and heads.
func (s *SyncTx) Records(fn func(SyncRecord) error) error { return s.tx.SyncRecords(fn) }

// Import writes a record's history from a snapshot into a vault that has none of it,
// after checking that every version decodes as a record of its collection.
func (s *SyncTx) Import(r SyncRecord) error {
	for _, v := range r.Versions {
		if err := ValidateSyncVersion(v); err != nil {
			return err
		}
	}
	return s.tx.ImportSyncRecord(r)
}

// SyncAttachment is an attachment as a change set carries it: its manifest, as the
// vault keeps it, and its bytes.
type SyncAttachment struct {
	ID       storage.ID
	Manifest []byte
	Data     []byte
}
