package clienv

import (
	"fmt"
	"strings"

	"github.com/foliohq/folio/portfolio"
	fsync "github.com/foliohq/folio/portfolio/sync"
	"github.com/spf13/cobra"
)

// A command that opens a vault with a sync folder first applies what the other
// devices have put there (docs/CLI.md "Sync between devices"): the folder as it is on
// disk, never git or the network. Nothing new costs the sync state and a listing of
// the folder. A problem never fails the command: it is one line on stderr, and the
// command goes on with the vault as it was.

// syncOnOpen applies other devices' new change sets to p, opened from path with pass.
// A command that opened the vault read-only gets it back opened to write (one more
// key derivation) when there is something to apply; the portfolio returned is the
// one to use, and is open unless err is set.
func (s *Session) syncOnOpen(p *portfolio.Portfolio, path string, pass []byte, readOnly bool) (*portfolio.Portfolio, error) {
	if s.NoSync {
		return p, nil
	}
	news, err := (&fsync.Syncer{P: p}).Incoming()
	if err != nil {
		s.syncWarning(err)
		return p, nil
	}
	if !news {
		return p, nil
	}
	if readOnly {
		p.Close()
		w, err := portfolio.Open(path, pass, portfolio.Options{Now: s.Now, AcceptRollback: s.AcceptRollback})
		if err != nil {
			// In use by another reader, or on a disk that cannot be written: the
			// command reads the vault as it was.
			s.syncWarning(fmt.Errorf("the vault could not be opened to apply other devices' changes: %w", err))
			return portfolio.Open(path, pass, portfolio.Options{Now: s.Now, ReadOnly: true, AcceptRollback: s.AcceptRollback})
		}
		p = w
	}
	rep, err := (&fsync.Syncer{P: p, Now: s.Now}).Sync()
	switch {
	case err != nil:
		s.syncWarning(err)
	case rep != nil && len(rep.Refused) > 0:
		s.syncWarning(rep.Refused[0])
	}
	return p, nil
}

func (s *Session) syncWarning(err error) {
	msg := strings.TrimSuffix(err.Error(), ".")
	fmt.Fprintf(s.Stderr, "folio: sync: %s; run 'folio sync' to see why.\n", msg)
}

// WithoutSync keeps the commands, and those under them, from syncing when they open
// the vault: the sync group itself, and the commands that work on the vault as it is
// (init, settings, backup and its snapshots, passwd, check).
func WithoutSync(s *Session, cmds ...*cobra.Command) []*cobra.Command {
	for _, c := range cmds {
		if run := c.RunE; run != nil {
			c.RunE = func(c *cobra.Command, args []string) error {
				s.NoSync = true
				return run(c, args)
			}
		}
		WithoutSync(s, c.Commands()...)
	}
	return cmds
}
