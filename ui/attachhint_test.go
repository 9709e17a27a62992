package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// An entry with no file says, where its files would be listed, that A attaches
// one: the key was only in help, and the footer has no room for it at 80 columns.
// Once a file is attached its list takes the place of the hint.
func TestEntryWithoutFilesHintsAttach(t *testing.T) {
	d := seededDriver(t)
	d.keys("e", "enter")
	d.expect("raised at the team huddle", "No files attached · A attaches one")

	file := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(file, []byte("what I learned"), 0o600); err != nil {
		t.Fatal(err)
	}
	d.keys("A")
	d.expect("Attach the file at:")
	if strings.Contains(d.screen(), "No files attached") {
		t.Fatalf("the hint stays beside the prompt:\n%s", d.screen())
	}
	d.typeText(file)
	d.keys("enter")
	d.expect("Attachments (1)", "› notes.txt")
	if strings.Contains(d.screen(), "No files attached") {
		t.Fatalf("the hint stays beside the list:\n%s", d.screen())
	}
}

// An entry longer than the screen keeps all its reading rows: the hint comes at
// its end, reached by scrolling, not under the page.
func TestLongEntryEndsWithAttachHint(t *testing.T) {
	d := seededDriver(t)
	var body []string
	for i := 1; i <= 40; i++ {
		body = append(body, fmt.Sprintf("Line %d of a long debrief.", i))
	}
	addEntryToday(t, d, "free", "A long shift", strings.Join(body, "\n"), nil)
	d.keys("e", "enter")
	d.expect("A long shift", "Line 1 of a long debrief.")
	if strings.Contains(d.screen(), "No files attached") {
		t.Fatalf("the hint took rows from a long entry:\n%s", d.screen())
	}
	d.send(tea.KeyPressMsg{Code: tea.KeyEnd})
	d.expect("Line 40 of a long debrief.", "No files attached · A attaches one")
}
