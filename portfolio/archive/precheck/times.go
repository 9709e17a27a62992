package precheck

import (
	"time"

	"github.com/foliohq/folio/portfolio"
)

// SetTimes fills the unset times of rec, a record of kind k, as a save would (now)
// and puts set ones in UTC; a kind never edited has only its creation time, and
// settings none.
func SetTimes(k portfolio.KindRow, rec any, now time.Time) {
	created, updated := k.Times(rec)
	switch {
	case created == nil:
	case updated == nil:
		*created = orNow(*created, now)
	default:
		setTimes(created, updated, now)
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
