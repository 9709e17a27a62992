package entries

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
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/sanitize"
)

// Entries lists entries newest first and filters them as the user types. The search
// runs in the domain's index (title, tags and body), as a command: each keystroke
// bumps a sequence number and results of an older keystroke are dropped.
type Entries struct {
	ctx         *common.Context
	SearchInput textinput.Model
	List        list.Model
	functions   portfolio.Functions // narrowing by function, toggled with 1, 2, 3
	Seq         int
	shown       int // seq of the results on screen
	total       int
	problem     string // a search word that could not be read, e.g. a bad date
	// marked are entries picked to export together; they stay marked while the
	// search changes, so a selection can be gathered from several searches.
	marked map[portfolio.ID]bool
}

type entryItem struct{ e *portfolio.Entry }

func (entryItem) FilterValue() string { return "" }

// Entry is the entry a row of the list shows.
func (it entryItem) Entry() *portfolio.Entry { return it.e }

type SearchResultMsg struct {
	Seq     int
	Results []*portfolio.Entry
	Total   int
}

// Lines above the list: the search field and the filter summary.
const entriesChrome = 2

func NewEntries(ctx *common.Context, searching bool) *Entries {
	in := textinput.New()
	in.Prompt = "Search: "
	in.Placeholder = "words, #tag, since:2025-01-01, until:yesterday"
	in.SetStyles(ctx.Styles.Input)
	in.CharLimit = 500
	marked := map[portfolio.ID]bool{}
	l := list.New(nil, entryDelegate{ctx, marked}, ctx.Width, max(ctx.BodyHeight()-entriesChrome, 1))
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
	l.Styles.NoItems = ctx.Styles.Faint.PaddingLeft(2)
	en := &Entries{ctx: ctx, SearchInput: in, List: l, marked: marked}
	en.SearchInput.SetWidth(max(ctx.Width-len(in.Prompt)-1, 10))
	if searching {
		en.SearchInput.Focus()
	}
	return en
}

func (en *Entries) Init() tea.Cmd   { return en.query() }
func (en *Entries) Resume() tea.Cmd { return en.query() }
func (en *Entries) Title() string   { return "Entries" }
func (en *Entries) Typing() bool    { return en.SearchInput.Focused() }

// Search focuses the list's own search field: / here searches in place.
func (en *Entries) Search() tea.Cmd { return en.SearchInput.Focus() }

func (en *Entries) Keys() help.KeyMap {
	k := en.ctx.Keys
	if en.SearchInput.Focused() {
		return common.HelpKeys{Short: []key.Binding{k.SearchDone, k.LeaveSearch}, Full: [][]key.Binding{{k.SearchDone, k.LeaveSearch}}}
	}
	return common.HelpKeys{
		Short: []key.Binding{k.Open, k.Mark, k.Export, k.Search, k.New, k.Back},
		Full: [][]key.Binding{
			{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
			{k.Open, k.New, k.Edit, k.Mark, k.Export},
			{k.FilterNormative, k.FilterFormative, k.FilterRestorative, k.ClearFilter},
		},
	}
}

// query starts a search for what is typed and chosen now.
func (en *Entries) query() tea.Cmd {
	p := en.ctx.Portfolio
	if p == nil {
		return nil
	}
	q, problem := parseSearch(en.SearchInput.Value(), en.ctx.Today())
	q.Functions = en.functions
	en.problem = problem
	en.Seq++
	seq := en.Seq
	return func() tea.Msg {
		return SearchResultMsg{Seq: seq, Results: p.Find(q), Total: p.EntryCount()}
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

func (en *Entries) SetSize(width, height int) tea.Cmd {
	en.List.SetSize(width, max(height-entriesChrome, 1))
	en.SearchInput.SetWidth(max(width-len(en.SearchInput.Prompt)-1, 10))
	return nil
}

func (en *Entries) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case SearchResultMsg:
		if msg.Seq != en.Seq {
			return common.Nav{}, nil // an older keystroke's answer
		}
		en.shown, en.total = msg.Seq, msg.Total
		selected := en.selectedID()
		items := make([]list.Item, len(msg.Results))
		for i, e := range msg.Results {
			items[i] = entryItem{e}
		}
		en.List.SetItems(items)
		en.reselect(selected, msg.Results)
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelDown:
			en.List.CursorDown()
		case tea.MouseWheelUp:
			en.List.CursorUp()
		}
	case tea.KeyPressMsg:
		if en.SearchInput.Focused() {
			return en.searchKey(msg)
		}
		return en.listKey(msg)
	}
	return common.Nav{}, nil
}

func (en *Entries) selectedID() portfolio.ID {
	if it, ok := en.List.SelectedItem().(entryItem); ok {
		return it.e.ID
	}
	return ""
}

// reselect keeps the cursor on the same entry when results change around it, and
// goes back to the top when it is gone.
func (en *Entries) reselect(id portfolio.ID, results []*portfolio.Entry) {
	if id != "" {
		// Only look near the top: an exhaustive scan of 100k results per keystroke
		// would cost more than the cursor is worth.
		for i, e := range results[:min(len(results), 2000)] {
			if e.ID == id {
				en.List.Select(i)
				return
			}
		}
	}
	en.List.Select(0)
}

func (en *Entries) searchKey(msg tea.KeyPressMsg) (common.Nav, tea.Cmd) {
	k := en.ctx.Keys
	switch {
	case key.Matches(msg, k.LeaveSearch, k.SearchDone):
		en.SearchInput.Blur()
		return common.Nav{}, nil
	}
	before := en.SearchInput.Value()
	var cmd tea.Cmd
	en.SearchInput, cmd = en.SearchInput.Update(msg)
	if en.SearchInput.Value() != before {
		return common.Nav{}, tea.Batch(cmd, en.query())
	}
	return common.Nav{}, cmd
}

// listKey is one flat switch over the list's keys: read as a table of key and
// action, it is clearer whole than split.
func (en *Entries) listKey(msg tea.KeyPressMsg) (common.Nav, tea.Cmd) {
	k := en.ctx.Keys
	switch {
	case key.Matches(msg, k.Back):
		if en.SearchInput.Value() != "" || !en.functions.Empty() {
			en.SearchInput.Reset()
			en.functions = 0
			return common.Nav{}, en.query()
		}
		if len(en.marked) > 0 {
			// Marks can take a while to gather; esc clears them before it leaves.
			clear(en.marked)
			return common.Nav{}, common.Flash("Marks cleared.")
		}
		return common.Back(), nil
	case key.Matches(msg, k.Down):
		en.List.CursorDown()
	case key.Matches(msg, k.Up):
		if en.List.Index() == 0 {
			return common.Nav{}, en.SearchInput.Focus()
		}
		en.List.CursorUp()
	case key.Matches(msg, k.PageDown):
		en.List.NextPage()
	case key.Matches(msg, k.PageUp):
		en.List.PrevPage()
	case key.Matches(msg, k.Home):
		en.List.GoToStart()
	case key.Matches(msg, k.End):
		en.List.GoToEnd()
	case key.Matches(msg, k.Open):
		if id := en.selectedID(); id != "" {
			return common.Push(NewEntryView(en.ctx, id)), nil
		}
	case key.Matches(msg, k.Edit):
		if id := en.selectedID(); id != "" {
			if e, ok := en.ctx.Portfolio.Entry(id); ok {
				return common.Push(NewEditor(en.ctx, EditorSpec{edit: e})), nil
			}
		}
	case key.Matches(msg, k.New):
		return common.Push(NewPicker(en.ctx)), nil
	case key.Matches(msg, k.Mark):
		if id := en.selectedID(); id != "" {
			if en.marked[id] {
				delete(en.marked, id)
			} else {
				en.marked[id] = true
			}
			en.List.CursorDown()
		}
	case key.Matches(msg, k.Export):
		return en.export()
	case key.Matches(msg, k.FilterNormative):
		return common.Nav{}, en.toggle(portfolio.Normative)
	case key.Matches(msg, k.FilterFormative):
		return common.Nav{}, en.toggle(portfolio.Formative)
	case key.Matches(msg, k.FilterRestorative):
		return common.Nav{}, en.toggle(portfolio.Restorative)
	case key.Matches(msg, k.ClearFilter):
		en.SearchInput.Reset()
		en.functions = 0
		return common.Nav{}, en.query()
	}
	return common.Nav{}, nil
}

// export opens the export of the marked entries, or of the one under the cursor
// when none is marked.
func (en *Entries) export() (common.Nav, tea.Cmd) {
	var ids []portfolio.ID
	for id := range en.marked {
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		id := en.selectedID()
		if id == "" {
			return common.Nav{}, common.Flash("No entry to export: space marks entries, x exports them.")
		}
		ids = []portfolio.ID{id}
	}
	return common.Push(en.ctx.Pages.ExportEntries(en.ctx, ids)), nil
}

func (en *Entries) toggle(f portfolio.Function) tea.Cmd {
	if en.functions.Has(f) {
		en.functions = en.functions.Without(f)
	} else {
		en.functions = en.functions.With(f)
	}
	return en.query()
}

func (en *Entries) View() string {
	s := en.ctx.Styles
	w := en.ctx.Width
	var filters []string
	if en.functions.Empty() {
		filters = append(filters, s.Subtle.Render("all functions"))
	}
	for _, f := range en.functions.List() {
		filters = append(filters, s.FunctionName(f))
	}
	left := s.Subtle.Render("Functions: ") + strings.Join(filters, ", ")
	if en.problem != "" {
		left = s.ErrorText.Render(en.problem)
	}
	count := ""
	if n := len(en.List.Items()); n > 0 {
		count = fmt.Sprintf("%d of %d", en.List.Index()+1, n)
		if n != en.total {
			count = fmt.Sprintf("%d of %d · %d of %d match", en.List.Index()+1, n, n, en.total)
		}
	} else if en.shown > 0 {
		count = fmt.Sprintf("0 of %d match", en.total)
	}
	if n := len(en.marked); n > 0 {
		count = s.Ok.Render(fmt.Sprintf("%d marked · x exports", n)) + s.Faint.Render(" · ") + s.Subtle.Render(count)
	}
	summary := common.Spread(left, s.Subtle.Render(count), w)
	body := en.List.View()
	switch {
	case len(en.List.Items()) == 0 && en.shown != en.Seq:
		// The first answer is still coming (a first search of a large vault
		// reads every body): an empty list now would say there is nothing.
		body = s.Faint.Render("  Searching…")
	case len(en.List.Items()) == 0 && en.shown > 0:
		body = s.Faint.Render("  " + en.emptyText())
	}
	return ansi.Truncate(en.SearchInput.View(), w, "") + "\n" + summary + "\n" + body
}

func (en *Entries) emptyText() string {
	if en.total == 0 {
		return "No entries yet. Press n to write your first reflection."
	}
	return "Nothing matches. Esc clears the search and filters."
}

// entryDelegate draws one entry per line: date, function letters, title, tags.
type entryDelegate struct {
	ctx    *common.Context
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
	io.WriteString(w, entryRow(d.ctx.Styles, it.e, m.Width(), index == m.Index(), d.marked[it.e.ID]))
}

// entryRow is an entry as one line of width cells; a marked one has a tick before
// its title, which reads without colour too.
func entryRow(s common.Styles, e *portfolio.Entry, width int, selected, marked bool) string {
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
		return s.Cursor.Render("▸ ") + s.Subtle.Render(e.Date.String()) + "  " + s.FunctionMarks(e.Functions) + "  " +
			s.Selected.Render(title+strings.Repeat(" ", gap)+tags)
	}
	return "  " + s.Subtle.Render(e.Date.String()) + "  " + s.FunctionMarks(e.Functions) + "  " +
		title + strings.Repeat(" ", gap) + s.Tag.Render(tags)
}
