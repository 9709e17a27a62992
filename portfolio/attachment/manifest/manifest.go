// Package manifest is an attachment's manifest: the record of the collection
// attachments that names the record a file hangs on and holds the file's name,
// media type, size and keyed hash (docs/VAULT.md, "Attachments"), with its wire
// format, the check of a file's name and the trash state sync carries, and what the
// core decides over manifests alone: which ones and which bytes are no longer
// needed once the trash is emptied (Unneeded), and which attachments a check's
// damaged bytes belong to (NameDamage). The core reads and deletes them; package
// attachment attaches, removes and restores; this leaf is what both read, and
// imports only the codec, the record types and the vault's names for hashes,
// clocks and damage.
//
// An attachment is a file kept with a record as evidence: a certificate with a CPD
// entry, an agreement with a relationship. Its bytes are a blob in the vault
// (storage/internal/blob: sealed chunks, stored once however often attached); its
// manifest, a record of the collection attachments, names the record it hangs on
// and holds the file's name, media type, size and keyed hash.
//
// Manifests are not versioned: an attachment follows its record. While the record
// is in the trash its attachments are hidden with it, and come back when it is
// restored; when the trash is emptied (or the history setting erases the record)
// its manifests are deleted and the blobs no other manifest names are freed.
// Removing one attachment moves it to the trash on its own: its manifest is marked
// removed (and when), RestoreAttachment clears the mark, and emptying the trash (or
// the retention period passing) erases it as it would a record.
package manifest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio/codec"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// MaxSize is the largest file folio keeps.
const MaxSize = storage.MaxBlobSize

// maxAttachmentName caps a file name, in bytes, as most file systems do.
const maxAttachmentName = 255

// Attachment is a file kept with a record.
type Attachment struct {
	ID        record.ID   `json:"id"`
	Record    record.ID   `json:"record"`
	Kind      record.Kind `json:"kind"`
	Name      string      `json:"name"`
	MediaType string      `json:"media_type"`
	Size      int64       `json:"size"`
	Added     time.Time   `json:"added"`
	// Removed is when the attachment was moved to the trash on its own; zero while
	// it is with its record.
	Removed time.Time `json:"removed,omitzero"`
	hash    storage.Hash
	// mark is the clock and device of the last removal or restore, zero if none:
	// sync keeps the latest of two devices' (docs/SYNC.md).
	mark    storage.Clock
	markDev storage.DeviceID
}

// Attachable says files can hang on records of kind k: entries, goals, actions,
// meetings and relationships.
func Attachable(k record.Kind) bool {
	switch k {
	case record.KindEntry, record.KindGoal, record.KindAction, record.KindMeeting, record.KindRelationship:
		return true
	}
	return false
}

// Manifest fields (docs/VAULT.md, "Attachments").
const (
	attVersion = 1
	attRecord  = 2
	attKind    = 3
	attName    = 4
	attType    = 5
	attSize    = 6
	attHash    = 7
	attAdded   = 8
	attRemoved = 9
	attMark    = 10
)

// markSize is a mark as the manifest keeps it: clock (8 + 4) and device (16).
const markSize = 12 + storage.DeviceIDSize

// Encode is the manifest as the vault keeps it.
func (a *Attachment) Encode() []byte {
	var e codec.Encoder
	e.Uint(attVersion, codec.SchemaVersion)
	e.Str(attRecord, string(a.Record))
	e.Str(attKind, string(a.Kind))
	e.Str(attName, a.Name)
	e.Str(attType, a.MediaType)
	e.Uint(attSize, uint64(a.Size))
	e.Str(attHash, string(a.hash[:]))
	e.Time(attAdded, a.Added)
	if !a.Removed.IsZero() {
		e.Time(attRemoved, a.Removed)
	}
	if a.mark != (storage.Clock{}) {
		m := binary.BigEndian.AppendUint64(nil, uint64(a.mark.Micros))
		m = binary.BigEndian.AppendUint32(m, a.mark.Logical)
		e.Str(attMark, string(append(m, a.markDev[:]...)))
	}
	return e.B
}

// Decode reads the manifest b of the attachment id, trusting nothing in it.
func Decode(id record.ID, b []byte) (*Attachment, error) {
	a := &Attachment{ID: id}
	var hash, mark []byte
	err := codec.Decode(b, codec.Fields(attRecord, attKind, attName, attType, attHash, attMark), func(f codec.Field) error {
		switch f.Num {
		case attVersion:
			return codec.CheckVersion(f)
		case attRecord:
			a.Record = record.ID(f.Str())
		case attKind:
			a.Kind = record.Kind(f.Str())
		case attName:
			a.Name = f.Str()
		case attType:
			a.MediaType = f.Str()
		case attSize:
			a.Size = int64(f.V)
		case attHash:
			hash = f.B
		case attAdded:
			a.Added = f.Time()
		case attRemoved:
			a.Removed = f.Time()
		case attMark:
			mark = f.B
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(hash) != storage.HashSize || a.Size < 0 || a.Size > MaxSize || a.Name == "" || !Attachable(a.Kind) {
		return nil, errors.New("malformed attachment manifest")
	}
	if _, err := storage.ParseID(string(a.Record)); err != nil {
		return nil, errors.New("attachment manifest names no record")
	}
	copy(a.hash[:], hash)
	if mark != nil {
		if len(mark) != markSize {
			return nil, errors.New("malformed attachment manifest mark")
		}
		a.mark = storage.Clock{Micros: int64(binary.BigEndian.Uint64(mark)), Logical: binary.BigEndian.Uint32(mark[8:])}
		copy(a.markDev[:], mark[12:])
	}
	return a, nil
}

// CheckName accepts a file's base name as folio keeps it: UTF-8 text
// without control characters or path separators, at most 255 bytes.
func CheckName(name string) error {
	switch {
	case name == "" || name == "." || name == "..":
		return invalidName("an attachment needs a file name")
	case len(name) > maxAttachmentName:
		return invalidName("the file name %.40q… is longer than %d bytes", name, maxAttachmentName)
	case !utf8.ValidString(name):
		return invalidName("the file name is not valid UTF-8")
	case strings.ContainsAny(name, `/\`):
		return invalidName("the file name %q holds a path separator", name)
	case strings.ContainsFunc(name, unicode.IsControl):
		return invalidName("the file name %q holds a control character", name)
	}
	return nil
}

// Attachment marks, as sync carries them (docs/SYNC.md, "Attachments").
const (
	MarkRestored = 0 // with its record again
	MarkRemoved  = 1 // in the trash on its own
	MarkErased   = 2 // gone for good: its manifest deleted, its bytes freed
)

// SyncMark is an attachment's trash state as one device last set it.
type SyncMark struct {
	ID     storage.ID
	State  byte
	Clock  storage.Clock
	Device storage.DeviceID
	// When is when it was removed (MarkRemoved), else zero.
	When time.Time
}

// Later reports whether m wins over o: the later clock, then the greater device ID.
// Erasure wins over either state, whatever the clocks.
func (m SyncMark) Later(o SyncMark) bool {
	if (m.State == MarkErased) != (o.State == MarkErased) {
		return m.State == MarkErased
	}
	if c := m.Clock.Compare(o.Clock); c != 0 {
		return c > 0
	}
	return bytes.Compare(m.Device[:], o.Device[:]) > 0
}

// Hash names the attachment's bytes in the vault.
func (a Attachment) Hash() storage.Hash { return a.hash }

// SetHash names the blob that holds the attachment's bytes, once they are kept.
func (a *Attachment) SetHash(h storage.Hash) { a.hash = h }

// Mark is the attachment's trash state as sync carries it, sid being its vault ID.
func (a *Attachment) Mark(sid storage.ID) SyncMark {
	m := SyncMark{ID: sid, State: MarkRestored, Clock: a.mark, Device: a.markDev}
	if !a.Removed.IsZero() {
		m.State, m.When = MarkRemoved, a.Removed
	}
	return m
}

// SetMark records the clock and device of a removal or restore, which order it
// against other devices' (SyncMark.Later).
func (a *Attachment) SetMark(c storage.Clock, d storage.DeviceID) { a.mark, a.markDev = c, d }

func invalidName(format string, args ...any) error {
	return fmt.Errorf("%w: %s", record.ErrInvalid, fmt.Sprintf(format, args...))
}

// SyncAttachment is an attachment as a change set carries it: its manifest, as the
// vault keeps it, and its bytes.
type SyncAttachment struct {
	ID       storage.ID
	Manifest []byte
	Data     []byte
}
