package record

import (
	"fmt"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/codec"
)

// MaxHistoryDays is the longest retention a setting may ask for: a century.
const MaxHistoryDays = 36525

// Settings are the user's preferences kept in the vault.
type Settings struct {
	// Organisation is the user's own, to warn when a mentor is matched within it.
	Organisation string `json:"organisation,omitempty"`
	// RenewalDate is the next revalidation date, for readiness on the dashboard.
	RenewalDate calendar.Date `json:"renewal_date,omitempty"`
	// Topics the user added to the default meeting topics.
	Topics []string `json:"topics,omitempty"`
	// DateStyle is how documents write dates; empty means the default, long.
	DateStyle DateStyle `json:"date_style,omitempty"`
	// HistoryDays keeps versions for that many days, erasing older ones when the
	// vault opens for writing; 0 keeps them forever (docs/HISTORY.md).
	HistoryDays int `json:"history_days,omitempty"`
}

// settingsBytes are the settings' fields that are byte strings.
var settingsBytes = codec.Fields(codec.SettingsOrganisation, codec.SettingsTopic, codec.SettingsDateStyle)

// EncodeSettings is the settings record's wire form.
func EncodeSettings(s *Settings) []byte {
	var enc codec.Encoder
	enc.Uint(codec.SettingsVersion, codec.SchemaVersion)
	enc.Str(codec.SettingsOrganisation, s.Organisation)
	enc.Int(codec.SettingsRenewal, int64(s.RenewalDate))
	enc.Strs(codec.SettingsTopic, s.Topics)
	enc.Str(codec.SettingsDateStyle, string(s.DateStyle))
	enc.Uint(codec.SettingsHistoryDays, uint64(s.HistoryDays))
	return enc.B
}

// DecodeSettings reads a settings record, refusing a retention past MaxHistoryDays.
func DecodeSettings(b []byte, s *Settings) error {
	return codec.Decode(b, settingsBytes, func(f codec.Field) error {
		switch f.Num {
		case codec.SettingsVersion:
			return codec.CheckVersion(f)
		case codec.SettingsOrganisation:
			s.Organisation = f.Str()
		case codec.SettingsRenewal:
			s.RenewalDate = calendar.Date(f.Int())
		case codec.SettingsTopic:
			s.Topics = append(s.Topics, f.Str())
		case codec.SettingsDateStyle:
			s.DateStyle = DateStyle(f.Str())
		case codec.SettingsHistoryDays:
			days := f.V
			if days > MaxHistoryDays {
				return fmt.Errorf("history kept for %d days, more than %d", days, MaxHistoryDays)
			}
			s.HistoryDays = int(days)
		}
		return nil
	})
}
