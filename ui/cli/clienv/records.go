package clienv

import (
	"errors"
	"fmt"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/sanitize"
)

// OptionalRelationship resolves a --with flag; empty means no relationship.
func (s *Session) OptionalRelationship(p *portfolio.Portfolio, ref string) (portfolio.ID, error) {
	if ref == "" {
		return "", nil
	}
	r, err := s.ResolveRelationship(p, ref)
	if err != nil {
		return "", err
	}
	return r.ID, nil
}

func (s *Session) ResolveRelationship(p *portfolio.Portfolio, ref string) (*portfolio.Relationship, error) {
	id, _, err := p.Resolve(ref, portfolio.KindRelationship)
	if err != nil {
		// People think of a relationship by the other person's name: the whole name,
		// else a part of it that only one relationship's name contains.
		want := strings.ToLower(strings.TrimSpace(ref))
		var exact, partial []*portfolio.Relationship
		for _, r := range mentorship.Relationships(p) {
			name := strings.ToLower(r.Person)
			switch {
			case name == want:
				exact = append(exact, r)
			case want != "" && strings.Contains(name, want):
				partial = append(partial, r)
			}
		}
		switch {
		case len(exact) == 1:
			return exact[0], nil
		case len(exact) == 0 && len(partial) == 1:
			return partial[0], nil
		case len(exact)+len(partial) > 1:
			return nil, Usagef("more than one relationship matches %q; use its ID (see 'folio mentor list')", ref)
		case errors.Is(err, portfolio.ErrNotFound):
			// Neither a name nor an ID: say so, rather than what an ID needs.
			return nil, fmt.Errorf("%w: no relationship matches %q; give the other person's name or the relationship's ID (see 'folio mentor list')", portfolio.ErrNotFound, ref)
		}
		return nil, err
	}
	r, _ := mentorship.Relationship(p, id)
	return r, nil
}

func NonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// ActionLine is one line of an action plan.
func ActionLine(p *portfolio.Portfolio, a *portfolio.Action) string {
	box := map[portfolio.ActionStatus]string{portfolio.ActionTodo: "[ ]", portfolio.ActionDoing: "[~]", portfolio.ActionDone: "[x]"}[a.Status]
	due := "          "
	if !a.Due.IsZero() {
		due = a.Due.String()
	}
	line := fmt.Sprintf("%s %s  %s  %s", box, a.ID.Short(), due, sanitize.Text(a.What))
	if a.Overdue(p.Today()) {
		line += "  (overdue)"
	}
	if a.ReflectionID != "" {
		line += "  reflection " + a.ReflectionID.Short() + TrashNote(p, a.ReflectionID)
	}
	return line
}

// editCommandOf names the group whose edit command changes a kind of record.
// KindNoun names a kind of record in a sentence.
func KindNoun(kind portfolio.Kind) string {
	if kind == portfolio.KindReceived {
		return "received document"
	}
	return string(kind)
}

// WithArticle puts "a" or "an" before a kind's noun.
func WithArticle(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

// Library loads the built-in templates and the user's own from
// $XDG_CONFIG_HOME/folio/templates.
func (s *Session) Library() (*fill.Library, error) {
	dir, err := s.Dirs().Config()
	if err != nil {
		return nil, err
	}
	return fill.LoadLibrary(dir)
}

func Plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func PluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
