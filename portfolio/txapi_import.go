package portfolio

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/internal/entryindex"
	"github.com/foliohq/folio/storage"
)

// A large import is written in batches (docs/VAULT.md, "Import journal"): bbolt
// keeps every page a transaction dirties in memory until it commits, so one
// transaction of 100,000 entries held well over a gigabyte. Each batch adds only
// records new to the vault (no earlier value, no history, not in the trash) and,
// in the same transaction, a sealed journal record naming them. The import's last
// transaction (Staged.Commit) writes everything else and deletes the journal
// records: that commit is the import's. Until it, the journal names exactly what
// the unfinished import has written, and the next open (openVault) takes it out
// again, so a kill at any moment leaves the whole import or none of it.

// collImportJournal holds the journal records of an unfinished import.
const collImportJournal = "import-journal"

// journalFormat is the first byte of a journal record's plaintext.
const journalFormat = 1

// journalGroup is one collection's records in a journal record.
type journalGroup struct {
	coll string
	ids  []storage.ID
}

// encodeJournal is a journal record's plaintext: the format byte, then for each
// collection its name's length (one byte, 1 to 255), the name, the count of IDs
// (uvarint) and the IDs, IDSize bytes each.
func encodeJournal(groups []journalGroup) []byte {
	b := []byte{journalFormat}
	for _, g := range groups {
		b = append(b, byte(len(g.coll)))
		b = append(b, g.coll...)
		b = binary.AppendUvarint(b, uint64(len(g.ids)))
		for _, id := range g.ids {
			b = append(b, id[:]...)
		}
	}
	return b
}

// errJournal means a journal record does not read as one.
var errJournal = fmt.Errorf("%w: the journal of an unfinished import is malformed", ErrDamaged)

// decodeJournal reads a journal record strictly: every collection must be one
// whose records keep history, as only those are batched.
func decodeJournal(b []byte) ([]journalGroup, error) {
	if len(b) == 0 || b[0] != journalFormat {
		return nil, errJournal
	}
	b = b[1:]
	var out []journalGroup
	for len(b) > 0 {
		n := int(b[0])
		if n == 0 || len(b) < 1+n {
			return nil, errJournal
		}
		coll := string(b[1 : 1+n])
		if _, ok := specOfCollection(coll); !ok {
			return nil, errJournal
		}
		b = b[1+n:]
		count, k := binary.Uvarint(b)
		// Only the shortest form of the count: one record, one spelling.
		if k <= 0 || k != len(binary.AppendUvarint(nil, count)) || count == 0 || count > uint64(len(b)-k)/storage.IDSize {
			return nil, errJournal
		}
		b = b[k:]
		g := journalGroup{coll: coll, ids: make([]storage.ID, count)}
		for i := range g.ids {
			copy(g.ids[i][:], b[:storage.IDSize])
			b = b[storage.IDSize:]
		}
		out = append(out, g)
	}
	return out, nil
}

// batchState is what the batches of an import under way have written: their
// journal records, and the records to bring into memory once the import commits
// (entries as their metadata alone: the bodies stay in the vault).
type batchState struct {
	journal []storage.ID
	recs    map[Kind][]any
}

// CommitBatch writes records from the start of recs, in a transaction of its own
// that commits at once: as many as hold about budget bytes of plaintext (one at
// least), in the order of their IDs, with a journal record naming them. It returns
// how many it wrote. Every record must be new to the vault: no value, history or
// place in the trash under its ID, which the caller has made sure of. Nothing
// reaches the records in memory until Commit, which also makes the batches part of
// the import; if Commit is never reached, RollbackBatches (or, after a kill, the
// next open) takes them out.
func (sg *Staged) CommitBatch(recs []any, budget int) (int, error) {
	p := sg.p
	type put struct {
		s     kindSpec
		sid   storage.ID
		plain []byte
		rec   any
	}
	var puts []put
	fresh := map[storage.ID]bool{}
	size := 0
	for _, rec := range recs {
		if len(puts) > 0 && size >= budget {
			break
		}
		s, ok := specOfRecord(rec)
		if !ok || s.Kind == KindSettings {
			return 0, invalid("a %T is not a record an import puts", rec)
		}
		sid, err := storageID(s.ID(rec))
		if err != nil {
			return 0, err
		}
		plain := s.Encode(rec)
		size += len(plain)
		puts = append(puts, put{s, sid, plain, rec})
		if s.Kind == KindEntry {
			fresh[sid] = true
		}
	}
	// In key order within each collection, for putRecords' reason (archive/plan.go).
	slices.SortFunc(puts, func(a, b put) int {
		if c := strings.Compare(a.s.Coll, b.s.Coll); c != 0 {
			return c
		}
		return bytes.Compare(a.sid[:], b.sid[:])
	})
	groups := map[string]*journalGroup{}
	var order []string
	for _, x := range puts {
		g := groups[x.s.Coll]
		if g == nil {
			g = &journalGroup{coll: x.s.Coll}
			groups[x.s.Coll] = g
			order = append(order, x.s.Coll)
		}
		g.ids = append(g.ids, x.sid)
	}
	journal := make([]journalGroup, len(order))
	for i, c := range order {
		journal[i] = *groups[c]
	}
	jid := storage.NewID()
	err := p.es.UpdateFreshIDs(fresh, func(tx *storage.Tx) error {
		for _, x := range puts {
			if err := tx.Put(x.s.Coll, x.sid, x.plain); err != nil {
				return err
			}
		}
		return tx.Put(collImportJournal, jid, encodeJournal(journal))
	})
	if err != nil {
		return 0, err
	}
	if sg.batches.recs == nil {
		sg.batches.recs = map[Kind][]any{}
	}
	sg.batches.journal = append(sg.batches.journal, jid)
	for _, x := range puts {
		rec := x.rec
		if e, ok := rec.(*Entry); ok {
			rec = catalogue.MetaOf(e)
		}
		sg.batches.recs[x.s.Kind] = append(sg.batches.recs[x.s.Kind], rec)
	}
	return len(puts), nil
}

// Batched says batches have been committed that Commit has not yet made final.
func (sg *Staged) Batched() bool { return len(sg.batches.journal) > 0 }

// RollbackBatches takes out what the batches committed so far wrote, one
// transaction a batch, newest first; a batch not taken out is left to the next
// open, which its journal record still names.
func (sg *Staged) RollbackBatches() error {
	p := sg.p
	for len(sg.batches.journal) > 0 {
		jid := sg.batches.journal[len(sg.batches.journal)-1]
		plain, err := p.vault.Get(collImportJournal, jid)
		if err != nil {
			return err
		}
		if err := p.update(func(tx *storage.Tx) error { return rollbackBatch(tx, jid, plain) }); err != nil {
			return err
		}
		sg.batches.journal = sg.batches.journal[:len(sg.batches.journal)-1]
	}
	sg.batches = batchState{}
	return nil
}

// rollbackBatch takes out the records one journal record names, with every
// version of them, and the journal record itself.
func rollbackBatch(tx *storage.Tx, jid storage.ID, plain []byte) error {
	groups, err := decodeJournal(plain)
	if err != nil {
		return err
	}
	for _, g := range groups {
		for _, id := range g.ids {
			if err := tx.Delete(g.coll, id); err != nil {
				return err
			}
			if _, err := tx.Purge(g.coll, id); err != nil {
				return err
			}
		}
	}
	return tx.Delete(collImportJournal, jid)
}

// endBatches deletes the journal records in the import's last transaction.
func (sg *Staged) endBatches(tx *storage.Tx) error {
	for _, jid := range sg.batches.journal {
		if err := tx.Delete(collImportJournal, jid); err != nil {
			return err
		}
	}
	return nil
}

// applyBatches brings the batches' records into memory once the import has
// committed: entries as slots holding their metadata, whose bodies are read when
// needed, as after an open that left them unread. Only when an in-memory token
// index is built over whole entries are they read back at once.
func (p *Portfolio) applyBatches(b batchState) {
	for _, s := range recordKinds() {
		if s.Kind == KindEntry || s.Put == nil {
			continue
		}
		for _, x := range b.recs[s.Kind] {
			s.Put(p, x)
		}
	}
	entries := b.recs[KindEntry]
	if len(entries) == 0 {
		return
	}
	slots := make([]*indexed, len(entries))
	for i, e := range entries {
		slots[i] = metaIndexed(e.(*Entry))
		p.entries[e.(*Entry).ID] = slots[i]
	}
	switch {
	case p.es.Search.Index() == nil && !p.es.Search.Building():
		p.bodies = false
	case p.bodies:
		p.wholeEntries(slots)
		entryindex.MakeWhole(slots)
	}
	p.byDate = slices.Collect(maps.Values(p.entries))
	slices.SortFunc(p.byDate, entryindex.NewestFirst)
}

// openVault opens the vault as storage.Open does, first taking out the records
// of an import that did not finish (its journal records). A vault opened to read
// alone is opened once to write for that, then again as asked.
func openVault(path string, passphrase []byte, opts storage.Options) (*storage.Vault, error) {
	v, err := storage.Open(path, passphrase, opts)
	if err != nil {
		return nil, err
	}
	n, counted, err := v.Count(collImportJournal)
	if err != nil || (counted && n == 0) {
		if err != nil {
			v.Close()
			return nil, err
		}
		return v, nil
	}
	if opts.ReadOnly {
		v.Close()
		w := opts
		w.ReadOnly, w.Writing = false, true
		if v, err = storage.Open(path, passphrase, w); err != nil {
			return nil, fmt.Errorf("the vault holds an import that did not finish, which only a write can take out: %w", err)
		}
		err = rollbackImports(v)
		v.Close()
		if err != nil {
			return nil, err
		}
		return storage.Open(path, passphrase, opts)
	}
	if err := rollbackImports(v); err != nil {
		v.Close()
		return nil, err
	}
	return v, nil
}

// rollbackImports takes out what an unfinished import wrote, one transaction a
// journal record. It runs before the history is kept (newPortfolio), so the
// deletions leave no version behind, and outside the catalogue's writes, so the
// catalogue and the text index, no longer in step, are checked and mended as the
// portfolio opens.
func rollbackImports(v *storage.Vault) error {
	journal := map[storage.ID][]byte{}
	var mu sync.Mutex
	damaged, err := v.Load(collImportJournal, func(id storage.ID, plain []byte) error {
		mu.Lock()
		journal[id] = bytes.Clone(plain)
		mu.Unlock()
		return nil
	})
	if err != nil {
		return err
	}
	if len(damaged) > 0 {
		return fmt.Errorf("%w: the journal of an import that did not finish cannot be read, so what it wrote cannot be taken out; restore a backup", ErrDamaged)
	}
	for id, plain := range journal {
		if err := v.Update(func(tx *storage.Tx) error { return rollbackBatch(tx, id, plain) }); err != nil {
			return err
		}
	}
	return nil
}
