package portfolio

import (
	"fmt"
	"slices"

	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/portfolio/validate"
	"github.com/foliohq/folio/storage"
)

// Collections of the mentoring records and the settings.
const (
	collRelationships = "relationships"
	collMeetings      = "meetings"
	collRatings       = "ratings"
	collSettings      = "settings"
)

// mentoring holds the mentoring records in memory.
type mentoring struct {
	relationships map[ID]*Relationship
	meetings      map[ID]*Meeting
	ratings       map[ID]*Rating
	settings      Settings
	settingsID    storage.ID
}

func newMentoring() mentoring {
	return mentoring{relationships: map[ID]*Relationship{}, meetings: map[ID]*Meeting{}, ratings: map[ID]*Rating{}}
}

// loadMentoring loads every kind kept in memory that decodes by copying (mentoring,
// received documents, contacts, settings); entries, goals and actions share the
// vault's plaintext and load with the portfolio. A record that fails to decode is
// listed as damaged.
func (p *Portfolio) loadMentoring() error {
	p.m = newMentoring()
	for _, s := range recordKinds() {
		if s.owned || s.set == nil {
			continue
		}
		if err := p.loadKind(s); err != nil {
			return err
		}
	}
	return nil
}

// loadKind opens every record of a kind's collection and puts it in memory.
func (p *Portfolio) loadKind(s kindSpec) error {
	damaged, err := p.vault.Load(s.coll, func(sid storage.ID, plain []byte) error {
		// The decoders copy what they keep, so the record is overwritten at once.
		defer clear(plain)
		rec, err := s.decode(ID(sid.String()), plain)
		p.mu.Lock()
		defer p.mu.Unlock()
		if err != nil {
			p.damaged = append(p.damaged, Damage{Collection: s.coll, ID: sid.String(), Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
			return nil
		}
		s.set(p, sid, rec)
		return nil
	})
	p.mu.Lock()
	p.damaged = append(p.damaged, damaged...)
	p.mu.Unlock()
	return err
}

// Settings returns the user's settings.
func (p *Portfolio) Settings() Settings {
	p.mu.RLock()
	defer p.mu.RUnlock()
	s := p.m.settings
	s.Topics = slices.Clone(s.Topics)
	return s
}

// SaveSettings validates and stores the settings.
func (p *Portfolio) SaveSettings(s Settings) error {
	if err := validate.Settings(&s); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m.settingsID == (storage.ID{}) {
		p.m.settingsID = storage.NewID()
	}
	if err := p.put(collSettings, p.m.settingsID, record.EncodeSettings(&s)); err != nil {
		return err
	}
	p.m.settings = s
	return nil
}

// ClearDiscuss takes the "to discuss" flag off the entries, all in one
// transaction, so a failure leaves every flag as it was. Entries not flagged are
// left alone; it returns how many changed.
func (p *Portfolio) ClearDiscuss(ids []ID) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now().UTC()
	type change struct {
		sid storage.ID
		e   *Entry
	}
	var changes []change
	for _, id := range ids {
		ix, ok := p.entries[id]
		if !ok {
			return 0, fmt.Errorf("%w: no entry %s", ErrNotFound, id)
		}
		if !ix.Meta().Discuss {
			continue
		}
		sid, err := storageID(id)
		if err != nil {
			return 0, err
		}
		// The whole entry: one opened from the catalogue holds only its metadata,
		// and saving that would drop the body.
		whole := p.whole(ix)
		if whole == nil {
			return 0, fmt.Errorf("%w: entry %s cannot be read", ErrDamaged, id)
		}
		e := *whole
		e.Discuss = false
		e.Updated = now
		changes = append(changes, change{sid, &e})
	}
	if len(changes) == 0 {
		return 0, nil
	}
	err := p.update(func(tx *storage.Tx) error {
		for _, c := range changes {
			if err := tx.Put(collEntries, c.sid, encodeEntry(c.e)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, c := range changes {
		p.remove(c.e.ID)
		p.insert(newIndexed(c.e))
	}
	return len(changes), nil
}

// SettingsID is the settings record's ID, for its history; ok is false until the
// settings are first saved.
func (p *Portfolio) SettingsID() (id ID, ok bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.m.settingsID == (storage.ID{}) {
		return "", false
	}
	return ID(p.m.settingsID.String()), true
}
