package evaluation

import (
	"strings"

	"github.com/foliohq/folio/portfolio/document"
)

// chartOf is a role's rated items as a chart: for each item asked of the role, its
// favourable share at the start and at the end, in the paper's form beside each bar.
func chartOf(q Questionnaire, t Tallies, role string) *document.Chart {
	c := &document.Chart{}
	for _, stage := range Stages {
		c.Series = append(c.Series, strings.ToUpper(stage[:1])+stage[1:])
	}
	for _, it := range q.Items {
		if it.Scale == "" || !it.Asked(role, "") {
			continue
		}
		bar := document.ChartBar{Label: it.Text}
		for _, stage := range Stages {
			v := document.ChartValue{Text: "not asked"}
			if it.Asked(role, stage) {
				v.Text = t.Cell(role, it.ID, stage)
				if c := t[role][it.ID][stage]; c != nil {
					v.N, v.Of = c.Favourable, c.Answered
				}
			}
			bar.Values = append(bar.Values, v)
		}
		c.Bars = append(c.Bars, bar)
	}
	return c
}
