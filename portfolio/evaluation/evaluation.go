// Package evaluation is a scheme's before-and-after questionnaire: it prints the
// questionnaire as Markdown, reads it back filled in, makes the anonymised copy a
// participant sends to the scheme lead, and adds many such copies up into the lead's
// report ("94% (17/18)"). The questionnaires filled in are kept in the vault
// (store.go), which the core holds them in alone, not in memory. The items are data (templates/evaluation.toml), so a scheme
// can ask its own questions.
package evaluation

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/templates"
)

// Questionnaire is the list of items and their scales.
type Questionnaire = templates.Questionnaire

// Stages and roles a questionnaire is filled in at and as.
var (
	Stages = templates.EvaluationStages
	Roles  = templates.EvaluationRoles
)

// FileName is the user's own questionnaire in the config folder, which replaces the
// built-in one.
const FileName = "evaluation.toml"

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", portfolio.ErrInvalid, fmt.Sprintf(format, args...))
}

// Load returns the questionnaire in configDir/evaluation.toml if there is one, else
// the built-in one. A broken user file is an error, not a silent fallback: a scheme's
// participants and its lead must answer and count the same questions.
func Load(configDir string) (Questionnaire, error) {
	if configDir != "" {
		file := filepath.Join(configDir, FileName)
		data, err := os.ReadFile(file)
		switch {
		case err == nil:
			q, err := templates.ParseQuestionnaire(file, data)
			if err != nil {
				return q, invalid("%v", err)
			}
			return q, nil
		case !errors.Is(err, fs.ErrNotExist):
			return Questionnaire{}, fmt.Errorf("cannot read %s: %w", file, err)
		}
	}
	q, err := templates.BuiltinQuestionnaire()
	if err != nil {
		return q, fmt.Errorf("folio's built-in questionnaire is broken: %w", err)
	}
	return q, nil
}

// CheckStage and CheckRole check a flag's value; "" is allowed where any will do.
func CheckStage(s string) error {
	if s != "" && !slices.Contains(Stages, s) {
		return invalid("stage %q is not one of %s", s, strings.Join(Stages, ", "))
	}
	return nil
}

// CheckRole checks a role, as CheckStage does a stage.
func CheckRole(r string) error {
	if r != "" && !slices.Contains(Roles, r) {
		return invalid("role %q is not one of %s", r, strings.Join(Roles, ", "))
	}
	return nil
}

// Markdown prints the items asked of role at stage ("" for any) as a form: one `## `
// heading per item, a scale's options as `- [ ] …` lines, free text under its heading.
func Markdown(q Questionnaire, stage, role string) string {
	var b strings.Builder
	b.WriteString("# Scheme evaluation")
	if role != "" {
		b.WriteString(": " + role)
	}
	if stage != "" {
		b.WriteString(", " + stage + " of the scheme")
	}
	b.WriteString("\n\nTick one option under each question by writing [x]; write free answers under their question. Leave out anything you prefer not to answer. Your answers are anonymous when exported: no names, and the month only.\n")
	for _, it := range q.Items {
		if !it.Asked(role, stage) {
			continue
		}
		fmt.Fprintf(&b, "\n## %s\n\n", it.Text)
		if s, ok := q.Scale(it.Scale); ok {
			for _, o := range s.Options {
				fmt.Fprintf(&b, "- [ ] %s\n", o)
			}
		}
	}
	return b.String()
}

var checkbox = regexp.MustCompile(`^[-*+]\s+\[([ xX])\]\s*(.*)$`)

// fold makes text comparable: case and runs of spaces ignored.
func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// Parse reads a form printed by Markdown and filled in: ticked options and free text,
// by item. Items left unanswered are left out; anything it cannot place is an error
// naming it, so no answer is dropped silently.
func Parse(q Questionnaire, stage, role, md string) ([]portfolio.Answer, error) {
	var out []portfolio.Answer
	var cur *templates.Item
	var text []string
	seen := map[string]bool{}
	flush := func() error {
		if cur == nil || cur.Scale != "" {
			return nil
		}
		if t := strings.TrimSpace(strings.Join(text, "\n")); t != "" {
			out = append(out, portfolio.Answer{Item: cur.ID, Text: t})
		}
		return nil
	}
	for n, line := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		if h, ok := strings.CutPrefix(trimmed, "## "); ok {
			if err := flush(); err != nil {
				return nil, err
			}
			i := slices.IndexFunc(q.Items, func(it templates.Item) bool { return fold(it.Text) == fold(h) })
			if i < 0 {
				return nil, invalid("line %d: %q is not a question of this questionnaire; print it with 'folio evaluation show'", n+1, h)
			}
			cur, text = &q.Items[i], nil
			if !cur.Asked(role, stage) {
				return nil, invalid("line %d: %q is not asked of a %s at the %s", n+1, h, role, stage)
			}
			if seen[cur.ID] {
				return nil, invalid("line %d: %q is answered twice", n+1, h)
			}
			seen[cur.ID] = true
			continue
		}
		if cur == nil {
			continue // the title and the instructions
		}
		if cur.Scale == "" {
			text = append(text, line)
			continue
		}
		if trimmed == "" {
			continue
		}
		m := checkbox.FindStringSubmatch(trimmed)
		if m == nil {
			return nil, invalid("line %d: under %q only options (- [ ] or - [x]) are expected", n+1, cur.Text)
		}
		if m[1] == " " {
			continue
		}
		s, _ := q.Scale(cur.Scale)
		j := slices.IndexFunc(s.Options, func(o string) bool { return fold(o) == fold(m[2]) })
		if j < 0 {
			return nil, invalid("line %d: %q is not an option of %q", n+1, m[2], cur.Text)
		}
		if len(out) > 0 && out[len(out)-1].Item == cur.ID {
			return nil, invalid("line %d: %q has more than one option ticked; tick one", n+1, cur.Text)
		}
		out = append(out, portfolio.Answer{Item: cur.ID, Choice: s.Options[j]})
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, invalid("no question is answered: tick an option with [x] or write under a question")
	}
	return out, nil
}
