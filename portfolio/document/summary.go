// Package document builds the documents that leave the vault: meeting summaries,
// period summaries, the revalidation pack and a chosen selection, each as a Doc with
// no format yet, and scans them for patient identifiers. Package render draws a Doc
// as Markdown, HTML or PDF.
package document

import (
	"fmt"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/identify"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/revalidation"
	"github.com/foliohq/folio/templates"
)

// Doc is an export as a document with no format yet: sections of paragraphs, lists,
// tables and records (entries). The Markdown, HTML and PDF renderers all draw the
// same Doc, so what leaves the vault is the same whichever format is chosen, and the
// identifier scan sees exactly the text that will be written.
type Doc struct {
	Title    string
	Subtitle string
	// Generated is the day the document was made.
	Generated calendar.Date
	// DateStyle is how the document writes dates, its footer's included.
	DateStyle portfolio.DateStyle
	Sections  []Section
	// KnownNames are people the document is meant to name, such as the other party
	// of a mentoring relationship: the identifier scan does not report them.
	KnownNames []string
	// Quotes are the user's words inside Title and Subtitle (a relationship's name,
	// a tag). The rest of those, like section headings, paragraphs and table headers,
	// is folio's own text (dates, counts), which the identifier scan does not read:
	// a summary's period is no one's date of birth.
	Quotes []string
	// Attachments are the files attached to the records it prints, as its
	// "Attached files" appendix lists them: what a bundle carries beside it.
	Attachments []portfolio.Attachment
}

// Section is a headed part of a document.
type Section struct {
	Heading string
	Blocks  []Block
}

// BlockKind says what a Block holds.
type BlockKind string

// Kinds of block.
const (
	BlockParagraph BlockKind = "paragraph"
	BlockList      BlockKind = "list"
	BlockTable     BlockKind = "table"
	BlockRecord    BlockKind = "record"
)

// Block is one block of a section: a paragraph (Text), a list (Items), a table
// (Header and Rows) or a record.
//
// Paragraphs, list items and tables are folio's text with the user's words set in
// it: Quotes holds those words (Quotes[i] for Items[i]; Quotes[0] for a paragraph)
// and UserColumns the table columns that hold them, and the identifier scan reads
// only those. Records are the user's own, and read whole but for Meta.
type Block struct {
	Kind        BlockKind
	Text        string
	Items       []string
	Ordered     bool
	Header      []string
	Rows        [][]string
	Record      *Record
	Chart       *Chart
	Quotes      [][]string
	UserColumns []int
}

// Record is an entry as exported: its title, a line of facts about it, its
// structured values, and its text in parts under headings.
type Record struct {
	Title string
	// Meta is made by folio (date, functions, kind, tags), not written by the user.
	Meta   string
	Fields []Field
	Body   string
	Parts  []Part
}

// Field is a labelled value, written as its type reads ("2 h" for hours). Values
// is set when the field holds several choices: each is drawn on a line of its own,
// and Value joins them for a single line.
type Field struct {
	Label, Value string
	Values       []string
	// Colleague is set when the field holds a colleague's name and contact details
	// (a peer discussion's peer), which the identifier scan does not take for a
	// patient's.
	Colleague bool
}

// Part is a headed part of a record's text. Items is set instead of Body when the
// part answers a question with a field's several choices, one item each.
type Part struct {
	Heading, Body string
	Items         []string
	// Colleague is as for Field: the part answers with a colleague's details.
	Colleague bool
}

// HoursText writes a number of hours as folio shows it everywhere: "2 h", "1.5 h".
func HoursText(v string) string { return strings.TrimSpace(v) + " h" }

// fieldDefs are the templates' field definitions by template and field name, so a
// value can be written as its type reads. They are the built-in templates'; an
// entry from a template folio does not ship keeps its values as stored.
type fieldDefs map[string]map[string]templates.Field

func loadFieldDefs() fieldDefs {
	defs := fieldDefs{}
	ts, err := templates.Builtin()
	if err != nil {
		return defs // the built-in templates are checked by their own tests
	}
	for _, t := range ts {
		byName := map[string]templates.Field{}
		for _, f := range t.Fields {
			byName[f.Name] = f
		}
		defs[t.Name] = byName
	}
	return defs
}

// field is an entry's value as a document writes it.
func (defs fieldDefs) field(e *portfolio.Entry, f portfolio.FieldValue) Field {
	def := defs[e.Template][f.Name]
	out := Field{Label: f.Label, Value: f.String(), Colleague: def.Colleague}
	switch {
	case def.Type == templates.FieldHours:
		hours := make([]string, len(f.Values))
		for i, v := range f.Values {
			hours[i] = HoursText(v)
		}
		out.Value = strings.Join(hours, "; ")
	case def.Type == templates.FieldChoice && len(f.Values) > 1:
		out.Values = slices.Clone(f.Values)
	}
	return out
}

// docPara is a paragraph of folio's own words.
func docPara(format string, args ...any) Block {
	return Block{Kind: BlockParagraph, Text: fmt.Sprintf(format, args...)}
}

// quoted is a line of folio's with the user's words in it.
type quoted struct {
	line   string
	quotes []string
}

// docList is a list of lines with the user's words in them.
func docList(items []quoted) Block {
	b := Block{Kind: BlockList}
	for _, it := range items {
		b.Items = append(b.Items, it.line)
		b.Quotes = append(b.Quotes, it.quotes)
	}
	return b
}

func docTable(header []string, rows [][]string) Block {
	return Block{Kind: BlockTable, Header: header, Rows: rows}
}

// recordOf turns an entry into a record, its parts in the entry's own order.
func recordOf(defs fieldDefs, df dates, e *portfolio.Entry) *Record {
	meta := []string{df.long(e.Date), strings.Join(e.Functions.Names(), ", ")}
	if l := e.RecordKind.Label(); l != "" {
		meta = append(meta, l)
	}
	if len(e.Tags) > 0 {
		meta = append(meta, "#"+strings.Join(e.Tags, " #"))
	}
	r := &Record{Title: e.Title, Meta: strings.Join(slices.DeleteFunc(meta, blankText), " · "), Body: strings.TrimSpace(e.Body)}
	for _, f := range e.Fields {
		if len(f.Values) > 0 {
			r.Fields = append(r.Fields, defs.field(e, f))
		}
	}
	for _, s := range e.Sections {
		if body := strings.TrimSpace(s.Body); body != "" {
			r.Parts = append(r.Parts, Part{Heading: s.Heading, Body: body})
		}
	}
	return r
}

func blankText(s string) bool { return strings.TrimSpace(s) == "" }

// submissionRecord lays an entry out in the order of a submission form: each
// question in order, answered from the field or section of that name, then whatever
// the form does not ask for. Multiple choices go one per line, ready to paste.
func submissionRecord(defs fieldDefs, df dates, e *portfolio.Entry, questions []string) *Record {
	r := &Record{Title: e.Title, Meta: df.long(e.Date), Body: strings.TrimSpace(e.Body)}
	usedField := map[int]bool{}
	usedSection := map[int]bool{}
	for _, q := range questions {
		if i := slices.IndexFunc(e.Fields, func(f portfolio.FieldValue) bool { return sameWords(f.Label, q) }); i >= 0 {
			usedField[i] = true
			f := defs.field(e, e.Fields[i])
			if len(f.Values) > 0 {
				r.Parts = append(r.Parts, Part{Heading: q, Items: f.Values, Colleague: f.Colleague})
			} else {
				r.Parts = append(r.Parts, Part{Heading: q, Body: f.Value, Colleague: f.Colleague})
			}
			continue
		}
		if i := slices.IndexFunc(e.Sections, func(s portfolio.Section) bool { return sameWords(s.Heading, q) }); i >= 0 {
			usedSection[i] = true
			r.Parts = append(r.Parts, Part{Heading: q, Body: strings.TrimSpace(e.Sections[i].Body)})
			continue
		}
		r.Parts = append(r.Parts, Part{Heading: q, Body: "(not written yet)"})
	}
	for i, f := range e.Fields {
		if !usedField[i] && len(f.Values) > 0 {
			r.Fields = append(r.Fields, defs.field(e, f))
		}
	}
	for i, s := range e.Sections {
		if body := strings.TrimSpace(s.Body); !usedSection[i] && body != "" {
			r.Parts = append(r.Parts, Part{Heading: s.Heading, Body: body})
		}
	}
	return r
}

func sameWords(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// Options say what beyond the default may leave the vault.
type Options struct {
	// IncludePrivate lets private entries that are otherwise selected be included.
	IncludePrivate bool
	// Picked are entries the user named to include in a meeting summary.
	Picked []portfolio.ID
}

// isMentorReflection reports whether an entry is a mentor's own reflection on a
// session: these never go into a meeting summary, whatever the flags.
func isMentorReflection(e *portfolio.Entry) bool {
	return e.MeetingID != "" || e.RecordKind == portfolio.RecordMentorReflection
}

// balance counts entries per function: an entry under two functions counts under each.
func functionBalance(entries []*portfolio.Entry) Block {
	counts := map[portfolio.Function]int{}
	for _, e := range entries {
		for _, f := range e.Functions.List() {
			counts[f]++
		}
	}
	return balanceOf(counts)
}

// balanceOf is the balance table of entries counted per function.
func balanceOf(counts map[portfolio.Function]int) Block {
	var rows [][]string
	for _, f := range portfolio.AllFunctions {
		rows = append(rows, []string{f.String(), fmt.Sprint(counts[f]), f.Meaning()})
	}
	return docTable([]string{"Function", "Entries", "About"}, rows)
}

func actionLine(p *portfolio.Portfolio, a *portfolio.Action) quoted {
	s := quoted{line: a.What, quotes: []string{a.What}}
	var facts []string
	if g, ok := goals.Get(p, a.GoalID); ok {
		facts = append(facts, "goal: "+g.Title)
		s.quotes = append(s.quotes, g.Title)
	}
	if !a.Due.IsZero() {
		facts = append(facts, "due "+datesOf(p).long(a.Due))
	}
	if len(facts) > 0 {
		s.line += " (" + strings.Join(facts, "; ") + ")"
	}
	return s
}

// actionStatus says where an action stands on a day: "done on 2026-03-01",
// "overdue (due 2026-02-01)", "doing", "to do".
func actionStanding(df dates, a *portfolio.Action, day calendar.Date) string {
	switch {
	case a.Status == portfolio.ActionDone && !a.DoneOn.IsZero():
		return "done on " + df.long(a.DoneOn)
	case a.Status == portfolio.ActionDone:
		return "done"
	case a.Overdue(day):
		return "overdue (due " + df.long(a.Due) + ")"
	case a.Status == portfolio.ActionDoing:
		return "doing"
	}
	return "to do"
}

// progress lists actions done and new over [since, until], those overdue on asOf, and
// the goals with their action plans; functions, if set, limits the goals and actions.
// asOf is never after today: an action due before a meeting still to come is not
// overdue yet.
func progress(p *portfolio.Portfolio, since, until, asOf calendar.Date, functions portfolio.Functions) []Block {
	inPeriod := func(d calendar.Date) bool { return d >= since && d <= until }
	df := datesOf(p)
	var done, overdue, added []quoted
	for _, a := range goals.AllActions(p) {
		if !functions.Empty() {
			g, ok := goals.Get(p, a.GoalID)
			if !ok || g.Functions&functions == 0 {
				continue
			}
		}
		switch {
		case a.Status == portfolio.ActionDone && inPeriod(a.DoneOn):
			line := actionLine(p, a)
			line.line += ", done on " + df.long(a.DoneOn)
			done = append(done, line)
		case a.Overdue(asOf):
			overdue = append(overdue, actionLine(p, a))
		}
		if inPeriod(calendar.DateOf(a.Created.In(p.Now().Location()))) {
			added = append(added, actionLine(p, a))
		}
	}
	var rows [][]string
	for _, g := range goals.List(p, 0) {
		if !functions.Empty() && g.Functions&functions == 0 {
			continue
		}
		created := calendar.DateOf(g.Created.In(p.Now().Location()))
		updated := calendar.DateOf(g.Updated.In(p.Now().Location()))
		if created > until || g.Status != portfolio.GoalOpen && updated < since {
			continue // not yet set, or closed before the period
		}
		d, n := goals.Progress(p, g.ID)
		status := g.Status.String()
		if g.Status == portfolio.GoalOpen && created >= since {
			status = "new"
		}
		rows = append(rows, []string{g.Title, status, fmt.Sprintf("%d of %d", d, n), df.short(g.Target)})
	}
	none := func(items []quoted) Block {
		if len(items) == 0 {
			return docPara("None.")
		}
		return docList(items)
	}
	var blocks []Block
	if len(rows) > 0 {
		goals := docTable([]string{"Goal", "Status", "Actions done", "Target"}, rows)
		goals.UserColumns = []int{0}
		blocks = append(blocks, goals)
	} else {
		blocks = append(blocks, docPara("No goals."))
	}
	blocks = append(blocks,
		docPara("Actions done:"), none(done),
		docPara("Actions overdue:"), none(overdue),
		docPara("Actions added:"), none(added))
	return blocks
}

// MeetingSummary is the document a mentee shares before or after a meeting: the
// agenda, the entries picked for it, progress on goals and actions since the last
// meeting, the balance of entries by function, and what was agreed last time.
//
// Only entries flagged shareable (dated since the last meeting), linked on the agenda
// or named in opts.Picked are included; private ones only with opts.IncludePrivate.
// A mentor's own reflections (entries linked to a meeting, or of kind
// mentor_reflection) are never included, even if named: naming one is an error.
// meetingID "" means the upcoming meeting, else the last one held.
func MeetingSummary(p *portfolio.Portfolio, relID, meetingID portfolio.ID, opts Options) (Doc, error) {
	r, m, err := summaryMeeting(p, relID, meetingID)
	if err != nil {
		return Doc{}, err
	}
	ms := &meetingSummary{p: p, r: r, m: m, opts: opts, today: p.Today(), df: datesOf(p)}
	ms.period()
	selected, err := ms.selection()
	if err != nil {
		return Doc{}, err
	}
	state := "planned"
	if m.Held {
		state = "held"
	}
	d := Doc{
		Title:      fmt.Sprintf("Meeting on %s: %s", ms.df.long(m.Date), r.Title()),
		Subtitle:   fmt.Sprintf("%s meeting (%s), covering %s to %s", state, m.Format, ms.df.long(ms.since), ms.df.long(ms.until)),
		Generated:  ms.today,
		DateStyle:  ms.df.style(),
		KnownNames: []string{r.Person},
		Quotes:     []string{r.Title()},
	}
	d.Subtitle = strings.ToUpper(d.Subtitle[:1]) + d.Subtitle[1:]
	d.Sections = append(d.Sections, ms.agenda())
	if ms.prev != nil {
		d.Sections = append(d.Sections, ms.agreedLastTime())
	}
	d.Sections = append(d.Sections,
		Section{Heading: "Progress on goals and actions", Blocks: progress(p, ms.since, ms.until, ms.asOf, 0)},
		ms.balance(),
		entriesToDiscuss(loadFieldDefs(), ms.df, selected))
	d.Sections = append(d.Sections, topicsSection("Across this relationship's meetings to "+m.Date.String(), meetingsUpTo(p, r.ID, m.Date))...)
	d.Sections = append(d.Sections, ratingsSection(p, r.ID)...)
	if m.Held {
		d.Sections = append(d.Sections, ms.held()...)
	}
	refs := []recordRef{{m.ID, "this meeting"}, {r.ID, r.Title()}}
	for _, e := range selected {
		refs = append(refs, recordRef{e.ID, e.Title})
	}
	attachmentsAppendix(p, &d, refs)
	return d, nil
}

// summaryMeeting finds the relationship and the meeting a summary is of: the one
// named, else the upcoming one, else the last one held.
func summaryMeeting(p *portfolio.Portfolio, relID, meetingID portfolio.ID) (*portfolio.Relationship, *portfolio.Meeting, error) {
	r, ok := mentorship.Relationship(p, relID)
	if !ok {
		return nil, nil, fmt.Errorf("%w: no relationship %s", portfolio.ErrNotFound, relID)
	}
	stats := mentorship.Stats(p, relID)
	var m *portfolio.Meeting
	switch {
	case meetingID != "":
		if m, ok = mentorship.Meeting(p, meetingID); !ok || m.RelationshipID != relID {
			return nil, nil, fmt.Errorf("%w: no meeting %s in %s", portfolio.ErrNotFound, meetingID, r.Title())
		}
	case stats.Upcoming != nil:
		m = stats.Upcoming
	case stats.Last != nil:
		m = stats.Last
	default:
		return nil, nil, invalid("%s has no meeting yet; build an agenda with 'folio agenda' first", r.Title())
	}
	return r, m, nil
}

// meetingSummary is one MeetingSummary being built.
type meetingSummary struct {
	p     *portfolio.Portfolio
	r     *portfolio.Relationship
	m     *portfolio.Meeting
	opts  Options
	today calendar.Date
	df    dates
	// prev is the meeting held before m, if any; the summary covers since to until.
	prev         *portfolio.Meeting
	since, until calendar.Date
	// asOf is the day actions' standing is told at: the meeting's day, or today when
	// that is still to come, since what is not yet due by today is not overdue.
	asOf calendar.Date
}

// period sets the period: from the day after the previous meeting held to this
// meeting, or to today when this one is still to come.
func (ms *meetingSummary) period() {
	m := ms.m
	for _, o := range mentorship.Meetings(ms.p, ms.r.ID) {
		if o.Held && o.ID != m.ID && (o.Date < m.Date || o.Date == m.Date && o.Created.Before(m.Created)) {
			ms.prev = o
		}
	}
	ms.since = ms.r.Start
	if ms.prev != nil {
		ms.since = ms.prev.Date + 1
	}
	ms.until = m.Date
	if !m.Held {
		ms.until = max(m.Date, ms.today)
	}
	// A meeting dated before the relationship's start (recorded late, or the start
	// set after the fact) begins its own period: the period never runs backwards.
	ms.since = min(ms.since, ms.until)
	ms.asOf = min(ms.until, ms.today)
}

// include says whether an entry may appear: never a mentor's own reflection, and a
// private one only when asked.
func (ms *meetingSummary) include(e *portfolio.Entry) bool {
	return !isMentorReflection(e) && (e.Sharing != portfolio.SharingPrivate || ms.opts.IncludePrivate)
}

// selection is the entries to discuss: agenda links, picked entries and the
// shareable entries of the period, by date. A picked entry that may not be shared is
// an error.
func (ms *meetingSummary) selection() ([]*portfolio.Entry, error) {
	p := ms.p
	for _, id := range ms.opts.Picked {
		e, ok := p.Entry(id)
		switch {
		case !ok:
			return nil, fmt.Errorf("%w: no entry %s", portfolio.ErrNotFound, id)
		case isMentorReflection(e):
			return nil, invalid("%q is a mentor's reflection on a session; those never go into a meeting summary", e.Title)
		case e.Sharing == portfolio.SharingPrivate && !ms.opts.IncludePrivate:
			return nil, invalid("%q is private; add --include-private to include it", e.Title)
		}
	}
	var selected []*portfolio.Entry
	seen := map[portfolio.ID]bool{}
	pick := func(e *portfolio.Entry) {
		if !seen[e.ID] && ms.include(e) {
			seen[e.ID] = true
			selected = append(selected, e)
		}
	}
	for _, it := range ms.m.Agenda {
		if it.LinkKind == portfolio.KindEntry {
			if e, ok := p.Entry(it.LinkID); ok {
				pick(e)
			}
		}
	}
	for _, id := range ms.opts.Picked {
		e, _ := p.Entry(id)
		pick(e)
	}
	for _, e := range p.Find(portfolio.Query{Since: ms.since, Until: ms.until}) {
		if e.Sharing == portfolio.SharingShareable {
			pick(e)
		}
	}
	slices.SortStableFunc(selected, func(a, b *portfolio.Entry) int { return int(a.Date - b.Date) })
	return selected, nil
}

// agenda is the meeting's agenda, its links described; links to what is gone or may
// not be shared are left out.
func (ms *meetingSummary) agenda() Section {
	sec := Section{Heading: "Agenda"}
	var items []quoted
	for _, it := range ms.m.Agenda {
		line, ok := ms.agendaLine(it)
		if !ok {
			continue
		}
		if it.Text != "" && it.LinkKind != "" {
			line.line += ": " + it.Text
			line.quotes = append(line.quotes, it.Text)
		}
		if it.Question != "" {
			line.line += " Question: " + it.Question
			line.quotes = append(line.quotes, it.Question)
		}
		line.line = oneLine(line.line)
		items = append(items, line)
	}
	if len(items) == 0 {
		sec.Blocks = append(sec.Blocks, docPara("Nothing on the agenda yet."))
	} else {
		list := docList(items)
		list.Ordered = true
		sec.Blocks = append(sec.Blocks, list)
	}
	return sec
}

// agendaLine describes one agenda item's link; ok is false when it is to be left out.
func (ms *meetingSummary) agendaLine(it portfolio.AgendaItem) (line quoted, ok bool) {
	p := ms.p
	switch it.LinkKind {
	case "":
		return quoted{it.Text, []string{it.Text}}, true
	case portfolio.KindEntry:
		e, ok := p.Entry(it.LinkID)
		if !ok || !ms.include(e) {
			return quoted{}, false
		}
		return quoted{fmt.Sprintf("%s (entry of %s, below)", e.Title, ms.df.long(e.Date)), []string{e.Title}}, true
	case portfolio.KindGoal:
		g, ok := goals.Get(p, it.LinkID)
		if !ok {
			return quoted{}, false
		}
		done, total := goals.Progress(p, g.ID)
		return quoted{fmt.Sprintf("Goal: %s (%d of %d actions done)", g.Title, done, total), []string{g.Title}}, true
	case portfolio.KindAction:
		a, ok := goals.Action(p, it.LinkID)
		if !ok {
			return quoted{}, false
		}
		line := actionLine(p, a)
		line.line = "Action: " + line.line + ", " + actionStanding(ms.df, a, ms.asOf)
		return line, true
	}
	return quoted{}, true
}

// agreedLastTime is what was agreed at the previous meeting, and how it went.
func (ms *meetingSummary) agreedLastTime() Section {
	sec := Section{Heading: "Agreed at the last meeting (" + ms.df.long(ms.prev.Date) + ")"}
	var rows [][]string
	for _, id := range ms.prev.AgreedActionIDs {
		if a, ok := goals.Action(ms.p, id); ok {
			rows = append(rows, []string{a.What, ms.df.short(a.Due), actionStanding(ms.df, a, ms.asOf)})
		}
	}
	if len(rows) == 0 {
		sec.Blocks = append(sec.Blocks, docPara("No actions were agreed."))
	} else {
		agreed := docTable([]string{"Action", "Due", "Status"}, rows)
		agreed.UserColumns = []int{0}
		sec.Blocks = append(sec.Blocks, agreed)
	}
	return sec
}

// balance is the period's entries by function, of what the user has not kept private.
func (ms *meetingSummary) balance() Section {
	var period []*portfolio.Entry
	for _, e := range ms.p.Find(portfolio.Query{Since: ms.since, Until: ms.until}) {
		if ms.include(e) {
			period = append(period, e)
		}
	}
	private := "Private entries are not counted."
	if ms.opts.IncludePrivate {
		private = "Private entries are counted."
	}
	return Section{Heading: "Balance by function", Blocks: []Block{
		docPara("%d %s from %s to %s, by Proctor's functions (an entry may have more than one). %s", len(period), entriesWord(len(period)), ms.df.long(ms.since), ms.df.long(ms.until), private),
		functionBalance(period),
	}}
}

// entriesToDiscuss is the selected entries themselves.
func entriesToDiscuss(defs fieldDefs, df dates, selected []*portfolio.Entry) Section {
	sec := Section{Heading: "Entries to discuss"}
	if len(selected) == 0 {
		sec.Blocks = append(sec.Blocks, docPara("No entries are shared for this meeting."))
	}
	for _, e := range selected {
		sec.Blocks = append(sec.Blocks, Block{Kind: BlockRecord, Record: recordOf(defs, df, e)})
	}
	return sec
}

// held is a held meeting's notes, when marked fit to share, what it agreed and when
// the next one is.
func (ms *meetingSummary) held() []Section {
	m := ms.m
	var out []Section
	if m.Shared || ms.opts.IncludePrivate {
		notes := Section{Heading: "Notes of the meeting"}
		if len(m.Topics) > 0 {
			topics := docPara("Topics: %s.", strings.Join(m.Topics, ", "))
			topics.Quotes = [][]string{m.Topics}
			notes.Blocks = append(notes.Blocks, topics)
		}
		for _, n := range m.Notes {
			if strings.TrimSpace(n.Body) != "" {
				notes.Blocks = append(notes.Blocks, Block{Kind: BlockRecord, Record: &Record{Title: n.Heading, Body: strings.TrimSpace(n.Body)}})
			}
		}
		if len(notes.Blocks) > 0 {
			out = append(out, notes)
		}
	}
	var agreed []quoted
	for _, id := range m.AgreedActionIDs {
		if a, ok := goals.Action(ms.p, id); ok {
			agreed = append(agreed, actionLine(ms.p, a))
		}
	}
	if len(agreed) > 0 {
		out = append(out, Section{Heading: "Agreed at this meeting", Blocks: []Block{docList(agreed)}})
	}
	if !m.NextDate.IsZero() {
		out = append(out, Section{Heading: "Next meeting", Blocks: []Block{docPara("%s.", ms.df.long(m.NextDate))}})
	}
	return out
}

// invalid is a bad-input error, as the domain's own are.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", portfolio.ErrInvalid, fmt.Sprintf(format, args...))
}

// oneLine joins a text's lines and collapses its spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func entriesWord(n int) string {
	if n == 1 {
		return "entry"
	}
	return "entries"
}

// SummaryQuery selects a period summary's entries.
type SummaryQuery struct {
	Since, Until calendar.Date
	Functions    portfolio.Functions
	Tag          string
	// IncludePrivate includes private entries, which are otherwise left out.
	IncludePrivate bool
}

// PeriodSummary is a summary of a period for appraisal or a supervisor: the
// balance of entries by function, the records by kind, progress on goals and
// actions, and every entry the query selects, oldest first. Private entries are
// left out unless q.IncludePrivate.
func PeriodSummary(p *portfolio.Portfolio, q SummaryQuery) (Doc, error) {
	s, err := PeriodSummaryStreamed(p, q)
	if err != nil {
		return Doc{}, err
	}
	return s.Whole()
}

// PeriodSummaryStreamed is PeriodSummary with its entries read a batch at a time
// as the document is scanned and drawn: the counts at its top come from the
// entries' metadata, and no body is read until its record is needed.
func PeriodSummaryStreamed(p *portfolio.Portfolio, q SummaryQuery) (Streamed, error) {
	if q.Since.IsZero() || q.Until.IsZero() {
		return Streamed{}, invalid("a summary needs the first and last day of its period")
	}
	if q.Until < q.Since {
		return Streamed{}, fmt.Errorf("%w: the period ends (%s) before it starts (%s)", portfolio.ErrInvalidDate, q.Until, q.Since)
	}
	// The counts at the top come from the metadata as it passes: no entry is kept
	// but its ID.
	var entries []portfolio.ID
	functions := map[portfolio.Function]int{}
	kinds := map[portfolio.RecordKind]int{}
	p.FindMeta(portfolio.Query{Since: q.Since, Until: q.Until, Functions: q.Functions, Tag: q.Tag}, func(e *portfolio.Entry) {
		if e.Sharing == portfolio.SharingPrivate && !q.IncludePrivate {
			return
		}
		entries = append(entries, e.ID)
		for _, f := range e.Functions.List() {
			functions[f]++
		}
		if e.RecordKind.Label() != "" {
			kinds[e.RecordKind]++
		}
	})
	slices.Reverse(entries) // oldest first reads as a story of the period
	var scope []string
	if !q.Functions.Empty() {
		scope = append(scope, strings.Join(q.Functions.Names(), ", ")+" entries")
	}
	var quotes []string
	if q.Tag != "" {
		scope = append(scope, "tagged #"+strings.TrimPrefix(q.Tag, "#"))
		quotes = append(quotes, q.Tag)
	}
	d := Doc{
		Title:     fmt.Sprintf("Reflective practice summary, %s to %s", datesOf(p).long(q.Since), datesOf(p).long(q.Until)),
		Subtitle:  fmt.Sprintf("%d %s", len(entries), entriesWord(len(entries))),
		Generated: p.Today(),
		DateStyle: datesOf(p).style(),
		Quotes:    quotes,
	}
	if len(scope) > 0 {
		d.Subtitle += ": " + strings.Join(scope, ", ")
	}
	overview := Section{Heading: "Balance by function", Blocks: []Block{balanceOf(functions)}}
	if len(kinds) > 0 {
		var rows [][]string
		for _, k := range []portfolio.RecordKind{portfolio.RecordPlannedCPD, portfolio.RecordUnplannedCPD, portfolio.RecordPeerDiscussion, portfolio.RecordReflectiveAccount, portfolio.RecordMeetingPrep, portfolio.RecordMeetingRecord, portfolio.RecordMentorReflection, portfolio.RecordMentoringAgreement, portfolio.RecordActionLearningSet} {
			if kinds[k] > 0 {
				rows = append(rows, []string{k.Label(), fmt.Sprint(kinds[k])})
			}
		}
		overview.Blocks = append(overview.Blocks, docPara("Records by kind:"), docTable([]string{"Record", "Count"}, rows))
	}
	d.Sections = append(d.Sections, overview,
		Section{Heading: "Goals and actions", Blocks: progress(p, q.Since, q.Until, min(q.Until, p.Today()), q.Functions)})
	d.Sections = append(d.Sections, topicsSection("Across all relationships' meetings in the period", meetingsIn(p, q.Since, q.Until))...)
	sec := Section{Heading: "Entries"}
	if len(entries) == 0 {
		sec.Blocks = append(sec.Blocks, docPara("No entries in this period."))
	}
	defs, df := loadFieldDefs(), datesOf(p)
	d.Sections = append(d.Sections, sec)
	return Streamed{Doc: d, At: len(d.Sections) - 1, each: entryRecords(p, entries, func(e *portfolio.Entry) *Record {
		return recordOf(defs, df, e)
	})}, nil
}

// RevalidationPack is the records for a renewal in the order and field order of the
// submission, ready to paste, with readiness stated plainly at the top. Private
// records are counted for readiness but left out unless includePrivate.
func RevalidationPack(p *portfolio.Portfolio, renewal calendar.Date, rules revalidation.Rules, includePrivate bool) (Doc, revalidation.Readiness) {
	r := revalidation.ReadinessOf(p, renewal, rules)
	df := datesOf(p)
	d := Doc{
		Title:     rules.Name + " records",
		Subtitle:  fmt.Sprintf("For the renewal on %s: records dated %s to %s", df.long(r.Renewal), df.long(r.From), df.long(r.Until)),
		Generated: r.Today,
		DateStyle: df.style(),
	}
	ready := Section{Heading: "Readiness", Blocks: []Block{
		docPara("%s: %s.", r.Headline(), r.Summary()),
		docPara("%s. Submit the records by then; registration expires on %s.", sentenceCase(r.CountdownIn(df.long)), df.long(r.Expiry)),
		docTable([]string{"Record", "Have", "Needed"}, [][]string{
			{"CPD", fmt.Sprint(r.CPD()), fmt.Sprint(r.CPDNeeded)},
			{"of which planned", fmt.Sprint(r.Planned), fmt.Sprintf("at least %d", r.PlannedNeeded)},
			{"Peer discussion", fmt.Sprint(r.Peer), fmt.Sprint(r.PeerNeeded)},
			{"Reflective account", fmt.Sprint(r.Reflective), fmt.Sprint(r.ReflectiveNeeded)},
		}),
	}}
	if len(r.Problems) > 0 {
		// The problems name the user's records by title, private ones too: read whole.
		var problems []quoted
		for _, line := range sentences(r.Problems) {
			problems = append(problems, quoted{line, []string{line}})
		}
		ready.Blocks = append(ready.Blocks, docPara("To fix:"), docList(problems))
	}
	left := 0
	defs := loadFieldDefs()
	var sections []Section
	var printed []recordRef
	pv := printedVersions(p)
	for _, k := range r.Records {
		sec := Section{Heading: fmt.Sprintf("%s (%d)", k.Title, len(k.Entries))}
		for _, e := range k.Entries {
			if e.Sharing == portfolio.SharingPrivate && !includePrivate {
				left++
				continue
			}
			rec := submissionRecord(defs, df, e, k.Fields)
			rec.Meta += " · " + pv.of(e)
			printed = append(printed, recordRef{e.ID, e.Title})
			sec.Blocks = append(sec.Blocks, Block{Kind: BlockRecord, Record: rec})
		}
		switch {
		case len(k.Entries) == 0:
			sec.Blocks = append(sec.Blocks, docPara("None yet."))
		case len(sec.Blocks) == 0:
			sec.Blocks = append(sec.Blocks, docPara("Kept private, so left out of this export."))
		}
		sections = append(sections, sec)
	}
	if left > 0 {
		ready.Blocks = append(ready.Blocks, docPara("%d private %s counted above but not shown here.", left, recordsAre(left)))
	}
	d.Sections = append([]Section{ready}, sections...)
	d.Sections = append(d.Sections, pv.section())
	d.Sections = append(d.Sections, hoursSection(revalidation.TotalHours(p.Find(portfolio.Query{}), r.From, r.Until), df.long(r.From), df.long(r.Until)))
	attachmentsAppendix(p, &d, printed)
	return d, r
}

// versionsPrinted notes which version of each entry a document prints, so that what
// was submitted can be shown later as it was, and an edit since shows as a later
// version (docs/HISTORY.md).
type versionsPrinted struct {
	numbers map[portfolio.ID]int
	err     error
	rows    [][]string
}

func printedVersions(p *portfolio.Portfolio) *versionsPrinted {
	n, err := history.VersionNumbers(p, portfolio.KindEntry)
	return &versionsPrinted{numbers: n, err: err}
}

// of names the entry's version ("entry 3kq9v1x0c2b7m4nd, version 4") and notes it
// for the appendix.
func (v *versionsPrinted) of(e *portfolio.Entry) string {
	if v.err != nil {
		return fmt.Sprintf("entry %s", e.ID)
	}
	n := max(v.numbers[e.ID], 1) // none yet: its first change keeps it as version 1
	v.rows = append(v.rows, []string{e.Title, string(e.ID), fmt.Sprint(n)})
	return fmt.Sprintf("entry %s, version %d", e.ID, n)
}

func (v *versionsPrinted) section() Section {
	sec := Section{Heading: "Versions printed"}
	if v.err != nil {
		sec.Blocks = append(sec.Blocks, docPara("Which version of each record this prints could not be read: %v.", v.err))
		return sec
	}
	if len(v.rows) == 0 {
		sec.Blocks = append(sec.Blocks, docPara("No record is printed."))
		return sec
	}
	sec.Blocks = append(sec.Blocks,
		docPara("Each record is printed as the version named here. folio keeps every version: a record edited after this export shows a later version, and the command folio show ID --version N prints the one exported."),
		// The titles are the records' own, which the scan reads there already.
		docTable([]string{"Record", "ID", "Version"}, v.rows))
	return sec
}

func recordsAre(n int) string {
	if n == 1 {
		return "record is"
	}
	return "records are"
}

func sentenceCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func sentences(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = sentenceCase(s) + "."
	}
	return out
}

// Finding is a likely identifier in a document, with where it is.
type Finding struct {
	// Where names the place: "Entries › Inhaler counselling › What happened, line 2".
	Where string
	identify.Finding
}

func (f Finding) String() string {
	return fmt.Sprintf("%s: %s (%q)", f.Where, f.Kind.Description(), f.Text)
}

// Scan looks for patient identifiers in the user's words a document will carry:
// records (but for Meta), and the Quotes and UserColumns of folio's own text, whose
// dates and counts it does not read. It does not report the people the document
// means to name (KnownNames), nor contact details in a field that holds a
// colleague's (the peer of a peer discussion). The person can then confirm or
// anonymise before anything leaves the vault.
func Scan(d Doc) []Finding {
	sc := scanner{known: d.KnownNames}
	sc.quotes(d.Quotes)
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			sc.block(s.Heading, b)
		}
	}
	return sc.out
}

// scanner gathers a document's findings, block by block, in its order.
type scanner struct {
	known []string
	out   []Finding
}

func (sc *scanner) scan(where, text string, colleague bool) {
	for _, f := range identify.Find(text) {
		if f.Kind == identify.TitleName && slices.ContainsFunc(sc.known, func(n string) bool { return strings.Contains(n, f.Text) }) {
			continue
		}
		if colleague && f.Kind.Contact() {
			continue
		}
		w := where
		if strings.Contains(text, "\n") {
			w += fmt.Sprintf(", line %d", f.Line)
		}
		sc.out = append(sc.out, Finding{Where: w, Finding: f})
	}
}

func (sc *scanner) quotes(qs []string) {
	for _, q := range qs {
		sc.scan("title", q, false)
	}
}

func scanJoin(parts ...string) string {
	return strings.Join(slices.DeleteFunc(parts, blankText), " › ")
}

// block scans one block of the section headed heading.
func (sc *scanner) block(heading string, b Block) {
	switch b.Kind {
	case BlockParagraph:
		for _, qs := range b.Quotes {
			for _, q := range qs {
				sc.scan(heading, q, false)
			}
		}
	case BlockList:
		for i, qs := range b.Quotes {
			for _, q := range qs {
				sc.scan(scanJoin(heading, fmt.Sprintf("item %d", i+1)), q, false)
			}
		}
	case BlockTable:
		for i, row := range b.Rows {
			for _, c := range b.UserColumns {
				if c < len(row) {
					sc.scan(scanJoin(heading, fmt.Sprintf("row %d", i+1)), row[c], false)
				}
			}
		}
	case BlockRecord:
		rec := b.Record
		sc.scan(scanJoin(heading, rec.Title), rec.Title, false)
		for _, f := range rec.Fields {
			sc.scan(scanJoin(heading, rec.Title, f.Label), f.Value, f.Colleague)
		}
		sc.scan(scanJoin(heading, rec.Title), rec.Body, false)
		for _, part := range rec.Parts {
			sc.scan(scanJoin(heading, rec.Title), part.Heading, false)
			sc.scan(scanJoin(heading, rec.Title, part.Heading), part.Body, part.Colleague)
			for _, it := range part.Items {
				sc.scan(scanJoin(heading, rec.Title, part.Heading), it, part.Colleague)
			}
		}
	}
}
