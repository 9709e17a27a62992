package portfolio

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/foliohq/folio/storage"
)

// Import kinds, in the order a report lists them.
var importKinds = []string{"entries", "goals", "actions", "relationships", "meetings", "ratings", "received documents", "contacts", "evaluations", "settings", "attachments"}

// ImportCounts are what became of the records of one kind.
type ImportCounts struct {
	// Added are new to the vault; Replaced were in it under the same ID and the
	// archive's copy was updated later; Unchanged were already there as they are;
	// Kept were in the vault under the same ID, with the vault's copy kept because it
	// was updated at the same time or later.
	Added, Replaced, Unchanged, Kept int
	// Versions are the versions an archive's history added to the vault's.
	Versions int
}

// ImportReport says what an import did. Nothing is changed unless it returns no error.
type ImportReport struct {
	Counts map[string]*ImportCounts
	// Skipped names files of a folder that were not imported, and why.
	Skipped []string
	// AttachmentsLeftOut counts the attachments an archive names without their
	// files (a .json archive), which were not imported.
	AttachmentsLeftOut int
}

func newReport() *ImportReport {
	r := &ImportReport{Counts: map[string]*ImportCounts{}}
	for _, k := range importKinds {
		r.Counts[k] = &ImportCounts{}
	}
	return r
}

// Changed is how many records the import wrote.
func (r *ImportReport) Changed() int {
	n := 0
	for _, c := range r.Counts {
		n += c.Added + c.Replaced + c.Versions
	}
	return n
}

// Lines says what was done, one line per kind that had records.
func (r *ImportReport) Lines() []string {
	var out []string
	for _, k := range importKinds {
		c := r.Counts[k]
		var parts []string
		for _, n := range []struct {
			n    int
			what string
		}{{c.Added, "added"}, {c.Replaced, "replaced by a newer copy"}, {c.Unchanged, "already in the vault"}, {c.Kept, "kept as in the vault, which has the same or a newer copy"}} {
			if n.n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n.n, n.what))
			}
		}
		if c.Versions > 0 {
			parts = append(parts, versionsAdded(c.Versions))
		}
		if len(parts) > 0 {
			out = append(out, k+": "+strings.Join(parts, ", "))
		}
	}
	if len(out) == 0 {
		out = append(out, "nothing to import")
	}
	if n := r.AttachmentsLeftOut; n > 0 {
		out = append(out, fmt.Sprintf("not imported: %d attached file%s the archive names but does not hold (a .json archive leaves them out; import the .zip export to bring them)", n, map[bool]string{true: "", false: "s"}[n == 1]))
	}
	for _, s := range r.Skipped {
		out = append(out, "not imported: "+s)
	}
	return out
}

func versionsAdded(n int) string {
	if n == 1 {
		return "1 version added to the history"
	}
	return fmt.Sprintf("%d versions added to the history", n)
}

// plan is what an import will write: every record in its final form.
type plan struct {
	entries  []*Entry
	goals    []*Goal
	actions  []*Action
	rels     []*Relationship
	meetings []*Meeting
	ratings  []*Rating
	received []*Received
	contacts []*Contact
	// evaluations are not kept in memory: written, never applied.
	evaluations []*Evaluation
	settings    *Settings
	// att are an archive's attachments, with their staged bytes; nil for none.
	att *attImport
}

// stage is a copy of the vault's maps that an import adds its records to, so the
// same validation as Add* checks every link against the vault and the import together.
func (p *Portfolio) stage() *Portfolio {
	m := newMentoring()
	m.relationships = maps.Clone(p.m.relationships)
	m.meetings = maps.Clone(p.m.meetings)
	m.ratings = maps.Clone(p.m.ratings)
	m.settings = p.m.settings
	return &Portfolio{
		now: p.now, entries: maps.Clone(p.entries), goals: maps.Clone(p.goals),
		actions: maps.Clone(p.actions), m: m, received: maps.Clone(p.received),
		contacts: maps.Clone(p.contacts),
	}
}

// ImportArchive adds an archive's records to the vault, keeping their IDs, times and
// links. Everything is validated first, as Add* would, with links checked against the
// vault and the archive together; then every record is written in one transaction,
// so either all are saved or none is.
//
// A record whose ID is already in the vault is left alone when it is the same
// (importing an archive twice adds nothing), replaces the vault's copy when its
// updated time is later, and otherwise the vault's copy is kept. Ratings and received
// documents are never edited, so a different one under the same ID keeps the vault's.
// Settings are taken from the archive only when the vault has none of its own.
//
// A record with a history in the archive is merged by its versions instead
// (archive_merge.go): the versions the vault lacks are added, and the newest of all
// is the current one.
func (p *Portfolio) ImportArchive(a *Archive) (*ImportReport, error) {
	return p.ImportArchiveFiles(a, nil)
}

// ImportArchiveFiles is ImportArchive with the files of the archive's attachments,
// from files (a .zip container): the attachments the vault lacks are added with
// their bytes, read a few chunks at a time, in the same transaction as the records.
// An attachment already in the vault under the same ID is left alone. With files nil
// the attachments are left out, and the report says how many.
func (p *Portfolio) ImportArchiveFiles(a *Archive, files FileSource) (*ImportReport, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	im := p.newImporter(a)
	// Evaluations' IDs in the vault and the trash are read first, so that every
	// kind's IDs are checked against them too.
	if err := im.readEvaluations(); err != nil {
		return nil, err
	}
	if err := im.readTrash(); err != nil {
		return nil, err
	}
	if err := im.indexHistory(); err != nil {
		return nil, err
	}
	if err := im.stageEvaluations(); err != nil {
		return nil, err
	}
	// First decide what each record becomes and stage the ones to write, so that the
	// validation sees every link's target whatever order the archive lists them.
	if err := im.stageRecords(); err != nil {
		return nil, err
	}
	if err := im.stageMentoring(); err != nil {
		return nil, err
	}
	if err := im.stageSettings(); err != nil {
		return nil, err
	}
	if err := im.validate(); err != nil {
		return nil, err
	}
	if err := im.stageHistory(); err != nil {
		return nil, err
	}
	// Last, once every record has passed: the attachments' bytes are the slow part.
	if err := im.stageAttachments(files); err != nil {
		return nil, err
	}
	im.pl.att = &im.att
	if err := p.commitArchive(im); err != nil {
		im.att.discard()
		return nil, err
	}
	im.att.committed()
	return im.rep, nil
}

// importer is one ImportArchive under way: the archive, a staged copy of the vault
// that the archive's records are added to, the plan of what to write and the report.
type importer struct {
	p, st *Portfolio
	a     *Archive
	rep   *ImportReport
	pl    *plan
	// held are the archive's records the vault holds under the same ID and keeps
	// (the same, or not newer): not written, but validated all the same, so that a
	// bad archive is refused whichever records it repeats.
	held *plan
	now  time.Time
	// vaultKinds names the kind of every record in the vault by ID; seen is where in
	// the archive each ID was met; where is each planned record's place in the archive.
	vaultKinds map[ID]string
	seen       map[ID]string
	where      map[any]string
	// sources are the vault's imported entries by the source entry they came from.
	sources map[string]ID
	// trashed names the records in the vault's trash; h is the archive's history.
	trashed map[ID]Kind
	h       histImport
	// evaluations are the vault's questionnaires, read for the import.
	evaluations map[ID]*Evaluation
	// att are the attachments to write.
	att attImport
}

func (p *Portfolio) newImporter(a *Archive) *importer {
	im := &importer{
		p: p, st: p.stage(), a: a, rep: newReport(), pl: &plan{}, held: &plan{}, now: p.now().UTC(),
		vaultKinds: map[ID]string{}, seen: map[ID]string{}, where: map[any]string{}, sources: map[string]ID{},
	}
	for id, ix := range p.entries {
		if src := ix.meta().Source; src != "" {
			im.sources[src] = id
		}
	}
	for _, k := range []struct {
		kind string
		ids  func(func(ID) bool)
	}{
		{"entry", keys(p.entries)}, {"goal", keys(p.goals)}, {"action", keys(p.actions)},
		{"relationship", keys(p.m.relationships)}, {"meeting", keys(p.m.meetings)},
		{"rating", keys(p.m.ratings)}, {"received document", keys(p.received)},
		{"contact", keys(p.contacts)},
	} {
		for id := range k.ids {
			im.vaultKinds[id] = k.kind
		}
	}
	return im
}

// checkID refuses an ID that is malformed, repeated in the archive, or in the vault
// as another kind of record; it reports whether the vault has it.
func (im *importer) checkID(id ID, kind, where string) (bool, error) {
	// Only the canonical lower-case form: another spelling of the same ID would be
	// stored under the same key but read back differently.
	if sid, err := storage.ParseID(string(id)); err != nil || sid.String() != string(id) {
		return false, im.a.errorf(where, "the id %q is not a folio ID (16 lower-case characters of 0-9 and a-z but i, l, o, u)", id)
	}
	if other, dup := im.seen[id]; dup {
		return false, im.a.errorf(where, "the id %s is also used by %s", id, other)
	}
	im.seen[id] = where
	if k, ok := im.vaultKinds[id]; ok {
		if k != kind {
			return false, im.a.errorf(where, "the id %s names a %s in the vault, not a %s", id, k, kind)
		}
		return true, nil
	}
	return false, nil
}

// decide counts what a record becomes and reports whether it is to be written.
func (im *importer) decide(counts string, inVault, same, newer bool) bool {
	c := im.rep.Counts[counts]
	switch {
	case !inVault:
		c.Added++
	case same:
		c.Unchanged++
	case newer:
		c.Replaced++
	default:
		c.Kept++
	}
	return !inVault || (!same && newer)
}

// importList describes one list of an archive for stageList.
type importList[T any] struct {
	records []T
	name    string // the list's name in the archive, as in "entries[3]"
	kind    string // one record's kind, as messages name it
	counts  string // the report's key
	id      func(*T) ID
	// held, if set, says the vault holds the record under another ID: an entry
	// imported from the same source entry on another device.
	held   func(*T) bool
	times  func(*T)    // fills unset times, as Add* would, in UTC
	old    func(ID) *T // the vault's copy of a record it has
	encode func(*T) []byte
	// updated is when a record was last changed; nil for records that are never
	// edited, so that the vault's copy is always kept.
	updated func(*T) time.Time
	stage   func(*T) // adds a record to the staged vault
}

// stageList decides what each record of a list becomes and stages the ones to write;
// the ones the vault keeps are returned in held, for validation.
func stageList[T any](im *importer, l importList[T], held *[]*T) ([]*T, error) {
	var out []*T
	for i := range l.records {
		x := l.records[i]
		where := fmt.Sprintf("%s[%d]", l.name, i)
		inVault, err := im.checkID(l.id(&x), l.kind, where)
		if err != nil {
			return nil, err
		}
		l.times(&x)
		im.where[&x] = where
		if took, err := listedWithHistory(im, l, &x, where, held); took || err != nil {
			if err != nil {
				return nil, err
			}
			continue
		}
		if !inVault && l.held != nil && l.held(&x) {
			im.rep.Counts[l.counts].Unchanged++
			*held = append(*held, &x)
			continue
		}
		var same, newer bool
		if inVault {
			old := l.old(l.id(&x))
			same = bytes.Equal(l.encode(&x), l.encode(old))
			newer = l.updated != nil && l.updated(&x).After(l.updated(old))
		}
		if im.decide(l.counts, inVault, same, newer) {
			l.stage(&x)
			out = append(out, &x)
		} else {
			*held = append(*held, &x)
		}
	}
	return out, nil
}

// stageRecords stages the archive's entries, goals and actions.
func (im *importer) stageRecords() error {
	p, st, pl := im.p, im.st, im.pl
	var err error
	if pl.entries, err = stageList(im, importList[Entry]{
		records: im.a.Entries, name: "entries", kind: "entry", counts: "entries",
		id: func(e *Entry) ID { return e.ID },
		held: func(e *Entry) bool {
			_, ok := im.sources[e.Source]
			return e.Source != "" && ok
		},
		times: func(e *Entry) { setTimes(&e.Created, &e.Updated, im.now) },
		old: func(id ID) *Entry {
			// A record that cannot be read is compared by its catalogue row.
			if e := p.whole(p.entries[id]); e != nil {
				return e
			}
			return p.entries[id].meta()
		},
		encode:  encodeEntry,
		updated: func(e *Entry) time.Time { return e.Updated },
		stage:   func(e *Entry) { st.entries[e.ID] = metaIndexed(e) },
	}, &im.held.entries); err != nil {
		return err
	}
	if pl.goals, err = stageList(im, importList[Goal]{
		records: im.a.Goals, name: "goals", kind: "goal", counts: "goals",
		id:      func(g *Goal) ID { return g.ID },
		times:   func(g *Goal) { setTimes(&g.Created, &g.Updated, im.now) },
		old:     func(id ID) *Goal { return p.goals[id] },
		encode:  encodeGoal,
		updated: func(g *Goal) time.Time { return g.Updated },
		stage:   func(g *Goal) { st.goals[g.ID] = g },
	}, &im.held.goals); err != nil {
		return err
	}
	pl.actions, err = stageList(im, importList[Action]{
		records: im.a.Actions, name: "actions", kind: "action", counts: "actions",
		id:      func(x *Action) ID { return x.ID },
		times:   func(x *Action) { setTimes(&x.Created, &x.Updated, im.now) },
		old:     func(id ID) *Action { return p.actions[id] },
		encode:  encodeAction,
		updated: func(x *Action) time.Time { return x.Updated },
		stage:   func(x *Action) { st.actions[x.ID] = x },
	}, &im.held.actions)
	return err
}

// stageMentoring stages the archive's relationships, meetings, ratings and received
// documents.
func (im *importer) stageMentoring() error {
	p, st, pl := im.p, im.st, im.pl
	var err error
	if pl.rels, err = stageList(im, importList[Relationship]{
		records: im.a.Relationships, name: "relationships", kind: "relationship", counts: "relationships",
		id:      func(r *Relationship) ID { return r.ID },
		times:   func(r *Relationship) { setTimes(&r.Created, &r.Updated, im.now) },
		old:     func(id ID) *Relationship { return p.m.relationships[id] },
		encode:  encodeRelationship,
		updated: func(r *Relationship) time.Time { return r.Updated },
		stage:   func(r *Relationship) { st.m.relationships[r.ID] = r },
	}, &im.held.rels); err != nil {
		return err
	}
	if pl.meetings, err = stageList(im, importList[Meeting]{
		records: im.a.Meetings, name: "meetings", kind: "meeting", counts: "meetings",
		id:      func(m *Meeting) ID { return m.ID },
		times:   func(m *Meeting) { setTimes(&m.Created, &m.Updated, im.now) },
		old:     func(id ID) *Meeting { return p.m.meetings[id] },
		encode:  encodeMeeting,
		updated: func(m *Meeting) time.Time { return m.Updated },
		stage:   func(m *Meeting) { st.m.meetings[m.ID] = m },
	}, &im.held.meetings); err != nil {
		return err
	}
	if pl.ratings, err = stageList(im, importList[Rating]{
		records: im.a.Ratings, name: "ratings", kind: "rating", counts: "ratings",
		id:     func(r *Rating) ID { return r.ID },
		times:  func(r *Rating) { r.Created = orNow(r.Created, im.now) },
		old:    func(id ID) *Rating { return p.m.ratings[id] },
		encode: encodeRating,
		stage:  func(r *Rating) { st.m.ratings[r.ID] = r },
	}, &im.held.ratings); err != nil {
		return err
	}
	pl.received, err = stageList(im, importList[Received]{
		records: im.a.Received, name: "received", kind: "received document", counts: "received documents",
		id:     func(d *Received) ID { return d.ID },
		times:  func(d *Received) { d.ReceivedAt = orNow(d.ReceivedAt, im.now) },
		old:    func(id ID) *Received { return p.received[id] },
		encode: encodeReceived,
		stage:  func(d *Received) { st.received[d.ID] = d },
	}, &im.held.received)
	if err != nil {
		return err
	}
	pl.contacts, err = stageList(im, importList[Contact]{
		records: im.a.Contacts, name: "contacts", kind: "contact", counts: "contacts",
		id:      func(c *Contact) ID { return c.ID },
		times:   func(c *Contact) { setTimes(&c.Created, &c.Updated, im.now) },
		old:     func(id ID) *Contact { return p.contacts[id] },
		encode:  encodeContact,
		updated: func(c *Contact) time.Time { return c.Updated },
		stage:   func(c *Contact) { st.contacts[c.ID] = c },
	}, &im.held.contacts)
	return err
}

// orNow is t in UTC, or now when t is unset.
func orNow(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t.UTC()
}

// stageSettings takes the archive's settings when the vault has none. They are
// compared as they would be saved, so ones that normalise to nothing are not "added"
// again by every import.
func (im *importer) stageSettings() error {
	s := im.a.Settings
	s.Topics = slices.Clone(s.Topics)
	if err := validateSettings(&s); err != nil {
		return im.a.errorf("settings", "%s", reason(err))
	}
	if settingsEmpty(s) || im.h.settings != nil {
		// Settings with a history are merged by it (checkCurrent, mergeHistory).
		return nil
	}
	c := im.rep.Counts["settings"]
	switch {
	case settingsEmpty(im.p.m.settings):
		c.Added++
		im.pl.settings = &s
	case bytes.Equal(encodeSettings(&s), encodeSettings(&im.p.m.settings)):
		c.Unchanged++
	default:
		c.Kept++
	}
	return nil
}

// validate checks what will be written against the staged vault, in the order links
// depend on least.
func (im *importer) validate() error {
	if err := im.validatePlan(im.pl); err != nil {
		return err
	}
	return im.validatePlan(im.held)
}

// validatePlan checks a plan's records against the staged vault.
func (im *importer) validatePlan(pl *plan) error {
	st := im.st
	relID := func(r *Relationship) ID { return r.ID }
	if err := validateList(im, pl.rels, relID, func(r *Relationship) error {
		if err := st.validateRelationship(r); err != nil {
			return err
		}
		return CheckDate("date ended", r.EndedOn, false)
	}); err != nil {
		return err
	}
	if err := validateList(im, pl.goals, func(g *Goal) ID { return g.ID }, st.validateGoal); err != nil {
		return err
	}
	if err := validateList(im, pl.actions, func(x *Action) ID { return x.ID }, st.validateImportedAction); err != nil {
		return err
	}
	if err := validateList(im, pl.entries, func(e *Entry) ID { return e.ID }, func(e *Entry) error {
		if err := st.validateEntry(e); err != nil {
			return err
		}
		if e.TemplateVersion < 0 {
			return invalid("the template version %d is negative", e.TemplateVersion)
		}
		return nil
	}); err != nil {
		return err
	}
	if err := validateList(im, pl.meetings, func(m *Meeting) ID { return m.ID }, st.validateMeeting); err != nil {
		return err
	}
	if err := validateList(im, pl.ratings, func(r *Rating) ID { return r.ID }, st.validateRating); err != nil {
		return err
	}
	if err := validateList(im, pl.received, func(d *Received) ID { return d.ID }, st.validateReceived); err != nil {
		return err
	}
	if err := validateList(im, pl.contacts, func(c *Contact) ID { return c.ID }, st.validateContact); err != nil {
		return err
	}
	return validateList(im, pl.evaluations, func(e *Evaluation) ID { return e.ID }, st.validateEvaluation)
}

// validateList validates each planned record, naming its place in the archive and
// its ID in the error.
func validateList[T any](im *importer, list []*T, id func(*T) ID, valid func(*T) error) error {
	for _, x := range list {
		if err := valid(x); err != nil {
			return im.a.errorf(im.where[x]+" (id "+string(id(x))+")", "%s", reason(err))
		}
	}
	return nil
}

// setTimes fills unset times as Add* would and keeps set ones, in UTC.
func setTimes(created, updated *time.Time, now time.Time) {
	if created.IsZero() {
		*created = now
	}
	if updated.IsZero() {
		*updated = *created
	}
	*created, *updated = created.UTC(), updated.UTC()
}

func settingsEmpty(s Settings) bool {
	return s.Organisation == "" && s.RenewalDate.IsZero() && len(s.Topics) == 0
}

// reason is a validation error's sentence without the sentinel's prefix, which the
// wrapping import error carries already.
func reason(err error) string {
	s := err.Error()
	for _, e := range []error{ErrInvalid, ErrInvalidDate, ErrUnknownFunction, ErrNotFound} {
		s = strings.TrimPrefix(s, e.Error()+": ")
	}
	return s
}

// errorf makes an error naming the archive and the record.
func (a *Archive) errorf(where, format string, args ...any) error {
	name := a.Name
	if name == "" {
		name = "the archive"
	}
	return fmt.Errorf("%w: %s: %s: %s", ErrMalformed, name, where, fmt.Sprintf(format, args...))
}

func (p *Portfolio) validateImportedAction(x *Action) error {
	if err := p.validateAction(x); err != nil {
		return err
	}
	if x.MeetingID != "" {
		if _, ok := p.m.meetings[x.MeetingID]; !ok {
			return fmt.Errorf("%w: no meeting %s", ErrNotFound, x.MeetingID)
		}
	}
	return CheckDate("date done", x.DoneOn, false)
}

// validateMeeting checks a whole meeting as RecordMeeting and SaveAgenda check the
// parts they write.
func (p *Portfolio) validateMeeting(m *Meeting) error {
	if _, ok := p.m.relationships[m.RelationshipID]; !ok {
		return fmt.Errorf("%w: no relationship %s", ErrNotFound, m.RelationshipID)
	}
	if err := CheckDate("meeting date", m.Date, true); err != nil {
		return err
	}
	if m.Held && m.Date > p.Today()+1 {
		return fmt.Errorf("%w: the meeting date %s is in the future, but the meeting is marked held", ErrInvalidDate, m.Date)
	}
	if m.Format == 0 {
		m.Format = FormatOneToOne
	}
	if m.Format.String() == "" {
		return invalid("meeting format %d is unknown", m.Format)
	}
	if err := CheckDate("next meeting date", m.NextDate, false); err != nil {
		return err
	}
	var err error
	if m.Agenda, err = p.validateAgenda(m.Agenda); err != nil {
		return err
	}
	if len(m.Agenda) == 0 {
		m.Agenda = nil
	}
	for i := range m.Notes {
		s := &m.Notes[i]
		if s.Heading, err = CleanLine("notes heading", s.Heading, MaxTitleRunes, true); err != nil {
			return err
		}
		if s.Body, err = cleanText("notes under "+s.Heading, s.Body); err != nil {
			return err
		}
	}
	if m.Topics, err = NormalizeTags(m.Topics); err != nil {
		return err
	}
	if m.MenteeActions, err = menteeActions(m.MenteeActions); err != nil {
		return err
	}
	for _, id := range m.AgreedActionIDs {
		if _, ok := p.actions[id]; !ok {
			return fmt.Errorf("%w: no agreed action %s", ErrNotFound, id)
		}
	}
	return nil
}

func (p *Portfolio) validateReceived(d *Received) error {
	if d.RelationshipID != "" {
		if _, ok := p.m.relationships[d.RelationshipID]; !ok {
			return fmt.Errorf("%w: no relationship %s", ErrNotFound, d.RelationshipID)
		}
	}
	var err error
	if d.Title, err = CleanLine("title", d.Title, MaxTitleRunes, false); err != nil {
		return err
	}
	if !utf8.ValidString(d.Body) || !utf8.ValidString(d.FileName) {
		return invalid("the document is not valid UTF-8 text")
	}
	switch d.MediaType {
	case "", MediaHTML:
		if len(d.Data) > 0 {
			return invalid("only a PDF document has data; this one is %q", d.MediaType)
		}
	case MediaPDF:
		if !bytes.HasPrefix(d.Data, []byte("%PDF-")) || d.Body != "" {
			return invalid("a PDF document's data must be a PDF, and it has no body")
		}
		if len(d.Data) > MaxReceivedBytes {
			return invalid("the document is %d bytes; the most is %d MiB", len(d.Data), MaxReceivedBytes>>20)
		}
	default:
		return invalid("the media type %q is not one folio keeps (%s or %s)", d.MediaType, MediaHTML, MediaPDF)
	}
	if len(d.Body) > MaxReceivedBytes {
		return invalid("the document is %d bytes; the most is %d MiB", len(d.Body), MaxReceivedBytes>>20)
	}
	if len(d.FileName) > 1024 {
		return invalid("the file name is %d bytes long", len(d.FileName))
	}
	return nil
}

// commit writes a validated plan in one transaction, then updates the in-memory maps
// and the index. The caller holds p.mu.
func (p *Portfolio) commit(pl *plan) error {
	if len(pl.rels)+len(pl.goals)+len(pl.actions)+len(pl.entries)+len(pl.meetings)+len(pl.ratings)+len(pl.received)+len(pl.contacts)+len(pl.evaluations) == 0 && pl.settings == nil && (pl.att == nil || len(pl.att.manifests) == 0) {
		// Nothing to write: not even an empty transaction touches the file.
		return nil
	}
	if err := p.update(func(tx *storage.Tx) error { return p.writePlan(tx, pl) }); err != nil {
		return err
	}
	p.applyPlan(pl)
	return nil
}

// putAll writes each record of list into the collection coll.
func putAll[T any](tx *storage.Tx, coll string, list []*T, id func(*T) ID, encode func(*T) []byte) error {
	for _, x := range list {
		sid, err := storageID(id(x))
		if err != nil {
			return err
		}
		if err := tx.Put(coll, sid, encode(x)); err != nil {
			return err
		}
	}
	return nil
}

// writePlan puts every record of the plan in tx.
func (p *Portfolio) writePlan(tx *storage.Tx, pl *plan) error {
	if err := putAll(tx, collRelationships, pl.rels, func(r *Relationship) ID { return r.ID }, encodeRelationship); err != nil {
		return err
	}
	if err := putAll(tx, collGoals, pl.goals, func(g *Goal) ID { return g.ID }, encodeGoal); err != nil {
		return err
	}
	if err := putAll(tx, collActions, pl.actions, func(x *Action) ID { return x.ID }, encodeAction); err != nil {
		return err
	}
	if err := putAll(tx, collEntries, pl.entries, func(e *Entry) ID { return e.ID }, encodeEntry); err != nil {
		return err
	}
	if err := putAll(tx, collMeetings, pl.meetings, func(m *Meeting) ID { return m.ID }, encodeMeeting); err != nil {
		return err
	}
	if err := putAll(tx, collRatings, pl.ratings, func(r *Rating) ID { return r.ID }, encodeRating); err != nil {
		return err
	}
	if err := putAll(tx, collReceived, pl.received, func(d *Received) ID { return d.ID }, encodeReceived); err != nil {
		return err
	}
	if err := putAll(tx, collContacts, pl.contacts, func(c *Contact) ID { return c.ID }, encodeContact); err != nil {
		return err
	}
	if err := putAll(tx, collEvaluations, pl.evaluations, func(e *Evaluation) ID { return e.ID }, encodeEvaluation); err != nil {
		return err
	}
	if pl.att != nil {
		if err := writeAttachments(tx, pl.att); err != nil {
			return err
		}
	}
	if pl.settings != nil {
		if p.m.settingsID == (storage.ID{}) {
			p.m.settingsID = storage.NewID()
		}
		return tx.Put(collSettings, p.m.settingsID, encodeSettings(pl.settings))
	}
	return nil
}

// applyPlan puts a written plan's records in the in-memory maps and the index.
func (p *Portfolio) applyPlan(pl *plan) {
	for _, r := range pl.rels {
		p.m.relationships[r.ID] = r
	}
	for _, g := range pl.goals {
		p.goals[g.ID] = g
	}
	for _, x := range pl.actions {
		p.actions[x.ID] = x
	}
	for _, m := range pl.meetings {
		p.m.meetings[m.ID] = m
	}
	for _, r := range pl.ratings {
		p.m.ratings[r.ID] = r
	}
	for _, d := range pl.received {
		p.received[d.ID] = d
	}
	for _, c := range pl.contacts {
		p.contacts[c.ID] = c
	}
	if pl.settings != nil {
		p.m.settings = *pl.settings
	}
	if len(pl.entries) > 0 {
		for _, e := range pl.entries {
			p.entries[e.ID] = newIndexed(e)
		}
		// One sort of the whole list: replaced entries must leave their old place.
		p.byDate = slices.Collect(maps.Values(p.entries))
		slices.SortFunc(p.byDate, newestFirst)
	}
}
