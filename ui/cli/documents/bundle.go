package documents

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
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

// bundleDocName is the document's name inside the bundle: the bundle's own name
// with the format's extension.
func bundleDocName(out string, format render.Format) string {
	base := filepath.Base(out)
	for _, ext := range []string{".age", ".zip"} {
		if strings.HasSuffix(strings.ToLower(base), ext) {
			base = base[:len(base)-len(ext)]
		}
	}
	if base == "" {
		base = "document"
	}
	ext := map[render.Format]string{render.Markdown: "md", render.HTML: "html", render.PDF: "pdf"}[format]
	if ext == "" {
		ext = string(format)
	}
	return base + "." + ext
}

// bundleNames gives each attachment a name in the bundle, under attachments/: its
// own, or with " (2)" before the extension when two files share a name.
func bundleNames(list []portfolio.Attachment) []string {
	used := map[string]bool{}
	out := make([]string, len(list))
	for i, a := range list {
		ext := filepath.Ext(a.Name)
		stem := strings.TrimSuffix(a.Name, ext)
		name := a.Name
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s (%d)%s", stem, n, ext)
		}
		used[strings.ToLower(name)] = true
		out[i] = "attachments/" + name
	}
	return out
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
		pw.CloseWithError(writeBundleTo(pw, p, d, bundleDocName(f.dest.Out, format), data, to, encrypted, f.dest.Armor))
	}()
	defer pr.Close()
	s.SweepStale(f.dest.Out)
	err = interchange.WriteStreamAtomic(f.dest.Out, pr, f.dest.Force)
	if errors.Is(err, interchange.ErrFileExists) {
		return false, clienv.Usagef("%s already exists; nothing was written. Pass --force to replace it, or choose another name", f.dest.Out)
	}
	return encrypted, err
}

func writeBundleTo(w io.Writer, p *portfolio.Portfolio, d document.Doc, docName string, data []byte, to share.Recipients, encrypted, armored bool) error {
	var enc io.WriteCloser
	if encrypted {
		var err error
		if enc, err = to.EncryptTo(w, armored); err != nil {
			return err
		}
		w = enc
	}
	stamp := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC) // nothing the document does not say
	zw := zip.NewWriter(w)
	dw, err := zw.CreateHeader(&zip.FileHeader{Name: docName, Method: zip.Deflate, Modified: stamp})
	if err != nil {
		return err
	}
	if _, err := dw.Write(data); err != nil {
		return err
	}
	names := bundleNames(d.Attachments)
	for i, a := range d.Attachments {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: names[i], Method: zip.Store, Modified: stamp})
		if err != nil {
			return err
		}
		r, err := attachment.OpenAttachment(p, a)
		if err != nil {
			return err
		}
		_, err = io.Copy(fw, r)
		r.Close()
		if err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if enc != nil {
		return enc.Close()
	}
	return nil
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
