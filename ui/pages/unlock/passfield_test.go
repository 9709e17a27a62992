package unlock

import (
	"bytes"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/ui/common"
)

// TestPassFieldKeepsBytes: the passphrase field edits a byte buffer, draws one
// bullet per character, and Reset overwrites the whole buffer.
func TestPassFieldKeepsBytes(t *testing.T) {
	f := newPassField(common.NewContext(common.Options{}), "Passphrase: ")
	f.Focus()
	for _, r := range "tide pöol" {
		f.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	f.Update(tea.PasteMsg{Content: "\tx\x1by\n"})
	if got := string(f.Bytes()); got != "tide pöol xy " {
		t.Fatalf("typed %q", got)
	}
	if got := strings.Count(f.View(), "•"); got != 13 {
		t.Errorf("%d bullets drawn for 13 characters", got)
	}
	f.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	f.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	if got := string(f.Bytes()); got != "tide pöol x" {
		t.Errorf("after two backspaces %q", got)
	}
	f.Update(tea.KeyPressMsg{Code: 'w', Mod: tea.ModCtrl})
	f.Update(tea.KeyPressMsg{Code: 'w', Mod: tea.ModCtrl})
	if got := string(f.Bytes()); got != "tide " {
		t.Errorf("after deleting two words %q", got)
	}
	f.Update(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	if len(f.Bytes()) != 0 {
		t.Errorf("ctrl+u left %q", f.Bytes())
	}
	f.Update(tea.PasteMsg{Content: strings.Repeat("é", passMaxRunes+5)})
	if got := len([]rune(string(f.Bytes()))); got != passMaxRunes {
		t.Errorf("%d characters kept, limit %d", got, passMaxRunes)
	}
	backing := f.Bytes()[:cap(f.Bytes())]
	f.Reset()
	if !bytes.Equal(backing, make([]byte, len(backing))) || len(f.Bytes()) != 0 {
		t.Error("Reset did not overwrite the passphrase")
	}
}
