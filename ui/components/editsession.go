package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// savedMsg closes a form or notebook with a note; next, if set, says what takes
// its place.
type savedMsg struct {
	note string
	next then
}

// formFailedMsg is a save the vault refused; the screen keeps what was typed.
type formFailedMsg struct{ err error }

// editSession is the contract every screen that edits shares, the field forms and
// the notebooks alike: one save at a time, run as a command; a fingerprint of what
// was last saved, to tell unsaved text; and a question before that text is
// dropped. Embedding it gives a screen the same keys and answers as the others.
type editSession struct {
	saved   string
	saving  bool
	leaving bool // asking whether to discard unsaved text
}

// startSave runs the screen's save unless one is already under way.
func (es *editSession) startSave(run func() tea.Cmd) tea.Cmd {
	if es.saving {
		return nil
	}
	es.saving = true
	return run()
}

// finished takes the answer to a save: on success the screen gives way to what
// follows, or to away; on failure it stays as typed and the error is shown. ok is
// false for any other message.
func (es *editSession) finished(msg tea.Msg, ctx *context, fingerprint string, away nav) (n nav, cmd tea.Cmd, ok bool) {
	switch msg := msg.(type) {
	case savedMsg:
		es.saving = false
		es.saved = fingerprint
		if msg.next != nil {
			return replace(msg.next.screen(ctx)), flash(msg.note), true
		}
		return away, flash(msg.note), true
	case formFailedMsg:
		es.saving = false
		return nav{}, fail(msg.err), true
	}
	return nav{}, nil, false
}

// leaveKey handles esc, asking first when there is unsaved text, and the answer
// to that question, which is the same on every screen: s saves (and the save
// leaves as a save does), d discards, esc keeps editing. Any other key leaves the
// question up and says which keys answer it. handled is false for any other key
// when no question is open.
func (es *editSession) leaveKey(msg tea.KeyPressMsg, k keyMap, dirty bool, away nav, save func() tea.Cmd) (n nav, cmd tea.Cmd, handled bool) {
	if es.leaving {
		switch {
		case key.Matches(msg, k.LeaveSave):
			es.leaving = false
			return nav{}, save(), true
		case key.Matches(msg, k.LeaveDiscard):
			es.leaving = false
			return away, nil, true
		case key.Matches(msg, k.KeepEditing):
			es.leaving = false
			return nav{}, nil, true
		}
		return nav{}, flash("Unsaved changes: s saves, d discards, esc keeps editing."), true
	}
	if !key.Matches(msg, k.Back) {
		return nav{}, nil, false
	}
	if dirty {
		es.leaving = true
		return nav{}, nil, true
	}
	return away, nil, true
}

// leaveKeys are the answers to the question on leaving, for the footer and help.
func leaveKeys(k keyMap) help.KeyMap {
	b := []key.Binding{k.LeaveSave, k.LeaveDiscard, k.KeepEditing}
	return helpKeys{short: b, full: [][]key.Binding{b}}
}

// leaveDialog is the question on leaving with unsaved text, drawn above the
// screen; every screen that edits shows this one.
func leaveDialog(s styles, k keyMap) string {
	return s.dialog.Render(s.warn.Render("You have unsaved changes.") + "\n\n" + keyChoices(s, k.LeaveSave, k.LeaveDiscard, k.KeepEditing))
}

// leaveDialogLines is the height leaveDialog takes, with the line after it.
const leaveDialogLines = 5

func failForm(err error) tea.Cmd { return func() tea.Msg { return formFailedMsg{err} } }
