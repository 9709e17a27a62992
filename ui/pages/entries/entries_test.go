package entries

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/common"
)

// While the list's first answer is on its way (a first search of a large vault
// reads every body, seconds at 100k entries), the list says it is searching, not
// that nothing matches; once the answer comes it shows it, or says nothing matches.
func TestEntriesSaySearchingUntilTheFirstAnswer(t *testing.T) {
	p, err := portfolio.Create(filepath.Join(t.TempDir(), "v.folio"), []byte("a passphrase for the test"),
		portfolio.Options{KDF: portfolio.KDFParams{Time: 1, MemoryKiB: 8, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	fns, _ := portfolio.ParseFunctions([]string{"formative"})
	if _, err := p.AddEntry(portfolio.Entry{Title: "Inhaler technique", Functions: fns, Date: p.Today()}); err != nil {
		t.Fatal(err)
	}
	ctx := common.NewContext(common.Options{Now: time.Now})
	ctx.Portfolio = p
	ctx.Width, ctx.Height = 80, 24
	en := NewEntries(ctx, true)
	cmd := en.Init()
	view := ansi.Strip(en.View())
	if !strings.Contains(view, "Searching…") || strings.Contains(view, "No entries") || strings.Contains(view, "Nothing matches") {
		t.Fatalf("before the first answer the list shows:\n%s", view)
	}
	en.Update(cmd())
	if view := ansi.Strip(en.View()); !strings.Contains(view, "Inhaler technique") || strings.Contains(view, "Searching") {
		t.Fatalf("after the answer the list shows:\n%s", view)
	}
	en.SearchInput.SetValue("warfarin")
	en.Update(en.query()())
	if view := ansi.Strip(en.View()); !strings.Contains(view, "Nothing matches") {
		t.Fatalf("a search that matches nothing shows:\n%s", view)
	}
}
