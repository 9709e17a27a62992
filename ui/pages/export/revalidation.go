package export

import (
	"fmt"
	"strings"

	"github.com/foliohq/folio/portfolio/validate"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/revalidation"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/components"
	"github.com/foliohq/folio/ui/pages/coverage"
	entriespkg "github.com/foliohq/folio/ui/pages/entries"
	"github.com/foliohq/folio/ui/sanitize"
)

// RulesMsg carries the revalidation rules, read at unlock from the user's config
// folder or the built-ins. The root keeps them for every screen.
type RulesMsg struct {
	Rules revalidation.Rules
	Err   error
}

// LoadRules reads the revalidation rules the way the command line does: the
// user's revalidation.toml in the settings folder when there is one, else
// folio's own. The folder comes from the command line, which knows the platform's.
func LoadRules(ctx *common.Context) tea.Cmd {
	dir := ctx.Opts.ConfigDir
	return func() tea.Msg {
		rules, err := revalidation.LoadRules(dir)
		return RulesMsg{Rules: rules, Err: err}
	}
}

// RevalidationView is the renewal: its date, the countdown, whether the records
// are ready and what is missing, with the pack to export. e sets the date.
type RevalidationView struct {
	ctx  *common.Context
	data *revalData
	// gen numbers the loads: a load begun before the rules arrived can answer
	// after the one begun when they did, and must not replace it.
	gen int
}

type revalData struct {
	settings  portfolio.Settings
	readiness *revalidation.Readiness // nil without a date or rules
}

type revalLoadedMsg struct {
	gen  int
	data *revalData
}

func NewRevalidationView(ctx *common.Context) *RevalidationView { return &RevalidationView{ctx: ctx} }

func (rv *RevalidationView) Init() tea.Cmd   { return rv.load() }
func (rv *RevalidationView) Resume() tea.Cmd { return rv.load() }
func (rv *RevalidationView) Title() string   { return "Revalidation" }
func (rv *RevalidationView) Typing() bool    { return false }

// SetSize does nothing: the RevalidationView draws from the context's size each frame.
func (rv *RevalidationView) SetSize(int, int) tea.Cmd { return nil }
func (rv *RevalidationView) Loading() bool            { return rv.data == nil }

func (rv *RevalidationView) Keys() help.KeyMap {
	k := rv.ctx.Keys
	return common.HelpKeys{
		Short: []key.Binding{k.SetRenewal, k.NewRecord, k.Export, k.Coverage, k.Back},
		Full:  [][]key.Binding{{k.SetRenewal, k.NewRecord, k.Export, k.Coverage, k.Back}},
	}
}

// load checks readiness off the update loop: it reads every entry.
func (rv *RevalidationView) load() tea.Cmd {
	p, rules := rv.ctx.Portfolio, rv.ctx.Rules
	if p == nil {
		return nil
	}
	rv.gen++
	gen := rv.gen
	return func() tea.Msg {
		d := &revalData{settings: p.Settings()}
		if !d.settings.RenewalDate.IsZero() && rules != nil {
			r := revalidation.ReadinessOf(p, d.settings.RenewalDate, *rules)
			d.readiness = &r
		}
		return revalLoadedMsg{gen: gen, data: d}
	}
}

func (rv *RevalidationView) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case revalLoadedMsg:
		if msg.gen == rv.gen {
			rv.data = msg.data
		}
	case RulesMsg:
		return common.Nav{}, rv.load()
	case tea.KeyPressMsg:
		k := rv.ctx.Keys
		switch {
		case key.Matches(msg, k.Back):
			return common.Back(), nil
		case key.Matches(msg, k.Coverage):
			return common.Push(coverage.New(rv.ctx)), nil
		case rv.data == nil:
		case key.Matches(msg, k.SetRenewal):
			return common.Push(settingsForm(rv.ctx, rv.data.settings)), nil
		case key.Matches(msg, k.NewRecord):
			// The picker shows the revalidation templates, on the record missing first.
			return common.Push(entriespkg.NewPickerFor(rv.ctx, revalidationFilter, missingTemplate(rv.data.readiness))), nil
		case key.Matches(msg, k.Export):
			if rv.data.readiness == nil || rv.ctx.Rules == nil {
				return common.Nav{}, common.Flash("Set the renewal date first: press e.")
			}
			return common.Push(NewExporter(rv.ctx, revalidationSource(rv.ctx, rv.data.settings.RenewalDate, *rv.ctx.Rules))), nil
		}
	}
	return common.Nav{}, nil
}

func (rv *RevalidationView) View() string {
	s := rv.ctx.Styles
	w := rv.ctx.Width
	if rv.data == nil {
		return s.Subtle.Render("  Loading…")
	}
	r := rv.data.readiness
	if r == nil {
		return strings.Join(append([]string{s.Section.Render("Renewal"), ""},
			common.WrapLines(s.Subtle, "No renewal date yet. Press e to set it: the dashboard then counts down to it and says whether your records are ready, and x here exports them as the submission asks.", w, 4)...), "\n")
	}
	headline := s.Warn.Render(r.Headline())
	if r.Ready() {
		headline = s.Ok.Render("✓ " + r.Headline())
	}
	lines := []string{common.Spread(s.Section.Render(sentenceCase(r.Countdown())), headline, w)}
	lines = append(lines, common.WrapLines(s.Subtle, fmt.Sprintf("Records dated %s to %s count. Registration expires on %s if nothing is submitted.", r.From, r.Until, r.Expiry), w, 2)...)
	lines = append(lines, "")
	row := func(name string, have int, need string, ok bool) string {
		mark := s.Warn.Render("·")
		if ok {
			mark = s.Ok.Render("✓")
		}
		return "  " + mark + " " + common.Pad(s.Label.Render(name), 22) + fmt.Sprintf("%3d", have) + s.Subtle.Render("  of "+need)
	}
	lines = append(lines,
		"  "+s.Subtle.Render(common.Pad("", 24)+"have"),
		row("CPD", r.CPD(), fmt.Sprint(r.CPDNeeded), r.CPD() >= r.CPDNeeded),
		row("  of which planned", r.Planned, fmt.Sprintf("at least %d", r.PlannedNeeded), r.Planned >= r.PlannedNeeded),
		row("Peer discussion", r.Peer, fmt.Sprint(r.PeerNeeded), r.Peer >= r.PeerNeeded),
		row("Reflective account", r.Reflective, fmt.Sprint(r.ReflectiveNeeded), r.Reflective >= r.ReflectiveNeeded && len(r.Problems) == 0),
	)
	if len(r.Problems) > 0 {
		lines = append(lines, "", s.Section.Render("To fix"))
		for _, p := range r.Problems {
			lines = append(lines, common.WrapLines(s.Warn, "• "+sanitize.Line(sentenceCase(p))+".", w, 2)...)
		}
	}
	lines = append(lines, "")
	lines = append(lines, common.WrapLines(s.Subtle, "n writes a record from the templates for them (planned or unplanned CPD, peer discussion, reflective account), starting on the one missing first. x exports them as the submission asks.", w, 3)...)
	return strings.Join(lines, "\n")
}

// revalidationFilter filters the template picker to the GPhC revalidation
// templates, whose titles all say so.
const revalidationFilter = "gphc"

// missingTemplate names the template for the first record the renewal still
// needs, in the order the submission lists them.
func missingTemplate(r *revalidation.Readiness) string {
	switch {
	case r == nil || r.Planned < r.PlannedNeeded:
		return "planned-cpd"
	case r.CPD() < r.CPDNeeded:
		return "unplanned-cpd"
	case r.Peer < r.PeerNeeded:
		return "peer-discussion"
	case r.Reflective < r.ReflectiveNeeded || len(r.Problems) > 0:
		return "reflective-account"
	}
	return "planned-cpd"
}

// settingsForm sets the renewal date and the user's organisation, kept in the vault.
func settingsForm(ctx *common.Context, st portfolio.Settings) *components.Form {
	p, today := ctx.Portfolio, ctx.Today()
	renewal := ""
	if !st.RenewalDate.IsZero() {
		renewal = st.RenewalDate.String()
	}
	f := components.NewForm(ctx, "Settings", "Your next renewal (revalidation) date, and your organisation. Both stay in your vault.", func(v components.FormValues) tea.Cmd {
		c := st
		text := strings.TrimSpace(v["Renewal"])
		c.RenewalDate = 0
		if text != "" && !strings.EqualFold(text, "none") {
			d, err := calendar.ParseDate(text, today)
			if err != nil {
				return components.FailForm(err)
			}
			c.RenewalDate = d
		}
		c.Organisation = strings.TrimSpace(v["Your org"])
		return func() tea.Msg {
			if err := p.SaveSettings(c); err != nil {
				return components.FormFailedMsg{Err: err}
			}
			if c.RenewalDate.IsZero() {
				return components.SavedMsg{Note: "Settings saved: no renewal date."}
			}
			return components.SavedMsg{Note: "Settings saved: renewal on " + c.RenewalDate.String() + "."}
		}
	})
	f.Line("Renewal", renewal, "YYYY-MM-DD; empty for none", 40).WithDateHint()
	f.Line("Your org", st.Organisation, "optional: to spot a mentor within it", validate.MaxTitleRunes)
	return f
}
