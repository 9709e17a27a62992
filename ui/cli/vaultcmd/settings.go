package vaultcmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/revalidation"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

func settingsCmd(s *session) *cobra.Command {
	var renewal, org, dateStyle, history string
	var asJSON bool
	var snap snapshotFlags
	c := &cobra.Command{
		Use:   "settings",
		Short: "Show or set the renewal date, your organisation and how documents write dates",
		Example: `folio settings
folio settings --renewal "30 June 2027" --organisation "St Elsewhere"
folio settings --renewal none
folio settings --snapshots off
folio settings --snapshot-folder /mnt/usb/folio-backups --keep 14,8,12
folio settings --date-style iso
folio settings --keep-history 365`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, "change a setting with its flag"); err != nil {
				return err
			}
			set := map[string]bool{"renewal": c.Flags().Changed("renewal"), "organisation": c.Flags().Changed("organisation"), "date-style": c.Flags().Changed("date-style"), "keep-history": c.Flags().Changed("keep-history")}
			if err := s.setSnapshotPolicy(c, snap); err != nil {
				return err
			}
			return runSettings(s, settingsChange{renewal: renewal, org: org, dateStyle: dateStyle, history: history}, asJSON, set)
		},
	}
	c.Flags().StringVar(&renewal, "renewal", "", "your next revalidation (renewal) date, or none to clear it")
	c.Flags().StringVar(&org, "organisation", "", "your own organisation, to warn when a mentor is in it (none to clear)")
	c.Flags().StringVar(&dateStyle, "date-style", "", "how documents write dates: long (28 November 2026) or iso (2026-11-28)")
	c.Flags().StringVar(&history, "keep-history", "", "keep earlier versions and the trash forever, or `DAYS` days (older ones are erased when the vault next opens for a change)")
	c.Flags().BoolVar(&asJSON, "json", false, "print the settings as JSON")
	snap.register(c)
	return c
}

// settingsChange is what the flags ask to change.
type settingsChange struct{ renewal, org, dateStyle, history string }

// runSettings shows the settings kept in the vault, and changes those named.
func runSettings(s *session, ch settingsChange, asJSON bool, set map[string]bool) error {
	renewal, org := ch.renewal, ch.org
	today := calendar.DateOf(s.Now())
	var date calendar.Date
	if set["renewal"] && !isNone(renewal) {
		var err error
		if date, err = calendar.ParseFutureDate(renewal, today); err != nil {
			return err
		}
	}
	var style portfolio.DateStyle
	if set["date-style"] {
		var err error
		if style, err = portfolio.ParseDateStyle(ch.dateStyle); err != nil || ch.dateStyle == "" {
			return clienv.Usagef("--date-style is long (28 November 2026) or iso (2026-11-28), not %q", ch.dateStyle)
		}
	}
	days, err := clienv.HistoryDays(ch.history, set["keep-history"])
	if err != nil {
		return err
	}
	changing := set["renewal"] || set["organisation"] || set["date-style"] || set["keep-history"]
	p, err := s.Open(!changing)
	if err != nil {
		return err
	}
	defer p.Close()
	st := p.Settings()
	if changing {
		if set["date-style"] {
			st.DateStyle = style
		}
		if set["keep-history"] {
			st.HistoryDays = days
		}
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
		return clienv.WriteJSON(s.Stdout, st)
	}
	renewalText := "not set (set it with --renewal DATE)"
	if !st.RenewalDate.IsZero() {
		dir, err := s.Dirs().Config()
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
	dates := "long (28 November 2026)"
	if st.DateStyle == portfolio.DateStyleISO {
		dates = "iso (2026-11-28)"
	}
	fmt.Fprintf(s.Stdout, "Renewal:      %s\nOrganisation: %s\nDates:        %s\nSnapshots:    %s\nHistory:      %s\n", renewalText, sanitize.Line(orgText), dates, s.describeSnapshots(p), clienv.DescribeHistory(st.HistoryDays))
	return nil
}

func isNone(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "none", "":
		return true
	}
	return false
}
