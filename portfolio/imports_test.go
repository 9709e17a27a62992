package portfolio

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/foliohq/folio"

// moduleImports lists, for every Go file under dir (tests included), what it imports.
func moduleImports(t *testing.T, dir string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != dir {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			out[path] = append(out[path], p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestImportGraph keeps the dependencies pointing one way: nothing under portfolio/
// knows of terminals or of the interfaces, and only portfolio's packages read
// templates.
func TestImportGraph(t *testing.T) {
	for file, imports := range moduleImports(t, ".") {
		for _, p := range imports {
			if p == module+"/ui" || strings.HasPrefix(p, module+"/ui/") ||
				strings.Contains(p, "bubbletea") || strings.Contains(p, "lipgloss") || strings.HasPrefix(p, "charm.land/") {
				t.Errorf("portfolio/%s imports %s", file, p)
			}
		}
	}
	for file, imports := range moduleImports(t, "..") {
		rel := filepath.ToSlash(file)
		if strings.HasPrefix(rel, "../portfolio/") || strings.HasPrefix(rel, "../templates/") {
			continue
		}
		for _, p := range imports {
			if p == module+"/templates" {
				t.Errorf("%s imports templates; only portfolio's packages may", strings.TrimPrefix(rel, "../"))
			}
		}
	}
}

// TestCoreImportsOnlyLeaves keeps the core small and the split acyclic: the core's
// own files import only the leaf packages beneath it (which import nothing of
// folio's, but record, which holds record types and imports only the leaves of its
// codec and dates and the embedded data; validate, the rules on those types;
// attachment/manifest, an attachment's manifest over the vault's names for hashes;
// internal/catalogue, the entries' catalogue and text index over the vault and
// the record types; internal/entryindex, the entries in memory, their order
// and the listings over them, which builds on the catalogue; and
// internal/entrystore, the storage glue between them, under the core's lock;
// internal/kinds, the table of kinds' machinery over the record types and
// their rules; internal/journal, an unfinished import's journal over the vault),
// and
// every other package under portfolio/ imports the core, never the reverse.
func TestCoreImportsOnlyLeaves(t *testing.T) {
	leaves := []string{"calendar", "codec", "search", "media", "identify", "inert"}
	core := []string{"calendar", "codec", "search", "media", "record", "validate", "attachment/manifest", "internal/catalogue", "internal/entryindex", "internal/entrystore", "internal/kinds", "internal/journal"}
	recordMay := []string{module + "/portfolio/calendar", module + "/portfolio/codec", module + "/templates"}
	validateMay := []string{module + "/portfolio/calendar", module + "/portfolio/record", module + "/templates"}
	manifestMay := []string{module + "/portfolio/codec", module + "/portfolio/record", module + "/storage"}
	catalogueMay := []string{module + "/portfolio/calendar", module + "/portfolio/codec", module + "/portfolio/record", module + "/portfolio/search", module + "/storage"}
	entryindexMay := append(slices.Clone(catalogueMay), module+"/portfolio/internal/catalogue")
	entrystoreMay := append(slices.Clone(entryindexMay), module+"/portfolio/internal/entryindex")
	kindsMay := []string{module + "/portfolio/record", module + "/portfolio/validate", module + "/storage"}
	journalMay := []string{module + "/storage"}
	for file, imports := range moduleImports(t, ".") {
		dir := filepath.Dir(filepath.ToSlash(file))
		for _, p := range imports {
			sub, ok := strings.CutPrefix(p, module+"/portfolio/")
			switch {
			case dir == "." && ok && !slices.Contains(core, sub) && strings.HasSuffix(file, ".go") && !strings.HasSuffix(file, "_test.go"):
				t.Errorf("the core's %s imports %s; only %v may be imported by the core", file, p, core)
			case slices.Contains(leaves, dir) && strings.HasPrefix(p, module+"/") && !strings.HasSuffix(file, "_test.go"):
				t.Errorf("leaf package portfolio/%s (%s) imports %s", dir, file, p)
			case dir == "record" && strings.HasPrefix(p, module+"/") && !slices.Contains(recordMay, p) && !strings.HasSuffix(file, "_test.go"):
				t.Errorf("portfolio/record (%s) imports %s; it may import only %v", file, p, recordMay)
			case dir == "validate" && strings.HasPrefix(p, module+"/") && !slices.Contains(validateMay, p) && !strings.HasSuffix(file, "_test.go"):
				t.Errorf("portfolio/validate (%s) imports %s; it may import only %v", file, p, validateMay)
			case dir == "attachment/manifest" && strings.HasPrefix(p, module+"/") && !slices.Contains(manifestMay, p) && !strings.HasSuffix(file, "_test.go"):
				t.Errorf("portfolio/attachment/manifest (%s) imports %s; it may import only %v", file, p, manifestMay)
			case dir == "internal/catalogue" && strings.HasPrefix(p, module+"/") && !slices.Contains(catalogueMay, p) && !strings.HasSuffix(file, "_test.go"):
				t.Errorf("portfolio/internal/catalogue (%s) imports %s; it may import only %v", file, p, catalogueMay)
			case dir == "internal/entryindex" && strings.HasPrefix(p, module+"/") && !slices.Contains(entryindexMay, p) && !strings.HasSuffix(file, "_test.go"):
				t.Errorf("portfolio/internal/entryindex (%s) imports %s; it may import only %v", file, p, entryindexMay)
			case dir == "internal/entrystore" && strings.HasPrefix(p, module+"/") && !slices.Contains(entrystoreMay, p) && !strings.HasSuffix(file, "_test.go"):
				t.Errorf("portfolio/internal/entrystore (%s) imports %s; it may import only %v", file, p, entrystoreMay)
			case dir == "internal/kinds" && strings.HasPrefix(p, module+"/") && !slices.Contains(kindsMay, p) && !strings.HasSuffix(file, "_test.go"):
				t.Errorf("portfolio/internal/kinds (%s) imports %s; it may import only %v", file, p, kindsMay)
			case dir == "internal/journal" && strings.HasPrefix(p, module+"/") && !slices.Contains(journalMay, p) && !strings.HasSuffix(file, "_test.go"):
				t.Errorf("portfolio/internal/journal (%s) imports %s; it may import only %v", file, p, journalMay)
			}
		}
	}
}
