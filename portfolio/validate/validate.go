package validate

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/record"
)

// Limits on sizes; past these the input is a mistake, not a reflection.
const (
	MaxBodyBytes  = 1 << 20
	MaxTitleRunes = 200
	MaxTagRunes   = 64
	MaxTags       = 32
	MaxLinks      = 64
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", record.ErrInvalid, fmt.Sprintf(format, args...))
}

// CleanLine checks a one-line field: valid UTF-8, no control characters, within max
// runes. It returns the trimmed value.
func CleanLine(what, s string, maxRunes int, required bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", invalid("the %s is not valid UTF-8 text", what)
	}
	s = strings.TrimSpace(s)
	if s == "" && required {
		return "", invalid("the %s is empty", what)
	}
	if n := utf8.RuneCountInString(s); n > maxRunes {
		return "", invalid("the %s is %d characters long; the most is %d", what, n, maxRunes)
	}
	if strings.ContainsFunc(s, unicode.IsControl) {
		return "", invalid("the %s contains control characters", what)
	}
	return s, nil
}

// CleanText checks a multi-line field: valid UTF-8 and within the size cap. Line
// endings are made \n; other control characters are kept as typed and made inert
// wherever text is shown.
func CleanText(what, s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", invalid("the %s is not valid UTF-8 text", what)
	}
	if len(s) > MaxBodyBytes {
		return "", invalid("the %s is %d bytes; the most is %d (1 MiB)", what, len(s), MaxBodyBytes)
	}
	return strings.TrimRight(newlines(s), " \t\n"), nil
}

// newlines makes every line ending \n, dropping all the carriage returns before a line
// feed: dropping only one would turn "\r\r\n" into "\r\n", so text saved once would
// change when saved again (or imported from an archive).
func newlines(s string) string {
	if !strings.Contains(s, "\r\n") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\r' {
			j := i
			for j < len(s) && s[j] == '\r' {
				j++
			}
			if j < len(s) && s[j] == '\n' {
				i = j - 1
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// NormalizeTags trims tags, drops empty ones and case-insensitive duplicates, and
// checks each: no commas (they separate tags when typed), no control characters.
func NormalizeTags(tags []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, raw := range tags {
		// The "#" people type before a tag is not part of it, nor is space after it,
		// so "#audit", "# audit" and "##audit" are all the tag "audit".
		raw = strings.TrimLeftFunc(raw, func(r rune) bool { return r == '#' || unicode.IsSpace(r) })
		t, err := CleanLine("tag", raw, MaxTagRunes, false)
		if err != nil {
			return nil, err
		}
		if t == "" {
			continue
		}
		if strings.Contains(t, ",") {
			return nil, invalid("the tag %q contains a comma", t)
		}
		if k := strings.ToLower(t); !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	if len(out) > MaxTags {
		return nil, invalid("there are %d tags; the most is %d", len(out), MaxTags)
	}
	return out, nil
}

// ParseTags splits comma-separated tags as typed in one field.
func ParseTags(s string) ([]string, error) {
	return NormalizeTags(strings.Split(s, ","))
}

// CheckDate refuses a date outside the years folio keeps, and a missing one when
// required; what names the date in the message.
func CheckDate(what string, d calendar.Date, required bool) error {
	if d.IsZero() {
		if required {
			return invalid("the %s is missing", what)
		}
		return nil
	}
	return d.InRange(what)
}

// cleanEntrySections cleans each section's heading and body, and holds the text of
// the entry, body and sections together, to MaxBodyBytes.
func cleanEntrySections(e *record.Entry) error {
	var err error
	total := len(e.Body)
	for i := range e.Sections {
		s := &e.Sections[i]
		if s.Heading, err = CleanLine("section heading", s.Heading, MaxTitleRunes, true); err != nil {
			return err
		}
		if s.Body, err = CleanText("section "+s.Heading, s.Body); err != nil {
			return err
		}
		total += len(s.Body)
	}
	if total > MaxBodyBytes {
		return invalid("the entry's text is %d bytes; the most is %d (1 MiB)", total, MaxBodyBytes)
	}
	return nil
}

// checkEntryLinks checks that the goals, actions and meeting e links to exist,
// here or in the trash, and that there are not too many.
func checkEntryLinks(l Links, e *record.Entry) error {
	if len(e.GoalIDs)+len(e.ActionIDs) > MaxLinks {
		return invalid("the entry has more than %d links", MaxLinks)
	}
	for _, id := range e.GoalIDs {
		if ok := l.HasGoal(id); !ok && !l.InTrash(id) {
			return fmt.Errorf("%w: no goal %s to link to", record.ErrNotFound, id)
		}
	}
	for _, id := range e.ActionIDs {
		if ok := l.HasAction(id); !ok && !l.InTrash(id) {
			return fmt.Errorf("%w: no action %s to link to", record.ErrNotFound, id)
		}
	}
	if e.MeetingID != "" {
		if ok := l.HasMeeting(e.MeetingID); !ok && !l.InTrash(e.MeetingID) {
			return fmt.Errorf("%w: no meeting %s to link to", record.ErrNotFound, e.MeetingID)
		}
	}
	return nil
}

// Entry cleans e's text, tags and dates in place and checks its links,
// as the rules of a saved entry ask; the first rule broken is the error.
func Entry(l Links, e *record.Entry) error {
	if !validSource(e.Source) {
		return invalid("the source %q is not a SHA-256 hash in lower-case hex", e.Source)
	}
	var err error
	if e.Title, err = CleanLine("title", e.Title, MaxTitleRunes, true); err != nil {
		return err
	}
	if e.Body, err = CleanText("body", e.Body); err != nil {
		return err
	}
	if e.Functions.Empty() {
		return invalid("the entry has no Proctor function; choose normative, formative or restorative")
	}
	if e.Tags, err = NormalizeTags(e.Tags); err != nil {
		return err
	}
	if e.Date.IsZero() {
		e.Date = l.Today()
	}
	if err := CheckDate("date", e.Date, true); err != nil {
		return err
	}
	if e.Date > l.Today()+1 {
		return fmt.Errorf("%w: the date %s is in the future; an entry is about something that has happened", calendar.ErrInvalidDate, e.Date)
	}
	if e.Template, err = CleanLine("template name", e.Template, MaxTitleRunes, false); err != nil {
		return err
	}
	if err := cleanEntrySections(e); err != nil {
		return err
	}
	if err := checkEntryLinks(l, e); err != nil {
		return err
	}
	if e.IsMentorReflection() {
		// A mentor's reflection is the mentor's alone, whatever was asked.
		e.Sharing = record.SharingPrivate
		e.Discuss = false
	}
	if e.Sharing.String() == "" {
		return invalid("sharing flag %d is unknown", e.Sharing)
	}
	e.GoalIDs = dedupe(e.GoalIDs)
	e.ActionIDs = dedupe(e.ActionIDs)
	return entryMapping(l, e)
}

// Goal checks a goal, filling in its function (formative) and status (open).
func Goal(g *record.Goal) error {
	var err error
	if g.Title, err = CleanLine("goal title", g.Title, MaxTitleRunes, true); err != nil {
		return err
	}
	if g.Why, err = CleanText("reason", g.Why); err != nil {
		return err
	}
	if g.Review, err = CleanText("review", g.Review); err != nil {
		return err
	}
	if g.Functions.Empty() {
		g.Functions = record.Functions(record.Formative)
	}
	if g.Status == 0 {
		g.Status = record.GoalOpen
	}
	if g.Status.String() == "" {
		return invalid("goal status %d is unknown", g.Status)
	}
	return CheckDate("target date", g.Target, false)
}

// Action checks an action and the goal and reflection it links to.
func Action(l Links, a *record.Action) error {
	var err error
	if a.What, err = CleanLine("action", a.What, MaxTitleRunes, true); err != nil {
		return err
	}
	if a.GoalID != "" {
		if ok := l.HasGoal(a.GoalID); !ok {
			return fmt.Errorf("%w: no goal %s", record.ErrNotFound, a.GoalID)
		}
	}
	if a.Status == 0 {
		a.Status = record.ActionTodo
	}
	if a.Status.String() == "" {
		return invalid("action status %d is unknown", a.Status)
	}
	if a.ReflectionID != "" {
		if _, ok := l.Entry(a.ReflectionID); !ok && !l.InTrash(a.ReflectionID) {
			return fmt.Errorf("%w: no entry %s", record.ErrNotFound, a.ReflectionID)
		}
	}
	return CheckDate("due date", a.Due, false)
}

func dedupe(ids []record.ID) []record.ID {
	var out []record.ID
	for _, id := range ids {
		out = appendUnique(out, id)
	}
	return out
}

func appendUnique(ids []record.ID, id record.ID) []record.ID {
	if slices.Contains(ids, id) {
		return ids
	}
	return append(slices.Clone(ids), id)
}
