package catalogue

import (
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/portfolio/search"
)

// SearchText is e's search text, in one allocation unless a letter folds to a
// longer form.
func SearchText(e *record.Entry) []byte {
	return AppendSearchText(make([]byte, 0, SearchTextSize(e)), e)
}

// SearchTextSize is the length of e's search text, unless a letter folds to a
// longer form.
func SearchTextSize(e *record.Entry) int {
	n := len(e.Title) + len(e.Body) + 1
	for _, t := range e.Tags {
		n += len(t) + 2
	}
	for _, s := range e.Sections {
		n += len(s.Heading) + len(s.Body) + 2
	}
	for _, f := range e.Fields {
		n += len(f.Label) + 2
		for _, v := range f.Values {
			n += len(v) + 1
		}
	}
	return n
}

// AppendSearchText appends e's search text to b: its title, tags, body, sections
// and fields folded, each after white space, the tags after "\n#". MatchEntry
// relies on every part but a tag's "#" being set apart by white space.
func AppendSearchText(b []byte, e *record.Entry) []byte {
	b = search.AppendFold(b, e.Title)
	for _, t := range e.Tags {
		b = append(b, "\n#"...)
		b = search.AppendFold(b, t)
	}
	b = append(b, '\n')
	b = search.AppendFold(b, e.Body)
	for _, s := range e.Sections {
		b = append(b, '\n')
		b = search.AppendFold(b, s.Heading)
		b = append(b, '\n')
		b = search.AppendFold(b, s.Body)
	}
	// Template fields too, so a chosen standard or CPD type can be searched for.
	for _, f := range e.Fields {
		b = append(b, '\n')
		b = search.AppendFold(b, f.Label)
		for _, v := range f.Values {
			b = append(b, ' ')
			b = search.AppendFold(b, v)
		}
	}
	return b
}

// MatchEntry reports whether e's search text holds every word, folding it a
// piece at a time rather than keeping it. A word holds no white space, so it lies
// within one part of the text: one field, or a tag with its "#".
func MatchEntry(e *record.Entry, words [][]byte) bool {
	for _, w := range words {
		if !entryHolds(e, w) {
			return false
		}
	}
	return true
}

func entryHolds(e *record.Entry, w []byte) bool {
	if search.ContainsFold("", e.Title, w) {
		return true
	}
	for _, t := range e.Tags {
		if search.ContainsFold("#", t, w) {
			return true
		}
	}
	if search.ContainsFold("", e.Body, w) {
		return true
	}
	for _, s := range e.Sections {
		if search.ContainsFold("", s.Heading, w) || search.ContainsFold("", s.Body, w) {
			return true
		}
	}
	for _, f := range e.Fields {
		if search.ContainsFold("", f.Label, w) {
			return true
		}
		for _, v := range f.Values {
			if search.ContainsFold("", v, w) {
				return true
			}
		}
	}
	return false
}
