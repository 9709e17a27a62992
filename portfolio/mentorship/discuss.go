package mentorship

import (
	"time"

	"github.com/foliohq/folio/portfolio"
)

// ClearDiscuss takes the "to discuss" flag off the entries, all in one
// transaction, so a failure leaves every flag as it was. Entries not flagged are
// left alone; it returns how many changed.
func ClearDiscuss(p *portfolio.Portfolio, ids []portfolio.ID) (int, error) {
	return p.RewriteEntries(ids,
		func(meta *portfolio.Entry) bool { return meta.Discuss },
		func(e *portfolio.Entry, now time.Time) {
			e.Discuss = false
			e.Updated = now
		})
}
