package clienv

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/foliohq/folio/portfolio/interchange"
)

// SweepStale removes, with a notice, the temporary files an earlier folio killed
// while writing beside target left there (only where a system cannot write unnamed
// files, or a kill came in the instant a replaced file was being renamed).
func (s *Session) SweepStale(target string) {
	dir := filepath.Dir(target)
	removed, err := interchange.SweepStale(dir)
	if err != nil || len(removed) == 0 {
		return
	}
	fmt.Fprintf(s.Stderr, "folio: removed %d unfinished file(s) that an interrupted folio left in %s: %s.\n",
		len(removed), dir, strings.Join(removed, ", "))
}
