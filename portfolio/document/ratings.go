package document

import (
	"fmt"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/mentorship"
)

// ratingsSection is the relationship's progress self-ratings as a before-and-after
// table. A mentor's skills ratings are private and never in a document.
func ratingsSection(p *portfolio.Portfolio, relID portfolio.ID) []Section {
	table := mentorship.BeforeAfter(mentorship.Ratings(p, portfolio.RatingProgress, relID))
	if len(table) == 0 {
		return nil
	}
	cell := func(v int) string {
		if v == 0 {
			return "–"
		}
		return fmt.Sprint(v)
	}
	rows := make([][]string, 0, len(table))
	for _, r := range table {
		change := ""
		if c, ok := r.Change(); ok {
			change = fmt.Sprintf("%+d", c)
		}
		rows = append(rows, []string{r.Item, cell(r.Start), cell(r.Middle), cell(r.End), change})
	}
	return []Section{{Heading: "Self-ratings, before and after", Blocks: []Block{
		docPara("Self-rated from 1 to 5; the latest rating at each stage."),
		docTable([]string{"Outcome", "Start", "Middle", "End", "Change"}, rows),
	}}}
}
