package archive

import (
	"maps"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
)

// staged is the vault as an import checks against: the live records' IDs (and what
// the rules ask of entries and contacts) as the core held them when the import
// began, the records the import adds, and the trash as staged. It answers the record
// rules' questions (validate.Links), so the checks a save applies see every link
// against the vault and the import together. It holds what the core's maps hold,
// never a copy of a record: entries' metadata and contacts as the core keeps them,
// which the caller must not change.
type staged struct {
	today func() calendar.Date
	// entries are the live entries' metadata by ID; contacts the contacts, whose
	// names are unique; ids every other kind's IDs.
	entries  map[ID]*portfolio.Entry
	contacts map[ID]*portfolio.Contact
	ids      map[Kind]map[ID]bool
	// trash is the trash as staged: the vault's (Staging.Trashed) and what Trash
	// added; nil until Trashed is asked.
	trash map[ID]Kind
}

// newStaged is the vault of st as an import begins.
func newStaged(p *portfolio.Portfolio, st *portfolio.Staged) *staged {
	s := &staged{
		today: p.Today, entries: map[ID]*portfolio.Entry{},
		contacts: map[ID]*portfolio.Contact{}, ids: map[Kind]map[ID]bool{},
	}
	st.EachMeta(func(e *portfolio.Entry) { s.entries[e.ID] = e })
	st.Live(func(kind Kind, id ID) {
		switch kind {
		case portfolio.KindEntry:
		case portfolio.KindContact:
			if c, ok := st.Current(kind, id).(*portfolio.Contact); ok {
				s.contacts[id] = c
			}
		default:
			s.add(kind, id)
		}
	})
	return s
}

func (s *staged) add(kind Kind, id ID) {
	if s.ids[kind] == nil {
		s.ids[kind] = map[ID]bool{}
	}
	s.ids[kind][id] = true
}

// forVersions is a copy to check old versions against, its trash a copy too. It
// holds no contacts: contact names are unique among current contacts only, and an
// old version may hold a name another contact has since taken.
func (s *staged) forVersions() *staged {
	v := &staged{
		today: s.today, entries: maps.Clone(s.entries), contacts: map[ID]*portfolio.Contact{},
		ids: make(map[Kind]map[ID]bool, len(s.ids)), trash: maps.Clone(s.trash),
	}
	for k, ids := range s.ids {
		v.ids[k] = maps.Clone(ids)
	}
	if v.trash == nil {
		v.trash = map[ID]Kind{}
	}
	return v
}

// stage adds rec, so that links to it validate. Settings and the kinds kept in the
// vault alone (questionnaires) are not linked to and not staged.
func (s *staged) stage(rec any) {
	switch x := rec.(type) {
	case *portfolio.Entry:
		s.entries[x.ID] = x
	case *portfolio.Contact:
		s.contacts[x.ID] = x
	case *portfolio.Settings, *portfolio.Evaluation:
	default:
		if row, ok := portfolio.KindOfRecord(rec); ok {
			s.add(row.Kind(), row.ID(rec))
		}
	}
}

// check validates rec as an import does, against the staged vault.
func (s *staged) check(rec any) error {
	row, ok := portfolio.KindOfRecord(rec)
	if !ok {
		return portfolio.Invalid("a %T is not a record", rec)
	}
	return row.Check(s, rec)
}

// has says the staged vault holds a record of kind with this ID.
func (s *staged) has(kind Kind, id ID) bool {
	switch kind {
	case portfolio.KindEntry:
		return s.entries[id] != nil
	case portfolio.KindContact:
		return s.contacts[id] != nil
	}
	return s.ids[kind][id]
}

// The record rules' questions (validate.Links), answered from the staged vault.

func (s *staged) Today() calendar.Date       { return s.today() }
func (s *staged) InTrash(id ID) bool         { _, ok := s.trash[id]; return ok }
func (s *staged) HasGoal(id ID) bool         { return s.ids[portfolio.KindGoal][id] }
func (s *staged) HasAction(id ID) bool       { return s.ids[portfolio.KindAction][id] }
func (s *staged) HasMeeting(id ID) bool      { return s.ids[portfolio.KindMeeting][id] }
func (s *staged) HasRelationship(id ID) bool { return s.ids[portfolio.KindRelationship][id] }

func (s *staged) ContactNamed(name string, except ID) (string, bool) {
	for id, o := range s.contacts {
		if id != except && strings.EqualFold(o.Name, name) {
			return o.Name, true
		}
	}
	return "", false
}

func (s *staged) Entry(id ID) (offerable, ok bool) {
	e, ok := s.entries[id]
	return ok && e.Offerable(), ok
}
