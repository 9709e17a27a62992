package portfolio

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/storage"
)

// FindMeta and EachWhole, a batch at a time, give what Find gives: the same
// entries, whole, in the same order, for queries of every kind.
func TestEachWholeMatchesFind(t *testing.T) {
	p, c := newTestPortfolio(t)
	var es []Entry
	for i := range 23 {
		e := Entry{Title: fmt.Sprintf("entry %d", i), Body: fmt.Sprintf("body %d", i), Functions: Functions(Function(1 << (i % 3))),
			Date: calendar.MakeDate(2025, time.Month(1+i%12), 1+i%28), Sections: []Section{{Heading: "More", Body: fmt.Sprint(i)}}}
		if i%4 == 0 {
			e.Tags = []string{"audit"}
		}
		es = append(es, e)
	}
	if _, err := p.AddEntries(es); err != nil {
		t.Fatal(err)
	}
	for _, fresh := range []bool{true, false} {
		if fresh {
			p = reopen(t, p, c) // no body in memory
		}
		for _, q := range []Query{{}, {Tag: "audit"}, {Functions: Functions(Formative)}, {Since: calendar.MakeDate(2025, 6, 1)}} {
			want := p.Find(q)
			var metaTitles []string
			ids := p.FindMeta(q, func(e *Entry) { metaTitles = append(metaTitles, e.Title) })
			var got []*Entry
			batches := 0
			if err := p.EachWhole(ids, 5, func(es []*Entry) error {
				if len(es) > 5 {
					t.Errorf("a batch of %d", len(es))
				}
				batches++
				for _, e := range es {
					// Copied: the batch's records are overwritten after.
					got = append(got, &Entry{ID: e.ID, Title: string([]byte(e.Title)), Body: string([]byte(e.Body)), Sections: []Section{{Body: string([]byte(e.Sections[0].Body))}}})
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 || len(got) != len(want) || batches != (len(want)+4)/5 {
				t.Fatalf("%+v (fresh %v): %d entries in %d batches, Find has %d", q, fresh, len(got), batches, len(want))
			}
			if !slices.Equal(metaTitles, titles(want)) {
				t.Errorf("%+v: FindMeta %q, Find %q", q, metaTitles, titles(want))
			}
			for i := range want {
				if got[i].ID != want[i].ID || got[i].Title != want[i].Title || got[i].Body != want[i].Body || got[i].Sections[0].Body != want[i].Sections[0].Body {
					t.Errorf("%+v: entry %d is %+v, Find's %+v", q, i, got[i], want[i])
				}
			}
		}
	}
	stop := errors.New("stop")
	calls := 0
	err := p.EachWhole(p.FindMeta(Query{}, func(*Entry) {}), 5, func([]*Entry) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("fn's error: %v after %d calls", err, calls)
	}
}

// A record that no longer decodes is left out of EachWhole's batches and listed
// by Damaged, as Find leaves it out; one deleted since FindMeta is left out.
func TestEachWholeLeavesOutWhatCannotBeRead(t *testing.T) {
	p, c := newTestPortfolio(t)
	var es []Entry
	for i := range 7 {
		es = append(es, Entry{Title: fmt.Sprintf("entry %d", i), Body: "body", Functions: Functions(Formative), Date: calendar.MakeDate(2025, 1, 1+i)})
	}
	if _, err := p.AddEntries(es); err != nil {
		t.Fatal(err)
	}
	p = reopen(t, p, c)
	ids := p.FindMeta(Query{}, func(*Entry) {})
	bad, gone := ids[2], ids[4]
	err := p.vault.Update(func(tx *storage.Tx) error {
		badID, _ := storage.ParseID(string(bad))
		goneID, _ := storage.ParseID(string(gone))
		if err := tx.Put(collEntries, badID, []byte{0xff, 0xff, 0xff}); err != nil {
			return err
		}
		return tx.Delete(collEntries, goneID)
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []ID
	if err := p.EachWhole(ids, 3, func(es []*Entry) error {
		for _, e := range es {
			got = append(got, e.ID)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := slices.DeleteFunc(slices.Clone(ids), func(id ID) bool { return id == bad || id == gone })
	if !slices.Equal(got, want) {
		t.Errorf("EachWhole gave %v, want %v", got, want)
	}
	damaged := p.Damaged()
	if len(damaged) != 1 || damaged[0].ID != string(bad) || !errors.Is(damaged[0].Err, ErrDamaged) {
		t.Errorf("Damaged = %v, want the undecodable %s", damaged, bad)
	}
}

// ReleaseRows lets a read-only portfolio's rows go: EachWhole then reads bodies
// without reading the rows again, and whatever needs the rows next reads them
// again and finds what it found before. A writable portfolio keeps its rows.
func TestReleaseRows(t *testing.T) {
	p, c := newTestPortfolio(t)
	var es []Entry
	for i := range 40 {
		es = append(es, Entry{Title: fmt.Sprintf("entry %d", i), Body: fmt.Sprintf("body %d", i), Functions: Functions(Formative),
			Date: calendar.MakeDate(2024, time.Month(1+i%12), 1+i%28)})
	}
	if _, err := p.AddEntries(es); err != nil {
		t.Fatal(err)
	}
	path := p.Path()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	opts := testOptions(c)
	opts.ReadOnly = true
	r, err := Open(path, testPassphrase, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	var before []string
	// Copied: the rows' plaintexts are overwritten when they are let go of.
	ids := r.FindMeta(Query{}, func(e *Entry) { before = append(before, string([]byte(e.Title))) })
	if !r.mu.RowsRead() || len(ids) != len(es) {
		t.Fatalf("FindMeta should read every row: read %v, %d IDs", r.mu.RowsRead(), len(ids))
	}
	r.ReleaseRows()
	if r.mu.RowsRead() {
		t.Fatal("the rows were not let go of")
	}
	var bodies []string
	if err := r.EachWhole(ids, 7, func(batch []*Entry) error {
		for _, e := range batch {
			bodies = append(bodies, string([]byte(e.Body)))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(bodies) != len(es) || r.mu.RowsRead() {
		t.Fatalf("EachWhole after ReleaseRows: %d bodies, rows read again %v", len(bodies), r.mu.RowsRead())
	}
	if got := titles(r.Find(Query{})); !slices.Equal(got, before) {
		t.Errorf("Find after ReleaseRows: %q, want %q", got, before)
	}
	var again []string
	r.FindMeta(Query{}, func(e *Entry) { again = append(again, e.Title) })
	if !slices.Equal(again, before) || !r.mu.RowsRead() {
		t.Errorf("FindMeta after ReleaseRows: %q, want %q (rows read %v)", again, before, r.mu.RowsRead())
	}
	r.Close()

	w := reopenWritable(t, path, c)
	w.FindMeta(Query{}, func(*Entry) {})
	w.ReleaseRows()
	if !w.mu.RowsRead() || len(w.Find(Query{})) != len(es) {
		t.Error("a writable portfolio let its rows go")
	}
}

func reopenWritable(t *testing.T, path string, c *clock) *Portfolio {
	t.Helper()
	w, err := Open(path, testPassphrase, testOptions(c))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}
