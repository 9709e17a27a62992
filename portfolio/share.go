package portfolio

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"filippo.io/age"

	"github.com/foliohq/folio/portfolio/codec"
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

// Decrypt opens an age file encrypted to this vault's sharing key, read from src
// (binary: the caller takes off any armour); ok is false, with no error, when the
// vault has no sharing key, so nothing can have been encrypted to it. The private
// key never leaves the core.
func (p *Portfolio) Decrypt(src io.Reader) (r io.Reader, ok bool, err error) {
	id, err := p.identity(false)
	if err != nil || id == nil {
		return nil, false, err
	}
	r, err = age.Decrypt(src, id)
	return r, true, err
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
