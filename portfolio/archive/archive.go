package portfolio

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// The full archive: every record of a vault as one JSON document that folio reads back
// losslessly and a third party can read and write from docs/EXPORT.md alone.
const (
	ArchiveFormat = "folio-archive"
	// ArchiveVersion is the newest archive version folio reads and writes: 2 carries
	// the history and the trash, 3 names attachments; an archive of the current
	// records alone is still written as version 1, one without attachments as 1 or
	// 2, which older folios read.
	ArchiveVersion = ArchiveVersionAttachments

	// MaxImportBytes caps a file read for import: a heavy career is about 20 MB of
	// entries, so anything past this is not a portfolio.
	MaxImportBytes = 512 << 20
)

// ErrMalformed means an import file could not be read as the format it claims. It is
// bad input: the error names the file and the position.
var ErrMalformed = fmt.Errorf("%w: malformed file", ErrInvalid)

// Archive is the whole vault as exported. The vault's private sharing key is never in
// it: an archive is plaintext unless encrypted on export.
type Archive struct {
	Format     string    `json:"format"`
	Version    int       `json:"version"`
	ExportedAt time.Time `json:"exported_at"`
	Settings   Settings  `json:"settings"`
	// TemplatesUsed lists the templates entries were written with. It is informative:
	// each entry keeps its own sections and field labels, so none is needed to read it.
	TemplatesUsed []TemplateUse  `json:"templates_used"`
	Entries       []Entry        `json:"entries"`
	Goals         []Goal         `json:"goals"`
	Actions       []Action       `json:"actions"`
	Relationships []Relationship `json:"relationships"`
	Meetings      []Meeting      `json:"meetings"`
	Ratings       []Rating       `json:"ratings"`
	Received      []Received     `json:"received"`
	Contacts      []Contact      `json:"contacts"`
	// Evaluations are the scheme questionnaires the user filled in, as kept in the
	// vault (not the anonymised copies an evaluation export makes).
	Evaluations []Evaluation `json:"evaluations"`
	// History is every kept version of every record, those in the trash included
	// (version 2); nil in an archive of the current records alone.
	History []RecordHistory `json:"history,omitempty"`
	// Attachments name the files kept with the archive's records (version 3); their
	// bytes travel beside the archive in a .zip container, or not at all.
	Attachments []ArchivedAttachment `json:"attachments,omitempty"`

	// Name is the file it was read from, for errors.
	Name string `json:"-"`
}

// TemplateUse is one template version and how many entries were written with it.
type TemplateUse struct {
	Name    string `json:"name"`
	Version int    `json:"version"`
	Entries int    `json:"entries"`
}

// vaultTime is a time as the vault keeps it: UTC, to the microsecond. Records saved in
// this run still carry nanoseconds in memory; the archive holds what a reopen reads.
func vaultTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.UnixMicro(t.UnixMicro()).UTC()
}

// byCreated orders records oldest first, so an archive reads as a history and two
// exports of the same vault are byte for byte the same but for exported_at.
func byCreated[T any](created func(*T) time.Time, id func(*T) ID) func(a, b T) int {
	return func(a, b T) int {
		if c := created(&a).Compare(created(&b)); c != 0 {
			return c
		}
		return cmp.Compare(id(&a), id(&b))
	}
}

// Archive returns every current record of the vault, sorted oldest first, with times
// as the vault stores them, without the history (FullArchive adds it). The slices'
// contents are shared with the vault: read only.
func (p *Portfolio) Archive() *Archive {
	p.mu.RLock()
	defer p.mu.RUnlock()
	a := &Archive{
		Format: ArchiveFormat, Version: archiveCurrentVersion, ExportedAt: vaultTime(p.now()),
		Settings: p.m.settings,
	}
	uses := map[TemplateUse]int{}
	for _, whole := range p.wholeEntries(p.byDate) {
		e := *whole
		e.Created, e.Updated = vaultTime(e.Created), vaultTime(e.Updated)
		a.Entries = append(a.Entries, e)
		if e.Template != "" {
			uses[TemplateUse{Name: e.Template, Version: e.TemplateVersion}]++
		}
	}
	for u, n := range uses {
		u.Entries = n
		a.TemplatesUsed = append(a.TemplatesUsed, u)
	}
	slices.SortFunc(a.TemplatesUsed, func(x, y TemplateUse) int {
		return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.Version, y.Version))
	})
	// Every other kind the portfolio keeps in memory, from the table.
	for _, s := range recordKinds() {
		if s.kind != KindEntry && s.export != nil {
			s.export(p, a)
		}
	}
	slices.SortFunc(a.Entries, byCreated(func(e *Entry) time.Time { return e.Created }, func(e *Entry) ID { return e.ID }))
	a.Evaluations = p.archiveEvaluations()
	return a
}
