package portfolio

import (
	"bytes"
	"maps"
	"slices"
	"time"

	"github.com/foliohq/folio/portfolio/internal/entryindex"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// What every import shares, the archive's (portfolio/archive) and other programs'
// files' (interchange.ImportEntries): the plan of what to write and its one
// transaction. The report is the archive's (archive.Report); the checks an import
// applies to each kind are the rules' (portfolio/validate), which the table of
// kinds names.

// plan is what an import will write: every record in its final form.
type plan struct {
	// recs are the records to write by kind (*Entry, *Goal, ...). Evaluations are
	// not kept in memory: written, never applied.
	recs     map[Kind][]any
	settings *Settings
	// att are an archive's attachments, with their staged bytes; nil for none.
	att *attImport
}

// add plans rec, a record of kind.
func (pl *plan) add(kind Kind, rec any) {
	if pl.recs == nil {
		pl.recs = map[Kind][]any{}
	}
	pl.recs[kind] = append(pl.recs[kind], rec)
}

// ImportOrder is the order an import validates and writes kinds in: the kinds links
// point to before the kinds that link to them.
func ImportOrder() []Kind {
	return []Kind{KindRelationship, KindGoal, KindAction, KindEntry, KindMeeting, KindRating, KindReceived, KindContact, KindEvaluation}
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

// commit writes a validated plan in one transaction, then updates the in-memory maps
// and the index. The caller holds p.mu.
func (p *Portfolio) commit(pl *plan) error {
	n := 0
	for _, l := range pl.recs {
		n += len(l)
	}
	if n == 0 && pl.settings == nil && (pl.att == nil || len(pl.att.manifests) == 0) {
		// Nothing to write: not even an empty transaction touches the file.
		return nil
	}
	if err := p.update(func(tx *storage.Tx) error { return p.writePlan(tx, pl) }); err != nil {
		return err
	}
	p.applyPlan(pl)
	return nil
}

// writePlan puts every record of the plan in tx, each kind's in the order of their
// IDs: bbolt splits a node only at commit, so records put in random order land in
// the middle of one ever-growing leaf, each put moving half of it (an import of
// 100k entries spent most of its time there); in key order each put appends.
func (p *Portfolio) writePlan(tx *storage.Tx, pl *plan) error {
	for _, kind := range ImportOrder() {
		s, _ := specOf(kind)
		recs := pl.recs[kind]
		ids := make([]storage.ID, len(recs))
		for i, x := range recs {
			sid, err := storageID(s.id(x))
			if err != nil {
				return err
			}
			ids[i] = sid
		}
		order := make([]int, len(recs))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return bytes.Compare(ids[a][:], ids[b][:]) })
		for _, i := range order {
			if err := tx.Put(s.coll, ids[i], s.encode(recs[i])); err != nil {
				return err
			}
		}
	}
	if pl.att != nil {
		if err := writeAttachments(tx, pl.att); err != nil {
			return err
		}
	}
	if pl.settings != nil {
		if p.m.settingsID == (storage.ID{}) {
			p.m.settingsID = storage.NewID()
		}
		return tx.Put(collSettings, p.m.settingsID, record.EncodeSettings(pl.settings))
	}
	return nil
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
