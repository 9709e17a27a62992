package document

import (
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/revalidation"
)

func TestDateForms(t *testing.T) {
	d := calendar.MakeDate(2026, 11, 28)
	long, iso := dates{year: 2026}, dates{iso: true, year: 2026}
	for _, c := range []struct{ got, want string }{
		{long.long(d), "28 November 2026"},
		{long.short(d), "28 Nov"},
		{long.short(calendar.MakeDate(2025, 5, 3)), "3 May 2025"},
		{iso.long(d), "2026-11-28"},
		{iso.short(d), "2026-11-28"},
		{long.long(0), ""},
		{LongDate(portfolio.DateStyleISO, d), "2026-11-28"},
		{LongDate("", d), "28 November 2026"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// Documents write dates as the settings say: long by default, ISO when chosen.
func TestDatesFollowTheSetting(t *testing.T) {
	f := newMentoringFixture(t)
	d, err := MeetingSummary(f.p, f.rel.ID, f.held.ID, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.Title, "Meeting on 1 February 2026") || d.DateStyle != portfolio.DateStyleLong {
		t.Errorf("default title %q, style %q; want the long form", d.Title, d.DateStyle)
	}
	st := f.p.Settings()
	st.DateStyle = portfolio.DateStyleISO
	if err := f.p.SaveSettings(st); err != nil {
		t.Fatal(err)
	}
	d, err = MeetingSummary(f.p, f.rel.ID, f.next.ID, Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := docText(d)
	if !strings.Contains(d.Title, "Meeting on 2026-03-20") || !strings.Contains(text, "2026-02-02") || strings.Contains(text, "February") {
		t.Errorf("ISO style not followed: %q\n%s", d.Title, text)
	}
	st.DateStyle = "american"
	if err := f.p.SaveSettings(st); !portfolio.IsBadInput(err) {
		t.Errorf("an unknown date style was saved: %v", err)
	}
}

// A table's dates are short: the day and month, with the year only when it is not
// this year's.
func TestTableDatesAreShort(t *testing.T) {
	f := newMentoringFixture(t)
	d, err := MeetingSummary(f.p, f.rel.ID, f.next.ID, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			for _, r := range b.Rows {
				cells = append(cells, r...)
			}
		}
	}
	joined := strings.Join(cells, "|")
	if !strings.Contains(joined, "20 Feb|") {
		t.Errorf("no short date in the tables: %s", joined)
	}
}

// The revalidation pack's countdown names the renewal in the document's date style,
// like every other date in it.
func TestRevalidationCountdownFollowsTheSetting(t *testing.T) {
	p, _ := testvault.New(t) // today is 2026-03-14
	rules, _ := revalidation.LoadRules("")
	d, _ := RevalidationPack(p, calendar.MakeDate(2026, 3, 31), rules, false)
	if text := docText(d); !strings.Contains(text, "Renewal on 31 March 2026, in 17 days.") || strings.Contains(text, "2026-03-31") {
		t.Errorf("the long style is not followed by the countdown:\n%s", text)
	}
	st := p.Settings()
	st.DateStyle = portfolio.DateStyleISO
	if err := p.SaveSettings(st); err != nil {
		t.Fatal(err)
	}
	d, _ = RevalidationPack(p, calendar.MakeDate(2026, 3, 31), rules, false)
	if text := docText(d); !strings.Contains(text, "Renewal on 2026-03-31, in 17 days.") || strings.Contains(text, "March") {
		t.Errorf("the ISO style is not followed by the countdown:\n%s", text)
	}
}
