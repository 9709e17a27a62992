package portfolio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"filippo.io/age"
	"filippo.io/age/armor"

	"github.com/foliohq/folio/portfolio/media"
	"github.com/foliohq/folio/storage"
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
func (p *Portfolio) Receive(data []byte, fileName string, relID ID) (*Received, error) {
	if relID != "" {
		if _, ok := p.relationship(relID); !ok {
			return nil, fmt.Errorf("%w: no relationship %s", ErrNotFound, relID)
		}
	}
	id, err := p.identity(false)
	if err != nil {
		return nil, err
	}
	if id == nil {
		return nil, invalid("this vault has no sharing key yet, so nothing can have been encrypted to it; run 'folio key' and give the key to the sender")
	}
	var src io.Reader = bytes.NewReader(data)
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("-----BEGIN AGE ENCRYPTED FILE-----")) {
		src = armor.NewReader(bytes.NewReader(bytes.TrimSpace(data)))
	}
	r, err := age.Decrypt(src, id)
	if err != nil {
		var noMatch *age.NoIdentityMatchError
		if passphraseEncrypted(data) {
			return nil, errPassphraseFile(fileName)
		}
		if errors.As(err, &noMatch) {
			return nil, fmt.Errorf("%w: %s was %w", ErrInvalid, fileName, ErrNotForThisVault)
		}
		return nil, invalid("%s is not a readable age file: %v", fileName, err)
	}
	plain, err := io.ReadAll(io.LimitReader(r, MaxReceivedBytes+1))
	if err != nil {
		return nil, invalid("%s failed to decrypt: %v", fileName, err)
	}
	if len(plain) > MaxReceivedBytes {
		return nil, invalid("%s holds more than %d MiB", fileName, MaxReceivedBytes>>20)
	}
	doc := Received{RelationshipID: relID, FileName: fileName, ReceivedAt: p.now().UTC()}
	switch {
	case bytes.HasPrefix(plain, []byte("%PDF-")):
		doc.MediaType, doc.Data = MediaPDF, plain
		doc.Title = media.PDFTitle(plain, fileName)
	case !utf8.Valid(plain):
		return nil, invalid("%s holds neither UTF-8 text nor a PDF", fileName)
	default:
		doc.Body = strings.ReplaceAll(string(plain), "\r\n", "\n")
		doc.Title = receivedTitle(doc.Body, fileName)
		if media.IsHTML(doc.Body) {
			doc.MediaType = MediaHTML
			doc.Title = media.HTMLTitle(doc.Body, fileName)
		}
	}
	// Checked as an archive import checks it, so what is kept exports and reads back.
	p.mu.RLock()
	err = p.validateReceived(&doc)
	p.mu.RUnlock()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", fileName, err)
	}
	if old := p.findReceived(&doc); old != nil {
		return old, fmt.Errorf("%s is %w: it was kept on %s as %s", fileName, ErrAlreadyReceived, old.ReceivedAt.Format(time.DateOnly), old.ID.Short())
	}
	sid := storage.NewID()
	doc.ID = ID(sid.String())
	if err := p.put(collReceived, sid, encodeReceived(&doc)); err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.received[doc.ID] = &doc
	p.mu.Unlock()
	return &doc, nil
}

// findReceived is the received document with the same content as doc, or nil.
func (p *Portfolio) findReceived(doc *Received) *Received {
	p.mu.RLock()
	defer p.mu.RUnlock()
	for _, d := range p.received {
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
			if utf8.RuneCountInString(t) > MaxTitleRunes {
				t = string([]rune(t)[:MaxTitleRunes])
			}
			return t
		}
	}
	return media.WithoutControls(fileName)
}

// ReceivedDocuments lists received documents, newest first; relID "" means all.
func (p *Portfolio) ReceivedDocuments(relID ID) []*Received {
	p.mu.RLock()
	defer p.mu.RUnlock()
	var out []*Received
	for _, d := range p.received {
		if relID == "" || d.RelationshipID == relID {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b *Received) int { return b.ReceivedAt.Compare(a.ReceivedAt) })
	return out
}

