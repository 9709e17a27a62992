package document

import (
	"fmt"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/outcomes"
)

// CoverageSection is one framework's coverage as a table: each outcome, how many
// entries are mapped to it, and "gap" where none is. Only folio's counts and the
// framework's wording: nothing of the user's to scan.
func CoverageSection(c outcomes.Coverage) Section {
	sec := Section{Heading: "Coverage: " + c.Title}
	sec.Blocks = append(sec.Blocks, docPara("%d of %d outcomes have an entry mapped to them; %d %s. Source: %s.",
		c.Covered, len(c.Rows), c.Gaps, map[bool]string{true: "is a gap", false: "are gaps"}[c.Gaps == 1], c.Source))
	var rows [][]string
	for _, r := range c.Rows {
		mark := ""
		if r.Gap() {
			mark = "gap"
		}
		rows = append(rows, []string{r.Outcome.ID, r.Outcome.Text, fmt.Sprint(r.Count), mark})
	}
	sec.Blocks = append(sec.Blocks, docTable([]string{"Outcome", "", "Entries", ""}, rows))
	for _, u := range c.Unknown {
		sec.Blocks = append(sec.Blocks, docPara("%d %s mapped to %s:%s, which the framework no longer has.", len(u.Entries), entriesWord(len(u.Entries)), c.Framework, u.Outcome))
	}
	return sec
}

// WithCoverage is d with a coverage section for each framework that an entry
// matching q is mapped to, in the order given. The counts include private
// entries, as the readiness counts do: a number, never their text.
func WithCoverage(d Doc, p *portfolio.Portfolio, fws []portfolio.Framework, q portfolio.Query) Doc {
	for i := range fws {
		c := outcomes.CoverageOf(p, &fws[i], q)
		if c.Covered == 0 && len(c.Unknown) == 0 {
			continue
		}
		d.Sections = append(d.Sections, CoverageSection(c))
	}
	return d
}
