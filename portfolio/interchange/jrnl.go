package interchange

import (
	"fmt"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
)

// jrnlEntry is one entry of `jrnl --export json`. Fields jrnl adds over versions
// (uuid, creator, ...) are ignored; folio has nowhere to keep them.
type jrnlEntry struct {
	Title   *string  `json:"title"`
	Body    *string  `json:"body"`
	Date    *string  `json:"date"`
	Time    string   `json:"time"`
	Tags    []string `json:"tags"`
	Starred bool     `json:"starred"`
}

// ParseJrnl reads a jrnl JSON export ({"tags": {...}, "entries": [...]}). Each entry
// becomes an entry under fallback's functions (jrnl has none, so fallback is needed),
// with jrnl's @tags as tags and "starred" added as a tag to starred ones. The date and
// time jrnl gives are when the entry was written, read in loc.
func ParseJrnl(data []byte, name string, fallback portfolio.Functions, loc *time.Location) ([]SourceEntry, error) {
	doc, err := readJSON(data, name)
	if err != nil {
		return nil, err
	}
	if _, ok := doc.keys["entries"]; !ok {
		return nil, doc.errorf(0, "", "has no \"entries\" list; it is not a jrnl JSON export")
	}
	if fallback.Empty() {
		// The file is fine: what is missing is the user's choice.
		return nil, invalid("jrnl keeps no Proctor function, so importing %s needs one for its entries: pass --function normative, formative or restorative", name)
	}
	var list []jrnlEntry
	if err := doc.decodeValue("entries", &list, false, nil); err != nil {
		return nil, err
	}
	if doc.data[doc.keys["entries"]] != '[' {
		return nil, doc.errorf(doc.keys["entries"], "entries", "is not a list")
	}
	offsets := doc.elems["entries"]
	out := make([]SourceEntry, 0, len(list))
	for i := range list {
		path := fmt.Sprintf("entries[%d]", i)
		e, timed, f := fromJrnl(&list[i], fallback, loc)
		if f != nil {
			return nil, doc.errorf(offsets[i], path+f.field, "%s", f.msg)
		}
		line, col := doc.pos.at(doc.data, offsets[i])
		out = append(out, SourceEntry{Entry: e, Where: fmt.Sprintf("%s:%d:%d: %s", name, line, col, path), Timed: timed})
	}
	return out, nil
}

// jrnlFault is what is wrong with a jrnl entry: the field (".date"; "" for the
// entry) and why.
type jrnlFault struct{ field, msg string }

// fromJrnl is the entry j gives, under fallback's functions, and whether jrnl gave
// its time; or what is wrong with it.
func fromJrnl(j *jrnlEntry, fallback portfolio.Functions, loc *time.Location) (portfolio.Entry, bool, *jrnlFault) {
	if j.Title == nil || j.Date == nil {
		return portfolio.Entry{}, false, &jrnlFault{"", "has no title or no date; a jrnl entry has both"}
	}
	day, err := time.ParseInLocation(time.DateOnly, *j.Date, loc)
	if err != nil || len(*j.Date) != len(time.DateOnly) {
		// calendar.Date says whether the form or the day is wrong.
		var d calendar.Date
		if err := d.UnmarshalText([]byte(*j.Date)); err != nil {
			return portfolio.Entry{}, false, &jrnlFault{".date", reason(err)}
		}
		return portfolio.Entry{}, false, &jrnlFault{".date", fmt.Sprintf("%q is not a date in the form YYYY-MM-DD", *j.Date)}
	}
	created := day
	if j.Time != "" {
		t, err := time.ParseInLocation("2006-01-02 15:04", *j.Date+" "+j.Time, loc)
		if err != nil {
			return portfolio.Entry{}, false, &jrnlFault{".time", fmt.Sprintf("%q is not a time in the form HH:MM", j.Time)}
		}
		created = t
	}
	e := portfolio.Entry{Title: *j.Title, Functions: fallback, Date: calendar.DateOf(day), Created: created}
	if j.Body != nil {
		e.Body = *j.Body
	}
	for _, t := range j.Tags {
		e.Tags = append(e.Tags, strings.TrimLeft(t, "@"))
	}
	if j.Starred {
		e.Tags = append(e.Tags, "starred")
	}
	return e, j.Time != "", nil
}
