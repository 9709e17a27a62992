package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/foliohq/folio/ui/cli/clienv"
)

// The manual page in docs/ is generated from the commands; this fails when a command
// or flag changed and the page was not regenerated (go test ./ui/cli -run ManPage -update).
func TestManPageInDocsIsCurrent(t *testing.T) {
	got, err := manPage(newRoot(&clienv.Session{}))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "..", "docs", "folio.1")
	if *updateGolden {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui/cli -run ManPage -update to create it)", err)
	}
	// The heading carries the day the page was made.
	if withoutHeading(got) != withoutHeading(string(want)) {
		t.Errorf("docs/folio.1 is stale: run go test ./ui/cli -run ManPage -update")
	}
	for _, must := range []string{"EXIT STATUS", "passphrase-file", "revalidation", "--kdf-memory"} {
		if !strings.Contains(got, must) {
			t.Errorf("the manual page does not mention %q", must)
		}
	}
	// A one-letter flag is written as the command takes it: -y, not --y.
	if !strings.Contains(got, `\fB-y --yes\fP`) || strings.Contains(got, `\fB--y `) {
		t.Errorf("the manual page does not write rm's -y as -y")
	}
}

func withoutHeading(page string) string {
	var keep []string
	for _, l := range strings.Split(page, "\n") {
		if !strings.HasPrefix(l, ".TH ") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}
