// Package settings is the settings screen: the renewal date, the user's
// organisation, how documents write dates and how long history is kept.
package settings

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/foliohq/folio/portfolio/validate"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/components"
	"github.com/foliohq/folio/ui/pages/history"
	"github.com/foliohq/folio/ui/sanitize"
)

// View shows the settings kept in the vault: e edits them, h lists their versions.
type View struct {
	ctx  *common.Context
	data *loadedMsg
}

type loadedMsg struct {
	st portfolio.Settings
	// id is the settings record's, empty until they are first saved.
	id portfolio.ID
}

// New is the settings screen.
func New(ctx *common.Context) *View { return &View{ctx: ctx} }

func (v *View) Init() tea.Cmd   { return v.load() }
func (v *View) Resume() tea.Cmd { return v.load() }
func (v *View) Title() string   { return "Settings" }
func (v *View) Typing() bool    { return false }
func (v *View) Loading() bool   { return v.data == nil }

// SetSize does nothing: the view draws from the context's size each frame.
func (v *View) SetSize(int, int) tea.Cmd { return nil }

func (v *View) Keys() help.KeyMap {
	k := v.ctx.Keys
	return common.HelpKeys{
		Short: []key.Binding{k.Edit, k.History, k.Back},
		Full:  [][]key.Binding{{k.Edit, k.History, k.Back}},
	}
}

func (v *View) load() tea.Cmd {
	p := v.ctx.Portfolio
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		id, _ := p.SettingsID()
		return loadedMsg{st: p.Settings(), id: id}
	}
}

func (v *View) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		v.data = &msg
	case tea.KeyPressMsg:
		k := v.ctx.Keys
		switch {
		case key.Matches(msg, k.Back):
			return common.Back(), nil
		case v.data == nil:
		case key.Matches(msg, k.Edit):
			return common.Push(editForm(v.ctx, v.data.st)), nil
		case key.Matches(msg, k.History):
			if v.data.id == "" {
				return common.Nav{}, common.Flash("No versions yet: the settings have never been saved.")
			}
			return common.Push(history.NewHistory(v.ctx, v.data.id)), nil
		}
	}
	return common.Nav{}, nil
}

func (v *View) View() string {
	s := v.ctx.Styles
	w := v.ctx.Width
	if v.data == nil {
		return s.Subtle.Render("  Loading…")
	}
	st := v.data.st
	row := func(name, value string) string {
		return "  " + s.Label.Render(common.Pad(name, 16)) + value
	}
	lines := []string{s.Section.Render("Settings"), ""}
	lines = append(lines,
		row("Renewal", orNotSet(s, dateText(st.RenewalDate))),
		row("Organisation", orNotSet(s, sanitize.Line(st.Organisation))),
		row("Dates", dateStyleChoices()[dateStyleIndex(st.DateStyle)]),
		row("History", describeHistory(st.HistoryDays)),
		"",
	)
	lines = append(lines, common.WrapLines(s.Subtle, "All four stay in your vault. e edits them (u undoes a save); h lists their earlier versions. Snapshots are set with folio settings on the command line.", w, 4)...)
	return strings.Join(lines, "\n")
}

func orNotSet(s common.Styles, text string) string {
	if text == "" {
		return s.Faint.Render("not set")
	}
	return text
}

func dateText(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// dateStyleChoices are the date styles as the edit offers them, long first.
func dateStyleChoices() []string {
	return []string{"long (28 November 2026)", "iso (2026-11-28)"}
}

func dateStyleIndex(ds portfolio.DateStyle) int {
	if ds == portfolio.DateStyleISO {
		return 1
	}
	return 0
}

// describeHistory says how long versions and the trash are kept, as the command
// line does.
func describeHistory(days int) string {
	if days == 0 {
		return "versions and the trash kept forever"
	}
	return fmt.Sprintf("versions and the trash kept %s", common.Plural(days, "day", "days"))
}

// historyDays reads the retention field: forever (or empty) or a number of days.
func historyDays(text string) (int, error) {
	text = strings.TrimSpace(text)
	if text == "" || strings.EqualFold(text, "forever") {
		return 0, nil
	}
	days, err := strconv.Atoi(text)
	if err != nil || days < 1 || days > portfolio.MaxHistoryDays {
		return 0, fmt.Errorf("%w: keep history forever or for a number of days from 1 to %d, not %q", portfolio.ErrInvalid, portfolio.MaxHistoryDays, text)
	}
	return days, nil
}

// editForm changes the four settings, saved in one write through SaveSettings; the
// meeting topics the user added are kept as they are.
func editForm(ctx *common.Context, st portfolio.Settings) *components.Form {
	p, today := ctx.Portfolio, ctx.Today()
	keep := "forever"
	if st.HistoryDays > 0 {
		keep = strconv.Itoa(st.HistoryDays)
	}
	f := components.NewForm(ctx, "Edit settings", "Your renewal date, organisation, date style and how long history is kept.", func(v components.FormValues) tea.Cmd {
		c := st
		c.RenewalDate = 0
		if text := strings.TrimSpace(v["Renewal"]); text != "" && !strings.EqualFold(text, "none") {
			d, err := calendar.ParseDate(text, today)
			if err != nil {
				return components.FailForm(err)
			}
			c.RenewalDate = d
		}
		c.Organisation = strings.TrimSpace(v["Your org"])
		c.DateStyle = portfolio.DateStyleLong
		if v["Dates"] == dateStyleChoices()[1] {
			c.DateStyle = portfolio.DateStyleISO
		}
		days, err := historyDays(v["History"])
		if err != nil {
			return components.FailForm(err)
		}
		c.HistoryDays = days
		return func() tea.Msg {
			if err := p.SaveSettings(c); err != nil {
				return components.FormFailedMsg{Err: err}
			}
			return components.SavedMsg{Note: "Settings saved: h lists their versions, u undoes."}
		}
	})
	f.Line("Renewal", dateText(st.RenewalDate), "YYYY-MM-DD; empty for none", 40).WithDateHint()
	f.Line("Your org", st.Organisation, "optional: to spot a mentor within it", validate.MaxTitleRunes)
	f.Choice("Dates", dateStyleChoices(), dateStyleIndex(st.DateStyle))
	f.Line("History", keep, "forever, or a number of days", 10)
	return f
}
