package templates

import (
	"embed"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// Revalidation is the rules of a revalidation scheme: what must be submitted, in what
// order, and which standards a reflective account may choose. What the rules mean for
// a portfolio is the portfolio package's job.
type Revalidation struct {
	Name string
	// PeriodMonths: records count if written this many months before the renewal.
	PeriodMonths int
	// ExpiryMonthsAfterRenewal is how long after the renewal date registration expires.
	ExpiryMonthsAfterRenewal int
	// CPDRecords of which at least PlannedAtLeast planned; PeerRecords peer
	// discussions; ReflectiveRecords reflective accounts.
	CPDRecords, PlannedAtLeast     int
	PeerRecords, ReflectiveRecords int
	// Standards are the standards' texts; standard n is Standards[n-1].
	Standards []string
	// StandardsRules say which standards a reflective account must cover, oldest first.
	StandardsRules []StandardsRule
	// Records are the record kinds in the order of the submission.
	Records []RevalidationRecord
}

// StandardsRule applies to renewals on or after From: every standard in Required
// (by number) must be covered, at least one of AnyOf when it is not empty, and at
// least AtLeast standards in all.
type StandardsRule struct {
	From     time.Time
	Required []int
	AnyOf    []int
	AtLeast  int
}

// RevalidationRecord is one kind of record in the submission, with the form's
// questions in order, named by template section headings or field labels.
type RevalidationRecord struct {
	Kind   string
	Title  string
	Fields []string
}

type rawRevalidation struct {
	Name                     string  `toml:"name"`
	PeriodMonths             int     `toml:"period_months"`
	ExpiryMonthsAfterRenewal int     `toml:"expiry_months_after_renewal"`
	CPD                      rawCPD  `toml:"cpd"`
	Peer                     rawNeed `toml:"peer_discussion"`
	Reflective               struct {
		Records   int      `toml:"records"`
		Standards []string `toml:"standards"`
	} `toml:"reflective_account"`
	StandardsRules []struct {
		From     toml.LocalDate `toml:"renewals_from"`
		Required []int          `toml:"required"`
		AnyOf    []int          `toml:"any_of"`
		AtLeast  int            `toml:"at_least"`
	} `toml:"standards_rule"`
	Records []struct {
		Kind   string   `toml:"kind"`
		Title  string   `toml:"title"`
		Fields []string `toml:"fields"`
	} `toml:"record"`
}

type rawCPD struct {
	Records        int `toml:"records"`
	PlannedAtLeast int `toml:"planned_at_least"`
}

type rawNeed struct {
	Records int `toml:"records"`
}

// exportData holds the revalidation rules and the export templates.
//
//go:embed revalidation.toml export
var exportData embed.FS

// BuiltinRevalidation is the GPhC's rules as shipped with folio.
func BuiltinRevalidation() (Revalidation, error) {
	data, err := exportData.ReadFile("revalidation.toml")
	if err != nil {
		return Revalidation{}, err
	}
	return ParseRevalidation("revalidation.toml", data)
}

// ParseRevalidation reads revalidation rules. Every error is an *Error.
func ParseRevalidation(file string, data []byte) (Revalidation, error) {
	bad := func(format string, args ...any) error {
		return &Error{File: file, Msg: fmt.Sprintf(format, args...)}
	}
	if len(data) > MaxFileBytes {
		return Revalidation{}, bad("it is %d bytes; the most is %d", len(data), MaxFileBytes)
	}
	var raw rawRevalidation
	if err := decodeStrict(file, data, &raw, ""); err != nil {
		return Revalidation{}, err
	}
	r := Revalidation{
		Name:                     strings.TrimSpace(raw.Name),
		PeriodMonths:             raw.PeriodMonths,
		ExpiryMonthsAfterRenewal: raw.ExpiryMonthsAfterRenewal,
		CPDRecords:               raw.CPD.Records,
		PlannedAtLeast:           raw.CPD.PlannedAtLeast,
		PeerRecords:              raw.Peer.Records,
		ReflectiveRecords:        raw.Reflective.Records,
	}
	if err := checkRevalidationCounts(&r, bad); err != nil {
		return Revalidation{}, err
	}
	if err := readStandards(&r, raw, bad); err != nil {
		return Revalidation{}, err
	}
	if err := readRevalidationRecords(&r, raw, bad); err != nil {
		return Revalidation{}, err
	}
	return r, nil
}

// checkRevalidationCounts checks the name, the period and the numbers of records.
func checkRevalidationCounts(r *Revalidation, bad func(string, ...any) error) error {
	if r.Name == "" {
		return bad("the rules have no name")
	}
	if r.PeriodMonths < 1 || r.PeriodMonths > 120 {
		return bad("period_months is %d; it should be from 1 to 120", r.PeriodMonths)
	}
	if r.ExpiryMonthsAfterRenewal < 0 || r.ExpiryMonthsAfterRenewal > 24 {
		return bad("expiry_months_after_renewal is %d; it should be from 0 to 24", r.ExpiryMonthsAfterRenewal)
	}
	for _, n := range []struct {
		what string
		v    int
	}{{"cpd.records", r.CPDRecords}, {"cpd.planned_at_least", r.PlannedAtLeast}, {"peer_discussion.records", r.PeerRecords}, {"reflective_account.records", r.ReflectiveRecords}} {
		if n.v < 0 || n.v > 100 {
			return bad("%s is %d; it should be from 0 to 100", n.what, n.v)
		}
	}
	if r.PlannedAtLeast > r.CPDRecords {
		return bad("cpd.planned_at_least (%d) is more than cpd.records (%d)", r.PlannedAtLeast, r.CPDRecords)
	}
	return nil
}

// readStandards reads the standards and the rules for which of them reflective
// accounts must cover, oldest rule first.
func readStandards(r *Revalidation, raw rawRevalidation, bad func(string, ...any) error) error {
	for i, s := range raw.Reflective.Standards {
		s = strings.TrimSpace(s)
		if s == "" {
			return bad("standard %d is empty", i+1)
		}
		r.Standards = append(r.Standards, s)
	}
	for i, sr := range raw.StandardsRules {
		rule := StandardsRule{From: sr.From.AsTime(time.UTC), Required: sr.Required, AnyOf: sr.AnyOf, AtLeast: sr.AtLeast}
		if sr.From == (toml.LocalDate{}) {
			return bad("standards_rule %d has no renewals_from date", i+1)
		}
		if i > 0 && !rule.From.After(r.StandardsRules[i-1].From) {
			return bad("standards_rule %d is not later than the one before; list them oldest first", i+1)
		}
		for _, n := range slices.Concat(rule.Required, rule.AnyOf) {
			if n < 1 || n > len(r.Standards) {
				return bad("standards_rule %d names standard %d, which is not in the list of %d", i+1, n, len(r.Standards))
			}
		}
		if rule.AtLeast < 0 || rule.AtLeast > len(r.Standards) {
			return bad("standards_rule %d asks for at least %d of %d standards", i+1, rule.AtLeast, len(r.Standards))
		}
		r.StandardsRules = append(r.StandardsRules, rule)
	}
	return nil
}

// readRevalidationRecords reads how each record kind is submitted: its title and the
// fields it shows.
func readRevalidationRecords(r *Revalidation, raw rawRevalidation, bad func(string, ...any) error) error {
	for i, rec := range raw.Records {
		if !slices.Contains(Kinds, rec.Kind) || rec.Kind == KindGoal || rec.Kind == KindEntry {
			return bad("record %d has kind %q, which is not a record kind", i+1, rec.Kind)
		}
		if slices.ContainsFunc(r.Records, func(o RevalidationRecord) bool { return o.Kind == rec.Kind }) {
			return bad("record %d repeats kind %q", i+1, rec.Kind)
		}
		title := strings.TrimSpace(rec.Title)
		if title == "" {
			return bad("record %d (%s) has no title", i+1, rec.Kind)
		}
		var fields []string
		for _, f := range rec.Fields {
			if f = strings.TrimSpace(f); f != "" {
				fields = append(fields, f)
			}
		}
		r.Records = append(r.Records, RevalidationRecord{Kind: rec.Kind, Title: title, Fields: fields})
	}
	return nil
}
