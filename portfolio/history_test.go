package portfolio

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/internal/journal"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/codec"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// fingerprint is the one field the history tests change in each kind of record.
func fingerprint(rec any) string {
	switch r := rec.(type) {
	case *Entry:
		return r.Title
	case *Goal:
		return r.Title
	case *Action:
		return r.What
	case *Relationship:
		return r.Person
	case *Meeting:
		if len(r.Notes) == 0 {
			return ""
		}
		return r.Notes[0].Body
	case *Rating:
		return r.Note
	case *Settings:
		return r.Organisation
	}
	return fmt.Sprintf("%T", rec)
}

const tomb = "†"

// historyModel is what the vault should hold: every record's versions, as
// fingerprints, with tomb for a deletion.
type historyModel struct {
	kinds    map[ID]Kind
	versions map[ID][]string
	parent   map[ID]ID   // a meeting's or rating's relationship
	order    []ID        // creation order, for stable random picks
	steps    [][]written // the undo log: the versions each step wrote
	deleted  map[ID][]ID // a record's group, deleted with it in one step
}

func (m *historyModel) current(id ID) string {
	v := m.versions[id]
	return v[len(v)-1]
}

func (m *historyModel) live(id ID) bool { return m.current(id) != tomb }

func (m *historyModel) pick(r *rand.Rand, want func(ID) bool) (ID, bool) {
	var ids []ID
	for _, id := range m.order {
		if want(id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return "", false
	}
	return ids[r.IntN(len(ids))], true
}

// written is one version a step wrote: the record and the version's number.
type written struct {
	id  ID
	seq int
}

func (m *historyModel) add(id ID, kind Kind, fp string) written {
	if _, ok := m.versions[id]; !ok {
		m.order = append(m.order, id)
	}
	m.kinds[id] = kind
	m.versions[id] = append(m.versions[id], fp)
	return written{id, len(m.versions[id])}
}

// addStep records one step of the undo log, writing each record's new version.
func (m *historyModel) addStep(ids []ID, fp func(ID) string) {
	var step []written
	for _, id := range ids {
		step = append(step, m.add(id, m.kinds[id], fp(id)))
	}
	m.steps = append(m.steps, step)
}

// historyProperty runs random creates, edits, deletions, restores and undos over
// every kind of record, the steps of seed, then checks the portfolio (live and
// reopened) against the model: the same current records, and every version of every
// record reachable. It runs from history_property_test.go, outside the package,
// which hands it the history package's operations in ops (the core cannot import
// them). With roundTrip, it then exports the whole archive, passes it through
// roundTrip (as a file would) and imports it into a new vault, which must hold the
// same current records and the same versions, numbers, devices and clocks; a second
// import must not change the file.
func historyProperty(t *testing.T, seed uint64, ops *HistoryOps, roundTrip *ArchiveTrip) {
	p, c := newTestPortfolio(t)
	r := rand.New(rand.NewPCG(seed, 14))
	m := &historyModel{kinds: map[ID]Kind{}, versions: map[ID][]string{}, parent: map[ID]ID{}, deleted: map[ID][]ID{}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
	}
	n := 0
	text := func() string { n++; return fmt.Sprintf("v%d", n) }
	kinds := []Kind{KindEntry, KindGoal, KindAction, KindRelationship, KindMeeting, KindRating, KindSettings}
	settingsID := ID("")
	for step := range 120 {
		c.advance(1)
		switch op := r.IntN(6); {
		case op == 0 || step < 10: // create
			kind := kinds[r.IntN(len(kinds))]
			fp := text()
			var id ID
			switch kind {
			case KindEntry:
				e, err := p.AddEntry(Entry{Title: fp, Functions: Functions(Normative)})
				must(err)
				id = e.ID
			case KindGoal:
				g, err := addGoal(p, Goal{Title: fp})
				must(err)
				id = g.ID
			case KindAction:
				a, err := addAction(p, Action{What: fp})
				must(err)
				id = a.ID
			case KindRelationship:
				rel, err := addRelationship(p, Relationship{Role: RoleMentee, Person: fp})
				must(err)
				id = rel.ID
			case KindMeeting, KindRating:
				rel, ok := m.pick(r, func(id ID) bool { return m.kinds[id] == KindRelationship && m.live(id) })
				if !ok {
					continue
				}
				if kind == KindMeeting {
					mt, _, err := recordMeeting(p, meetingRecord{RelationshipID: rel, Date: testToday - calendar.Date(r.IntN(300)), Notes: []Section{{Heading: "Notes", Body: fp}}})
					must(err)
					id = mt.ID
				} else {
					rt, err := addRating(p, Rating{Kind: RatingSkills, RelationshipID: rel, Date: testToday, Scores: []Score{{Name: MentorSkills[0], Value: 3}}, Note: fp})
					must(err)
					id = rt.ID
				}
				m.parent[id] = rel
			case KindSettings:
				if settingsID != "" {
					continue
				}
				must(p.SaveSettings(Settings{Organisation: fp}))
				settingsID = ID(p.settingsID.String())
				id = settingsID
			}
			m.kinds[id] = kind
			m.addStep([]ID{id}, func(ID) string { return fp })
		case op == 1 || op == 2: // edit
			id, ok := m.pick(r, m.live)
			if !ok {
				continue
			}
			fp := text()
			editRecord(t, p, m.kinds[id], id, fp)
			m.addStep([]ID{id}, func(ID) string { return fp })
		case op == 3: // delete
			id, ok := m.pick(r, func(id ID) bool { return m.live(id) && m.kinds[id] != KindSettings })
			if !ok {
				continue
			}
			err := deleteRecord(p, id, m.kinds[id])
			must(err)
			group := []ID{id}
			if m.kinds[id] == KindRelationship {
				for _, child := range m.order {
					if m.parent[child] == id && m.live(child) {
						group = append(group, child)
					}
				}
			}
			m.addStep(group, func(ID) string { return tomb })
			m.deleted[id] = group
		case op == 4: // restore a version, or from the trash
			id, ok := m.pick(r, func(ID) bool { return true })
			if !ok {
				continue
			}
			if !m.live(id) {
				err := ops.Restore(p, id, 0)
				must(err)
				// The record comes back as it was; a relationship with the meetings
				// and ratings deleted with it.
				group := []ID{id}
				if par := m.parent[id]; par != "" && !m.live(par) {
					group = append(group, par)
				}
				if g, ok := m.deleted[id]; ok && g[0] == id {
					for _, child := range g[1:] {
						if !m.live(child) && m.versions[child][len(m.versions[child])-1] == tomb && deletedTogether(m, id, child) {
							group = append(group, child)
						}
					}
				}
				m.addStep(group, func(g ID) string { return lastLive(m.versions[g]) })
				continue
			}
			vs := m.versions[id]
			seq := r.IntN(len(vs)) + 1
			if vs[seq-1] == tomb {
				if err := ops.Restore(p, id, seq); err == nil {
					t.Fatalf("restoring a deletion (version %d of %s) worked", seq, id)
				}
				continue
			}
			err := ops.Restore(p, id, seq)
			must(err)
			m.addStep([]ID{id}, func(ID) string { return vs[seq-1] })
		case op == 5: // undo
			if len(m.steps) == 0 {
				if err := ops.Undo(p); !errors.Is(err, storage.ErrNothingToUndo) {
					t.Fatalf("undo with nothing to undo: %v", err)
				}
				continue
			}
			last := m.steps[len(m.steps)-1]
			m.steps = m.steps[:len(m.steps)-1]
			err := ops.Undo(p)
			must(err)
			for _, w := range last {
				prev := tomb
				if w.seq > 1 {
					prev = m.versions[w.id][w.seq-2]
				}
				m.add(w.id, m.kinds[w.id], prev)
			}
		}
	}
	// The run must have done each kind of thing, or it proves little.
	versions, trashed := 0, 0
	for _, id := range m.order {
		versions += len(m.versions[id])
		if !m.live(id) {
			trashed++
		}
	}
	if len(m.order) < 10 || versions < 2*len(m.order) || trashed == 0 {
		t.Fatalf("seed %d: a thin run: %d records, %d versions, %d in the trash", seed, len(m.order), versions, trashed)
	}
	checkAgainstModel(t, p, m, ops)
	p = reopen(t, p, c)
	checkAgainstModel(t, p, m, ops)
	if roundTrip != nil {
		archiveRoundTrip(t, p, m, ops, roundTrip)
	}
}

func archiveRoundTrip(t *testing.T, p *Portfolio, m *historyModel, ops *HistoryOps, trip *ArchiveTrip) {
	t.Helper()
	want := trip.Export(t, p)
	q, qc := newTestPortfolio(t)
	qc.advance(2)
	rep, err := trip.Import(t, q, want)
	if err != nil || rep.Changed() == 0 {
		t.Fatalf("import of the whole archive: %v %v", rep, err)
	}
	checkAgainstModel(t, q, m, ops)
	trip.Same(t, want, trip.Export(t, q))
	before, _ := os.ReadFile(q.Path())
	rep, err = trip.Import(t, q, want)
	if err != nil || rep.Changed() != 0 {
		t.Fatalf("a second import: %v %v", rep.Lines(), err)
	}
	if after, _ := os.ReadFile(q.Path()); !bytes.Equal(before, after) {
		t.Error("a second import of the same archive changed the vault file")
	}
	q = reopen(t, q, qc)
	checkAgainstModel(t, q, m, ops)
	trip.Same(t, want, trip.Export(t, q))
}

// deletedTogether reports whether child's newest tombstone came in the same step as
// parent's: the step that deleted parent deleted child too, and neither came back
// since.
func deletedTogether(m *historyModel, parent, child ID) bool {
	for i := len(m.steps) - 1; i >= 0; i-- {
		s := m.steps[i]
		if slices.ContainsFunc(s, func(w written) bool { return w.id == child }) {
			return s[0].id == parent && m.current(child) == tomb
		}
	}
	return false
}

// lastLive is the newest version that is not a deletion.
func lastLive(vs []string) string {
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i] != tomb {
			return vs[i]
		}
	}
	return ""
}

func editRecord(t *testing.T, p *Portfolio, kind Kind, id ID, fp string) {
	t.Helper()
	var err error
	switch kind {
	case KindEntry:
		e, _ := p.Entry(id)
		c := *e
		c.Title = fp
		_, err = p.UpdateEntry(c)
	case KindGoal:
		g, _ := goalOf(p, id)
		c := *g
		c.Title = fp
		_, err = updateGoal(p, c)
	case KindAction:
		a, _ := actionOf(p, id)
		c := *a
		c.What = fp
		_, err = updateAction(p, c)
	case KindRelationship:
		rel, _ := relationshipOf(p, id)
		c := *rel
		c.Person = fp
		_, err = updateRelationship(p, c)
	case KindMeeting:
		mt, _ := meetingOf(p, id)
		c := *mt
		c.Notes = []Section{{Heading: "Notes", Body: fp}}
		_, err = updateMeeting(p, c)
	case KindRating:
		_, err = updateRatingNote(p, id, fp)
	case KindSettings:
		s := p.Settings()
		s.Organisation = fp
		err = p.SaveSettings(s)
	}
	if err != nil {
		t.Fatalf("edit %s %s: %v", kind, id, err)
	}
}

// liveFingerprint reads the record id as the portfolio holds it now.
func liveFingerprint(p *Portfolio, kind Kind, id ID) (string, bool) {
	switch kind {
	case KindEntry:
		e, ok := p.Entry(id)
		if ok {
			return e.Title, true
		}
	case KindGoal:
		g, ok := goalOf(p, id)
		if ok {
			return g.Title, true
		}
	case KindAction:
		a, ok := actionOf(p, id)
		if ok {
			return a.What, true
		}
	case KindRelationship:
		r, ok := relationshipOf(p, id)
		if ok {
			return r.Person, true
		}
	case KindMeeting:
		m, ok := meetingOf(p, id)
		if ok {
			return fingerprint(m), true
		}
	case KindRating:
		for _, r := range ratingsOf(p, RatingSkills, "") {
			if r.ID == id {
				return r.Note, true
			}
		}
	case KindSettings:
		return p.Settings().Organisation, true
	}
	return "", false
}

func checkAgainstModel(t *testing.T, p *Portfolio, m *historyModel, ops *HistoryOps) {
	t.Helper()
	trash, err := ops.Trash(p)
	if err != nil {
		t.Fatal(err)
	}
	inTrash := map[ID]bool{}
	for _, it := range trash {
		inTrash[it.ID] = true
		if it.Kind != KindSettings && fingerprint(it.Last.Record) != lastLive(m.versions[it.ID]) {
			t.Errorf("trash shows %s as %q, want %q", it.ID, fingerprint(it.Last.Record), lastLive(m.versions[it.ID]))
		}
	}
	for _, id := range m.order {
		kind := m.kinds[id]
		got, ok := liveFingerprint(p, kind, id)
		if want := m.current(id); want == tomb {
			if ok && kind != KindSettings {
				t.Errorf("%s %s is live (%q) but should be in the trash", kind, id, got)
			}
			if !inTrash[id] {
				t.Errorf("%s %s is not in the trash", kind, id)
			}
		} else if !ok || got != want {
			t.Errorf("%s %s is %q (%v), want %q", kind, id, got, ok, want)
		}
		vs, err := ops.History(p, id)
		if err != nil {
			t.Fatalf("history of %s: %v", id, err)
		}
		var fps []string
		for i, v := range vs {
			if v.Seq != i+1 || v.Kind != kind || v.ID != id {
				t.Errorf("version %d of %s is %+v", i+1, id, v)
			}
			if v.Deleted {
				fps = append(fps, tomb)
			} else {
				fps = append(fps, fingerprint(v.Record))
			}
		}
		if !slices.Equal(fps, m.versions[id]) {
			t.Errorf("%s %s versions\n got %v\nwant %v", kind, id, fps, m.versions[id])
		}
	}
	if len(trash) != len(inTrash) {
		t.Errorf("the trash lists a record twice")
	}
}

// A new collection must say whether it keeps versions: records a user edits do; data
// derived from them, and the vault's key, do not; nor attachment manifests, which
// follow their record into the trash and back (attachments.go), nor the journal of
// an import under way (txapi_import.go).
func TestEveryCollectionDecidesOnHistory(t *testing.T) {
	without := []string{catalogue.Coll, catalogue.CollIndex, collKeys, collAttachments, journal.Coll}
	for _, c := range collections() {
		if slices.Contains(historyCollectionList(), c) == slices.Contains(without, c) {
			t.Errorf("collection %q must be in exactly one of historyCollectionList and the list without history", c)
		}
	}
}

func TestSettingsHistoryDaysRoundTrip(t *testing.T) {
	var s Settings
	if err := record.DecodeSettings(record.EncodeSettings(&Settings{HistoryDays: 365}), &s); err != nil || s.HistoryDays != 365 {
		t.Errorf("round trip: %+v %v", s, err)
	}
	var enc codec.Encoder
	enc.Uint(codec.SettingsHistoryDays, MaxHistoryDays+1)
	if err := record.DecodeSettings(enc.B, &s); err == nil {
		t.Error("a stored retention beyond the cap was read")
	}
}

// Every kind that keeps history has what the archive needs of its row: a record
// type to decode a version into, an encoding, a place in the archive's order and the
// importer's words. (That the archive lists it: TestEveryKindIsListed in
// portfolio/archive.)
func TestEveryHistoryKindIsArchived(t *testing.T) {
	seen := map[Kind]bool{}
	for _, spec := range recordKinds() {
		kind, coll := spec.Kind, spec.Coll
		if seen[kind] {
			t.Errorf("%s is in the table twice", kind)
		}
		seen[kind] = true
		row, ok := KindOf(kind)
		if !ok {
			t.Errorf("%s (%s) has no row", kind, coll)
			continue
		}
		rec := row.NewRecord()
		if row.Word() == "" || row.Counts() == "" {
			t.Errorf("%s is missing from the archive's kind tables", kind)
		}
		if c, err := historyCollection(kind); err != nil || c != coll {
			t.Errorf("%s's collection is %q, %v", kind, c, err)
		}
		if k, ok := historyKind(coll); !ok || k != kind {
			t.Errorf("%s's collection %s keeps versions of %q", kind, coll, k)
		}
		if s, ok := specOfRecord(rec); !ok || s.Kind != kind {
			t.Errorf("a %T is not known as a %s", rec, kind)
		}
	}
	if len(seen) != len(historyCollectionList()) {
		t.Errorf("the table has %d kinds; %d collections keep history", len(seen), len(historyCollectionList()))
	}
}
