package vaultcmd

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/snapshot"
	"github.com/foliohq/folio/ui/cli/clienv"
)

func backupCmd(s *session) *cobra.Command {
	var force bool
	c := &cobra.Command{
		Use:   "backup OUT",
		Short: "Write an encrypted copy of the vault; list, restore or rekey the automatic snapshots",
		Long: "Write an encrypted copy of the vault to OUT. It opens with the passphrase the vault has now.\n\n" +
			"folio also takes a snapshot by itself on the first unlock of each day, verifies it, and keeps " +
			"7 daily, 4 weekly and 6 monthly ones in a folder named backups beside the vault (change this with " +
			"'folio settings --snapshots', '--snapshot-folder' and '--keep'). 'backup list' shows them, " +
			"'backup restore' brings one back, and 'backup rekey' makes the older ones open with today's passphrase.",
		Example: `folio backup ~/folio-backup.folio
folio backup list
folio backup restore vault-3f9c2a1b-20261128-091500.folio
folio backup rekey`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "argument: the file to write, as in: folio backup ~/folio-backup.folio")
			if err != nil {
				return err
			}
			return runBackup(s, arg, force)
		},
	}
	c.Flags().BoolVar(&force, "force", false, "replace OUT if it exists")
	c.AddCommand(backupListCmd(s), backupRestoreCmd(s), backupRekeyCmd(s))
	return c
}

// SnapshotRow is a snapshot as `backup list` shows it.
type SnapshotRow struct {
	Name              string `json:"name"`
	Taken             string `json:"taken"`
	Records           int    `json:"records"`
	Damaged           int    `json:"damaged"`
	CurrentPassphrase bool   `json:"current_passphrase"`
	Problem           string `json:"problem,omitempty"`
}

func backupListCmd(s *session) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:     "list",
		Short:   "List the automatic snapshots, newest first, each verified",
		Example: "folio backup list",
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			return runBackupList(s, asJSON)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func runBackupList(s *session, asJSON bool) error {
	pol, err := s.SnapshotPolicy()
	if err != nil {
		return err
	}
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	folder := snapshot.Folder(p, pol)
	snaps, err := snapshot.List(p, folder)
	if err != nil {
		return err
	}
	rows := make([]SnapshotRow, 0, len(snaps))
	for _, sn := range snaps {
		row := SnapshotRow{Name: sn.Name(), Taken: sn.Taken.Local().Format("2006-01-02 15:04:05")}
		check, err := p.VerifySnapshot(sn.Path)
		if err != nil {
			row.Problem = err.Error()
		}
		row.Records, row.Damaged, row.CurrentPassphrase = check.Records, len(check.Damaged)+len(check.Structure), check.CurrentPassphrase
		rows = append(rows, row)
	}
	if asJSON {
		return clienv.WriteJSON(s.Stdout, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintf(s.Stderr, "No snapshots in %s yet.\n", folder)
		return nil
	}
	fmt.Fprintf(s.Stdout, "Snapshots in %s, newest first:\n", folder)
	stale := 0
	for _, r := range rows {
		state := "opens with today's passphrase"
		switch {
		case r.Problem != "":
			state = "cannot be used: " + r.Problem
		case r.Damaged > 0:
			state = fmt.Sprintf("DAMAGED: %d records could not be read", r.Damaged)
		case !r.CurrentPassphrase:
			state = "opens with an earlier passphrase"
			stale++
		}
		fmt.Fprintf(s.Stdout, "  %s  %s  %d records  %s\n", r.Name, r.Taken, r.Records, state)
	}
	if stale > 0 {
		fmt.Fprintf(s.Stdout, "%d open with the passphrase the vault had when they were taken; 'folio backup rekey' makes them open with today's.\n", stale)
	}
	return nil
}

// snapshotPath finds a snapshot named by the user: a path, or a name in folder.
func snapshotPath(arg, folder string) string {
	if strings.ContainsRune(arg, filepath.Separator) || strings.ContainsRune(arg, '/') {
		return arg
	}
	if _, err := os.Stat(filepath.Join(folder, arg)); err != nil {
		if _, err := os.Stat(arg); err == nil {
			return arg
		}
	}
	return filepath.Join(folder, arg)
}

func backupRestoreCmd(s *session) *cobra.Command {
	var yes bool
	c := &cobra.Command{
		Use:   "restore SNAPSHOT",
		Short: "Bring the vault back to a snapshot, keeping the vault as it is now as a snapshot first",
		Long: "Replace the vault with SNAPSHOT (a name from 'folio backup list', or a path). The vault as it is now is " +
			"kept as a snapshot first, so a restore can be undone by restoring that one. The restored vault opens " +
			"with today's passphrase. At a terminal folio asks first; in a script pass --yes.",
		Example: "folio backup restore vault-3f9c2a1b-20261128-091500.folio",
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "snapshot: a name from 'folio backup list'")
			if err != nil {
				return err
			}
			return runBackupRestore(s, arg, yes)
		},
	}
	c.Flags().BoolVarP(&yes, "yes", "y", false, "restore without asking")
	return c
}

func runBackupRestore(s *session, arg string, yes bool) error {
	pol, err := s.SnapshotPolicy()
	if err != nil {
		return err
	}
	// The restore keeps its own snapshot of the vault as it is.
	s.NoSnapshot = true
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	folder := snapshot.Folder(p, pol)
	path := snapshotPath(arg, folder)
	if _, err := os.Stat(path); err != nil {
		return clienv.Usagef("there is no snapshot %s; 'folio backup list' shows them", arg)
	}
	check, err := p.VerifySnapshot(path)
	if errors.Is(err, snapshot.ErrNotThisVault) {
		return clienv.Usagef("%s is not a snapshot of this vault; nothing was changed", arg)
	}
	if err != nil {
		return err
	}
	if !check.OK() {
		return &clienv.DamagedError{Msg: fmt.Sprintf("the snapshot %s is damaged; nothing was changed. Choose another from 'folio backup list'", arg)}
	}
	question := fmt.Sprintf("Restore the vault to %s (%d records)? The vault as it is now (%d entries) is kept as a snapshot first.",
		filepath.Base(path), check.Records, p.EntryCount())
	if !yes && !s.ConfirmAtTerminal(question) {
		if _, err := s.TTY(); err != nil {
			return clienv.Usagef("restoring replaces the vault; pass --yes to do it without a terminal to ask at")
		}
		return clienv.Usagef("nothing was restored")
	}
	before, err := snapshot.Restore(p, path, folder)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Stdout, "Restored the vault from %s; it opens with today's passphrase.\nThe vault as it was is kept as %s.\n",
		filepath.Base(path), before.Name())
	return nil
}

func backupRekeyCmd(s *session) *cobra.Command {
	return &cobra.Command{
		Use:     "rekey",
		Short:   "Make the snapshots taken before a passphrase change open with today's passphrase",
		Example: "folio backup rekey",
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			return runBackupRekey(s)
		},
	}
}

func runBackupRekey(s *session) error {
	pol, err := s.SnapshotPolicy()
	if err != nil {
		return err
	}
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	s.FinishSnapshot()
	n, err := rekeySnapshots(p, pol)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Stdout, "Rekeyed %d snapshot(s); every snapshot of this vault now opens with today's passphrase.\n", n)
	return nil
}

// rekeySnapshots rekeys the snapshots that open with an earlier passphrase.
func rekeySnapshots(p *portfolio.Portfolio, pol snapshot.Policy) (int, error) {
	stale, err := staleSnapshots(p, pol)
	n := 0
	for _, sn := range stale {
		if err := p.RekeySnapshot(sn.Path); err != nil {
			return n, fmt.Errorf("cannot rekey %s: %w", sn.Name(), err)
		}
		n++
	}
	return n, err
}

// staleSnapshots are the snapshots that open with an earlier passphrase than today's.
func staleSnapshots(p *portfolio.Portfolio, pol snapshot.Policy) ([]snapshot.Snapshot, error) {
	snaps, err := snapshot.List(p, snapshot.Folder(p, pol))
	if err != nil {
		return nil, err
	}
	var stale []snapshot.Snapshot
	for _, sn := range snaps {
		if check, err := p.VerifySnapshot(sn.Path); err == nil && !check.CurrentPassphrase {
			stale = append(stale, sn)
		}
	}
	return stale, nil
}

// snapshotFlags change the automatic snapshot settings, which live in the
// configuration folder (backups.toml) so they apply before the vault is unlocked.
type snapshotFlags struct {
	onOff, folder, keep string
}

func (f *snapshotFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&f.onOff, "snapshots", "", "on or off: a verified snapshot on the first unlock of each day")
	c.Flags().StringVar(&f.folder, "snapshot-folder", "", "where snapshots go (default: a folder named backups beside the vault)")
	c.Flags().StringVar(&f.keep, "keep", "", "how many daily, weekly and monthly snapshots to keep, as in 7,4,6")
}

// setSnapshotPolicy saves the snapshot settings the flags change, if any.
func (s *session) setSnapshotPolicy(c *cobra.Command, f snapshotFlags) error {
	if !c.Flags().Changed("snapshots") && !c.Flags().Changed("snapshot-folder") && !c.Flags().Changed("keep") {
		return nil
	}
	dir, err := s.Dirs().Config()
	if err != nil {
		return err
	}
	pol, err := snapshot.LoadPolicy(dir)
	if err != nil {
		return err
	}
	if c.Flags().Changed("snapshots") {
		switch strings.ToLower(f.onOff) {
		case "on":
			pol.Off = false
		case "off":
			pol.Off = true
		default:
			return clienv.Usagef("--snapshots is on or off, not %q", f.onOff)
		}
	}
	if c.Flags().Changed("snapshot-folder") {
		pol.Folder = ""
		if !isNone(f.folder) && f.folder != "default" {
			if pol.Folder, err = filepath.Abs(f.folder); err != nil {
				return err
			}
		}
	}
	if c.Flags().Changed("keep") {
		var d, w, m int
		if n, err := fmt.Sscanf(f.keep, "%d,%d,%d", &d, &w, &m); err != nil || n != 3 || fmt.Sprintf("%d,%d,%d", d, w, m) != strings.ReplaceAll(f.keep, " ", "") {
			return clienv.Usagef("--keep takes three counts, daily, weekly and monthly, as in 7,4,6")
		}
		pol.Daily, pol.Weekly, pol.Monthly = d, w, m
	}
	if err := pol.Validate(); err != nil {
		return clienv.Usagef("%v", err)
	}
	return snapshot.SavePolicy(dir, pol)
}

// describeSnapshots is the snapshot settings as `folio settings` shows them.
func (s *session) describeSnapshots(p *portfolio.Portfolio) string {
	pol, err := s.SnapshotPolicy()
	if err != nil {
		return "the settings cannot be read: " + err.Error()
	}
	if pol.Off {
		return "off (turn on with --snapshots on)"
	}
	return fmt.Sprintf("daily, in %s, keeping %d daily, %d weekly and %d monthly", snapshot.Folder(p, pol), pol.Daily, pol.Weekly, pol.Monthly)
}
