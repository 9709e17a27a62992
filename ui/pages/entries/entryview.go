package entries

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/charmbracelet/x/ansi"
	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/document/render"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/components"
	"github.com/foliohq/folio/ui/pages/history"
	"github.com/foliohq/folio/ui/sanitize"
)

// EntryView shows one entry rendered as Markdown in a scrollable viewport.
type EntryView struct {
	ctx      *common.Context
	Id       portfolio.ID
	Entry    *portfolio.Entry
	vp       viewport.Model
	rendered string
	width    int // the width rendered is for
	confirm  bool
	Missing  bool
	att      components.Attachments
	height   int // the body's, which the viewport shares with the attachments
	margin   int // the rendered page's left margin
	// pinHint says the no-files hint sits under the viewport, not at the entry's end.
	pinHint bool
}

// entryRenderedMsg is the entry as read from the vault, and rendered; entry is
// nil when it is no longer there.
type entryRenderedMsg struct {
	id    portfolio.ID
	entry *portfolio.Entry
	width int
	text  string
	atts  components.AttachmentsMsg
	// margin is the rendered page's left margin, which the files line up with.
	margin int
}

type EntryDeletedMsg struct{}

func NewEntryView(ctx *common.Context, id portfolio.ID) *EntryView {
	vp := viewport.New(viewport.WithWidth(ctx.Width), viewport.WithHeight(ctx.BodyHeight()))
	vp.MouseWheelEnabled = true
	v := &EntryView{ctx: ctx, Id: id, vp: vp, att: components.NewAttachments(ctx, id), height: ctx.BodyHeight()}
	v.fit()
	return v
}

func (v *EntryView) Init() tea.Cmd   { return v.load() }
func (v *EntryView) Resume() tea.Cmd { return v.load() }
func (v *EntryView) Typing() bool    { return v.att.Typing() }

// attView is the attachments' list under the page's margin; with no file attached,
// the hint that A attaches one when the entry leaves room for it (see fit).
func (v *EntryView) attView() string {
	list := v.att.View(v.attWidth())
	if list == "" && v.pinHint {
		list = v.att.EmptyHint(v.attWidth())
	}
	if list == "" {
		return ""
	}
	return lipgloss.NewStyle().PaddingLeft(v.leftMargin()).Render(list)
}

// leftMargin is the rendered page's margin, which the files line up with.
func (v *EntryView) leftMargin() int {
	if v.margin == 0 {
		return 2
	}
	return v.margin
}

// attWidth is the width of the files' list and hint, within the margins.
func (v *EntryView) attWidth() int { return max(v.vp.Width()-2*v.leftMargin(), 20) }

// pageMargin is the left margin of a rendered page: the fewest spaces any of its
// lines with text starts with. A wide window centres the page at a reading width.
func pageMargin(rendered string) int {
	margin := -1
	for _, line := range strings.Split(ansi.Strip(rendered), "\n") {
		text := strings.TrimLeft(line, " ")
		if text == "" {
			continue
		}
		if n := len(line) - len(text); margin < 0 || n < margin {
			margin = n
		}
	}
	return max(margin, 0)
}

// fit gives the viewport the body's height less the attachments' list. With no
// file attached, the hint that A attaches one (the footer has no room for it at 80
// columns) sits where the list would, when the entry fits above it; a longer entry
// ends with it instead, so the hint takes none of its reading rows.
func (v *EntryView) fit() {
	h := v.height
	hint := v.att.EmptyHint(v.attWidth())
	v.pinHint = hint != "" && v.rendered != "" && lipgloss.Height(v.rendered)+2 <= h
	if list := v.attView(); list != "" {
		h -= lipgloss.Height(list) + 1
	}
	v.vp.SetHeight(max(h, 1))
	content := v.rendered
	if hint != "" && !v.pinHint && content != "" {
		content += "\n\n" + lipgloss.NewStyle().PaddingLeft(v.leftMargin()).Render(hint)
	}
	v.vp.SetContent(content)
}
func (v *EntryView) Loading() bool { return v.rendered == "" && !v.Missing }

func (v *EntryView) Title() string { return "Entry" }

func (v *EntryView) Keys() help.KeyMap {
	k := v.ctx.Keys
	if v.confirm {
		return common.HelpKeys{Short: []key.Binding{k.Yes, k.No}, Full: [][]key.Binding{{k.Yes, k.No}}}
	}
	att := v.att.Keys()
	if v.att.Typing() {
		return common.HelpKeys{Short: att, Full: [][]key.Binding{att}}
	}
	return common.HelpKeys{
		Short: []key.Binding{k.Edit, k.FlagDiscuss, k.Sharing, k.History, k.Delete, k.Back},
		Full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, {k.Edit, k.FlagDiscuss, k.Sharing, k.Undo, k.History, k.Delete, k.Back}, att},
	}
}

// load reads the entry and renders it, off the update loop: reading takes the
// vault's lock, and glamour on a long entry takes a while.
func (v *EntryView) load() tea.Cmd {
	p := v.ctx.Portfolio
	if p == nil {
		return nil
	}
	id, width := v.Id, v.ctx.Width
	md, lib := v.ctx.MD, v.ctx.Lib
	return func() tea.Msg {
		e, ok := p.Entry(id)
		if !ok {
			return entryRenderedMsg{id: id}
		}
		text := RenderEntry(p, lib, md, e, width)
		return entryRenderedMsg{id: id, entry: e, width: width, text: text, atts: components.ReadAttachments(p, id, ""), margin: pageMargin(text)}
	}
}

// RenderEntry writes the entry as Markdown, facts first, then its parts in order,
// and renders it; it is long because it reads top to bottom like the page it makes.
func RenderEntry(p *portfolio.Portfolio, lib *fill.Library, md *common.Markdown, e *portfolio.Entry, width int) string {
	var head strings.Builder
	fmt.Fprintf(&head, "# %s\n\n", common.EscapeMarkdown(sanitize.Line(e.Title)))
	var meta []string
	meta = append(meta, "**"+e.Date.String()+"**")
	meta = append(meta, strings.Join(e.Functions.Names(), ", ")+" ("+e.Functions.Letters()+")")
	if len(e.Tags) > 0 {
		meta = append(meta, common.EscapeMarkdown("#"+sanitize.Line(strings.Join(e.Tags, " #"))))
	}
	// Only flags that differ from the default are named, so a plain entry reads plainly.
	if e.Sharing != portfolio.SharingDefault {
		meta = append(meta, "*"+e.Sharing.String()+"*")
	}
	if e.Discuss {
		meta = append(meta, "*to discuss*")
	}
	head.WriteString(strings.Join(meta, " · ") + "\n\n")
	// The template as the entry remembers it: its name and version, named by the
	// library's title while the library still has it.
	var tmpl *fill.Template
	// Free text is no template to speak of, so only the others are named.
	if e.Template != "" && e.Template != "free" {
		name := sanitize.Line(e.Template)
		if lib != nil {
			if t, err := lib.Get(e.Template); err == nil {
				tmpl = t
				name = sanitize.Line(t.Title)
			}
		}
		line := "Template: *" + common.EscapeMarkdown(name) + "*"
		if e.TemplateVersion > 0 {
			line += fmt.Sprintf(" (version %d)", e.TemplateVersion)
		}
		if e.RecordKind != "" {
			line += " · recorded as " + common.EscapeMarkdown(strings.ReplaceAll(string(e.RecordKind), "_", " "))
		}
		head.WriteString(line + "\n\n")
	}
	if len(e.Outcomes) > 0 {
		var refs []string
		for _, o := range e.Outcomes {
			refs = append(refs, o.String())
		}
		head.WriteString("Outcomes: " + common.EscapeMarkdown(sanitize.Line(strings.Join(refs, ", "))) + "\n\n")
	}
	for _, gid := range e.GoalIDs {
		if g, ok := goals.Get(p, gid); ok {
			fmt.Fprintf(&head, "Goal: *%s*\n\n", common.EscapeMarkdown(sanitize.Line(g.Title)))
		}
	}
	for _, aid := range e.ActionIDs {
		if a, ok := goals.Action(p, aid); ok {
			fmt.Fprintf(&head, "Reflects on action: *%s*\n\n", common.EscapeMarkdown(sanitize.Line(a.What)))
		}
	}
	var body strings.Builder
	for _, f := range e.Fields {
		if len(f.Values) == 0 {
			continue
		}
		label := common.EscapeMarkdown(sanitize.Line(f.Label))
		if len(f.Values) == 1 {
			fmt.Fprintf(&body, "- **%s:** %s\n", label, common.EscapeMarkdown(sanitize.Line(f.Values[0]))+unitOf(tmpl, f.Name))
			continue
		}
		fmt.Fprintf(&body, "- **%s:**\n", label)
		// Each choice is text: "1. Pharmacy professionals must..." is the standard's own
		// number, not a list for Markdown to nest or renumber.
		for _, v := range f.Values {
			fmt.Fprintf(&body, "  - %s\n", render.LiteralLine(common.EscapeMarkdown(sanitize.Line(v))))
		}
	}
	if body.Len() > 0 {
		body.WriteString("\n")
	}
	if e.Body != "" {
		body.WriteString(sanitize.Text(e.Body) + "\n\n")
	}
	for _, sec := range e.Sections {
		fmt.Fprintf(&body, "## %s\n\n%s\n\n", common.EscapeMarkdown(sanitize.Line(sec.Heading)), sanitize.Text(sec.Body))
	}
	if tmpl != nil && tmpl.Signposting {
		sp := lib.Signposting()
		body.WriteString("---\n\n### Support\n\n" + common.EscapeMarkdown(sanitize.Line(sp.Intro)) + "\n\n")
		for _, svc := range sp.Services {
			body.WriteString("- " + common.EscapeMarkdown(sanitize.Line(fill.ServiceLine(svc))) + "\n")
		}
	}
	text := head.String() + "\n---\n\n" + body.String()
	return md.Page(text, width)
}

// unitOf is the unit shown after a field's value, as the editor shows it: " h"
// for hours. Without the template the value is shown as stored.
func unitOf(t *fill.Template, name string) string {
	if t == nil {
		return ""
	}
	for _, f := range t.Fields {
		if f.Name == name && f.Type == fill.FieldHours {
			return " h"
		}
	}
	return ""
}

// SetSize fits the viewport and renders the entry again for a new width.
func (v *EntryView) SetSize(width, height int) tea.Cmd {
	v.vp.SetWidth(width)
	v.height = height
	v.fit()
	if v.width != width && v.Entry != nil {
		return v.load()
	}
	return nil
}

func (v *EntryView) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	if _, ok := msg.(tea.KeyPressMsg); !ok && !v.confirm {
		if handled, cmd := v.att.Update(msg); handled {
			v.fit()
			return common.Nav{}, cmd
		}
	}
	switch msg := msg.(type) {
	case entryRenderedMsg:
		if msg.id == v.Id {
			if msg.entry == nil {
				v.Missing, v.Entry = true, nil
				return common.Nav{}, nil
			}
			v.Entry = msg.entry
			v.rendered, v.width = msg.text, msg.width
			v.att.Update(msg.atts)
			v.margin = msg.margin
			v.fit()
		}
	case LibraryMsg:
		// The template's title and signposting may have been missing before.
		if v.Entry != nil {
			return common.Nav{}, v.load()
		}
	case EntryDeletedMsg:
		return common.Back(), common.Flash("Moved the entry to the trash: u undoes, T on the dashboard lists the trash.")
	case components.EntryFlaggedMsg:
		if msg.E.ID == v.Id {
			return common.Nav{}, tea.Batch(v.load(), components.FlaggedNote(msg))
		}
	case tea.KeyPressMsg:
		return v.handleKey(msg)
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		v.vp, cmd = v.vp.Update(msg)
		return common.Nav{}, cmd
	}
	return common.Nav{}, nil
}

func (v *EntryView) handleKey(msg tea.KeyPressMsg) (common.Nav, tea.Cmd) {
	k := v.ctx.Keys
	if v.confirm {
		yes, answered := common.Answer(msg, k.Yes, k.No)
		if !answered {
			return common.Nav{}, nil
		}
		v.confirm = false
		if yes {
			return common.Nav{}, v.delete()
		}
		return common.Nav{}, common.Flash("Kept the entry.")
	}
	if handled, cmd := v.att.Update(msg); handled {
		v.fit()
		return common.Nav{}, cmd
	}
	switch {
	case key.Matches(msg, k.Back):
		return common.Back(), nil
	case key.Matches(msg, k.Edit) && v.Entry != nil:
		return common.Push(NewEditor(v.ctx, EditorSpec{edit: v.Entry})), nil
	case key.Matches(msg, k.Delete) && v.Entry != nil:
		v.confirm = true
		return common.Nav{}, nil
	case key.Matches(msg, k.FlagDiscuss) && v.Entry != nil:
		// Before the viewport, which would read f as page down.
		e, refused := components.ToggleDiscuss(*v.Entry)
		if refused != "" {
			return common.Nav{}, common.Flash(refused)
		}
		return common.Nav{}, components.SaveFlags(v.ctx.Portfolio, e)
	case key.Matches(msg, k.Sharing) && v.Entry != nil:
		if v.Entry.IsMentorReflection() {
			return common.Nav{}, common.Flash("A mentor's own reflection stays private: its sharing cannot change.")
		}
		return common.Nav{}, components.SaveFlags(v.ctx.Portfolio, components.CycleSharing(*v.Entry))
	case key.Matches(msg, k.History):
		return common.Push(history.NewHistory(v.ctx, v.Id)), nil
	case key.Matches(msg, k.Home):
		v.vp.GotoTop()
	case key.Matches(msg, k.End):
		v.vp.GotoBottom()
	}
	var cmd tea.Cmd
	v.vp, cmd = v.vp.Update(msg)
	return common.Nav{}, cmd
}

func (v *EntryView) delete() tea.Cmd {
	p, id := v.ctx.Portfolio, v.Id
	return func() tea.Msg {
		if err := p.DeleteEntry(id); err != nil {
			return common.ErrMsg{Err: err}
		}
		return EntryDeletedMsg{}
	}
}

func (v *EntryView) View() string {
	s := v.ctx.Styles
	if v.Missing {
		return s.Subtle.Render("  This entry is no longer in the vault. Esc goes back.")
	}
	if v.rendered == "" {
		return s.Subtle.Render("  Loading…")
	}
	out := v.vp.View()
	if list := v.attView(); list != "" {
		out += "\n\n" + list
	}
	if v.confirm {
		title := sanitize.Line(v.Entry.Title)
		files := ""
		// The evidence is what a user fears losing: say it is not lost.
		switch n := len(v.att.List()); {
		case n == 1:
			files = "Its attached file goes with it, and comes back with it.\n\n"
		case n > 1:
			files = fmt.Sprintf("Its %d attached files go with it, and come back with it.\n\n", n)
		}
		q := s.Dialog.Render(s.Warn.Render("Delete this entry?") + "\n" + title + "\n\n" + files + s.Subtle.Render("y moves it to the trash (u undoes) · n or esc keeps it"))
		return q + "\n" + out
	}
	return out
}

// Asking: the delete question is open, so u answers it rather than undoing.
func (v *EntryView) Asking() bool { return v.confirm }
