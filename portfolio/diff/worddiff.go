// Package diff shows what changed between two versions of a record: each version
// as text (RecordText: an entry as written, any other record as labelled lines) and
// the word diff between two texts (WordDiff). The versions come from the core's
// history (portfolio.History, VersionOf).
package diff

import (
	"unicode"

	"github.com/aymanbagabas/go-udiff/lcs"
)

// DiffOp says whether a run of a word diff is in both texts, only the old or only the
// new.
type DiffOp int

const (
	DiffEqual DiffOp = iota
	DiffDelete
	DiffInsert
)

// DiffPart is one run of a word diff.
type DiffPart struct {
	Op   DiffOp `json:"op"`
	Text string `json:"text"`
}

// WordDiff compares two texts word by word (words, runs of white space and single
// punctuation marks are the units), for a version's history: the Equal and Delete
// parts in order spell old, the Equal and Insert parts spell new. Deletions come
// before insertions where both replace the same words.
func WordDiff(old, new string) []DiffPart {
	a, b := diffTokens(old), diffTokens(new)
	var out []DiffPart
	add := func(op DiffOp, toks []string) {
		for _, t := range toks {
			if n := len(out); n > 0 && out[n-1].Op == op {
				out[n-1].Text += t
				continue
			}
			out = append(out, DiffPart{Op: op, Text: t})
		}
	}
	pos := 0
	for _, d := range lcs.DiffLines(a, b) {
		add(DiffEqual, a[pos:d.Start])
		add(DiffDelete, a[d.Start:d.End])
		add(DiffInsert, b[d.ReplStart:d.ReplEnd])
		pos = d.End
	}
	add(DiffEqual, a[pos:])
	return out
}

// diffTokens splits s into words (letters, digits and joiners), runs of white space,
// and single other characters.
func diffTokens(s string) []string {
	var toks []string
	class := func(r rune) int {
		switch {
		case unicode.IsSpace(r):
			return 1
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '\'' || r == '’' || r == '_':
			return 2
		}
		return 3
	}
	start, prev := 0, 0
	for i, r := range s {
		c := class(r)
		if i > start && (c != prev || c == 3) {
			toks = append(toks, s[start:i])
			start = i
		}
		prev = c
	}
	if start < len(s) {
		toks = append(toks, s[start:])
	}
	return toks
}
