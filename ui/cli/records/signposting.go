package records

import (
	"fmt"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/cli/clienv"
)

// signpostAfterSave shows the support services, on standard error so that standard
// output stays the ID or the JSON, after a restorative entry is saved: the moment
// someone has just written about something hard.
func (s *session) signpostAfterSave(e *portfolio.Entry) {
	if e == nil || !e.Functions.Has(portfolio.Restorative) {
		return
	}
	l, err := s.Library()
	if err != nil {
		return
	}
	fmt.Fprintln(s.Stderr)
	clienv.WriteSignpostingBrief(s.Stderr, l.Signposting())
}
