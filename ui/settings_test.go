package ui

import (
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
)

// , on the dashboard opens the settings; e edits all four through the vault's
// settings, h lists the versions of the settings record, and u takes the save back.
func TestSettingsEditHistoryAndUndo(t *testing.T) {
	d := seededDriver(t)
	p := d.app.ctx.Portfolio
	before := p.Settings()
	d.keys(",")
	d.expect("› Settings", "Renewal", "not set", "long (28 November 2026)", "kept forever")
	d.keys("h")
	d.expect("No versions yet")

	d.keys("e")
	d.expect("Edit settings", "History", "forever")
	d.typeText("2026-09-30")
	d.keys("tab")
	d.typeText("St Elsewhere")
	d.keys("tab", "right", "tab", "ctrl+u")
	d.typeText("365")
	d.keys("ctrl+s")
	d.expect("Settings saved: h lists their versions, u undoes.", "St Elsewhere", "iso (2026-11-28)", "kept 365 days")
	st := p.Settings()
	if st.RenewalDate.String() != "2026-09-30" || st.Organisation != "St Elsewhere" || st.DateStyle != portfolio.DateStyleISO || st.HistoryDays != 365 {
		t.Fatalf("after the save the settings are %+v", st)
	}

	d.keys("h")
	d.expect("History of settings", "▸ v")
	d.keys("esc")
	d.expect("› Settings")

	d.keys("e")
	d.expect("Edit settings")
	d.keys("tab", "tab", "tab", "ctrl+u")
	d.typeText("a week")
	d.keys("ctrl+s")
	d.expect("keep history forever or for a number of days")
	if p.Settings().HistoryDays != 365 {
		t.Fatal("a refused edit changed the settings")
	}
	// Leave the form, dropping what was typed.
	for range 3 {
		if d.app.top().Title() == "Settings" {
			break
		}
		d.keys("esc")
		if strings.Contains(d.screen(), "discard") {
			d.keys("d")
		}
	}
	d.expect("› Settings", "kept 365 days")

	d.keys("u")
	d.expect("Undone", "not set", "kept forever")
	if got := p.Settings(); got.Organisation != before.Organisation || got.HistoryDays != before.HistoryDays || got.DateStyle != before.DateStyle {
		t.Fatalf("after u the settings are %+v, want %+v", got, before)
	}
}
