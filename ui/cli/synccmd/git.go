package synccmd

import (
	"fmt"

	fsync "github.com/foliohq/folio/portfolio/sync"
)

// printGit says what a sync through a git work tree did there: nothing for a plain
// folder.
func (s *session) printGit(gr *fsync.GitReport) {
	if gr == nil {
		return
	}
	pushed := "nothing to push"
	if gr.Pushed {
		pushed = "pushed to " + gr.Remote + "/" + gr.Branch
	}
	fmt.Fprintf(s.Stdout, "git: pulled %s from %s/%s, made %s, %s.\n",
		plural(gr.Pulled, "commit"), gr.Remote, gr.Branch, plural(gr.Committed, "commit"), pushed)
}
