package validate

import (
	"fmt"
	"strings"
)

// MaxParticipants bounds a group: a ward debrief or an action learning set, not a
// conference.
const MaxParticipants = 50

// participants checks a group's participants: printable names or initials,
// each once (ignoring case). They are colleagues, so the identifier scan is not
// applied to them.
func participants(ps []string) ([]string, error) {
	if len(ps) > MaxParticipants {
		return nil, invalid("a group of %d participants is more than %d", len(ps), MaxParticipants)
	}
	var out []string
	seen := map[string]bool{}
	for i, name := range ps {
		clean, err := CleanLine(fmt.Sprintf("participant %d", i+1), name, MaxTitleRunes, true)
		if err != nil {
			return nil, err
		}
		key := strings.ToLower(clean)
		if seen[key] {
			return nil, invalid("participant %q is listed twice", clean)
		}
		seen[key] = true
		out = append(out, clean)
	}
	return out, nil
}
