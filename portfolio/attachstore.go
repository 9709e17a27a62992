package portfolio

import (
	"fmt"
	"io"
	"time"

	"github.com/foliohq/folio/portfolio/attachment/manifest"
	"github.com/foliohq/folio/storage"
)

// Attachments in the core: the manifests collected after the trash is emptied, and
// the store API transaction's vault the attachment package writes through. The
// manifest's type and format, reading the manifests from the vault, what collecting
// frees and how a check names damaged bytes are portfolio/attachment/manifest's
// (Attachment here is manifest.Attachment); the lock and the deletes are here, as
// they run inside the core's own writes.

// collAttachments holds the attachments' manifests.
const collAttachments = manifest.Coll

// MaxAttachmentSize is the largest file folio keeps.
const MaxAttachmentSize = manifest.MaxSize

// Attachment is the manifest's type under the core's name.
type Attachment = manifest.Attachment

// isLive reports whether id is a live record; the caller holds p.mu.
func (p *Portfolio) isLive(id ID) bool {
	_, ok := p.liveKind(id)
	return ok
}

// CollectAttachments deletes the manifests of records gone for good (neither live
// nor in the trash), those removed to the trash on their own before cutoff (the
// zero time for none, any time in the future for all), and the blobs no manifest
// left names (manifest.Unneeded), in one transaction, and returns how many
// attachments it deleted. It runs after the trash is emptied or the history
// setting erases records.
func (p *Portfolio) CollectAttachments(expired func(removed time.Time) bool) (int, error) {
	all, damaged, err := manifest.Load(p.vault)
	if err != nil {
		return 0, err
	}
	blobs, badBlobs, err := p.vault.Blobs()
	if err != nil {
		return 0, err
	}
	if len(all) == 0 && len(blobs) == 0 {
		return 0, nil
	}
	trashed, err := p.trashedKinds()
	if err != nil {
		return 0, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	orphans, free := manifest.Unneeded(all, blobs, len(damaged) > 0 || len(badBlobs) > 0, trashed, p.isLive, expired)
	if len(orphans) == 0 && len(free) == 0 {
		return 0, nil
	}
	err = p.update(func(tx *storage.Tx) error {
		for _, sid := range orphans {
			if err := tx.Delete(collAttachments, sid); err != nil {
				return err
			}
		}
		for _, h := range free {
			if err := tx.DeleteBlob(h); err != nil {
				return err
			}
		}
		return nil
	})
	return len(orphans), err
}

// sweepAttachments discards the bytes of attachments a process was killed while
// keeping. It reads only the markers such a process leaves, never the attachments,
// so a vault with many opens as fast as one with none. Best effort: a failure
// leaves the markers for the next open.
func (p *Portfolio) sweepAttachments() {
	_, _ = p.vault.SweepPending(p.update)
}

// lockedUpdate is update for a caller that does not hold p.mu: an attachment's
// bytes staged a few chunks a transaction, which write no record of a kind, so
// the lock is taken without reading the entries' rows.
func (p *Portfolio) lockedUpdate(fn func(*storage.Tx) error) error {
	p.mu.RawLock()
	defer p.mu.RWMutex.Unlock()
	return p.update(fn)
}

// The attachment package's part of the core (portfolio/attachment): manifests read
// as the vault keeps them, bytes staged, and the vault's transaction of the store
// API's Update (Tx.Vault), where it writes an attachment's manifest and bytes, so
// attaching, removing, restoring and syncing an attachment are the attachment
// package's while their collection after the trash is emptied stays here.

// Manifests reads every attachment manifest, each a fresh copy; damaged ones are
// returned apart.
func (p *Portfolio) Manifests() ([]*Attachment, []Damage, error) { return manifest.Load(p.vault) }

// TrashedKinds names the records in the trash by kind, without decrypting them.
func (p *Portfolio) TrashedKinds() (map[ID]Kind, error) { return p.trashedKinds() }

// StageBlob reads a file's bytes from r into the vault, a few chunks at a time in
// transactions of their own; they are kept only once a transaction commits them
// (Tx.CommitBlob), and discarded at the next open if the process dies first.
func (p *Portfolio) StageBlob(r io.Reader) (*storage.Staged, error) {
	return p.vault.StageBlob(r, p.lockedUpdate)
}

// StageBlobAs is StageBlob for bytes that must hash to h (another device's file).
func (p *Portfolio) StageBlobAs(r io.Reader, h storage.Hash) (*storage.Staged, error) {
	return p.vault.StageBlobAs(r, p.lockedUpdate, h)
}

// Live is the kind of the live record id, as of the transaction's start.
func (tx *Tx) Live(id ID) (Kind, bool) { return tx.p.liveKind(id) }

// Vault is the vault's transaction of an Update, for what the core keeps outside
// the table of record kinds (the attachments' manifests and bytes, the device
// clock): a record of a kind is written with Put, which keeps the records in memory
// in step, never here. A View has none.
func (tx *Tx) Vault() (*storage.Tx, error) { return tx.writer("the vault is written") }

// writer is the vault transaction of an Update; a View has none.
func (tx *Tx) writer(what string) (*storage.Tx, error) {
	if tx.stx == nil {
		return nil, fmt.Errorf("%w: %s inside Update", ErrReadOnly, what)
	}
	return tx.stx, nil
}
