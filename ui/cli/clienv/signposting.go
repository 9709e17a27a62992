package clienv

import (
	"fmt"
	"io"

	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/portfolio/outcomes"
	"github.com/foliohq/folio/ui/sanitize"
)

// WriteSignposting lists the support services: the urgent routes first, under their
// own line, then the rest. The list is the user's to edit, so it is made inert.
func WriteSignposting(w io.Writer, sp fill.Signposting) {
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

// keptAfterSave is the support service named in full after every save, with the
// urgent routes: the pharmacy profession's own.
const keptAfterSave = "Pharmacist Support"

// WriteSignpostingBrief is WriteSignposting for someone who may see it daily: the
// urgent routes and Pharmacist Support in full, the rest as one line saying where
// the whole list is.
func WriteSignpostingBrief(w io.Writer, sp fill.Signposting) {
	brief, others := sp, 0
	brief.Services = sp.Urgent()
	for _, svc := range sp.Support() {
		if svc.Name == keptAfterSave {
			brief.Services = append(brief.Services, svc)
		} else {
			others++
		}
	}
	WriteSignposting(w, brief)
	switch {
	case others == 1:
		fmt.Fprintln(w, "- 1 more service: folio templates show professional-debrief")
	case others > 1:
		fmt.Fprintf(w, "- %d more services: folio templates show professional-debrief\n", others)
	}
}

// WarnLibraryProblems reports user templates that could not be loaded, without failing.
func (s *Session) WarnLibraryProblems(l *fill.Library) {
	for _, p := range l.Problems() {
		fmt.Fprintf(s.Stderr, "folio: warning: %s; it was not loaded.\n", sanitize.Text(p.Error()))
	}
}

// Frameworks loads the built-in frameworks and the user's own.
func (s *Session) Frameworks() (*outcomes.Frameworks, error) {
	dir, err := s.Dirs().Config()
	if err != nil {
		return nil, err
	}
	return outcomes.LoadFrameworks(dir)
}

// WarnFrameworkProblems reports user frameworks that could not be loaded, without failing.
func (s *Session) WarnFrameworkProblems(fws *outcomes.Frameworks) {
	for _, p := range fws.Problems() {
		fmt.Fprintf(s.Stderr, "folio: warning: %s; it was not loaded.\n", sanitize.Text(p.Error()))
	}
}
