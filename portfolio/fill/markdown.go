package fill

import (
	"fmt"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/templates"
)

// FillFromMarkdown reads a Markdown document written for t, as Skeleton prints it,
// into a new entry (see NewEntry). A first "# " line is the title; text before the
// first "## " heading is the body; each "## " heading names a section or a field by
// its heading or label, in any case and any order. HTML comments (<!-- ... -->) are
// dropped, so a filled-in skeleton keeps its prompts harmlessly. For a template with
// no sections or fields, everything but the title is the body.
//
// It returns the entry even when there are problems, with a *TemplateProblems naming
// unknown or repeated headings, required sections and fields left empty, and field
// values that cannot be read.
func FillFromMarkdown(t *Template, doc string, today calendar.Date) (portfolio.Entry, error) {
	e := NewEntry(t)
	doc = stripComments(strings.ReplaceAll(doc, "\r\n", "\n"))
	title, rest := splitTitle(doc)
	e.Title = title
	if len(t.Sections) == 0 && len(t.Fields) == 0 {
		e.Body = strings.Trim(rest, "\n")
		return e, nil
	}
	pr := &TemplateProblems{Template: t.Name}
	parts := splitHeadings(rest)
	e.Body = strings.Trim(parts[0].body, "\n")
	seen := map[string]bool{}
	for _, part := range parts[1:] {
		key := strings.ToLower(normHeading(part.heading))
		if seen[key] {
			pr.Duplicate = append(pr.Duplicate, normHeading(part.heading))
			continue
		}
		seen[key] = true
		body := strings.Trim(part.body, "\n")
		if i := slices.IndexFunc(e.Sections, func(s portfolio.Section) bool { return sameHeading(s.Heading, part.heading) }); i >= 0 {
			e.Sections[i].Body = body
			continue
		}
		if i := slices.IndexFunc(t.Fields, func(f TemplateField) bool { return sameHeading(f.Label, part.heading) }); i >= 0 {
			if _, err := SetField(t, &e, t.Fields[i].Name, body, today); err != nil {
				pr.Invalid = append(pr.Invalid, strings.TrimPrefix(err.Error(), portfolio.ErrInvalid.Error()+": "))
			}
			continue
		}
		pr.Unknown = append(pr.Unknown, normHeading(part.heading))
	}
	if err := CheckEntry(t, &e); err != nil {
		if cp, ok := err.(*TemplateProblems); ok {
			pr.Missing = cp.Missing
			// A bad field value was reported as typed; missing link is the caller's.
		}
	}
	if pr.empty() {
		return e, nil
	}
	return e, pr
}

type docPart struct{ heading, body string }

// splitHeadings cuts a document at "## " headings outside fenced code blocks. The
// first part, with no heading, is whatever comes before the first heading.
func splitHeadings(doc string) []docPart {
	parts := []docPart{{}}
	var b strings.Builder
	fence := false
	for _, line := range strings.SplitAfter(doc, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = !fence
		}
		if !fence && (strings.HasPrefix(line, "## ") || strings.TrimRight(line, "\n") == "##") {
			parts[len(parts)-1].body = b.String()
			b.Reset()
			parts = append(parts, docPart{heading: strings.TrimSpace(strings.TrimPrefix(strings.TrimRight(line, "\n"), "##"))})
			continue
		}
		b.WriteString(line)
	}
	parts[len(parts)-1].body = b.String()
	return parts
}

// splitTitle takes a "# " line before anything else but blank lines as the title.
func splitTitle(doc string) (title, rest string) {
	lines := strings.SplitAfter(doc, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if strings.HasPrefix(t, "# ") || t == "#" {
			return strings.TrimSpace(strings.TrimPrefix(t, "#")), strings.Join(lines[i+1:], "")
		}
		break
	}
	return "", doc
}

// stripComments drops HTML comments; an unclosed one runs to the end.
func stripComments(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "<!--")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		atLineStart := i == 0 && b.Len() == 0 || i > 0 && s[i-1] == '\n'
		j := strings.Index(s[i+4:], "-->")
		if j < 0 {
			return b.String()
		}
		s = s[i+4+j+3:]
		// A comment alone on its line leaves no blank line behind.
		if atLineStart {
			s = strings.TrimPrefix(s, "\n")
		}
	}
}

// Skeleton is a Markdown document for t that a person can fill in and give back to
// FillFromMarkdown (`folio templates show NAME > f.md`, then `folio add --template
// NAME < f.md`). Prompts, hints and choices are HTML comments, so they can stay.
func Skeleton(t *Template, s Signposting) string {
	var b strings.Builder
	b.WriteString("# Title\n\n")
	fmt.Fprintf(&b, "<!-- %s (template %s, version %d): %s\n", t.Title, t.Name, t.Version, t.Description)
	fmt.Fprintf(&b, "     Functions: %s. Makes: %s.\n", strings.Join(t.Functions, ", "), kindDescription(t))
	b.WriteString("     Replace \"Title\" above, write under each heading, and keep the headings.\n")
	fmt.Fprintf(&b, "     Then: folio add --template %s < this-file.md\n", t.Name)
	b.WriteString("     Text between these comment marks is ignored. Leave out anything that could\n")
	b.WriteString("     identify a patient: names, dates of birth, NHS numbers, addresses. -->\n")
	if t.Link == templates.LinkAction {
		b.WriteString("<!-- This reflects on a done action: add --action ID when you save it. -->\n")
	}
	if len(t.Sections) == 0 && len(t.Fields) == 0 {
		b.WriteString("\n")
	}
	for _, f := range t.Fields {
		fmt.Fprintf(&b, "\n## %s\n\n<!-- %s%s", f.Label, requiredWord(f.Required), fieldHelp(&f))
		if f.Hint != "" {
			fmt.Fprintf(&b, "\n     %s", indentComment(f.Hint))
		}
		b.WriteString(" -->\n")
	}
	for _, sec := range t.Sections {
		fmt.Fprintf(&b, "\n## %s\n\n<!-- %s%s", sec.Heading, requiredWord(sec.Required), indentComment(sec.Prompt))
		if sec.Hint != "" {
			fmt.Fprintf(&b, "\n     %s", indentComment(sec.Hint))
		}
		b.WriteString(" -->\n")
	}
	if t.Signposting && len(s.Services) > 0 {
		// The urgent routes first, under their own words, then the rest.
		b.WriteString("\n<!-- Support:")
		for _, part := range []struct {
			intro    string
			services []templates.Service
		}{{s.UrgentIntro, s.Urgent()}, {s.Intro, s.Support()}} {
			if len(part.services) == 0 {
				continue
			}
			b.WriteString(" " + indentComment(part.intro) + "\n")
			for _, svc := range part.services {
				b.WriteString("     - " + indentComment(ServiceLine(svc)) + "\n")
			}
			b.WriteString("    ")
		}
		b.WriteString("-->\n")
	}
	return b.String()
}

// ServiceLine is one support service on one line: name, what it is, how to reach it.
func ServiceLine(s templates.Service) string {
	line := s.Name
	if s.Description != "" {
		line += ": " + s.Description
	}
	var contact []string
	for _, c := range []string{s.Phone, s.Email, s.Web} {
		if c != "" {
			contact = append(contact, c)
		}
	}
	if len(contact) > 0 {
		line += " (" + strings.Join(contact, ", ") + ")"
	}
	return line
}

func kindDescription(t *Template) string {
	switch t.Kind {
	case templates.KindEntry:
		return "an entry"
	case templates.KindGoal:
		return "a goal with its first action plan"
	}
	return "an entry recorded as " + strings.ReplaceAll(t.Kind, "_", " ")
}

func requiredWord(required bool) string {
	if required {
		return "Required. "
	}
	return "Optional. "
}

func fieldHelp(f *TemplateField) string {
	switch f.Type {
	case templates.FieldDate:
		return "A date: YYYY-MM-DD, DD/MM/YYYY or words such as \"in 6 weeks\"."
	case templates.FieldHours:
		return "Hours, such as 1.5 or 90 min."
	case templates.FieldRating:
		return "A number from 1 to 5."
	case templates.FieldText:
		return "One line."
	case templates.FieldChoice:
		var b strings.Builder
		if f.Multiple {
			b.WriteString("One or more of these, one per line; the number is enough:")
		} else {
			b.WriteString("One of these; the number is enough:")
		}
		for i, c := range f.Choices {
			fmt.Fprintf(&b, "\n     %d  %s", i+1, indentComment(c))
		}
		return b.String()
	}
	return ""
}

// indentComment keeps text inside a comment: continuation lines indented, and no
// "-->" to end the comment early.
func indentComment(s string) string {
	s = strings.ReplaceAll(s, "-->", "->")
	return strings.ReplaceAll(s, "\n", "\n     ")
}
