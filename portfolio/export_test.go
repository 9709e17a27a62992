package portfolio

// ForceAgendaItem adds an item to a meeting's agenda in memory, past validation, as
// a damaged or hostile record might: for tests of what reads agendas.
func ForceAgendaItem(p *Portfolio, meetingID ID, it AgendaItem) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m.meetings[meetingID].Agenda = append(p.m.meetings[meetingID].Agenda, it)
}
