package archive

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/storage"
)

// What every import shares, the archive's and other programs' files'
// (interchange.ImportEntries): the plan of what to write, in what order, on the
// core's reads and its one transaction (portfolio.Staged, portfolio.ImportTx). The report is the archive's (archive.Report); the checks an import
// applies to each kind are the rules' (portfolio/validate), which the table of
// kinds names.

// plan is what an import will write: every record in its final form.
type plan struct {
	// recs are the records to write by kind (*portfolio.Entry, *portfolio.Goal, ...). Evaluations are
	// not kept in memory: written, never applied.
	recs map[Kind][]any
	// fresh are the records new to the vault, by kind, written in batches first
	// (Staging.writeFresh).
	fresh map[Kind][]any
	// settings are written under settingsID, their record's ID.
	settings   *portfolio.Settings
	settingsID storage.ID
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
	return []Kind{portfolio.KindRelationship, portfolio.KindGoal, portfolio.KindAction, portfolio.KindEntry, portfolio.KindMeeting, portfolio.KindRating, portfolio.KindReceived, portfolio.KindContact, portfolio.KindEvaluation}
}

// empty says the plan writes nothing: not even an empty transaction then touches
// the file.
func (pl *plan) empty() bool {
	for _, l := range pl.recs {
		if len(l) > 0 {
			return false
		}
	}
	for _, l := range pl.fresh {
		if len(l) > 0 {
			return false
		}
	}
	return pl.settings == nil && (pl.att == nil || len(pl.att.manifests) == 0)
}

// writePlan writes the plan in tx: its records (putRecords), the attachments,
// then the settings.
func writePlan(tx *portfolio.ImportTx, pl *plan) error {
	if err := putRecords(tx, pl); err != nil {
		return err
	}
	if pl.att != nil {
		if err := writeAttachments(tx, pl.att); err != nil {
			return err
		}
	}
	if pl.settings != nil {
		row, _ := portfolio.KindOfRecord(pl.settings)
		return tx.Vault.Put(row.Collection(), pl.settingsID, row.Encode(pl.settings))
	}
	return nil
}

// putter is what putRecords writes records through: an import's transaction
// (portfolio.ImportTx).
type putter interface{ Put(rec any) error }

// putRecords puts every record of the plan, each kind's in the order of their
// IDs: bbolt splits a node only at commit, so records put in random order land in
// the middle of one ever-growing leaf, each put moving half of it (an import of
// 100k entries spent most of its time there); in key order each put appends.
func putRecords(tx putter, pl *plan) error {
	for _, kind := range ImportOrder() {
		recs, err := inKeyOrder(kind, pl.recs[kind])
		if err != nil {
			return err
		}
		for _, x := range recs {
			if err := tx.Put(x); err != nil {
				return err
			}
		}
	}
	return nil
}

// inKeyOrder is recs, records of kind, in the order of their IDs as the vault
// keys them.
func inKeyOrder(kind Kind, recs []any) ([]any, error) {
	s, _ := portfolio.KindOf(kind)
	ids := make([]storage.ID, len(recs))
	for i, x := range recs {
		sid, err := storage.ParseID(string(s.ID(x)))
		if err != nil {
			// As the core names an ID that is no folio ID.
			return nil, fmt.Errorf("%w: %w", portfolio.ErrNotFound, err)
		}
		ids[i] = sid
	}
	order := make([]int, len(recs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return bytes.Compare(ids[a][:], ids[b][:]) })
	out := make([]any, len(recs))
	for i, j := range order {
		out[i] = recs[j]
	}
	return out, nil
}
