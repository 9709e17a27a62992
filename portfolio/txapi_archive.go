package portfolio

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/foliohq/folio/portfolio/internal/entryindex"
	"github.com/foliohq/folio/portfolio/internal/journal"
	"github.com/foliohq/folio/portfolio/internal/kinds"
	"github.com/foliohq/folio/storage"
)

// The core's part of the archive and of every import (portfolio/archive,
// docs/EXPORT.md): the table of kinds as the archive reads it (KindRow), every
// record as of one moment (EachRecord), and an import's staged vault (Staged) and
// its one transaction (ImportTx). What an import decides, plans and writes in what
// order, and the staged copy of the vault it checks its records against, are the
// archive package's (Staging); here is only what reaches the vault's maps, locks
// and transactions.

// MaxImportBytes caps a file read for import: a heavy career is about 20 MB of
// entries, so anything past this is not a portfolio.
const MaxImportBytes = 512 << 20

// ErrMalformed means an import file could not be read as the format it claims. It is
// bad input: the error names the file and the position.
var ErrMalformed = fmt.Errorf("%w: malformed file", ErrInvalid)

// KindRow is one row of the table of record kinds (kinds.go) as the generic code
// above the core sees it: what it may ask of a record of the kind, which it holds
// as a pointer to its type (*Entry, *Meeting, ..., *Settings) erased to any. Its
// methods are internal/kinds' (View).
type KindRow = kinds.View[*Portfolio]

// Kinds are the table's rows, in the order an archive lists histories.
func Kinds() []KindRow {
	out := make([]KindRow, 0, len(recordKinds()))
	for _, s := range recordKinds() {
		out = append(out, s.View())
	}
	return out
}

// KindOf is the row of kind; false for a kind that keeps no history.
func KindOf(kind Kind) (KindRow, bool) {
	s, ok := specOf(kind)
	return s.View(), ok
}

// KindOfRecord is the row of a record's type; false for what is not a record.
func KindOfRecord(rec any) (KindRow, bool) {
	s, ok := specOfRecord(rec)
	return s.View(), ok
}

// NoteDamage lists d among the damage Damaged reports: a record an export had to
// leave out.
func (p *Portfolio) NoteDamage(d Damage) { p.noteDamage(d) }

// EachRecord calls fn with every record the portfolio keeps in memory, as of one
// moment under the read lock: every entry whole, newest first (one that cannot be
// read is left out and noted as damage), then each other kind's in no order. It
// returns the settings of the same moment. fn must not keep or change a record;
// it copies what it keeps. Questionnaires are not in memory: see Evaluations.
func (p *Portfolio) EachRecord(fn func(rec any)) Settings {
	p.mu.RLock()
	defer p.mu.RUnlock()
	for _, e := range p.wholeEntries(p.byDate) {
		fn(e)
	}
	for _, s := range recordKinds() {
		if s.Kind == KindEntry || s.Mem == nil {
			continue
		}
		s.Each(p, func(id ID) { fn(s.Get(p, id)) })
	}
	return p.settings
}

// OpenFile streams the bytes of the attached file of hash h, authenticating every
// chunk; its Blob is the size and hash the vault keeps (the archive's files, and
// package attachment's OpenAttachment).
func (p *Portfolio) OpenFile(h storage.Hash) (*storage.BlobReader, error) {
	return p.vault.OpenBlob(h)
}

// Staged is the vault as an import reads it (Stage; the archive package's Staging
// builds on it, and keeps the staged copy the import's records are checked
// against); Commit writes what the import decided in one transaction. It is valid
// only inside the function Stage gave it to.
type Staged struct {
	p *Portfolio
	// batches are what CommitBatch has committed (txapi_import.go).
	batches batchState
}

// Stage runs fn under the write lock, so the vault does not change while an import
// reads, stages and commits.
func (p *Portfolio) Stage(fn func(*Staged) error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return fn(&Staged{p: p})
}

// Now is the portfolio's clock, in UTC.
func (sg *Staged) Now() time.Time { return sg.p.now().UTC() }

// Live calls fn with the kind and ID of every record in the vault but settings.
func (sg *Staged) Live(fn func(Kind, ID)) {
	for _, s := range recordKinds() {
		if s.Each != nil && s.Kind != KindSettings {
			s.Each(sg.p, func(id ID) { fn(s.Kind, id) })
		}
	}
}

// EachMeta calls fn with every entry's metadata as the core keeps it in memory (no
// body: what the catalogue holds), in no order. fn must not change it; it may keep
// it while the function Stage gave it to runs.
func (sg *Staged) EachMeta(fn func(*Entry)) {
	for _, ix := range sg.p.entries {
		fn(ix.Meta())
	}
}

// EachEntry calls fn with every entry of the vault whole, newest first; one that
// cannot be read is left out and noted as damage. fn must not keep or change it.
func (sg *Staged) EachEntry(fn func(*Entry)) {
	for _, e := range sg.p.wholeEntries(sg.p.byDate) {
		fn(e)
	}
}

// Current is the vault's copy of the record of kind with this ID (an entry that
// cannot be read, as its catalogue row); nil if it has none in memory.
func (sg *Staged) Current(kind Kind, id ID) any {
	if kind == KindEntry {
		ix := sg.p.entries[id]
		if ix == nil {
			return nil
		}
		if e := sg.p.whole(ix); e != nil {
			return e
		}
		return ix.Meta()
	}
	if s, ok := specOf(kind); ok && s.Get != nil {
		return s.Get(sg.p, id)
	}
	return nil
}

// Settings are the vault's settings, and the ID of their record if it has one.
func (sg *Staged) Settings() (Settings, ID, bool) {
	if sg.p.settingsID == (storage.ID{}) {
		return sg.p.settings, "", false
	}
	return sg.p.settings, ID(sg.p.settingsID.String()), true
}

// Plain is the vault's current plaintext of a record.
func (sg *Staged) Plain(kind Kind, sid storage.ID) ([]byte, error) {
	coll, err := historyCollection(kind)
	if err != nil {
		return nil, err
	}
	return sg.p.vault.Get(coll, sid)
}

// StageFile reads an attached file's bytes from r into the vault, a few chunks at
// a time; they are kept only if a transaction commits them (ImportTx.Vault),
// and the caller gives them back (Discard) or marks them kept (Committed).
func (sg *Staged) StageFile(r io.Reader) (*storage.Staged, error) {
	return sg.p.vault.StageBlob(r, sg.p.update)
}

// ImportTx is an import's one transaction (Staged.Commit). Put writes a checked
// record whole, which the records in memory take as it is once the transaction
// commits, without decoding it again; everything else the import writes (versions,
// values written again, deletions, the settings, attachments) goes straight to
// Vault, and what that changes in a kind's collection is read back into memory as
// WriteStored reads it.
type ImportTx struct {
	Vault *storage.Tx
	// recs are the records put, by kind, and putAt where their changes are in
	// Vault.Changes(), in order: Commit reads back the others in a kind's collection.
	recs  map[Kind][]any
	putAt []int
}

// Commit runs fn in one vault transaction; once it commits, the records in memory
// are brought in line: first with what fn wrote to Vault, as the transaction left
// it, then with the batches and the records it put. If fn or the write fails,
// nothing is written and the records in memory are as they were.
func (sg *Staged) Commit(fn func(*ImportTx) error) error {
	p := sg.p
	w := &ImportTx{recs: map[Kind][]any{}}
	var changes []storage.Change
	err := p.update(func(tx *storage.Tx) error {
		w.Vault = tx
		defer func() { w.Vault = nil }()
		if err := fn(w); err != nil {
			return err
		}
		all, next := tx.Changes(), 0
		changes = make([]storage.Change, 0, len(all)-len(w.putAt))
		for i, ch := range all {
			if next < len(w.putAt) && w.putAt[next] == i {
				next++
			} else if _, ok := historyKind(ch.Collection); ok {
				changes = append(changes, ch)
			}
		}
		// The batches become part of the import as this commits.
		return journal.End(tx, sg.batches.journal)
	})
	if err != nil {
		return err
	}
	for _, ch := range changes {
		p.applyStored(ch)
	}
	p.applyImport(sg.batches, w.recs)
	sg.batches = batchState{}
	return nil
}

// Put writes rec, a checked record of any kind but settings.
func (w *ImportTx) Put(rec any) error {
	s, ok := specOfRecord(rec)
	if !ok || s.Kind == KindSettings {
		return invalid("a %T is not a record an import puts", rec)
	}
	sid, err := storageID(s.ID(rec))
	if err != nil {
		return err
	}
	if err := w.Vault.Put(s.Coll, sid, s.Encode(rec)); err != nil {
		return err
	}
	w.recs[s.Kind] = append(w.recs[s.Kind], rec)
	w.putAt = append(w.putAt, len(w.Vault.Changes())-1)
	return nil
}

// applyImport brings an import into memory once its last transaction has
// committed: the records its batches wrote (b), then those it put (recs). A batch's
// entries become slots holding their metadata, whose bodies are read when needed,
// as after an open that left them unread; only when an in-memory token index is
// built over whole entries are they read back at once. An entry put is whole. One
// sort of the whole list follows: replaced entries must leave their old place.
func (p *Portfolio) applyImport(b batchState, recs map[Kind][]any) {
	for _, s := range recordKinds() {
		if s.Kind == KindEntry || s.Put == nil {
			continue
		}
		for _, l := range [][]any{b.recs[s.Kind], recs[s.Kind]} {
			for _, x := range l {
				s.Put(p, x)
			}
		}
	}
	batched, put := b.recs[KindEntry], recs[KindEntry]
	if len(batched)+len(put) == 0 {
		return
	}
	slots := make([]*indexed, len(batched))
	for i, e := range batched {
		slots[i] = metaIndexed(e.(*Entry))
		p.entries[e.(*Entry).ID] = slots[i]
	}
	switch {
	case len(slots) == 0:
	case p.es.Search.Index() == nil && !p.es.Search.Building():
		p.bodies = false
	case p.bodies:
		p.wholeEntries(slots)
		entryindex.MakeWhole(slots)
	}
	for _, e := range put {
		p.entries[e.(*Entry).ID] = newIndexed(e.(*Entry))
	}
	p.byDate = slices.Collect(maps.Values(p.entries))
	slices.SortFunc(p.byDate, entryindex.NewestFirst)
}
