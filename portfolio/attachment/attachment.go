package portfolio

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/foliohq/folio/storage"
)

// mediaType is the file's media type: what its first bytes say, or for text and
// unknown bytes what its extension says.
func mediaType(name string, head []byte) string {
	sniffed := http.DetectContentType(head)
	if sniffed != "application/octet-stream" && !strings.HasPrefix(sniffed, "text/plain") {
		return sniffed
	}
	if t := mime.TypeByExtension(strings.ToLower(filepath.Ext(name))); t != "" {
		return t
	}
	return sniffed
}

// Attach keeps the bytes of r as a file called name with the record id (an entry,
// goal, action, meeting or relationship), reading r to its end a chunk at a time.
// A file kept already is stored once. All or nothing: a failure or a kill leaves no
// attachment and, after the next open that may write, none of its bytes.
func (p *Portfolio) Attach(id ID, name string, r io.Reader) (Attachment, error) {
	if err := checkAttachmentName(name); err != nil {
		return Attachment{}, err
	}
	kind, err := p.attachableKind(id)
	if err != nil {
		return Attachment{}, err
	}
	br := bufio.NewReaderSize(r, 512)
	head, err := br.Peek(512)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return Attachment{}, err
	}
	a := Attachment{ID: ID(storage.NewID().String()), Record: id, Kind: kind, Name: name, MediaType: mediaType(name, head), Added: p.now().UTC().Truncate(time.Microsecond)}
	staged, err := p.vault.StageBlob(br, p.lockedUpdate)
	if err != nil {
		if errors.Is(err, storage.ErrTooLarge) {
			return Attachment{}, fmt.Errorf("%w: %s is larger than %d MiB, the most folio keeps", ErrInvalid, name, MaxAttachmentSize>>20)
		}
		return Attachment{}, err
	}
	if err := p.commitAttachment(&a, staged); err != nil {
		staged.Discard()
		return Attachment{}, err
	}
	staged.Committed()
	return a, nil
}

// commitAttachment keeps the staged bytes and writes the manifest a, in one
// transaction, if its record is still there.
func (p *Portfolio) commitAttachment(a *Attachment, staged *storage.Staged) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, live := p.liveKind(a.Record); !live { // deleted while the file was read
		return fmt.Errorf("%w: no %s %s", ErrNotFound, a.Kind, a.Record)
	}
	sid, _ := storage.ParseID(string(a.ID))
	return p.update(func(tx *storage.Tx) error {
		b, err := tx.CommitBlob(staged)
		if err != nil {
			return err
		}
		a.Size, a.hash = b.Size, b.Hash
		return tx.Put(collAttachments, sid, a.encode())
	})
}

// attachableKind is the kind of the live record id, if files can hang on it.
func (p *Portfolio) attachableKind(id ID) (Kind, error) {
	p.mu.RLock()
	kind, live := p.liveKind(id)
	p.mu.RUnlock()
	if !live {
		return "", fmt.Errorf("%w: no record %s", ErrNotFound, id)
	}
	if !slices.Contains(attachable, kind) {
		return "", invalid("files can be attached to entries, goals, actions, meetings and relationships, not to a %s", kind)
	}
	return kind, nil
}

// Attachments lists the attachments of the record id, or with id "" of every
// record, oldest first; those of records in the trash, and those removed to the
// trash on their own, are left out.
func (p *Portfolio) Attachments(id ID) ([]Attachment, error) {
	return p.listAttachments(func(a *Attachment) bool {
		return (id == "" || a.Record == id) && a.Removed.IsZero() && p.isLive(a.Record)
	})
}

// RemovedAttachments lists the attachments removed to the trash on their own
// (RemoveAttachment), most recently removed first.
func (p *Portfolio) RemovedAttachments() ([]Attachment, error) {
	trashed, err := p.trashedKinds()
	if err != nil {
		return nil, err
	}
	out, err := p.listAttachments(func(a *Attachment) bool {
		_, inTrash := trashed[a.Record]
		return !a.Removed.IsZero() && (inTrash || p.isLive(a.Record))
	})
	slices.SortStableFunc(out, func(a, b Attachment) int { return b.Removed.Compare(a.Removed) })
	return out, err
}

// listAttachments lists, oldest first, the attachments keep accepts; keep runs
// with p.mu held for reading.
func (p *Portfolio) listAttachments(keep func(*Attachment) bool) ([]Attachment, error) {
	all, damaged, err := p.manifests()
	if err != nil {
		return nil, err
	}
	if len(damaged) > 0 {
		return nil, damaged[0]
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	var out []Attachment
	for _, a := range all {
		if keep(a) {
			out = append(out, *a)
		}
	}
	slices.SortFunc(out, func(a, b Attachment) int {
		if c := a.Added.Compare(b.Added); c != 0 {
			return c
		}
		return strings.Compare(string(a.ID), string(b.ID))
	})
	return out, nil
}

// ResolveAttachment finds the attachment whose ID starts with prefix, among those
// of live records.
func (p *Portfolio) ResolveAttachment(prefix string) (Attachment, error) {
	return p.resolveAttachment(prefix, func() ([]Attachment, error) { return p.Attachments("") })
}

// ResolveRemovedAttachment finds the attachment whose ID starts with prefix, among
// those removed to the trash on their own.
func (p *Portfolio) ResolveRemovedAttachment(prefix string) (Attachment, error) {
	return p.resolveAttachment(prefix, p.RemovedAttachments)
}

func (p *Portfolio) resolveAttachment(prefix string, list func() ([]Attachment, error)) (Attachment, error) {
	want := strings.ToLower(strings.TrimSpace(prefix))
	if len(want) < MinPrefix {
		return Attachment{}, fmt.Errorf("%w: %q is too short to name an attachment; give at least %d characters of its ID", ErrNotFound, prefix, MinPrefix)
	}
	all, err := list()
	if err != nil {
		return Attachment{}, err
	}
	var found []Attachment
	for _, a := range all {
		if strings.HasPrefix(string(a.ID), want) {
			found = append(found, a)
		}
	}
	switch len(found) {
	case 0:
		return Attachment{}, fmt.Errorf("%w: no attachment %s", ErrNotFound, want)
	case 1:
		return found[0], nil
	}
	return Attachment{}, fmt.Errorf("%w: more than one attachment has an ID starting %q; type more of the ID", ErrAmbiguousID, want)
}

// RemoveAttachment moves the attachment id to the trash: it leaves its record's
// list, keeps its bytes, and comes back with RestoreAttachment until the trash is
// emptied or the retention period erases it.
func (p *Portfolio) RemoveAttachment(id ID) error {
	return p.markAttachment(id, true)
}

// RestoreAttachment brings the attachment id back from the trash to its record.
func (p *Portfolio) RestoreAttachment(id ID) error {
	return p.markAttachment(id, false)
}

func (p *Portfolio) markAttachment(id ID, remove bool) error {
	sid, err := storageID(id)
	if err != nil {
		return err
	}
	all, _, err := p.manifests()
	if err != nil {
		return err
	}
	var a *Attachment
	for _, x := range all {
		if x.ID == id {
			a = x
		}
	}
	switch {
	case a == nil:
		return fmt.Errorf("%w: no attachment %s", ErrNotFound, id)
	case remove && !a.Removed.IsZero():
		return fmt.Errorf("%w: attachment %s is in the trash already", ErrNotFound, id)
	case !remove && a.Removed.IsZero():
		return invalid("attachment %s is not in the trash", id)
	}
	a.Removed = time.Time{}
	if remove {
		a.Removed = p.now().UTC().Truncate(time.Microsecond)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.update(func(tx *storage.Tx) error {
		// The mark's clock orders it against other devices' marks (sync).
		var err error
		if a.markDev, a.mark, err = tx.TickDevice(); err != nil {
			return err
		}
		return tx.Put(collAttachments, sid, a.encode())
	})
}
