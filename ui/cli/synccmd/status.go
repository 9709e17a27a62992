package synccmd

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	fsync "github.com/foliohq/folio/portfolio/sync"
	"github.com/foliohq/folio/portfolio/sync/store"
	"github.com/foliohq/folio/ui/cli/clienv"
)

// gitLook bounds how long status waits on git, which it runs only locally.
const gitLook = 30 * time.Second

func statusCmd(s *session) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "status",
		Short: "List the devices of the sync folder, what is pending, conflicts, and the folder's health",
		Long: "folio sync status reads the vault and the sync folder and changes neither: each device, what it has applied, " +
			"what waits to be sent or applied, records in conflict, files a sync would refuse, and, for a folder that is a " +
			"git clone, its branch, remote, commits ahead and behind (as of the last fetch) and this device's files not yet " +
			"committed. It exits with status 5 if the folder holds files a sync refuses.",
		Example: "folio sync status\nfolio sync status --json",
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			return s.runStatus(asJSON)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the status as JSON")
	return c
}

// statusJSON is `folio sync status --json` (docs/CLI.md).
type statusJSON struct {
	Folder     string          `json:"folder"`
	Device     string          `json:"device"`
	Devices    []deviceJSON    `json:"devices"`
	Unsealed   int             `json:"unsealed"`
	Ready      []string        `json:"ready"`
	Waiting    []string        `json:"waiting"`
	Refused    []refusedJSON   `json:"refused"`
	Unrecorded []string        `json:"unrecorded"`
	Leftovers  []string        `json:"leftovers"`
	Snapshots  []string        `json:"snapshots"`
	KeyFiles   int             `json:"key_files"`
	Conflicts  []conflictJSON  `json:"conflicts"`
	Git        *fsync.GitState `json:"git"`
	Healthy    bool            `json:"healthy"`
}

type deviceJSON struct {
	ID           string `json:"id"`
	Self         bool   `json:"self"`
	Files        int    `json:"files"`
	Applied      uint64 `json:"applied"`
	Acknowledged uint64 `json:"acknowledged"`
	LastChange   string `json:"last_change,omitempty"`
}

type refusedJSON struct {
	File  string `json:"file"`
	Error string `json:"error"`
}

type conflictJSON struct {
	Kind     portfolio.Kind `json:"kind"`
	ID       string         `json:"id"`
	Versions int            `json:"versions"`
}

func (s *session) runStatus(asJSON bool) error {
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	sy := &fsync.Syncer{P: p, Now: s.Now}
	devs, err := sy.Status()
	if errors.Is(err, fsync.ErrNotSyncing) {
		return clienv.Usagef("%v", err)
	}
	if err != nil {
		return err
	}
	h, err := sy.Health()
	if err != nil {
		return err
	}
	cs, err := store.Conflicts(p)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), gitLook)
	defer cancel()
	gs, gitErr := sy.GitStatus(ctx)
	out := statusJSON{Folder: sy.Folder, Devices: []deviceJSON{}, Unsealed: h.Unsealed, Ready: nonNil(h.Ready),
		Waiting: nonNil(h.Waiting), Refused: []refusedJSON{}, Unrecorded: nonNil(h.Unrecorded), Leftovers: nonNil(h.Leftovers),
		Snapshots: nonNil(h.Snapshots), KeyFiles: h.KeyFiles, Conflicts: []conflictJSON{}, Git: gs, Healthy: len(h.Refused) == 0 && gitErr == nil}
	for _, d := range devs {
		dj := deviceJSON{ID: d.Device.String(), Self: d.Self, Files: d.Files, Applied: d.Applied, Acknowledged: d.Acked}
		if d.Self {
			out.Device = dj.ID
		} else if !d.Last.IsZero() {
			dj.LastChange = d.Last.UTC().Format(clienv.TimeFormat)
		}
		out.Devices = append(out.Devices, dj)
	}
	for _, r := range h.Refused {
		out.Refused = append(out.Refused, refusedJSON{File: r.File, Error: r.Err.Error()})
	}
	for _, c := range cs {
		out.Conflicts = append(out.Conflicts, conflictJSON{Kind: c.Kind, ID: string(c.ID), Versions: len(c.Heads)})
	}
	if gs != nil && gs.Uncommitted == nil {
		gs.Uncommitted = []string{}
	}
	if asJSON {
		if err := clienv.WriteJSON(s.Stdout, out); err != nil {
			return err
		}
	} else {
		if err := s.printStatus(p, sy.Folder, devs, h, gs, gitErr); err != nil {
			return err
		}
	}
	if len(h.Refused) > 0 {
		return &clienv.DamagedError{Msg: fmt.Sprintf("%s in the sync folder refused (listed above): changed, moved or not this portfolio's; nothing of them is applied", plural(len(h.Refused), "file is", "files are"))}
	}
	return gitErr
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (s *session) printStatus(p *portfolio.Portfolio, folder string, devs []fsync.DeviceStatus, h *fsync.Health, gs *fsync.GitState, gitErr error) error {
	w := s.Stdout
	fmt.Fprintf(w, "Folder: %s\n", folder)
	if gs != nil {
		printGitState(s, gs)
	}
	for _, d := range devs {
		if d.Self {
			fmt.Fprintf(w, "  %s  this device: %s written, %s in the folder\n", d.Device, plural(int(d.Applied), "change set"), plural(d.Files, "file"))
			continue
		}
		last := "never"
		if !d.Last.IsZero() {
			last = d.Last.Local().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(w, "  %s  applied %d, last change %s, has applied %d of this device's\n", d.Device, d.Applied, last, d.Acked)
	}
	send := "nothing new to send"
	if h.Unsealed > 0 {
		send = plural(h.Unsealed, "version") + " written here to send"
	}
	take := "nothing to apply"
	if len(h.Ready) > 0 {
		take = plural(len(h.Ready), "change set") + " from other devices to apply"
	}
	fmt.Fprintf(w, "Pending: %s; %s.\n", send, take)
	for _, f := range h.Waiting {
		fmt.Fprintf(w, "waiting: %s (still arriving, or after one that has not)\n", f)
	}
	for _, f := range h.Unrecorded {
		fmt.Fprintf(w, "unrecorded: %s (written by a sync that was cut short; the next sync counts it)\n", f)
	}
	for _, f := range h.Leftovers {
		fmt.Fprintf(w, "leftover: %s (a write that was cut short; harmless, replaced by the next)\n", f)
	}
	for _, r := range h.Refused {
		fmt.Fprintf(w, "refused: %v\n", r)
	}
	snaps := "no snapshot"
	if len(h.Snapshots) > 0 {
		snaps = plural(len(h.Snapshots), "snapshot")
	}
	health := "good"
	switch {
	case len(h.Refused) > 0:
		health = plural(len(h.Refused), "file", "files") + " refused"
	case gitErr != nil:
		health = "git: " + gitErr.Error()
	}
	fmt.Fprintf(w, "Health: %s (%s, %s).\n", health, plural(h.KeyFiles, "key file"), snaps)
	return s.printConflicts(p)
}

func printGitState(s *session, gs *fsync.GitState) {
	where := fmt.Sprintf("a clone of %s/%s on branch %s", gs.Remote, gs.Branch, gs.Local)
	var state string
	switch {
	case !gs.Fetched && gs.Ahead == 0:
		state = "nothing pushed yet"
	case !gs.Fetched:
		state = fmt.Sprintf("%s not pushed yet", plural(gs.Ahead, "commit"))
	default:
		state = fmt.Sprintf("%d ahead, %d behind as of the last fetch", gs.Ahead, gs.Behind)
	}
	own := "every file of this device's committed"
	if n := len(gs.Uncommitted); n > 0 {
		own = plural(n, "file") + " of this device's not committed yet"
	}
	fmt.Fprintf(s.Stdout, "git: %s; %s; %s.\n", where, state, own)
}
