package portfolio

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/foliohq/folio/portfolio/internal/catalogue"

	"github.com/foliohq/folio/storage"
)

// textQueries are searches the persisted index should answer without reading
// every body: rare words whole and in part, two words, with filters and limits,
// a tag, and words nothing holds.
func textQueries() []Query {
	return []Query{
		{Text: "warfarin"}, {Text: "apix"}, {Text: "XABAN"}, {Text: "lithium clozapine"},
		{Text: "methotrexate", Functions: Functions(Formative)}, {Text: "warfarin", Limit: 1},
		{Text: "#audit"}, {Text: "zzqqy"}, {Text: "warfarin zzqqy"}, {Text: "lithium", Tag: "audit"},
	}
}

// requireTextSame checks every text query against a full scan of the model, and
// that they were answered without reading every body.
func requireTextSame(t *testing.T, p *Portfolio, model map[ID]*Entry, when string) {
	t.Helper()
	list := make([]*indexed, 0, len(model))
	for _, e := range model {
		c := *e
		list = append(list, newIndexed(&c))
	}
	slices.SortFunc(list, newestFirst)
	for _, q := range textQueries() {
		var got, want []Entry
		for _, e := range p.Find(q) {
			got = append(got, *e)
		}
		for _, e := range findIn(list, q) {
			want = append(want, *e)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: Find(%+v) gave %d entries, a full scan of the model %d", when, q, len(got), len(want))
		}
	}
	if p.bodies && len(model) > 0 {
		t.Fatalf("%s: the text searches read every body", when)
	}
}

func rebuildIndex(t *testing.T, p *Portfolio) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.buildIndex(); err != nil {
		t.Fatal(err)
	}
	if len(p.es.Idx.Load().Recent) != 0 {
		t.Fatal("a rebuilt index has recent entries")
	}
}

// TestTextIndexAgreesWithScan runs random adds, edits and deletes; after each
// round the vault is reopened and every text query answered from the persisted
// index (its postings, once rebuilt, and the recent list) equals a full scan.
// Between rounds the index is rebuilt, deleted or damaged, and a writable open or
// search rebuilds it.
func TestTextIndexAgreesWithScan(t *testing.T) {
	for seed := range uint64(3) {
		rng := rand.New(rand.NewPCG(seed, 11))
		p, c := newTestPortfolio(t)
		gen := newCorpusGen(seed + 20)
		model := map[ID]*Entry{}
		var ids []ID
		for round := range 6 {
			for range 40 {
				switch op := rng.IntN(10); {
				case op < 5 || len(ids) == 0:
					e := gen.entry()
					if rng.IntN(4) == 0 {
						e.Body += " " + rareWords[rng.IntN(5)]
					}
					saved := mustAddEntry(t, p, e)
					model[saved.ID] = saved
					ids = append(ids, saved.ID)
				case op < 8:
					id := ids[rng.IntN(len(ids))]
					e := *model[id]
					// Words leave as well as arrive.
					e.Body = gen.entry().Body + " " + rareWords[rng.IntN(5)]
					e.Tags = []string{"audit"}
					saved, err := p.UpdateEntry(e)
					if err != nil {
						t.Fatal(err)
					}
					model[id] = saved
				default:
					i := rng.IntN(len(ids))
					if err := p.DeleteEntry(ids[i]); err != nil {
						t.Fatal(err)
					}
					delete(model, ids[i])
					ids = slices.Delete(ids, i, i+1)
				}
				c.advance(1e9)
			}
			p = reopen(t, p, c)
			requireTextSame(t, p, model, "from the index")
			switch round % 3 {
			case 0:
				rebuildIndex(t, p)
				p = reopen(t, p, c)
				requireTextSame(t, p, model, "from a rebuilt index")
			case 1:
				// Deleted: the writable open notices records missing and rebuilds.
				err := p.vault.Update(func(tx *storage.Tx) error {
					for b := range catalogue.IndexBuckets {
						if err := tx.Delete(catalogue.CollIndex, catalogue.BucketID(b)); err != nil {
							return err
						}
					}
					return tx.Delete(catalogue.CollIndex, catalogue.LexiconID)
				})
				if err != nil {
					t.Fatal(err)
				}
				p = reopen(t, p, c)
				if idx := p.es.Idx.Load(); idx == nil || len(idx.Recent) != 0 {
					t.Fatal("the open did not rebuild a deleted index")
				}
				requireTextSame(t, p, model, "after the index was deleted")
			case 2:
				// Damaged: every bucket and the lexicon replaced by values that are
				// not index records; a read-only open scans, a writable one rebuilds
				// at its first search.
				err := p.vault.Update(func(tx *storage.Tx) error {
					for b := range catalogue.IndexBuckets {
						if p.es.Idx.Load().Has(b) {
							if err := tx.Put(catalogue.CollIndex, catalogue.BucketID(b), []byte{catalogue.IndexVersion, 0xff}); err != nil {
								return err
							}
						}
					}
					return tx.Put(catalogue.CollIndex, catalogue.LexiconID, []byte("not a lexicon"))
				})
				if err != nil {
					t.Fatal(err)
				}
				path := p.Path()
				p.Close()
				opts := testOptions(c)
				opts.ReadOnly = true
				ro, err := Open(path, testPassphrase, opts)
				if err != nil {
					t.Fatal(err)
				}
				for _, q := range textQueries() {
					ro.Find(q)
				}
				if !ro.bodies {
					t.Fatal("a read-only open searched a damaged index without reading the bodies")
				}
				ro.Close()
				p = reopen(t, p, c)
				p.Find(Query{Text: "warfarin"})
				if p.es.IdxBroken.Load() || p.bodies {
					t.Fatal("a writable search did not rebuild the damaged index")
				}
				requireTextSame(t, p, model, "after the index was damaged")
			}
			if rep, err := p.Check(); err != nil || !rep.OK() {
				t.Fatalf("round %d: check: %+v, %v", round, rep, err)
			}
		}
	}
}

// TestCheckComparesTextIndex: check reports an index that leaves out an entry's
// word, and passes one that lists it (or lists the entry as recent).
func TestCheckComparesTextIndex(t *testing.T) {
	p, c := newTestPortfolio(t)
	e := mustAddEntry(t, p, Entry{Title: "one", Body: "warfarin review", Functions: Functions(Normative)})
	rebuildIndex(t, p)
	changed := *e
	changed.Body = "apixaban review"
	if _, err := p.UpdateEntry(changed); err != nil {
		t.Fatal(err)
	}
	p = reopen(t, p, c)
	p.mu.Lock()
	defer p.mu.Unlock()
	if problems := p.es.CheckIndex(p.wholeEntries(p.byDate)); len(problems) != 0 {
		t.Fatalf("a sound index: %v", problems)
	}
	// Forget that the entry changed since the build: its new word is not listed.
	p.es.Idx.Store(&catalogue.IndexState{Buckets: p.es.Idx.Load().Buckets, Recent: map[storage.ID]bool{}})
	if problems := p.es.CheckIndex(p.wholeEntries(p.byDate)); len(problems) != 1 {
		t.Fatalf("an index missing a word: %v", problems)
	}
}

// TestMainVaultUpgradesInPlace: a vault as folio wrote it before the generation
// record and the text index (a catalogue, nothing else) opens read-only without a
// change to the file, and a writable open upgrades it in one transaction: the next
// open trusts the catalogue and searches from the index.
func TestMainVaultUpgradesInPlace(t *testing.T) {
	p, c := newTestPortfolio(t)
	_, model := addModelled(t, p, newCorpusGen(4).entries(120))
	err := p.vault.Update(func(tx *storage.Tx) error {
		for b := range catalogue.IndexBuckets {
			if err := tx.Delete(catalogue.CollIndex, catalogue.BucketID(b)); err != nil {
				return err
			}
		}
		if err := tx.Delete(catalogue.CollIndex, catalogue.LexiconID); err != nil {
			return err
		}
		return tx.Delete(catalogue.Coll, catalogue.GenID)
	})
	if err != nil {
		t.Fatal(err)
	}
	path := p.Path()
	p.Close()
	readOnlyLeavesFile(t, path, c, model, "read-only, before the upgrade", func(ro *Portfolio) {
		if ro.es.Idx.Load() != nil || !ro.es.CatStamps {
			t.Fatal("a vault without a generation record was trusted")
		}
	})
	p, err = Open(path, testPassphrase, testOptions(c))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	if idx := p.es.Idx.Load(); idx == nil || len(idx.Recent) != 0 {
		t.Fatal("the writable open did not build the text index")
	}
	p = reopen(t, p, c)
	if p.es.CatStamps {
		t.Fatal("the upgrade left the generation behind")
	}
	requireTextSame(t, p, model, "after the upgrade")
	requireSame(t, p, model, "after the upgrade")
}
