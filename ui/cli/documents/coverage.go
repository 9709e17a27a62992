package documents

import (
	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/document"
)

// withCoverage adds to a summary or pack the coverage of every framework its
// period's entries are mapped to. Frameworks that cannot be loaded leave it as it is.
func (s *session) withCoverage(p *portfolio.Portfolio, d document.Doc, q portfolio.Query) document.Doc {
	fws, err := s.Frameworks()
	if err != nil {
		return d
	}
	s.WarnFrameworkProblems(fws)
	return document.WithCoverage(d, p, fws.List(), q)
}
