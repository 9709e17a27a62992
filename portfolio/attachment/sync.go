package portfolio

import (
	"fmt"
	"io"
	"time"

	"github.com/foliohq/folio/storage"
)

// SyncManifest is an attachment as sync sees it, without its bytes.
type SyncManifest struct {
	ID       storage.ID
	Manifest []byte
	Size     int64
	Mark     SyncMark // zero clock: never removed or restored
}

// SyncManifests lists every attachment's manifest (hidden ones too); damaged says
// some manifest did not decode, so a missing one may not be gone.
func (p *Portfolio) SyncManifests() (out []SyncManifest, damaged bool, err error) {
	all, bad, err := p.manifests()
	if err != nil {
		return nil, false, err
	}
	for _, a := range all {
		sid, err := storage.ParseID(string(a.ID))
		if err != nil {
			damaged = true
			continue
		}
		out = append(out, SyncManifest{ID: sid, Manifest: a.encode(), Size: a.Size, Mark: a.syncMark(sid)})
	}
	return out, damaged || len(bad) > 0, nil
}

func (a *Attachment) syncMark(sid storage.ID) SyncMark {
	m := SyncMark{ID: sid, State: MarkRestored, Clock: a.mark, Device: a.markDev}
	if !a.Removed.IsZero() {
		m.State, m.When = MarkRemoved, a.Removed
	}
	return m
}

// OpenSyncAttachment streams the bytes of the attachment id, authenticated chunk by
// chunk as they are read.
func (p *Portfolio) OpenSyncAttachment(id storage.ID) (io.ReadCloser, error) {
	all, _, err := p.manifests()
	if err != nil {
		return nil, err
	}
	for _, a := range all {
		if a.ID == ID(id.String()) {
			return p.OpenAttachment(*a)
		}
	}
	return nil, fmt.Errorf("%w: no attachment %s", ErrNotFound, id)
}

// KeepSyncAttachment keeps an attachment another device sent, reading its bytes from
// r a chunk at a time, unless it is kept here already. Its bytes must be as many and
// hash to what its manifest says, or nothing is kept.
func (p *Portfolio) KeepSyncAttachment(id storage.ID, manifest []byte, r io.Reader) error {
	a, err := decodeAttachment(ID(id.String()), manifest)
	if err != nil {
		return fmt.Errorf("%w: attachment %s: %w", ErrDamaged, id, err)
	}
	all, _, err := p.manifests()
	if err != nil {
		return err
	}
	for _, o := range all {
		if o.ID == a.ID {
			return nil
		}
	}
	staged, err := p.vault.StageBlobAs(io.LimitReader(r, a.Size+1), p.lockedUpdate, a.hash)
	if err != nil {
		return err
	}
	err = p.lockedUpdate(func(tx *storage.Tx) error {
		b, err := tx.CommitBlob(staged)
		if err != nil {
			return err
		}
		if b.Size != a.Size {
			return fmt.Errorf("%w: attachment %s holds %d bytes, its manifest says %d", ErrDamaged, id, b.Size, a.Size)
		}
		if b.Hash != a.hash {
			return fmt.Errorf("%w: the bytes of attachment %s are not those its manifest names", ErrDamaged, id)
		}
		if err := tx.WitnessClock(a.mark); err != nil {
			return err
		}
		return tx.Put(collAttachments, id, manifest)
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
func (p *Portfolio) ApplySyncMark(m SyncMark) (bool, error) {
	all, _, err := p.manifests()
	if err != nil {
		return false, err
	}
	var a *Attachment
	used := map[storage.Hash]int{}
	for _, o := range all {
		used[o.hash]++
		if o.ID == ID(m.ID.String()) {
			a = o
		}
	}
	if a == nil {
		return false, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	changed := false
	err = p.update(func(tx *storage.Tx) error {
		if err := tx.WitnessClock(m.Clock); err != nil {
			return err
		}
		if !m.Later(a.syncMark(m.ID)) {
			return nil
		}
		changed = true
		if m.State == MarkErased {
			if err := tx.Delete(collAttachments, m.ID); err != nil {
				return err
			}
			if used[a.hash] == 1 {
				return tx.DeleteBlob(a.hash)
			}
			return nil
		}
		a.Removed = time.Time{}
		if m.State == MarkRemoved {
			a.Removed = m.When
		}
		a.mark, a.markDev = m.Clock, m.Device
		return tx.Put(collAttachments, m.ID, a.encode())
	})
	return changed, err
}
