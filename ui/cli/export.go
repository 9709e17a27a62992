package cli

import (
	"errors"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/interchange"
	"github.com/foliohq/folio/portfolio/share"
)

func exportCmd(s *session) *cobra.Command {
	c := group("export", "Write an export: all (a JSON archive), meeting, summary, revalidation, calendar, markdown or jrnl",
		`folio export all --out folio.json --to age1...
folio export meeting "Dr Adebayo" --format pdf --out meeting.pdf
folio export summary --since "1 April" --out summary.md`,
		exportAllCmd(s), exportMeetingCmd(s), exportSummaryCmd(s), exportRevalidationCmd(s), exportCalendarCmd(s),
		exportMarkdownCmd(s), exportJrnlCmd(s))
	kinds := "all, calendar, jrnl, markdown, meeting, revalidation, summary"
	c.RunE = func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usagef("export needs a kind: %s", kinds)
		}
		return usagef("%q is not a kind of export; use one of %s", args[0], kinds)
	}
	return c
}

// exportDest is where an export goes and whether it is encrypted: the flags every
// kind of export shares.
type exportDest struct {
	out     string
	force   bool
	armor   bool
	to      []string
	toFiles []string
}

func (d *exportDest) register(fs *pflag.FlagSet) {
	fs.StringVar(&d.out, "out", "", "write to this file (- for standard output); it is created with mode 0600")
	fs.BoolVar(&d.force, "force", false, "replace the file if it exists")
	stringList(fs, &d.to, "to", "encrypt to this contact (see folio contacts), age recipient (age1...) or SSH public key (ssh-ed25519, ssh-rsa); repeatable")
	stringList(fs, &d.toFiles, "to-file", "encrypt to the recipients listed in this file (age1..., ssh-ed25519, ssh-rsa); repeatable")
	fs.BoolVar(&d.armor, "armor", false, "write the encrypted file as ASCII text")
}

// maxRecipientsFile bounds a --to-file: recipients are lines of about 60 bytes.
const maxRecipientsFile = 1 << 20

// refuseBinaryOnTerminal refuses binary output (an age file without --armor) to
// standard output when that is a terminal, where it would be garbage.
func (d *exportDest) refuseBinaryOnTerminal(s *session) error {
	if d.out == "-" && s.StdoutTerminal && len(d.to)+len(d.toFiles) > 0 && !d.armor {
		return usagef("an encrypted export is binary; write it to a file with --out FILE, pipe it, or add --armor for text")
	}
	return nil
}

// check refuses a destination before any work is done.
func (d *exportDest) check() error {
	if d.out == "" {
		return usagef("say where to write the export with --out FILE (or --out - for standard output)")
	}
	if d.armor && len(d.to)+len(d.toFiles) == 0 {
		return usagef("--armor is for encrypted exports; add --to age1... or --to-file FILE")
	}
	return nil
}

// resolve replaces the contacts' names given with --to by their keys, so the rest
// of the export sees keys only.
func (d *exportDest) resolve(p *portfolio.Portfolio) error {
	to, err := p.ResolveRecipients(d.to)
	if err != nil {
		return err
	}
	d.to = to
	return nil
}

// write encrypts data when recipients were given and writes it, complete or not at
// all. It reports whether the output is encrypted.
func (d *exportDest) write(s *session, p *portfolio.Portfolio, data []byte) (bool, error) {
	if err := d.check(); err != nil {
		return false, err
	}
	if err := d.resolve(p); err != nil {
		return false, err
	}
	encrypted := len(d.to)+len(d.toFiles) > 0
	if encrypted {
		var files []share.RecipientsFile
		for _, f := range d.toFiles {
			b, err := s.readInput(f, maxRecipientsFile)
			if err != nil {
				return false, err
			}
			files = append(files, share.RecipientsFile{Name: f, Data: b})
		}
		to, err := share.ParseNamedRecipients(d.to, files)
		if err != nil {
			return false, err
		}
		if data, err = to.Encrypt(data, d.armor); err != nil {
			return false, err
		}
	}
	if d.out == "-" {
		_, err := s.Stdout.Write(data)
		return encrypted, err
	}
	s.sweepStale(d.out)
	if err := interchange.WriteFileAtomic(d.out, data, d.force); err != nil {
		if errors.Is(err, interchange.ErrFileExists) {
			return false, usagef("%s already exists; nothing was written. Pass --force to replace it, or choose another name", d.out)
		}
		return false, err
	}
	return encrypted, nil
}
