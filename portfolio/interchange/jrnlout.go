package interchange

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
)

// jrnlOut is the document `jrnl --export json` writes, which `jrnl --import` and
// folio's ParseJrnl read.
type jrnlOut struct {
	Tags    map[string]int `json:"tags"`
	Entries []jrnlOutEntry `json:"entries"`
}

type jrnlOutEntry struct {
	Title   string   `json:"title"`
	Body    string   `json:"body"`
	Date    string   `json:"date"`
	Time    string   `json:"time"`
	Tags    []string `json:"tags"`
	Starred bool     `json:"starred"`
}

// starredTag is the tag ParseJrnl gives a starred jrnl entry, so it goes back as the
// star.
const starredTag = "starred"

// MarshalJrnl writes every entry of an archive as jrnl's JSON: title, body (the
// entry's text with its sections under "## " headings), the entry's date, the time
// it was written in loc, tags with jrnl's "@", and the tag "starred" as jrnl's star.
// jrnl has no Proctor functions: importing it back needs them given.
func MarshalJrnl(a *archive.Archive, loc *time.Location) ([]byte, error) {
	entries := slices.Clone(a.Entries)
	slices.SortStableFunc(entries, func(x, y portfolio.Entry) int {
		if x.Date != y.Date {
			return int(x.Date - y.Date)
		}
		if c := x.Created.Compare(y.Created); c != 0 {
			return c
		}
		return strings.Compare(string(x.ID), string(y.ID))
	})
	doc := jrnlOut{Tags: map[string]int{}, Entries: make([]jrnlOutEntry, 0, len(entries))}
	for _, e := range entries {
		j := jrnlOutEntry{Title: e.Title, Body: strings.TrimSuffix(markdownText(e), "\n"), Date: e.Date.String(), Tags: []string{}}
		if !e.Created.IsZero() {
			j.Time = e.Created.In(loc).Format("15:04")
		}
		for _, t := range e.Tags {
			if t == starredTag {
				j.Starred = true
				continue
			}
			j.Tags = append(j.Tags, "@"+t)
			doc.Tags["@"+t]++
		}
		doc.Entries = append(doc.Entries, j)
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}
