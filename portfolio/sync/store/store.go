package store

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

// CheckKeyHeader parses a key header read from a sync folder, without unwrapping it.
func CheckKeyHeader(raw []byte) error { return storage.CheckHeader(raw) }

// ErrOtherKey means a key header is another portfolio's.
var ErrOtherKey = storage.ErrOtherKey

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

