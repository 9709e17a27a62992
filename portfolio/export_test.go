package portfolio

import "testing"

// ForceAgendaItem adds an item to a meeting's agenda in memory, past validation, as
// a damaged or hostile record might: for tests of what reads agendas.
func ForceAgendaItem(p *Portfolio, meetingID ID, it AgendaItem) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m.meetings[meetingID].Agenda = append(p.m.meetings[meetingID].Agenda, it)
}

// HistoryProperty runs the history property test of seed with an archive round trip
// through roundTrip, for a test outside the package that reads and writes the file.
func HistoryProperty(t *testing.T, seed uint64, roundTrip func(testing.TB, *Archive) *Archive) {
	historyProperty(t, seed, roundTrip)
}
