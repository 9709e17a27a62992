package portfolio

import "testing"

// ForceAgendaItem adds an item to a meeting's agenda in memory, past validation, as
// a damaged or hostile record might: for tests of what reads agendas.
func ForceAgendaItem(p *Portfolio, meetingID ID, it AgendaItem) {
	p.mu.Lock()
	defer p.mu.Unlock()
	m := records[Meeting](p)[meetingID]
	m.Agenda = append(m.Agenda, it)
}

// ArchiveTrip is an archive's round trip, for the history property: Export a vault
// whole, history included; Import an export into another vault, through the file
// format; Same compares two exports but for when they were made and read.
type ArchiveTrip struct {
	Export func(testing.TB, *Portfolio) any
	Import func(testing.TB, *Portfolio, any) (ImportReport, error)
	Same   func(testing.TB, any, any)
}

// ImportReport is what the round trip asks of an import's report (archive.Report),
// which the core cannot import.
type ImportReport interface {
	Changed() int
	Lines() []string
}

// HistoryOps are the operations of portfolio/history the history property drives,
// handed in by a test outside the package, since the core cannot import them.
type HistoryOps struct {
	History func(*Portfolio, ID) ([]Version, error)
	Restore func(p *Portfolio, id ID, seq int) error
	Undo    func(*Portfolio) error
	Trash   func(*Portfolio) ([]TrashEntry, error)
}

// TrashEntry is a record in the trash as history.Trash lists it.
type TrashEntry struct {
	Kind Kind
	ID   ID
	Last Version
}

// HistoryProperty runs the history property test of seed on ops, with an archive
// round trip through trip if it is not nil, for a test outside the package.
func HistoryProperty(t *testing.T, seed uint64, ops *HistoryOps, trip *ArchiveTrip) {
	historyProperty(t, seed, ops, trip)
}
