package catalogue

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// The catalogue is a sealed index of every entry's metadata (everything but the
// body, sections and fields) kept in the vault, so opening a portfolio need not
// decrypt and decode every entry. Its rows are in the lists' order, newest first,
// in chunks a directory names (format 2, format.go), so listing the
// newest ten reads one chunk. It is never trusted over the records: each row holds
// the stamp of the entry record it was made from, and when the generation record
// does not name the vault's last transaction, or anything read disagrees, every
// entry record's stamp (read without decrypting) is compared with the rows, the
// entries whose rows are missing or stale are read in full, and the whole
// catalogue is written again in one transaction. docs/VAULT.md describes the format.
const (
	Coll = "catalogue"
	// CollEntries holds the entry records the catalogue describes.
	CollEntries = "entries"
	// FormatV1 is the first byte of a format-1 chunk's plaintext: format 1
	// kept the rows in 256 chunks by the first byte of the entry's ID. It is read
	// to upgrade a vault in place.
	FormatV1        = 1
	catalogueChunks = 256
)

var ErrCatalogue = errors.New("catalogue chunk is malformed")

// GenID is the catalogue record holding the generation (storage.Vault.Generation)
// of the last transaction that kept the catalogue in step with the entries: every
// transaction made through Portfolio.update writes it. While it names the vault's
// current generation, nothing has changed the entries since, so opening trusts the
// rows' stamps without reading every entry record's. Any other writer, an older
// folio included, moves the generation on without it, and the next open compares
// every stamp. Ten 0xff bytes: never a chunk's ID, whose last nine bytes are zero.
var GenID = storage.ID{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// genVersion is the first byte of the generation record's plaintext.
const genVersion = 1

// EncodeGen is the generation record: its version, then the generation as a uvarint.
func EncodeGen(g uint64) []byte {
	return binary.AppendUvarint([]byte{genVersion}, g)
}

func DecodeGen(b []byte) (uint64, bool) {
	if len(b) < 2 || b[0] != genVersion {
		return 0, false
	}
	g, n := canonicalUvarint(b[1:])
	return g, n > 0 && n == len(b)-1
}

// Row is one entry's row: the stamp of the record it describes, the size of
// that record's plaintext, and the entry's metadata in the entry record format.
type Row struct {
	Stamp storage.Stamp
	Size  int
	Meta  []byte
}

// ChunkID is the record ID of chunk n: n, then zeros.
func ChunkID(n int) storage.ID { return storage.ID{byte(n)} }

func ChunkOf(id storage.ID) int { return int(id[0]) }

// MetaOf is e without what only showing, exporting or searching it needs.
func MetaOf(e *record.Entry) *record.Entry {
	m := *e
	ClearText(&m)
	return &m
}

// ClearText makes e its metadata, in place: MetaOf without the copy.
func ClearText(e *record.Entry) { e.Body, e.Sections, e.Fields = "", nil, nil }

// EncodeChunk1 writes a format-1 chunk (tests make format-1 vaults with it): rows sorted by ID, so equal catalogues are equal bytes:
// version, row count (uvarint), then per row the ID, stamp, record size (uvarint),
// metadata length (uvarint) and metadata.
func EncodeChunk1(rows map[storage.ID]Row) []byte {
	ids := make([]storage.ID, 0, len(rows))
	n := 1 + binary.MaxVarintLen64
	for id, r := range rows {
		ids = append(ids, id)
		n += storage.IDSize + storage.StampSize + 2*binary.MaxVarintLen64 + len(r.Meta)
	}
	slices.SortFunc(ids, func(a, b storage.ID) int { return slices.Compare(a[:], b[:]) })
	b := make([]byte, 0, n)
	b = append(b, FormatV1)
	b = binary.AppendUvarint(b, uint64(len(ids)))
	for _, id := range ids {
		r := rows[id]
		b = append(b, id[:]...)
		b = append(b, r.Stamp[:]...)
		b = binary.AppendUvarint(b, uint64(r.Size))
		b = binary.AppendUvarint(b, uint64(len(r.Meta)))
		b = append(b, r.Meta...)
	}
	return b
}

// DecodeChunk1 reads format-1 chunk n, for the upgrade. Every row must belong in chunk n, once; the metadata
// is checked when it is decoded.
func DecodeChunk1(n int, b []byte) (map[storage.ID]Row, error) {
	if len(b) < 1 || b[0] != FormatV1 {
		return nil, fmt.Errorf("%w: unknown version", ErrCatalogue)
	}
	b = b[1:]
	count, k := canonicalUvarint(b)
	// A row takes at least its ID, stamp and two one-byte lengths.
	if k <= 0 || count > uint64(len(b))/(storage.IDSize+storage.StampSize+2) {
		return nil, fmt.Errorf("%w: bad row count", ErrCatalogue)
	}
	b = b[k:]
	rows := make(map[storage.ID]Row, count)
	for range count {
		if len(b) < storage.IDSize+storage.StampSize {
			return nil, fmt.Errorf("%w: row cut short", ErrCatalogue)
		}
		var id storage.ID
		var r Row
		copy(id[:], b)
		copy(r.Stamp[:], b[storage.IDSize:])
		b = b[storage.IDSize+storage.StampSize:]
		size, k := canonicalUvarint(b)
		if k <= 0 || size > 1<<32 {
			return nil, fmt.Errorf("%w: bad record size", ErrCatalogue)
		}
		b = b[k:]
		l, k := canonicalUvarint(b)
		if k <= 0 || l > uint64(len(b)-k) {
			return nil, fmt.Errorf("%w: bad metadata length", ErrCatalogue)
		}
		b = b[k:]
		r.Size, r.Meta = int(size), b[:l:l]
		b = b[l:]
		if ChunkOf(id) != n {
			return nil, fmt.Errorf("%w: row %s is in chunk %d", ErrCatalogue, id, n)
		}
		if _, dup := rows[id]; dup {
			return nil, fmt.Errorf("%w: row %s twice", ErrCatalogue, id)
		}
		rows[id] = r
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the last row", ErrCatalogue, len(b))
	}
	return rows, nil
}

// canonicalUvarint reads a varint written in its shortest form, so that a chunk has
// one encoding; n <= 0 when there is none.
func canonicalUvarint(b []byte) (v uint64, n int) {
	v, n = binary.Uvarint(b)
	// A longer form than the shortest ends in a zero byte (a continuation that
	// adds nothing); the shortest never does, but for zero itself.
	if n > 1 && b[n-1] == 0 {
		return 0, -1
	}
	return v, n
}
