package catalogue

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"time"
	"unsafe"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/codec"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// Catalogue format 2 keeps format 1's rows in the order the lists show them,
// newest first, cut into chunks under random record IDs, with a directory naming
// the chunks in order: listing the newest ten reads the directory and the newest
// chunk, not every row. docs/VAULT.md ("The catalogue") describes the bytes.
const (
	// FormatV2 is the first byte of a format-2 chunk's and the directory's plaintext.
	FormatV2 = 2
	// A chunk holds at most ChunkMaxRows rows and ChunkMaxBytes of plaintext; a
	// save that passes either splits it in two. One left with fewer than
	// ChunkMinRows merges with its neighbour. A rebuild fills chunks to
	// ChunkFillRows or ChunkFillBytes, so the next saves do not split them at once.
	ChunkMaxRows   = 512
	ChunkMaxBytes  = 64 << 10
	ChunkMinRows   = 128
	ChunkFillRows  = 384
	ChunkFillBytes = 48 << 10
)

// DirID is the directory's record ID: nine 0xff bytes then 0xfe, beside the
// generation record's ten 0xff, and never a chunk's.
var DirID = storage.ID{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe}

// Key is where an entry sits in the lists' order (newestFirst): its day,
// newest first, then its creation time, newest first, then its ID.
type Key struct {
	Date    calendar.Date
	Created time.Time
	ID      storage.ID
}

// CompareKeys orders as newestFirst does: an entry's ID text is base32 in an
// alphabet in ASCII order, so comparing the bytes compares the text.
func CompareKeys(a, b Key) int {
	if c := cmp.Compare(b.Date, a.Date); c != 0 {
		return c
	}
	if c := b.Created.Compare(a.Created); c != 0 {
		return c
	}
	return bytes.Compare(a.ID[:], b.ID[:])
}

// KeyedRow is one row with its order key, decoded from its metadata.
type KeyedRow struct {
	Key Key
	Row Row
}

// Chunk is one chunk as the directory names it.
type Chunk struct {
	ID    storage.ID
	Stamp storage.Stamp
	Rows  int
	First Key
}

// ChunkIDAllowed says whether id may name a format-2 chunk: not the generation
// record's or the directory's, and not of a format-1 chunk's shape (a byte, then
// nine zeros), so a format-1 reader sees a stray and each format's records are
// told apart by their IDs.
func ChunkIDAllowed(id storage.ID) bool {
	if id == GenID || id == DirID {
		return false
	}
	return [storage.IDSize - 1]byte(id[1:]) != [storage.IDSize - 1]byte{}
}

// NewChunkID is a random chunk ID: it says nothing of the dates the chunk holds.
func NewChunkID() storage.ID {
	for {
		if id := storage.NewID(); ChunkIDAllowed(id) {
			return id
		}
	}
}

// DecodeOrder reads an entry's day and creation time from its metadata, checking
// the record's framing and version as a whole decode would.
func DecodeOrder(b []byte) (date calendar.Date, created time.Time, err error) {
	src := unsafe.String(unsafe.SliceData(b), len(b))
	err = codec.DecodeShared(b, src, record.EntryBytes, func(f codec.Field) error {
		switch f.Num {
		case codec.EntryVersion:
			return codec.CheckVersion(f)
		case codec.EntryDate:
			date = calendar.Date(f.Int())
		case codec.EntryCreated:
			created = f.Time()
		}
		return nil
	})
	return date, created, err
}

// appendRow writes one row as format 1 does: ID, stamp, record size, metadata
// length, metadata.
func appendRow(b []byte, id storage.ID, r Row) []byte {
	b = append(b, id[:]...)
	b = append(b, r.Stamp[:]...)
	b = binary.AppendUvarint(b, uint64(r.Size))
	b = binary.AppendUvarint(b, uint64(len(r.Meta)))
	return append(b, r.Meta...)
}

// readRow reads one row from b, returning what is left.
func readRow(b []byte) (id storage.ID, r Row, rest []byte, err error) {
	if len(b) < storage.IDSize+storage.StampSize {
		return id, r, nil, fmt.Errorf("%w: row cut short", ErrCatalogue)
	}
	copy(id[:], b)
	copy(r.Stamp[:], b[storage.IDSize:])
	b = b[storage.IDSize+storage.StampSize:]
	size, k := canonicalUvarint(b)
	if k <= 0 || size > 1<<32 {
		return id, r, nil, fmt.Errorf("%w: bad record size", ErrCatalogue)
	}
	b = b[k:]
	l, k := canonicalUvarint(b)
	if k <= 0 || l > uint64(len(b)-k) {
		return id, r, nil, fmt.Errorf("%w: bad metadata length", ErrCatalogue)
	}
	b = b[k:]
	r.Size, r.Meta = int(size), b[:l:l]
	return id, r, b[l:], nil
}

// rowBytes is how many bytes a row takes in a chunk.
func rowBytes(r Row) int {
	return storage.IDSize + storage.StampSize + uvarintLen(uint64(r.Size)) + uvarintLen(uint64(len(r.Meta))) + len(r.Meta)
}

func uvarintLen(v uint64) int { return len(binary.AppendUvarint(nil, v)) }

// EncodeChunk2 is a format-2 chunk: the format byte, the row count, and the rows
// in the lists' order.
func EncodeChunk2(rows []KeyedRow) []byte {
	n := 1 + binary.MaxVarintLen64
	for _, e := range rows {
		n += rowBytes(e.Row)
	}
	b := make([]byte, 0, n)
	b = append(b, FormatV2)
	b = binary.AppendUvarint(b, uint64(len(rows)))
	for _, e := range rows {
		b = appendRow(b, e.Key.ID, e.Row)
	}
	return b
}

// DecodeChunk2 reads a format-2 chunk. Its rows must be in the lists' order, each
// after the one before (so none twice), and every row's metadata must give its
// order's keys.
func DecodeChunk2(b []byte) ([]KeyedRow, error) {
	if len(b) < 1 || b[0] != FormatV2 {
		return nil, fmt.Errorf("%w: unknown version", ErrCatalogue)
	}
	b = b[1:]
	count, k := canonicalUvarint(b)
	if k <= 0 || count > uint64(len(b))/(storage.IDSize+storage.StampSize+2) {
		return nil, fmt.Errorf("%w: bad row count", ErrCatalogue)
	}
	b = b[k:]
	rows := make([]KeyedRow, count)
	for i := range rows {
		id, r, rest, err := readRow(b)
		if err != nil {
			return nil, err
		}
		b = rest
		date, created, err := DecodeOrder(r.Meta)
		if err != nil {
			return nil, fmt.Errorf("%w: row %s: %w", ErrCatalogue, id, err)
		}
		rows[i] = KeyedRow{Key: Key{Date: date, Created: created, ID: id}, Row: r}
		if i > 0 && CompareKeys(rows[i-1].Key, rows[i].Key) >= 0 {
			return nil, fmt.Errorf("%w: row %s is out of order", ErrCatalogue, id)
		}
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the last row", ErrCatalogue, len(b))
	}
	return rows, nil
}

// appendKey writes an order key: the day and the creation time (microseconds
// since 1970, as the entry record holds it) as zigzag varints, then the ID.
func appendKey(b []byte, k Key) []byte {
	b = binary.AppendVarint(b, int64(k.Date))
	b = binary.AppendVarint(b, k.Created.UnixMicro())
	return append(b, k.ID[:]...)
}

func readKey(b []byte) (k Key, rest []byte, err error) {
	d, n := canonicalVarint(b)
	if n <= 0 || d != int64(calendar.Date(d)) {
		return k, nil, fmt.Errorf("%w: bad date", ErrCatalogue)
	}
	b = b[n:]
	us, n := canonicalVarint(b)
	if n <= 0 {
		return k, nil, fmt.Errorf("%w: bad creation time", ErrCatalogue)
	}
	b = b[n:]
	if len(b) < storage.IDSize {
		return k, nil, fmt.Errorf("%w: key cut short", ErrCatalogue)
	}
	k.Date, k.Created = calendar.Date(d), time.UnixMicro(us).UTC()
	copy(k.ID[:], b)
	return k, b[storage.IDSize:], nil
}

// EncodeDir is the directory: the format byte, the chunk count, and per chunk,
// newest first, its record ID, its stamp, its row count and its first row's key.
func EncodeDir(dir []Chunk) []byte {
	b := make([]byte, 0, 2+len(dir)*64)
	b = append(b, FormatV2)
	b = binary.AppendUvarint(b, uint64(len(dir)))
	for _, c := range dir {
		b = append(b, c.ID[:]...)
		b = append(b, c.Stamp[:]...)
		b = binary.AppendUvarint(b, uint64(c.Rows))
		b = appendKey(b, c.First)
	}
	return b
}

// dirChunkMin is the fewest bytes a chunk's description takes.
const dirChunkMin = storage.IDSize + storage.StampSize + 1 + 1 + 1 + storage.IDSize

// DecodeDir reads the directory. Chunk IDs must be chunks' and each once, row
// counts at least one, and first keys in the lists' order.
func DecodeDir(b []byte) ([]Chunk, error) {
	if len(b) < 1 || b[0] != FormatV2 {
		return nil, fmt.Errorf("%w: unknown directory version", ErrCatalogue)
	}
	b = b[1:]
	count, k := canonicalUvarint(b)
	if k <= 0 || count > uint64(len(b))/dirChunkMin {
		return nil, fmt.Errorf("%w: bad chunk count", ErrCatalogue)
	}
	b = b[k:]
	dir := make([]Chunk, count)
	seen := make(map[storage.ID]bool, count)
	for i := range dir {
		c := &dir[i]
		if len(b) < storage.IDSize+storage.StampSize {
			return nil, fmt.Errorf("%w: directory cut short", ErrCatalogue)
		}
		copy(c.ID[:], b)
		copy(c.Stamp[:], b[storage.IDSize:])
		b = b[storage.IDSize+storage.StampSize:]
		if !ChunkIDAllowed(c.ID) || seen[c.ID] {
			return nil, fmt.Errorf("%w: chunk ID %s", ErrCatalogue, c.ID)
		}
		seen[c.ID] = true
		rows, n := canonicalUvarint(b)
		if n <= 0 || rows == 0 || rows > ChunkMaxRows {
			return nil, fmt.Errorf("%w: bad chunk row count", ErrCatalogue)
		}
		c.Rows = int(rows)
		var err error
		if c.First, b, err = readKey(b[n:]); err != nil {
			return nil, err
		}
		if i > 0 && CompareKeys(dir[i-1].First, c.First) >= 0 {
			return nil, fmt.Errorf("%w: directory out of order", ErrCatalogue)
		}
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the directory", ErrCatalogue, len(b))
	}
	return dir, nil
}

// canonicalVarint reads a zigzag varint written in its shortest form.
func canonicalVarint(b []byte) (v int64, n int) {
	v, n = binary.Varint(b)
	if n > 1 && b[n-1] == 0 {
		return 0, -1
	}
	return v, n
}

// CheckChunk says whether rows are what dir names: the count, the first key, and
// (given the next chunk's first key) no row at or past it.
func CheckChunk(c Chunk, rows []KeyedRow, next *Chunk) error {
	switch {
	case len(rows) != c.Rows:
		return fmt.Errorf("%w: chunk %s holds %d rows, the directory says %d", ErrCatalogue, c.ID, len(rows), c.Rows)
	case CompareKeys(rows[0].Key, c.First) != 0:
		return fmt.Errorf("%w: chunk %s does not start where the directory says", ErrCatalogue, c.ID)
	case next != nil && CompareKeys(rows[len(rows)-1].Key, next.First) >= 0:
		return fmt.Errorf("%w: chunk %s runs into the next", ErrCatalogue, c.ID)
	}
	return nil
}
