package attachment

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/foliohq/folio/portfolio/attachment/manifest"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/storage"
)

// SyncManifest is an attachment as sync sees it, without its bytes.
type SyncManifest struct {
	ID       storage.ID
	Manifest []byte
	Size     int64
	Mark     manifest.SyncMark // zero clock: never removed or restored
}

// SyncManifests lists every attachment's manifest (hidden ones too); damaged says
// some manifest did not decode, so a missing one may not be gone.
func SyncManifests(p *portfolio.Portfolio) (out []SyncManifest, damaged bool, err error) {
	all, bad, err := p.Manifests()
	if err != nil {
		return nil, false, err
	}
	for _, a := range all {
		sid, err := storage.ParseID(string(a.ID))
		if err != nil {
			damaged = true
			continue
		}
		out = append(out, SyncManifest{ID: sid, Manifest: a.Encode(), Size: a.Size, Mark: a.Mark(sid)})
	}
	return out, damaged || len(bad) > 0, nil
}

// OpenSyncAttachment streams the bytes of the attachment id, authenticated chunk by
// chunk as they are read.
func OpenSyncAttachment(p *portfolio.Portfolio, id storage.ID) (io.ReadCloser, error) {
	all, _, err := p.Manifests()
	if err != nil {
		return nil, err
	}
	for _, a := range all {
		if a.ID == ID(id.String()) {
			return OpenAttachment(p, *a)
		}
	}
	return nil, fmt.Errorf("%w: no attachment %s", portfolio.ErrNotFound, id)
}

// KeepSyncAttachment keeps an attachment another device sent, reading its bytes from
// r a chunk at a time, unless it is kept here already. Its bytes must be as many and
// hash to what its manifest says, or nothing is kept.
func KeepSyncAttachment(p *portfolio.Portfolio, id storage.ID, raw []byte, r io.Reader) error {
	a, err := manifest.Decode(ID(id.String()), raw)
	if err != nil {
		return fmt.Errorf("%w: attachment %s: %w", portfolio.ErrDamaged, id, err)
	}
	all, _, err := p.Manifests()
	if err != nil {
		return err
	}
	for _, o := range all {
		if o.ID == a.ID {
			return nil
		}
	}
	staged, err := p.StageBlobAs(io.LimitReader(r, a.Size+1), a.Hash())
	if err != nil {
		return err
	}
	err = p.Update(func(tx *portfolio.Tx) error {
		stx, err := tx.Vault()
		if err != nil {
			return err
		}
		b, err := stx.CommitBlob(staged)
		if err != nil {
			return err
		}
		if b.Size != a.Size {
			return fmt.Errorf("%w: attachment %s holds %d bytes, its manifest says %d", portfolio.ErrDamaged, id, b.Size, a.Size)
		}
		if b.Hash != a.Hash() {
			return fmt.Errorf("%w: the bytes of attachment %s are not those its manifest names", portfolio.ErrDamaged, id)
		}
		if err := stx.WitnessClock(a.Mark(id).Clock); err != nil {
			return err
		}
		return stx.Put(manifest.Coll, id, raw)
	})
	if err != nil {
		staged.Discard()
		return err
	}
	staged.Committed()
	return nil
}

// ApplySyncMark applies another device's removal, restore or erasure of an
// attachment if it wins over the one kept here (SyncMark.Later), and reports
// whether it changed anything. An attachment not kept here is left alone.
func ApplySyncMark(p *portfolio.Portfolio, m manifest.SyncMark) (bool, error) {
	all, _, err := p.Manifests()
	if err != nil {
		return false, err
	}
	var a *portfolio.Attachment
	used := map[storage.Hash]int{}
	for _, o := range all {
		used[o.Hash()]++
		if o.ID == ID(m.ID.String()) {
			a = o
		}
	}
	if a == nil {
		return false, nil
	}
	changed := false
	err = p.Update(func(tx *portfolio.Tx) error {
		stx, err := tx.Vault()
		if err != nil {
			return err
		}
		if err := stx.WitnessClock(m.Clock); err != nil {
			return err
		}
		if !m.Later(a.Mark(m.ID)) {
			return nil
		}
		changed = true
		if m.State == manifest.MarkErased {
			if err := stx.Delete(manifest.Coll, m.ID); err != nil {
				return err
			}
			if used[a.Hash()] == 1 {
				return stx.DeleteBlob(a.Hash())
			}
			return nil
		}
		a.Removed = time.Time{}
		if m.State == manifest.MarkRemoved {
			a.Removed = m.When
		}
		a.SetMark(m.Clock, m.Device)
		return stx.Put(manifest.Coll, m.ID, a.Encode())
	})
	return changed, err
}

// NewSyncAttachments lists the attachments (hidden ones too) whose IDs known does
// not hold, with their bytes, each authenticated chunk by chunk as it is read.
// Damaged manifests are left out: check reports them.
func NewSyncAttachments(p *portfolio.Portfolio, known func(storage.ID) bool) ([]manifest.SyncAttachment, error) {
	all, _, err := p.Manifests()
	if err != nil {
		return nil, err
	}
	var out []manifest.SyncAttachment
	for _, a := range all {
		sid, err := storage.ParseID(string(a.ID))
		if err != nil || known(sid) {
			continue
		}
		r, err := OpenAttachment(p, *a)
		if err != nil {
			return nil, fmt.Errorf("attachment %s: %w", a.ID, err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("attachment %s: %w", a.ID, err)
		}
		out = append(out, manifest.SyncAttachment{ID: sid, Manifest: a.Encode(), Data: data})
	}
	return out, nil
}

// ApplySyncAttachment keeps an attachment another device sent, unless it is kept
// here already: its bytes are stored chunk by chunk as any attachment's, and must
// hash to what its manifest says, or nothing is kept.
func ApplySyncAttachment(p *portfolio.Portfolio, s manifest.SyncAttachment) error {
	a, err := manifest.Decode(ID(s.ID.String()), s.Manifest)
	if err != nil {
		return fmt.Errorf("%w: attachment %s: %w", portfolio.ErrDamaged, s.ID, err)
	}
	if int64(len(s.Data)) != a.Size {
		return fmt.Errorf("%w: attachment %s holds %d bytes, its manifest says %d", portfolio.ErrDamaged, s.ID, len(s.Data), a.Size)
	}
	all, _, err := p.Manifests()
	if err != nil {
		return err
	}
	if slices.ContainsFunc(all, func(o *portfolio.Attachment) bool { return o.ID == a.ID }) {
		return nil
	}
	staged, err := p.StageBlobAs(bytes.NewReader(s.Data), a.Hash())
	if err != nil {
		return err
	}
	err = p.Update(func(tx *portfolio.Tx) error {
		stx, err := tx.Vault()
		if err != nil {
			return err
		}
		b, err := stx.CommitBlob(staged)
		if err != nil {
			return err
		}
		if b.Hash != a.Hash() {
			return fmt.Errorf("%w: the bytes of attachment %s are not those its manifest names", portfolio.ErrDamaged, s.ID)
		}
		return stx.Put(manifest.Coll, s.ID, s.Manifest)
	})
	if err != nil {
		staged.Discard()
		return err
	}
	staged.Committed()
	return nil
}
