package portfolio

import (
	"github.com/foliohq/folio/portfolio/codec"
	"github.com/foliohq/folio/portfolio/record"
)

// The core's names for the entry's codec, which its catalogue, indexes and loading
// use (record.EncodeEntry, ...).

func encodeEntry(e *Entry) []byte { return record.EncodeEntry(e) }

func decodeEntryOwned(b []byte, e *Entry) error { return record.DecodeEntryOwned(b, e) }

// entryBytes are an entry's fields that are byte strings.
var entryBytes = record.EntryBytes

// fieldFunctions reads a set of Proctor's functions, dropping bits no version
// defines.
func fieldFunctions(f codec.Field) Functions { return record.DecodeFunctions(f) }
