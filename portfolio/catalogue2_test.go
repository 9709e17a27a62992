package portfolio

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio/internal/catalogue"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/storage"
)

// diskRows reads the catalogue as a listing does, from the directory on disk and
// the chunks it names, checking each; it fails the test on any disagreement.
func diskRows(t *testing.T, p *Portfolio) []catalogue.KeyedRow {
	t.Helper()
	plain, err := p.vault.Get(catalogue.Coll, catalogue.DirID)
	if err != nil {
		t.Fatalf("no directory: %v", err)
	}
	dir, err := catalogue.DecodeDir(plain)
	if err != nil {
		t.Fatal(err)
	}
	read, _, err := catalogue.FetchChunks(p.vault, &catalogue.State{Chunks: map[storage.ID][]catalogue.KeyedRow{}}, dir, indexes(len(dir)))
	if err != nil {
		t.Fatal(err)
	}
	n, _, err := p.vault.Count(catalogue.Coll)
	if err != nil || n != uint64(len(dir)+2) {
		t.Fatalf("the catalogue holds %d records for %d chunks: %v", n, len(dir), err)
	}
	var out []catalogue.KeyedRow
	for _, dc := range dir {
		if dc.Rows > catalogue.ChunkMaxRows || (len(dir) > 1 && dc.Rows < catalogue.ChunkMinRows/4) {
			t.Fatalf("a chunk of %d rows", dc.Rows)
		}
		out = append(out, read[dc.ID]...)
	}
	return out
}

// modelOrder is the model's entries in the lists' order.
func modelOrder(model map[ID]*Entry) []*Entry {
	list := make([]*indexed, 0, len(model))
	for _, e := range model {
		list = append(list, metaIndexed(e))
	}
	slices.SortFunc(list, newestFirst)
	return entriesOf(list)
}

// requireRowsMatch compares the rows on disk, in order, with the model.
func requireRowsMatch(t *testing.T, p *Portfolio, model map[ID]*Entry, when string) {
	t.Helper()
	rows := diskRows(t, p)
	want := modelOrder(model)
	if len(rows) != len(want) {
		t.Fatalf("%s: %d rows on disk, %d entries", when, len(rows), len(want))
	}
	for i, r := range rows {
		if ID(r.Key.ID.String()) != want[i].ID || !bytes.Equal(r.Row.Meta, encodeEntry(catalogue.MetaOf(want[i]))) {
			t.Fatalf("%s: row %d is %s, want %s", when, i, r.Key.ID, want[i].ID)
		}
	}
}

// windowQueries are what a listing asks of the newest chunks.
func windowQueries(model map[ID]*Entry) []Query {
	qs := []Query{{Limit: 1}, {Limit: 10}, {Limit: 600}, {}, {Tag: "audit", Limit: 5},
		{Text: benchRareWord}, {Text: benchRareWord, Limit: 2}, {Text: benchRareWord, Since: calendar.MakeDate(2026, 2, 2)}}
	for _, d := range []calendar.Date{calendar.MakeDate(2026, 2, 1), calendar.MakeDate(2026, 2, 3)} {
		qs = append(qs, Query{Since: d}, Query{Until: d, Limit: 7}, Query{Since: d, Until: d})
	}
	// Filters that list many entries (list --tag, --function), whose chunks are
	// matched several at once: tags drawn from the model, in another case too.
	var tags []string
	for _, e := range model {
		tags = append(tags, e.Tags...)
	}
	slices.Sort(tags)
	tags = slices.Compact(tags)
	rng := rand.New(rand.NewPCG(uint64(len(model)), 3))
	for range min(4, len(tags)) {
		tag := tags[rng.IntN(len(tags))]
		qs = append(qs, Query{Tag: tag}, Query{Tag: strings.ToUpper(tag), Since: calendar.MakeDate(2026, 2, 2)},
			Query{Tag: tag, Until: calendar.MakeDate(2026, 2, 2), Limit: 3})
	}
	fns, _ := ParseFunctions([]string{"formative"})
	return append(qs, Query{Tag: "audit"}, Query{Functions: fns}, Query{Functions: fns, Tag: "audit", Since: calendar.MakeDate(2026, 2, 2)})
}

// requireWindowSame reopens the vault and compares each listing, answered from the
// newest chunks without reading every row, with a full scan of the model.
func requireWindowSame(t *testing.T, p *Portfolio, c *clock, model map[ID]*Entry, when string) *Portfolio {
	t.Helper()
	p = reopen(t, p, c)
	if p.mu.RowsRead() {
		// The open rebuilt the text index, which reads every entry.
		p = reopen(t, p, c)
	}
	if p.es.CatStamps || p.mu.RowsRead() {
		t.Fatalf("%s: the reopened vault compared the stamps or read every row", when)
	}
	if got := p.EntryCount(); got != len(model) {
		t.Fatalf("%s: %d entries counted, %d in the model", when, got, len(model))
	}
	all := modelOrder(model)
	ixs := make([]*indexed, len(all))
	for i, e := range all {
		ixs[i] = newIndexed(e)
	}
	for _, q := range windowQueries(model) {
		got := p.Find(q)
		want := findIn(ixs, q)
		if len(got) != len(want) {
			t.Fatalf("%s: Find(%+v) gave %d entries, a full scan %d", when, q, len(got), len(want))
		}
		for i := range got {
			// What a listing prints of each, and the body.
			g, w := got[i], want[i]
			if g.ID != w.ID || g.Body != w.Body || g.Title != w.Title || g.Date != w.Date ||
				g.Functions != w.Functions || !slices.Equal(g.Tags, w.Tags) {
				t.Fatalf("%s: Find(%+v)[%d] is %s, a full scan %s", when, q, i, got[i].ID, want[i].ID)
			}
		}
	}
	requireNamedBySeek(t, p, model, when)
	if p.mu.RowsRead() || p.es.CatSuspect.Load() {
		t.Fatalf("%s: the listings, Resolve, Entry, an edit, a deletion, an attachment or the settings read every row (suspect: %v)", when, p.es.CatSuspect.Load())
	}
	return p
}

// requireNamedBySeek names entries by prefixes of their IDs and reads them by ID,
// as show does, and compares both with the model: the IDs are found by a descent
// to their range of keys, and the entry by a seek, with the rows left unread.
func requireNamedBySeek(t *testing.T, p *Portfolio, model map[ID]*Entry, when string) {
	t.Helper()
	all := modelOrder(model)
	prefixes := []string{"0000", "zzzz", "uuuu", "00000000000000000"}
	for i, e := range all[:min(len(all), 40)] {
		id := string(e.ID)
		prefixes = append(prefixes, id[:MinPrefix], strings.ToUpper(id[:MinPrefix+i%13]))
	}
	for _, prefix := range prefixes {
		var want []ID
		for id := range model {
			if strings.HasPrefix(string(id), strings.ToLower(prefix)) {
				want = append(want, id)
			}
		}
		got, kind, err := p.Resolve(prefix, "")
		switch {
		case len(want) == 0 && !errors.Is(err, ErrNotFound):
			t.Fatalf("%s: Resolve(%q) = %s, %v; no entry starts so", when, prefix, got, err)
		case len(want) == 1 && (err != nil || got != want[0] || kind != KindEntry):
			t.Fatalf("%s: Resolve(%q) = %s %s, %v; want %s", when, prefix, kind, got, err, want[0])
		case len(want) > 1 && (!errors.Is(err, ErrAmbiguousID) || !strings.Contains(err.Error(), fmt.Sprintf("%d records", len(want)))):
			t.Fatalf("%s: Resolve(%q) = %s, %v; %d entries start so", when, prefix, got, err, len(want))
		}
	}
	for _, w := range all[:min(len(all), 40)] {
		e, ok := p.Entry(w.ID)
		if !ok || e.ID != w.ID || e.Title != w.Title || e.Body != w.Body || e.Date != w.Date || !slices.Equal(e.Tags, w.Tags) {
			t.Fatalf("%s: Entry(%s) = %v, %v; want the model's", when, w.ID, e, ok)
		}
	}
	if e, ok := p.Entry(ID(storage.NewID().String())); ok || e != nil {
		t.Fatalf("%s: Entry of an ID not there = %v, %v", when, e, ok)
	}
	for _, w := range all[:min(len(all), 40)] {
		if k, ok := p.LiveKind(w.ID); !ok || k != KindEntry {
			t.Fatalf("%s: LiveKind(%s) = %q, %v; it is an entry", when, w.ID, k, ok)
		}
	}
	if k, ok := p.LiveKind(ID(storage.NewID().String())); ok {
		t.Fatalf("%s: LiveKind of an ID not there = %q", when, k)
	}
	// Attaching a file stages its bytes and asks only whether its record is live.
	staged, err := p.StageBlob(strings.NewReader("a certificate"))
	if err != nil {
		t.Fatalf("%s: staging a file with the rows unread: %v", when, err)
	}
	staged.Discard()
	for _, c := range []struct {
		id   ID
		live bool
	}{{all[0].ID, true}, {ID(storage.NewID().String()), false}} {
		err := p.UpdateIfLive(c.id, func(kind Kind, live bool, stx *storage.Tx) error {
			if live != c.live || (live && kind != KindEntry) || stx == nil {
				t.Fatalf("%s: UpdateIfLive(%s) gave %q, live %v", when, c.id, kind, live)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// The settings and the other kinds' records are kept in memory from the open:
	// reading them (goal list, due, mentor list, settings) needs no entry's row.
	_ = p.Settings()
	_ = ListOf[Goal](p)
	if _, ok := Lookup[Relationship](p, ID(storage.NewID().String())); ok {
		t.Fatalf("%s: a relationship not there is found", when)
	}
	// An edit that moves an entry to another day takes its old row out of the
	// chunk its old key falls in, without reading every row.
	if len(all) > 0 {
		e := *all[len(all)/2]
		e.Title += " edited unread"
		e.Date--
		saved, err := p.UpdateEntry(e)
		if err != nil {
			t.Fatalf("%s: an edit with the rows unread: %v", when, err)
		}
		if saved.Created != all[len(all)/2].Created || saved.Source != all[len(all)/2].Source {
			t.Fatalf("%s: the edit changed when or where from the entry was written", when)
		}
		model[e.ID] = saved
		requireRowsMatch(t, p, model, when+", an edit with the rows unread")
		if _, err := p.UpdateEntry(Entry{ID: ID(storage.NewID().String()), Title: "x", Functions: e.Functions, Date: e.Date}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("%s: an edit of an entry not there: %v", when, err)
		}
	}
	// So does a deletion (of an entry added for it, which the caller's steps do
	// not know).
	if len(all) > 1 {
		added, err := p.AddEntry(Entry{Title: "to delete", Functions: all[0].Functions, Date: all[len(all)/3].Date})
		if err != nil {
			t.Fatal(err)
		}
		model[added.ID] = added
		requireRowsMatch(t, p, model, when+", an entry added with the rows unread")
		gone := added.ID
		if err := p.DeleteEntry(gone); err != nil {
			t.Fatalf("%s: a deletion with the rows unread: %v", when, err)
		}
		delete(model, gone)
		requireRowsMatch(t, p, model, when+", a deletion with the rows unread")
		if err := p.DeleteEntry(gone); !errors.Is(err, ErrNotFound) {
			t.Fatalf("%s: deleting an entry twice: %v", when, err)
		}
	}
}

// TestCatalogueOrderAgreesWithScan runs random adds, edits (of dates too) and
// deletes, most on a few days and many at the same instant, so the creation time
// and the ID decide the order. After every step the rows on disk, in the
// directory's order, are the model's entries in the lists' order; every few steps
// a reopened vault answers listings, date ranges and counts from the newest
// chunks as a full scan does. Enough entries are added and deleted for chunks to
// split and merge.
func TestCatalogueOrderAgreesWithScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	p, c := newTestPortfolio(t)
	gen := newCorpusGen(21)
	days := []calendar.Date{calendar.MakeDate(2026, 2, 1), calendar.MakeDate(2026, 2, 2), calendar.MakeDate(2026, 2, 3), calendar.MakeDate(2025, 12, 31)}
	model := map[ID]*Entry{}
	var ids []ID
	splits, merges := 0, 0
	count := func(before int) {
		if after := len(p.es.Catalogue().Dir); after > before {
			splits++
		} else if after < before {
			merges++
		}
	}
	fill := func(n int) {
		defer count(len(p.es.Catalogue().Dir))
		batch := gen.entries(n)
		for i := range batch {
			batch[i].Date = days[rng.IntN(len(days))]
		}
		saved, err := p.AddEntries(batch)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range saved {
			model[e.ID], ids = e, append(ids, e.ID)
		}
	}
	fill(1300)
	requireRowsMatch(t, p, model, "after the first batch")
	if n := len(p.es.Catalogue().Dir); n < 4 {
		t.Fatalf("1300 rows in %d chunks", n)
	}
	for step := range 100 {
		before := len(p.es.Catalogue().Dir)
		switch op := rng.IntN(10); {
		case op < 4 || len(ids) == 0:
			e := gen.entry()
			e.Date = days[rng.IntN(len(days))]
			saved := mustAddEntry(t, p, e)
			model[saved.ID], ids = saved, append(ids, saved.ID)
		case op < 6:
			id := ids[rng.IntN(len(ids))]
			e := *model[id]
			e.Title += " edited"
			e.Date = days[rng.IntN(len(days))]
			saved, err := p.UpdateEntry(e)
			if err != nil {
				t.Fatal(err)
			}
			model[id] = saved
		default:
			// Deletions in runs, so chunks empty and merge.
			for range 1 + rng.IntN(8) {
				if len(ids) == 0 {
					break
				}
				i := rng.IntN(len(ids))
				if err := p.DeleteEntry(ids[i]); err != nil {
					t.Fatal(err)
				}
				delete(model, ids[i])
				ids = slices.Delete(ids, i, i+1)
			}
		}
		if rng.IntN(3) == 0 {
			c.advance(1e9)
		}
		count(before)
		requireRowsMatch(t, p, model, "after a step")
		if step%20 == 19 {
			p = requireWindowSame(t, p, c, model, "after reopening")
			if step%40 == 39 {
				fill(700)
			}
		}
	}
	if splits == 0 {
		t.Errorf("the steps split no chunk; the test should see splits")
	}
	t.Logf("%d splits, %d merges", splits, merges)
	requireSame(t, p, model, "at the end")
}

// TestCatalogueChunksMerge deletes the entries of the oldest chunk until it is
// small enough to merge into its neighbour, checking the rows on disk after each.
func TestCatalogueChunksMerge(t *testing.T) {
	p, c := newTestPortfolio(t)
	batch := newCorpusGen(51).entries(600)
	for i := range batch {
		batch[i].Date = calendar.MakeDate(2026, 2, 1)
	}
	_, model := addModelled(t, p, batch)
	if n := len(p.es.Catalogue().Dir); n != 2 {
		t.Fatalf("600 rows in %d chunks, want 2", n)
	}
	order := modelOrder(model)
	for i := len(order) - 1; len(p.es.Catalogue().Dir) == 2; i-- {
		if err := p.DeleteEntry(order[i].ID); err != nil {
			t.Fatal(err)
		}
		delete(model, order[i].ID)
		requireRowsMatch(t, p, model, "deleting")
	}
	// At the latest when the small chunk falls under chunkMinRows rows; later
	// if the two together are past chunkMaxBytes.
	if got := len(model); got >= catalogue.ChunkFillRows+catalogue.ChunkMinRows {
		t.Errorf("the chunks merged at %d entries, past %d", got, catalogue.ChunkFillRows+catalogue.ChunkMinRows-1)
	}
	p = requireWindowSame(t, p, c, model, "merged")
	requireSame(t, p, model, "merged")
}

// damageCatalogue changes the catalogue's records through fn and writes the
// generation record in the same transaction, so the next open trusts the
// directory and must find the damage by reading.
func damageCatalogue(t *testing.T, p *Portfolio, fn func(v *storage.Vault, tx *storage.Tx, dir []catalogue.Chunk) error) {
	t.Helper()
	dir := p.es.Catalogue().Dir
	err := p.vault.Update(func(tx *storage.Tx) error {
		if err := fn(p.vault, tx, dir); err != nil {
			return err
		}
		return tx.Put(catalogue.Coll, catalogue.GenID, catalogue.EncodeGenRecord(catalogue.GenRecord{Gen: tx.Generation(), Idx: p.es.Idx.Load()}))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCatalogueDamageRebuilds damages the directory or a chunk in each way a
// listing can meet, with the generation current, and checks that the listing
// falls back to every record, answers as a full scan does, and that the next
// writable open finds a rebuilt catalogue it trusts.
func TestCatalogueDamageRebuilds(t *testing.T) {
	damages := map[string]func(v *storage.Vault, tx *storage.Tx, dir []catalogue.Chunk) error{
		"chunk not a chunk": func(v *storage.Vault, tx *storage.Tx, dir []catalogue.Chunk) error {
			return tx.Put(catalogue.Coll, dir[0].ID, []byte("not a chunk"))
		},
		"chunk deleted": func(v *storage.Vault, tx *storage.Tx, dir []catalogue.Chunk) error {
			return tx.Delete(catalogue.Coll, dir[0].ID)
		},
		"chunk resealed": func(v *storage.Vault, tx *storage.Tx, dir []catalogue.Chunk) error {
			rows, _, err := catalogue.FetchChunks(v, &catalogue.State{Chunks: map[storage.ID][]catalogue.KeyedRow{}}, dir, []int{0})
			if err != nil {
				return err
			}
			return tx.Put(catalogue.Coll, dir[0].ID, catalogue.EncodeChunk2(rows[dir[0].ID]))
		},
		"rows out of order": func(v *storage.Vault, tx *storage.Tx, dir []catalogue.Chunk) error {
			rows, _, err := catalogue.FetchChunks(v, &catalogue.State{Chunks: map[storage.ID][]catalogue.KeyedRow{}}, dir, []int{0})
			if err != nil {
				return err
			}
			r := slices.Clone(rows[dir[0].ID])
			r[0], r[1] = r[1], r[0]
			return tx.Put(catalogue.Coll, dir[0].ID, catalogue.EncodeChunk2(r))
		},
		"row stale": func(v *storage.Vault, tx *storage.Tx, dir []catalogue.Chunk) error {
			// A chunk that agrees with the directory but names a record that is
			// not there: the directory rewritten with the chunk's new stamp.
			rows, _, err := catalogue.FetchChunks(v, &catalogue.State{Chunks: map[storage.ID][]catalogue.KeyedRow{}}, dir, []int{0})
			if err != nil {
				return err
			}
			r := slices.Clone(rows[dir[0].ID])
			r[0].Row.Stamp[0] ^= 1
			st, err := catalogue.PutChunk(tx, dir[0].ID, r)
			if err != nil {
				return err
			}
			d := slices.Clone(dir)
			d[0].Stamp = st
			return tx.Put(catalogue.Coll, catalogue.DirID, catalogue.EncodeDir(d))
		},
		"directory damaged": func(v *storage.Vault, tx *storage.Tx, dir []catalogue.Chunk) error {
			return tx.Put(catalogue.Coll, catalogue.DirID, []byte{catalogue.FormatV2, 9})
		},
		"directory deleted": func(v *storage.Vault, tx *storage.Tx, dir []catalogue.Chunk) error {
			return tx.Delete(catalogue.Coll, catalogue.DirID)
		},
	}
	// The first read after the damage meets it: a search (a pass over every chunk,
	// then the entries the text index names) or a listing by tag (the rows whose
	// bytes hold the tag, then their entries).
	firsts := map[string]Query{"search": {Text: benchRareWord}, "tag": {Tag: "audit"}}
	for name, damage := range damages {
		for first, q := range firsts {
			if first == "tag" && strings.HasPrefix(name, "directory") {
				// Met by the open, before either read.
				continue
			}
			t.Run(name+"/"+first, func(t *testing.T) {
				p, c := newTestPortfolio(t)
				_, model := addModelled(t, p, newCorpusGen(31).entries(900))
				damageCatalogue(t, p, damage)
				p = reopen(t, p, c)
				var ixs []*indexed
				for _, e := range modelOrder(model) {
					ixs = append(ixs, newIndexed(e))
				}
				got, want := p.Find(q), findIn(ixs, q)
				if len(want) == 0 || !sameIDs(got, want) {
					t.Fatalf("%+v found %d entries, a full scan %d", q, len(got), len(want))
				}
				afterDamage(t, p, c, model)
			})
		}
	}
}

// afterDamage checks that a portfolio whose catalogue was damaged lists what a
// full scan does, and that the next writable open writes the catalogue again.
func afterDamage(t *testing.T, p *Portfolio, c *clock, model map[ID]*Entry) {
	t.Helper()
	want := modelOrder(model)
	got := p.Find(Query{Limit: 10})
	if len(got) != 10 {
		t.Fatalf("listed %d", len(got))
	}
	for i := range got {
		if got[i].ID != want[i].ID {
			t.Fatalf("listing [%d] is %s, a full scan %s", i, got[i].ID, want[i].ID)
		}
	}
	requireSame(t, p, model, "after the damage")
	p = reopen(t, p, c)
	if p.es.CatStamps {
		t.Fatal("the damaged catalogue was not written again")
	}
	requireRowsMatch(t, p, model, "rebuilt")
	requireSame(t, p, model, "rebuilt")
}

// writeFormat1 rewrites p's catalogue as catalogue format 1 did: the rows in 256
// chunks by the first byte of the entry's ID, no directory, and the generation.
func writeFormat1(t *testing.T, p *Portfolio) {
	t.Helper()
	rows := diskRows(t, p)
	chunks := map[int]map[storage.ID]catalogue.Row{}
	for _, r := range rows {
		n := catalogue.ChunkOf(r.Key.ID)
		if chunks[n] == nil {
			chunks[n] = map[storage.ID]catalogue.Row{}
		}
		chunks[n][r.Key.ID] = r.Row
	}
	ids, _, err := p.vault.Stamps(catalogue.Coll)
	if err != nil {
		t.Fatal(err)
	}
	err = p.vault.Update(func(tx *storage.Tx) error {
		for id := range ids {
			if err := tx.Delete(catalogue.Coll, id); err != nil {
				return err
			}
		}
		for n, rows := range chunks {
			if err := tx.Put(catalogue.Coll, catalogue.ChunkID(n), catalogue.EncodeChunk1(rows)); err != nil {
				return err
			}
		}
		return tx.Put(catalogue.Coll, catalogue.GenID, catalogue.EncodeGenRecord(catalogue.GenRecord{Gen: tx.Generation(), Idx: p.es.Idx.Load()}))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCatalogueUpgradesFormat1 opens a vault whose catalogue is format 1, with its
// generation current: a read-only open uses it as it is and writes nothing; a
// writable open upgrades it in one transaction, after which no format-1 chunk is
// left and the next open lists from the newest chunks.
func TestCatalogueUpgradesFormat1(t *testing.T) {
	p, c := newTestPortfolio(t)
	_, model := addModelled(t, p, newCorpusGen(41).entries(700))
	writeFormat1(t, p)
	path := p.Path()
	p.Close()
	readOnlyLeavesFile(t, path, c, model, "read-only, format 1", func(ro *Portfolio) {
		if !ro.es.CatStamps {
			t.Fatal("a format-1 catalogue was opened without comparing its stamps")
		}
	})
	p, err := Open(path, testPassphrase, testOptions(c))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	if p.es.CatRepairs == 0 || p.bodies {
		t.Fatalf("the upgrade rewrote %d records, read the bodies: %v", p.es.CatRepairs, p.bodies)
	}
	requireRowsMatch(t, p, model, "upgraded")
	p = requireWindowSame(t, p, c, model, "upgraded")
	requireSame(t, p, model, "upgraded")
}

// TestFormat1VaultFromOldFolio opens testdata/format1/vault.folio, written by
// folio's command line before catalogue format 2 (36 entries, one deleted), whose
// listing then is testdata/format1/list.txt: read-only it lists the same; a
// writable open upgrades it, and the upgraded vault lists the same from its
// chunks.
func TestFormat1VaultFromOldFolio(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "format1", "vault.folio"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	f, err := os.Open(filepath.Join("testdata", "format1", "list.txt"))
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		want = append(want, sc.Text())
	}
	f.Close()
	path := filepath.Join(t.TempDir(), "vault.folio")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	listing := func(p *Portfolio) []string {
		var out []string
		for _, e := range p.Find(Query{}) {
			out = append(out, strings.Join([]string{string(e.ID), e.Date.String(), e.Title}, " "))
		}
		return out
	}
	for _, readOnly := range []bool{true, false, false} {
		p, err := Open(path, testPassphrase, Options{ReadOnly: readOnly, Now: (&clock{t: testNow}).now})
		if err != nil {
			t.Fatal(err)
		}
		if got := listing(p); !reflect.DeepEqual(got, want) {
			t.Fatalf("read-only %v: listed\n%s\nwant\n%s", readOnly, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if got := p.Find(Query{Limit: 3}); len(got) != 3 || !strings.HasPrefix(want[0], string(got[0].ID)) {
			t.Fatalf("the newest three: %v", got)
		}
		if rep, err := p.Check(); err != nil || !rep.OK() {
			t.Fatalf("check: %+v, %v", rep, err)
		}
		p.Close()
	}
	p, err := Open(path, testPassphrase, Options{Now: (&clock{t: testNow}).now})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.es.CatStamps || p.mu.RowsRead() {
		t.Fatalf("the upgraded vault was not opened from its directory: stamps compared %v, rows read %v, index wanted %v", p.es.CatStamps, p.mu.RowsRead(), p.es.IndexWanted())
	}
	if got := p.Find(Query{Limit: 5}); len(got) != 5 || p.mu.RowsRead() {
		t.Fatalf("listing the newest five read every row (%d listed)", len(got))
	}
	if got := listing(p); !reflect.DeepEqual(got, want) {
		t.Fatalf("upgraded: listed %v", got)
	}
}

func sameIDs(a, b []*Entry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID {
			return false
		}
	}
	return true
}
