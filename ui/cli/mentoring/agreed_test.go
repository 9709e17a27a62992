package mentoring

import (
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio/calendar"
)

// A refused due date is quoted as the user meant it, without the space after the
// bar that separates it from the action.
func TestAgreedDueErrorQuotesTheDate(t *testing.T) {
	today := calendar.MakeDate(2026, 11, 29)
	_, err := agreedActions([]string{"Read the renal guideline | in 2 months"}, today)
	if err == nil {
		t.Fatal("a due date in months was accepted")
	}
	if msg := err.Error(); !strings.Contains(msg, `"in 2 months"`) {
		t.Errorf("error %q does not quote the date as typed", msg)
	}
	got, err := agreedActions([]string{"Shadow the clinic |  in 2 weeks "}, today)
	if err != nil || len(got) != 1 || got[0].What != "Shadow the clinic" || got[0].Due != calendar.MakeDate(2026, 12, 13) {
		t.Errorf("agreedActions = %+v, %v; want the action due 2026-12-13", got, err)
	}
}
