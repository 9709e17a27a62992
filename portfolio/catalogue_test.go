package portfolio

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/internal/catalogue"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/storage"
)

// catalogueQueries cover what reads the catalogue alone (filters, limits) and what
// needs the bodies (text).
func catalogueQueries() []Query {
	return []Query{
		{}, {Limit: 10}, {Tag: "audit"}, {Tag: "AUDIT", Limit: 2},
		{Functions: Functions(Restorative)}, {Since: calendar.MakeDate(2025, 1, 1)},
		{Text: "warfarin"}, {Text: "the", Functions: Functions(Formative)},
	}
}

// snapshot is every query's results, whole entries by value.
func snapshot(p *Portfolio) [][]Entry {
	var out [][]Entry
	for _, q := range catalogueQueries() {
		var got []Entry
		for _, e := range p.Find(q) {
			got = append(got, *e)
		}
		out = append(out, got)
	}
	return out
}

// modelSnapshot is the same queries answered from the model by a full scan.
func modelSnapshot(model map[ID]*Entry) [][]Entry {
	list := make([]*indexed, 0, len(model))
	for _, e := range model {
		c := *e
		list = append(list, newIndexed(&c))
	}
	slices.SortFunc(list, newestFirst)
	var out [][]Entry
	for _, q := range catalogueQueries() {
		var got []Entry
		for _, e := range findIn(list, q) {
			got = append(got, *e)
		}
		out = append(out, got)
	}
	return out
}

// dropCatalogue deletes every catalogue record but the generation record, leaving
// the vault as one written before the catalogue existed.
func dropCatalogue(t *testing.T, p *Portfolio) {
	t.Helper()
	ids, _, err := p.vault.Stamps(catalogue.Coll)
	if err != nil {
		t.Fatal(err)
	}
	err = p.vault.Update(func(tx *storage.Tx) error {
		for id := range ids {
			if id == catalogue.GenID {
				continue
			}
			if err := tx.Delete(catalogue.Coll, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// spoilChunks replaces the first chunk with a valid chunk whose rows are stale,
// and every other with a sealed value that is not a chunk.
func spoilChunks(t *testing.T, p *Portfolio) {
	t.Helper()
	s := p.es.Catalogue()
	if !s.OK {
		t.Fatal("the catalogue is not in step before spoiling it")
	}
	dir := s.Dir
	read, _, err := catalogue.FetchChunks(p.vault, &catalogue.State{Chunks: map[storage.ID][]catalogue.KeyedRow{}}, dir, indexes(len(dir)))
	if err != nil {
		t.Fatal(err)
	}
	err = p.vault.Update(func(tx *storage.Tx) error {
		for i, dc := range dir {
			if i == 0 {
				rows := slices.Clone(read[dc.ID])
				for k := range rows {
					rows[k].Row.Stamp[0] ^= 1
				}
				if err := tx.Put(catalogue.Coll, dc.ID, catalogue.EncodeChunk2(rows)); err != nil {
					return err
				}
				continue
			}
			if err := tx.Put(catalogue.Coll, dc.ID, []byte("not a chunk")); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func indexes(n int) []int {
	at := make([]int, n)
	for i := range at {
		at[i] = i
	}
	return at
}

func requireSame(t *testing.T, p *Portfolio, model map[ID]*Entry, when string) {
	t.Helper()
	got, want := snapshot(p), modelSnapshot(model)
	for i, q := range catalogueQueries() {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("%s: Find(%+v) gave %d entries, a full scan of the model %d", when, q, len(got[i]), len(want[i]))
		}
	}
	if rep, err := p.Check(); err != nil || !rep.OK() {
		t.Fatalf("%s: check: %+v, %v", when, rep, err)
	}
}

// TestCatalogueAgreesWithRecords runs random adds, edits and deletes, and after
// each round reopens the vault from its catalogue, without it, and with it
// damaged and stale: every time the results equal a full scan of a model.
func TestCatalogueAgreesWithRecords(t *testing.T) {
	for seed := range uint64(3) {
		rng := rand.New(rand.NewPCG(seed, 7))
		p, c := newTestPortfolio(t)
		gen := newCorpusGen(seed)
		model := map[ID]*Entry{}
		var ids []ID
		for round := range 4 {
			for range 25 {
				switch op := rng.IntN(10); {
				case op < 5 || len(ids) == 0:
					e := mustAddEntry(t, p, gen.entry())
					model[e.ID] = e
					ids = append(ids, e.ID)
				case op < 8:
					id := ids[rng.IntN(len(ids))]
					e := *model[id]
					e.Title += " edited"
					e.Body += " warfarin"
					e.Tags = append(slices.Clone(e.Tags), "audit")
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
			batch, err := p.AddEntries(gen.entries(5))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range batch {
				model[e.ID] = e
				ids = append(ids, e.ID)
			}
			requireSame(t, p, model, "before reopening")
			p = reopen(t, p, c)
			if p.bodies && len(model) > 0 {
				t.Fatalf("round %d: the reopened vault read every body", round)
			}
			if p.es.CatRepairs != 0 {
				t.Fatalf("round %d: the writes left %d catalogue chunks to repair", round, p.es.CatRepairs)
			}
			if p.es.CatStamps {
				t.Fatalf("round %d: the writes left the catalogue's generation behind", round)
			}
			requireSame(t, p, model, "from the catalogue")
			switch round % 2 {
			case 0:
				dropCatalogue(t, p)
			case 1:
				spoilChunks(t, p)
			}
			p = reopen(t, p, c)
			if !p.es.CatStamps {
				t.Fatalf("round %d: a catalogue changed behind its back was trusted without its stamps", round)
			}
			requireSame(t, p, model, "with the catalogue dropped or spoilt")
			p = reopen(t, p, c)
			if p.bodies && len(model) > 0 {
				t.Fatalf("round %d: the catalogue was not rebuilt", round)
			}
			requireSame(t, p, model, "from the rebuilt catalogue")
		}
	}
}

// TestCatalogueUpgradesOldVault opens a vault with entries and no catalogue, as
// every vault written before it, and checks it is upgraded in place: the next open
// reads no body and finds the same entries.
func TestCatalogueUpgradesOldVault(t *testing.T) {
	p, c := newTestPortfolio(t)
	_, model := addModelled(t, p, newCorpusGen(3).entries(40))
	dropCatalogue(t, p)
	p = reopen(t, p, c)
	if !p.bodies {
		t.Fatal("a vault without a catalogue opened without reading its entries")
	}
	requireSame(t, p, model, "upgrading")
	p = reopen(t, p, c)
	if p.bodies {
		t.Fatal("the upgrade did not write the catalogue")
	}
	requireSame(t, p, model, "after the upgrade")
}

// TestCatalogueReadOnlyOpenWritesNothing: a read-only open of a vault without a
// catalogue reads the entries but leaves the file as it was.
func TestCatalogueReadOnlyOpenWritesNothing(t *testing.T) {
	p, c := newTestPortfolio(t)
	mustAddEntry(t, p, Entry{Title: "kept", Body: "text", Functions: Functions(Normative)})
	dropCatalogue(t, p)
	path := p.Path()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	opts := testOptions(c)
	opts.ReadOnly = true
	q, err := Open(path, testPassphrase, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := q.Find(Query{}); len(got) != 1 || got[0].Body != "text" {
		t.Fatalf("read-only open found %v", got)
	}
	q.Close()
	q, err = Open(path, testPassphrase, testOptions(c))
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	if !q.bodies {
		t.Error("the read-only open wrote a catalogue")
	}
}

// TestLazyBodiesConcurrently reads bodies on demand from several goroutines while
// another writes, on a vault opened from its catalogue (run with -race).
func TestLazyBodiesConcurrently(t *testing.T) {
	p, c := newTestPortfolio(t)
	saved, err := p.AddEntries(newCorpusGen(11).entries(200))
	if err != nil {
		t.Fatal(err)
	}
	p = reopen(t, p, c)
	done := make(chan struct{})
	errs := make(chan string, 8)
	for g := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range 30 {
				e := saved[(g*31+i)%len(saved)]
				if got, ok := p.Entry(e.ID); !ok || got.Body != e.Body {
					errs <- "Entry returned another body"
					return
				}
				if got := p.Find(Query{Limit: 5}); len(got) != 5 || got[0].Body == "" {
					errs <- "Find returned entries without bodies"
					return
				}
				if g == 0 && i == 10 {
					p.Find(Query{Text: "warfarin"})
				}
			}
		}()
	}
	for range 10 {
		mustAddEntry(t, p, Entry{Title: "while reading", Body: "text", Functions: Functions(Normative)})
	}
	for range 4 {
		<-done
	}
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestCatalogueNoticesOtherWriters: a writer that does not keep the catalogue (an
// older folio, or a write straight to the vault) moves the vault's generation on
// without the catalogue's, so the next open compares every stamp and finds the
// change; the repair brings the generation up to date, so the open after trusts it.
// A damaged or missing generation record is not trusted either.
func TestCatalogueNoticesOtherWriters(t *testing.T) {
	p, c := newTestPortfolio(t)
	saved, model := addModelled(t, p, newCorpusGen(5).entries(30))
	// As an older folio would: the record rewritten, the catalogue left alone.
	e := *model[saved[7].ID]
	e.Title, e.Tags = "changed elsewhere", []string{"audit"}
	sid, _ := storage.ParseID(string(e.ID))
	if err := p.vault.Put(collEntries, sid, encodeEntry(&e)); err != nil {
		t.Fatal(err)
	}
	model[e.ID] = &e
	for i, spoil := range []func(){
		func() {},
		func() { mustPutRaw(t, p, catalogue.GenID, []byte("not a generation")) },
		func() { mustPutRaw(t, p, catalogue.GenID, catalogue.EncodeGen(1)) },
		func() {
			if err := p.vault.Delete(catalogue.Coll, catalogue.GenID); err != nil {
				t.Fatal(err)
			}
		},
	} {
		spoil()
		p = reopen(t, p, c)
		if !p.es.CatStamps {
			t.Fatalf("case %d: the open trusted the catalogue without its stamps", i)
		}
		requireSame(t, p, model, "after a write that skipped the catalogue")
		p = reopen(t, p, c)
		if p.es.CatStamps || p.bodies {
			t.Fatalf("case %d: the repair left the generation behind (stamps %v, bodies %v)", i, p.es.CatStamps, p.bodies)
		}
		requireSame(t, p, model, "after the repair")
	}
}

func mustPutRaw(t *testing.T, p *Portfolio, id storage.ID, plain []byte) {
	t.Helper()
	if err := p.vault.Put(catalogue.Coll, id, plain); err != nil {
		t.Fatal(err)
	}
}

// TestClearDiscussKeepsCatalogue: clearing "to discuss" rewrites entries, and the
// catalogue keeps step in the same transaction, so the next open trusts it.
func TestClearDiscussKeepsCatalogue(t *testing.T) {
	p, c := newTestPortfolio(t)
	e := mustAddEntry(t, p, Entry{Title: "for the meeting", Body: "text", Functions: Functions(Formative), Discuss: true})
	// What package mentorship's ClearDiscuss asks of the core.
	n, err := p.RewriteEntries([]ID{e.ID}, func(m *Entry) bool { return m.Discuss }, func(e *Entry, now time.Time) { e.Discuss, e.Updated = false, now })
	if err != nil || n != 1 {
		t.Fatalf("ClearDiscuss: %d, %v", n, err)
	}
	p = reopen(t, p, c)
	if p.es.CatStamps || p.es.CatRepairs != 0 {
		t.Fatalf("the catalogue fell behind (stamps compared %v, %d chunks repaired)", p.es.CatStamps, p.es.CatRepairs)
	}
	if got := p.Find(Query{}); len(got) != 1 || got[0].Discuss {
		t.Fatalf("after reopening: %+v", got)
	}
}

// TestEveryWriteKeepsTheGeneration: writes of other records go through update
// too, so the open after them trusts the catalogue without reading the stamps.
func TestEveryWriteKeepsTheGeneration(t *testing.T) {
	p, c := newTestPortfolio(t)
	mustAddEntry(t, p, Entry{Title: "one", Body: "text", Functions: Functions(Normative)})
	mustAddGoal(t, p, Goal{Title: "a goal"})
	p = reopen(t, p, c)
	if p.es.CatStamps {
		t.Fatal("adding a goal left the catalogue's generation behind")
	}
	if err := p.SaveSettings(Settings{Organisation: "Pharmacy"}); err != nil {
		t.Fatal(err)
	}
	p = reopen(t, p, c)
	if p.es.CatStamps {
		t.Fatal("saving the settings left the catalogue's generation behind")
	}
}

// Opening from the catalogue decodes only each row's date and creation time, and
// a listing or a filter reads the rows without decoding them whole; the order and
// the results are the ones a full decode gives.
func TestCatalogueDecodesRowsOnDemand(t *testing.T) {
	p, c := newTestPortfolio(t)
	for i := range 20 {
		c.advance(time.Hour)
		mustAddEntry(t, p, Entry{Title: fmt.Sprintf("entry %d", i), Body: "body", Functions: Functions([]Function{Normative, Formative, Restorative}[i%3]),
			Date: calendar.MakeDate(2026, time.Month(1+i%3), 1+i%7), Tags: []string{fmt.Sprintf("t%d", i%3)}})
	}
	want := p.Find(Query{})
	wantTags, wantCounts := p.Tags(), p.FunctionCounts()
	p = reopen(t, p, c)
	decoded := func() int {
		n := 0
		for _, ix := range p.byDate {
			if ix.Decoded() != nil {
				n++
			}
		}
		return n
	}
	if n := decoded(); n != 0 {
		t.Fatalf("opening decoded %d rows' metadata, want 0", n)
	}
	if got := p.Tags(); !reflect.DeepEqual(got, wantTags) {
		t.Fatalf("tags from the rows: %v, want %v", got, wantTags)
	}
	if got := p.FunctionCounts(); !reflect.DeepEqual(got, wantCounts) {
		t.Fatalf("function counts from the rows: %+v, want %+v", got, wantCounts)
	}
	if n := decoded(); n != 0 {
		t.Fatalf("counting tags and functions decoded %d rows' metadata whole, want 0", n)
	}
	got := p.Find(Query{Limit: 3})
	if n := decoded(); n != 0 {
		t.Fatalf("a listing of 3 decoded %d rows' metadata whole, want 0", n)
	}
	for i, e := range got {
		if e.ID != want[i].ID || e.Title != want[i].Title {
			t.Fatalf("position %d: %s %q, want %s %q", i, e.ID, e.Title, want[i].ID, want[i].Title)
		}
	}
	all := p.Find(Query{Tag: "t1"})
	var wantTag []ID
	for _, e := range want {
		if slices.Contains(e.Tags, "t1") {
			wantTag = append(wantTag, e.ID)
		}
	}
	if n := decoded(); n != 0 {
		t.Fatalf("a filter by tag decoded %d rows' metadata whole, want 0", n)
	}
	if len(all) != len(wantTag) {
		t.Fatalf("tag t1: %d entries, want %d", len(all), len(wantTag))
	}
	for i, e := range all {
		if e.ID != wantTag[i] {
			t.Fatalf("tag t1 position %d: %s, want %s", i, e.ID, wantTag[i])
		}
	}
}

// A filter read from an undecoded row selects what the decoded metadata selects.
func TestQueryMatchesRowAsMeta(t *testing.T) {
	p, c := newTestPortfolio(t)
	g := mustAddGoal(t, p, Goal{Title: "goal"})
	a := mustAddAction(t, p, Action{GoalID: g.ID, What: "do"})
	r := rand.New(rand.NewPCG(3, 4))
	tags := []string{"audit", "Audit", "teaching", "cpd"}
	for i := range 60 {
		e := Entry{Title: fmt.Sprintf("entry %d", i), Body: "body", Functions: Functions([]Function{Normative, Formative, Restorative}[r.IntN(3)]),
			Date: calendar.MakeDate(2018+r.IntN(8), time.Month(1+r.IntN(12)), 1+r.IntN(28))}
		for _, t := range tags {
			if r.IntN(3) == 0 && !slices.ContainsFunc(e.Tags, func(s string) bool { return strings.EqualFold(s, t) }) {
				e.Tags = append(e.Tags, t)
			}
		}
		if r.IntN(3) == 0 {
			e.GoalIDs = []ID{g.ID}
		}
		if r.IntN(3) == 0 {
			e.ActionIDs = []ID{a.ID}
		}
		mustAddEntry(t, p, e)
	}
	p = reopen(t, p, c)
	var queries []Query
	for _, tag := range append(tags, "", "none") {
		for _, fn := range []Functions{0, Functions(Formative), Functions(Normative | Restorative)} {
			queries = append(queries,
				Query{Tag: tag, Functions: fn},
				Query{Tag: tag, Functions: fn, GoalID: g.ID},
				Query{Tag: tag, ActionID: a.ID, Since: calendar.MakeDate(2021, 1, 1)},
				Query{Functions: fn, Until: calendar.MakeDate(2022, 6, 30), GoalID: "other"})
		}
	}
	// The rows, read as anything needing them all reads them.
	p.mu.Ensure()
	lazy := 0
	for _, ix := range p.byDate {
		if ix.Row() == nil || ix.Decoded() != nil {
			continue
		}
		lazy++
		e := &Entry{ID: ix.ID()}
		if err := decodeEntryOwned(slices.Clone(ix.Row()), e); err != nil {
			t.Fatal(err)
		}
		for _, q := range queries {
			if got, want := q.Matches(ix), q.MatchesMeta(e); got != want {
				t.Fatalf("entry %+v, query %+v: matches %v, matchesMeta %v", e, q, got, want)
			}
		}
	}
	if lazy != 60 {
		t.Fatalf("%d undecoded rows after reopening, want 60", lazy)
	}
}

// addModelled adds es in one batch and returns them as saved, and by ID: the model
// the catalogue tests compare listings with.
func addModelled(t *testing.T, p *Portfolio, es []Entry) ([]*Entry, map[ID]*Entry) {
	t.Helper()
	saved, err := p.AddEntries(es)
	if err != nil {
		t.Fatal(err)
	}
	model := make(map[ID]*Entry, len(saved))
	for _, e := range saved {
		model[e.ID] = e
	}
	return saved, model
}

// readOnlyLeavesFile opens the vault at path read-only, runs check on it, requires
// it to list what model holds, and fails if the file changed on disk.
func readOnlyLeavesFile(t *testing.T, path string, c *clock, model map[ID]*Entry, what string, check func(*Portfolio)) {
	t.Helper()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	opts := testOptions(c)
	opts.ReadOnly = true
	ro, err := Open(path, testPassphrase, opts)
	if err != nil {
		t.Fatal(err)
	}
	check(ro)
	requireSame(t, ro, model, what)
	ro.Close()
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatalf("%s: the read-only open changed the file", what)
	}
}

// TestCatalogueOutOfStep: a read-only open says when it had to read every record
// because the catalogue was behind them, and stops saying so once an open to
// write has brought it up to date.
func TestCatalogueOutOfStep(t *testing.T) {
	p, c := newTestPortfolio(t)
	path := p.Path()
	readOnly := func() *Portfolio {
		t.Helper()
		opts := testOptions(c)
		opts.ReadOnly = true
		q, err := Open(path, testPassphrase, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { q.Close() })
		return q
	}
	p.Close()
	q := readOnly()
	if q.OutOfStep() {
		t.Fatal("an empty vault is out of step")
	}
	q.Close()
	p = reopenWritable(t, path, c)
	addModelled(t, p, newCorpusGen(5).entries(30))
	p.Close()
	q = readOnly()
	if q.OutOfStep() {
		t.Fatal("a vault just written is out of step")
	}
	q.Close()
	p = reopenWritable(t, path, c)
	dropCatalogue(t, p)
	p.Close()
	q = readOnly()
	if !q.OutOfStep() {
		t.Fatal("a read-only open of a vault without its catalogue is not out of step")
	}
	q.Close()
	if q = readOnly(); !q.OutOfStep() {
		t.Fatal("a read-only open mended the catalogue")
	}
	q.Close()
	reopenWritable(t, path, c).Close()
	if q = readOnly(); q.OutOfStep() {
		t.Fatal("an open to write left the catalogue out of step")
	}
}
