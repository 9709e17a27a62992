// Package store is sync's side of the vault (docs/SYNC.md): the calls of one vault
// transaction of a sync (this device's ID and versions, the sync state, another
// device's versions merged, a snapshot's records read and written), the records in
// conflict, and a portfolio's key unlocked from a sync folder's key header before
// any vault of this device holds it. It works on the core's sync API alone: the
// core runs the transaction with the records in memory kept in step
// (Portfolio.WriteStored), and its table of kinds decodes a version as a record of
// its kind (ValidateVersion, vault.go).
package store

import (
	"fmt"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/storage"
)

// Tx is one vault transaction of a sync: everything it applies commits with the
// state it sets, or nothing does.
type Tx struct {
	tx vaultTx
}

// Update runs fn in one vault transaction of p (with the catalogue kept in step)
// and then brings p's records in memory in line with what it wrote.
func Update(p *portfolio.Portfolio, fn func(*Tx) error) error {
	return p.WriteStored(func(tx *storage.Tx) error { return fn(&Tx{tx: tx}) })
}

// View runs fn in a read-only transaction of p.
func View(p *portfolio.Portfolio, fn func(*Tx) error) error {
	return p.ViewStored(func(tx *storage.Tx) error { return fn(&Tx{tx: tx}) })
}

// Device is the vault's device ID and the clock of its last write.
func (s *Tx) Device() (portfolio.DeviceID, portfolio.Clock, error) { return s.tx.SyncDevice() }

// State is the sync state record, nil if sync has never run.
func (s *Tx) State() ([]byte, error) { return s.tx.SyncState() }

// SetState replaces the sync state record.
func (s *Tx) SetState(b []byte) error { return s.tx.SetSyncState(b) }

// OwnVersionsAfter lists this device's versions with a clock after c.
func (s *Tx) OwnVersionsAfter(c portfolio.Clock) ([]Version, error) {
	return s.tx.OwnVersionsAfter(c)
}

// Adopt gives every live record whose newest version is not this device's own a
// version written now, so the first change set carries the whole portfolio.
func (s *Tx) Adopt() (int, error) { return s.tx.AdoptUnversioned() }

// NewDevice gives this vault a new device ID (for a copy that will write beside the
// original); it returns the new ID, the old, and the newest clock of the old one's
// versions kept here.
func (s *Tx) NewDevice() (fresh, old portfolio.DeviceID, seen portfolio.Clock, err error) {
	return s.tx.NewDevice()
}

// Apply merges another device's version of a record (see storage.Tx.ApplyVersion),
// after checking that it decodes as a record of its collection: a change set is
// authenticated, but it may come from a folio that writes records this one cannot read.
func (s *Tx) Apply(v Version, seen func(portfolio.DeviceID, portfolio.Clock) bool) (bool, error) {
	if err := ValidateVersion(v); err != nil {
		return false, err
	}
	return s.tx.ApplyVersion(v, seen)
}

// Records calls fn with every record with history, its versions and heads.
func (s *Tx) Records(fn func(Record) error) error { return s.tx.SyncRecords(fn) }

// Import writes a record's history from a snapshot into a vault that has none of it,
// after checking that every version decodes as a record of its collection.
func (s *Tx) Import(r Record) error {
	for _, v := range r.Versions {
		if err := ValidateVersion(v); err != nil {
			return err
		}
	}
	return s.tx.ImportSyncRecord(r)
}

// Conflict is a record that two devices edited without either seeing the other's
// edit: every version named is kept; the newest by clock is current until a new
// version (a pick with Restore, or an edit) resolves it.
type Conflict struct {
	Kind  portfolio.Kind `json:"kind"`
	ID    portfolio.ID   `json:"id"`
	Heads []Head         `json:"heads"`
}

// Conflicts lists the records in conflict in p.
func Conflicts(p *portfolio.Portfolio) ([]Conflict, error) {
	var out []Conflict
	err := View(p, func(s *Tx) error {
		cs, err := s.tx.Conflicts()
		for _, c := range cs {
			k, ok := portfolio.CollectionKind(c.Collection)
			if !ok {
				k = portfolio.Kind(c.Collection)
			}
			out = append(out, Conflict{Kind: k, ID: portfolio.ID(c.ID.String()), Heads: c.Heads})
		}
		return err
	})
	return out, err
}

// CheckKeyHeader parses a key header read from a sync folder, without unwrapping it.
func CheckKeyHeader(raw []byte) error { return storage.CheckHeader(raw) }

// ErrOtherKey means a key header is another portfolio's.
var ErrOtherKey = storage.ErrOtherKey

// Key is a portfolio's data key unlocked from a sync folder's key header, before
// any vault of this device holds it. Close overwrites it.
type Key struct{ k *storage.HeaderKey }

// UnlockKey unwraps a key header with passphrase.
func UnlockKey(header, passphrase []byte) (*Key, error) {
	if len(passphrase) == 0 {
		return nil, fmt.Errorf("%w: the passphrase is empty", portfolio.ErrInvalid)
	}
	k, err := storage.UnlockHeader(header, passphrase)
	if err != nil {
		return nil, err
	}
	return &Key{k: k}, nil
}

// OpenSync opens what a vault of this portfolio sealed with SealSync.
func (k *Key) OpenSync(ad, sealed []byte) ([]byte, error) { return k.k.OpenChangeSet(ad, sealed) }

// Create makes a new, empty vault of this portfolio at path: same key and passphrase,
// no records, and (at its first write) a device ID of its own.
func (k *Key) Create(path string, opts portfolio.Options) (*portfolio.Portfolio, error) {
	return portfolio.CreateWithKey(k.k, path, opts)
}

// Close overwrites the key.
func (k *Key) Close() { k.k.Destroy() }

// The names sync, its files (sync/wire) and its tests share.
type (
	// Version is a version as sync carries it between devices.
	Version = storage.SyncVersion
	// Head is one of a record's versions that no other has seen.
	Head = storage.Head
	// RecordID is a record's ID as the vault keeps it: 10 bytes.
	RecordID = storage.ID
	// Record is one record's whole history, as a sync snapshot carries it.
	Record = storage.SyncRecord
)

// Sizes of a sync version's device ID and record ID, for the change-set format.
const (
	DeviceIDSize = storage.DeviceIDSize
	RecordIDSize = storage.IDSize
)

// SealOverhead is how many bytes the core's SealSync adds.
const SealOverhead = storage.BlobOverhead
