package archive

import (
	"testing"

	"github.com/foliohq/folio/portfolio"
)

// TestReportHasALineForEveryKind: a kind added to the core's table gets a line in
// an import's report (the core's TestEveryHistoryKindIsArchived checks the rest).
func TestReportHasALineForEveryKind(t *testing.T) {
	r := NewReport()
	for _, k := range portfolio.Kinds() {
		if r.Counts[k.Counts()] == nil {
			t.Errorf("%s (%q) has no line in the import report", k.Kind(), k.Counts())
		}
	}
}
