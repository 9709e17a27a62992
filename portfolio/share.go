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

	"github.com/foliohq/folio/portfolio/codec"
	"github.com/foliohq/folio/portfolio/media"
	"github.com/foliohq/folio/storage"
)

// Sharing with a mentor uses age (age-encryption.org): the vault keeps its own X25519
// identity sealed inside it, and exports can be encrypted to anyone's age recipient,
// readable with the standard age tool or with folio.
const (
	collKeys     = "keys"
	collReceived = "received"

	// MaxReceivedBytes caps a received document; summaries are far smaller.
	MaxReceivedBytes = 8 << 20
)

// identity returns the vault's age identity, creating it if create is set.
func (p *Portfolio) identity(create bool) (*age.X25519Identity, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ageIdentity != nil {
		return p.ageIdentity, nil
	}
	var found []byte
	damaged, err := p.vault.Load(collKeys, func(_ storage.ID, plain []byte) error {
		found = plain
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(damaged) > 0 {
		return nil, fmt.Errorf("the vault's sharing key is damaged: %w", damaged[0].Err)
	}
	if found != nil {
		id, err := age.ParseX25519Identity(strings.TrimSpace(string(found)))
		if err != nil {
			return nil, fmt.Errorf("%w: the vault's sharing key does not parse", ErrDamaged)
		}
		p.ageIdentity = id
		return id, nil
	}
	if !create {
		return nil, nil
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, err
	}
	if err := p.put(collKeys, storage.NewID(), []byte(id.String())); err != nil {
		return nil, err
	}
	p.ageIdentity = id
	return id, nil
}

// PublicKey returns the vault's age recipient (age1...), creating the key pair the
// first time. The private key never leaves the vault.
func (p *Portfolio) PublicKey() (string, error) {
	id, err := p.identity(true)
	if err != nil {
		return "", err
	}
	return id.Recipient().String(), nil
}

// Received is a document someone shared with this vault's key, kept read-only.
type Received struct {
	ID             ID        `json:"id"`
	RelationshipID ID        `json:"relationship_id,omitempty"`
	Title          string    `json:"title"`
	Body           string    `json:"body"`
	FileName       string    `json:"file_name,omitempty"`
	ReceivedAt     time.Time `json:"received_at"`
	// MediaType is MediaHTML or MediaPDF for a document that is not Markdown or plain
	// text, so that it can be opened with a program that shows it. HTML is kept in
	// Body; a PDF's bytes in Data.
	MediaType string `json:"media_type,omitempty"`
	Data      []byte `json:"data,omitempty"`
}

// Media types of received documents other than Markdown or text.
const (
	MediaHTML = "text/html"
	MediaPDF  = "application/pdf"
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

func encodeReceived(d *Received) []byte {
	var enc codec.Encoder
	enc.Uint(codec.RecvVersion, codec.SchemaVersion)
	enc.Str(codec.RecvRelationship, string(d.RelationshipID))
	enc.Str(codec.RecvTitle, d.Title)
	enc.Str(codec.RecvBody, d.Body)
	enc.Str(codec.RecvFileName, d.FileName)
	enc.Time(codec.RecvAt, d.ReceivedAt)
	enc.Str(codec.RecvMediaType, d.MediaType)
	enc.Str(codec.RecvData, string(d.Data))
	return enc.B
}

var receivedBytes = codec.Fields(codec.RecvRelationship, codec.RecvTitle, codec.RecvBody, codec.RecvFileName, codec.RecvMediaType, codec.RecvData)

func decodeReceived(b []byte, d *Received) error {
	return codec.Decode(b, receivedBytes, func(f codec.Field) error {
		switch f.Num {
		case codec.RecvVersion:
			return codec.CheckVersion(f)
		case codec.RecvRelationship:
			d.RelationshipID = ID(f.Str())
		case codec.RecvTitle:
			d.Title = f.Str()
		case codec.RecvBody:
			d.Body = f.Str()
		case codec.RecvFileName:
			d.FileName = f.Str()
		case codec.RecvAt:
			d.ReceivedAt = f.Time()
		case codec.RecvMediaType:
			d.MediaType = f.Str()
		case codec.RecvData:
			d.Data = bytes.Clone(f.B)
		}
		return nil
	})
}
