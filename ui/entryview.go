package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/document/render"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/ui/sanitize"
)

// entryView shows one entry rendered as Markdown in a scrollable viewport.
type entryView struct {
	ctx      *context
	id       portfolio.ID
	entry    *portfolio.Entry
	vp       viewport.Model
	rendered string
	width    int // the width rendered is for
	confirm  bool
	missing  bool
	undo     flagUndo
}

// entryRenderedMsg is the entry as read from the vault, and rendered; entry is
// nil when it is no longer there.
type entryRenderedMsg struct {
	id    portfolio.ID
	entry *portfolio.Entry
	width int
	text  string
}

type entryDeletedMsg struct{}

func newEntryView(ctx *context, id portfolio.ID) *entryView {
	vp := viewport.New(viewport.WithWidth(ctx.width), viewport.WithHeight(ctx.bodyHeight()))
	vp.MouseWheelEnabled = true
	return &entryView{ctx: ctx, id: id, vp: vp}
}

func (v *entryView) Init() tea.Cmd   { return v.load() }
func (v *entryView) Resume() tea.Cmd { return v.load() }
func (v *entryView) Typing() bool    { return false }
func (v *entryView) Loading() bool   { return v.rendered == "" && !v.missing }

func (v *entryView) Title() string { return "Entry" }

func (v *entryView) Keys() help.KeyMap {
	k := v.ctx.keys
	if v.confirm {
		return helpKeys{short: []key.Binding{k.Yes, k.No}, full: [][]key.Binding{{k.Yes, k.No}}}
	}
	return helpKeys{
		short: []key.Binding{k.Edit, k.FlagDiscuss, k.Sharing, k.Undo, k.Delete, k.Back},
		full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, {k.Edit, k.FlagDiscuss, k.Sharing, k.Undo, k.Delete, k.Back}},
	}
}

// load reads the entry and renders it, off the update loop: reading takes the
// vault's lock, and glamour on a long entry takes a while.
func (v *entryView) load() tea.Cmd {
	p := v.ctx.p
	if p == nil {
		return nil
	}
	id, width := v.id, v.ctx.width
	md, lib := v.ctx.md, v.ctx.lib
	return func() tea.Msg {
		e, ok := p.Entry(id)
		if !ok {
			return entryRenderedMsg{id: id}
		}
		return entryRenderedMsg{id: id, entry: e, width: width, text: renderEntry(p, lib, md, e, width)}
	}
}

// renderEntry writes the entry as Markdown, facts first, then its parts in order,
// and renders it; it is long because it reads top to bottom like the page it makes.
func renderEntry(p *portfolio.Portfolio, lib *fill.Library, md *markdown, e *portfolio.Entry, width int) string {
	var head strings.Builder
	fmt.Fprintf(&head, "# %s\n\n", escapeMarkdown(sanitize.Line(e.Title)))
	var meta []string
	meta = append(meta, "**"+e.Date.String()+"**")
	meta = append(meta, strings.Join(e.Functions.Names(), ", ")+" ("+e.Functions.Letters()+")")
	if len(e.Tags) > 0 {
		meta = append(meta, escapeMarkdown("#"+sanitize.Line(strings.Join(e.Tags, " #"))))
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
		line := "Template: *" + escapeMarkdown(name) + "*"
		if e.TemplateVersion > 0 {
			line += fmt.Sprintf(" (version %d)", e.TemplateVersion)
		}
		if e.RecordKind != "" {
			line += " · recorded as " + escapeMarkdown(strings.ReplaceAll(string(e.RecordKind), "_", " "))
		}
		head.WriteString(line + "\n\n")
	}
	for _, gid := range e.GoalIDs {
		if g, ok := p.Goal(gid); ok {
			fmt.Fprintf(&head, "Goal: *%s*\n\n", escapeMarkdown(sanitize.Line(g.Title)))
		}
	}
	for _, aid := range e.ActionIDs {
		if a, ok := p.Action(aid); ok {
			fmt.Fprintf(&head, "Reflects on action: *%s*\n\n", escapeMarkdown(sanitize.Line(a.What)))
		}
	}
	var body strings.Builder
	for _, f := range e.Fields {
		if len(f.Values) == 0 {
			continue
		}
		label := escapeMarkdown(sanitize.Line(f.Label))
		if len(f.Values) == 1 {
			fmt.Fprintf(&body, "- **%s:** %s\n", label, escapeMarkdown(sanitize.Line(f.Values[0]))+unitOf(tmpl, f.Name))
			continue
		}
		fmt.Fprintf(&body, "- **%s:**\n", label)
		// Each choice is text: "1. Pharmacy professionals must..." is the standard's own
		// number, not a list for Markdown to nest or renumber.
		for _, v := range f.Values {
			fmt.Fprintf(&body, "  - %s\n", render.LiteralLine(escapeMarkdown(sanitize.Line(v))))
		}
	}
	if body.Len() > 0 {
		body.WriteString("\n")
	}
	if e.Body != "" {
		body.WriteString(sanitize.Text(e.Body) + "\n\n")
	}
	for _, sec := range e.Sections {
		fmt.Fprintf(&body, "## %s\n\n%s\n\n", escapeMarkdown(sanitize.Line(sec.Heading)), sanitize.Text(sec.Body))
	}
	if tmpl != nil && tmpl.Signposting {
		sp := lib.Signposting()
		body.WriteString("---\n\n### Support\n\n" + escapeMarkdown(sanitize.Line(sp.Intro)) + "\n\n")
		for _, svc := range sp.Services {
			body.WriteString("- " + escapeMarkdown(sanitize.Line(fill.ServiceLine(svc))) + "\n")
		}
	}
	text := head.String() + "\n---\n\n" + body.String()
	return md.page(text, width)
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

// escapeMarkdown keeps a title's own punctuation from being read as Markdown.
func escapeMarkdown(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `\<`, "#", `\#`)
	return r.Replace(s)
}

// SetSize fits the viewport and renders the entry again for a new width.
func (v *entryView) SetSize(width, height int) tea.Cmd {
	v.vp.SetWidth(width)
	v.vp.SetHeight(max(height, 1))
	if v.width != width && v.entry != nil {
		return v.load()
	}
	return nil
}

func (v *entryView) Update(msg tea.Msg) (nav, tea.Cmd) {
	switch msg := msg.(type) {
	case entryRenderedMsg:
		if msg.id == v.id {
			if msg.entry == nil {
				v.missing, v.entry = true, nil
				return nav{}, nil
			}
			v.entry = msg.entry
			v.rendered, v.width = msg.text, msg.width
			v.vp.SetContent(msg.text)
		}
	case libraryMsg:
		// The template's title and signposting may have been missing before.
		if v.entry != nil {
			return nav{}, v.load()
		}
	case entryDeletedMsg:
		return back(), flash("Entry deleted.")
	case entryFlaggedMsg:
		if msg.e.ID == v.id {
			return nav{}, tea.Batch(v.load(), v.undo.saved(msg))
		}
	case tea.KeyPressMsg:
		return v.handleKey(msg)
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		v.vp, cmd = v.vp.Update(msg)
		return nav{}, cmd
	}
	return nav{}, nil
}

func (v *entryView) handleKey(msg tea.KeyPressMsg) (nav, tea.Cmd) {
	k := v.ctx.keys
	if v.confirm {
		v.confirm = false
		if key.Matches(msg, k.Yes) {
			return nav{}, v.delete()
		}
		return nav{}, flash("Kept the entry.")
	}
	switch {
	case key.Matches(msg, k.Back):
		return back(), nil
	case key.Matches(msg, k.Edit) && v.entry != nil:
		return push(newEditor(v.ctx, editorSpec{edit: v.entry})), nil
	case key.Matches(msg, k.Delete) && v.entry != nil:
		v.confirm = true
		return nav{}, nil
	case key.Matches(msg, k.FlagDiscuss) && v.entry != nil:
		// Before the viewport, which would read f as page down.
		e, refused := toggleDiscuss(*v.entry)
		if refused != "" {
			return nav{}, flash(refused)
		}
		return nav{}, saveFlags(v.ctx.p, e, flagsOf(v.entry), false)
	case key.Matches(msg, k.Sharing) && v.entry != nil:
		if v.entry.IsMentorReflection() {
			return nav{}, flash("A mentor's own reflection stays private: its sharing cannot change.")
		}
		return nav{}, saveFlags(v.ctx.p, cycleSharing(*v.entry), flagsOf(v.entry), false)
	case key.Matches(msg, k.Undo) && v.entry != nil:
		return nav{}, v.undo.undo(v.ctx.p, func(id portfolio.ID) *portfolio.Entry {
			if id == v.entry.ID {
				return v.entry
			}
			return nil
		})
	case key.Matches(msg, k.Home):
		v.vp.GotoTop()
	case key.Matches(msg, k.End):
		v.vp.GotoBottom()
	}
	var cmd tea.Cmd
	v.vp, cmd = v.vp.Update(msg)
	return nav{}, cmd
}

func (v *entryView) delete() tea.Cmd {
	p, id := v.ctx.p, v.id
	return func() tea.Msg {
		if err := p.DeleteEntry(id); err != nil {
			return errMsg{err}
		}
		return entryDeletedMsg{}
	}
}

func (v *entryView) View() string {
	s := v.ctx.styles
	if v.missing {
		return s.subtle.Render("  This entry is no longer in the vault. Esc goes back.")
	}
	if v.rendered == "" {
		return s.subtle.Render("  Loading…")
	}
	out := v.vp.View()
	if v.confirm {
		title := sanitize.Line(v.entry.Title)
		q := s.dialog.Render(s.warn.Render("Delete this entry?") + "\n" + title + "\n\n" + s.subtle.Render("y deletes it for good · n or esc keeps it"))
		return q + "\n" + out
	}
	return out
}
