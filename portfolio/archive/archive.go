// Package archive is folio's full archive (docs/EXPORT.md): every record of a
// vault, with its history and the names of its attachments, as one document;
// building it from a vault (Current, FullArchive, AddAttachments) and importing it
// into one (ImportArchive). Its file format, JSON and the .zip container, is
// portfolio/interchange's; what reaches the vault's maps and transactions is the
// core's (portfolio.Staged, portfolio.ImportTx, portfolio.KindRow); the staged copy
// an import checks against, and what it plans and writes in what order, are this
// package's (staged.go, Staging, plan.go).
package archive

import (
	"cmp"
	"slices"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive/precheck"
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
)

type (
	// ID is a record's ID.
	ID = portfolio.ID
	// Kind is a kind of record.
	Kind = portfolio.Kind
)

// Archive is the whole vault as exported. The vault's private sharing key is never in
// it: an archive is plaintext unless encrypted on export.
type Archive struct {
	Format     string             `json:"format"`
	Version    int                `json:"version"`
	ExportedAt time.Time          `json:"exported_at"`
	Settings   portfolio.Settings `json:"settings"`
	// TemplatesUsed lists the templates entries were written with. It is informative:
	// each entry keeps its own sections and field labels, so none is needed to read it.
	TemplatesUsed []TemplateUse            `json:"templates_used"`
	Entries       []portfolio.Entry        `json:"entries"`
	Goals         []portfolio.Goal         `json:"goals"`
	Actions       []portfolio.Action       `json:"actions"`
	Relationships []portfolio.Relationship `json:"relationships"`
	Meetings      []portfolio.Meeting      `json:"meetings"`
	Ratings       []portfolio.Rating       `json:"ratings"`
	Received      []portfolio.Received     `json:"received"`
	Contacts      []portfolio.Contact      `json:"contacts"`
	// Evaluations are the scheme questionnaires the user filled in, as kept in the
	// vault (not the anonymised copies an evaluation export makes).
	Evaluations []portfolio.Evaluation `json:"evaluations"`
	// History is every kept version of every record, those in the trash included
	// (version 2); nil in an archive of the current records alone.
	History []RecordHistory `json:"history,omitempty"`
	// Attachments name the files kept with the archive's records (version 3); their
	// bytes travel beside the archive in a .zip container, or not at all.
	Attachments []ArchivedAttachment `json:"attachments,omitempty"`

	// Name is the file it was read from, for errors.
	Name string `json:"-"`
	// Bodies, when set, reads the entries back whole: Entries then hold each
	// entry without its body, sections and fields, as interchange.ReadArchiveLight
	// reads a large file, and an import reads each whole when it checks and writes
	// it.
	Bodies Bodies `json:"-"`
	// Checked, with Bodies, are the entries' checks made as they were read
	// (precheck.New); nil for none.
	Checked *precheck.Checked `json:"-"`
}

// Bodies reads an archive's entries whole again, from the file they were read from.
type Bodies interface {
	// Entry is the archive's i-th entry, whole.
	Entry(i int) (*portfolio.Entry, error)
	// Size is about how many bytes the i-th entry takes, to size a batch.
	Size(i int) int
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

// lists are the archive's list of each kind it lists, by kind: its name in the
// file and its records. Settings and the history are not lists.
func lists(a *Archive) map[Kind]list {
	return map[Kind]list{
		portfolio.KindEntry:        listOf("entries", &a.Entries),
		portfolio.KindGoal:         listOf("goals", &a.Goals),
		portfolio.KindAction:       listOf("actions", &a.Actions),
		portfolio.KindRelationship: listOf("relationships", &a.Relationships),
		portfolio.KindMeeting:      listOf("meetings", &a.Meetings),
		portfolio.KindRating:       listOf("ratings", &a.Ratings),
		portfolio.KindReceived:     listOf("received", &a.Received),
		portfolio.KindContact:      listOf("contacts", &a.Contacts),
		portfolio.KindEvaluation:   listOf("evaluations", &a.Evaluations),
	}
}

// list is one kind's list in an archive.
type list struct {
	name string
	// records are pointers to copies of the list's records; add appends a copy of
	// rec with its times as the vault keeps them; sort orders the list oldest first.
	records func() []any
	add     func(rec any)
	sort    func()
}

func listOf[T any](name string, l *[]T) list {
	return list{
		name: name,
		records: func() []any {
			out := make([]any, len(*l))
			for i := range *l {
				c := (*l)[i]
				out[i] = &c
			}
			return out
		},
		add: func(rec any) {
			c := *rec.(*T)
			k, _ := portfolio.KindOfRecord(&c)
			created, updated := k.Times(&c)
			*created = vaultTime(*created)
			if updated != nil {
				*updated = vaultTime(*updated)
			}
			*l = append(*l, c)
		},
		sort: func() {
			if len(*l) == 0 {
				return
			}
			k, _ := portfolio.KindOfRecord(&(*l)[0])
			slices.SortFunc(*l, byCreated(func(x *T) time.Time { c, _ := k.Times(x); return *c }, func(x *T) ID { return k.ID(x) }))
		},
	}
}

// takeLists are a's lists with their records in place rather than copied, for an
// import that takes a (ImportArchiveTaking): the text of an entry written is
// cleared in place (portfolio.Staged.CommitBatch), which frees it.
func takeLists(a *Archive) map[Kind]list {
	ls := lists(a)
	for k, l := range ls {
		l.records = inPlace(a, k)
		ls[k] = l
	}
	return ls
}

// inPlace gives the records of kind's list in a as pointers to its elements.
func inPlace(a *Archive, kind Kind) func() []any {
	switch kind {
	case portfolio.KindEntry:
		return pointers(&a.Entries)
	case portfolio.KindGoal:
		return pointers(&a.Goals)
	case portfolio.KindAction:
		return pointers(&a.Actions)
	case portfolio.KindRelationship:
		return pointers(&a.Relationships)
	case portfolio.KindMeeting:
		return pointers(&a.Meetings)
	case portfolio.KindRating:
		return pointers(&a.Ratings)
	case portfolio.KindReceived:
		return pointers(&a.Received)
	case portfolio.KindContact:
		return pointers(&a.Contacts)
	}
	return pointers(&a.Evaluations)
}

func pointers[T any](l *[]T) func() []any {
	return func() []any {
		out := make([]any, len(*l))
		for i := range *l {
			out[i] = &(*l)[i]
		}
		return out
	}
}

// Current returns every current record of the vault, sorted oldest first, with
// times as the vault stores them, without the history (FullArchive adds it). One
// that cannot be read is left out and listed by the portfolio's Damaged.
func Current(p *portfolio.Portfolio) *Archive {
	a := &Archive{Format: ArchiveFormat, Version: archiveCurrentVersion, ExportedAt: vaultTime(p.Now())}
	ls := lists(a)
	a.Settings = p.EachRecord(func(rec any) {
		k, _ := portfolio.KindOfRecord(rec)
		ls[k.Kind()].add(rec)
	})
	uses := map[TemplateUse]int{}
	for _, e := range a.Entries {
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
	for _, l := range ls {
		l.sort()
	}
	a.Evaluations = archiveEvaluations(p)
	return a
}
