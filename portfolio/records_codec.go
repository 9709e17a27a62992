package portfolio

import (
	"github.com/foliohq/folio/portfolio/record"
)

// The core's names for the entry's codec, which its catalogue, indexes and loading
// use (record.EncodeEntry, ...).

func encodeEntry(e *Entry) []byte { return record.EncodeEntry(e) }

func decodeEntryOwned(b []byte, e *Entry) error { return record.DecodeEntryOwned(b, e) }
