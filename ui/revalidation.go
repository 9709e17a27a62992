package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/revalidation"
	"github.com/foliohq/folio/ui/sanitize"
)

// rulesMsg carries the revalidation rules, read at unlock from the user's config
// folder or the built-ins. The root keeps them for every screen.
type rulesMsg struct {
	rules revalidation.Rules
	err   error
}

// loadRules reads the revalidation rules the way the command line does: the
// user's revalidation.toml in the settings folder when there is one, else
// folio's own. The folder comes from the command line, which knows the platform's.
func loadRules(ctx *context) tea.Cmd {
	dir := ctx.opts.ConfigDir
	return func() tea.Msg {
		rules, err := revalidation.LoadRules(dir)
		return rulesMsg{rules: rules, err: err}
	}
}

// revalidationView is the renewal: its date, the countdown, whether the records
// are ready and what is missing, with the pack to export. d sets the date.
type revalidationView struct {
	ctx  *context
	data *revalData
}

type revalData struct {
	settings  portfolio.Settings
	readiness *revalidation.Readiness // nil without a date or rules
}

type revalLoadedMsg struct{ data *revalData }

func newRevalidationView(ctx *context) *revalidationView { return &revalidationView{ctx: ctx} }

func (rv *revalidationView) Init() tea.Cmd   { return rv.load() }
func (rv *revalidationView) Resume() tea.Cmd { return rv.load() }
func (rv *revalidationView) Title() string   { return "Revalidation" }
func (rv *revalidationView) Typing() bool    { return false }

// SetSize does nothing: the revalidationView draws from the context's size each frame.
func (rv *revalidationView) SetSize(int, int) tea.Cmd { return nil }
func (rv *revalidationView) Loading() bool            { return rv.data == nil }

func (rv *revalidationView) Keys() help.KeyMap {
	k := rv.ctx.keys
	return helpKeys{
		short: []key.Binding{k.SetRenewal, k.NewRecord, k.Export, k.Back},
		full:  [][]key.Binding{{k.SetRenewal, k.NewRecord, k.Export, k.Back}},
	}
}

// load checks readiness off the update loop: it reads every entry.
func (rv *revalidationView) load() tea.Cmd {
	p, rules := rv.ctx.p, rv.ctx.rules
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		d := &revalData{settings: p.Settings()}
		if !d.settings.RenewalDate.IsZero() && rules != nil {
			r := revalidation.ReadinessOf(p, d.settings.RenewalDate, *rules)
			d.readiness = &r
		}
		return revalLoadedMsg{d}
	}
}

func (rv *revalidationView) Update(msg tea.Msg) (nav, tea.Cmd) {
	switch msg := msg.(type) {
	case revalLoadedMsg:
		rv.data = msg.data
	case rulesMsg:
		return nav{}, rv.load()
	case tea.KeyPressMsg:
		k := rv.ctx.keys
		switch {
		case key.Matches(msg, k.Back):
			return back(), nil
		case rv.data == nil:
		case key.Matches(msg, k.SetRenewal):
			return push(settingsForm(rv.ctx, rv.data.settings)), nil
		case key.Matches(msg, k.NewRecord):
			// The picker shows the revalidation templates, on the record missing first.
			return push(newPickerFor(rv.ctx, revalidationFilter, missingTemplate(rv.data.readiness))), nil
		case key.Matches(msg, k.Export):
			if rv.data.readiness == nil || rv.ctx.rules == nil {
				return nav{}, flash("Set the renewal date first: press d.")
			}
			return push(newExporter(rv.ctx, revalidationSource(rv.ctx, rv.data.settings.RenewalDate, *rv.ctx.rules))), nil
		}
	}
	return nav{}, nil
}

func (rv *revalidationView) View() string {
	s := rv.ctx.styles
	w := rv.ctx.width
	if rv.data == nil {
		return s.subtle.Render("  Loading…")
	}
	r := rv.data.readiness
	if r == nil {
		return strings.Join(append([]string{s.section.Render("Renewal"), ""},
			wrapLines(s.subtle, "No renewal date yet. Press d to set it: the dashboard then counts down to it and says whether your records are ready, and x here exports them as the submission asks.", w, 4)...), "\n")
	}
	headline := s.warn.Render(r.Headline())
	if r.Ready() {
		headline = s.ok.Render("✓ " + r.Headline())
	}
	lines := []string{spread(s.section.Render(sentenceCase(r.Countdown())), headline, w)}
	lines = append(lines, wrapLines(s.subtle, fmt.Sprintf("Records dated %s to %s count. Registration expires on %s if nothing is submitted.", r.From, r.Until, r.Expiry), w, 2)...)
	lines = append(lines, "")
	row := func(name string, have int, need string, ok bool) string {
		mark := s.warn.Render("·")
		if ok {
			mark = s.ok.Render("✓")
		}
		return "  " + mark + " " + pad(s.label.Render(name), 22) + fmt.Sprintf("%3d", have) + s.subtle.Render("  of "+need)
	}
	lines = append(lines,
		"  "+s.subtle.Render(pad("", 24)+"have"),
		row("CPD", r.CPD(), fmt.Sprint(r.CPDNeeded), r.CPD() >= r.CPDNeeded),
		row("  of which planned", r.Planned, fmt.Sprintf("at least %d", r.PlannedNeeded), r.Planned >= r.PlannedNeeded),
		row("Peer discussion", r.Peer, fmt.Sprint(r.PeerNeeded), r.Peer >= r.PeerNeeded),
		row("Reflective account", r.Reflective, fmt.Sprint(r.ReflectiveNeeded), r.Reflective >= r.ReflectiveNeeded && len(r.Problems) == 0),
	)
	if len(r.Problems) > 0 {
		lines = append(lines, "", s.section.Render("To fix"))
		for _, p := range r.Problems {
			lines = append(lines, wrapLines(s.warn, "• "+sanitize.Line(sentenceCase(p))+".", w, 2)...)
		}
	}
	lines = append(lines, "")
	lines = append(lines, wrapLines(s.subtle, "n writes a record from the templates for them (planned or unplanned CPD, peer discussion, reflective account), starting on the one missing first. x exports them as the submission asks.", w, 3)...)
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
func settingsForm(ctx *context, st portfolio.Settings) *form {
	p, today := ctx.p, ctx.today()
	renewal := ""
	if !st.RenewalDate.IsZero() {
		renewal = st.RenewalDate.String()
	}
	f := newForm(ctx, "Settings", "Your next renewal (revalidation) date, and your organisation. Both stay in your vault.", func(v formValues) tea.Cmd {
		c := st
		text := strings.TrimSpace(v["Renewal"])
		c.RenewalDate = 0
		if text != "" && !strings.EqualFold(text, "none") {
			d, err := calendar.ParseDate(text, today)
			if err != nil {
				return failForm(err)
			}
			c.RenewalDate = d
		}
		c.Organisation = strings.TrimSpace(v["Your org"])
		return func() tea.Msg {
			if err := p.SaveSettings(c); err != nil {
				return formFailedMsg{err}
			}
			if c.RenewalDate.IsZero() {
				return savedMsg{note: "Settings saved: no renewal date."}
			}
			return savedMsg{note: "Settings saved: renewal on " + c.RenewalDate.String() + "."}
		}
	})
	f.line("Renewal", renewal, "YYYY-MM-DD; empty for none", 40).withDateHint()
	f.line("Your org", st.Organisation, "optional: to spot a mentor within it", portfolio.MaxTitleRunes)
	return f
}

// revalidationView is the dashboard's revalidation block: the countdown and
// readiness, when a renewal date is set. Inside two months the date turns red.
func (d *dashboard) revalidationView(width int) string {
	r := d.data.readiness
	if r == nil {
		return ""
	}
	s := d.ctx.styles
	headline := s.warn.Render(r.Headline())
	if r.Ready() {
		headline = s.ok.Render("✓ " + r.Headline())
	}
	countdown := r.Countdown()
	if r.DaysLeft() <= 60 {
		countdown = s.overdue.Render(countdown)
	}
	head := s.section.Render("Revalidation") + "  " + countdown + s.faint.Render(" · ") + headline + s.faint.Render(" · r for details")
	lines := []string{ansi.Truncate(head, width, "…")}
	for _, l := range wrapLines(s.subtle, r.Summary(), width-2, 2) {
		lines = append(lines, "  "+l)
	}
	return strings.Join(lines, "\n")
}
