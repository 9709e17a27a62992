package records

import (
	"fmt"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/storage"
)

// TestListingLinesInOrder checks that the listing laid out in parts over the
// cores is the lines one loop writes, in order, at sizes either side of a part.
func TestListingLinesInOrder(t *testing.T) {
	for _, n := range []int{0, 1, linesPerPart - 1, linesPerPart, 2*linesPerPart + 1, 5000} {
		found := make([]*portfolio.Entry, n)
		var want strings.Builder
		for i := range found {
			found[i] = &portfolio.Entry{ID: portfolio.ID(storage.NewID().String()), Title: fmt.Sprintf("entry %d\x1b[2J", i),
				Date: calendar.MakeDate(2026, 1, 1+i%28), Tags: []string{"audit", fmt.Sprint(i)}}
			want.WriteString(entryLine(found[i]) + "\n")
		}
		var got strings.Builder
		for _, part := range listingLines(found) {
			got.Write(part)
		}
		if got.String() != want.String() {
			t.Errorf("%d entries: the listing laid out in parts differs from one loop's", n)
		}
	}
}
