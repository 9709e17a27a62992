package mentorship

import "github.com/foliohq/folio/portfolio"

// LinkedEntries are the entries linked to a relationship (RelationshipID), newest
// first: an action learning set's records, say. Metadata only, as Find returns.
func LinkedEntries(p *portfolio.Portfolio, relID portfolio.ID) []*portfolio.Entry {
	var out []*portfolio.Entry
	for _, e := range p.Find(portfolio.Query{}) {
		if e.RelationshipID == relID {
			out = append(out, e)
		}
	}
	return out
}
