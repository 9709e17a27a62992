package document

import (
	"fmt"
	"slices"

	"github.com/foliohq/folio/portfolio"
)

// Omitted counts the named entries a document leaves out, so the person can be told
// why what they picked is not there.
type Omitted struct {
	// Private entries, left out unless private ones are asked for.
	Private int
	// MentorReflections are a mentor's own reflections, never exported.
	MentorReflections int
}

// SelectionSummary is a document of entries the person picked by hand (in the app's
// entries list): the balance of the picked entries by function, then each entry,
// oldest first. Private entries are left out unless includePrivate; a mentor's own
// reflections are always left out. Both are counted in the Omitted returned.
func SelectionSummary(p *portfolio.Portfolio, ids []portfolio.ID, includePrivate bool) (Doc, Omitted, error) {
	var entries []*portfolio.Entry
	var left Omitted
	seen := map[portfolio.ID]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		e, ok := p.Entry(id)
		switch {
		case !ok:
			return Doc{}, left, fmt.Errorf("%w: no entry %s", portfolio.ErrNotFound, id)
		case e.IsMentorReflection():
			left.MentorReflections++
		case e.Sharing == portfolio.SharingPrivate && !includePrivate:
			left.Private++
		default:
			entries = append(entries, e)
		}
	}
	if len(entries) == 0 && len(seen) == 0 {
		return Doc{}, left, invalid("pick at least one entry to export")
	}
	slices.SortStableFunc(entries, func(a, b *portfolio.Entry) int {
		if c := int(a.Date - b.Date); c != 0 {
			return c
		}
		return a.Created.Compare(b.Created)
	})
	d := Doc{
		Title:     "Reflective entries",
		Subtitle:  fmt.Sprintf("%d %s", len(entries), entriesWord(len(entries))),
		Generated: p.Today(),
		DateStyle: datesOf(p).style(),
	}
	if len(entries) > 0 {
		first, last := entries[0].Date, entries[len(entries)-1].Date
		if first == last {
			d.Subtitle += fmt.Sprintf(" of %s", datesOf(p).long(first))
		} else {
			d.Subtitle += fmt.Sprintf(", %s to %s", datesOf(p).long(first), datesOf(p).long(last))
		}
	}
	d.Sections = append(d.Sections, Section{Heading: "Balance by function", Blocks: []Block{functionBalance(entries)}})
	sec := Section{Heading: "Entries"}
	if len(entries) == 0 {
		sec.Blocks = append(sec.Blocks, docPara("No entries."))
	}
	defs := loadFieldDefs()
	for _, e := range entries {
		sec.Blocks = append(sec.Blocks, Block{Kind: BlockRecord, Record: recordOf(defs, datesOf(p), e)})
	}
	d.Sections = append(d.Sections, sec)
	return d, left, nil
}
