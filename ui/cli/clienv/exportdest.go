package clienv

import (
	"errors"

	"github.com/spf13/pflag"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/interchange"
	"github.com/foliohq/folio/portfolio/share"
)

// ExportDest is where an export goes and whether it is encrypted: the flags every
// kind of export shares.
type ExportDest struct {
	Out     string
	Force   bool
	Armor   bool
	To      []string
	ToFiles []string
}

func (d *ExportDest) Register(fs *pflag.FlagSet) {
	fs.StringVar(&d.Out, "out", "", "write to this file (- for standard output); it is created with mode 0600")
	fs.BoolVar(&d.Force, "force", false, "replace the file if it exists")
	StringList(fs, &d.To, "to", "encrypt to this contact (see folio contacts), age recipient (age1...) or SSH public key (ssh-ed25519, ssh-rsa); repeatable")
	StringList(fs, &d.ToFiles, "to-file", "encrypt to the recipients listed in this file (age1..., ssh-ed25519, ssh-rsa); repeatable")
	fs.BoolVar(&d.Armor, "armor", false, "write the encrypted file as ASCII text")
}

// maxRecipientsFile bounds a --to-file: recipients are lines of about 60 bytes.
const maxRecipientsFile = 1 << 20

// RefuseBinaryOnTerminal refuses binary output (an age file without --armor) to
// standard output when that is a terminal, where it would be garbage.
func (d *ExportDest) RefuseBinaryOnTerminal(s *Session) error {
	if d.Out == "-" && s.StdoutTerminal && len(d.To)+len(d.ToFiles) > 0 && !d.Armor {
		return Usagef("an encrypted export is binary; write it to a file with --out FILE, pipe it, or add --armor for text")
	}
	return nil
}

// Check refuses a destination before any work is done.
func (d *ExportDest) Check() error {
	if d.Out == "" {
		return Usagef("say where to write the export with --out FILE (or --out - for standard output)")
	}
	if d.Armor && len(d.To)+len(d.ToFiles) == 0 {
		return Usagef("--armor is for encrypted exports; add --to age1... or --to-file FILE")
	}
	return nil
}

// Resolve replaces the contacts' names given with --to by their keys, so the rest
// of the export sees keys only.
func (d *ExportDest) Resolve(p *portfolio.Portfolio) error {
	to, err := share.ResolveRecipients(p, d.To)
	if err != nil {
		return err
	}
	d.To = to
	return nil
}

// Write encrypts data when recipients were given and writes it, complete or not at
// all. It reports whether the output is encrypted.
func (d *ExportDest) Write(s *Session, p *portfolio.Portfolio, data []byte) (bool, error) {
	if err := d.Check(); err != nil {
		return false, err
	}
	if err := d.Resolve(p); err != nil {
		return false, err
	}
	encrypted := len(d.To)+len(d.ToFiles) > 0
	if encrypted {
		var files []share.RecipientsFile
		for _, f := range d.ToFiles {
			b, err := s.ReadInput(f, maxRecipientsFile)
			if err != nil {
				return false, err
			}
			files = append(files, share.RecipientsFile{Name: f, Data: b})
		}
		to, err := share.ParseNamedRecipients(d.To, files)
		if err != nil {
			return false, err
		}
		if data, err = to.Encrypt(data, d.Armor); err != nil {
			return false, err
		}
	}
	if d.Out == "-" {
		_, err := s.Stdout.Write(data)
		return encrypted, err
	}
	s.SweepStale(d.Out)
	if err := interchange.WriteFileAtomic(d.Out, data, d.Force); err != nil {
		if errors.Is(err, interchange.ErrFileExists) {
			return false, Usagef("%s already exists; nothing was written. Pass --force to replace it, or choose another name", d.Out)
		}
		return false, err
	}
	return encrypted, nil
}
