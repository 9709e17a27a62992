package portfolio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
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

// CommitBatch runs fn in a transaction of its own that commits at once, for records
// new to the vault alone: fn may only Put, and only records with no value, history
// or place in the trash under their ID, which the caller has made sure of. Nothing
// reaches the records in memory until Commit, which also makes the batches part of
// the import; if Commit is never reached, RollbackBatches (or, after a kill, the
// next open) takes them out.
func (sg *Staged) CommitBatch(fn func(*ImportTx) error) error {
	p := sg.p
	w := &ImportTx{p: p, recs: map[Kind][]any{}, restated: map[storage.ID]bool{}, batch: true}
	jid := storage.NewID()
	err := p.update(func(tx *storage.Tx) error {
		w.tx = tx
		defer func() { w.tx = nil }()
		if err := fn(w); err != nil {
			return err
		}
		if w.settings != nil || len(w.restated) > 0 {
			return errors.New("an import's batch writes new records alone")
		}
		var groups []journalGroup
		for _, s := range recordKinds() {
			recs := w.recs[s.kind]
			if len(recs) == 0 {
				continue
			}
			g := journalGroup{coll: s.coll, ids: make([]storage.ID, len(recs))}
			for i, x := range recs {
				sid, err := storageID(s.id(x))
				if err != nil {
					return err
				}
				g.ids[i] = sid
			}
			groups = append(groups, g)
		}
		if len(groups) == 0 {
			return nil
		}
		return tx.Put(collImportJournal, jid, encodeJournal(groups))
	})
	if err != nil {
		return err
	}
	if sg.batches.recs == nil {
		sg.batches.recs = map[Kind][]any{}
	}
	sg.batches.journal = append(sg.batches.journal, jid)
	for kind, recs := range w.recs {
		for _, x := range recs {
			if e, ok := x.(*Entry); ok {
				x = catalogue.MetaOf(e)
			}
			sg.batches.recs[kind] = append(sg.batches.recs[kind], x)
		}
	}
	return nil
}

// Batched says batches have been committed that Commit has not yet made final.
func (sg *Staged) Batched() bool { return len(sg.batches.journal) > 0 }

// Written is how many bytes of plaintext the transaction has put: a batch stops
// at a size.
func (w *ImportTx) Written() int { return w.written }

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
// needed (made whole at once if every entry is kept whole).
func (p *Portfolio) applyBatches(b batchState) {
	for _, s := range recordKinds() {
		if s.kind == KindEntry || s.put == nil {
			continue
		}
		for _, x := range b.recs[s.kind] {
			s.put(p, x)
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
	if p.bodies {
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
