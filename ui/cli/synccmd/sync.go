package synccmd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	fsync "github.com/foliohq/folio/portfolio/sync"
	"github.com/foliohq/folio/portfolio/sync/store"
	"github.com/foliohq/folio/ui/cli/clienv"
)

func syncCmd(s *session) *cobra.Command {
	var adopt bool
	var newFile string
	c := &cobra.Command{
		Use:   "sync",
		Short: "Exchange changes with your other devices through a shared folder",
		Long: "folio sync seals this vault's changes into the sync folder and merges the other devices'. " +
			"Start with 'folio sync init FOLDER' on the first device and 'folio sync join FOLDER' on each other; " +
			"a copy of a vault made by hand needs 'sync init FOLDER --new-device'.",
		Example: "folio sync init ~/Sync/folio\nfolio sync join ~/Sync/folio\nfolio sync\nfolio sync --new-passphrase\nfolio sync status\nfolio sync compact",
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return clienv.UnknownCommand(c, args[0])
			}
			if newFile != "" && newFile == s.PassphraseFile && newFile == "-" {
				return clienv.Usagef("the old and new passphrases cannot both come from standard input")
			}
			return s.runSync(adopt || newFile != "", newFile)
		},
	}
	c.Flags().BoolVar(&adopt, "new-passphrase", false, "take the passphrase changed on another device (asked for) as this vault's too")
	c.Flags().StringVar(&newFile, "new-passphrase-file", "", "as --new-passphrase, reading it from this file")
	c.AddCommand(initCmd(s), joinCmd(s), statusCmd(s), compactCmd(s))
	return c
}

func initCmd(s *session) *cobra.Command {
	var newDevice bool
	c := &cobra.Command{
		Use:     "init FOLDER",
		Short:   "Sync this vault through FOLDER, which your file-sync tool keeps in step",
		Example: "folio sync init ~/Sync/folio\nfolio sync init ~/Sync/folio --new-device",
		RunE: func(c *cobra.Command, args []string) error {
			folder, err := clienv.OneArg(c, args, "folder")
			if err != nil {
				return err
			}
			if strings.TrimSpace(folder) == "" {
				return clienv.Usagef("sync init needs a folder")
			}
			p, err := s.Open(false)
			if err != nil {
				return err
			}
			sy := &fsync.Syncer{P: p, Folder: folder, Now: s.Now}
			if err := sy.Init(newDevice); err != nil {
				if errors.Is(err, fsync.ErrCopy) {
					return clienv.Usagef("%v", err)
				}
				return err
			}
			fmt.Fprintf(s.Stdout, "This vault now syncs through %s. Run 'folio sync' to exchange changes (and before another device joins, so it finds this vault's records).\n", sy.Folder)
			return s.sayGit(sy)
		},
	}
	c.Flags().BoolVar(&newDevice, "new-device", false, "give this vault a device ID of its own first (it is a copy of another)")
	return c
}

func (s *session) runSync(adopt bool, newFile string) error {
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	if adopt {
		if err := s.adoptPassphrase(p, newFile); err != nil {
			return err
		}
	}
	sy := &fsync.Syncer{P: p, Now: s.Now}
	rep, gr, err := sy.Exchange(context.Background())
	if errors.Is(err, fsync.ErrNotSyncing) {
		return clienv.Usagef("%v", err)
	}
	// git out of reach still leaves a sync of the folder to report.
	gitErr := err
	if err != nil && (rep == nil || !errors.Is(err, fsync.ErrGit)) {
		return err
	}
	err = s.printReport(p, rep)
	s.printGit(gr)
	if err != nil {
		return err
	}
	return gitErr
}

func (s *session) printConflicts(p *portfolio.Portfolio) error {
	cs, err := store.Conflicts(p)
	if err != nil {
		return err
	}
	for _, c := range cs {
		fmt.Fprintf(s.Stdout, "conflict: %s %s has %d versions edited on different devices; 'folio history %s' shows them, 'folio restore %s --version N' keeps one\n",
			c.Kind, c.ID, len(c.Heads), c.ID, c.ID)
	}
	return nil
}

func plural(n int, one string, many ...string) string {
	if n == 1 {
		return "1 " + one
	}
	if len(many) > 0 {
		return fmt.Sprintf("%d %s", n, many[0])
	}
	return fmt.Sprintf("%d %ss", n, one)
}
