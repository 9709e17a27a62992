package document

import (
	"archive/zip"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/portfolio/share"
)

// BundleNames gives each attachment a name in the bundle, under attachments/: its
// own, or with " (2)" before the extension when two files share a name.
func BundleNames(list []portfolio.Attachment) []string {
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

// BundleDocName is the document's name inside the bundle named bundle: the
// bundle's own name without .zip or .age, with ext (".md"), so the app and the
// command line name it alike.
func BundleDocName(bundle, ext string) string {
	base := filepath.Base(bundle)
	for _, suffix := range []string{".age", ".zip"} {
		if strings.HasSuffix(strings.ToLower(base), suffix) {
			base = base[:len(base)-len(suffix)]
		}
	}
	if base == "" {
		base = "document"
	}
	return base + ext
}

// WriteBundle writes a bundle to w: the document as docName, then each attached
// file under attachments/, streamed from the vault, through age when encrypted.
func WriteBundle(w io.Writer, p *portfolio.Portfolio, d Doc, docName string, data []byte, to share.Recipients, encrypted, armored bool) error {
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
	names := BundleNames(d.Attachments)
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
