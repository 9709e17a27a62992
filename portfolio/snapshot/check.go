package snapshot

import "github.com/foliohq/folio/storage"

// SnapshotCheck is what verifying a snapshot found.
type SnapshotCheck = storage.SnapshotCheck

// ErrNotThisVault means a snapshot is a copy of another vault.
var ErrNotThisVault = storage.ErrNotThisVault
