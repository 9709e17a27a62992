package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/revalidation"
	"github.com/foliohq/folio/ui/sanitize"
)

// runSettings shows the settings kept in the vault, and changes those named.
func runSettings(s *session, args []string) error {
	var renewal, org string
	var asJSON bool
	fs := s.flags("settings", "[--renewal DATE|none] [--organisation ORG] [--json]")
	fs.StringVar(&renewal, "renewal", "", "your next revalidation (renewal) date, or none to clear it")
	fs.StringVar(&org, "organisation", "", "your own organisation, to warn when a mentor is in it (none to clear)")
	fs.BoolVar(&asJSON, "json", false, "print the settings as JSON")
	if err := parseNoArgs(fs, args, "change a setting with its flag"); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	today := portfolio.DateOf(s.Now())
	var date portfolio.Date
	if set["renewal"] && !isNone(renewal) {
		var err error
		if date, err = portfolio.ParseDate(renewal, today); err != nil {
			return err
		}
	}
	p, err := s.open(!set["renewal"] && !set["organisation"])
	if err != nil {
		return err
	}
	defer p.Close()
	st := p.Settings()
	if set["renewal"] || set["organisation"] {
		if set["renewal"] {
			st.RenewalDate = date
		}
		if set["organisation"] {
			st.Organisation = org
			if isNone(org) {
				st.Organisation = ""
			}
		}
		if err := p.SaveSettings(st); err != nil {
			return err
		}
		st = p.Settings()
	}
	if asJSON {
		return writeJSON(s.Stdout, st)
	}
	renewalText := "not set (set it with --renewal DATE)"
	if !st.RenewalDate.IsZero() {
		dir, err := portfolio.ConfigDir(s.Getenv)
		if err != nil {
			return err
		}
		rules, err := revalidation.LoadRules(dir)
		if err != nil {
			return err
		}
		r := revalidation.ReadinessOf(p, st.RenewalDate, rules)
		renewalText = fmt.Sprintf("%s\n  %s: %s", r.Countdown(), r.Headline(), r.Summary())
	}
	orgText := st.Organisation
	if orgText == "" {
		orgText = "not set"
	}
	fmt.Fprintf(s.Stdout, "Renewal:      %s\nOrganisation: %s\n", renewalText, sanitize.Line(orgText))
	return nil
}

func isNone(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "none", "":
		return true
	}
	return false
}
