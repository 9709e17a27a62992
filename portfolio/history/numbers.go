package history

import "github.com/foliohq/folio/portfolio"

// VersionNumbers is the number of the current version of every record of kind that
// has versions: what a document that prints them names, so that a later change shows
// as a later version. A live record with none is version 1: its first change keeps
// its value as version 1 (a baseline) before writing version 2.
func VersionNumbers(p *portfolio.Portfolio, kind Kind) (map[ID]int, error) {
	seqs, err := newestVersions(p, kind)
	if err != nil {
		return nil, err
	}
	out := make(map[ID]int, len(seqs))
	for sid, n := range seqs {
		out[ID(sid.String())] = int(n)
	}
	return out, nil
}
