package synccmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	fsync "github.com/foliohq/folio/portfolio/sync"
	"github.com/foliohq/folio/portfolio/sync/store"
	"github.com/foliohq/folio/ui/cli/clienv"
)

func joinCmd(s *session) *cobra.Command {
	return &cobra.Command{
		Use:   "join FOLDER",
		Short: "Make a vault for this device from a sync folder another device syncs through",
		Long: "folio sync join FOLDER creates a new vault (at --vault, or the usual place) for this device, " +
			"unlocked by the portfolio's passphrase, and fills it from the other devices' change sets in FOLDER.",
		Example: "folio sync join ~/Sync/folio\nfolio sync join ~/Sync/folio --vault ~/work.folio",
		RunE: func(c *cobra.Command, args []string) error {
			folder, err := clienv.OneArg(c, args, "folder")
			if err != nil {
				return err
			}
			if strings.TrimSpace(folder) == "" {
				return clienv.Usagef("sync join needs a folder")
			}
			return s.runJoin(folder)
		},
	}
}

func (s *session) runJoin(folder string) error {
	path, err := s.Path()
	if err != nil {
		return err
	}
	ask := func() ([]byte, error) { return s.Passphrase("Passphrase of the portfolio in " + folder + ": ") }
	p, rep, err := fsync.Join(folder, path, ask, portfolio.Options{Now: s.Now})
	switch {
	case errors.Is(err, fsync.ErrNoKey) && isGitClone(folder):
		// A clone made before the first device pushed, or not pulled since.
		return clienv.Usagef("%v; it is a git clone: pull it first (git -C %s pull); nothing was created", err, folder)
	case errors.Is(err, fsync.ErrNotFolder), errors.Is(err, fsync.ErrNoKey):
		return clienv.Usagef("%v; nothing was created", err)
	case err != nil:
		return err
	}
	defer p.Close()
	fmt.Fprintf(s.Stdout, "Created a vault at %s for this device, which now syncs through %s; it opens with the same passphrase.\n", path, folder)
	if err := s.printReport(p, rep); err != nil {
		return err
	}
	if len(rep.Applied) == 0 && rep.Snapshot == "" && len(rep.Waiting) == 0 {
		// An empty vault after a join looks like loss; say why it is empty.
		fmt.Fprintln(s.Stdout, "The folder holds no changes yet: run 'folio sync' on the device that set it up, then 'folio sync' here.")
	}
	if len(rep.Sealed) == 0 {
		return nil
	}
	// In a git clone, what the join wrote (its acknowledgement) goes out now, as a
	// sync's would.
	if err := s.sayGit(&fsync.Syncer{P: p, Folder: folder}); err != nil {
		return err
	}
	gr, err := (&fsync.Syncer{P: p, Now: s.Now}).Publish(context.Background(), commitJoin)
	s.printGit(gr)
	return err
}

const commitJoin = "a device joined"

// printReport tells what a sync did, and returns an error if it refused anything.
func (s *session) printReport(p *portfolio.Portfolio, rep *fsync.Report) error {
	if rep.Snapshot != "" {
		fmt.Fprintf(s.Stdout, "Started from the snapshot %s, written when the other devices compacted.\n", rep.Snapshot)
	}
	for _, w := range rep.Waiting {
		fmt.Fprintf(s.Stdout, "waiting: %s\n", w)
	}
	for _, r := range rep.Refused {
		fmt.Fprintf(s.Stdout, "refused: %v\n", r)
	}
	news := plural(rep.Versions, "version")
	if rep.Attached > 0 {
		news += ", " + plural(rep.Attached, "attachment")
	}
	fmt.Fprintf(s.Stdout, "Sealed %s; applied %s from other devices (%s new).\n",
		plural(len(rep.Sealed), "change set"), plural(len(rep.Applied), "change set"), news)
	if rep.KeyPublished != "" {
		fmt.Fprintf(s.Stdout, "The passphrase was changed here: the sync folder now holds it (%s); other devices will ask for it.\n", rep.KeyPublished)
	}
	if k := rep.KeyChanged; k != nil {
		fmt.Fprintf(s.Stdout, "The passphrase was changed on device %s on %s. This vault still opens with its old one; run 'folio sync --new-passphrase' and give the new one to use it here too.\n",
			k.Device, k.When.Local().Format("2006-01-02 15:04"))
	}
	if rep.Compacted != nil {
		fmt.Fprintf(s.Stdout, "The folder held %d or more change sets of this device's that every device has applied, so this sync compacted them.\n", fsync.DefaultCompactAt)
		printCompaction(s.Stdout, rep.Compacted)
	}
	if err := s.printConflicts(p); err != nil {
		return err
	}
	if len(rep.Refused) > 0 {
		return &clienv.DamagedError{Msg: fmt.Sprintf("%s in the sync folder refused (listed above): changed, moved or not this portfolio's; nothing of them was applied", plural(len(rep.Refused), "file was", "files were"))}
	}
	return nil
}

// adoptPassphrase asks for the passphrase set on another device and makes it this
// vault's, if it opens the folder's newest key header with this vault's key.
func (s *session) adoptPassphrase(p *portfolio.Portfolio, newFile string) error {
	var pass []byte
	var err error
	if newFile != "" {
		sub := &clienv.Session{Env: s.Env, PassphraseFile: newFile, StdinUsed: s.StdinUsed}
		pass, err = sub.Passphrase("")
	} else {
		pass, err = s.Prompt("The new passphrase, set on another device: ")
	}
	if err != nil {
		return err
	}
	defer clear(pass)
	sy := &fsync.Syncer{P: p, Now: s.Now}
	k, err := sy.AdoptKey(pass)
	switch {
	case errors.Is(err, fsync.ErrNotSyncing):
		return clienv.Usagef("%v", err)
	case errors.Is(err, portfolio.ErrWrongPassphrase):
		return fmt.Errorf("%w: it does not open the sync folder's newest key", err)
	case errors.Is(err, store.ErrOtherKey):
		return &clienv.DamagedError{Msg: "the sync folder's newest key is another portfolio's; nothing was changed"}
	case err != nil:
		return err
	}
	fmt.Fprintf(s.Stdout, "This vault now opens with the passphrase set on device %s; the old one no longer opens it.\n", k.Device)
	return nil
}

// isGitClone says whether folder is the top of a git work tree.
func isGitClone(folder string) bool {
	_, err := os.Lstat(filepath.Join(folder, ".git"))
	return err == nil
}
