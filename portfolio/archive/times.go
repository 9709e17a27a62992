package archive

// SetTimes fills rec's unset times as a save would (now) and puts set ones in UTC.
func (k KindRow) SetTimes(rec any, now time.Time) {
	if k.s.setTimes != nil {
		k.s.setTimes(rec, now)
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
