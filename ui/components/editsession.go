package components

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/ui/common"
)

// SavedMsg closes a form or notebook with a note; next, if set, says what takes
// its place.
type SavedMsg struct {
	Note string
	Next common.Then
}

// FormFailedMsg is a save the vault refused; the screen keeps what was typed.
type FormFailedMsg struct{ Err error }

// EditSession is the contract every screen that edits shares, the field forms and
// the notebooks alike: one save at a time, run as a command; a fingerprint of what
// was last saved, to tell unsaved text; and a question before that text is
// dropped. Embedding it gives a screen the same keys and answers as the others.
type EditSession struct {
	Saved   string
	Saving  bool
	Leaving bool // asking whether to discard unsaved text
}

// startSave runs the screen's save unless one is already under way.
func (es *EditSession) startSave(run func() tea.Cmd) tea.Cmd {
	if es.Saving {
		return nil
	}
	es.Saving = true
	return run()
}

// finished takes the answer to a save: on success the screen gives way to what
// follows, or to away; on failure it stays as typed and the error is shown. ok is
// false for any other message.
func (es *EditSession) finished(msg tea.Msg, ctx *common.Context, fingerprint string, away common.Nav) (n common.Nav, cmd tea.Cmd, ok bool) {
	switch msg := msg.(type) {
	case SavedMsg:
		es.Saving = false
		es.Saved = fingerprint
		if msg.Next != nil {
			return common.Replace(msg.Next.Screen(ctx)), common.Flash(msg.Note), true
		}
		return away, common.Flash(msg.Note), true
	case FormFailedMsg:
		es.Saving = false
		return common.Nav{}, common.Fail(msg.Err), true
	}
	return common.Nav{}, nil, false
}

// LeaveKey handles esc, asking first when there is unsaved text, and the answer
// to that question, which is the same on every screen: s saves (and the save
// leaves as a save does), d discards, esc keeps editing. Any other key leaves the
// question up and says which keys answer it. handled is false for any other key
// when no question is open.
func (es *EditSession) LeaveKey(msg tea.KeyPressMsg, k common.KeyMap, dirty bool, away common.Nav, save func() tea.Cmd) (n common.Nav, cmd tea.Cmd, handled bool) {
	if es.Leaving {
		switch {
		case key.Matches(msg, k.LeaveSave):
			es.Leaving = false
			return common.Nav{}, save(), true
		case key.Matches(msg, k.LeaveDiscard):
			es.Leaving = false
			return away, nil, true
		case key.Matches(msg, k.KeepEditing):
			es.Leaving = false
			return common.Nav{}, nil, true
		}
		return common.Nav{}, common.Flash("Unsaved changes: s saves, d discards, esc keeps editing."), true
	}
	if !key.Matches(msg, k.Back) {
		return common.Nav{}, nil, false
	}
	if dirty {
		es.Leaving = true
		return common.Nav{}, nil, true
	}
	return away, nil, true
}

// LeaveKeys are the answers to the question on leaving, for the footer and help.
func LeaveKeys(k common.KeyMap) help.KeyMap {
	b := []key.Binding{k.LeaveSave, k.LeaveDiscard, k.KeepEditing}
	return common.HelpKeys{Short: b, Full: [][]key.Binding{b}}
}

// LeaveDialog is the question on leaving with unsaved text, drawn above the
// screen; every screen that edits shows this one.
func LeaveDialog(s common.Styles, k common.KeyMap) string {
	return s.Dialog.Render(s.Warn.Render("You have unsaved changes.") + "\n\n" + common.KeyChoices(s, k.LeaveSave, k.LeaveDiscard, k.KeepEditing))
}

// LeaveDialogLines is the height leaveDialog takes, with the line after it.
const LeaveDialogLines = 5

func FailForm(err error) tea.Cmd { return func() tea.Msg { return FormFailedMsg{err} } }
