package ui

import (
	"fmt"
	"io"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/paginator"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/ui/sanitize"
)

// entries lists entries newest first and filters them as the user types. The search
// runs in the domain's index (title, tags and body), as a command: each keystroke
// bumps a sequence number and results of an older keystroke are dropped.
type entries struct {
	ctx       *context
	search    textinput.Model
	list      list.Model
	functions portfolio.Functions // narrowing by function, toggled with 1, 2, 3
	seq       int
	shown     int // seq of the results on screen
	total     int
	problem   string // a search word that could not be read, e.g. a bad date
	// marked are entries picked to export together; they stay marked while the
	// search changes, so a selection can be gathered from several searches.
	marked map[portfolio.ID]bool
}

type entryItem struct{ e *portfolio.Entry }

func (entryItem) FilterValue() string { return "" }

type searchResultMsg struct {
	seq     int
	results []*portfolio.Entry
	total   int
}

// Lines above the list: the search field and the filter summary.
const entriesChrome = 2

func newEntries(ctx *context, searching bool) *entries {
	in := textinput.New()
	in.Prompt = "Search: "
	in.Placeholder = "words, #tag, since:2025-01-01, until:yesterday"
	in.SetStyles(ctx.styles.input)
	in.CharLimit = 500
	marked := map[portfolio.ID]bool{}
	l := list.New(nil, entryDelegate{ctx, marked}, ctx.width, max(ctx.bodyHeight()-entriesChrome, 1))
	l.SetShowTitle(false)
	l.SetShowStatusBar(false)
	l.SetShowHelp(false)
	l.SetShowFilter(false)
	l.SetFilteringEnabled(false)
	l.SetShowPagination(false)
	// The dots paginator rebuilds one dot per page on every draw: 50 ms at 10k items.
	l.Paginator.Type = paginator.Arabic
	l.DisableQuitKeybindings()
	l.SetStatusBarItemName("entry", "entries")
	l.Styles.NoItems = ctx.styles.faint.PaddingLeft(2)
	en := &entries{ctx: ctx, search: in, list: l, marked: marked}
	en.search.SetWidth(max(ctx.width-len(in.Prompt)-1, 10))
	if searching {
		en.search.Focus()
	}
	return en
}

func (en *entries) Init() tea.Cmd   { return en.query() }
func (en *entries) Resume() tea.Cmd { return en.query() }
func (en *entries) Title() string   { return "Entries" }
func (en *entries) Typing() bool    { return en.search.Focused() }

// Search focuses the list's own search field: / here searches in place.
func (en *entries) Search() tea.Cmd { return en.search.Focus() }

func (en *entries) Keys() help.KeyMap {
	k := en.ctx.keys
	if en.search.Focused() {
		return helpKeys{short: []key.Binding{k.SearchDone, k.LeaveSearch}, full: [][]key.Binding{{k.SearchDone, k.LeaveSearch}}}
	}
	return helpKeys{
		short: []key.Binding{k.Open, k.Mark, k.Export, k.Search, k.New, k.Back},
		full: [][]key.Binding{
			{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
			{k.Open, k.New, k.Edit, k.Mark, k.Export},
			{k.FilterNormative, k.FilterFormative, k.FilterRestorative, k.ClearFilter},
		},
	}
}

// query starts a search for what is typed and chosen now.
func (en *entries) query() tea.Cmd {
	p := en.ctx.p
	if p == nil {
		return nil
	}
	q, problem := parseSearch(en.search.Value(), en.ctx.today())
	q.Functions = en.functions
	en.problem = problem
	en.seq++
	seq := en.seq
	return func() tea.Msg {
		return searchResultMsg{seq: seq, results: p.Find(q), total: p.EntryCount()}
	}
}

// parseSearch reads the search field: plain words match title, tags and body;
// #word matches tags starting with it; since:/until: (or from:/to:) bound the date
// and take any date ParseDate reads, with spaces written as hyphens ("3-days-ago").
func parseSearch(text string, today calendar.Date) (portfolio.Query, string) {
	var q portfolio.Query
	var words []string
	var problem string
	for _, w := range strings.Fields(text) {
		name, value, found := strings.Cut(w, ":")
		bound := map[string]*calendar.Date{"since": &q.Since, "from": &q.Since, "until": &q.Until, "to": &q.Until}[strings.ToLower(name)]
		if !found || bound == nil {
			words = append(words, w)
			continue
		}
		if value == "" {
			continue // still being typed
		}
		d, err := calendar.ParseDate(strings.ReplaceAll(value, "-", " "), today)
		if err != nil {
			d, err = calendar.ParseDate(value, today)
		}
		if err != nil {
			problem = fmt.Sprintf("%q is not a date folio reads", value)
			continue
		}
		*bound = d
	}
	if len(words) > 0 {
		// A leading space keeps the domain from reading the first #word as an exact
		// tag: as-you-type, "#warf" should already find "#warfarin".
		q.Text = " " + strings.Join(words, " ")
	}
	return q, problem
}

func (en *entries) SetSize(width, height int) tea.Cmd {
	en.list.SetSize(width, max(height-entriesChrome, 1))
	en.search.SetWidth(max(width-len(en.search.Prompt)-1, 10))
	return nil
}

func (en *entries) Update(msg tea.Msg) (nav, tea.Cmd) {
	switch msg := msg.(type) {
	case searchResultMsg:
		if msg.seq != en.seq {
			return nav{}, nil // an older keystroke's answer
		}
		en.shown, en.total = msg.seq, msg.total
		selected := en.selectedID()
		items := make([]list.Item, len(msg.results))
		for i, e := range msg.results {
			items[i] = entryItem{e}
		}
		en.list.SetItems(items)
		en.reselect(selected, msg.results)
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelDown:
			en.list.CursorDown()
		case tea.MouseWheelUp:
			en.list.CursorUp()
		}
	case tea.KeyPressMsg:
		if en.search.Focused() {
			return en.searchKey(msg)
		}
		return en.listKey(msg)
	}
	return nav{}, nil
}

func (en *entries) selectedID() portfolio.ID {
	if it, ok := en.list.SelectedItem().(entryItem); ok {
		return it.e.ID
	}
	return ""
}

// reselect keeps the cursor on the same entry when results change around it, and
// goes back to the top when it is gone.
func (en *entries) reselect(id portfolio.ID, results []*portfolio.Entry) {
	if id != "" {
		// Only look near the top: an exhaustive scan of 100k results per keystroke
		// would cost more than the cursor is worth.
		for i, e := range results[:min(len(results), 2000)] {
			if e.ID == id {
				en.list.Select(i)
				return
			}
		}
	}
	en.list.Select(0)
}

func (en *entries) searchKey(msg tea.KeyPressMsg) (nav, tea.Cmd) {
	k := en.ctx.keys
	switch {
	case key.Matches(msg, k.LeaveSearch, k.SearchDone):
		en.search.Blur()
		return nav{}, nil
	}
	before := en.search.Value()
	var cmd tea.Cmd
	en.search, cmd = en.search.Update(msg)
	if en.search.Value() != before {
		return nav{}, tea.Batch(cmd, en.query())
	}
	return nav{}, cmd
}

// listKey is one flat switch over the list's keys: read as a table of key and
// action, it is clearer whole than split.
func (en *entries) listKey(msg tea.KeyPressMsg) (nav, tea.Cmd) {
	k := en.ctx.keys
	switch {
	case key.Matches(msg, k.Back):
		if en.search.Value() != "" || !en.functions.Empty() {
			en.search.Reset()
			en.functions = 0
			return nav{}, en.query()
		}
		if len(en.marked) > 0 {
			// Marks can take a while to gather; esc clears them before it leaves.
			clear(en.marked)
			return nav{}, flash("Marks cleared.")
		}
		return back(), nil
	case key.Matches(msg, k.Down):
		en.list.CursorDown()
	case key.Matches(msg, k.Up):
		if en.list.Index() == 0 {
			return nav{}, en.search.Focus()
		}
		en.list.CursorUp()
	case key.Matches(msg, k.PageDown):
		en.list.NextPage()
	case key.Matches(msg, k.PageUp):
		en.list.PrevPage()
	case key.Matches(msg, k.Home):
		en.list.GoToStart()
	case key.Matches(msg, k.End):
		en.list.GoToEnd()
	case key.Matches(msg, k.Open):
		if id := en.selectedID(); id != "" {
			return push(newEntryView(en.ctx, id)), nil
		}
	case key.Matches(msg, k.Edit):
		if id := en.selectedID(); id != "" {
			if e, ok := en.ctx.p.Entry(id); ok {
				return push(newEditor(en.ctx, editorSpec{edit: e})), nil
			}
		}
	case key.Matches(msg, k.New):
		return push(newPicker(en.ctx)), nil
	case key.Matches(msg, k.Mark):
		if id := en.selectedID(); id != "" {
			if en.marked[id] {
				delete(en.marked, id)
			} else {
				en.marked[id] = true
			}
			en.list.CursorDown()
		}
	case key.Matches(msg, k.Export):
		return en.export()
	case key.Matches(msg, k.FilterNormative):
		return nav{}, en.toggle(portfolio.Normative)
	case key.Matches(msg, k.FilterFormative):
		return nav{}, en.toggle(portfolio.Formative)
	case key.Matches(msg, k.FilterRestorative):
		return nav{}, en.toggle(portfolio.Restorative)
	case key.Matches(msg, k.ClearFilter):
		en.search.Reset()
		en.functions = 0
		return nav{}, en.query()
	}
	return nav{}, nil
}

// export opens the export of the marked entries, or of the one under the cursor
// when none is marked.
func (en *entries) export() (nav, tea.Cmd) {
	var ids []portfolio.ID
	for id := range en.marked {
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		id := en.selectedID()
		if id == "" {
			return nav{}, flash("No entry to export: space marks entries, x exports them.")
		}
		ids = []portfolio.ID{id}
	}
	return push(newExporter(en.ctx, selectionSource(en.ctx, ids))), nil
}

func (en *entries) toggle(f portfolio.Function) tea.Cmd {
	if en.functions.Has(f) {
		en.functions = en.functions.Without(f)
	} else {
		en.functions = en.functions.With(f)
	}
	return en.query()
}

func (en *entries) View() string {
	s := en.ctx.styles
	w := en.ctx.width
	var filters []string
	if en.functions.Empty() {
		filters = append(filters, s.subtle.Render("all functions"))
	}
	for _, f := range en.functions.List() {
		filters = append(filters, s.functionName(f))
	}
	left := s.subtle.Render("Functions: ") + strings.Join(filters, ", ")
	if en.problem != "" {
		left = s.errorText.Render(en.problem)
	}
	count := ""
	if n := len(en.list.Items()); n > 0 {
		count = fmt.Sprintf("%d of %d", en.list.Index()+1, n)
		if n != en.total {
			count = fmt.Sprintf("%d of %d · %d of %d match", en.list.Index()+1, n, n, en.total)
		}
	} else if en.shown > 0 {
		count = fmt.Sprintf("0 of %d match", en.total)
	}
	if n := len(en.marked); n > 0 {
		count = s.ok.Render(fmt.Sprintf("%d marked · x exports", n)) + s.faint.Render(" · ") + s.subtle.Render(count)
	}
	summary := spread(left, s.subtle.Render(count), w)
	body := en.list.View()
	if len(en.list.Items()) == 0 && en.shown > 0 {
		body = s.faint.Render("  " + en.emptyText())
	}
	return ansi.Truncate(en.search.View(), w, "") + "\n" + summary + "\n" + body
}

func (en *entries) emptyText() string {
	if en.total == 0 {
		return "No entries yet. Press n to write your first reflection."
	}
	return "Nothing matches. Esc clears the search and filters."
}

// entryDelegate draws one entry per line: date, function letters, title, tags.
type entryDelegate struct {
	ctx    *context
	marked map[portfolio.ID]bool
}

func (entryDelegate) Height() int                               { return 1 }
func (entryDelegate) Spacing() int                              { return 0 }
func (entryDelegate) Update(msg tea.Msg, m *list.Model) tea.Cmd { return nil }

func (d entryDelegate) Render(w io.Writer, m list.Model, index int, item list.Item) {
	it, ok := item.(entryItem)
	if !ok {
		return
	}
	io.WriteString(w, entryRow(d.ctx.styles, it.e, m.Width(), index == m.Index(), d.marked[it.e.ID]))
}

// entryRow is an entry as one line of width cells; a marked one has a tick before
// its title, which reads without colour too.
func entryRow(s styles, e *portfolio.Entry, width int, selected, marked bool) string {
	const fixed = 2 + 10 + 2 + 3 + 2 // cursor, date, gap, letters, gap
	title := sanitize.Line(e.Title)
	if marked {
		title = "✓ " + title
	}
	tags := ""
	if len(e.Tags) > 0 {
		tags = "#" + sanitize.Line(strings.Join(e.Tags, " #"))
	}
	room := max(width-fixed, 8)
	tagRoom := min(ansi.StringWidth(tags), room/3)
	if tagRoom > 0 {
		tags = ansi.Truncate(tags, tagRoom, "…")
	}
	titleRoom := room - tagRoom - 1
	if tagRoom == 0 {
		titleRoom = room
	}
	title = ansi.Truncate(title, titleRoom, "…")
	gap := max(room-ansi.StringWidth(title)-ansi.StringWidth(tags), 0)
	if selected {
		return s.cursor.Render("▸ ") + s.subtle.Render(e.Date.String()) + "  " + s.functionMarks(e.Functions) + "  " +
			s.selected.Render(title+strings.Repeat(" ", gap)+tags)
	}
	return "  " + s.subtle.Render(e.Date.String()) + "  " + s.functionMarks(e.Functions) + "  " +
		title + strings.Repeat(" ", gap) + s.tag.Render(tags)
}
