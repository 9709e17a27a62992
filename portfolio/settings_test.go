package portfolio

import "testing"

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
