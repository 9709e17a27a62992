package records

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/portfolio/interchange"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

// AttachmentCommands are attach, attachments and attachment, in the entries group.
func attachmentCommands(s *session) []*cobra.Command {
	return []*cobra.Command{attachCmd(s), attachmentsCmd(s), attachmentCmd(s)}
}

func attachCmd(s *session) *cobra.Command {
	return &cobra.Command{
		Use:   "attach RECORD FILE...",
		Short: "Keep files (a certificate, slides, a photo) with an entry, goal, action, meeting or relationship",
		Long: fmt.Sprintf("Keep files with a record, encrypted inside the vault. Each file is read a piece at a time "+
			"and kept whole or not at all; a file attached twice is stored once. Files of up to %d MiB.", portfolio.MaxAttachmentSize>>20),
		Example: `folio attach 3kq9 certificate.pdf
folio attach 7hd2 slides.pdf handout.pdf`,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) < 2 {
				return clienv.Usagef("attach needs a record ID and at least one file, as in: folio attach 3kq9 certificate.pdf")
			}
			files, err := checkAttachFiles(args[1:])
			if err != nil {
				return err
			}
			p, err := s.Open(false)
			if err != nil {
				return err
			}
			defer p.Close()
			id, _, err := p.Resolve(args[0], "")
			if err != nil {
				return err
			}
			return s.attachFiles(p, id, files)
		},
	}
}

// checkAttachFiles refuses, before the vault is opened, files that cannot be
// attached: missing, not regular files, too large, or with names folio cannot keep.
func checkAttachFiles(paths []string) ([]string, error) {
	seen := map[string]bool{}
	for _, path := range paths {
		st, err := os.Stat(path)
		switch {
		case err != nil:
			return nil, clienv.Usagef("cannot attach %s: %v", path, interchange.UnwrapPath(err))
		case st.IsDir():
			return nil, clienv.Usagef("cannot attach %s: it is a folder, not a regular file; name the files in it", path)
		case !st.Mode().IsRegular():
			return nil, clienv.Usagef("cannot attach %s: it is not a regular file", path)
		case st.Size() > portfolio.MaxAttachmentSize:
			return nil, clienv.Usagef("cannot attach %s: it is larger than %d MiB, the most folio keeps", path, portfolio.MaxAttachmentSize>>20)
		case seen[path]:
			return nil, clienv.Usagef("%s is named twice", path)
		}
		seen[path] = true
	}
	return paths, nil
}

// attachFiles attaches each file to the record id, printing a line for each.
func (s *session) attachFiles(p *portfolio.Portfolio, id portfolio.ID, files []string) error {
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return clienv.Usagef("cannot attach %s: %v", path, interchange.UnwrapPath(err))
		}
		a, err := attachment.Attach(p, id, filepath.Base(path), f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		fmt.Fprintf(s.Stdout, "%s  %s  (%s, %s) attached to %s %s\n", a.ID, sanitize.Line(a.Name), sizeText(a.Size), sanitize.Line(a.MediaType), a.Kind, id.Short())
	}
	return nil
}

func attachmentsCmd(s *session) *cobra.Command {
	var asJSON, trash bool
	c := &cobra.Command{
		Use:   "attachments [RECORD]",
		Short: "List the files kept with a record, or with every record (--trash: those moved to the trash)",
		Example: `folio attachments
folio attachments 3kq9 --json
folio attachments --trash`,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 1 {
				return clienv.Usagef("attachments takes at most one record ID")
			}
			p, err := s.Open(true)
			if err != nil {
				return err
			}
			defer p.Close()
			var id portfolio.ID
			if len(args) == 1 {
				if id, _, err = p.Resolve(args[0], ""); err != nil {
					return err
				}
			}
			list, err := attachment.Attachments(p, id)
			if trash {
				list, err = attachment.RemovedAttachments(p)
				list = slices.DeleteFunc(list, func(a portfolio.Attachment) bool { return id != "" && a.Record != id })
			}
			if err != nil {
				return err
			}
			if asJSON {
				if list == nil {
					list = []portfolio.Attachment{}
				}
				return clienv.WriteJSON(s.Stdout, list)
			}
			for _, a := range list {
				line := fmt.Sprintf("%s  %-9s  %s  %s", a.ID, sizeText(a.Size), sanitize.Line(a.Name), sanitize.Line(a.MediaType))
				if id == "" {
					line += fmt.Sprintf("  (%s %s)", a.Kind, a.Record.Short())
				}
				fmt.Fprintln(s.Stdout, line)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&trash, "trash", false, "list the files moved to the trash on their own (folio attachment restore brings one back)")
	return c
}

func attachmentCmd(s *session) *cobra.Command {
	c := &cobra.Command{
		Use:   "attachment",
		Short: "Open or save one attached file, move it to the trash, or bring it back",
		Example: `folio attachment open 9fz2
folio attachment save 9fz2 --out certificate.pdf
folio attachment rm 9fz2
folio attachment restore 9fz2`,
		Args: cobra.NoArgs,
	}
	c.AddCommand(attachmentOpenCmd(s), attachmentSaveCmd(s), attachmentRmCmd(s), attachmentRestoreCmd(s))
	return c
}

func attachmentSaveCmd(s *session) *cobra.Command {
	var out string
	var force bool
	c := &cobra.Command{
		Use:   "save ID --out PATH",
		Short: "Write an attached file out of the vault, where you say (--out - for standard output)",
		Long: "Write an attached file out of the vault, decrypted, to the file you name (mode 0600), " +
			"complete or not at all: a file whose bytes fail to authenticate is not written.",
		Example: `folio attachment save 9fz2 --out certificate.pdf
folio attachment save 9fz2 --out - | pdftotext - -`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "attachment ID (folio attachments lists them)")
			if err != nil {
				return err
			}
			if out == "" {
				return clienv.Usagef("say where to write the file with --out PATH (or --out - for standard output)")
			}
			if out != "-" {
				if st, err := os.Stat(out); err == nil && st.IsDir() {
					// --force cannot replace a folder: say what is wrong instead.
					return clienv.Usagef("%s is a folder; name the file to write in it", out)
				} else if err == nil && !force {
					return clienv.Usagef("%s already exists; pass --force to replace it", out)
				}
			}
			p, err := s.Open(true)
			if err != nil {
				return err
			}
			defer p.Close()
			a, err := attachment.ResolveAttachment(p, arg)
			if err != nil {
				return err
			}
			r, err := attachment.OpenAttachment(p, a)
			if err != nil {
				return err
			}
			defer r.Close()
			if out == "-" {
				_, err = io.Copy(s.Stdout, r)
				return err
			}
			err = interchange.WriteStreamAtomic(out, r, force)
			if errors.Is(err, interchange.ErrFileExists) {
				return clienv.Usagef("%s already exists; pass --force to replace it", out)
			}
			return err
		},
	}
	c.Flags().StringVar(&out, "out", "", "write to this file (- for standard output); it is created with mode 0600")
	c.Flags().BoolVar(&force, "force", false, "replace the file if it exists")
	return c
}

func attachmentRmCmd(s *session) *cobra.Command {
	var yes bool
	c := &cobra.Command{
		Use:   "rm ID",
		Short: "Move an attached file to the trash, after asking at the terminal (--yes in scripts)",
		Long: "Move an attached file from its record to the trash. `folio attachment restore ID` (or `folio trash restore ID`) brings it back; " +
			"`folio trash empty` (or the history retention period) erases it, and its bytes with it unless another record keeps the same file.",
		Example: `folio attachment rm 9fz2
folio attachment rm 9fz2 --yes`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "attachment ID (folio attachments lists them)")
			if err != nil {
				return err
			}
			p, err := s.Open(false)
			if err != nil {
				return err
			}
			defer p.Close()
			a, err := attachment.ResolveAttachment(p, arg)
			if err != nil {
				return err
			}
			what := fmt.Sprintf("%s (%s) from %s %s", sanitize.Line(a.Name), sizeText(a.Size), a.Kind, a.Record.Short())
			if ok, err := s.ConfirmDelete("Move "+what+" to the trash?", "removing", what, yes); !ok {
				return err
			}
			if err := attachment.RemoveAttachment(p, a.ID); err != nil {
				return err
			}
			fmt.Fprintf(s.Stdout, "Moved %s to the trash; `folio attachment restore %s` brings it back.\n", what, a.ID.Short())
			return nil
		},
	}
	c.Flags().BoolVarP(&yes, "yes", "y", false, "remove without asking")
	return c
}

func attachmentRestoreCmd(s *session) *cobra.Command {
	return &cobra.Command{
		Use:     "restore ID",
		Short:   "Bring an attached file back from the trash to its record",
		Example: "folio attachment restore 9fz2",
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "attachment ID (folio attachments --trash lists those in the trash)")
			if err != nil {
				return err
			}
			p, err := s.Open(false)
			if err != nil {
				return err
			}
			defer p.Close()
			a, err := attachment.ResolveRemovedAttachment(p, arg)
			if err != nil {
				return err
			}
			return s.restoreAttachment(p, a)
		},
	}
}

// restoreAttachment brings a back from the trash, for attachment restore and
// trash restore.
func (s *session) restoreAttachment(p *portfolio.Portfolio, a portfolio.Attachment) error {
	if err := attachment.RestoreAttachment(p, a.ID); err != nil {
		return err
	}
	note := ""
	if p.InTrash(a.Record) {
		note = fmt.Sprintf("; the %s is in the trash itself, and `folio trash restore %s` brings it back", a.Kind, a.Record.Short())
	}
	fmt.Fprintf(s.Stdout, "Restored %s to %s %s%s.\n", sanitize.Line(a.Name), a.Kind, a.Record.Short(), note)
	return nil
}

// showAttachments lists a record's files under it, in show.
func (s *session) showAttachments(p *portfolio.Portfolio, id portfolio.ID) error {
	return clienv.ShowAttachments(s.Stdout, p, id)
}

// sizeText is a file size for people.
func sizeText(n int64) string { return clienv.SizeText(n) }

// attachAdded keeps the files of add --attach with the entry just saved. The entry
// stays saved if one fails; the error says so.
func (s *session) attachAdded(p *portfolio.Portfolio, id portfolio.ID) error {
	if len(s.attach) == 0 {
		return nil
	}
	var out io.Writer = s.Stderr // stdout carries the entry's ID or JSON
	for _, path := range s.attach {
		f, err := os.Open(path)
		if err == nil {
			var a portfolio.Attachment
			a, err = attachment.Attach(p, id, filepath.Base(path), f)
			f.Close()
			if err == nil {
				fmt.Fprintf(out, "Attached %s (%s, %s).\n", sanitize.Line(a.Name), sizeText(a.Size), sanitize.Line(a.MediaType))
				continue
			}
		}
		return fmt.Errorf("the entry was saved as %s, but %s could not be attached (folio attach %s %s): %w", id.Short(), path, id.Short(), path, interchange.UnwrapPath(err))
	}
	return nil
}

// listRemovedAttachments lists, under the trash's records, the files moved to the
// trash on their own.
func listRemovedAttachments(s *session, removed []portfolio.Attachment) {
	for _, a := range removed {
		fmt.Fprintf(s.Stdout, "%s  %-12s  deleted %s  %s (from %s %s; folio attachment restore %s)\n", a.ID.Short(), "attachment", a.Removed.Local().Format("2006-01-02 15:04"),
			sanitize.Line(a.Name), a.Kind, a.Record.Short(), a.ID.Short())
	}
}
