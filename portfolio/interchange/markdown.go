package interchange

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio/validate"

	"gopkg.in/yaml.v3"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
)

// Limits on a folder of Markdown files; past these it is not a journal.
const (
	maxMarkdownFiles = 100_000
	maxMarkdownDepth = 32
	// maxMarkdownBytes is an entry's body plus room for front matter.
	maxMarkdownBytes = validate.MaxBodyBytes + 64<<10
)

// ParseMarkdown reads one Markdown file as an entry. Optional front matter between
// "---" lines at the top gives title, date, tags and function (or functions); other
// keys are ignored. Without a title the first "# " heading is the title, else the file
// name; without a date the file name must start with one (2026-03-14-audit.md);
// without a function fallback is used, and one is needed. Front matter is a small,
// strict subset of YAML: "key: value" lines, values plain or quoted, lists as
// [a, b] or as "- item" lines under the key.
func ParseMarkdown(data []byte, name string, fallback portfolio.Functions, now time.Time) (SourceEntry, error) {
	src := SourceEntry{Where: name}
	bad := func(line int, format string, args ...any) error {
		pos := name
		if line > 0 {
			pos = fmt.Sprintf("%s:%d", name, line)
		}
		return fmt.Errorf("%w: %s: %s", portfolio.ErrMalformed, pos, fmt.Sprintf(format, args...))
	}
	if len(data) > maxMarkdownBytes {
		return src, bad(0, "is %d bytes; the most for one entry is %d KiB", len(data), maxMarkdownBytes>>10)
	}
	data, err := DecodeText(data)
	if err != nil {
		return src, bad(0, "%s", reason(err))
	}
	if off := invalidUTF8(data); off >= 0 {
		line, col := lineCol(data, off)
		return src, fmt.Errorf("%w: %s:%d:%d: is not valid UTF-8 text", portfolio.ErrMalformed, name, line, col)
	}
	text := string(data)
	text = strings.ReplaceAll(text, "\r\n", "\n")
	fm, body, err := splitFrontMatter(strings.Split(text, "\n"), bad)
	if err != nil {
		return src, err
	}
	e := &src.Entry
	e.Created = now
	e.Title, body = markdownTitle(fm, body, name)
	e.Body = strings.Trim(strings.Join(body, "\n"), "\n")
	if fm.body.line > 0 {
		// jrnl's YAML export keeps the text in the front matter; anything written
		// after it follows.
		e.Body = strings.Trim(strings.TrimRight(fm.body.value, "\n")+"\n\n"+e.Body, "\n")
	}
	if e.Date, err = markdownDate(fm, name, bad); err != nil {
		return src, err
	}
	if t, ok := frontMatterTime(fm.date.value, now.Location()); ok {
		// A time of day (jrnl writes one) is when the entry was written, and tells
		// apart entries of one day with the same text.
		e.Created, src.Timed = t, true
	}
	e.Functions = fallback
	if fm.functions.line > 0 {
		fs, err := portfolio.ParseFunctions(fm.functions.list)
		if err != nil {
			return src, bad(fm.functions.line, "%s", strings.TrimPrefix(err.Error(), portfolio.ErrUnknownFunction.Error()+": "))
		}
		e.Functions = fs
	}
	if e.Functions.Empty() {
		return src, bad(0, "has no Proctor function; add 'function: formative' (or normative, restorative) to its front matter, or pass --function")
	}
	for _, t := range fm.tags.list {
		// jrnl's tags start with @; the @ is not part of the tag.
		e.Tags = append(e.Tags, strings.TrimLeft(strings.TrimSpace(t), "@"))
	}
	if fm.starred {
		e.Tags = append(e.Tags, "starred")
	}
	return src, nil
}

// frontMatterTime reads a date with a time of day ("2023-05-01 08:00", as jrnl
// writes, or RFC 3339) in loc when the value has no zone of its own.
func frontMatterTime(s string, loc *time.Location) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// splitFrontMatter reads the front matter between "---" lines at the top, if any,
// and returns it with the lines of the body.
func splitFrontMatter(lines []string, bad func(int, string, ...any) error) (frontMatter, []string, error) {
	if strings.TrimRight(lines[0], " \t") != "---" {
		return frontMatter{}, lines, nil
	}
	for i := 1; i < len(lines); i++ {
		if l := strings.TrimRight(lines[i], " \t"); l == "---" || l == "..." {
			fm, err := parseFrontMatter(lines[1:i], 2, bad)
			return fm, lines[i+1:], err
		}
	}
	return frontMatter{}, nil, bad(1, "the front matter opened here is never closed with a --- line")
}

// markdownTitle is the front matter's title, else the first "# " heading (taken out
// of the body), else the file name.
func markdownTitle(fm frontMatter, body []string, name string) (string, []string) {
	if fm.title.line > 0 {
		return fm.title.value, body
	}
	for i, l := range body {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if strings.HasPrefix(l, "# ") {
			body = body[i+1:]
			if title := strings.TrimSpace(l[2:]); title != "" {
				return title, body
			}
		}
		break
	}
	base := filepath.Base(name)
	return strings.TrimSuffix(base, filepath.Ext(base)), body
}

// markdownDate is the front matter's date, else the one the file name starts with.
func markdownDate(fm frontMatter, name string, bad func(int, string, ...any) error) (calendar.Date, error) {
	if fm.date.line > 0 {
		d, ok := leadingDate(fm.date.value)
		if !ok {
			if v := fm.date.value; len(v) >= 10 && calendar.IsDateForm(v[:10]) && (len(v) == 10 || strings.IndexByte("T _-.", v[10]) >= 0) {
				return 0, bad(fm.date.line, "the date %q is not a real date: there is no such month, or no such day in that month", v)
			}
			return 0, bad(fm.date.line, "the date %q is not in the form YYYY-MM-DD", fm.date.value)
		}
		if err := validate.CheckDate("date", d, true); err != nil {
			return 0, bad(fm.date.line, "%s", reason(err))
		}
		return d, nil
	}
	d, ok := leadingDate(filepath.Base(name))
	if !ok {
		return 0, bad(0, "has no date; add 'date: YYYY-MM-DD' to its front matter, or start its file name with the date")
	}
	return d, nil
}

// leadingDate reads a YYYY-MM-DD at the start of s, followed by nothing, a time
// ("T09:00", " 09:00") or, in a file name, a separator.
func leadingDate(s string) (calendar.Date, bool) {
	if len(s) < 10 {
		return 0, false
	}
	if len(s) > 10 && strings.IndexByte("T _-.", s[10]) < 0 {
		return 0, false
	}
	t, err := time.Parse(time.DateOnly, s[:10])
	if err != nil {
		return 0, false
	}
	return calendar.DateOf(t), true
}

// fmValue is one front matter value and the line it was on (0: absent).
type fmValue struct {
	value string
	list  []string
	line  int
}

type frontMatter struct {
	title, date, tags, functions fmValue
	// body and starred are jrnl's YAML export's: the entry's text in the front
	// matter, and whether it was starred.
	body    fmValue
	starred bool
}

// parseFrontMatter reads the front matter as YAML, with gopkg.in/yaml.v3, keeping
// the known keys and ignoring the others. first is the file line number of lines[0].
func parseFrontMatter(lines []string, first int, bad func(int, string, ...any) error) (frontMatter, error) {
	var fm frontMatter
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(strings.Join(lines, "\n")), &doc); err != nil {
		return fm, yamlError(err, first, bad)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return fm, nil // empty front matter
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return fm, bad(first+top.Line-1, "front matter is 'key: value' lines; this is not")
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		n := first + k.Line - 1
		key := strings.ToLower(strings.TrimSpace(k.Value))
		var dst *fmValue
		list := false
		switch key {
		case "title":
			dst = &fm.title
		case "date":
			dst = &fm.date
		case "body":
			dst = &fm.body
		case "tags", "tag":
			dst, list = &fm.tags, true
		case "function", "functions":
			dst, list = &fm.functions, true
		case "starred":
			if v.Kind != yaml.ScalarNode || v.Decode(&fm.starred) != nil {
				return fm, bad(n, "starred is true or false")
			}
			continue
		default:
			continue
		}
		canon := key
		if list {
			canon = strings.TrimSuffix(key, "s")
		}
		if seen[canon] {
			return fm, bad(n, "%s is given twice in the front matter", key)
		}
		seen[canon] = true
		dst.line = n
		if err := readFMValue(dst, key, v, list, first, bad); err != nil {
			return fm, err
		}
	}
	return fm, nil
}

// readFMValue reads a known key's value: one scalar, which for a list key is split at
// commas, or for a list key a list of scalars.
func readFMValue(dst *fmValue, key string, v *yaml.Node, list bool, first int, bad func(int, string, ...any) error) error {
	n := first + v.Line - 1
	switch {
	case v.Kind == yaml.AliasNode:
		return bad(n, "%s uses a YAML alias; give the value itself", key)
	case v.Kind == yaml.ScalarNode:
		if v.Tag == "!!null" {
			return nil
		}
		dst.value = v.Value
		if list {
			dst.list = strings.Split(v.Value, ",")
		}
	case v.Kind == yaml.SequenceNode && list:
		for _, item := range v.Content {
			if item.Kind != yaml.ScalarNode {
				return bad(first+item.Line-1, "cannot read this front matter line; %s takes a list of words", key)
			}
			if item.Value != "" && item.Tag != "!!null" {
				dst.list = append(dst.list, item.Value)
			}
		}
	case v.Kind == yaml.SequenceNode:
		return bad(n, "%s takes one value, not a list", key)
	case list:
		return bad(n, "cannot read this front matter line; %s takes one value or a list", key)
	default:
		// Such as a template's {{date}}, which YAML reads as a map.
		return bad(n, "cannot read this front matter line; %s takes one value", key)
	}
	return nil
}

// yamlError turns the YAML library's error into one naming the file's line.
func yamlError(err error, first int, bad func(int, string, ...any) error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, after, ok := strings.Cut(rest, ": "); ok {
			if l, err := strconv.Atoi(num); err == nil {
				line, msg = first+l-1, after
			}
		}
	}
	return bad(line, "the front matter is not valid YAML (%s); quote a value that holds ': ' or starts with a special character", msg)
}

// MarkdownOptions say how to read a folder of Markdown files.
type MarkdownOptions struct {
	// SkipBad imports the files that can be read and lists the others in skipped,
	// with why; without it, any bad file refuses the whole folder.
	SkipBad bool
}

// ReadMarkdown reads a Markdown file, or every Markdown file in a folder and the
// folders within it, as entries. In a folder, hidden files and folders and files not
// ending .md or .markdown are left out and listed in skipped; a symbolic link is a
// bad file, since following it could read files from anywhere. Every bad file is
// reported in one error, or with opt.SkipBad listed in skipped.
func ReadMarkdown(path string, fallback portfolio.Functions, now time.Time, opt MarkdownOptions) (entries []SourceEntry, skipped []string, err error) {
	return readMarkdown(path, fallback, now, opt, nil)
}

// readMarkdown is ReadMarkdown calling keep, when not nil, with each entry read
// and its file's bytes, before the entry is kept; keep may change it.
func readMarkdown(path string, fallback portfolio.Functions, now time.Time, opt MarkdownOptions, keep func(e *SourceEntry, data []byte)) (entries []SourceEntry, skipped []string, err error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, invalid("cannot read %s: %v", path, UnwrapPath(err))
	}
	if !st.IsDir() {
		e, data, err := readMarkdownFile(path, st, fallback, now)
		if err != nil {
			return nil, nil, err
		}
		if keep != nil {
			keep(&e, data)
		}
		return []SourceEntry{e}, nil, nil
	}
	var problems []string
	// bad notes a file that cannot be imported and goes on to the next.
	bad := func(err error) {
		problems = append(problems, strings.TrimPrefix(strings.TrimPrefix(err.Error(), portfolio.ErrMalformed.Error()+": "), portfolio.ErrInvalid.Error()+": "))
	}
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return invalid("cannot read %s: %v", p, UnwrapPath(err))
		}
		if p == path {
			return nil
		}
		rel, _ := filepath.Rel(path, p)
		if strings.HasPrefix(d.Name(), ".") {
			skipped = append(skipped, p+" (hidden)")
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			bad(fmt.Errorf("%w: %s: is a symbolic link; folio does not follow links in an import folder, so copy the file in instead", portfolio.ErrMalformed, p))
			return nil
		}
		if d.IsDir() {
			if strings.Count(rel, string(filepath.Separator)) >= maxMarkdownDepth {
				return fmt.Errorf("%w: %s: folders nest more than %d deep", portfolio.ErrMalformed, p, maxMarkdownDepth)
			}
			return nil
		}
		if !d.Type().IsRegular() {
			skipped = append(skipped, p+" (not a regular file)")
			return nil
		}
		if ext := strings.ToLower(filepath.Ext(p)); ext != ".md" && ext != ".markdown" {
			skipped = append(skipped, p+" (not a Markdown file)")
			return nil
		}
		if len(entries) == maxMarkdownFiles {
			return fmt.Errorf("%w: %s holds more than %d Markdown files", portfolio.ErrMalformed, path, maxMarkdownFiles)
		}
		info, err := d.Info()
		if err != nil {
			return invalid("cannot read %s: %v", p, UnwrapPath(err))
		}
		e, data, err := readMarkdownFile(p, info, fallback, now)
		if err != nil {
			bad(err)
			return nil
		}
		if keep != nil {
			keep(&e, data)
		}
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if len(problems) > 0 && !opt.SkipBad {
		return nil, nil, fmt.Errorf("%w: %s: %d Markdown %s cannot be imported; fix %s, or pass --skip-bad to import the rest: %s",
			portfolio.ErrMalformed, path, len(problems), plural(len(problems), "file", "files"), plural(len(problems), "it", "them"), strings.Join(problems, "; "))
	}
	return entries, append(skipped, problems...), nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// readMarkdownFile reads the file at path as an entry, and returns its bytes too.
func readMarkdownFile(path string, st fs.FileInfo, fallback portfolio.Functions, now time.Time) (SourceEntry, []byte, error) {
	// The size is checked before reading, so a huge file is refused without loading it.
	if st.Size() > maxMarkdownBytes {
		return SourceEntry{}, nil, fmt.Errorf("%w: %s: is %d bytes; the most for one entry is %d KiB", portfolio.ErrMalformed, path, st.Size(), maxMarkdownBytes>>10)
	}
	if !st.Mode().IsRegular() {
		return SourceEntry{}, nil, invalid("%s is not a regular file", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return SourceEntry{}, nil, invalid("cannot read %s: %v", path, UnwrapPath(err))
	}
	e, err := ParseMarkdown(data, path, fallback, now)
	return e, data, err
}
