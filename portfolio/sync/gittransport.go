package sync

import (
	"context"
	"errors"
	"fmt"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/sync/gitfolder"
)

// The git command's part is gitfolder's; these are its names here, as the command
// line and the app know them.
var (
	// ErrGit marks a failure of the git command that carries a sync folder.
	ErrGit = gitfolder.ErrGit
	// OpenGit finds out whether a folder is a git work tree with a remote (nil if not).
	OpenGit = gitfolder.OpenGit
)

type (
	// Git is a sync folder that is a git clone with a remote.
	Git = gitfolder.Git
	// GitState is what the clone knows of the remote and of this device's files.
	GitState = gitfolder.GitState
)

// GitReport is what a sync through git did there.
type GitReport struct {
	Remote, Branch string
	Pulled         int  // commits merged from the remote
	Committed      int  // commits of this device's files
	Pushed         bool // the remote has this device's commits
}

// Exchange syncs with the folder, and when the folder is a git work tree with a
// remote, first pulls, then commits this device's new files and pushes them. gr is nil
// for a plain folder. Offline, the sync still runs and commits here, and the error
// says the push is left for the next sync.
//
// When at least DefaultCompactAt of this device's change sets in the folder have been
// applied by every known device, it compacts them too (Report.Compacted).
func (s *Syncer) Exchange(ctx context.Context) (rep *Report, gr *GitReport, err error) {
	return s.exchange(ctx, DefaultCompactAt)
}

func (s *Syncer) exchange(ctx context.Context, compactAt int) (rep *Report, gr *GitReport, err error) {
	if err := s.folder(); err != nil {
		return nil, nil, err
	}
	g, err := OpenGit(ctx, s.Folder)
	if err != nil {
		return nil, nil, err
	}
	if g == nil {
		rep, err := s.Sync()
		if err == nil {
			rep.Compacted, err = s.autoCompact(compactAt)
		}
		return rep, nil, err
	}
	gr = &GitReport{Remote: g.Remote, Branch: g.Branch}
	const tries = 3
	for try := 1; ; try++ {
		n, pullErr := g.Pull(ctx)
		gr.Pulled += n
		if pullErr != nil && !errors.Is(pullErr, ErrGit) {
			return rep, gr, pullErr
		}
		r, err := s.Sync()
		if r != nil {
			rep = merged(rep, r)
		}
		if err != nil {
			return rep, gr, err
		}
		compacted, err := s.autoCompact(compactAt)
		if err != nil {
			return rep, gr, err
		}
		if compacted != nil {
			rep.Compacted = compacted
		}
		if len(r.Sealed) > 0 || try == 1 || compacted != nil {
			ok, err := g.Commit(ctx, r.Device, commitMessage(r))
			if err != nil {
				return rep, gr, err
			}
			if ok {
				gr.Committed++
			}
		}
		if pullErr != nil {
			return rep, gr, fmt.Errorf("%w; this device's changes are committed in the folder and go out at the next sync", pullErr)
		}
		pushed, err := g.Push(ctx)
		if err == nil {
			gr.Pushed = pushed || gr.Pushed
			return rep, gr, nil
		}
		if try == tries {
			return rep, gr, err
		}
		// Most likely another device pushed after the fetch: merge its commits, and push
		// again.
	}
}

// merged adds a later sync's report to an earlier one's.
func merged(a, b *Report) *Report {
	if a == nil {
		return b
	}
	a.Sealed = append(a.Sealed, b.Sealed...)
	a.Applied = append(a.Applied, b.Applied...)
	a.Versions += b.Versions
	a.Waiting, a.Refused = b.Waiting, b.Refused
	return a
}

func commitMessage(r *Report) string {
	switch len(r.Sealed) {
	case 0:
		return "device " + r.Device.String()
	case 1:
		return "change set " + r.Sealed[0]
	}
	return fmt.Sprintf("%d change sets, %s to %s", len(r.Sealed), r.Sealed[0], r.Sealed[len(r.Sealed)-1])
}

// Publish commits this device's own files and pushes them, when the folder is a git
// work tree with a remote: what a compaction removed and wrote leaves with it. It
// returns nil, nil for a plain folder.
func (s *Syncer) Publish(ctx context.Context, what string) (*GitReport, error) {
	if err := s.folder(); err != nil {
		return nil, err
	}
	st, err := s.stored()
	if err != nil || st == nil {
		return nil, err
	}
	g, err := OpenGit(ctx, s.Folder)
	if err != nil || g == nil {
		return nil, err
	}
	gr := &GitReport{Remote: g.Remote, Branch: g.Branch}
	ok, err := g.Commit(ctx, st.device, what)
	if err != nil {
		return gr, err
	}
	if ok {
		gr.Committed++
	}
	if gr.Pushed, err = g.Push(ctx); err != nil {
		return gr, fmt.Errorf("%w; this device's files are committed in the folder and go out at the next sync", err)
	}
	return gr, nil
}

// GitStatus looks at the sync folder's git work tree: nil, nil for a plain folder
// (docs/SYNC.md "git").
func (s *Syncer) GitStatus(ctx context.Context) (*GitState, error) {
	if err := s.folder(); err != nil {
		return nil, err
	}
	g, err := OpenGit(ctx, s.Folder)
	if err != nil || g == nil {
		return nil, err
	}
	st, err := s.stored()
	if err != nil {
		return nil, err
	}
	var dev *portfolio.DeviceID
	if st != nil {
		dev = &st.device
	}
	return g.State(ctx, dev)
}
