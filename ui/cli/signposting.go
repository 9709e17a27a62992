package cli

import (
	"fmt"
	"io"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/ui/sanitize"
)

// writeSignposting lists the support services: the urgent routes first, under their
// own line, then the rest. The list is the user's to edit, so it is made inert.
func writeSignposting(w io.Writer, sp fill.Signposting) {
	if urgent := sp.Urgent(); len(urgent) > 0 {
		if sp.UrgentIntro != "" {
			fmt.Fprintln(w, sanitize.Text(sp.UrgentIntro))
		}
		for _, svc := range urgent {
			fmt.Fprintf(w, "- %s\n", sanitize.Text(fill.ServiceLine(svc)))
		}
		fmt.Fprintln(w)
	}
	if support := sp.Support(); len(support) > 0 {
		fmt.Fprintln(w, sanitize.Text(sp.Intro))
		for _, svc := range support {
			fmt.Fprintf(w, "- %s\n", sanitize.Text(fill.ServiceLine(svc)))
		}
	}
}

// signpostAfterSave shows the support services, on standard error so that standard
// output stays the ID or the JSON, after a restorative entry is saved: the moment
// someone has just written about something hard.
func (s *session) signpostAfterSave(e *portfolio.Entry) {
	if e == nil || !e.Functions.Has(portfolio.Restorative) {
		return
	}
	l, err := s.library()
	if err != nil {
		return
	}
	fmt.Fprintln(s.Stderr)
	writeSignpostingBrief(s.Stderr, l.Signposting())
}

// keptAfterSave is the support service named in full after every save, with the
// urgent routes: the pharmacy profession's own.
const keptAfterSave = "Pharmacist Support"

// writeSignpostingBrief is writeSignposting for someone who may see it daily: the
// urgent routes and Pharmacist Support in full, the rest as one line saying where
// the whole list is.
func writeSignpostingBrief(w io.Writer, sp fill.Signposting) {
	brief, others := sp, 0
	brief.Services = sp.Urgent()
	for _, svc := range sp.Support() {
		if svc.Name == keptAfterSave {
			brief.Services = append(brief.Services, svc)
		} else {
			others++
		}
	}
	writeSignposting(w, brief)
	switch {
	case others == 1:
		fmt.Fprintln(w, "- 1 more service: folio templates show professional-debrief")
	case others > 1:
		fmt.Fprintf(w, "- %d more services: folio templates show professional-debrief\n", others)
	}
}
