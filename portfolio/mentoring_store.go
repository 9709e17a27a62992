package portfolio

import (
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
