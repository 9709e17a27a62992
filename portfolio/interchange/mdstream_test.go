package interchange

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

// mdFolder is a folder of n Markdown entries, two of them dated in the future
// (refused by the checks) and three repeating another's text.
func mdFolder(t *testing.T, n int) string {
	dir := t.TempDir()
	for i := range n {
		day := fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28)
		if i == 4 || i == 11 {
			day = "2099-01-01"
		}
		text := fmt.Sprintf("---\ntitle: Shift %d\ntags: [ward, night]\n---\n\n%s\n", i%(n-3), strings.Repeat("What went well, and why. ", 20))
		if err := os.WriteFile(filepath.Join(dir, day+fmt.Sprintf("-%03d.md", i)), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestMarkdownLightIsTheWholeRead: a Markdown folder imported with its entries
// held light past a bound (none, some, all) imports as ReadMarkdown and
// ImportEntries do: the same report, refusals and entries, in batches.
func TestMarkdownLightIsTheWholeRead(t *testing.T) {
	fn := portfolio.Functions(portfolio.Formative)
	folders := map[string]string{
		"fixture": copyTree(t, filepath.Join("testdata", "import", "markdown", "journal")),
		"hostile": copyTree(t, filepath.Join("testdata", "import", "markdown", "hostile")),
		"made":    mdFolder(t, 40),
	}
	for name, dir := range folders {
		for _, skip := range []bool{false, true} {
			for _, from := range []int64{0, 4 << 10, 1 << 40} {
				opt := EntryImportOptions{SkipBad: skip}
				whole, _ := testvault.New(t)
				light, _ := testvault.New(t)
				var want, got []string
				var werr, err error
				src, skipped, werr := ReadMarkdown(dir, fn, testvault.Now, MarkdownOptions{SkipBad: skip})
				if werr == nil {
					rep, ierr := ImportEntries(whole, src, opt)
					if werr = ierr; ierr == nil {
						// As the command line reports it.
						rep.Skipped = append(skipped, rep.Skipped...)
						want = rep.Lines()
					}
				}
				rep, err := importMarkdown(light, dir, fn, testvault.Now, opt, from, batching{size: 2 << 10})
				if err == nil {
					got = rep.Lines()
				}
				if (err == nil) != (werr == nil) || (err != nil && err.Error() != werr.Error()) || !slices.Equal(got, want) {
					t.Fatalf("%s (skip %v, light from %d): %q, %v; read whole %q, %v", name, skip, from, got, err, want, werr)
				}
				sameEntries(t, imported(whole), imported(light))
				if err == nil {
					again, err := importMarkdown(light, dir, fn, testvault.Now, opt, from, batching{})
					if err != nil || again.Changed() != 0 {
						t.Fatalf("%s: a second import: %v %v", name, err, again.Lines())
					}
				}
			}
		}
	}
}

// TestMarkdownLightRefusesAFileChangedWhileImported: a file changed between its
// reading and its batch stops the import, and what the batches wrote is taken out.
func TestMarkdownLightRefusesAFileChangedWhileImported(t *testing.T) {
	dir := mdFolder(t, 60)
	p, _ := testvault.New(t)
	_, err := importMarkdown(p, dir, portfolio.Functions(portfolio.Formative), testvault.Now, EntryImportOptions{SkipBad: true}, 0, batching{size: 2 << 10, after: func(n int) error {
		if n == 2 {
			files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
			for _, f := range files {
				data, _ := os.ReadFile(f)
				os.WriteFile(f, []byte(strings.ReplaceAll(string(data), "well", "WELL")), 0o600)
			}
		}
		return nil
	}})
	if !errors.Is(err, ErrChanged) {
		t.Fatalf("import of files changed under it: %v; want ErrChanged", err)
	}
	if p.EntryCount() != 0 {
		t.Fatalf("the vault holds %d entries after a refused import", p.EntryCount())
	}
}

// TestMarkdownLightHoldsLittleOfTheText imports a folder of Markdown files whose
// text is 8 MiB in batches of 1 MiB, held light from the first byte: after every
// batch the live heap (collected: counts, not timing) has grown by less than a
// third of the text, where held whole it grows by more than the text.
func TestMarkdownLightHoldsLittleOfTheText(t *testing.T) {
	const n, body = 1000, 8 << 10
	dir := t.TempDir()
	for i := range n {
		text := fmt.Sprintf("# Case %d\n\n%s\n", i, strings.Repeat(fmt.Sprintf("Notes on case %d.\n", i), body/16)[:body])
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("2025-01-%02d-%04d.md", 1+i%28, i)), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	live := func() int64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return int64(ms.HeapAlloc)
	}
	grew := func(from int64) int64 {
		p, _ := testvault.New(t)
		live()
		base := live()
		worst := int64(-1 << 62)
		rep, err := importMarkdown(p, dir, portfolio.Functions(portfolio.Formative), testvault.Now, EntryImportOptions{}, from, batching{size: 1 << 20, after: func(int) error {
			worst = max(worst, live()-base)
			return nil
		}})
		if err != nil || rep.Counts["entries"].Added != n {
			t.Fatalf("import: %v, %v", err, rep)
		}
		return worst
	}
	const text = n * body
	light, whole := grew(0), grew(1<<40)
	t.Logf("the live heap grew by at most %d KiB light, %d KiB whole, for %d KiB of text", light>>10, whole>>10, text>>10)
	if light > text/3 || whole < text {
		t.Fatalf("the live heap grew by %d KiB light and %d KiB whole, for %d KiB of text", light>>10, whole>>10, text>>10)
	}
}
