package mentorship

// LinkedEntries are the entries linked to a relationship (RelationshipID), newest
// first: an action learning set's records, say. Metadata only, as Find returns.
func (p *Portfolio) LinkedEntries(relID ID) []*Entry {
	var out []*Entry
	for _, e := range p.Find(Query{}) {
		if e.RelationshipID == relID {
			out = append(out, e)
		}
	}
	return out
}
