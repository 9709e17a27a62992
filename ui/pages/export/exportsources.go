package export

import (
	"fmt"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/revalidation"
	"github.com/foliohq/folio/ui/common"
)

// The documents the app exports are the command line's: built by the domain, so
// what leaves the vault is the same whichever door it leaves by.

// SelectionSource is the entries marked in the list, as a summary.
func SelectionSource(ctx *common.Context, ids []portfolio.ID) ExportSource {
	p, today := ctx.Portfolio, ctx.Today()
	return ExportSource{title: "entries", build: func(includePrivate bool) (BuiltDoc, error) {
		d, left, err := document.SelectionSummary(p, ids, includePrivate)
		if err != nil {
			return BuiltDoc{}, err
		}
		b := BuiltDoc{doc: d, name: "folio-entries-" + today.String()}
		if left.Private > 0 {
			b.notes = append(b.notes, fmt.Sprintf("%s left out (p includes %s)", common.Plural(left.Private, "private entry", "private entries"), themOrIt(left.Private)))
		}
		if left.MentorReflections > 0 {
			b.notes = append(b.notes, common.Plural(left.MentorReflections, "mentor's reflection", "mentor's reflections")+" never exported")
		}
		return b, nil
	}}
}

// CalendarSource is a relationship's planned meetings and open actions' due
// dates as an iCalendar file, as folio export calendar --with writes it; "include
// private" puts the names and words in (--details).
func CalendarSource(ctx *common.Context, relID portfolio.ID) ExportSource {
	p := ctx.Portfolio
	return ExportSource{title: "calendar", relID: relID, calendar: true, build: func(details bool) (BuiltDoc, error) {
		ics := document.Calendar(p, document.CalendarQuery{Relationship: relID, Details: details})
		// The file's text goes in the document too, so the identifier scan reads it.
		doc := document.Doc{Title: "Calendar of meetings and actions due", Sections: []document.Section{{Blocks: []document.Block{{Kind: document.BlockParagraph, Text: string(ics)}}}}}
		b := BuiltDoc{doc: doc, Markdown: string(ics), name: "folio-calendar"}
		if !details {
			b.notes = append(b.notes, "events say only \"Mentoring meeting\" and \"Action due\" (p puts names and words in)")
		}
		return b, nil
	}}
}

// MeetingSource is the summary of a meeting, planned or held: "" is the next one.
func MeetingSource(ctx *common.Context, relID, meetingID portfolio.ID) ExportSource {
	p, today := ctx.Portfolio, ctx.Today()
	return ExportSource{title: "meeting summary", relID: relID, build: func(includePrivate bool) (BuiltDoc, error) {
		d, err := document.MeetingSummary(p, relID, meetingID, document.Options{IncludePrivate: includePrivate})
		if err != nil {
			return BuiltDoc{}, err
		}
		date := today
		if m, ok := mentorship.Meeting(p, meetingID); ok {
			date = m.Date
		}
		b := BuiltDoc{doc: d, name: "folio-meeting-" + date.String()}
		if !includePrivate {
			b.notes = append(b.notes, "private entries and unshared notes left out (p includes them)")
		}
		return b, nil
	}}
}

// revalidationSource is the records for a renewal, in the submission's order.
func revalidationSource(ctx *common.Context, renewal calendar.Date, rules revalidation.Rules) ExportSource {
	p := ctx.Portfolio
	return ExportSource{title: "revalidation pack", build: func(includePrivate bool) (BuiltDoc, error) {
		d, r := document.RevalidationPack(p, renewal, rules, includePrivate)
		b := BuiltDoc{doc: d, name: "folio-revalidation-" + renewal.String(), notes: []string{r.Headline()}}
		if !includePrivate {
			b.notes = append(b.notes, "private records left out (p includes them)")
		}
		return b, nil
	}}
}

func themOrIt(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}
