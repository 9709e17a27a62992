package interchange

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio"
)

// Limits on a folder of Markdown files; past these it is not a journal.
const (
	maxMarkdownFiles = 100_000
	maxMarkdownDepth = 32
	// maxMarkdownBytes is an entry's body plus room for front matter.
	maxMarkdownBytes = portfolio.MaxBodyBytes + 64<<10
)

// ParseMarkdown reads one Markdown file as an entry. Optional front matter between
// "---" lines at the top gives title, date, tags and function (or functions); other
// keys are ignored. Without a title the first "# " heading is the title, else the file
// name; without a date the file name must start with one (2026-03-14-audit.md);
// without a function fallback is used, and one is needed. Front matter is a small,
// strict subset of YAML: "key: value" lines, values plain or quoted, lists as
// [a, b] or as "- item" lines under the key.
func ParseMarkdown(data []byte, name string, fallback portfolio.Functions, now time.Time) (portfolio.SourceEntry, error) {
	src := portfolio.SourceEntry{Where: name}
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
	data, err := portfolio.DecodeText(data)
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
	if e.Date, err = markdownDate(fm, name, bad); err != nil {
		return src, err
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
	e.Tags = fm.tags.list
	return src, nil
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
func markdownDate(fm frontMatter, name string, bad func(int, string, ...any) error) (portfolio.Date, error) {
	if fm.date.line > 0 {
		d, ok := leadingDate(fm.date.value)
		if !ok {
			return 0, bad(fm.date.line, "the date %q is not in the form YYYY-MM-DD", fm.date.value)
		}
		if err := portfolio.CheckDate("date", d, true); err != nil {
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
func leadingDate(s string) (portfolio.Date, bool) {
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
	return portfolio.DateOf(t), true
}

// fmValue is one front matter value and the line it was on (0: absent).
type fmValue struct {
	value string
	list  []string
	line  int
}

type frontMatter struct {
	title, date, tags, functions fmValue
}

// parseFrontMatter reads the known keys, ignoring the others and what is indented
// under them. first is the file line number of lines[0].
func parseFrontMatter(lines []string, first int, bad func(int, string, ...any) error) (frontMatter, error) {
	var fm frontMatter
	var cur *fmValue // the known key whose block list may follow
	for i, l := range lines {
		n := first + i
		trimmed := strings.TrimSpace(l)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if l[0] == ' ' || l[0] == '\t' || l[0] == '-' {
			if cur == nil {
				continue // under an unknown key
			}
			item, ok := strings.CutPrefix(trimmed, "-")
			if !ok || cur == &fm.title || cur == &fm.date {
				return fm, bad(n, "cannot read this front matter line; give the value on the key's line")
			}
			v, err := fmScalar(strings.TrimSpace(item))
			if err != nil {
				return fm, bad(n, "%v", err)
			}
			cur.list = append(cur.list, v)
			continue
		}
		key, value, ok := strings.Cut(l, ":")
		if !ok {
			return fm, bad(n, "front matter lines are 'key: value'; this one has no colon")
		}
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.TrimSpace(value)
		var dst *fmValue
		switch key {
		case "title":
			dst = &fm.title
		case "date":
			dst = &fm.date
		case "tags", "tag":
			dst = &fm.tags
		case "function", "functions":
			dst = &fm.functions
		default:
			cur = nil
			continue
		}
		if dst.line > 0 {
			return fm, bad(n, "%s is given twice in the front matter", key)
		}
		dst.line = n
		cur = dst
		if err := readFMValue(dst, key, value, n, fm.isList(dst), bad); err != nil {
			return fm, err
		}
	}
	return fm, nil
}

// isList says whether the key takes a list: tags and functions do, title and date
// take one value.
func (fm *frontMatter) isList(v *fmValue) bool { return v == &fm.tags || v == &fm.functions }

// readFMValue reads the value on a known key's line, n: empty (a block list may
// follow), an inline [a, b] list, or one scalar, which for a list key is split at
// commas.
func readFMValue(dst *fmValue, key, value string, n int, list bool, bad func(int, string, ...any) error) error {
	switch {
	case value == "":
	case strings.HasPrefix(value, "["):
		if !strings.HasSuffix(value, "]") {
			return bad(n, "the list for %s has no closing ]", key)
		}
		for _, part := range strings.Split(value[1:len(value)-1], ",") {
			v, err := fmScalar(strings.TrimSpace(part))
			if err != nil {
				return bad(n, "%v", err)
			}
			if v != "" {
				dst.list = append(dst.list, v)
			}
		}
	default:
		v, err := fmScalar(value)
		if err != nil {
			return bad(n, "%v", err)
		}
		dst.value = v
		if list {
			dst.list = strings.Split(v, ",")
		}
	}
	if !list && dst.list != nil {
		return bad(n, "%s takes one value, not a list", key)
	}
	return nil
}

// fmScalar reads a plain, "double-quoted" or 'single-quoted' value. A plain value
// ends at " #", where a comment starts.
func fmScalar(s string) (string, error) {
	switch {
	case strings.HasPrefix(s, `"`):
		v, err := strconv.Unquote(s)
		if err != nil {
			return "", fmt.Errorf("the quoted value %s is not closed or has a bad escape", s)
		}
		return v, nil
	case strings.HasPrefix(s, "'"):
		if len(s) < 2 || !strings.HasSuffix(s, "'") {
			return "", fmt.Errorf("the quoted value %s is not closed", s)
		}
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'"), nil
	}
	if i := strings.Index(s, " #"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s), nil
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
func ReadMarkdown(path string, fallback portfolio.Functions, now time.Time, opt MarkdownOptions) (entries []portfolio.SourceEntry, skipped []string, err error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, invalid("cannot read %s: %v", path, unwrapPath(err))
	}
	if !st.IsDir() {
		e, err := readMarkdownFile(path, st, fallback, now)
		if err != nil {
			return nil, nil, err
		}
		return []portfolio.SourceEntry{e}, nil, nil
	}
	var problems []string
	// bad notes a file that cannot be imported and goes on to the next.
	bad := func(err error) {
		problems = append(problems, strings.TrimPrefix(strings.TrimPrefix(err.Error(), portfolio.ErrMalformed.Error()+": "), portfolio.ErrInvalid.Error()+": "))
	}
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return invalid("cannot read %s: %v", p, unwrapPath(err))
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
			return invalid("cannot read %s: %v", p, unwrapPath(err))
		}
		e, err := readMarkdownFile(p, info, fallback, now)
		if err != nil {
			bad(err)
			return nil
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

func readMarkdownFile(path string, st fs.FileInfo, fallback portfolio.Functions, now time.Time) (portfolio.SourceEntry, error) {
	// The size is checked before reading, so a huge file is refused without loading it.
	if st.Size() > maxMarkdownBytes {
		return portfolio.SourceEntry{}, fmt.Errorf("%w: %s: is %d bytes; the most for one entry is %d KiB", portfolio.ErrMalformed, path, st.Size(), maxMarkdownBytes>>10)
	}
	if !st.Mode().IsRegular() {
		return portfolio.SourceEntry{}, invalid("%s is not a regular file", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return portfolio.SourceEntry{}, invalid("cannot read %s: %v", path, unwrapPath(err))
	}
	return ParseMarkdown(data, path, fallback, now)
}
