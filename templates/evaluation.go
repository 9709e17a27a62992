package templates

import (
	"embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

//go:embed evaluation.toml
var evaluationFile embed.FS

// Questionnaire is a scheme's evaluation questionnaire: answer scales and items.
type Questionnaire struct {
	Scales []Scale
	Items  []Item
}

// Scale is a set of answers, most favourable first.
type Scale struct {
	Name    string
	Options []string
	// Favourable is how many of the first options count as the favourable answer.
	Favourable int
	// FavourableLabel says what the favourable answer is, for reports.
	FavourableLabel string
}

// Item is one question. Scale is "" for free text.
type Item struct {
	ID     string
	Text   string
	Scale  string
	Roles  []string
	Stages []string
}

// Evaluation roles and stages.
var (
	EvaluationRoles  = []string{"mentee", "mentor"}
	EvaluationStages = []string{"start", "end"}
)

type rawQuestionnaire struct {
	Scales []rawScale `toml:"scale"`
	Items  []rawItem  `toml:"item"`
}

type rawScale struct {
	Name            string   `toml:"name"`
	Options         []string `toml:"options"`
	Favourable      int      `toml:"favourable"`
	FavourableLabel string   `toml:"favourable_label"`
}

type rawItem struct {
	ID     string   `toml:"id"`
	Text   string   `toml:"text"`
	Scale  string   `toml:"scale"`
	Roles  []string `toml:"roles"`
	Stages []string `toml:"stages"`
}

var itemID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// BuiltinQuestionnaire is the questionnaire shipped with folio.
func BuiltinQuestionnaire() (Questionnaire, error) {
	data, err := evaluationFile.ReadFile("evaluation.toml")
	if err != nil {
		return Questionnaire{}, err
	}
	return ParseQuestionnaire("evaluation.toml", data)
}

// Scale returns the named scale.
func (q Questionnaire) Scale(name string) (Scale, bool) {
	i := slices.IndexFunc(q.Scales, func(s Scale) bool { return s.Name == name })
	if i < 0 {
		return Scale{}, false
	}
	return q.Scales[i], true
}

// Asked reports whether the item is asked of role at stage.
func (it Item) Asked(role, stage string) bool {
	return (role == "" || slices.Contains(it.Roles, role)) && (stage == "" || slices.Contains(it.Stages, stage))
}

// ParseQuestionnaire reads a questionnaire. Every error is an *Error.
func ParseQuestionnaire(file string, data []byte) (Questionnaire, error) {
	fail := func(format string, args ...any) (Questionnaire, error) {
		return Questionnaire{}, &Error{File: file, Msg: fmt.Sprintf(format, args...)}
	}
	if len(data) > MaxFileBytes {
		return fail("it is %d bytes; the most is %d", len(data), MaxFileBytes)
	}
	var raw rawQuestionnaire
	if err := decodeStrict(file, data, &raw, "a scale takes name, options, favourable, favourable_label; an item takes id, text, scale, roles, stages"); err != nil {
		return Questionnaire{}, err
	}
	var q Questionnaire
	for i, r := range raw.Scales {
		sc, err := q.checkScale(i, r)
		if err != nil {
			return fail("%s", err)
		}
		q.Scales = append(q.Scales, sc)
	}
	seen := map[string]bool{}
	for i, r := range raw.Items {
		it, err := q.checkItem(i, r, seen)
		if err != nil {
			return fail("%s", err)
		}
		q.Items = append(q.Items, it)
	}
	if len(q.Items) == 0 {
		return fail("it lists no [[item]]")
	}
	return q, nil
}

// checkScale reads the i'th scale, given the scales before it in q.
func (q Questionnaire) checkScale(i int, r rawScale) (Scale, error) {
	s := Scale{Name: strings.TrimSpace(r.Name), Favourable: r.Favourable, FavourableLabel: strings.TrimSpace(r.FavourableLabel)}
	if !itemID.MatchString(s.Name) {
		return Scale{}, fmt.Errorf("scale %d needs a name of lower-case letters, digits and hyphens", i+1)
	}
	if _, dup := q.Scale(s.Name); dup {
		return Scale{}, fmt.Errorf("scale %q is defined twice", s.Name)
	}
	for _, o := range r.Options {
		o = strings.TrimSpace(o)
		if o == "" || strings.ContainsFunc(o, unicode.IsControl) || slices.Contains(s.Options, o) {
			return Scale{}, fmt.Errorf("scale %q has an empty, repeated or unprintable option", s.Name)
		}
		s.Options = append(s.Options, o)
	}
	if len(s.Options) < 2 {
		return Scale{}, fmt.Errorf("scale %q needs at least two options", s.Name)
	}
	if s.Favourable < 1 || s.Favourable >= len(s.Options) {
		return Scale{}, fmt.Errorf("scale %q: favourable must count 1 to %d of its first options", s.Name, len(s.Options)-1)
	}
	if s.FavourableLabel == "" {
		s.FavourableLabel = strings.ToLower(strings.Join(s.Options[:s.Favourable], " or "))
	}
	if strings.ContainsFunc(s.FavourableLabel, unicode.IsControl) {
		return Scale{}, fmt.Errorf("scale %q has an unprintable favourable_label", s.Name)
	}
	return s, nil
}

// checkItem reads the i'th item, given q's scales and the items before it, whose
// ids are in seen.
func (q Questionnaire) checkItem(i int, r rawItem, seen map[string]bool) (Item, error) {
	it := Item{ID: strings.TrimSpace(r.ID), Text: strings.TrimSpace(r.Text), Scale: strings.TrimSpace(r.Scale)}
	if !itemID.MatchString(it.ID) {
		return Item{}, fmt.Errorf("item %d needs an id of lower-case letters, digits and hyphens", i+1)
	}
	if seen[it.ID] {
		return Item{}, fmt.Errorf("item %q is defined twice", it.ID)
	}
	seen[it.ID] = true
	if it.Text == "" || strings.ContainsFunc(it.Text, unicode.IsControl) || strings.Contains(it.Text, "#") {
		return Item{}, fmt.Errorf("item %q needs a printable text, without #", it.ID)
	}
	if it.Scale != "" {
		if _, ok := q.Scale(it.Scale); !ok {
			return Item{}, fmt.Errorf("item %q uses scale %q, which is not defined", it.ID, it.Scale)
		}
	}
	var err error
	if it.Roles, err = oneOf(r.Roles, EvaluationRoles); err != nil {
		return Item{}, fmt.Errorf("item %q: roles: %w", it.ID, err)
	}
	if it.Stages, err = oneOf(r.Stages, EvaluationStages); err != nil {
		return Item{}, fmt.Errorf("item %q: stages: %w", it.ID, err)
	}
	if slices.ContainsFunc(q.Items, func(o Item) bool { return strings.EqualFold(o.Text, it.Text) }) {
		return Item{}, fmt.Errorf("item %q repeats another item's text", it.ID)
	}
	return it, nil
}

// oneOf checks that vs are drawn from allowed, each once; empty means all of them.
func oneOf(vs, allowed []string) ([]string, error) {
	if len(vs) == 0 {
		return slices.Clone(allowed), nil
	}
	var out []string
	for _, v := range vs {
		v = strings.TrimSpace(v)
		if !slices.Contains(allowed, v) {
			return nil, fmt.Errorf("%q is not one of %s", v, strings.Join(allowed, ", "))
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
}
