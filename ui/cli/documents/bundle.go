package documents

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/portfolio/document/render"
	"github.com/foliohq/folio/portfolio/interchange"
	"github.com/foliohq/folio/portfolio/share"
	"github.com/foliohq/folio/ui/cli/clienv"
)

// A bundle (--attachments) is a .zip holding the document and the files its
// "Attached files" appendix lists (docs/EXPORT.md, "Bundles"): what a mentor or an
// appraiser opens with any unzip. --to encrypts the whole bundle to age recipients,
// --password to a password (age -p), as the document alone would be.

// checkBundle settles a bundle's destination before the vault is opened.
func (f *docFlags) checkBundle() error {
	if !f.bundle {
		return nil
	}
	out := strings.ToLower(f.dest.Out)
	if !strings.HasSuffix(out, ".zip") && !strings.HasSuffix(out, ".zip.age") {
		return clienv.Usagef("--attachments writes a .zip holding the document and the files; name it with --out FILE.zip (FILE.zip.age when encrypted)")
	}
	if f.askPassword || f.passwordFile != "" {
		if len(f.dest.To)+len(f.dest.ToFiles) > 0 {
			return clienv.Usagef("choose --to (age) or --password, not both")
		}
	}
	return nil
}

// bundleDocName is the document's name inside the bundle out.
func bundleDocName(out string, format render.Format) string {
	ext := map[render.Format]string{render.Markdown: "md", render.HTML: "html", render.PDF: "pdf"}[format]
	if ext == "" {
		ext = string(format)
	}
	return document.BundleDocName(out, "."+ext)
}

// writeBundle writes the bundle, complete or not at all, streaming the files from
// the vault (and through age, when encrypted) into the pending file.
func (f *docFlags) writeBundle(s *session, p *portfolio.Portfolio, d document.Doc, format render.Format, data []byte) (bool, error) {
	to, encrypted, err := f.dest.Recipients(s.Session)
	if err != nil {
		return false, err
	}
	if f.password != "" {
		if to, err = share.PassphraseRecipients(f.password); err != nil {
			return false, err
		}
		encrypted = true
	}
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(document.WriteBundle(pw, p, d, bundleDocName(f.dest.Out, format), data, to, encrypted, f.dest.Armor))
	}()
	defer pr.Close()
	s.SweepStale(f.dest.Out)
	err = interchange.WriteStreamAtomic(f.dest.Out, pr, f.dest.Force)
	if errors.Is(err, interchange.ErrFileExists) {
		return false, clienv.Usagef("%s already exists; nothing was written. Pass --force to replace it, or choose another name", f.dest.Out)
	}
	return encrypted, err
}

// finishBundle writes the bundle and says what it holds and how it opens.
func (f *docFlags) finishBundle(s *session, p *portfolio.Portfolio, d document.Doc, format render.Format, data []byte) error {
	encrypted, err := f.writeBundle(s, p, d, format, data)
	if err != nil {
		return err
	}
	n := len(d.Attachments)
	fmt.Fprintf(s.Stderr, "Wrote %s: %s and %d attached file%s.\n", f.dest.Out, bundleDocName(f.dest.Out, format), n, clienv.Plural(n))
	if n > 0 {
		fmt.Fprintln(s.Stderr, "folio checked the document for identifiers, not the attached files: look through them before sending.")
	}
	switch {
	case f.password != "":
		fmt.Fprintln(s.Stderr, "It opens with age -d and the password: send the password another way than the file (say it, or text it).")
	case !encrypted:
		fmt.Fprintln(s.Stderr, "It is not encrypted: keep it somewhere private, or export again with --to to encrypt it.")
	}
	return nil
}
