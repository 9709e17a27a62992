package synccmd

import (
	"context"
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

// sayGit tells, at sync init, that the folder is a git clone and what folio will do
// with it; a clone folio cannot use (not on a branch) is said, and refused at sync.
func (s *session) sayGit(sy *fsync.Syncer) error {
	ctx, cancel := context.WithTimeout(context.Background(), gitLook)
	defer cancel()
	g, err := fsync.OpenGit(ctx, sy.Folder)
	if err != nil {
		fmt.Fprintf(s.Stderr, "folio: warning: %v; 'folio sync' refuses the folder until then.\n", err)
		return nil
	}
	if g == nil {
		return nil
	}
	fmt.Fprintf(s.Stdout, "The folder is a git clone: each 'folio sync' pulls from %s/%s, commits only this device's files, and pushes them (never a rebase or a force).\n", g.Remote, g.Branch)
	return nil
}
