package portfolio_test

import (
	"fmt"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/history"
)

// historyOps are portfolio/history's operations as the core's history property
// drives them.
func historyOps() *portfolio.HistoryOps {
	return &portfolio.HistoryOps{
		History: history.History,
		Restore: func(p *portfolio.Portfolio, id portfolio.ID, seq int) error {
			_, err := history.Restore(p, id, seq)
			return err
		},
		Undo: func(p *portfolio.Portfolio) error {
			_, err := history.Undo(p)
			return err
		},
		Trash: func(p *portfolio.Portfolio) ([]portfolio.TrashEntry, error) {
			items, err := history.Trash(p)
			var out []portfolio.TrashEntry
			for _, it := range items {
				out = append(out, portfolio.TrashEntry{Kind: it.Kind, ID: it.ID, Last: it.Last})
			}
			return out, err
		},
	}
}

// TestHistoryProperty: random creates, edits, deletions, restores and undos over
// every kind of record; the vault must match a model of what it should hold: the
// same current records, and every version of every record reachable.
func TestHistoryProperty(t *testing.T) {
	for seed := range uint64(4) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { portfolio.HistoryProperty(t, seed, historyOps(), nil) })
	}
}
