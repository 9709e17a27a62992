package clienv

import (
	"fmt"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/snapshot"
)

// Session is one run: the environment plus the global flags.
type Session struct {
	Env
	VaultPath      string
	PassphraseFile string
	AcceptRollback bool
	// Unreadable is set when the vault opened without some of what was saved in it
	// (records missing, a lost last change): the command still runs, then exits 5.
	Unreadable bool
	StdinUsed  bool
	stdinPass  []byte // the first line of stdin, with --passphrase-file -
	stdinRest  []byte
	// snapshot delivers the day's automatic snapshot's outcome, once one was started;
	// NoSnapshot keeps a command from starting one.
	snapshot   <-chan snapshot.DailyResult
	NoSnapshot bool
	// NoSync keeps Open from applying other devices' changes from the sync folder
	// (--no-sync, and the commands that work on the vault as it is).
	NoSync bool
	// opened are the vaults this run opened, and warned the damage already told:
	// an entry's record is read only when shown, so damage can come to light after
	// the warnings at open.
	opened []*portfolio.Portfolio
	warned map[string]bool
}

// The day's first unlock takes an automatic snapshot (portfolio/snapshots.go). A
// command starts it in the background as soon as the vault is unlocked, so it runs
// while the command does its work; closing the vault waits for it, so it ends before
// folio exits and a one-shot command is delayed only when the snapshot takes longer
// than the command's own work. Its failure is a warning: the command's work is done.

// SnapshotPolicy reads the snapshot settings from the configuration folder.
func (s *Session) SnapshotPolicy() (snapshot.Policy, error) {
	dir, err := s.Dirs().Config()
	if err != nil {
		return snapshot.DefaultPolicy(), nil
	}
	return snapshot.LoadPolicy(dir)
}

// startSnapshot begins the day's snapshot of p, unless one was begun or the command
// asked for none.
func (s *Session) startSnapshot(p *portfolio.Portfolio) {
	if s.NoSnapshot || s.snapshot != nil {
		return
	}
	pol, err := s.SnapshotPolicy()
	if err != nil {
		fmt.Fprintf(s.Stderr, "folio: warning: no automatic snapshot today: %s.\n", strings.TrimPrefix(err.Error(), "invalid input: "))
		return
	}
	s.snapshot = snapshot.StartDaily(p, pol)
}

// FinishSnapshot waits for the day's snapshot, if one was started, and warns if it
// failed.
func (s *Session) FinishSnapshot() {
	if s.snapshot == nil {
		return
	}
	r := <-s.snapshot
	s.snapshot = nil
	if len(r.Swept) > 0 {
		fmt.Fprintf(s.Stderr, "folio: removed %d unfinished file(s) that an interrupted folio left in %s: %s.\n",
			len(r.Swept), r.Folder, strings.Join(r.Swept, ", "))
	}
	if r.Err != nil {
		fmt.Fprintf(s.Stderr, "folio: warning: today's automatic snapshot was not kept: %v.\n", r.Err)
	}
}
