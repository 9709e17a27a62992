package manifest

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

func attachedTo(rec record.ID, h byte, removed time.Time) *Attachment {
	a := &Attachment{ID: record.ID(storage.NewID().String()), Record: rec, Kind: record.KindEntry, Name: "a.pdf", Removed: removed}
	a.SetHash(storage.Hash{h})
	return a
}

// Unneeded keeps what a live or trashed record holds and frees the rest, keeping
// every blob while anything is damaged.
func TestUnneeded(t *testing.T) {
	cutoff := time.Date(2026, time.March, 1, 0, 0, 0, 0, time.UTC)
	live := attachedTo("live", 1, time.Time{})
	trashed := attachedTo("trashed", 2, time.Time{})
	gone := attachedTo("gone", 3, time.Time{})
	removedOld := attachedTo("live", 4, cutoff.Add(-time.Hour))
	removedNew := attachedTo("live", 5, cutoff.Add(time.Hour))
	shared := attachedTo("gone", 1, time.Time{}) // same bytes as live's
	all := []*Attachment{live, trashed, gone, removedOld, removedNew, shared}
	var blobs []storage.Blob
	for h := range byte(7) {
		if h > 0 {
			blobs = append(blobs, storage.Blob{Hash: storage.Hash{h}})
		}
	}
	isLive := func(id record.ID) bool { return id == "live" }
	inTrash := map[record.ID]record.Kind{"trashed": record.KindEntry}
	expired := func(t time.Time) bool { return t.Before(cutoff) }

	orphans, free := Unneeded(all, blobs, false, inTrash, isLive, expired)
	var got []string
	for _, sid := range orphans {
		got = append(got, sid.String())
	}
	want := []string{string(gone.ID), string(removedOld.ID), string(shared.ID)}
	if !slices.Equal(got, want) {
		t.Errorf("orphans %v, want %v", got, want)
	}
	// Blob 1 is live's as well as the orphan's; 3 and 4 only orphans'; 6 no one's.
	if wantFree := []storage.Hash{{3}, {4}, {6}}; !slices.Equal(free, wantFree) {
		t.Errorf("free %v, want %v", free, wantFree)
	}
	if _, free := Unneeded(all, blobs, true, inTrash, isLive, expired); len(free) != 0 {
		t.Errorf("with damage, %d blobs freed, want none", len(free))
	}
}

// NameDamage names a damaged blob by its attachments and adds those whose bytes
// are missing, leaving other damage as it was.
func TestNameDamage(t *testing.T) {
	a := attachedTo("rec1", 1, time.Time{})
	b := attachedTo("rec2", 1, time.Time{})
	missing := attachedTo("rec3", 2, time.Time{})
	other := storage.Damage{Collection: "entries", ID: "x", Err: storage.ErrDamaged}
	blobDamage := storage.Damage{Collection: storage.BlobsName, ID: storage.Hash{1}.ID().String(), Err: storage.ErrDamaged}
	blobs := []storage.Blob{{Hash: storage.Hash{1}}}

	out := NameDamage([]*Attachment{a, b, missing}, []storage.Damage{other, blobDamage}, blobs, true)
	if len(out) != 4 || out[0] != other {
		t.Fatalf("damage %+v, want the entry's, two attachments' and one missing", out)
	}
	for i, want := range []*Attachment{a, b, missing} {
		d := out[i+1]
		if d.Collection != Coll || d.ID != string(want.ID) || !errors.Is(d.Err, storage.ErrDamaged) || !strings.Contains(d.Err.Error(), string(want.Record)) {
			t.Errorf("damage %d: %+v, want attachment %s of %s", i+1, d, want.ID, want.Record)
		}
	}
	if !strings.Contains(out[3].Err.Error(), "its bytes are missing") {
		t.Errorf("the missing attachment's damage: %v", out[3].Err)
	}
	if out := NameDamage([]*Attachment{missing}, nil, nil, false); len(out) != 0 {
		t.Errorf("blobs not listed, yet %+v", out)
	}
}
