package portfolio

import (
	"slices"

	"github.com/foliohq/folio/portfolio/internal/kinds"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/portfolio/validate"
	"github.com/foliohq/folio/storage"
)

// collSettings holds the settings record.
const collSettings = kinds.CollSettings

// Settings returns the user's settings.
func (p *Portfolio) Settings() Settings {
	// The settings are read at open: they need none of the entries' rows.
	p.mu.RawRLock()
	defer p.mu.RUnlock()
	s := p.settings
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
	if p.settingsID == (storage.ID{}) {
		p.settingsID = storage.NewID()
	}
	if err := p.put(collSettings, p.settingsID, record.EncodeSettings(&s)); err != nil {
		return err
	}
	p.settings = s
	return nil
}

// SettingsID is the settings record's ID, for its history; ok is false until the
// settings are first saved.
func (p *Portfolio) SettingsID() (id ID, ok bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.settingsID == (storage.ID{}) {
		return "", false
	}
	return ID(p.settingsID.String()), true
}
