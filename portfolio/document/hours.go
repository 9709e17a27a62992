package document

import (
	"fmt"

	"github.com/foliohq/folio/portfolio/revalidation"
)

// hoursSection is the time recorded in the period's entries: in all, per year, per
// function and per record kind. Only numbers and folio's labels: nothing to scan.
func hoursSection(h revalidation.Hours, from, until string) Section {
	sec := Section{Heading: "CPD hours"}
	if h.Entries == 0 {
		sec.Blocks = append(sec.Blocks, docPara("No entry dated %s to %s records the time spent.", from, until))
		return sec
	}
	sec.Blocks = append(sec.Blocks, docPara("Time recorded in entries dated %s to %s: %s. An entry with two functions counts under each.", from, until, h.Line()))
	var rows [][]string
	for _, group := range []struct {
		name string
		rows []revalidation.HoursRow
	}{{"Year", h.ByYear}, {"Function", h.ByFunction}, {"Record", h.ByKind}} {
		for _, r := range group.rows {
			rows = append(rows, []string{group.name, r.Label, revalidation.HoursText(r.Hours), fmt.Sprint(r.Entries)})
		}
	}
	sec.Blocks = append(sec.Blocks, docTable([]string{"By", "", "Hours", "Entries"}, rows))
	return sec
}
