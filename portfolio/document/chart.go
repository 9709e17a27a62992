package document

// BlockChart is a bar chart of shares (Block.Chart).
const BlockChart BlockKind = "chart"

// Chart is a bar chart of shares: for each bar, one value per series, each a count
// of a total (17 of 18 answered favourably). Markdown draws it as text bars, HTML
// as inline SVG, PDF as drawn bars.
type Chart struct {
	// Series names the values of every bar, in order ("Start", "End").
	Series []string
	Bars   []ChartBar
}

// ChartBar is one labelled bar group.
type ChartBar struct {
	Label  string
	Values []ChartValue
}

// ChartValue is N of Of, with Text the value as written beside its bar
// ("94% (17/18)"). Of 0 means there is nothing to draw.
type ChartValue struct {
	N, Of int
	Text  string
}

// Share is N/Of from 0 to 1, or 0 when there is nothing to draw.
func (v ChartValue) Share() float64 {
	if v.Of <= 0 || v.N <= 0 {
		return 0
	}
	return min(1, float64(v.N)/float64(v.Of))
}
