package portfolio

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/foliohq/folio/portfolio/internal/catalogue"

	"github.com/foliohq/folio/storage"
)

// TestCanaryNeverOnDisk writes a canary into every text field of an entry, a goal and
// an action, and checks that neither the vault file nor a backup of it holds the
// canary or a collection name in plain text.
func TestCanaryNeverOnDisk(t *testing.T) {
	const canary = "Canary7f3aQuokka"
	p, c := newTestPortfolio(t)
	g := mustAddGoal(t, p, Goal{Title: "goal " + canary, Why: canary, Review: canary})
	a := mustAddAction(t, p, Action{GoalID: g.ID, What: "action " + canary})
	e := mustAddEntry(t, p, Entry{
		Title:     "title " + canary,
		Body:      "body " + canary,
		Tags:      []string{"tag" + canary},
		Functions: Functions(Restorative),
		Template:  canary,
		Sections:  []Section{{Heading: canary, Body: canary}},
		GoalIDs:   []ID{g.ID},
		ActionIDs: []ID{a.ID},
	})
	key := newRecipient(t)
	if _, err := addContact(p, Contact{Name: "contact " + canary, Recipient: key}); err != nil {
		t.Fatal(err)
	}
	// Edit and delete too, so freed pages that held older versions are in the file.
	edit := *e
	edit.Body += " edited"
	if _, err := p.UpdateEntry(edit); err != nil {
		t.Fatal(err)
	}
	gone := mustAddEntry(t, p, Entry{Title: canary, Body: canary, Functions: Functions(Normative)})
	if err := p.DeleteEntry(gone.ID); err != nil {
		t.Fatal(err)
	}
	// The catalogue holds the title and tags too: check its chunks are written.
	p.mu.RLock()
	rows, problems := p.es.CatalogueRows()
	p.mu.RUnlock()
	if _, ok := rows[mustStorageID(t, e.ID)]; !ok || len(problems) > 0 {
		t.Fatalf("the entry has no catalogue row in a chunk the directory names: %v", problems)
	}
	if _, err := p.vault.Get(catalogue.Coll, catalogue.DirID); err != nil {
		t.Fatalf("the catalogue's directory is not written: %v", err)
	}
	// And the text index: rebuilt, its lexicon holds the canary folded.
	rebuildIndex(t, p)
	if lex, err := p.vault.Get(catalogue.CollIndex, catalogue.LexiconID); err != nil || !bytes.Contains(lex, []byte("canary7f3aquokka")) {
		t.Fatalf("the text index's lexicon does not hold the canary: %v", err)
	}
	backup := filepath.Join(t.TempDir(), "backup.folio")
	if err := p.Backup(backup, false); err != nil {
		t.Fatal(err)
	}
	path := p.Path()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}

	for _, file := range []string{path, backup} {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if len(raw) < 4096 {
			t.Fatalf("%s is only %d bytes", filepath.Base(file), len(raw))
		}
		for _, secret := range []string{canary, "Quokka", "entries", "goals", "actions", "catalogue", "search", "contacts", key, string(e.ID), "restorative"} {
			if bytes.Contains(bytes.ToLower(raw), bytes.ToLower([]byte(secret))) {
				t.Errorf("%s contains %q in plain text", filepath.Base(file), secret)
			}
		}
	}

	// The backup is a vault that opens with the same passphrase and holds the entry.
	b, err := Open(backup, testPassphrase, testOptions(c))
	if err != nil {
		t.Fatalf("opening the backup: %v", err)
	}
	defer b.Close()
	if got, ok := b.Entry(e.ID); !ok || got.Body != "body "+canary+" edited" {
		t.Errorf("backup entry: %+v, %v", got, ok)
	}
}

func mustStorageID(t *testing.T, id ID) storage.ID {
	t.Helper()
	sid, err := storage.ParseID(string(id))
	if err != nil {
		t.Fatal(err)
	}
	return sid
}
