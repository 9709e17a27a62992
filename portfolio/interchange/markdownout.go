package interchange

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
)

// MarkdownFile is one file of a Markdown folder export: its name inside the folder
// and its bytes.
type MarkdownFile struct {
	Name string
	Data []byte
}

// maxSlugRunes bounds the title part of a file name.
const maxSlugRunes = 60

// MarkdownFolder writes every entry of an archive as a Markdown file, the layout
// Obsidian and other Markdown tools read: a flat folder of DATE-TITLE.md files,
// each with YAML front matter (title, date, functions, tags, the template and its
// fields, goals and actions by name, and related entries as relative links) and the
// entry's text, its template's sections as "## " headings. ReadMarkdown reads the
// files back as the same entries: title, date, functions, tags and text.
func MarkdownFolder(a *archive.Archive) []MarkdownFile {
	entries := slices.Clone(a.Entries)
	slices.SortStableFunc(entries, func(x, y portfolio.Entry) int {
		if x.Date != y.Date {
			return int(x.Date - y.Date)
		}
		return strings.Compare(string(x.ID), string(y.ID))
	})
	names := markdownNames(entries)
	goals := map[portfolio.ID]string{}
	for _, g := range a.Goals {
		goals[g.ID] = g.Title
	}
	actions := map[portfolio.ID]string{}
	for _, ac := range a.Actions {
		actions[ac.ID] = ac.What
	}
	// Entries are related when they are linked to the same goal or action.
	byLink := map[portfolio.ID][]int{}
	for i, e := range entries {
		for _, id := range append(slices.Clone(e.GoalIDs), e.ActionIDs...) {
			byLink[id] = append(byLink[id], i)
		}
	}
	out := make([]MarkdownFile, len(entries))
	for i, e := range entries {
		var related []int
		for _, id := range append(slices.Clone(e.GoalIDs), e.ActionIDs...) {
			for _, j := range byLink[id] {
				if j != i && !slices.Contains(related, j) {
					related = append(related, j)
				}
			}
		}
		slices.Sort(related)
		var b strings.Builder
		var links []string
		for _, j := range related {
			links = append(links, "["+markdownLinkText(entries[j].Title)+"]("+names[j]+")")
		}
		writeFrontMatter(&b, e, goals, actions, links)
		b.WriteString("---\n\n")
		b.WriteString(markdownText(e))
		out[i] = MarkdownFile{Name: names[i], Data: []byte(b.String())}
	}
	return out
}

// writeFrontMatter writes e's YAML front matter, less its closing line: goals and
// actions by name, and links to the related entries.
func writeFrontMatter(b *strings.Builder, e portfolio.Entry, goals, actions map[portfolio.ID]string, links []string) {
	b.WriteString("---\n")
	fmLine(b, "title", yamlQuote(e.Title))
	fmLine(b, "date", e.Date.String())
	fmLine(b, "functions", yamlList(e.Functions.Names()))
	if len(e.Tags) > 0 {
		fmLine(b, "tags", yamlList(e.Tags))
	}
	fmLine(b, "created", e.Created.UTC().Format("2006-01-02T15:04:05Z"))
	if e.Template != "" {
		fmLine(b, "template", yamlQuote(e.Template))
	}
	if e.RecordKind != "" {
		fmLine(b, "record_kind", string(e.RecordKind))
	}
	if len(e.Fields) > 0 {
		b.WriteString("fields:\n")
		for _, f := range e.Fields {
			fmt.Fprintf(b, "  %s: %s\n", yamlQuote(fieldKey(f)), yamlList(f.Values))
		}
	}
	var gs, as []string
	for _, id := range e.GoalIDs {
		if t, ok := goals[id]; ok {
			gs = append(gs, t)
		}
	}
	for _, id := range e.ActionIDs {
		if t, ok := actions[id]; ok {
			as = append(as, t)
		}
	}
	if len(gs) > 0 {
		fmLine(b, "goals", yamlList(gs))
	}
	if len(as) > 0 {
		fmLine(b, "actions", yamlList(as))
	}
	if len(links) > 0 {
		fmLine(b, "related", yamlList(links))
	}
}

// markdownText is an entry's text with its template's sections under "## "
// headings, as one Markdown document.
func markdownText(e portfolio.Entry) string {
	parts := []string{}
	if body := strings.TrimSpace(e.Body); body != "" {
		parts = append(parts, body)
	}
	for _, s := range e.Sections {
		if body := strings.TrimSpace(s.Body); body != "" {
			parts = append(parts, "## "+strings.Join(strings.Fields(s.Heading), " ")+"\n\n"+body)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "\n\n") + "\n"
}

func fieldKey(f portfolio.FieldValue) string {
	if f.Label != "" {
		return f.Label
	}
	return f.Name
}

func fmLine(b *strings.Builder, key, value string) {
	b.WriteString(key + ": " + value + "\n")
}

// yamlQuote writes a YAML double-quoted scalar. Go's quoting is a subset of YAML's
// escapes but for \x and \u, which YAML has too; the importer reads it with
// strconv.Unquote.
func yamlQuote(s string) string { return strconv.Quote(s) }

// yamlList writes a flow sequence of quoted scalars.
func yamlList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = yamlQuote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// markdownLinkText escapes what would end a link's text early.
func markdownLinkText(s string) string {
	return strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(s)
}

// markdownNames gives each entry a file name: its date and a slug of its title
// ("2026-02-14-handover-a-near-miss.md"), with the entry's ID added when two
// would share a name or the title has no letters a file name can keep.
func markdownNames(entries []portfolio.Entry) []string {
	base := make([]string, len(entries))
	count := map[string]int{}
	for i, e := range entries {
		base[i] = e.Date.String()
		if s := slug(e.Title); s != "" {
			base[i] += "-" + s
		} else {
			base[i] += "-" + string(e.ID)
		}
		count[base[i]]++
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		name := base[i]
		if count[name] > 1 {
			name += "-" + string(e.ID)
		}
		names[i] = name + ".md"
	}
	return names
}

// slug is a title's letters and digits in lower case, in any script, joined by
// hyphens: safe in a file name on every system, and in a relative link.
func slug(title string) string {
	var b strings.Builder
	n := 0
	dash := false
	for _, r := range strings.ToLower(title) {
		if n >= maxSlugRunes {
			break
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) && b.Len() > 0 && !dash {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
				n++
			}
			b.WriteRune(r)
			n++
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}
