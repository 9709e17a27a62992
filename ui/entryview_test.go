package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/fill"
	entriespkg "github.com/foliohq/folio/ui/pages/entries"
)

// addEntryToday adds an entry dated today, so it heads the entries list, from the
// named built-in template with the given field values and body.
func addEntryToday(t *testing.T, d *driver, tmplName, title, body string, fields map[string]string) {
	t.Helper()
	p := d.app.ctx.Portfolio
	lib, err := fill.LoadLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := lib.Get(tmplName)
	if err != nil {
		t.Fatal(err)
	}
	e := fill.NewEntry(tmpl)
	e.Title, e.Date, e.Body = title, d.app.ctx.Today(), body
	for name, v := range fields {
		if _, err := fill.SetField(tmpl, &e, name, v, d.app.ctx.Today()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.AddEntry(e); err != nil {
		t.Fatal(err)
	}
}

// Hours show with their unit in the entry view, as in the form.
func TestEntryViewShowsHours(t *testing.T) {
	d := seededDriver(t)
	addEntryToday(t, d, "unplanned-cpd", "Ward round learning", "Learned a lot.", map[string]string{"hours": "2"})
	d.keys("e", "enter")
	d.expect("Ward round learning", "Time spent: 2 h")
}

// Lines the user broke with enter stay broken when the entry is shown, as in a
// short list of doses typed line by line.
func TestEntryViewKeepsLineBreaks(t *testing.T) {
	d := seededDriver(t)
	addEntryToday(t, d, "free", "Doses to check", "Apixaban 5 mg twice daily\nEdoxaban 60 mg once daily", nil)
	d.keys("e", "enter")
	d.expect("Doses to check")
	for _, line := range strings.Split(d.screen(), "\n") {
		if strings.Contains(line, "Apixaban") && strings.Contains(line, "Edoxaban") {
			t.Fatalf("two lines typed apart were joined: %q", line)
		}
	}
	d.expect("Apixaban 5 mg twice daily", "Edoxaban 60 mg once daily")
}

// The entry view reads the vault in its command, never in Update: opening it on
// an entry that is gone changes nothing until the command's answer arrives, which
// then says so.
func TestEntryViewReadsInItsCommand(t *testing.T) {
	d := seededDriver(t)
	v := entriespkg.NewEntryView(d.app.ctx, "no-such-entry")
	cmd := v.Init()
	if v.Missing || v.Entry != nil {
		t.Fatal("Init read the vault on the update loop")
	}
	if cmd == nil {
		t.Fatal("no command to read the entry")
	}
	v.Update(cmd())
	if !v.Missing {
		t.Fatal("the command's answer did not say the entry is gone")
	}
	if !strings.Contains(v.View(), "no longer in the vault") {
		t.Fatalf("view: %q", v.View())
	}
}

// A field of several choices shows one list item per choice, each with its own
// text: the standards' numbers ("1. Pharmacy professionals must...") are the
// choices' words, not a list for Markdown to renumber or nest.
func TestEntryViewListsEachChosenValue(t *testing.T) {
	d := seededDriver(t)
	addEntryToday(t, d, "reflective-account", "My reflective account", "What I did.", map[string]string{"standards": "1\n3"})
	d.keys("e", "enter")
	d.expect("My reflective account")
	var lines []string
	for _, l := range strings.Split(d.screen(), "\n") {
		lines = append(lines, strings.TrimSpace(l))
	}
	screen := strings.Join(lines, "\n")
	for _, want := range []string{
		"• 1. Pharmacy professionals must provide person-centred care",
		"• 3. Pharmacy professionals must communicate effectively",
	} {
		if !strings.Contains(screen, want) {
			t.Fatalf("the entry does not list %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "\n•\n") {
		t.Fatalf("a bullet stands alone:\n%s", screen)
	}
	if i, j := strings.Index(screen, "person-centred care"), strings.Index(screen, "3. Pharmacy"); strings.Contains(screen[i:j], "\n\n") {
		t.Fatalf("blank lines between the choices:\n%s", screen)
	}
}

// Each chosen value is its own text, whatever it starts with: a value that reads
// like a Markdown list item or quote ("+ ...", "> ...", "2) ...") is not made one.
func TestEntryViewShowsChosenValuesAsWritten(t *testing.T) {
	d := seededDriver(t)
	e := portfolio.Entry{Title: "Choices", Date: d.app.ctx.Today(), Fields: []portfolio.FieldValue{{
		Name: "how", Label: "How", Values: []string{"+ more than asked", "> 2 hours", "2) with a colleague"},
	}}}
	got := ansi.Strip(entriespkg.RenderEntry(d.app.ctx.Portfolio, d.app.ctx.Lib, d.app.ctx.MD, &e, 80))
	var lines []string
	for _, l := range strings.Split(got, "\n") {
		lines = append(lines, strings.TrimSpace(l))
	}
	screen := strings.Join(lines, "\n")
	for _, want := range []string{"• + more than asked", "• > 2 hours", "• 2) with a colleague"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the entry does not show %q:\n%s", want, screen)
		}
	}
}
