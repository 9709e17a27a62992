package documents

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/inert"
	"github.com/foliohq/folio/portfolio/interchange"
	"github.com/foliohq/folio/ui/cli/clienv"
)

func exportMarkdownCmd(s *session) *cobra.Command {
	var force bool
	c := &cobra.Command{
		Use:   "markdown DIR",
		Short: "Every entry as a Markdown file with front matter, for Obsidian and other notes tools",
		Example: `folio export markdown ~/Notes/folio
folio import ~/Notes/folio --from markdown`,
		RunE: func(c *cobra.Command, args []string) error {
			dir, err := clienv.OneArg(c, args, "the folder to write the files into")
			if err != nil {
				return err
			}
			return runExportMarkdown(s, dir, force)
		},
	}
	c.Flags().BoolVar(&force, "force", false, "replace files of the same names in the folder")
	return c
}

func runExportMarkdown(s *session, dir string, force bool) error {
	if st, err := os.Lstat(dir); err == nil && !st.IsDir() {
		return clienv.Usagef("%s is not a folder; name a folder to write the Markdown files into", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return clienv.Usagef("cannot use %s: %v", dir, errors.Unwrap(err))
	}
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	files := interchange.MarkdownFolder(archive.Current(p))
	if !force {
		// Every name is checked before anything is written, so a clash leaves the
		// folder as it was.
		for _, f := range files {
			if _, err := os.Lstat(filepath.Join(dir, f.Name)); err == nil {
				return clienv.Usagef("%s already exists; nothing was written. Pass --force to replace the files, or choose an empty folder", filepath.Join(dir, f.Name))
			}
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	for _, f := range files {
		if err := interchange.WriteFileAtomic(filepath.Join(dir, f.Name), f.Data, force); err != nil {
			return err
		}
	}
	fmt.Fprintf(s.Stderr, "Wrote %d %s to %s.\n", len(files), clienv.PluralWord(len(files), "file", "files"), dir)
	fmt.Fprintln(s.Stderr, "They are not encrypted: every entry, private ones too, is now plain text in that folder.")
	return nil
}

func exportJrnlCmd(s *session) *cobra.Command {
	var dest clienv.ExportDest
	c := &cobra.Command{
		Use:   "jrnl FILE",
		Short: "Every entry as jrnl's JSON (jrnl --import reads it)",
		Example: `folio export jrnl folio-jrnl.json
jrnl --import --file folio-jrnl.json`,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 1 {
				return clienv.Usagef("export jrnl takes one file name")
			}
			if len(args) == 1 {
				if dest.Out != "" {
					return clienv.Usagef("name the file once: as FILE or with --out")
				}
				dest.Out = args[0]
			}
			if err := dest.RefuseBinaryOnTerminal(s.Session); err != nil {
				return err
			}
			if err := dest.Check(); err != nil {
				return err
			}
			p, err := s.Open(true)
			if err != nil {
				return err
			}
			defer p.Close()
			data, err := interchange.MarshalJrnl(archive.Current(p), time.Local)
			if err != nil {
				return err
			}
			data = inert.JSON(data) // as the archive is written (runExportAll)
			encrypted, err := dest.Write(s.Session, p, data)
			if err != nil {
				return err
			}
			if dest.Out != "-" {
				fmt.Fprintf(s.Stderr, "Wrote %s.\n", dest.Out)
				if !encrypted {
					fmt.Fprintln(s.Stderr, "It is not encrypted: keep it somewhere private, or export again with --to to encrypt it.")
				}
			}
			return nil
		},
	}
	dest.Register(c.Flags())
	return c
}
