package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio/document"
)

// BenchmarkPDF renders a year's pack: 200 entries of about 2 KB, names in several
// scripts, so the cost of shaping and subsetting shows.
func BenchmarkPDF(b *testing.B) {
	var blocks []document.Block
	body := strings.Repeat("Checked the **inhaler technique** of a patient with poor control. ", 30)
	for i := range 200 {
		blocks = append(blocks, document.Block{Kind: document.BlockRecord, Record: &document.Record{
			Title: fmt.Sprintf("Entry %d with محمد and דוד", i), Meta: "10 February 2026 · formative", Body: body,
		}})
	}
	d := document.Doc{Title: "Pack", Sections: []document.Section{{Heading: "Entries", Blocks: blocks}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RenderPDF(d, nil); err != nil {
			b.Fatal(err)
		}
	}
}
