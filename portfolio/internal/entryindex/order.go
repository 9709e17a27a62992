package portfolio

// setEntries makes all the entries, newest first.
func (p *Portfolio) setEntries(all []*indexed) {
	if len(p.entries) == 0 {
		// Sized once: growing a map of 100k entries rehashes it a dozen times.
		p.entries = make(map[ID]*indexed, len(all))
	}
	for _, ix := range all {
		p.entries[ix.id] = ix
	}
	p.byDate = all
	sortNewestFirst(p.byDate)
}
