package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// The editor's key to hide the identifier warning is in the keymap, so the help
// lists it.
func TestEditorHelpListsHideWarning(t *testing.T) {
	d := seededDriver(t)
	d.keys("n", "enter")
	d.expect("New entry")
	d.send(tea.KeyPressMsg{Code: tea.KeyF1})
	d.expect("ctrl+o", "hide warning")
}
