package documents

import (
	"errors"
	"io"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/portfolio/document/render"
	"github.com/foliohq/folio/portfolio/interchange"
	"github.com/foliohq/folio/portfolio/share"
	"github.com/foliohq/folio/ui/cli/clienv"
)

// writeStreamed is write for a Markdown document whose records are read a batch
// at a time: one pass scans them for identifiers, and only once the person has
// confirmed what was found (or nothing was) does a second pass draw them to the
// output, so nothing is written on refusal and neither pass holds the vault.
// With --yes no finding can stop the export, so one pass both draws and scans
// each batch, and the findings are listed once it is written. The file is
// written complete or not at all, as write's is.
func (f *docFlags) writeStreamed(s *session, p *portfolio.Portfolio, st document.Streamed) error {
	if err := f.dest.Resolve(p); err != nil {
		return err
	}
	// The document's top is made: what is left reads bodies by ID, not rows.
	p.ReleaseRows()
	findings := func() []document.Finding { return nil }
	if f.yes {
		st, findings = document.ScanWhile(st)
	} else {
		found, err := document.ScanStreamed(st)
		if err != nil {
			return err
		}
		if err := f.checkFindings(s, found); err != nil {
			return err
		}
	}
	to, encrypted, err := f.dest.Recipients(s.Session)
	if err != nil {
		return err
	}
	if err := f.drawStreamed(s, st, to, encrypted); err != nil {
		return err
	}
	if err := f.checkFindings(s, findings()); err != nil {
		return err
	}
	f.wrote(s, encrypted)
	return nil
}

// drawStreamed draws st as Markdown to the output, encrypted if asked.
func (f *docFlags) drawStreamed(s *session, st document.Streamed, to share.Recipients, encrypted bool) error {
	draw := func(w io.Writer) error {
		if !encrypted {
			return render.MarkdownTo(w, st)
		}
		enc, err := to.EncryptTo(w, f.dest.Armor)
		if err != nil {
			return err
		}
		if err := render.MarkdownTo(enc, st); err != nil {
			return err
		}
		return enc.Close()
	}
	if f.dest.Out == "-" {
		if err := draw(s.Stdout); err != nil {
			return err
		}
	} else {
		pr, pw := io.Pipe()
		drawn := make(chan struct{})
		go func() {
			defer close(drawn)
			pw.CloseWithError(draw(pw))
		}()
		s.SweepStale(f.dest.Out)
		err := interchange.WriteStreamAtomic(f.dest.Out, pr, f.dest.Force)
		// Unblocks the drawing if the file could not be written, so it ends
		// before the vault closes.
		pr.Close()
		<-drawn
		if errors.Is(err, interchange.ErrFileExists) {
			return clienv.Usagef("%s already exists; nothing was written. Pass --force to replace it, or choose another name", f.dest.Out)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
