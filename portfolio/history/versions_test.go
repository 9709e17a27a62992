package history_test

import (
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

func TestSettingsIDNamesTheSettingsHistory(t *testing.T) {
	p, _ := testvault.New(t)
	if id, ok := p.SettingsID(); ok {
		t.Fatalf("settings never saved have ID %s", id)
	}
	if err := p.SaveSettings(portfolio.Settings{Organisation: "North"}); err != nil {
		t.Fatal(err)
	}
	if err := p.SaveSettings(portfolio.Settings{Organisation: "South"}); err != nil {
		t.Fatal(err)
	}
	id, ok := p.SettingsID()
	if !ok {
		t.Fatal("saved settings have no ID")
	}
	vs, err := history.Versions(p, portfolio.KindSettings, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Record.(*portfolio.Settings).Organisation != "North" {
		t.Fatalf("the settings' history is %+v", vs)
	}
}

func TestRetentionErasesOldVersionsAtOpen(t *testing.T) {
	p, c := testvault.New(t)
	e, _ := p.AddEntry(portfolio.Entry{Title: "one", Functions: portfolio.Functions(portfolio.Normative)})
	ch := *e
	ch.Title = "two"
	p.UpdateEntry(ch)
	gone, _ := p.AddEntry(portfolio.Entry{Title: "gone", Functions: portfolio.Functions(portfolio.Normative)})
	p.DeleteEntry(gone.ID)
	c.Advance(40 * 24 * time.Hour)
	ch.Title = "three"
	p.UpdateEntry(ch)
	if err := p.SaveSettings(portfolio.Settings{HistoryDays: 30}); err != nil {
		t.Fatal(err)
	}
	if err := p.SaveSettings(portfolio.Settings{HistoryDays: portfolio.MaxHistoryDays + 1}); err == nil {
		t.Error("a retention beyond a century was accepted")
	}
	// A read-only open erases nothing.
	path := p.Path()
	p.Close()
	ro, err := portfolio.Open(path, testvault.Passphrase, portfolio.Options{Now: c.Now, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if n, _, _ := ro.RetentionAtOpen(); n != 0 {
		t.Errorf("a read-only open erased %d versions", n)
	}
	ro.Close()
	p, err = portfolio.Open(path, testvault.Passphrase, testvault.Options(c))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	n, days, err := p.RetentionAtOpen()
	if n != 4 || days != 30 || err != nil {
		t.Fatalf("retention erased %d versions (%d days, %v), want 4: two of the entry, two of the deleted one", n, days, err)
	}
	vs, err := history.Versions(p, portfolio.KindEntry, e.ID)
	if err != nil || len(vs) != 1 || vs[0].Title != "three" {
		t.Errorf("the entry keeps %+v %v", vs, err)
	}
	if trash, _ := history.Trash(p); len(trash) != 0 {
		t.Errorf("the old deletion is still in the trash: %+v", trash)
	}
	if got := p.Settings().HistoryDays; got != 30 {
		t.Errorf("settings hold %d days", got)
	}
}
