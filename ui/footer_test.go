package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// The footer cuts a screen's hints that do not fit, never the help key that leads
// to them all: at 80 columns the goal view's hints used to push "? help" off.
func TestFooterKeepsTheHelpKey(t *testing.T) {
	d := globalDriver(t)
	for _, width := range []int{80, 70} {
		d.send(tea.WindowSizeMsg{Width: width, Height: 24})
		for _, sc := range globalScreens() {
			for range 6 {
				d.keys("esc")
			}
			d.keys(sc.keys...)
			if width == 80 { // narrower, some screens cut the text looked for
				d.expect(sc.want)
			}
			footer := ansi.Strip(d.app.footerView())
			if !strings.HasSuffix(footer, "? help") && !strings.HasSuffix(footer, "f1 help") {
				t.Errorf("%s at %d columns: the footer lost its help key: %q", sc.name, width, footer)
			}
			if w := ansi.StringWidth(footer); w > width {
				t.Errorf("%s at %d columns: the footer is %d wide: %q", sc.name, width, w, footer)
			}
		}
	}
}
