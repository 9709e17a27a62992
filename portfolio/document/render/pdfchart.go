package render

import "github.com/foliohq/folio/portfolio/document"

// chart draws a chart as bars: each bar's label, then a row per series with its
// name, an outlined track, the filled share and the value's text.
func (w *pdfWriter) chart(c *document.Chart) {
	if c == nil {
		return
	}
	l := w.layout
	size := l.Size.Body - 1
	lh := w.lineHeight(size)
	seriesW, valueW := 18.0, 32.0
	trackW := w.width - seriesW - valueW
	for _, bar := range c.Bars {
		w.keepWithNext(lh * float64(1+len(bar.Values)))
		w.text("B", size, oneLine(bar.Label), 0)
		for j, v := range bar.Values {
			series := ""
			if j < len(c.Series) {
				series = oneLine(c.Series[j])
			}
			y := w.pdf.GetY()
			w.font("", size)
			w.pdf.SetX(l.Margin)
			w.pdf.Cell(seriesW, lh, w.printable(series))
			barH := lh * 0.7
			top := y + (lh-barH)/2
			w.pdf.SetDrawColor(170, 170, 170)
			w.pdf.Rect(l.Margin+seriesW, top, trackW, barH, "D")
			if share := v.Share(); share > 0 {
				col := seriesColours[j%len(seriesColours)]
				w.pdf.SetFillColor(uint8(col[0]), uint8(col[1]), uint8(col[2]))
				w.pdf.Rect(l.Margin+seriesW, top, trackW*share, barH, "F")
				w.pdf.SetFillColor(255, 255, 255)
			}
			w.pdf.SetDrawColor(0, 0, 0)
			w.pdf.SetXY(l.Margin+seriesW+trackW+2, y)
			w.pdf.Cell(valueW-2, lh, w.printable(oneLine(v.Text)))
			w.pdf.Ln(lh)
		}
		w.gap(1)
	}
}
