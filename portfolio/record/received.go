package record

import (
	"bytes"
	"time"

	"github.com/foliohq/folio/portfolio/codec"
)

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

// MaxReceivedBytes caps a received document; summaries are far smaller.
const MaxReceivedBytes = 8 << 20

// EncodeReceived is a received document's wire form.
func EncodeReceived(d *Received) []byte {
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

// DecodeReceived reads a received document, copying its data.
func DecodeReceived(b []byte, d *Received) error {
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
