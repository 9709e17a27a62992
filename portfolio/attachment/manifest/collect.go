package manifest

import (
	"fmt"
	"slices"
	"time"

	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// Coll is the vault's collection of the attachments' manifests.
const Coll = "attachments"

// Unneeded picks what collecting attachments deletes, after the trash is emptied or
// the history setting erases records: the manifests of records gone for good
// (neither live nor in trashed), and of those removed to the trash on their own
// that expired says have left it, by their IDs; and the blobs no manifest left
// names. With a damaged manifest or blob (damaged true) it frees no blob, since the
// damaged one may name it.
func Unneeded(all []*Attachment, blobs []storage.Blob, damaged bool, trashed map[record.ID]record.Kind, live func(record.ID) bool, expired func(removed time.Time) bool) (orphans []storage.ID, free []storage.Hash) {
	used := map[storage.Hash]bool{}
	for _, a := range all {
		gone := !a.Removed.IsZero() && expired(a.Removed)
		if _, inTrash := trashed[a.Record]; (live(a.Record) || inTrash) && !gone {
			used[a.Hash()] = true
			continue
		}
		sid, _ := storage.ParseID(string(a.ID))
		orphans = append(orphans, sid)
	}
	if !damaged {
		for _, b := range blobs {
			if !used[b.Hash] {
				free = append(free, b.Hash)
			}
		}
	}
	return orphans, free
}

// NameDamage rewrites a check's damage so the user can act on it: a damaged blob is
// named by the attachments whose bytes it holds (and their records) rather than by
// the blob, and an attachment whose bytes are missing from blobs is added. With
// listed false (the blobs could not be listed) none is called missing.
func NameDamage(all []*Attachment, damaged []storage.Damage, blobs []storage.Blob, listed bool) []storage.Damage {
	byBlob := map[string][]*Attachment{}
	for _, a := range all {
		byBlob[a.Hash().ID().String()] = append(byBlob[a.Hash().ID().String()], a)
	}
	var out []storage.Damage
	for _, d := range damaged {
		as := byBlob[d.ID]
		if d.Collection != storage.BlobsName || len(as) == 0 {
			out = append(out, d)
			continue
		}
		for _, a := range as {
			out = append(out, storage.Damage{Collection: Coll, ID: string(a.ID), Err: fmt.Errorf("%s, attached to %s %s: %w", a.Name, a.Kind, a.Record, d.Err)})
		}
	}
	if listed {
		have := map[storage.Hash]bool{}
		for _, b := range blobs {
			have[b.Hash] = true
		}
		for _, a := range all {
			if !have[a.Hash()] && !slices.ContainsFunc(out, func(d storage.Damage) bool { return d.ID == string(a.ID) }) {
				out = append(out, storage.Damage{Collection: Coll, ID: string(a.ID), Err: fmt.Errorf("%s, attached to %s %s: %w: its bytes are missing", a.Name, a.Kind, a.Record, storage.ErrDamaged)})
			}
		}
	}
	return out
}
