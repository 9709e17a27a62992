package mentorship

// DefaultMeetingFunctions are a meeting's Proctor functions when none are given:
// restorative for peer support, formative for mentoring and action learning.
func DefaultMeetingFunctions(role Role) Functions {
	if role == RolePeerSupport {
		return Functions(Restorative)
	}
	return Functions(Formative)
}

// meetingFunctions is what a meeting of relID carries: fs if given, else the
// default for the relationship's role. The caller holds p.mu.
func (p *Portfolio) meetingFunctions(relID ID, fs Functions) Functions {
	if !fs.Empty() {
		return fs
	}
	if r, ok := p.m.relationships[relID]; ok {
		return DefaultMeetingFunctions(r.Role)
	}
	return Functions(Formative)
}

// FunctionsOf is a meeting's Proctor functions; meetings saved before meetings had
// functions count as their relationship's default.
func (p *Portfolio) FunctionsOf(m *Meeting) Functions {
	if !m.Functions.Empty() {
		return m.Functions
	}
	if r, ok := p.Relationship(m.RelationshipID); ok {
		return DefaultMeetingFunctions(r.Role)
	}
	return Functions(Formative)
}

// BalanceRow is how many of one kind of record serve each function.
type BalanceRow struct {
	What        string `json:"what"`
	Normative   int    `json:"normative"`
	Formative   int    `json:"formative"`
	Restorative int    `json:"restorative"`
}

func (b *BalanceRow) add(fs Functions) {
	if fs.Has(Normative) {
		b.Normative++
	}
	if fs.Has(Formative) {
		b.Formative++
	}
	if fs.Has(Restorative) {
		b.Restorative++
	}
}

// Balance counts, per Proctor function, the entries dated, the meetings held, the
// goals created and the actions due (else created) from since to until inclusive: so
// restorative work done in meetings shows beside what was written. A record with two
// functions counts under each. An action counts under its goal's functions; one
// without a goal is left out of the action row, having no function of its own.
func (p *Portfolio) Balance(since, until calendar.Date) []BalanceRow {
	in := func(d calendar.Date) bool { return d >= since && (until.IsZero() || d <= until) }
	rows := []BalanceRow{{What: "entries"}, {What: "meetings"}, {What: "goals"}, {What: "actions"}}
	for _, e := range p.Find(Query{Since: since, Until: until}) {
		rows[0].add(e.Functions)
	}
	for _, m := range p.Meetings("") {
		if m.Held && in(m.Date) {
			rows[1].add(p.FunctionsOf(m))
		}
	}
	for _, st := range []GoalStatus{GoalOpen, GoalAchieved, GoalDropped} {
		for _, g := range p.Goals(st) {
			if in(calendar.DateOf(g.Created)) {
				rows[2].add(g.Functions)
			}
		}
	}
	for _, a := range p.AllActions() {
		g, ok := p.Goal(a.GoalID)
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
