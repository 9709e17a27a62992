package ui

import (
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
// to that question. handled is false for any other key.
func (es *editSession) leaveKey(msg tea.KeyPressMsg, k keyMap, dirty bool, away nav) (n nav, handled bool) {
	if es.leaving {
		es.leaving = false
		if key.Matches(msg, k.ConfirmDiscard) {
			return away, true
		}
		return nav{}, true
	}
	if !key.Matches(msg, k.Back) {
		return nav{}, false
	}
	if dirty {
		es.leaving = true
		return nav{}, true
	}
	return away, true
}
