package share

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio/validate"

	"filippo.io/age"
	"filippo.io/age/armor"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/media"
)

// ErrNotForThisVault means a shared file was not encrypted to this vault's key.
var ErrNotForThisVault = errors.New("not encrypted to this vault's key")

// ErrAlreadyReceived means a received document is one the vault holds already; the
// error comes with that document, and nothing is kept twice.
var ErrAlreadyReceived = errors.New("already received")

// Receive decrypts a file encrypted to this vault's key (binary or armoured age) and
// keeps it as a read-only document, attached to a relationship if relID is set. A
// document the vault holds already (the same text, however it was encrypted) is not
// kept again: Receive returns the one held with ErrAlreadyReceived.
func Receive(p *portfolio.Portfolio, data []byte, fileName string, relID portfolio.ID) (*portfolio.Received, error) {
	if relID != "" {
		var ok bool
		p.View(func(tx *portfolio.Tx) error { _, ok = portfolio.Get[portfolio.Relationship](tx, relID); return nil })
		if !ok {
			return nil, fmt.Errorf("%w: no relationship %s", portfolio.ErrNotFound, relID)
		}
	}
	var src io.Reader = bytes.NewReader(data)
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte(armorHeader)) {
		src = armor.NewReader(bytes.NewReader(bytes.TrimSpace(data)))
	}
	r, hasKey, err := decrypt(p, src)
	switch {
	case err == nil && !hasKey:
		return nil, invalid("this vault has no sharing key yet, so nothing can have been encrypted to it; run 'folio key' and give the key to the sender")
	case err != nil && !hasKey:
		return nil, err
	case err != nil:
		var noMatch *age.NoIdentityMatchError
		if passphraseEncrypted(data) {
			return nil, errPassphraseFile(fileName)
		}
		if errors.As(err, &noMatch) {
			return nil, fmt.Errorf("%w: %s was %w", portfolio.ErrInvalid, fileName, ErrNotForThisVault)
		}
		return nil, invalid("%s is not a readable age file: %v", fileName, err)
	}
	plain, err := io.ReadAll(io.LimitReader(r, portfolio.MaxReceivedBytes+1))
	if err != nil {
		return nil, invalid("%s failed to decrypt: %v", fileName, err)
	}
	if len(plain) > portfolio.MaxReceivedBytes {
		return nil, invalid("%s holds more than %d MiB", fileName, portfolio.MaxReceivedBytes>>20)
	}
	doc := portfolio.Received{RelationshipID: relID, FileName: fileName, ReceivedAt: p.Now().UTC()}
	switch {
	case bytes.HasPrefix(plain, []byte("%PDF-")):
		doc.MediaType, doc.Data = portfolio.MediaPDF, plain
		doc.Title = media.PDFTitle(plain, fileName)
	case !utf8.Valid(plain):
		return nil, invalid("%s holds neither UTF-8 text nor a PDF", fileName)
	default:
		doc.Body = strings.ReplaceAll(string(plain), "\r\n", "\n")
		doc.Title = receivedTitle(doc.Body, fileName)
		if media.IsHTML(doc.Body) {
			doc.MediaType = portfolio.MediaHTML
			doc.Title = media.HTMLTitle(doc.Body, fileName)
		}
	}
	// Checked as an archive import checks it, so what is kept exports and reads back;
	// a document held already is found before any write, so the vault is left as it
	// was, and again inside the write, in case one came in between.
	var old *portfolio.Received
	err = p.View(func(tx *portfolio.Tx) error {
		if err := portfolio.Validate(tx, &doc); err != nil {
			return fmt.Errorf("%s: %w", fileName, err)
		}
		old = sameReceived(tx, &doc)
		return nil
	})
	if err == nil && old == nil {
		err = p.Update(func(tx *portfolio.Tx) error {
			if old = sameReceived(tx, &doc); old != nil {
				return nil
			}
			doc.ID = tx.NewID()
			return portfolio.Put(tx, &doc)
		})
	}
	switch {
	case err != nil:
		return nil, err
	case old != nil:
		return old, fmt.Errorf("%s is %w: it was kept on %s as %s", fileName, ErrAlreadyReceived, old.ReceivedAt.Format(time.DateOnly), old.ID.Short())
	}
	return &doc, nil
}

// sameReceived is the received document with the same content as doc, or nil.
func sameReceived(tx *portfolio.Tx, doc *portfolio.Received) *portfolio.Received {
	for d := range portfolio.All[portfolio.Received](tx) {
		if d.Body == doc.Body && bytes.Equal(d.Data, doc.Data) && d.MediaType == doc.MediaType {
			return d
		}
	}
	return nil
}

// receivedTitle is the document's first heading or line, else the file name, as a
// title folio accepts anywhere: escape sequences and other control characters are
// left out, so the document exports and imports back like any record.
func receivedTitle(body, fileName string) string {
	for _, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(media.WithoutControls(line)), "#"))
		if t != "" {
			if utf8.RuneCountInString(t) > validate.MaxTitleRunes {
				t = string([]rune(t)[:validate.MaxTitleRunes])
			}
			return t
		}
	}
	return media.WithoutControls(fileName)
}

// ReceivedDocuments lists received documents, newest first; relID "" means all.
func ReceivedDocuments(p *portfolio.Portfolio, relID portfolio.ID) []*portfolio.Received {
	var out []*portfolio.Received
	p.View(func(tx *portfolio.Tx) error {
		for d := range portfolio.All[portfolio.Received](tx) {
			if relID == "" || d.RelationshipID == relID {
				out = append(out, d)
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b *portfolio.Received) int { return b.ReceivedAt.Compare(a.ReceivedAt) })
	return out
}
