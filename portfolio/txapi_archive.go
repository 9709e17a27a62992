package portfolio

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/foliohq/folio/storage"
)

// The core's part of the archive (portfolio/archive, docs/EXPORT.md): the table of
// kinds as the archive reads it (KindRow), every record as of one
// moment (EachRecord), and an import's staged vault
// and its one transaction (Staging). The archive's format, what an import decides
// and its report's wording are the archive package's; here is only what reaches
// the vault's maps, locks and transactions.

// MaxImportBytes caps a file read for import: a heavy career is about 20 MB of
// entries, so anything past this is not a portfolio.
const MaxImportBytes = 512 << 20

// ErrMalformed means an import file could not be read as the format it claims. It is
// bad input: the error names the file and the position.
var ErrMalformed = fmt.Errorf("%w: malformed file", ErrInvalid)

// KindRow is one row of the table of record kinds (kinds.go) as the generic code
// above the core sees it: what it may ask of a record of the kind, which it holds
// as a pointer to its type (*Entry, *Meeting, ..., *Settings) erased to any.
type KindRow struct{ s kindSpec }

// Kinds are the table's rows, in the order an archive lists histories.
func Kinds() []KindRow {
	out := make([]KindRow, 0, len(recordKinds()))
	for _, s := range recordKinds() {
		out = append(out, KindRow{s})
	}
	return out
}

// KindOf is the row of kind; false for a kind that keeps no history.
func KindOf(kind Kind) (KindRow, bool) {
	s, ok := specOf(kind)
	return KindRow{s}, ok
}

// KindOfRecord is the row of a record's type; false for what is not a record.
func KindOfRecord(rec any) (KindRow, bool) {
	s, ok := specOfRecord(rec)
	return KindRow{s}, ok
}

// Kind is the row's kind.
func (k KindRow) Kind() Kind { return k.s.kind }

// Word names one record of the kind in an import's messages ("received document").
func (k KindRow) Word() string { return k.s.word }

// Counts is the kind's line in an import's report ("received documents").
func (k KindRow) Counts() string { return k.s.counts }

// NewRecord is an empty record of the kind, to decode into.
func (k KindRow) NewRecord() any { return k.s.newRecord() }

// Is says rec is a record of the kind.
func (k KindRow) Is(rec any) bool { return k.s.is(rec) }

// ID is the ID rec carries; "" for settings.
func (k KindRow) ID(rec any) ID { return k.s.id(rec) }

// Encode is rec's plaintext as the vault holds it: two records are the same when
// their plaintexts are.
func (k KindRow) Encode(rec any) []byte { return k.s.encode(rec) }

// Updated is when rec was last changed; false for a kind never edited.
func (k KindRow) Updated(rec any) (time.Time, bool) {
	if k.s.updated == nil {
		return time.Time{}, false
	}
	return k.s.updated(rec), true
}

// Times are where rec keeps when it was created and last updated; updated is nil
// for a kind never edited, and both are nil for settings.
func (k KindRow) Times(rec any) (created, updated *time.Time) {
	if k.s.times == nil {
		return nil, nil
	}
	return k.s.times(rec)
}

// SetTimes fills rec's unset times as a save would (now) and puts set ones in UTC.
func (k KindRow) SetTimes(rec any, now time.Time) {
	if k.s.setTimes != nil {
		k.s.setTimes(rec, now)
	}
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
		if s.kind == KindEntry || s.mem == nil {
			continue
		}
		s.each(p, func(id ID) { fn(s.get(p, id)) })
	}
	return p.m.settings
}

// OpenFile streams the bytes of the attached file of hash h, authenticating every
// chunk; its Blob is the size and hash the vault keeps (the archive's files, and
// package attachment's OpenAttachment).
func (p *Portfolio) OpenFile(h storage.Hash) (*storage.BlobReader, error) {
	return p.vault.OpenBlob(h)
}

// Staging is an import under way (Stage; archive.ImportArchive and
// interchange.ImportEntries): the records the import adds go
// into a staged copy of the vault's, so the checks a save applies see every link
// against the vault and the archive together; what is to be written is planned
// (Write, WriteSettings, WriteHistory, WriteAttachment) and committed in one
// transaction. It is valid only inside the function Stage gave it to.
type Staging struct {
	p, st *Portfolio
	pl    plan
	hist  []HistoryWrite
	att   attImport
}

// Stage runs fn under the write lock, so the vault does not change while an import
// reads and stages; if fn returns nil, the plan is written in one transaction and
// the records in memory brought in line. If fn or the write fails, nothing is
// written and the files staged are given back.
func (p *Portfolio) Stage(fn func(*Staging) error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	sg := &Staging{p: p, st: p.stage()}
	err := fn(sg)
	if err == nil {
		sg.pl.att = &sg.att
		err = p.commitStaged(sg)
	}
	if err != nil {
		sg.att.discard()
		return err
	}
	sg.att.committed()
	return nil
}

// Now is the portfolio's clock, in UTC.
func (sg *Staging) Now() time.Time { return sg.p.now().UTC() }

// Live calls fn with the kind and ID of every record in the vault but settings.
func (sg *Staging) Live(fn func(Kind, ID)) {
	for _, s := range recordKinds() {
		if s.each != nil && s.kind != KindSettings {
			s.each(sg.p, func(id ID) { fn(s.kind, id) })
		}
	}
}

// Sources are the vault's imported entries by the source entry they came from.
func (sg *Staging) Sources() map[string]ID {
	out := map[string]ID{}
	for id, ix := range sg.p.entries {
		if src := ix.Meta().Source; src != "" {
			out[src] = id
		}
	}
	return out
}

// EachEntry calls fn with every entry of the vault whole, newest first; one that
// cannot be read is left out and noted as damage. fn must not keep or change it.
func (sg *Staging) EachEntry(fn func(*Entry)) {
	for _, e := range sg.p.wholeEntries(sg.p.byDate) {
		fn(e)
	}
}

// Current is the vault's copy of the record of kind with this ID (an entry that
// cannot be read, as its catalogue row); nil if it has none in memory.
func (sg *Staging) Current(kind Kind, id ID) any {
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
	if s, ok := specOf(kind); ok && s.get != nil {
		return s.get(sg.p, id)
	}
	return nil
}

// Settings are the vault's settings, and the ID of their record if it has one.
func (sg *Staging) Settings() (Settings, ID, bool) {
	if sg.p.m.settingsID == (storage.ID{}) {
		return sg.p.m.settings, "", false
	}
	return sg.p.m.settings, ID(sg.p.m.settingsID.String()), true
}

// Trashed names the records in the vault's trash by kind; links to them validate
// on import as they do on save.
func (sg *Staging) Trashed() (map[ID]Kind, error) {
	trashed, err := sg.p.trashedKinds()
	if err != nil {
		return nil, err
	}
	sg.st.stagedTrash = maps.Clone(trashed)
	if sg.st.stagedTrash == nil {
		sg.st.stagedTrash = map[ID]Kind{}
	}
	return trashed, nil
}

// Trash stages id as a record of kind in the trash (its history ends deleted).
func (sg *Staging) Trash(id ID, kind Kind) { sg.st.stagedTrash[id] = kind }

// Stage adds rec to the staged vault, so that links to it validate.
func (sg *Staging) Stage(rec any) {
	switch s, _ := specOfRecord(rec); {
	case s.kind == KindEntry:
		e := rec.(*Entry)
		sg.st.entries[e.ID] = metaIndexed(e)
	case s.put != nil:
		s.put(sg.st, rec)
	}
}

// Check validates rec as an import does, against the staged vault.
func (sg *Staging) Check(rec any) error {
	s, ok := specOfRecord(rec)
	if !ok {
		return invalid("a %T is not a record", rec)
	}
	return s.check(sg.st, rec)
}

// VersionCheck returns the check of an old version's record: against every record
// of the staged vault, the trash and the records of ids (an archive's histories)
// included, so an old version's links to a record since deleted are kept. Contact
// names are unique among current contacts only: an old version may hold a name
// another contact has since taken.
func (sg *Staging) VersionCheck(ids map[ID]Kind) func(rec any) error {
	v := sg.st.stage()
	v.contacts = map[ID]*Contact{}
	v.stagedTrash = maps.Clone(sg.st.stagedTrash)
	if v.stagedTrash == nil {
		v.stagedTrash = map[ID]Kind{}
	}
	placeholder := func(id ID, k Kind) {
		v.stagedTrash[id] = k
		switch k {
		case KindEntry:
			if v.entries[id] == nil {
				v.entries[id] = metaIndexed(&Entry{ID: id})
			}
		case KindGoal:
			if v.goals[id] == nil {
				v.goals[id] = &Goal{ID: id}
			}
		case KindAction:
			if v.actions[id] == nil {
				v.actions[id] = &Action{ID: id}
			}
		case KindRelationship:
			if v.m.relationships[id] == nil {
				v.m.relationships[id] = &Relationship{ID: id}
			}
		case KindMeeting:
			if v.m.meetings[id] == nil {
				v.m.meetings[id] = &Meeting{ID: id}
			}
		}
	}
	for id, k := range sg.st.stagedTrash {
		placeholder(id, k)
	}
	for id, k := range ids {
		placeholder(id, k)
	}
	return func(rec any) error {
		s, ok := specOfRecord(rec)
		if !ok {
			return invalid("a %T is not a record", rec)
		}
		return s.check(v, rec)
	}
}

// Plain is the vault's current plaintext of a record.
func (sg *Staging) Plain(kind Kind, sid storage.ID) ([]byte, error) {
	coll, err := historyCollection(kind)
	if err != nil {
		return nil, err
	}
	return sg.p.vault.Get(coll, sid)
}

// stage is a copy of the vault's maps that an import adds its records to, so the
// same validation as Add* checks every link against the vault and the import together.
func (p *Portfolio) stage() *Portfolio {
	m := newMentoring()
	m.relationships = maps.Clone(p.m.relationships)
	m.meetings = maps.Clone(p.m.meetings)
	m.ratings = maps.Clone(p.m.ratings)
	m.settings = p.m.settings
	return &Portfolio{
		now: p.now, entries: maps.Clone(p.entries), goals: maps.Clone(p.goals),
		actions: maps.Clone(p.actions), m: m, received: maps.Clone(p.received),
		contacts: maps.Clone(p.contacts),
	}
}

// orNow is t in UTC, or now when t is unset.
func orNow(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t.UTC()
}

// setTimes fills unset times as Add* would and keeps set ones, in UTC.
func setTimes(created, updated *time.Time, now time.Time) {
	if created.IsZero() {
		*created = now
	}
	if updated.IsZero() {
		*updated = *created
	}
	*created, *updated = created.UTC(), updated.UTC()
}

// applyPlan puts a written plan's records in the in-memory maps and the index.
func (p *Portfolio) applyPlan(pl *plan) {
	for _, s := range recordKinds() {
		if s.kind == KindEntry || s.put == nil {
			continue
		}
		for _, x := range pl.recs[s.kind] {
			s.put(p, x)
		}
	}
	if pl.settings != nil {
		p.m.settings = *pl.settings
	}
	if entries := pl.recs[KindEntry]; len(entries) > 0 {
		for _, e := range entries {
			p.entries[e.(*Entry).ID] = newIndexed(e.(*Entry))
		}
		// One sort of the whole list: replaced entries must leave their old place.
		p.byDate = slices.Collect(maps.Values(p.entries))
		slices.SortFunc(p.byDate, entryindex.NewestFirst)
	}
}
