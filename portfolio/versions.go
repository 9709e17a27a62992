package portfolio

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// Versions, the trash and undo (docs/HISTORY.md). The vault keeps a sealed version of
// every save and deletion of the collections below; this file reads them as records
// and writes them back, keeping the in-memory records in step.

// Kinds that only the history names: the settings record, the people the user shares
// files with, and the scheme questionnaires. They have versions like any other.
const (
	KindSettings   = record.KindSettings
	KindContact    = record.KindContact
	KindEvaluation = record.KindEvaluation
)

// MaxHistoryDays is the longest retention a setting may ask for: a century.
const MaxHistoryDays = record.MaxHistoryDays

func historyCollection(kind Kind) (string, error) {
	if s, ok := specOf(kind); ok {
		return s.Coll, nil
	}
	return "", invalid("records of kind %q have no history", kind)
}

// Clock is a version's hybrid logical clock; DeviceID names the vault that wrote it.
type (
	Clock    = storage.Clock
	DeviceID = storage.DeviceID
)

// Version is one version of a record.
type Version struct {
	Seq  int  `json:"version"`
	Kind Kind `json:"kind"`
	ID   ID   `json:"id"`
	// Saved is when it was written; zero for a baseline.
	Saved  time.Time `json:"saved,omitzero"`
	Device string    `json:"device,omitempty"`
	Clock  Clock     `json:"clock"`
	// Deleted marks the version that moved the record to the trash.
	Deleted bool `json:"deleted,omitempty"`
	// Baseline is the record as it was before its history began: its time is unknown.
	Baseline bool   `json:"baseline,omitempty"`
	Title    string `json:"title,omitempty"`
	// Record is the record as it was (*Entry, *Goal, *Action, *Relationship, *Meeting,
	// *Rating, *Received, *Settings, *Contact or *Evaluation); nil for a deletion.
	Record any `json:"record,omitempty"`
}

func (p *Portfolio) version(kind Kind, id ID, v storage.Version) (Version, error) {
	out := Version{Seq: int(v.Seq), Kind: kind, ID: id, Saved: v.Saved, Clock: v.Clock, Deleted: v.Tombstone, Baseline: v.Baseline}
	if !v.Baseline {
		out.Device = v.Device.String()
	}
	if v.Tombstone {
		return out, nil
	}
	rec, err := p.decodeOwned(kind, id, v.Plain)
	if err != nil {
		return out, fmt.Errorf("version %d of %s %s: %w: %w", v.Seq, kind, id, ErrDamaged, err)
	}
	out.Record, out.Title = rec, recordTitle(rec)
	return out, nil
}

// decodeOwned decodes plain, a plaintext the vault handed over, which the record may
// share and Close overwrites, as it does the records read on demand.
func (p *Portfolio) decodeOwned(kind Kind, id ID, plain []byte) (any, error) {
	rec, err := decodeKind(kind, id, plain)
	p.es.KeepLazy(plain)
	return rec, err
}

// decodeKind decodes a record of kind from its plaintext, which it may keep.
func decodeKind(kind Kind, id ID, plain []byte) (any, error) {
	s, ok := specOf(kind)
	if !ok {
		return nil, invalid("records of kind %q have no history", kind)
	}
	return s.Decode(id, plain)
}

func recordTitle(rec any) string {
	if s, ok := specOfRecord(rec); ok {
		return s.Title(rec)
	}
	return ""
}

// liveKind is the kind of a record in memory; the caller holds p.mu.
// LiveKind is the kind of the live record id. While the open has left the
// entries' rows unread, it asks the vault whether id is an entry's, by a seek,
// rather than reading every row.
func (p *Portfolio) LiveKind(id ID) (Kind, bool) {
	p.mu.RawRLock()
	if k, live, ok := p.liveKindUnread(id); ok {
		defer p.mu.RUnlock()
		return k, live
	}
	// Damage on the way, or the rows are read: the records in memory answer.
	p.mu.RUnlock()
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.liveKind(id)
}

// liveKindUnread is LiveKind while the rows are unread, by a seek for the
// entries; ok is false if the rows are read, or the seek met damage, and the
// rows must answer. The caller holds p.mu, taken raw.
func (p *Portfolio) liveKindUnread(id ID) (kind Kind, live, ok bool) {
	if _, err := storage.ParseID(string(id)); p.mu.RowsRead() || err != nil {
		return "", false, false
	}
	sids, err := p.vault.IDsWithPrefix(collEntries, string(id))
	if err != nil {
		return "", false, false
	}
	if len(sids) == 1 {
		return KindEntry, true, true
	}
	for _, s := range recordKinds() {
		if s.Kind != KindEntry && s.Has != nil && s.Has(p, id) {
			return s.Kind, true, true
		}
	}
	return "", false, true
}

// UpdateIfLive runs fn in one durable transaction under the write lock, with
// the kind of the record id and whether it is live, as of that lock. fn writes
// through the vault's transaction alone (an attachment's manifest and bytes),
// never a record of a kind. While the rows are unread, whether id is live is
// asked of the vault by a seek, so attaching a file to one record reads no
// other entry's row.
func (p *Portfolio) UpdateIfLive(id ID, fn func(kind Kind, live bool, stx *storage.Tx) error) error {
	p.mu.RawLock()
	if k, live, ok := p.liveKindUnread(id); ok {
		defer p.mu.RWMutex.Unlock()
		return p.update(func(stx *storage.Tx) error { return fn(k, live, stx) })
	}
	p.mu.RWMutex.Unlock()
	return p.Update(func(tx *Tx) error {
		k, live := tx.Live(id)
		return fn(k, live, tx.stx)
	})
}

func (p *Portfolio) liveKind(id ID) (Kind, bool) {
	for _, s := range recordKinds() {
		if s.Has != nil && s.Has(p, id) {
			return s.Kind, true
		}
	}
	return "", false
}

// trashedKinds names the records in the trash, without decrypting them.
func (p *Portfolio) trashedKinds() (map[ID]Kind, error) {
	ids, err := p.vault.TrashedIDs()
	if err != nil {
		return nil, err
	}
	return kindsOf(ids), nil
}

// kindsOf is the records the vault names with their collections, by kind.
func kindsOf(ids map[storage.ID]string) map[ID]Kind {
	out := make(map[ID]Kind, len(ids))
	for sid, coll := range ids {
		if k, ok := historyKind(coll); ok {
			out[ID(sid.String())] = k
		}
	}
	return out
}

// TrashedWithPrefix names, by kind, the records in the trash whose IDs start
// with prefix, by seeks rather than a walk of the whole history (restore ID).
func (p *Portfolio) TrashedWithPrefix(prefix string) (map[ID]Kind, error) {
	ids, err := p.vault.TrashedWithPrefix(strings.TrimSpace(prefix))
	if err != nil {
		return nil, err
	}
	return kindsOf(ids), nil
}

// InTrash reports whether id names a record in the trash: what a link to a deleted
// record shows instead of breaking.
func (p *Portfolio) InTrash(id ID) bool {
	trashed, err := p.TrashedWithPrefix(string(id))
	if err != nil {
		return false
	}
	_, ok := trashed[id]
	return ok
}

// retention erases the versions older than the settings' retention period, if they
// set one: Open's hook for a vault opened for writing. A vault that cannot be written
// (damaged, read-only) still opens; the error is kept for RetentionAtOpen.
func (p *Portfolio) retention() {
	days := p.settings.HistoryDays
	if days <= 0 {
		return
	}
	cutoff := p.now().AddDate(0, 0, -days)
	p.retained.err = p.WriteStored(func(tx *storage.Tx) error {
		var err error
		p.retained.n, err = tx.PurgeBefore(cutoff)
		return err
	})
	if p.retained.err == nil {
		_, p.retained.err = p.CollectAttachments(func(t time.Time) bool { return t.Before(cutoff) })
	}
	p.retained.days = days
}

// RetentionAtOpen says how many versions opening the vault erased for being older
// than the retention setting (days), and why it could not, if it could not: for the
// notice the app and the command line show.
func (p *Portfolio) RetentionAtOpen() (erased, days int, err error) {
	return p.retained.n, p.retained.days, p.retained.err
}

// WriteStored runs fn in one vault transaction under the write lock (with the
// catalogue kept in step) and then brings the records in memory in line with what
// it wrote, each change decoded by its kind's row: the generic write that history
// and sync (packages history and sync/store) run theirs in.
func (p *Portfolio) WriteStored(fn func(tx *storage.Tx) error) error {
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
		p.applyStored(ch)
	}
	return nil
}

// applyStored puts one stored change into the records in memory; the caller holds
// p.mu for writing.
func (p *Portfolio) applyStored(ch storage.Change) {
	kind, ok := historyKind(ch.Collection)
	if !ok {
		return
	}
	id := ID(ch.ID.String())
	if ch.Deleted {
		p.forget(kind, id)
		return
	}
	// What this file writes is the vault's own plaintext (versions restored), which
	// nothing else keeps: it is handed over, not copied.
	plain := ch.Plain
	rec, err := decodeKind(kind, id, plain)
	if err != nil {
		clear(plain)
		p.damaged = append(p.damaged, Damage{Collection: ch.Collection, ID: string(id), Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
		return
	}
	// Entries, goals and actions share plain, which Close overwrites; the others
	// decode by copying, so it is overwritten at once.
	spec, _ := specOf(kind)
	if spec.Owned {
		p.owned = append(p.owned, plain)
	} else {
		clear(plain)
	}
	if spec.Set != nil {
		spec.Set(p, ch.ID, rec)
	}
}
