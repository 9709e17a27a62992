package codec

import "google.golang.org/protobuf/encoding/protowire"

// Entry fields added for frameworks and groups, numbered apart like the other
// additions: the outcomes an entry is mapped to, and the relationship it belongs to.
const (
	EntryOutcome protowire.Number = 50 + iota
	EntryRelationship
)
