package evaluation

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio/validate"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/templates"
)

// Format names the anonymised file, so a lead's folio knows what it reads.
const (
	Format  = "folio-evaluation"
	Version = 1
	// MaxFileBytes bounds one decrypted questionnaire.
	MaxFileBytes = 1 << 20
)

// Anonymous is a questionnaire as it leaves the vault: the stage, the role, the month
// and the answers; no names, no relationship, no day.
type Anonymous struct {
	Format  string             `json:"format"`
	Version int                `json:"version"`
	Stage   string             `json:"stage"`
	Role    string             `json:"role"`
	Month   string             `json:"month"`
	Answers []portfolio.Answer `json:"answers"`
}

// Anonymise makes the copy to send. Every name in names (the people of the user's
// relationships) is replaced in free text by "[name]", whole words and any case.
func Anonymise(e *portfolio.Evaluation, names []string) Anonymous {
	out := Anonymous{Format: Format, Version: Version, Stage: e.Stage, Role: e.Role, Month: e.Date.String()[:7]}
	for _, a := range e.Answers {
		a.Text = redact(a.Text, names)
		out.Answers = append(out.Answers, a)
	}
	return out
}

// redact replaces each name as a whole word or phrase, longest first so "Sam Smith"
// goes before "Sam".
func redact(text string, names []string) string {
	if text == "" {
		return text
	}
	sorted := slices.Clone(names)
	slices.SortFunc(sorted, func(a, b string) int { return len(b) - len(a) })
	for _, n := range sorted {
		n = strings.TrimSpace(n)
		if utf8.RuneCountInString(n) < 2 {
			continue
		}
		re := regexp.MustCompile(`(?i)(^|[^\pL\pN])` + regexp.QuoteMeta(n) + `($|[^\pL\pN])`)
		// Applied twice: adjacent matches share the separator between them.
		for range 2 {
			text = re.ReplaceAllString(text, "${1}[name]${2}")
		}
	}
	return text
}

// Marshal writes the anonymised questionnaire as JSON.
func (a Anonymous) Marshal() ([]byte, error) {
	return json.MarshalIndent(a, "", "  ")
}

var month = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)

// Unmarshal reads an anonymised questionnaire, trusting nothing: the format and
// version, the stage, role and month, and each answer's shape. name is the file, for
// errors. Whether the answers fit the lead's questionnaire is Report's check.
func Unmarshal(data []byte, name string) (Anonymous, error) {
	var a Anonymous
	if len(data) > MaxFileBytes {
		return a, invalid("%s holds more than %d MiB; it is not a questionnaire", name, MaxFileBytes>>20)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return a, invalid("%s is not a folio evaluation file: %v", name, err)
	}
	if dec.More() {
		return a, invalid("%s has more after its questionnaire", name)
	}
	switch {
	case a.Format != Format:
		return a, invalid("%s is not a folio evaluation file", name)
	case a.Version != Version:
		return a, invalid("%s is version %d of the evaluation file; this folio reads version %d", name, a.Version, Version)
	case !slices.Contains(Stages, a.Stage):
		return a, invalid("%s: stage %q is not start or end", name, a.Stage)
	case !slices.Contains(Roles, a.Role):
		return a, invalid("%s: role %q is not mentee or mentor", name, a.Role)
	case !month.MatchString(a.Month):
		return a, invalid("%s: month %q is not YYYY-MM", name, a.Month)
	case len(a.Answers) > validate.MaxAnswers:
		return a, invalid("%s has %d answers; the most is %d", name, len(a.Answers), validate.MaxAnswers)
	}
	seen := map[string]bool{}
	for _, ans := range a.Answers {
		if seen[ans.Item] {
			return a, invalid("%s answers %q twice", name, ans.Item)
		}
		seen[ans.Item] = true
		if (ans.Choice == "") == (ans.Text == "") {
			return a, invalid("%s: the answer to %q needs a choice or a text", name, ans.Item)
		}
		if strings.ContainsFunc(ans.Item+ans.Choice, unicode.IsControl) || !utf8.ValidString(ans.Text) {
			return a, invalid("%s: the answer to %q holds control characters or invalid text", name, ans.Item)
		}
	}
	return a, nil
}

// Check checks an anonymised questionnaire against q: every item known and asked of
// that role at that stage, every choice one of its scale's options.
func Check(q Questionnaire, a Anonymous, name string) error {
	for _, ans := range a.Answers {
		i := slices.IndexFunc(q.Items, func(it Item) bool { return it.ID == ans.Item })
		if i < 0 {
			return invalid("%s answers %q, which is not in this questionnaire; use the scheme's questionnaire file", name, ans.Item)
		}
		it := q.Items[i]
		if !it.Asked(a.Role, a.Stage) {
			return invalid("%s answers %q, which is not asked of a %s at the %s", name, it.ID, a.Role, a.Stage)
		}
		if it.Scale == "" {
			if ans.Choice != "" {
				return invalid("%s: %q takes free text, not a choice", name, it.ID)
			}
			continue
		}
		s, _ := q.Scale(it.Scale)
		if ans.Text != "" || !slices.Contains(s.Options, ans.Choice) {
			return invalid("%s: %q is not an option of %q", name, ans.Choice+ans.Text, it.ID)
		}
	}
	return nil
}

// CheckAnswers checks answers about to be saved against q, as Check does a file's.
func CheckAnswers(q Questionnaire, stage, role string, answers []portfolio.Answer) error {
	return Check(q, Anonymous{Stage: stage, Role: role, Answers: answers}, "the questionnaire")
}

// Item is one question of a questionnaire.
type Item = templates.Item

// Percent is the paper's form: "94% (17/18)", the percentage rounded half up.
func Percent(k, n int) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%d%% (%d/%d)", (200*k+n)/(2*n), k, n)
}
