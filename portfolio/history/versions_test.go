package history_test

func TestSettingsIDNamesTheSettingsHistory(t *testing.T) {
	p, _ := newTestPortfolio(t)
	if id, ok := p.SettingsID(); ok {
		t.Fatalf("settings never saved have ID %s", id)
	}
	if err := p.SaveSettings(Settings{Organisation: "North"}); err != nil {
		t.Fatal(err)
	}
	if err := p.SaveSettings(Settings{Organisation: "South"}); err != nil {
		t.Fatal(err)
	}
	id, ok := p.SettingsID()
	if !ok {
		t.Fatal("saved settings have no ID")
	}
	vs, err := p.Versions(KindSettings, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Record.(*Settings).Organisation != "North" {
		t.Fatalf("the settings' history is %+v", vs)
	}
}

func TestRetentionErasesOldVersionsAtOpen(t *testing.T) {
	p, c := newTestPortfolio(t)
	e, _ := p.AddEntry(Entry{Title: "one", Functions: Functions(Normative)})
	ch := *e
	ch.Title = "two"
	p.UpdateEntry(ch)
	gone, _ := p.AddEntry(Entry{Title: "gone", Functions: Functions(Normative)})
	p.DeleteEntry(gone.ID)
	c.advance(40 * 24 * time.Hour)
	ch.Title = "three"
	p.UpdateEntry(ch)
	if err := p.SaveSettings(Settings{HistoryDays: 30}); err != nil {
		t.Fatal(err)
	}
	if err := p.SaveSettings(Settings{HistoryDays: MaxHistoryDays + 1}); err == nil {
		t.Error("a retention beyond a century was accepted")
	}
	// A read-only open erases nothing.
	path := p.Path()
	p.Close()
	ro, err := Open(path, testPassphrase, Options{Now: c.now, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if n, _, _ := ro.RetentionAtOpen(); n != 0 {
		t.Errorf("a read-only open erased %d versions", n)
	}
	ro.Close()
	p, err = Open(path, testPassphrase, testOptions(c))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	n, days, err := p.RetentionAtOpen()
	if n != 4 || days != 30 || err != nil {
		t.Fatalf("retention erased %d versions (%d days, %v), want 4: two of the entry, two of the deleted one", n, days, err)
	}
	vs, err := p.Versions(KindEntry, e.ID)
	if err != nil || len(vs) != 1 || vs[0].Title != "three" {
		t.Errorf("the entry keeps %+v %v", vs, err)
	}
	if trash, _ := p.TrashedVersions(); len(trash) != 0 {
		t.Errorf("the old deletion is still in the trash: %+v", trash)
	}
	if got := p.Settings().HistoryDays; got != 30 {
		t.Errorf("settings hold %d days", got)
	}
}
