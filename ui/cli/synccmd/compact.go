package synccmd

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	fsync "github.com/foliohq/folio/portfolio/sync"
	"github.com/foliohq/folio/ui/cli/clienv"
)

func compactCmd(s *session) *cobra.Command {
	return &cobra.Command{
		Use:   "compact",
		Short: "Sync, then remove this device's change sets every other device has acknowledged",
		Long: "folio sync compact syncs first, so the other devices' acknowledgements are current, then writes a snapshot " +
			"of the portfolio for devices that join later and removes this device's own change sets that every device it " +
			"knows has applied, and the chunk files of attachments that nothing left names (erased, and every device has seen them go). It never removes another device's files, nor one a known device has not applied: it says " +
			"which device keeps them. A sync also compacts on its own once " + fmt.Sprint(fsync.DefaultCompactAt) + " of them can go.",
		Example: "folio sync compact",
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			return s.runCompact()
		},
	}
}

func (s *session) runCompact() error {
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	sy := &fsync.Syncer{P: p, Now: s.Now}
	rep, gr, err := sy.Exchange(context.Background())
	if errors.Is(err, fsync.ErrNotSyncing) {
		return clienv.Usagef("%v", err)
	}
	if err != nil && (rep == nil || !errors.Is(err, fsync.ErrGit)) {
		return err
	}
	if err := s.printReport(p, rep); err != nil {
		// Refused files leave the acknowledgements in doubt: compact once they are
		// resolved.
		s.printGit(gr)
		return err
	}
	s.printGit(gr)
	gitErr := err
	c, err := sy.Compaction()
	if err != nil {
		return err
	}
	printCompaction(s.Stdout, c)
	if len(c.Removed) > 0 && gitErr == nil {
		gr, err := sy.Publish(context.Background(), fmt.Sprintf("compaction, snapshot %s", c.Snapshot))
		s.printGit(gr)
		if err != nil {
			return err
		}
	}
	return gitErr
}

// printCompaction says what a compaction removed, what it kept, and which device keeps it.
func printCompaction(w io.Writer, c *fsync.Compaction) {
	if len(c.Removed) > 0 {
		fmt.Fprintf(w, "Compacted: removed %s of this device's; wrote the snapshot %s for devices that join later.\n",
			plural(len(c.Removed), "change set"), c.Snapshot)
	} else {
		fmt.Fprintln(w, "Compacted nothing: no change set of this device's has been applied by every device yet.")
	}
	if len(c.Chunks) > 0 {
		fmt.Fprintf(w, "Removed %s of this device's: attachments erased, that every device has seen go.\n",
			plural(len(c.Chunks), "chunk file"))
	}
	if len(c.Kept) == 0 {
		return
	}
	span := fmt.Sprintf("%d", c.Kept[0])
	if len(c.Kept) > 1 {
		span = fmt.Sprintf("%d to %d", c.Kept[0], c.Kept[len(c.Kept)-1])
	}
	if len(c.Behind) == 0 {
		fmt.Fprintf(w, "Kept %s (%s): no other device syncs through the folder yet.\n", plural(len(c.Kept), "change set"), span)
		return
	}
	fmt.Fprintf(w, "Kept %s (%s) that these devices have not acknowledged:\n", plural(len(c.Kept), "change set"), span)
	for _, b := range c.Behind {
		seen := "has acknowledged none of this device's"
		if b.Acked > 0 {
			seen = fmt.Sprintf("has acknowledged up to %d", b.Acked)
		}
		heard := "has never synced here"
		if !b.Last.IsZero() {
			heard = "last change " + b.Last.Local().Format("2006-01-02 15:04")
		}
		gone := ""
		if !b.InFolder {
			gone = "; its directory is gone from the folder"
		}
		fmt.Fprintf(w, "  %s  %s, %s%s\n", b.Device, seen, heard, gone)
	}
}
