package portfolio

import (
	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/internal/journal"
	"github.com/foliohq/folio/storage"
)

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
//
// The records written are the caller's no longer: Commit brings them into memory
// as they are, and an entry is kept as its metadata, its text (body, sections and
// fields) cleared here, in place, rather than copied without it: at 100k entries
// the copies were some 35 MB of an import's peak.
func (sg *Staged) CommitBatch(recs []any, budget int) (int, error) {
	p := sg.p
	var puts []journal.Put
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
		puts = append(puts, journal.Put{Coll: s.Coll, ID: sid, Plain: plain})
	}
	jid := storage.NewID()
	// The catalogue's rows of the batch's entries are written by the import's
	// last transaction (Commit), in one write of the catalogue.
	err := p.es.UpdateDeferred(func(tx *storage.Tx) error { return journal.Write(tx, jid, puts) })
	if err != nil {
		return 0, err
	}
	// The batch's reads of the file (the catalogue's chunks, the trees' pages)
	// would otherwise stay mapped into the process, batch after batch, until the
	// import's resident memory held much of the file.
	if err := p.vault.ReleaseMapped(); err != nil {
		return 0, err
	}
	if sg.batches.recs == nil {
		sg.batches.recs = map[Kind][]any{}
	}
	sg.batches.journal = append(sg.batches.journal, jid)
	for _, rec := range recs[:len(puts)] {
		s, _ := specOfRecord(rec)
		if e, ok := rec.(*Entry); ok {
			catalogue.ClearText(e)
		}
		sg.batches.recs[s.Kind] = append(sg.batches.recs[s.Kind], rec)
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
		plain, err := p.vault.Get(journal.Coll, jid)
		if err != nil {
			return err
		}
		if err := p.update(func(tx *storage.Tx) error { return journal.Rollback(tx, jid, plain, keepsHistory) }); err != nil {
			return err
		}
		sg.batches.journal = sg.batches.journal[:len(sg.batches.journal)-1]
	}
	sg.batches = batchState{}
	return nil
}

// keepsHistory says a collection is one whose records keep history, the only
// ones an import's batches write.
func keepsHistory(coll string) bool { _, ok := specOfCollection(coll); return ok }
