package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio"
)

// kdfFlags are the Argon2id settings for init and passwd.
type kdfFlags struct {
	time, memoryMiB, threads uint
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
		return portfolio.KDFParams{}, usagef("the key derivation settings are far too large")
	}
	p := portfolio.KDFParams{Time: uint32(k.time), MemoryKiB: uint32(k.memoryMiB) * 1024, Threads: uint8(k.threads)}
	if err := p.Validate(); err != nil {
		return p, usagef("%v (use --kdf-time 1-32, --kdf-memory 1-1024 MiB, --kdf-threads 1-64)", err)
	}
	return p, nil
}

func runInit(s *session, args []string) error {
	var kdf kdfFlags
	fs := s.flags("init", "[--kdf-time N] [--kdf-memory MiB] [--kdf-threads N]")
	kdf.register(fs, portfolio.DefaultKDF)
	if err := parseNoArgs(fs, args, "the vault path goes in --vault"); err != nil {
		return err
	}
	params, err := kdf.params()
	if err != nil {
		return err
	}
	path, err := s.path()
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
	if err != nil {
		return err
	}
	defer p.Close()
	fmt.Fprintf(s.Stdout, "Created a vault at %s.\nKeep the passphrase safe: it cannot be recovered, and without it nothing in the vault can be read.\n", path)
	return nil
}

// newPassphrase asks twice on a terminal, or reads once from --passphrase-file.
func (s *session) newPassphrase(prompt string) ([]byte, error) {
	pass, err := s.passphrase(prompt)
	if err != nil || s.passphraseFile != "" {
		return pass, err
	}
	again, err := s.prompt("Repeat it: ")
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(pass, again) {
		return nil, usagef("the two passphrases differ; nothing was created")
	}
	return pass, nil
}

func runBackup(s *session, args []string) error {
	var force bool
	fs := s.flags("backup", "OUT [--force]")
	fs.BoolVar(&force, "force", false, "replace OUT if it exists")
	arg, err := parseOne(fs, args, "argument: the file to write, as in: folio backup ~/folio-backup.folio")
	if err != nil {
		return err
	}
	p, err := s.open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	if err := p.Backup(arg, force); err != nil {
		if errors.Is(err, portfolio.ErrExists) {
			return usagef("%s already exists; choose another name or pass --force", arg)
		}
		return err
	}
	fmt.Fprintf(s.Stdout, "Wrote an encrypted backup to %s; it opens with the same passphrase.\n", arg)
	return nil
}

func runPasswd(s *session, args []string) error {
	var newFile string
	var kdf kdfFlags
	fs := s.flags("passwd", "[--new-passphrase-file PATH] [--kdf-time N] [--kdf-memory MiB] [--kdf-threads N]")
	fs.StringVar(&newFile, "new-passphrase-file", "", "read the new passphrase from this file")
	kdf.register(fs, portfolio.KDFParams{})
	err := parseNoArgs(fs, args, "")
	if err != nil {
		return err
	}
	if newFile != "" && newFile == s.passphraseFile && newFile == "-" {
		return usagef("the old and new passphrases cannot both come from standard input")
	}
	var params portfolio.KDFParams
	set := 0
	fs.Visit(func(f *flag.Flag) {
		if strings.HasPrefix(f.Name, "kdf-") {
			set++
		}
	})
	if set > 0 {
		// A flag given as 0 is given, and refused, never taken as "not given".
		if set < 3 || kdf.time == 0 || kdf.memoryMiB == 0 || kdf.threads == 0 {
			return usagef("give all three of --kdf-time, --kdf-memory and --kdf-threads, each above 0, or none")
		}
		if params, err = kdf.params(); err != nil {
			return err
		}
	}
	p, err := s.open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	var pass []byte
	if newFile != "" {
		sub := &session{Env: s.Env, passphraseFile: newFile, stdinUsed: s.stdinUsed}
		pass, err = sub.passphrase("")
	} else {
		s.passphraseFile = ""
		pass, err = s.newPassphrase("New passphrase: ")
	}
	if err != nil {
		return err
	}
	if err := p.ChangePassphrase(pass, params); err != nil {
		return err
	}
	fmt.Fprintln(s.Stdout, "Changed the passphrase; the old one no longer opens the vault.")
	return nil
}

func runCheck(s *session, args []string) error {
	fs := s.flags("check", "")
	if err := parseNoArgs(fs, args, ""); err != nil {
		return err
	}
	path, err := s.path()
	if err != nil {
		return err
	}
	if !portfolio.Exists(path) {
		return fmt.Errorf("%w: no vault at %s", portfolio.ErrNoVault, path)
	}
	pass, err := s.passphrase("Passphrase for " + path + ": ")
	if err != nil {
		return err
	}
	p, err := portfolio.Open(path, pass, portfolio.Options{Now: s.Now, ReadOnly: true})
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
		return &DamagedError{fmt.Sprintf("the vault's file is damaged (listed above); the %d records that could be read are intact. Restore it from a backup", report.Records)}
	}
	if !report.OK() {
		return &DamagedError{fmt.Sprintf("%d of %d records are damaged (listed above); the others are intact. Restore the damaged ones from a backup",
			len(report.Damaged), report.Records+len(report.Damaged))}
	}
	fmt.Fprintf(s.Stdout, "All %d records opened and authenticated; the vault is intact.\n", report.Records)
	return nil
}

func runVersion(s *session, args []string) error {
	fs := s.flags("version", "")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(s.Stdout, "folio %s (%s, %s/%s)\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}

func runTUI(s *session, args []string) error {
	var lockAfter time.Duration
	fs := s.flags("", "[--vault PATH] [--lock-after DURATION]")
	fs.DurationVar(&lockAfter, "lock-after", 10*time.Minute, "lock after this long idle (0 never locks)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("%q is not a folio command; run 'folio help' to see them", rest[0])
	}
	if lockAfter < 0 {
		return usagef("--lock-after must not be negative")
	}
	if s.passphraseFile != "" {
		return usagef("the full-screen app asks for the passphrase itself; --passphrase-file is for commands")
	}
	path, err := s.path()
	if err != nil {
		return err
	}
	// The app reads the user's templates from here; without a home folder it still
	// offers the built-in ones.
	configDir, _ := portfolio.ConfigDir(s.Getenv)
	if s.RunTUI == nil {
		return errors.New("this build of folio has no full-screen app; use its commands ('folio help')")
	}
	return s.RunTUI(AppOptions{VaultPath: path, LockAfter: lockAfter, Now: s.Now, ConfigDir: configDir})
}
