package records

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
	"github.com/foliohq/folio/ui/viewer"
)

func attachmentOpenCmd(s *session) *cobra.Command {
	return &cobra.Command{
		Use:   "open ID",
		Short: "Show an attached file in the system's viewer, leaving no copy behind",
		Long: "Show an attached file in the system's viewer (xdg-open, or the command in " + viewer.EnvViewer + "). " +
			"The viewer reads a copy in a private folder in memory (XDG_RUNTIME_DIR or /dev/shm), " +
			"which is overwritten and removed when you are done: when a viewer named in " + viewer.EnvViewer +
			" exits, or, with the system's opener, which returns at once, when you press Enter. " +
			"Where no such folder exists folio refuses; use folio attachment save instead.",
		Example: `folio attachment open 9fz2
FOLIO_VIEWER=evince folio attachment open 9fz2`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "attachment ID (folio attachments lists them)")
			if err != nil {
				return err
			}
			v := viewer.New(s.Getenv)
			if _, waits := v.Command(""); !waits {
				// The opener returns before the file is read: only the person can
				// say when the copy may go, so a terminal is needed to ask.
				t, err := s.TTY()
				if err != nil {
					return clienv.Usagef("with the system's opener folio needs a terminal to hear when you are done with the file; set %s to a viewer command that stays open while it shows the file, or use folio attachment save", viewer.EnvViewer)
				}
				t.Close()
			}
			return s.openAttachment(v, arg)
		},
	}
}

// openAttachment copies the attachment arg into a private folder, shows it, and
// wipes the copy when the person is done, or if folio is interrupted or terminated
// first. The vault is closed while the file is shown.
func (s *session) openAttachment(v *viewer.Viewer, arg string) error {
	// Copies a killed folio could not wipe go first.
	v.SweepStale()
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	a, err := attachment.ResolveAttachment(p, arg)
	if err != nil {
		p.Close()
		return err
	}
	r, err := attachment.OpenAttachment(p, a)
	if err != nil {
		p.Close()
		return err
	}
	signals := make(chan os.Signal, 1)
	// SIGHUP too: a closed terminal must not leave the copy behind.
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(signals)
	o, err := v.Open(a.Name, r)
	r.Close()
	p.Close()
	if errors.Is(err, viewer.ErrNoPrivatePlace) {
		return clienv.Usagef("%s", err)
	}
	if err != nil {
		return err
	}
	defer o.Wipe()
	name := sanitize.Line(a.Name)
	select {
	case sig := <-signals:
		return fmt.Errorf("%s while %s was open; the copy was wiped", sig, name)
	case <-o.Done():
	}
	if err := o.Err(); err != nil {
		return fmt.Errorf("the viewer %s failed (%v); the copy was wiped", sanitize.Line(o.Command[0]), err)
	}
	if o.Waits() {
		fmt.Fprintf(s.Stderr, "Closed %s; the copy was wiped.\n", name)
		return nil
	}
	t, err := s.TTY()
	if err != nil {
		return clienv.Usagef("no terminal to hear when you are done; the copy was wiped")
	}
	defer t.Close()
	fmt.Fprintf(t.Out, "Opened %s. Press Enter when you have finished with it; the copy is wiped then.", name)
	line := make(chan struct{})
	go func() {
		bufio.NewReader(t.In).ReadString('\n')
		close(line)
	}()
	select {
	case sig := <-signals:
		fmt.Fprintln(t.Out)
		return fmt.Errorf("%s while %s was open; the copy was wiped", sig, name)
	case <-line:
	}
	fmt.Fprintf(s.Stderr, "The copy of %s was wiped.\n", name)
	return nil
}
