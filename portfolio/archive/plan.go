package archive

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

