package portfolio

import (
	"fmt"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/codec"
	"github.com/foliohq/folio/portfolio/record"
)

// The core's names for the entry's codec, which its catalogue, indexes and loading
// use (record.EncodeEntry, ...).

func encodeEntry(e *Entry) []byte { return record.EncodeEntry(e) }

func decodeEntryOwned(b []byte, e *Entry) error { return record.DecodeEntryOwned(b, e) }

// entryBytes are an entry's fields that are byte strings.
var entryBytes = record.EntryBytes

// settingsBytes are the settings' fields that are byte strings.
var settingsBytes = codec.Fields(codec.SettingsOrganisation, codec.SettingsTopic, codec.SettingsDateStyle)

func encodeSettings(s *Settings) []byte {
	var enc codec.Encoder
	enc.Uint(codec.SettingsVersion, codec.SchemaVersion)
	enc.Str(codec.SettingsOrganisation, s.Organisation)
	enc.Int(codec.SettingsRenewal, int64(s.RenewalDate))
	enc.Strs(codec.SettingsTopic, s.Topics)
	enc.Str(codec.SettingsDateStyle, string(s.DateStyle))
	enc.Uint(codec.SettingsHistoryDays, uint64(s.HistoryDays))
	return enc.B
}

func decodeSettings(b []byte, s *Settings) error {
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

// fieldFunctions reads a set of Proctor's functions, dropping bits no version
// defines.
func fieldFunctions(f codec.Field) Functions { return record.DecodeFunctions(f) }
