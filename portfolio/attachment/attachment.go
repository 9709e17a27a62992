// Package attachment keeps files with records as evidence: a certificate with a CPD
// entry, an agreement with a relationship. It attaches, lists, finds, removes to the
// trash and restores attachments, and keeps or marks those another device sends
// (sync.go), on the core's store API (portfolio.Update and the attachment writes of
// its Tx). The manifest's type and format are the leaf attachment/manifest's; the
// manifests' collection after the trash is emptied, and their check, stay in the
// core (portfolio/attachstore.go), whose transactions handle a record's
// attachments when it goes to the trash or leaves it.
package attachment

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

	"github.com/foliohq/folio/portfolio/attachment/manifest"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/storage"
)

// ID and Kind name records as the core does.
type (
	ID   = portfolio.ID
	Kind = portfolio.Kind
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
func Attach(p *portfolio.Portfolio, id ID, name string, r io.Reader) (portfolio.Attachment, error) {
	if err := manifest.CheckName(name); err != nil {
		return portfolio.Attachment{}, err
	}
	kind, err := attachableKind(p, id)
	if err != nil {
		return portfolio.Attachment{}, err
	}
	br := bufio.NewReaderSize(r, 512)
	head, err := br.Peek(512)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return portfolio.Attachment{}, err
	}
	a := portfolio.Attachment{ID: ID(storage.NewID().String()), Record: id, Kind: kind, Name: name, MediaType: mediaType(name, head), Added: p.Now().UTC().Truncate(time.Microsecond)}
	staged, err := p.StageBlob(br)
	if err != nil {
		if errors.Is(err, storage.ErrTooLarge) {
			return portfolio.Attachment{}, fmt.Errorf("%w: %s is larger than %d MiB, the most folio keeps", portfolio.ErrInvalid, name, portfolio.MaxAttachmentSize>>20)
		}
		return portfolio.Attachment{}, err
	}
	if err := commitAttachment(p, &a, staged); err != nil {
		staged.Discard()
		return portfolio.Attachment{}, err
	}
	staged.Committed()
	return a, nil
}

// commitAttachment keeps the staged bytes and writes the manifest a, in one
// transaction, if its record is still there.
func commitAttachment(p *portfolio.Portfolio, a *portfolio.Attachment, staged *storage.Staged) error {
	return p.UpdateIfLive(a.Record, func(_ Kind, live bool, stx *storage.Tx) error {
		if !live { // deleted while the file was read
			return fmt.Errorf("%w: no %s %s", portfolio.ErrNotFound, a.Kind, a.Record)
		}
		return keep(stx, a, staged)
	})
}

// attachableKind is the kind of the live record id, if files can hang on it.
func attachableKind(p *portfolio.Portfolio, id ID) (Kind, error) {
	kind, live := p.LiveKind(id)
	if !live {
		return "", fmt.Errorf("%w: no record %s", portfolio.ErrNotFound, id)
	}
	if !manifest.Attachable(kind) {
		return "", portfolio.Invalid("files can be attached to entries, goals, actions, meetings and relationships, not to a %s", kind)
	}
	return kind, nil
}

// Attachments lists the attachments of the record id, or with id "" of every
// record, oldest first; those of records in the trash, and those removed to the
// trash on their own, are left out.
func Attachments(p *portfolio.Portfolio, id ID) ([]portfolio.Attachment, error) {
	return listAttachments(p, func(a *portfolio.Attachment) bool {
		return (id == "" || a.Record == id) && a.Removed.IsZero()
	}, func(tx *portfolio.Tx, a *portfolio.Attachment) bool {
		return isLive(tx, a.Record)
	})
}

// CountAttached counts the files attached to the records includes names, not
// removed to the trash on their own. Those records are live (a deletion's plan
// names them), so it reads the manifests alone, no record.
func CountAttached(p *portfolio.Portfolio, includes func(ID) bool) (int, error) {
	all, damaged, err := p.Manifests()
	if err != nil {
		return 0, err
	}
	if len(damaged) > 0 {
		return 0, damaged[0]
	}
	n := 0
	for _, a := range all {
		if a.Removed.IsZero() && includes(a.Record) {
			n++
		}
	}
	return n, nil
}

// RemovedAttachments lists the attachments removed to the trash on their own
// (RemoveAttachment), most recently removed first.
func RemovedAttachments(p *portfolio.Portfolio) ([]portfolio.Attachment, error) {
	removed, _, err := InTrash(p)
	return removed, err
}

// InTrash reads the attachments in the trash in one pass over the manifests:
// those removed on their own (as RemovedAttachments lists them), and, counted by
// record, those that went there with their record and are erased with it.
func InTrash(p *portfolio.Portfolio) (removed []portfolio.Attachment, with map[ID]int, err error) {
	var trashed map[ID]Kind
	var terr error
	with = map[ID]int{}
	removed, err = listAttachments(p, func(*portfolio.Attachment) bool {
		// Which records are in the trash takes a walk of the history's keys:
		// read once there is a file to ask it of, and never for a vault without.
		if trashed == nil && terr == nil {
			trashed, terr = p.TrashedKinds()
		}
		return terr == nil
	}, func(tx *portfolio.Tx, a *portfolio.Attachment) bool {
		_, inTrash := trashed[a.Record]
		if a.Removed.IsZero() {
			if inTrash {
				with[a.Record]++
			}
			return false
		}
		return inTrash || isLive(tx, a.Record)
	})
	if terr != nil {
		return nil, nil, terr
	}
	slices.SortStableFunc(removed, func(a, b portfolio.Attachment) int { return b.Removed.Compare(a.Removed) })
	return removed, with, err
}

// listAttachments lists, oldest first, the attachments want (if not nil) and
// keep accept; keep runs inside one View, so every record is seen as of one
// moment, and want before it, on the manifests alone.
func listAttachments(p *portfolio.Portfolio, want func(*portfolio.Attachment) bool, keep func(*portfolio.Tx, *portfolio.Attachment) bool) ([]portfolio.Attachment, error) {
	all, damaged, err := p.Manifests()
	if err != nil {
		return nil, err
	}
	if len(damaged) > 0 {
		return nil, damaged[0]
	}
	if want != nil {
		all = slices.DeleteFunc(all, func(a *portfolio.Attachment) bool { return !want(a) })
	}
	if len(all) == 0 {
		// Nothing to ask of the records in memory: showing an entry with no
		// file attached, or the trash of a vault without files, reads no row.
		return nil, nil
	}
	var out []portfolio.Attachment
	_ = p.View(func(tx *portfolio.Tx) error {
		for _, a := range all {
			if keep(tx, a) {
				out = append(out, *a)
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b portfolio.Attachment) int {
		if c := a.Added.Compare(b.Added); c != 0 {
			return c
		}
		return strings.Compare(string(a.ID), string(b.ID))
	})
	return out, nil
}

// isLive reports whether id is a live record.
func isLive(tx *portfolio.Tx, id ID) bool {
	_, ok := tx.Live(id)
	return ok
}

// ResolveAttachment finds the attachment whose ID starts with prefix, among those
// of live records.
func ResolveAttachment(p *portfolio.Portfolio, prefix string) (portfolio.Attachment, error) {
	a, err := resolveAttachment(prefix, func() ([]portfolio.Attachment, error) { return Attachments(p, "") })
	if errors.Is(err, errNoMatch) {
		// Say where it is rather than that it does not exist.
		if _, terr := resolveAttachment(prefix, func() ([]portfolio.Attachment, error) { return RemovedAttachments(p) }); terr == nil {
			return a, fmt.Errorf("%w: attachment %s is in the trash; folio attachment restore brings it back", portfolio.ErrNotFound, strings.TrimSpace(prefix))
		}
	}
	return a, err
}

// ResolveRemovedAttachment finds the attachment whose ID starts with prefix, among
// those removed to the trash on their own.
func ResolveRemovedAttachment(p *portfolio.Portfolio, prefix string) (portfolio.Attachment, error) {
	a, err := resolveAttachment(prefix, func() ([]portfolio.Attachment, error) { return RemovedAttachments(p) })
	if errors.Is(err, errNoMatch) {
		if kept, kerr := resolveAttachment(prefix, func() ([]portfolio.Attachment, error) { return Attachments(p, "") }); kerr == nil {
			return a, portfolio.Invalid("attachment %s (%s) is not in the trash: it is with %s %s", kept.ID.Short(), kept.Name, kept.Kind, kept.Record.Short())
		}
	}
	return a, err
}

// errNoMatch is resolveAttachment's error (a not-found) when no attachment's ID
// starts with the prefix; the callers look in the other list before they say so.
var errNoMatch = fmt.Errorf("%w", portfolio.ErrNotFound)

func resolveAttachment(prefix string, list func() ([]portfolio.Attachment, error)) (portfolio.Attachment, error) {
	want := strings.ToLower(strings.TrimSpace(prefix))
	if len(want) < portfolio.MinPrefix {
		return portfolio.Attachment{}, fmt.Errorf("%w: %q is too short to name an attachment; give at least %d characters of its ID", portfolio.ErrNotFound, prefix, portfolio.MinPrefix)
	}
	all, err := list()
	if err != nil {
		return portfolio.Attachment{}, err
	}
	var found []portfolio.Attachment
	for _, a := range all {
		if strings.HasPrefix(string(a.ID), want) {
			found = append(found, a)
		}
	}
	switch len(found) {
	case 0:
		return portfolio.Attachment{}, fmt.Errorf("%w: no attachment has an ID starting %q", errNoMatch, want)
	case 1:
		return found[0], nil
	}
	return portfolio.Attachment{}, fmt.Errorf("%w: more than one attachment has an ID starting %q; type more of the ID", portfolio.ErrAmbiguousID, want)
}

// RemoveAttachment moves the attachment id to the trash: it leaves its record's
// list, keeps its bytes, and comes back with RestoreAttachment until the trash is
// emptied or the retention period erases it.
func RemoveAttachment(p *portfolio.Portfolio, id ID) error {
	return markAttachment(p, id, true)
}

// RestoreAttachment brings the attachment id back from the trash to its record.
func RestoreAttachment(p *portfolio.Portfolio, id ID) error {
	return markAttachment(p, id, false)
}

func markAttachment(p *portfolio.Portfolio, id ID, remove bool) error {
	sid, err := storage.ParseID(string(id))
	if err != nil {
		return fmt.Errorf("%w: %w", portfolio.ErrNotFound, err)
	}
	all, _, err := p.Manifests()
	if err != nil {
		return err
	}
	var a *portfolio.Attachment
	for _, x := range all {
		if x.ID == id {
			a = x
		}
	}
	switch {
	case a == nil:
		return fmt.Errorf("%w: no attachment %s", portfolio.ErrNotFound, id)
	case remove && !a.Removed.IsZero():
		return fmt.Errorf("%w: attachment %s is in the trash already", portfolio.ErrNotFound, id)
	case !remove && a.Removed.IsZero():
		return portfolio.Invalid("attachment %s is not in the trash", id)
	}
	a.Removed = time.Time{}
	if remove {
		a.Removed = p.Now().UTC().Truncate(time.Microsecond)
	}
	return p.Update(func(tx *portfolio.Tx) error {
		stx, err := tx.Vault()
		if err != nil {
			return err
		}
		// The mark's clock orders it against other devices' marks (sync).
		dev, clock, err := stx.TickDevice()
		if err != nil {
			return err
		}
		a.SetMark(clock, dev)
		return stx.Put(manifest.Coll, sid, a.Encode())
	})
}
