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
var importKinds = []string{"entries", "goals", "actions", "relationships", "meetings", "ratings", "received documents", "settings"}

// ImportCounts are what became of the records of one kind.
type ImportCounts struct {
	// Added are new to the vault; Replaced were in it under the same ID and the
	// archive's copy was updated later; Unchanged were already there as they are;
	// Kept were in the vault under the same ID, with the vault's copy kept because it
	// was updated at the same time or later.
	Added, Replaced, Unchanged, Kept int
}

// ImportReport says what an import did. Nothing is changed unless it returns no error.
type ImportReport struct {
	Counts map[string]*ImportCounts
	// Skipped names files of a folder that were not imported, and why.
	Skipped []string
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
		n += c.Added + c.Replaced
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
		if len(parts) > 0 {
			out = append(out, k+": "+strings.Join(parts, ", "))
		}
	}
	if len(out) == 0 {
		out = append(out, "nothing to import")
	}
	for _, s := range r.Skipped {
		out = append(out, "not imported: "+s)
	}
	return out
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
	settings *Settings
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
func (p *Portfolio) ImportArchive(a *Archive) (*ImportReport, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	rep := newReport()
	st := p.stage()
	pl := &plan{}
	now := p.now().UTC()

	vaultKinds := map[ID]string{}
	for _, k := range []struct {
		kind string
		ids  func(func(ID) bool)
	}{
		{"entry", keys(p.entries)}, {"goal", keys(p.goals)}, {"action", keys(p.actions)},
		{"relationship", keys(p.m.relationships)}, {"meeting", keys(p.m.meetings)},
		{"rating", keys(p.m.ratings)}, {"received document", keys(p.received)},
	} {
		for id := range k.ids {
			vaultKinds[id] = k.kind
		}
	}
	seen := map[ID]string{}
	// checkID refuses an ID that is malformed, repeated in the archive, or in the
	// vault as another kind of record; it reports whether the vault has it.
	checkID := func(id ID, kind, where string) (bool, error) {
		// Only the canonical lower-case form: another spelling of the same ID would be
		// stored under the same key but read back differently.
		if sid, err := storage.ParseID(string(id)); err != nil || sid.String() != string(id) {
			return false, a.errorf(where, "the id %q is not a folio ID (16 lower-case characters of 0-9 and a-z but i, l, o, u)", id)
		}
		if other, dup := seen[id]; dup {
			return false, a.errorf(where, "the id %s is also used by %s", id, other)
		}
		seen[id] = where
		if k, ok := vaultKinds[id]; ok {
			if k != kind {
				return false, a.errorf(where, "the id %s names a %s in the vault, not a %s", id, k, kind)
			}
			return true, nil
		}
		return false, nil
	}

	// First decide what each record becomes and stage the ones to write, so that the
	// validation below sees every link's target whatever order the archive lists them.
	decide := func(kind string, inVault bool, same bool, newer bool) bool {
		c := rep.Counts[kind]
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
	entryWhere := map[*Entry]string{}
	for i := range a.Entries {
		e := a.Entries[i]
		where := fmt.Sprintf("entries[%d]", i)
		inVault, err := checkID(e.ID, "entry", where)
		if err != nil {
			return nil, err
		}
		setTimes(&e.Created, &e.Updated, now)
		var old *Entry
		if inVault {
			old = p.entries[e.ID].e
		}
		if decide("entries", inVault, inVault && bytes.Equal(encodeEntry(&e), encodeEntry(old)), inVault && e.Updated.After(old.Updated)) {
			st.entries[e.ID] = &indexed{e: &e}
			pl.entries = append(pl.entries, &e)
			entryWhere[&e] = where
		}
	}
	goalWhere := map[*Goal]string{}
	for i := range a.Goals {
		g := a.Goals[i]
		where := fmt.Sprintf("goals[%d]", i)
		inVault, err := checkID(g.ID, "goal", where)
		if err != nil {
			return nil, err
		}
		setTimes(&g.Created, &g.Updated, now)
		old := p.goals[g.ID]
		if decide("goals", inVault, inVault && bytes.Equal(encodeGoal(&g), encodeGoal(old)), inVault && g.Updated.After(old.Updated)) {
			st.goals[g.ID] = &g
			pl.goals = append(pl.goals, &g)
			goalWhere[&g] = where
		}
	}
	actionWhere := map[*Action]string{}
	for i := range a.Actions {
		x := a.Actions[i]
		where := fmt.Sprintf("actions[%d]", i)
		inVault, err := checkID(x.ID, "action", where)
		if err != nil {
			return nil, err
		}
		setTimes(&x.Created, &x.Updated, now)
		old := p.actions[x.ID]
		if decide("actions", inVault, inVault && bytes.Equal(encodeAction(&x), encodeAction(old)), inVault && x.Updated.After(old.Updated)) {
			st.actions[x.ID] = &x
			pl.actions = append(pl.actions, &x)
			actionWhere[&x] = where
		}
	}
	relWhere := map[*Relationship]string{}
	for i := range a.Relationships {
		r := a.Relationships[i]
		where := fmt.Sprintf("relationships[%d]", i)
		inVault, err := checkID(r.ID, "relationship", where)
		if err != nil {
			return nil, err
		}
		setTimes(&r.Created, &r.Updated, now)
		old := p.m.relationships[r.ID]
		if decide("relationships", inVault, inVault && bytes.Equal(encodeRelationship(&r), encodeRelationship(old)), inVault && r.Updated.After(old.Updated)) {
			st.m.relationships[r.ID] = &r
			pl.rels = append(pl.rels, &r)
			relWhere[&r] = where
		}
	}
	meetWhere := map[*Meeting]string{}
	for i := range a.Meetings {
		m := a.Meetings[i]
		where := fmt.Sprintf("meetings[%d]", i)
		inVault, err := checkID(m.ID, "meeting", where)
		if err != nil {
			return nil, err
		}
		setTimes(&m.Created, &m.Updated, now)
		old := p.m.meetings[m.ID]
		if decide("meetings", inVault, inVault && bytes.Equal(encodeMeeting(&m), encodeMeeting(old)), inVault && m.Updated.After(old.Updated)) {
			st.m.meetings[m.ID] = &m
			pl.meetings = append(pl.meetings, &m)
			meetWhere[&m] = where
		}
	}
	ratingWhere := map[*Rating]string{}
	for i := range a.Ratings {
		r := a.Ratings[i]
		where := fmt.Sprintf("ratings[%d]", i)
		inVault, err := checkID(r.ID, "rating", where)
		if err != nil {
			return nil, err
		}
		if r.Created.IsZero() {
			r.Created = now
		}
		r.Created = r.Created.UTC()
		old := p.m.ratings[r.ID]
		if decide("ratings", inVault, inVault && bytes.Equal(encodeRating(&r), encodeRating(old)), false) {
			st.m.ratings[r.ID] = &r
			pl.ratings = append(pl.ratings, &r)
			ratingWhere[&r] = where
		}
	}
	recvWhere := map[*Received]string{}
	for i := range a.Received {
		d := a.Received[i]
		where := fmt.Sprintf("received[%d]", i)
		inVault, err := checkID(d.ID, "received document", where)
		if err != nil {
			return nil, err
		}
		if d.ReceivedAt.IsZero() {
			d.ReceivedAt = now
		}
		d.ReceivedAt = d.ReceivedAt.UTC()
		old := p.received[d.ID]
		if decide("received documents", inVault, inVault && bytes.Equal(encodeReceived(&d), encodeReceived(old)), false) {
			st.received[d.ID] = &d
			pl.received = append(pl.received, &d)
			recvWhere[&d] = where
		}
	}
	// Settings are compared as they would be saved, so ones that normalise to nothing
	// are not "added" again by every import.
	s := a.Settings
	s.Topics = slices.Clone(s.Topics)
	if err := validateSettings(&s); err != nil {
		return nil, a.errorf("settings", "%s", reason(err))
	}
	if !settingsEmpty(s) {
		switch {
		case settingsEmpty(p.m.settings):
			rep.Counts["settings"].Added++
			pl.settings = &s
		case bytes.Equal(encodeSettings(&s), encodeSettings(&p.m.settings)):
			rep.Counts["settings"].Unchanged++
		default:
			rep.Counts["settings"].Kept++
		}
	}

	// Then validate what will be written, in the order links depend on least.
	for _, r := range pl.rels {
		err := st.validateRelationship(r)
		if err == nil {
			err = checkDate("date ended", r.EndedOn, false)
		}
		if err != nil {
			return nil, a.errorf(relWhere[r]+" (id "+string(r.ID)+")", "%s", reason(err))
		}
	}
	for _, g := range pl.goals {
		if err := st.validateGoal(g); err != nil {
			return nil, a.errorf(goalWhere[g]+" (id "+string(g.ID)+")", "%s", reason(err))
		}
	}
	for _, x := range pl.actions {
		if err := st.validateImportedAction(x); err != nil {
			return nil, a.errorf(actionWhere[x]+" (id "+string(x.ID)+")", "%s", reason(err))
		}
	}
	for _, e := range pl.entries {
		err := st.validateEntry(e)
		if err == nil && e.TemplateVersion < 0 {
			err = invalid("the template version %d is negative", e.TemplateVersion)
		}
		if err != nil {
			return nil, a.errorf(entryWhere[e]+" (id "+string(e.ID)+")", "%s", reason(err))
		}
	}
	for _, m := range pl.meetings {
		if err := st.validateMeeting(m); err != nil {
			return nil, a.errorf(meetWhere[m]+" (id "+string(m.ID)+")", "%s", reason(err))
		}
	}
	for _, r := range pl.ratings {
		if err := st.validateRating(r); err != nil {
			return nil, a.errorf(ratingWhere[r]+" (id "+string(r.ID)+")", "%s", reason(err))
		}
	}
	for _, d := range pl.received {
		if err := st.validateReceived(d); err != nil {
			return nil, a.errorf(recvWhere[d]+" (id "+string(d.ID)+")", "%s", reason(err))
		}
	}
	if err := p.commit(pl); err != nil {
		return nil, err
	}
	return rep, nil
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
	name := a.name
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
	return checkDate("date done", x.DoneOn, false)
}

// validateMeeting checks a whole meeting as RecordMeeting and SaveAgenda check the
// parts they write.
func (p *Portfolio) validateMeeting(m *Meeting) error {
	if _, ok := p.m.relationships[m.RelationshipID]; !ok {
		return fmt.Errorf("%w: no relationship %s", ErrNotFound, m.RelationshipID)
	}
	if err := checkDate("meeting date", m.Date, true); err != nil {
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
	if err := checkDate("next meeting date", m.NextDate, false); err != nil {
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
		if s.Heading, err = cleanLine("notes heading", s.Heading, MaxTitleRunes, true); err != nil {
			return err
		}
		if s.Body, err = cleanText("notes under "+s.Heading, s.Body); err != nil {
			return err
		}
	}
	if m.Topics, err = NormalizeTags(m.Topics); err != nil {
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
	if d.Title, err = cleanLine("title", d.Title, MaxTitleRunes, false); err != nil {
		return err
	}
	if !utf8.ValidString(d.Body) || !utf8.ValidString(d.FileName) {
		return invalid("the document is not valid UTF-8 text")
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
	if len(pl.rels)+len(pl.goals)+len(pl.actions)+len(pl.entries)+len(pl.meetings)+len(pl.ratings)+len(pl.received) == 0 && pl.settings == nil {
		// Nothing to write: not even an empty transaction touches the file.
		return nil
	}
	err := p.vault.Update(func(tx *storage.Tx) error {
		put := func(coll string, id ID, b []byte) error {
			sid, err := storageID(id)
			if err != nil {
				return err
			}
			return tx.Put(coll, sid, b)
		}
		for _, r := range pl.rels {
			if err := put(collRelationships, r.ID, encodeRelationship(r)); err != nil {
				return err
			}
		}
		for _, g := range pl.goals {
			if err := put(collGoals, g.ID, encodeGoal(g)); err != nil {
				return err
			}
		}
		for _, x := range pl.actions {
			if err := put(collActions, x.ID, encodeAction(x)); err != nil {
				return err
			}
		}
		for _, e := range pl.entries {
			if err := put(collEntries, e.ID, encodeEntry(e)); err != nil {
				return err
			}
		}
		for _, m := range pl.meetings {
			if err := put(collMeetings, m.ID, encodeMeeting(m)); err != nil {
				return err
			}
		}
		for _, r := range pl.ratings {
			if err := put(collRatings, r.ID, encodeRating(r)); err != nil {
				return err
			}
		}
		for _, d := range pl.received {
			if err := put(collReceived, d.ID, encodeReceived(d)); err != nil {
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
	})
	if err != nil {
		return err
	}
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
	return nil
}
