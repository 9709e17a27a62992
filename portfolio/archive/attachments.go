package archive

import (
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio/attachment/manifest"

	"github.com/foliohq/folio/portfolio/validate"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/storage"
)

// Attachments in the archive (docs/EXPORT.md "attachments"). The archive names every
// attachment of the records it holds; the files themselves travel beside it, in the
// .zip container (interchange.WriteArchiveZip), one file per distinct content. A
// .json archive names them and leaves them out: importing it imports no attachment.

// ArchiveVersionAttachments is the archive version that carries attachments; an
// archive without any is written as before, so older folios read it.
const ArchiveVersionAttachments = 3

// ArchiveFilesDir is the folder of a .zip container that holds the attachments'
// files.
const ArchiveFilesDir = "attachments/"

// maxMediaType caps a media type read from an archive.
const maxMediaType = 255

// ArchivedAttachment is an attachment as an archive names it.
type ArchivedAttachment struct {
	ID        ID        `json:"id"`
	Record    ID        `json:"record"`
	Kind      Kind      `json:"kind"`
	Name      string    `json:"name"`
	MediaType string    `json:"media_type"`
	Size      int64     `json:"size"`
	Added     time.Time `json:"added"`
	Removed   time.Time `json:"removed,omitzero"`
	// File is the name of its bytes in a .zip container: attachments/ and 64 hex
	// digits. Attachments of the same content name the same file.
	File string `json:"file"`
}

// IsArchiveFileName reports whether name is the name of an attachment's file in a
// container: attachments/ and 64 lower-case hex digits, nothing else.
func IsArchiveFileName(name string) bool {
	h, ok := strings.CutPrefix(name, ArchiveFilesDir)
	if !ok || len(h) != 2*storage.HashSize {
		return false
	}
	for _, c := range h {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func archiveFileName(h storage.Hash) string { return ArchiveFilesDir + hex.EncodeToString(h[:]) }

// AddAttachments names in a the attachments of the records it holds: those of live
// records, and for an archive with history those of records in the trash and those
// removed to the trash on their own. An archive that gets any is version 3.
func AddAttachments(p *portfolio.Portfolio, a *Archive) error {
	kept, hashes, err := keptAttachments(p, a.History != nil)
	if err != nil {
		return err
	}
	a.Attachments = nil
	for i, x := range kept {
		a.Attachments = append(a.Attachments, ArchivedAttachment{
			ID: x.ID, Record: x.Record, Kind: x.Kind, Name: x.Name, MediaType: x.MediaType, Size: x.Size,
			Added: vaultTime(x.Added), Removed: vaultTime(x.Removed), File: archiveFileName(hashes[i]),
		})
	}
	sortAttachments(a.Attachments)
	if len(a.Attachments) > 0 {
		a.Version = ArchiveVersionAttachments
	}
	return nil
}

func sortAttachments(list []ArchivedAttachment) {
	byAdded := byCreated(func(x *ArchivedAttachment) time.Time { return x.Added }, func(x *ArchivedAttachment) ID { return x.ID })
	for i := 1; i < len(list); i++ { // few, and usually in order already
		for j := i; j > 0 && byAdded(list[j-1], list[j]) > 0; j-- {
			list[j-1], list[j] = list[j], list[j-1]
		}
	}
}

// ArchiveFiles lists the distinct files of a's attachments, with their sizes, in
// the order of the attachments that first name them.
func ArchiveFiles(a *Archive) (names []string, sizes map[string]int64) {
	sizes = map[string]int64{}
	for _, x := range a.Attachments {
		if _, ok := sizes[x.File]; !ok {
			names = append(names, x.File)
			sizes[x.File] = x.Size
		}
	}
	return names, sizes
}

// OpenArchiveFile streams the bytes of the attachments' file name, as AddAttachments
// named it, authenticating every chunk.
func OpenArchiveFile(p *portfolio.Portfolio, name string) (io.ReadCloser, error) {
	if !IsArchiveFileName(name) {
		return nil, fmt.Errorf("%w: no attached file %s", portfolio.ErrNotFound, name)
	}
	var h storage.Hash
	hex.Decode(h[:], []byte(strings.TrimPrefix(name, ArchiveFilesDir)))
	r, err := p.OpenFile(h)
	if err != nil {
		return nil, fmt.Errorf("attached file %s: %w", name, err)
	}
	return r, nil
}

// FileSource opens the files of an archive's attachments by name, for import: the
// .zip container they came in. Each reader yields exactly the file's bytes or fails.
type FileSource interface {
	Open(name string) (io.ReadCloser, error)
}

// checkArchivedAttachment refuses what a vault could not hold or a reader could not
// show inertly.
func (im *importer) checkArchivedAttachment(x *ArchivedAttachment, where string) error {
	for _, id := range []ID{x.ID, x.Record} {
		if sid, err := storage.ParseID(string(id)); err != nil || sid.String() != string(id) {
			return im.a.errorf(where, "the id %q is not a folio ID", id)
		}
	}
	if !manifest.Attachable(x.Kind) {
		return im.a.errorf(where, "files cannot hang on a %q", x.Kind)
	}
	if err := manifest.CheckName(x.Name); err != nil {
		return im.a.errorf(where, "%s", validate.Reason(err))
	}
	if len(x.MediaType) > maxMediaType || !utf8.ValidString(x.MediaType) || strings.ContainsFunc(x.MediaType, unicode.IsControl) {
		return im.a.errorf(where, "the media type is not a short line of text")
	}
	if x.Size < 0 || x.Size > portfolio.MaxAttachmentSize {
		return im.a.errorf(where, "the size %d is not between 0 and %d MiB", x.Size, portfolio.MaxAttachmentSize>>20)
	}
	if x.Added.IsZero() {
		return im.a.errorf(where, "has no time it was added")
	}
	if !IsArchiveFileName(x.File) {
		return im.a.errorf(where, "the file %q is not attachments/ and 64 hex digits", x.File)
	}
	return nil
}

// archiveRecordKinds names every record the vault will hold after the import, live
// or in the trash, by kind.
func (im *importer) archiveRecordKinds() map[ID]Kind {
	out := map[ID]Kind{}
	for id, k := range im.vaultKinds {
		out[id] = Kind(k)
	}
	for id, k := range im.trashed {
		out[id] = k
	}
	for _, h := range im.a.History {
		out[h.ID] = h.Kind
	}
	a := im.a
	for i := range a.Entries {
		out[a.Entries[i].ID] = portfolio.KindEntry
	}
	for i := range a.Goals {
		out[a.Goals[i].ID] = portfolio.KindGoal
	}
	for i := range a.Actions {
		out[a.Actions[i].ID] = portfolio.KindAction
	}
	for i := range a.Relationships {
		out[a.Relationships[i].ID] = portfolio.KindRelationship
	}
	for i := range a.Meetings {
		out[a.Meetings[i].ID] = portfolio.KindMeeting
	}
	return out
}

// stageAttachments checks the archive's attachments and, with files, reads the
// bytes of those the vault lacks into it, staged until the import commits. Without
// files (a .json archive) the attachments are counted as left out. The caller
// holds p.mu.
func (im *importer) stageAttachments(files FileSource) error {
	if len(im.a.Attachments) == 0 {
		return nil
	}
	have, err := vaultManifests(im.p)
	if err != nil {
		return err
	}
	inVault := map[ID]*portfolio.Attachment{}
	for _, x := range have {
		inVault[x.ID] = x
	}
	kinds := im.archiveRecordKinds()
	seen := map[ID]bool{}
	sizes := map[string]int64{}
	// byFile are the manifests to write by the file that holds their bytes.
	byFile := map[string][]*portfolio.Attachment{}
	c := im.rep.Counts["attachments"]
	for i := range im.a.Attachments {
		x := &im.a.Attachments[i]
		where := fmt.Sprintf("attachments[%d]", i)
		if err := im.checkArchivedAttachment(x, where); err != nil {
			return err
		}
		if seen[x.ID] {
			return im.a.errorf(where, "the id %s names two attachments", x.ID)
		}
		seen[x.ID] = true
		if k, ok := kinds[x.Record]; !ok || k != x.Kind {
			return im.a.errorf(where, "is attached to %s %s, which is neither in the archive nor in the vault", x.Kind, x.Record)
		}
		if n, ok := sizes[x.File]; ok && n != x.Size {
			return im.a.errorf(where, "names the file %s with %d bytes, and another attachment with %d", x.File, x.Size, n)
		}
		sizes[x.File] = x.Size
		if old, ok := inVault[x.ID]; ok {
			if old.Record == x.Record && old.Name == x.Name && old.Size == x.Size && old.MediaType == x.MediaType && old.Removed.Equal(x.Removed) {
				c.Unchanged++
			} else {
				c.Kept++ // manifests are never edited but to remove: the vault's stands
			}
			continue
		}
		if files == nil {
			im.rep.AttachmentsLeftOut++
			continue
		}
		c.Added++
		m := &portfolio.Attachment{ID: x.ID, Record: x.Record, Kind: x.Kind, Name: x.Name, MediaType: x.MediaType, Size: x.Size, Added: x.Added.UTC(), Removed: x.Removed.UTC()}
		byFile[x.File] = append(byFile[x.File], m)
	}
	// Every check has passed: now the bytes, a file at a time, a few chunks in memory.
	// Files staged are given back if the import fails (portfolio.Stage).
	done := map[string]bool{}
	for _, x := range im.a.Attachments {
		ms, want := byFile[x.File]
		if !want || done[x.File] {
			continue
		}
		done[x.File] = true
		if err := im.stageFile(files, x.File, x.Size); err != nil {
			return err
		}
		for _, m := range ms {
			im.sg.WriteAttachment(m, x.File)
		}
	}
	return nil
}

// stageFile reads one file of the container into the vault.
func (im *importer) stageFile(files FileSource, name string, size int64) error {
	r, err := files.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	n, err := im.sg.StageFile(name, r)
	if err != nil {
		return fmt.Errorf("%w: %s: %s: %w", portfolio.ErrMalformed, im.a.Name, name, err)
	}
	if n != size {
		return fmt.Errorf("%w: %s: %s holds %d bytes, and the archive says %d", portfolio.ErrMalformed, im.a.Name, name, n, size)
	}
	return nil
}

// keptAttachments lists the attachments an archive names: those of live records,
// and with trash those of records in the trash and those removed to the trash on
// their own. Each comes with the hash that names its file.
func keptAttachments(p *portfolio.Portfolio, trash bool) ([]portfolio.Attachment, []storage.Hash, error) {
	all, damaged, err := p.Manifests()
	if err != nil {
		return nil, nil, err
	}
	if len(damaged) > 0 {
		return nil, nil, damaged[0]
	}
	trashed := map[portfolio.ID]portfolio.Kind{}
	if trash {
		if trashed, err = p.TrashedKinds(); err != nil {
			return nil, nil, err
		}
	}
	var out []portfolio.Attachment
	var hashes []storage.Hash
	err = p.View(func(tx *portfolio.Tx) error {
		for _, x := range all {
			_, inTrash := trashed[x.Record]
			if _, live := tx.Live(x.Record); !live && !inTrash || !x.Removed.IsZero() && !trash {
				continue
			}
			out = append(out, *x)
			hashes = append(hashes, x.Hash())
		}
		return nil
	})
	return out, hashes, err
}

// vaultManifests are every attachment manifest in the vault; a damaged one fails.
func vaultManifests(p *portfolio.Portfolio) ([]*portfolio.Attachment, error) {
	have, damaged, err := p.Manifests()
	if err != nil {
		return nil, err
	}
	if len(damaged) > 0 {
		return nil, damaged[0]
	}
	return have, nil
}
