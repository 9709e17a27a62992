// Package revalidation checks a portfolio's records against the rules for a
// professional's periodic revalidation (by default the GPhC's): what counts, what
// is still needed, and which records do not yet meet the rules.
package revalidation

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/templates"
)

// Rules are what a revalidation submission needs (see package templates).
type Rules = templates.Revalidation

// LoadRules returns the built-in GPhC rules, or configDir's
// revalidation.toml when there is one, since the rules change more often than folio.
func LoadRules(configDir string) (Rules, error) {
	if configDir != "" {
		file := filepath.Join(configDir, "revalidation.toml")
		data, err := os.ReadFile(file)
		if err == nil {
			r, err := templates.ParseRevalidation(file, data)
			if err != nil {
				return r, fmt.Errorf("%w: %w", portfolio.ErrInvalid, err)
			}
			return r, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return Rules{}, fmt.Errorf("cannot read %s: %w", file, err)
		}
	}
	r, err := templates.BuiltinRevalidation()
	if err != nil {
		return r, fmt.Errorf("folio's built-in revalidation rules are broken: %w", err)
	}
	return r, nil
}

// Readiness is how far the records for a renewal are from what must be submitted.
type Readiness struct {
	Renewal calendar.Date
	// From and Until bound the records that count, inclusive.
	From, Until calendar.Date
	// Expiry is when registration expires if nothing is submitted.
	Expiry calendar.Date
	Today  calendar.Date
	// Records of each kind that count, oldest first, in the order of the submission.
	Records []KindRecords
	// Counts of each kind, and what is needed.
	Planned, Unplanned, Peer, Reflective                   int
	CPDNeeded, PlannedNeeded, PeerNeeded, ReflectiveNeeded int
	// Problems are records that count but do not yet meet the rules, in words.
	Problems []string
	// validReflective counts reflective accounts that cover the standards asked for.
	validReflective int
}

// KindRecords are the records of one kind, with the submission's title and form
// questions for it.
type KindRecords struct {
	Kind    portfolio.RecordKind
	Title   string
	Fields  []string
	Entries []*portfolio.Entry
}

// CPD is the number of CPD records, planned and unplanned.
func (r Readiness) CPD() int { return r.Planned + r.Unplanned }

// Ready reports whether everything needed is there.
func (r Readiness) Ready() bool {
	return r.CPD() >= r.CPDNeeded && r.Planned >= r.PlannedNeeded &&
		r.Peer >= r.PeerNeeded && r.validReflective >= r.ReflectiveNeeded
}

// DaysLeft is the number of days from today to the renewal date (negative once past).
func (r Readiness) DaysLeft() int { return int(r.Renewal - r.Today) }

// Summary states readiness plainly: "3 of 4 CPD records (1 planned; at least 2
// needed); peer discussion: none yet; reflective account: 1".
func (r Readiness) Summary() string {
	var cpd string
	switch {
	case r.CPD() > r.CPDNeeded:
		cpd = fmt.Sprintf("%d CPD records (%d needed; %d planned", r.CPD(), r.CPDNeeded, r.Planned)
	default:
		cpd = fmt.Sprintf("%d of %d CPD records (%d planned", r.CPD(), r.CPDNeeded, r.Planned)
	}
	if r.Planned < r.PlannedNeeded {
		cpd += fmt.Sprintf("; at least %d needed", r.PlannedNeeded)
	}
	cpd += ")"
	return cpd + "; peer discussion: " + countNeeded(r.Peer, r.PeerNeeded) +
		"; reflective account: " + countNeeded(r.Reflective, r.ReflectiveNeeded)
}

func countNeeded(have, need int) string {
	switch {
	case have == 0:
		return "none yet"
	case need > 1 && have < need:
		return fmt.Sprintf("%d of %d", have, need)
	}
	return strconv.Itoa(have)
}

// Headline says in a few words whether the records are ready.
func (r Readiness) Headline() string {
	if r.Ready() {
		return "Ready to submit"
	}
	return "Not ready yet"
}

// Countdown says when the renewal is: "renewal on 2026-11-30, in 9 days".
func (r Readiness) Countdown() string {
	return r.CountdownIn(calendar.Date.String)
}

// CountdownIn is Countdown with the renewal day written by day, so a document can
// keep to its own date style.
func (r Readiness) CountdownIn(day func(calendar.Date) string) string {
	on := "renewal on " + day(r.Renewal)
	d := r.DaysLeft()
	switch {
	case d == 0:
		return on + ", today"
	case d == 1:
		return on + ", tomorrow"
	case d > 1:
		return fmt.Sprintf("%s, in %d days", on, d)
	case d == -1:
		return on + ", yesterday"
	}
	return fmt.Sprintf("%s, %d days ago", on, -d)
}

// addMonths moves a date by months, keeping the day where the month has it and
// otherwise taking the month's last day (31 March less one month is 28 or 29 Feb).
func addMonths(d calendar.Date, months int) calendar.Date {
	y, m, day := d.Year(), d.Month(), d.Day()
	first := time.Date(y, m+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return calendar.MakeDate(first.Year(), first.Month(), min(day, last))
}

// Check counts the records among entries that count for a renewal on
// renewal, by rules. Entries of other kinds, and records outside the period, are
// ignored.
func Check(entries []*portfolio.Entry, renewal, today calendar.Date, rules Rules) Readiness {
	r := Readiness{
		Renewal: renewal, Until: renewal, Today: today,
		From:             addMonths(renewal, -rules.PeriodMonths) + 1,
		Expiry:           addMonths(renewal, rules.ExpiryMonthsAfterRenewal),
		CPDNeeded:        rules.CPDRecords,
		PlannedNeeded:    rules.PlannedAtLeast,
		PeerNeeded:       rules.PeerRecords,
		ReflectiveNeeded: rules.ReflectiveRecords,
	}
	byKind := map[portfolio.RecordKind][]*portfolio.Entry{}
	for _, e := range entries {
		if e.Date >= r.From && e.Date <= r.Until {
			byKind[e.RecordKind] = append(byKind[e.RecordKind], e)
		}
	}
	for _, rec := range rules.Records {
		k := portfolio.RecordKind(rec.Kind)
		list := byKind[k]
		slices.SortStableFunc(list, func(a, b *portfolio.Entry) int {
			if c := int(a.Date - b.Date); c != 0 {
				return c
			}
			return a.Created.Compare(b.Created)
		})
		r.Records = append(r.Records, KindRecords{Kind: k, Title: rec.Title, Fields: rec.Fields, Entries: list})
	}
	r.Planned = len(byKind[portfolio.RecordPlannedCPD])
	r.Unplanned = len(byKind[portfolio.RecordUnplannedCPD])
	r.Peer = len(byKind[portfolio.RecordPeerDiscussion])
	r.Reflective = len(byKind[portfolio.RecordReflectiveAccount])
	rule := standardsRuleFor(rules, renewal)
	for _, e := range byKind[portfolio.RecordReflectiveAccount] {
		if problem := checkStandards(e, rule, rules.Standards); problem != "" {
			r.Problems = append(r.Problems, problem)
			continue
		}
		r.validReflective++
	}
	return r
}

// ReadinessOf checks the vault's records for a renewal on renewal.
func ReadinessOf(p *portfolio.Portfolio, renewal calendar.Date, rules Rules) Readiness {
	return Check(p.Find(portfolio.Query{}), renewal, p.Today(), rules)
}

// standardsRuleFor is the latest rule in force for a renewal, nil if none.
func standardsRuleFor(rules Rules, renewal calendar.Date) *templates.StandardsRule {
	var found *templates.StandardsRule
	for i, sr := range rules.StandardsRules {
		if calendar.DateOf(sr.From) <= renewal {
			found = &rules.StandardsRules[i]
		}
	}
	return found
}

// StandardNumbers reads which standards an entry's standards field names, by the
// number written before each ("5. Pharmacy professionals must ...") or by its text.
func StandardNumbers(e *portfolio.Entry, standards []string) []int {
	var out []int
	for _, f := range e.Fields {
		if f.Name != "standards" && !strings.EqualFold(f.Label, "standards") {
			continue
		}
		for _, v := range f.Values {
			n := standardNumber(v, standards)
			if n > 0 && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return out
}

func standardNumber(v string, standards []string) int {
	v = strings.TrimSpace(v)
	digits := len(v) - len(strings.TrimLeft(v, "0123456789"))
	if n, err := strconv.Atoi(v[:digits]); err == nil && n >= 1 && n <= len(standards) {
		return n
	}
	for i, s := range standards {
		if strings.EqualFold(strings.TrimSpace(v), s) {
			return i + 1
		}
	}
	return 0
}

// checkStandards says what a reflective account lacks under rule, "" if nothing.
func checkStandards(e *portfolio.Entry, rule *templates.StandardsRule, standards []string) string {
	if rule == nil {
		return ""
	}
	have := StandardNumbers(e, standards)
	var missing []string
	for _, n := range rule.Required {
		if !slices.Contains(have, n) {
			missing = append(missing, strconv.Itoa(n))
		}
	}
	covers := len(rule.AnyOf) == 0 || slices.ContainsFunc(rule.AnyOf, func(n int) bool { return slices.Contains(have, n) })
	switch {
	case len(missing) > 0:
		return fmt.Sprintf("the reflective account %q does not cover %s, which this renewal requires", e.Title, standardsWord(missing, "and"))
	case !covers:
		var any []string
		for _, n := range rule.AnyOf {
			any = append(any, strconv.Itoa(n))
		}
		if len(any) == 1 {
			return fmt.Sprintf("the reflective account %q does not cover standard %s, which this renewal requires", e.Title, any[0])
		}
		return fmt.Sprintf("the reflective account %q covers none of %s; this renewal requires one or more of them", e.Title, standardsWord(any, "and"))
	case len(have) < rule.AtLeast && len(have) == 0:
		return fmt.Sprintf("the reflective account %q names no standard; choose at least %d", e.Title, rule.AtLeast)
	case len(have) < rule.AtLeast:
		return fmt.Sprintf("the reflective account %q names %s; choose at least %d", e.Title, plural(len(have), "standard"), rule.AtLeast)
	}
	return ""
}

// standardsWord names standards by number with the right number of the noun:
// "standard 5", "standards 2 and 5".
func standardsWord(numbers []string, conj string) string {
	if len(numbers) == 1 {
		return "standard " + numbers[0]
	}
	return "standards " + joinWith(numbers, conj)
}

// plural counts a noun: "1 standard", "2 standards".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// joinWith joins words as people list them: "1, 2 and 5".
func joinWith(words []string, conj string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + conj + " " + words[len(words)-1]
}
