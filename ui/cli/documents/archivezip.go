package documents

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/interchange"
	"github.com/foliohq/folio/ui/cli/clienv"
)

// isZipName reports whether an export or import path names a .zip container.
func isZipName(path string) bool { return strings.HasSuffix(strings.ToLower(path), ".zip") }

// checkZipDest refuses, before any work, a container export it cannot write.
func checkZipDest(dest clienv.ExportDest) error {
	if len(dest.To)+len(dest.ToFiles) > 0 {
		return clienv.Usagef("an archive with its attached files (.zip) cannot be encrypted with --to yet; write it somewhere private, or export a .json archive with --to, which leaves the files out")
	}
	return nil
}

// writeArchiveZip writes the container to dest.Out, complete or not at all: the
// files stream from the vault into the pending file, a few chunks at a time.
func writeArchiveZip(s *session, p *portfolio.Portfolio, dest clienv.ExportDest, data []byte, a *archive.Archive) error {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(interchange.WriteArchiveZip(pw, data, a, func(name string) (io.ReadCloser, error) { return archive.OpenArchiveFile(p, name) }))
	}()
	defer pr.Close()
	if dest.Out == "-" {
		_, err := io.Copy(s.Stdout, pr)
		return err
	}
	s.SweepStale(dest.Out)
	err := interchange.WriteStreamAtomic(dest.Out, pr, dest.Force)
	if errors.Is(err, interchange.ErrFileExists) {
		return clienv.Usagef("%s already exists; nothing was written. Pass --force to replace it, or choose another name", dest.Out)
	}
	return err
}

// openImportZip opens a container for import and checks it whole against the
// archive it holds, before the vault is opened: bad input changes nothing.
func openImportZip(path string) (*archive.Archive, *interchange.ArchiveZip, *os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, nil, clienv.Usagef("cannot read %s: %v", path, interchange.UnwrapPath(err))
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, nil, clienv.Usagef("cannot read %s: it is not a regular file", path)
	}
	name := importName(path)
	z, data, err := interchange.OpenArchiveZip(f, st.Size(), name)
	if err != nil {
		f.Close()
		return nil, nil, nil, err
	}
	a, err := interchange.ParseArchive(data, name)
	if err == nil {
		err = z.Check(a)
	}
	if err != nil {
		f.Close()
		return nil, nil, nil, err
	}
	return a, z, f, nil
}

// importZip imports a container: the archive, and the attachments' files.
func importZip(s *session, path, from string) error {
	if from != "" && from != fromArchive {
		return clienv.Usagef("%s is a .zip container, which holds a folio archive; leave out --from %s", path, from)
	}
	a, z, f, err := openImportZip(path)
	if err != nil {
		return err
	}
	defer f.Close()
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	rep, err := archive.ImportArchiveTaking(p, a, z)
	if err != nil {
		return err
	}
	printReport(s, rep)
	return nil
}

// leftOutNote says on standard error that a .json archive names attachments
// without their files.
func leftOutNote(s *session, a *archive.Archive) {
	if n := len(a.Attachments); n > 0 {
		fmt.Fprintf(s.Stderr, "The archive names %d attached file%s but leaves the files out; export to a .zip (folio export all --out FILE.zip) to carry them.\n", n, clienv.Plural(n))
	}
}
