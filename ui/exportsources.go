package ui

import (
	"fmt"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/portfolio/revalidation"
)

// The documents the app exports are the command line's: built by the domain, so
// what leaves the vault is the same whichever door it leaves by.

// selectionSource is the entries marked in the list, as a summary.
func selectionSource(ctx *context, ids []portfolio.ID) exportSource {
	p, today := ctx.p, ctx.today()
	return exportSource{title: "entries", build: func(includePrivate bool) (builtDoc, error) {
		d, left, err := document.SelectionSummary(p, ids, includePrivate)
		if err != nil {
			return builtDoc{}, err
		}
		b := builtDoc{doc: d, name: "folio-entries-" + today.String()}
		if left.Private > 0 {
			b.notes = append(b.notes, fmt.Sprintf("%s left out (p includes %s)", plural(left.Private, "private entry", "private entries"), themOrIt(left.Private)))
		}
		if left.MentorReflections > 0 {
			b.notes = append(b.notes, plural(left.MentorReflections, "mentor's reflection", "mentor's reflections")+" never exported")
		}
		return b, nil
	}}
}

// meetingSource is the summary of a meeting, planned or held: "" is the next one.
func meetingSource(ctx *context, relID, meetingID portfolio.ID) exportSource {
	p, today := ctx.p, ctx.today()
	return exportSource{title: "meeting summary", relID: relID, build: func(includePrivate bool) (builtDoc, error) {
		d, err := document.MeetingSummary(p, relID, meetingID, document.Options{IncludePrivate: includePrivate})
		if err != nil {
			return builtDoc{}, err
		}
		date := today
		if m, ok := p.Meeting(meetingID); ok {
			date = m.Date
		}
		b := builtDoc{doc: d, name: "folio-meeting-" + date.String()}
		if !includePrivate {
			b.notes = append(b.notes, "private entries and unshared notes left out (p includes them)")
		}
		return b, nil
	}}
}

// revalidationSource is the records for a renewal, in the submission's order.
func revalidationSource(ctx *context, renewal calendar.Date, rules revalidation.Rules) exportSource {
	p := ctx.p
	return exportSource{title: "revalidation pack", build: func(includePrivate bool) (builtDoc, error) {
		d, r := document.RevalidationPack(p, renewal, rules, includePrivate)
		b := builtDoc{doc: d, name: "folio-revalidation-" + renewal.String(), notes: []string{r.Headline()}}
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
