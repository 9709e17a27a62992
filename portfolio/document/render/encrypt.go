package render

import (
	"bufio"
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"golang.org/x/text/secure/precis"

	"github.com/foliohq/folio/portfolio"
)

// MinPDFPassword is the fewest characters a PDF's password may have: the file may
// travel by email, and a short password falls to guessing in minutes.
const MinPDFPassword = 10

// pdfHeader20 starts a PDF 2.0 file.
const pdfHeader20 = "%PDF-2.0"

// maxPDFPassword is the longest password the PDF standard keeps (127 bytes of
// UTF-8, ISO 32000-2 7.6.4.3.3); longer ones would be silently cut.
const maxPDFPassword = 127

// EncryptPDF encrypts a PDF with the PDF standard's AES-256 (revision 6), which any
// current PDF reader opens after asking for the password. It is done by pdfcpu,
// configured here rather than from its defaults, which would write a configuration
// folder into the user's home.
func EncryptPDF(pdf []byte, password string) ([]byte, error) {
	if err := CheckPDFPassword(password); err != nil {
		return nil, err
	}
	conf := pdfConfig()
	conf.UserPW, conf.OwnerPW = password, password
	// pdfcpu writes AES-256 as PDF 2.0's revision 6 only for a PDF 2.0 file, and
	// otherwise as revision 5, a deprecated draft whose password check is one fast
	// hash. The header's version is the same length, so no offset moves; what fpdf
	// writes is valid PDF 2.0 too.
	if len(pdf) < len(pdfHeader20) || !bytes.HasPrefix(pdf, []byte("%PDF-1.")) {
		return nil, fmt.Errorf("cannot encrypt the PDF: it does not start as a PDF 1.x file")
	}
	pdf = append([]byte(pdfHeader20), pdf[len(pdfHeader20):]...)
	conf.Cmd = model.ENCRYPT
	// pdfcpu's core reads and writes; its api package, which adds validation and
	// every other command, would add some 6 MB to folio for a file folio wrote.
	ctx, err := pdfcpu.Read(bytes.NewReader(pdf), conf)
	if err != nil {
		return nil, fmt.Errorf("cannot encrypt the PDF: %w", err)
	}
	var out bytes.Buffer
	w := bufio.NewWriter(&out)
	ctx.Write.Writer = w
	if err := pdfcpu.WriteContext(ctx); err != nil {
		return nil, fmt.Errorf("cannot encrypt the PDF: %w", err)
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// pdfConfig is pdfcpu's default configuration (model.newDefaultConfiguration in
// pdfcpu v0.15) for AES-256, without its configuration folder.
func pdfConfig() *model.Configuration {
	return &model.Configuration{
		Reader15:                  true,
		ValidationMode:            model.ValidationRelaxed,
		UnsupportedResourcePolicy: model.UnsupportedResourceSkip,
		Eol:                       types.EolLF,
		WriteObjectStream:         true,
		WriteXRefStream:           true,
		EncryptUsingAES:           true,
		EncryptKeyLength:          256,
		Permissions:               model.PermissionsAll,
		TimestampFormat:           "2006-01-02 15:04",
		DateFormat:                "2006-01-02",
		Offline:                   true,
		Limits:                    model.DefaultResourceLimits(),
	}
}

// CheckPDFPassword says whether a password can protect a PDF: long enough, and
// one the PDF's password rules and pdfcpu take as it is.
func CheckPDFPassword(password string) error {
	switch n := utf8.RuneCountInString(password); {
	case !utf8.ValidString(password):
		return fmt.Errorf("%w: the PDF password is not valid text", portfolio.ErrInvalid)
	case n < MinPDFPassword:
		return fmt.Errorf("%w: the PDF password has %d characters; use at least %d", portfolio.ErrInvalid, n, MinPDFPassword)
	case len(password) > maxPDFPassword:
		return fmt.Errorf("%w: the PDF password is over %d bytes, the most a PDF keeps", portfolio.ErrInvalid, maxPDFPassword)
	}
	// pdfcpu prepares passwords as PRECIS identifiers, which have no spaces or
	// symbols outside letters, digits and punctuation; one it could not open again
	// is refused here rather than written.
	if _, err := precis.NewIdentifier(precis.BidiRule).String(password); err != nil {
		return fmt.Errorf("%w: the PDF password may hold letters, digits and punctuation but no spaces", portfolio.ErrInvalid)
	}
	return nil
}
