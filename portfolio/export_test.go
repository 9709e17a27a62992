package portfolio

import "testing"

// ForceAgendaItem adds an item to a meeting's agenda in memory, past validation, as
// a damaged or hostile record might: for tests of what reads agendas.
func ForceAgendaItem(p *Portfolio, meetingID ID, it AgendaItem) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m.meetings[meetingID].Agenda = append(p.m.meetings[meetingID].Agenda, it)
}

// ArchiveTrip is an archive's round trip, for the history property: Export a vault
// whole, history included; Import an export into another vault, through the file
// format; Same compares two exports but for when they were made and read.
type ArchiveTrip struct {
	Export func(testing.TB, *Portfolio) any
	Import func(testing.TB, *Portfolio, any) (*ImportReport, error)
	Same   func(testing.TB, any, any)
}

// HistoryProperty runs the history property test of seed with an archive round trip
// through trip, for a test outside the package that reads and writes the file.
func HistoryProperty(t *testing.T, seed uint64, trip *ArchiveTrip) {
	historyProperty(t, seed, trip)
}
