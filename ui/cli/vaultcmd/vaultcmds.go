package vaultcmd

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/snapshot"
	fsync "github.com/foliohq/folio/portfolio/sync"
	"github.com/foliohq/folio/ui/cli/clienv"
)

// kdfFlags are the Argon2id settings for init and passwd.
type kdfFlags struct {
	time, memoryMiB, threads uint
	// given and all say whether any, and all, of the three were on the command line,
	// so that a 0 typed by the user is refused rather than read as "not given".
	given, all bool
}

func (k *kdfFlags) register(fs interface {
	UintVar(*uint, string, uint, string)
}, def portfolio.KDFParams) {
	fs.UintVar(&k.time, "kdf-time", uint(def.Time), "Argon2id passes")
	fs.UintVar(&k.memoryMiB, "kdf-memory", uint(def.MemoryKiB/1024), "Argon2id memory in MiB")
	fs.UintVar(&k.threads, "kdf-threads", uint(def.Threads), "Argon2id threads")
}

func (k *kdfFlags) params() (portfolio.KDFParams, error) {
	if k.time > 1<<16 || k.memoryMiB > 1<<16 || k.threads > 255 {
		return portfolio.KDFParams{}, clienv.Usagef("the key derivation settings are far too large")
	}
	p := portfolio.KDFParams{Time: uint32(k.time), MemoryKiB: uint32(k.memoryMiB) * 1024, Threads: uint8(k.threads)}
	if err := p.Validate(); err != nil {
		return p, clienv.Usagef("%v (use --kdf-time 1-32, --kdf-memory 1-1024 MiB, --kdf-threads 1-64)", err)
	}
	return p, nil
}

func initCmd(s *session) *cobra.Command {
	var kdf kdfFlags
	c := &cobra.Command{
		Use:   "init",
		Short: "Create a vault",
		Example: `folio init
folio init --vault ~/Documents/folio.vault`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, "the vault path goes in --vault"); err != nil {
				return err
			}
			return runInit(s, kdf)
		},
	}
	kdf.register(c.Flags(), portfolio.DefaultKDF)
	return c
}

func runInit(s *session, kdf kdfFlags) error {
	params, err := kdf.params()
	if err != nil {
		return err
	}
	path, err := s.Path()
	if err != nil {
		return err
	}
	if portfolio.Exists(path) {
		return fmt.Errorf("%w: a vault is already at %s; nothing was changed", portfolio.ErrExists, path)
	}
	pass, err := s.newPassphrase("New passphrase: ")
	if err != nil {
		return err
	}
	p, err := portfolio.Create(path, pass, portfolio.Options{KDF: params, Now: s.Now})
	clear(pass)
	if err != nil {
		return err
	}
	defer p.Close()
	fmt.Fprintf(s.Stdout, "Created a vault at %s.\nKeep the passphrase safe: it cannot be recovered, and without it nothing in the vault can be read.\n", path)
	return nil
}

// newPassphrase asks twice on a terminal, or reads once from --passphrase-file.
func (s *session) newPassphrase(prompt string) ([]byte, error) {
	pass, err := s.Passphrase(prompt)
	if err != nil || s.PassphraseFile != "" {
		return pass, err
	}
	again, err := s.Prompt("Repeat it: ")
	if err != nil {
		clear(pass)
		return nil, err
	}
	same := bytes.Equal(pass, again)
	clear(again)
	if !same {
		clear(pass)
		return nil, clienv.Usagef("the two passphrases differ; nothing was created")
	}
	return pass, nil
}

func runBackup(s *session, arg string, force bool) error {
	if arg == "-" {
		// A backup is a vault file, made by copying the open vault; it is written
		// only where it is named, never through a temporary file.
		return clienv.Usagef("a backup is a vault file: name it, as in: folio backup ~/folio-backup.folio")
	}
	if err := checkBackupPath(arg); err != nil {
		return err
	}
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	s.SweepStale(arg)
	if err := p.Backup(arg, force); err != nil {
		if errors.Is(err, portfolio.ErrExists) {
			return clienv.Usagef("%s already exists; choose another name or pass --force", arg)
		}
		return err
	}
	fmt.Fprintf(s.Stdout, "Wrote an encrypted backup to %s; it opens with the same passphrase.\n", arg)
	return nil
}

// checkBackupPath refuses, before the vault is unlocked, a backup named where no file
// can go: the storage's own errors for these name its temporary file or offer --force.
func checkBackupPath(path string) error {
	if path == "" {
		return clienv.Usagef("backup needs the name of the file to write, as in: folio backup ~/folio-backup.folio")
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return clienv.Usagef("%s is a folder; name the file to write in it, as in: folio backup %s", path, filepath.Join(path, "folio-backup.folio"))
	}
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return clienv.Usagef("cannot write in %s: there is no such folder; nothing was written", dir)
	}
	return nil
}

func passwdCmd(s *session) *cobra.Command {
	var newFile string
	var rekey bool
	var kdf kdfFlags
	c := &cobra.Command{
		Use:   "passwd",
		Short: "Change the passphrase",
		Example: `folio passwd
folio passwd --kdf-time 4 --kdf-memory 256 --kdf-threads 4`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			kdf.given = c.Flags().Changed("kdf-time") || c.Flags().Changed("kdf-memory") || c.Flags().Changed("kdf-threads")
			kdf.all = c.Flags().Changed("kdf-time") && c.Flags().Changed("kdf-memory") && c.Flags().Changed("kdf-threads")
			return runPasswd(s, newFile, kdf, rekey)
		},
	}
	c.Flags().StringVar(&newFile, "new-passphrase-file", "", "read the new passphrase from this file")
	c.Flags().BoolVar(&rekey, "rekey-snapshots", false, "also make the automatic snapshots open with the new passphrase")
	kdf.register(c.Flags(), portfolio.KDFParams{})
	return c
}

func runPasswd(s *session, newFile string, kdf kdfFlags, rekey bool) error {
	var err error
	if newFile != "" && newFile == s.PassphraseFile && newFile == "-" {
		return clienv.Usagef("the old and new passphrases cannot both come from standard input")
	}
	var params portfolio.KDFParams
	if kdf.given {
		// A flag given as 0 is given, and refused, never taken as "not given".
		if !kdf.all || kdf.time == 0 || kdf.memoryMiB == 0 || kdf.threads == 0 {
			return clienv.Usagef("give all three of --kdf-time, --kdf-memory and --kdf-threads, each above 0, or none")
		}
		if params, err = kdf.params(); err != nil {
			return err
		}
	}
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	var pass []byte
	if newFile != "" {
		sub := &clienv.Session{Env: s.Env, PassphraseFile: newFile, StdinUsed: s.StdinUsed}
		pass, err = sub.Passphrase("")
	} else {
		s.PassphraseFile = ""
		pass, err = s.newPassphrase("New passphrase: ")
	}
	if err != nil {
		return err
	}
	defer clear(pass)
	if err := p.ChangePassphrase(pass, params); err != nil {
		return err
	}
	fmt.Fprintln(s.Stdout, "Changed the passphrase; the old one no longer opens the vault.")
	// A vault that syncs tells its other devices at once (docs/SYNC.md); if the folder
	// cannot be written now, the next sync does it.
	if name, err := (&fsync.Syncer{P: p, Now: s.Now}).PublishKey(); err != nil {
		fmt.Fprintf(s.Stderr, "folio: warning: the sync folder did not take the new passphrase (%v); 'folio sync' will try again.\n", err)
	} else if name != "" {
		fmt.Fprintf(s.Stdout, "The sync folder now holds it (%s); your other devices will ask for it at their next sync.\n", name)
	}
	return s.afterPasswd(p, rekey)
}

// afterPasswd says which snapshots still open with an old passphrase, or rekeys them.
func (s *session) afterPasswd(p *portfolio.Portfolio, rekey bool) error {
	s.FinishSnapshot()
	pol, err := s.SnapshotPolicy()
	if err != nil {
		return err
	}
	if rekey {
		n, err := rekeySnapshots(p, pol)
		if err != nil {
			return err
		}
		fmt.Fprintf(s.Stdout, "Rekeyed %d snapshot(s) to open with the new passphrase.\n", n)
		return nil
	}
	stale, err := staleSnapshots(p, pol)
	if err != nil || len(stale) == 0 {
		return err
	}
	fmt.Fprintf(s.Stdout, "%d snapshot(s) in %s still open with the passphrase the vault had when they were taken; "+
		"run 'folio backup rekey' to make them open with the new one.\n", len(stale), snapshot.Folder(p, pol))
	return nil
}

func checkCmd(s *session) *cobra.Command {
	return &cobra.Command{
		Use:     "check",
		Short:   "Authenticate every record and report damage",
		Example: "folio check",
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			return runCheck(s)
		},
	}
}

func runCheck(s *session) error {
	path, err := s.Path()
	if err != nil {
		return err
	}
	if !portfolio.Exists(path) {
		return fmt.Errorf("%w: no vault at %s", portfolio.ErrNoVault, path)
	}
	pass, err := s.Passphrase("Passphrase for " + path + ": ")
	if err != nil {
		return err
	}
	p, err := portfolio.Open(path, pass, portfolio.Options{Now: s.Now, ReadOnly: true})
	clear(pass)
	if err != nil {
		return err
	}
	defer p.Close()
	report, err := p.Check()
	if err != nil {
		return err
	}
	for _, problem := range report.Structure {
		fmt.Fprintf(s.Stdout, "damaged file structure: %s\n", problem)
	}
	for _, d := range report.Damaged {
		fmt.Fprintf(s.Stdout, "damaged: %s record %s: %v\n", d.Collection, d.ID, d.Err)
	}
	if len(report.Damaged) == 0 && len(report.Structure) > 0 {
		return &clienv.DamagedError{Msg: fmt.Sprintf("the vault's file is damaged (listed above); the %d records that could be read are intact. Restore it from a backup", report.Records)}
	}
	if !report.OK() {
		return &clienv.DamagedError{Msg: fmt.Sprintf("%d of %d records are damaged (listed above); the others are intact. Restore the damaged ones from a backup",
			len(report.Damaged), report.Records+len(report.Damaged))}
	}
	switch {
	case report.Blobs == 1:
		fmt.Fprintln(s.Stdout, "The attached file opened and authenticated, every chunk.")
	case report.Blobs > 1:
		fmt.Fprintf(s.Stdout, "All %d attached files opened and authenticated, every chunk.\n", report.Blobs)
	}
	if report.Versions > 0 {
		fmt.Fprintf(s.Stdout, "All %d records and %d kept versions opened and authenticated; the vault is intact.\n", report.Records, report.Versions)
		return nil
	}
	fmt.Fprintf(s.Stdout, "All %d records opened and authenticated; the vault is intact.\n", report.Records)
	return nil
}
