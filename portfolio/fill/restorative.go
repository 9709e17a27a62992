package fill

import (
	"fmt"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/templates"
)

// The templates whose sections head a meeting's notes: GROW for mentoring and
// action learning, the restorative headings for peer support. Both are data
// (templates/reflection), so a user's own copy replaces them.
const (
	MeetingNotesGROW        = "meeting-record"
	MeetingNotesRestorative = "restorative-session"
)

// MeetingNotesTemplate names the template whose sections head the notes of a
// meeting of a relationship in role.
func MeetingNotesTemplate(role portfolio.Role) string {
	if role == portfolio.RolePeerSupport {
		return MeetingNotesRestorative
	}
	return MeetingNotesGROW
}

// MeetingNotes is the template heading the notes of r's meetings, from the library:
// the app's notebook pages and the command line's skeleton both read it.
func (l *Library) MeetingNotes(r *portfolio.Relationship) (*Template, error) {
	return l.Get(MeetingNotesTemplate(r.Role))
}

// MeetingNotesSkeleton is a Markdown document of a meeting's notes for r, headed by
// t's sections with their prompts as comments, and the support services after a
// restorative one. 'folio meeting add --with R < notes.md' reads it back.
func MeetingNotesSkeleton(t *Template, r *portfolio.Relationship, sp Signposting) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!-- Notes of a meeting: %s (%s). Write under each heading and keep the\n", r.Title(), t.Title)
	b.WriteString("     headings. Text between these comment marks is ignored. Leave out anything\n")
	b.WriteString("     that could identify a patient. -->\n")
	for _, sec := range t.Sections {
		fmt.Fprintf(&b, "\n## %s\n\n<!-- %s", sec.Heading, indentComment(sec.Prompt))
		if sec.Hint != "" {
			fmt.Fprintf(&b, "\n     %s", indentComment(sec.Hint))
		}
		b.WriteString(" -->\n")
	}
	if t.Signposting && len(sp.Services) > 0 {
		b.WriteString("\n<!-- Support:")
		for _, part := range []struct {
			intro    string
			services []templates.Service
		}{{sp.UrgentIntro, sp.Urgent()}, {sp.Intro, sp.Support()}} {
			if len(part.services) == 0 {
				continue
			}
			b.WriteString(" " + indentComment(part.intro) + "\n")
			for _, svc := range part.services {
				b.WriteString("     - " + indentComment(ServiceLine(svc)) + "\n")
			}
		}
		b.WriteString("-->\n")
	}
	return b.String()
}

// ParseMeetingNotes splits Markdown notes into sections at "## " headings, with
// comments dropped (so a skeleton's prompts can stay) and text before the first
// heading under "Notes". Headings are kept as written, whatever the template.
func ParseMeetingNotes(md string) []portfolio.Section {
	var out []portfolio.Section
	cur := portfolio.Section{Heading: "Notes"}
	flush := func() {
		cur.Body = strings.TrimSpace(cur.Body)
		if cur.Body != "" {
			out = append(out, cur)
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(stripComments(md), "\r\n", "\n"), "\n") {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			flush()
			cur = portfolio.Section{Heading: strings.TrimSpace(h)}
			continue
		}
		cur.Body += line + "\n"
	}
	flush()
	return out
}
