package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/revalidation"
	"github.com/foliohq/folio/ui/sanitize"
)

func settingsCmd(s *session) *cobra.Command {
	var renewal, org string
	var asJSON bool
	var snap snapshotFlags
	c := &cobra.Command{
		Use:   "settings",
		Short: "Show or set the renewal date and your organisation",
		Example: `folio settings
folio settings --renewal "30 June 2027" --organisation "St Elsewhere"
folio settings --renewal none
folio settings --snapshots off
folio settings --snapshot-folder /mnt/usb/folio-backups --keep 14,8,12`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := noArgs(c, args, "change a setting with its flag"); err != nil {
				return err
			}
			set := map[string]bool{"renewal": c.Flags().Changed("renewal"), "organisation": c.Flags().Changed("organisation")}
			if err := s.setSnapshotPolicy(c, snap); err != nil {
				return err
			}
			return runSettings(s, renewal, org, asJSON, set)
		},
	}
	c.Flags().StringVar(&renewal, "renewal", "", "your next revalidation (renewal) date, or none to clear it")
	c.Flags().StringVar(&org, "organisation", "", "your own organisation, to warn when a mentor is in it (none to clear)")
	c.Flags().BoolVar(&asJSON, "json", false, "print the settings as JSON")
	snap.register(c)
	return c
}

// runSettings shows the settings kept in the vault, and changes those named.
func runSettings(s *session, renewal, org string, asJSON bool, set map[string]bool) error {
	today := portfolio.DateOf(s.Now())
	var date portfolio.Date
	if set["renewal"] && !isNone(renewal) {
		var err error
		if date, err = portfolio.ParseFutureDate(renewal, today); err != nil {
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
		dir, err := s.dirs().config()
		if err != nil {
			return err
		}
		rules, err := revalidation.LoadRules(dir)
		if err != nil {
			return err
		}
		r := revalidation.ReadinessOf(p, st.RenewalDate, rules)
		h := revalidation.TotalHours(p.Find(portfolio.Query{}), r.From, r.Until)
		renewalText = fmt.Sprintf("%s\n  %s: %s\n  CPD hours %s to %s: %s", r.Countdown(), r.Headline(), r.Summary(), r.From, r.Until, h.Line())
	}
	orgText := st.Organisation
	if orgText == "" {
		orgText = "not set"
	}
	fmt.Fprintf(s.Stdout, "Renewal:      %s\nOrganisation: %s\nSnapshots:    %s\n", renewalText, sanitize.Line(orgText), s.describeSnapshots(p))
	return nil
}

func isNone(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "none", "":
		return true
	}
	return false
}
