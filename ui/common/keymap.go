package common

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
)

// KeyMap is every key binding of the app, in one place. Screens match against it with
// key.Matches and list the ones they honour for the help view.
type KeyMap struct {
	// Everywhere.
	Quit, ForceQuit, Help, HelpAnywhere, Back, Search, Lock, ReadMessage, Sync key.Binding
	// Moving and choosing.
	Up, Down, PageUp, PageDown, Home, End, Open, NextField, PrevField key.Binding
	Left, Right, Toggle                                               key.Binding
	// Going places.
	GoEntries, GoGoals, New key.Binding
	// Entries.
	Edit, Delete, FilterNormative, FilterFormative, FilterRestorative, ClearFilter key.Binding
	// Editor and forms.
	Save, HideWarning key.Binding
	// Goals and actions.
	AddAction, EditGoal, EditAction, ActionTodo, ActionDoing, ActionDone, Reflect, Review, StatusTab key.Binding
	// Mentoring: the area, a relationship, the agenda builder and meeting record.
	GoMentoring, Prepare, RecordMeeting, Preview, Agreement, EndRelationship key.Binding
	RateSkills, SelfAssess, MoveUp, MoveDown, Question, AddItem, SetDate     key.Binding
	RemoveLast, Sharing, Undo, FlagEntries, FlagDiscuss, ToggleDiscuss       key.Binding
	Timeline, RatingsChart                                                   key.Binding
	// History and the trash.
	History, ShowVersion, ShowDiff, RestoreVersion, Trash, EmptyTrash, CompareConflict key.Binding
	// The settings screen, from the dashboard.
	Settings           key.Binding
	ReopenRelationship key.Binding
	// Frameworks and the coverage of their outcomes.
	Coverage, SwitchFramework key.Binding
	// Exports, revalidation and what others shared.
	Mark, Export, Calendar, IncludePrivate, IncludeFiles, Continue, Received, CopyKey, Revalidation, SetRenewal, NewRecord, ReceiveFile, SaveCopy key.Binding
	// A record's attachments.
	OpenAttachment, NextAttachment, PrevAttachment, AttachFile, SwitchTarget key.Binding
	// Confirmation.
	Yes, No, ClearFlags, KeepFlags key.Binding
	// Keys of one moment: a question on leaving, a search field, an export step.
	LeaveSave, LeaveDiscard, KeepEditing                                   key.Binding
	Done, Cancel, SearchDone, LeaveSearch, AddRow, Choose, ClearFilterText key.Binding
	Write, BackToPreview, ChooseFormat, WriteAnyway, WriteNothing          key.Binding
	ReplaceFile, OtherName, Unlock, CreateNext, SwitchField                key.Binding
	// Keys inside text fields, where letters such as j and k are text: arrows only.
	Enter, ArrowUp, ArrowDown, ClearField, ClearLine key.Binding
}

// newKeyMap is long because it is the table of every key: one line a binding.
func newKeyMap() KeyMap {
	b := func(keys []string, helpKey, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
	}
	k := func(keys ...string) []string { return keys }
	return KeyMap{
		Quit:      b(k("q", "ctrl+c"), "q", "quit"),
		ForceQuit: b(k("ctrl+c"), "ctrl+c", "quit"),
		Help:      b(k("?"), "?", "help"),
		// f1 is help while a text field has focus, where ? is text.
		HelpAnywhere: b(k("f1"), "f1", "help"),
		Back:         b(k("esc"), "esc", "back"),
		Search:       b(k("/"), "/", "search"),
		Lock:         b(k("ctrl+l"), "ctrl+l", "lock now"),
		// f2, a function key, so it works while a text field has focus.
		ReadMessage: b(k("f2"), "f2", "message"),
		// f5, so it works while a text field has focus.
		Sync: b(k("f5"), "f5", "sync now"),

		Up:        b(k("up", "k"), "↑/k", "up"),
		Down:      b(k("down", "j"), "↓/j", "down"),
		PageUp:    b(k("pgup"), "pgup", "page up"),
		PageDown:  b(k("pgdown"), "pgdn", "page down"),
		Home:      b(k("home"), "home", "first"),
		End:       b(k("end"), "end", "last"),
		Open:      b(k("enter"), "enter", "open"),
		NextField: b(k("tab"), "tab", "next"),
		PrevField: b(k("shift+tab"), "shift+tab", "previous"),
		Left:      b(k("left"), "←", "previous choice"),
		Right:     b(k("right"), "→", "next choice"),
		Toggle:    b(k("space"), "space", "toggle"),

		GoEntries: b(k("e"), "e", "entries"),
		GoGoals:   b(k("g"), "g", "goals"),
		New:       b(k("n"), "n", "new"),

		Edit:              b(k("e"), "e", "edit"),
		Delete:            b(k("d"), "d", "delete"),
		FilterNormative:   b(k("1"), "1", "normative"),
		FilterFormative:   b(k("2"), "2", "formative"),
		FilterRestorative: b(k("3"), "3", "restorative"),
		ClearFilter:       b(k("c"), "c", "clear filters"),

		Save: b(k("ctrl+s"), "ctrl+s", "save"),
		// ctrl+o: a control key, so it works while a text field has focus.
		HideWarning: b(k("ctrl+o"), "ctrl+o", "hide warning"),

		AddAction: b(k("a"), "a", "add action"),
		// e edits the goal on the goals list and on the goal's own page, as it edits
		// the record a relationship or a held meeting page shows.
		EditGoal:    b(k("e"), "e", "edit goal"),
		EditAction:  b(k("enter"), "enter", "edit action"),
		ActionTodo:  b(k("t"), "t", "mark to do"),
		ActionDoing: b(k("s"), "s", "mark doing"),
		// space, the key that ticks a box elsewhere: x exports on the neighbouring
		// screens (entries, agenda, relationship).
		ActionDone: b(k("space"), "space", "mark done"),
		Reflect:    b(k("r"), "r", "reflect on it"),
		Review:     b(k("v"), "v", "review goal"),
		StatusTab:  b(k("tab"), "tab", "open/achieved/dropped"),

		GoMentoring:     b(k("m"), "m", "mentoring"),
		Prepare:         b(k("p"), "p", "prepare"),
		RecordMeeting:   b(k("r"), "r", "record"),
		Preview:         b(k("v"), "v", "preview"),
		Agreement:       b(k("a"), "a", "agreement"),
		EndRelationship: b(k("X"), "X", "end relationship"),
		// X again on an ended relationship: one key for its end, either way.
		ReopenRelationship: b(k("X"), "X", "reopen relationship"),
		RateSkills:         b(k("o"), "o", "rate my skills"), // o rates yourself, as on a relationship
		SelfAssess:         b(k("o"), "o", "self-assess"),
		MoveUp:             b(k("K", "shift+up"), "K", "move up"),
		MoveDown:           b(k("J", "shift+down"), "J", "move down"),
		Question:           b(k("enter"), "enter", "question"),
		AddItem:            b(k("a"), "a", "add item"),
		SetDate:            b(k("e"), "e", "meeting date"), // e edits a page's record; d deletes
		RemoveLast:         b(k("ctrl+x"), "ctrl+x", "remove last"),
		Sharing:            b(k("S"), "S", "sharing"),
		FlagEntries:        b(k("f"), "f", "flag entries"),
		FlagDiscuss:        b(k("f"), "f", "to discuss"),
		ToggleDiscuss:      b(k("space"), "space", "to discuss"),
		Timeline:           b(k("M"), "M", "timeline"), // M for milestones: t marks an action to do
		RatingsChart:       b(k("c"), "c", "ratings chart"),
		Coverage:           b(k("c"), "c", "coverage"),
		SwitchFramework:    b(k("left", "right"), "←/→", "framework"),
		// u takes back the newest change made since unlock, on every screen where no
		// text field has focus: the root reads it.
		Undo: b(k("u"), "u", "undo"),

		History:        b(k("h"), "h", "history"),
		ShowVersion:    b(k("enter"), "enter", "show version"),
		ShowDiff:       b(k("tab"), "tab", "changes"),
		RestoreVersion: b(k("r"), "r", "restore"),
		// A record edited on two devices: the two versions side by side as a diff.
		CompareConflict: b(k("c"), "c", "compare conflict"),
		Trash:           b(k("T"), "T", "trash"),
		EmptyTrash:      b(k("E"), "E", "empty trash"),
		Settings:        b(k(","), ",", "settings"),

		Mark:           b(k("space"), "space", "mark"),
		Export:         b(k("x"), "x", "export"),
		Calendar:       b(k("C"), "C", "calendar (.ics)"),
		IncludePrivate: b(k("p"), "p", "include private"),
		IncludeFiles:   b(k("a"), "a", "attached files (.zip)"),
		Continue:       b(k("enter"), "enter", "continue"),
		Received:       b(k("i"), "i", "shared with you"),
		CopyKey:        b(k("c"), "c", "copy key"),
		ReceiveFile:    b(k("r"), "r", "receive a file"),
		SaveCopy:       b(k("w"), "w", "save a copy"),
		Revalidation:   b(k("r"), "r", "revalidation"),
		SetRenewal:     b(k("e"), "e", "renewal date"), // as e on the settings screen
		NewRecord:      b(k("n"), "n", "write a record"),

		// Capitals and brackets: the record pages use the small letters already.
		OpenAttachment: b(k("O"), "O", "open attachment"),
		NextAttachment: b(k("]"), "]", "next attachment"),
		PrevAttachment: b(k("["), "[", "previous attachment"),
		AttachFile:     b(k("A"), "A", "attach a file"),
		// At the path prompt of a page with two records (a goal and its action).
		SwitchTarget: b(k("tab"), "tab", "attach to the other"),

		Yes: b(k("y"), "y", "yes"),
		No:  b(k("n", "esc"), "n", "no"),
		// After a meeting: clear the flags of the entries it discussed, or keep them.
		ClearFlags: b(k("y"), "y", "clear them"),
		KeepFlags:  b(k("n", "esc"), "n", "keep them flagged"),

		LeaveSave:       b(k("s", "ctrl+s"), "s", "save"),
		LeaveDiscard:    b(k("d"), "d", "discard"),
		KeepEditing:     b(k("esc"), "esc", "keep editing"),
		Done:            b(k("enter"), "enter", "done"),
		Cancel:          b(k("esc"), "esc", "cancel"),
		SearchDone:      b(k("enter", "down", "tab"), "enter/↓", "to the list"),
		LeaveSearch:     b(k("esc"), "esc", "leave search"),
		ClearFilterText: b(k("esc"), "esc", "clear filter"),
		AddRow:          b(k("enter"), "enter", "add"),
		Choose:          b(k("enter"), "enter", "write"),
		Write:           b(k("ctrl+s"), "ctrl+s", "write"),
		BackToPreview:   b(k("esc"), "esc", "preview"),
		ChooseFormat:    b(k("left", "right"), "←/→", "format"),
		WriteAnyway:     b(k("y"), "y", "write anyway"),
		WriteNothing:    b(k("n", "esc"), "n", "write nothing"),
		ReplaceFile:     b(k("y"), "y", "replace"),
		OtherName:       b(k("n", "esc"), "n", "another name"),
		Unlock:          b(k("enter"), "enter", "unlock"),
		CreateNext:      b(k("enter"), "enter", "next / create vault"),
		SwitchField:     b(k("tab", "shift+tab", "up", "down"), "tab", "other field"),

		Enter:      b(k("enter"), "enter", "next"),
		ArrowUp:    b(k("up"), "↑", "up"),
		ArrowDown:  b(k("down"), "↓", "down"),
		ClearField: b(k("backspace", "delete"), "backspace", "clear"),
		// ctrl+u empties a line field wherever the cursor is, as in a shell.
		ClearLine: b(k("ctrl+u"), "ctrl+u", "clear"),
	}
}

// KeyChoices names the answers to a question from their bindings' help, so a
// dialog says the keys that work: "y discard   n keep editing".
func KeyChoices(s Styles, bindings ...key.Binding) string {
	var out []string
	for _, b := range bindings {
		out = append(out, s.Key.Render(b.Help().Key)+" "+b.Help().Desc)
	}
	return strings.Join(out, "   ")
}

// HelpKeys adapts a screen's bindings to the bubbles help component.
type HelpKeys struct {
	Short []key.Binding
	Full  [][]key.Binding
}

func (h HelpKeys) ShortHelp() []key.Binding  { return h.Short }
func (h HelpKeys) FullHelp() [][]key.Binding { return h.Full }

// MoveCursor applies the list keys (down, up, home, end) to cursor over n rows; ok is
// false for any other key, which the screen then handles itself.
func (k KeyMap) MoveCursor(msg fmt.Stringer, cursor, n int) (moved int, ok bool) {
	last := max(n-1, 0)
	switch {
	case key.Matches(msg, k.Down):
		return min(cursor+1, last), true
	case key.Matches(msg, k.Up):
		return max(cursor-1, 0), true
	case key.Matches(msg, k.Home):
		return 0, true
	case key.Matches(msg, k.End):
		return last, true
	}
	return cursor, false
}

// Answer reads a key at a yes-or-no question. Only yes and no (n or esc) answer it:
// answered is false for any other key, which leaves the question open and does
// nothing, so a stray key (u, x) neither confirms nor cancels.
func Answer(msg fmt.Stringer, yes, no key.Binding) (isYes, answered bool) {
	switch {
	case key.Matches(msg, yes):
		return true, true
	case key.Matches(msg, no):
		return false, true
	}
	return false, false
}
