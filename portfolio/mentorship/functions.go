package mentorship

import (
	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/goals"
)

// DefaultMeetingFunctions are a meeting's Proctor functions when none are given:
// restorative for peer support, formative for mentoring and action learning.
func DefaultMeetingFunctions(role portfolio.Role) portfolio.Functions {
	if role == portfolio.RolePeerSupport {
		return portfolio.Functions(portfolio.Restorative)
	}
	return portfolio.Functions(portfolio.Formative)
}

// meetingFunctions is what a meeting of relID carries: fs if given, else the
// default for the relationship's role.
func meetingFunctions(tx *portfolio.Tx, relID portfolio.ID, fs portfolio.Functions) portfolio.Functions {
	if !fs.Empty() {
		return fs
	}
	if r, ok := portfolio.Get[portfolio.Relationship](tx, relID); ok {
		return DefaultMeetingFunctions(r.Role)
	}
	return portfolio.Functions(portfolio.Formative)
}

// FunctionsOf is a meeting's Proctor functions; meetings saved before meetings had
// functions count as their relationship's default.
func FunctionsOf(p *portfolio.Portfolio, m *portfolio.Meeting) portfolio.Functions {
	if !m.Functions.Empty() {
		return m.Functions
	}
	if r, ok := Relationship(p, m.RelationshipID); ok {
		return DefaultMeetingFunctions(r.Role)
	}
	return portfolio.Functions(portfolio.Formative)
}

// BalanceRow is how many of one kind of record serve each function.
type BalanceRow struct {
	What        string `json:"what"`
	Normative   int    `json:"normative"`
	Formative   int    `json:"formative"`
	Restorative int    `json:"restorative"`
}

func (b *BalanceRow) add(fs portfolio.Functions) {
	if fs.Has(portfolio.Normative) {
		b.Normative++
	}
	if fs.Has(portfolio.Formative) {
		b.Formative++
	}
	if fs.Has(portfolio.Restorative) {
		b.Restorative++
	}
}

// Balance counts, per Proctor function, the entries dated, the meetings held, the
// goals created and the actions due (else created) from since to until inclusive: so
// restorative work done in meetings shows beside what was written. A record with two
// functions counts under each. An action counts under its goal's functions; one
// without a goal is left out of the action row, having no function of its own.
func Balance(p *portfolio.Portfolio, since, until calendar.Date) []BalanceRow {
	in := func(d calendar.Date) bool { return d >= since && (until.IsZero() || d <= until) }
	rows := []BalanceRow{{What: "entries"}, {What: "meetings"}, {What: "goals"}, {What: "actions"}}
	for _, e := range p.Find(portfolio.Query{Since: since, Until: until}) {
		rows[0].add(e.Functions)
	}
	for _, m := range Meetings(p, "") {
		if m.Held && in(m.Date) {
			rows[1].add(FunctionsOf(p, m))
		}
	}
	for _, st := range []portfolio.GoalStatus{portfolio.GoalOpen, portfolio.GoalAchieved, portfolio.GoalDropped} {
		for _, g := range goals.List(p, st) {
			if in(calendar.DateOf(g.Created)) {
				rows[2].add(g.Functions)
			}
		}
	}
	for _, a := range goals.AllActions(p) {
		g, ok := goals.Get(p, a.GoalID)
		if !ok {
			continue
		}
		day := a.Due
		if day.IsZero() {
			day = calendar.DateOf(a.Created)
		}
		if in(day) {
			rows[3].add(g.Functions)
		}
	}
	return rows
}
