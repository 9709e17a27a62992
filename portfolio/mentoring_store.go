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
