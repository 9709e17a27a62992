package portfolio

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"time"
	"unsafe"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/codec"
	"github.com/foliohq/folio/storage"
)

// Catalogue format 2 keeps format 1's rows in the order the lists show them,
// newest first, cut into chunks under random record IDs, with a directory naming
// the chunks in order: listing the newest ten reads the directory and the newest
// chunk, not every row. docs/VAULT.md ("The catalogue") describes the bytes.
const (
	// catalogueV2 is the first byte of a format-2 chunk's and the directory's plaintext.
	catalogueV2 = 2
	// A chunk holds at most chunkMaxRows rows and chunkMaxBytes of plaintext; a
	// save that passes either splits it in two. One left with fewer than
	// chunkMinRows merges with its neighbour. A rebuild fills chunks to
	// chunkFillRows or chunkFillBytes, so the next saves do not split them at once.
	chunkMaxRows   = 512
	chunkMaxBytes  = 64 << 10
	chunkMinRows   = 128
	chunkFillRows  = 384
	chunkFillBytes = 48 << 10
)

// dirID is the directory's record ID: nine 0xff bytes then 0xfe, beside the
// generation record's ten 0xff, and never a chunk's.
var dirID = storage.ID{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe}

// orderKey is where an entry sits in the lists' order (newestFirst): its day,
// newest first, then its creation time, newest first, then its ID.
type orderKey struct {
	date    calendar.Date
	created time.Time
	id      storage.ID
}

// compareKeys orders as newestFirst does: an entry's ID text is base32 in an
// alphabet in ASCII order, so comparing the bytes compares the text.
func compareKeys(a, b orderKey) int {
	if c := cmp.Compare(b.date, a.date); c != 0 {
		return c
	}
	if c := b.created.Compare(a.created); c != 0 {
		return c
	}
	return bytes.Compare(a.id[:], b.id[:])
}

// catEntry is one row with its order key, decoded from its metadata.
type catEntry struct {
	key orderKey
	row catRow
}

// dirChunk is one chunk as the directory names it.
type dirChunk struct {
	id    storage.ID
	stamp storage.Stamp
	rows  int
	first orderKey
}

// chunkIDAllowed says whether id may name a format-2 chunk: not the generation
// record's or the directory's, and not of a format-1 chunk's shape (a byte, then
// nine zeros), so a format-1 reader sees a stray and each format's records are
// told apart by their IDs.
func chunkIDAllowed(id storage.ID) bool {
	if id == genID || id == dirID {
		return false
	}
	return [storage.IDSize - 1]byte(id[1:]) != [storage.IDSize - 1]byte{}
}

// newChunkID is a random chunk ID: it says nothing of the dates the chunk holds.
func newChunkID() storage.ID {
	for {
		if id := storage.NewID(); chunkIDAllowed(id) {
			return id
		}
	}
}

// decodeOrder reads an entry's day and creation time from its metadata, checking
// the record's framing and version as a whole decode would.
func decodeOrder(b []byte) (date calendar.Date, created time.Time, err error) {
	src := unsafe.String(unsafe.SliceData(b), len(b))
	err = codec.DecodeShared(b, src, entryBytes, func(f codec.Field) error {
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
func appendRow(b []byte, id storage.ID, r catRow) []byte {
	b = append(b, id[:]...)
	b = append(b, r.stamp[:]...)
	b = binary.AppendUvarint(b, uint64(r.size))
	b = binary.AppendUvarint(b, uint64(len(r.meta)))
	return append(b, r.meta...)
}

// readRow reads one row from b, returning what is left.
func readRow(b []byte) (id storage.ID, r catRow, rest []byte, err error) {
	if len(b) < storage.IDSize+storage.StampSize {
		return id, r, nil, fmt.Errorf("%w: row cut short", errCatalogue)
	}
	copy(id[:], b)
	copy(r.stamp[:], b[storage.IDSize:])
	b = b[storage.IDSize+storage.StampSize:]
	size, k := canonicalUvarint(b)
	if k <= 0 || size > 1<<32 {
		return id, r, nil, fmt.Errorf("%w: bad record size", errCatalogue)
	}
	b = b[k:]
	l, k := canonicalUvarint(b)
	if k <= 0 || l > uint64(len(b)-k) {
		return id, r, nil, fmt.Errorf("%w: bad metadata length", errCatalogue)
	}
	b = b[k:]
	r.size, r.meta = int(size), b[:l:l]
	return id, r, b[l:], nil
}

// rowBytes is how many bytes a row takes in a chunk.
func rowBytes(r catRow) int {
	return storage.IDSize + storage.StampSize + uvarintLen(uint64(r.size)) + uvarintLen(uint64(len(r.meta))) + len(r.meta)
}

func uvarintLen(v uint64) int { return len(binary.AppendUvarint(nil, v)) }

// encodeChunk2 is a format-2 chunk: the format byte, the row count, and the rows
// in the lists' order.
func encodeChunk2(rows []catEntry) []byte {
	n := 1 + binary.MaxVarintLen64
	for _, e := range rows {
		n += rowBytes(e.row)
	}
	b := make([]byte, 0, n)
	b = append(b, catalogueV2)
	b = binary.AppendUvarint(b, uint64(len(rows)))
	for _, e := range rows {
		b = appendRow(b, e.key.id, e.row)
	}
	return b
}

// decodeChunk2 reads a format-2 chunk. Its rows must be in the lists' order, each
// after the one before (so none twice), and every row's metadata must give its
// order's keys.
func decodeChunk2(b []byte) ([]catEntry, error) {
	if len(b) < 1 || b[0] != catalogueV2 {
		return nil, fmt.Errorf("%w: unknown version", errCatalogue)
	}
	b = b[1:]
	count, k := canonicalUvarint(b)
	if k <= 0 || count > uint64(len(b))/(storage.IDSize+storage.StampSize+2) {
		return nil, fmt.Errorf("%w: bad row count", errCatalogue)
	}
	b = b[k:]
	rows := make([]catEntry, count)
	for i := range rows {
		id, r, rest, err := readRow(b)
		if err != nil {
			return nil, err
		}
		b = rest
		date, created, err := decodeOrder(r.meta)
		if err != nil {
			return nil, fmt.Errorf("%w: row %s: %w", errCatalogue, id, err)
		}
		rows[i] = catEntry{key: orderKey{date: date, created: created, id: id}, row: r}
		if i > 0 && compareKeys(rows[i-1].key, rows[i].key) >= 0 {
			return nil, fmt.Errorf("%w: row %s is out of order", errCatalogue, id)
		}
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the last row", errCatalogue, len(b))
	}
	return rows, nil
}

// appendKey writes an order key: the day and the creation time (microseconds
// since 1970, as the entry record holds it) as zigzag varints, then the ID.
func appendKey(b []byte, k orderKey) []byte {
	b = binary.AppendVarint(b, int64(k.date))
	b = binary.AppendVarint(b, k.created.UnixMicro())
	return append(b, k.id[:]...)
}

func readKey(b []byte) (k orderKey, rest []byte, err error) {
	d, n := canonicalVarint(b)
	if n <= 0 || d != int64(calendar.Date(d)) {
		return k, nil, fmt.Errorf("%w: bad date", errCatalogue)
	}
	b = b[n:]
	us, n := canonicalVarint(b)
	if n <= 0 {
		return k, nil, fmt.Errorf("%w: bad creation time", errCatalogue)
	}
	b = b[n:]
	if len(b) < storage.IDSize {
		return k, nil, fmt.Errorf("%w: key cut short", errCatalogue)
	}
	k.date, k.created = calendar.Date(d), time.UnixMicro(us).UTC()
	copy(k.id[:], b)
	return k, b[storage.IDSize:], nil
}

// encodeDir is the directory: the format byte, the chunk count, and per chunk,
// newest first, its record ID, its stamp, its row count and its first row's key.
func encodeDir(dir []dirChunk) []byte {
	b := make([]byte, 0, 2+len(dir)*64)
	b = append(b, catalogueV2)
	b = binary.AppendUvarint(b, uint64(len(dir)))
	for _, c := range dir {
		b = append(b, c.id[:]...)
		b = append(b, c.stamp[:]...)
		b = binary.AppendUvarint(b, uint64(c.rows))
		b = appendKey(b, c.first)
	}
	return b
}

// dirChunkMin is the fewest bytes a chunk's description takes.
const dirChunkMin = storage.IDSize + storage.StampSize + 1 + 1 + 1 + storage.IDSize

// decodeDir reads the directory. Chunk IDs must be chunks' and each once, row
// counts at least one, and first keys in the lists' order.
func decodeDir(b []byte) ([]dirChunk, error) {
	if len(b) < 1 || b[0] != catalogueV2 {
		return nil, fmt.Errorf("%w: unknown directory version", errCatalogue)
	}
	b = b[1:]
	count, k := canonicalUvarint(b)
	if k <= 0 || count > uint64(len(b))/dirChunkMin {
		return nil, fmt.Errorf("%w: bad chunk count", errCatalogue)
	}
	b = b[k:]
	dir := make([]dirChunk, count)
	seen := make(map[storage.ID]bool, count)
	for i := range dir {
		c := &dir[i]
		if len(b) < storage.IDSize+storage.StampSize {
			return nil, fmt.Errorf("%w: directory cut short", errCatalogue)
		}
		copy(c.id[:], b)
		copy(c.stamp[:], b[storage.IDSize:])
		b = b[storage.IDSize+storage.StampSize:]
		if !chunkIDAllowed(c.id) || seen[c.id] {
			return nil, fmt.Errorf("%w: chunk ID %s", errCatalogue, c.id)
		}
		seen[c.id] = true
		rows, n := canonicalUvarint(b)
		if n <= 0 || rows == 0 || rows > chunkMaxRows {
			return nil, fmt.Errorf("%w: bad chunk row count", errCatalogue)
		}
		c.rows = int(rows)
		var err error
		if c.first, b, err = readKey(b[n:]); err != nil {
			return nil, err
		}
		if i > 0 && compareKeys(dir[i-1].first, c.first) >= 0 {
			return nil, fmt.Errorf("%w: directory out of order", errCatalogue)
		}
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the directory", errCatalogue, len(b))
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

// checkChunk says whether rows are what dir names: the count, the first key, and
// (given the next chunk's first key) no row at or past it.
func checkChunk(c dirChunk, rows []catEntry, next *dirChunk) error {
	switch {
	case len(rows) != c.rows:
		return fmt.Errorf("%w: chunk %s holds %d rows, the directory says %d", errCatalogue, c.id, len(rows), c.rows)
	case compareKeys(rows[0].key, c.first) != 0:
		return fmt.Errorf("%w: chunk %s does not start where the directory says", errCatalogue, c.id)
	case next != nil && compareKeys(rows[len(rows)-1].key, next.first) >= 0:
		return fmt.Errorf("%w: chunk %s runs into the next", errCatalogue, c.id)
	}
	return nil
}
