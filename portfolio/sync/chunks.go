package sync

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/foliohq/folio/portfolio"
)

// An attachment's bytes travel in chunk files of their own beside the change set
// that names the attachment (docs/SYNC.md, "Attachment chunks"), so neither the
// writer nor a reader ever holds more than a chunk of it.
const (
	chunkMagic  = "folio-ac"
	chunkFormat = 1
	// chunkAD is the header but the length: magic, format, device, attachment,
	// chunk index, chunk count.
	chunkAD         = len(chunkMagic) + 1 + portfolio.DeviceIDSize + portfolio.RecordIDSize + 4 + 4
	chunkHeaderSize = chunkAD + 8
	chunkSuffix     = ".fac"
	// DefaultChunkSize is the plaintext of every chunk file but an attachment's last.
	DefaultChunkSize = 1 << 20
	// maxChunk bounds what a reader allocates for one chunk file.
	maxChunk  = 16 << 20
	maxChunks = 1 << 20
)

// ChunkName is the path of chunk i of the attachment id, written by device d.
func ChunkName(d portfolio.DeviceID, id portfolio.SyncRecordID, i uint32) string {
	return d.String() + "/" + hex.EncodeToString(id[:]) + fmt.Sprintf(".%08d", i) + chunkSuffix
}

// parseChunkName reads a chunk file's name within its device's directory
// ("c0c1c2c3c4c5c6c7c8c9.00000000.fac").
func parseChunkName(name string) (portfolio.SyncRecordID, uint32, bool) {
	var id portfolio.SyncRecordID
	rest, ok := strings.CutSuffix(name, chunkSuffix)
	if !ok || len(rest) != 2*len(id)+9 || rest[2*len(id)] != '.' || strings.ToLower(rest) != rest {
		return id, 0, false
	}
	if _, err := hex.Decode(id[:], []byte(rest[:2*len(id)])); err != nil {
		return id, 0, false
	}
	digits := rest[2*len(id)+1:]
	for _, c := range digits {
		if c < '0' || c > '9' {
			return id, 0, false
		}
	}
	i, err := strconv.ParseUint(digits, 10, 32)
	return id, uint32(i), err == nil
}

func chunkAssociated(d portfolio.DeviceID, id portfolio.SyncRecordID, i, n uint32) []byte {
	ad := make([]byte, 0, chunkAD)
	ad = append(ad, chunkMagic...)
	ad = append(ad, chunkFormat)
	ad = append(ad, d[:]...)
	ad = append(ad, id[:]...)
	ad = binary.BigEndian.AppendUint32(ad, i)
	return binary.BigEndian.AppendUint32(ad, n)
}

// sealChunk makes chunk i of n of the attachment id.
func sealChunk(s Sealer, d portfolio.DeviceID, id portfolio.SyncRecordID, i, n uint32, plain []byte) ([]byte, error) {
	ad := chunkAssociated(d, id, i, n)
	sealed, err := s.SealSync(ad, plain)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, chunkHeaderSize+len(sealed))
	out = append(out, ad...)
	out = binary.BigEndian.AppendUint64(out, uint64(len(sealed)))
	return append(out, sealed...), nil
}

// openChunk reads a whole chunk file found as chunk i of n of the attachment id by
// device d: ErrIncomplete if shorter than its header says, ErrRefused (wrapped) if
// it is not that chunk, sealed with this vault's key, intact.
func openChunk(s Sealer, d portfolio.DeviceID, id portfolio.SyncRecordID, i, n uint32, file []byte) ([]byte, error) {
	if len(file) < chunkHeaderSize {
		if !bytes.HasPrefix([]byte(chunkMagic), file[:min(len(file), len(chunkMagic))]) {
			return nil, fmt.Errorf("%w: not an attachment chunk", ErrRefused)
		}
		return nil, ErrIncomplete
	}
	if string(file[:len(chunkMagic)]) != chunkMagic || file[len(chunkMagic)] != chunkFormat {
		return nil, fmt.Errorf("%w: not an attachment chunk of a format this folio reads", ErrRefused)
	}
	size := binary.BigEndian.Uint64(file[chunkAD:])
	switch {
	case size > maxChunk:
		return nil, fmt.Errorf("%w: it says it is %d bytes long", ErrRefused, size)
	case uint64(len(file)-chunkHeaderSize) < size:
		return nil, ErrIncomplete
	case uint64(len(file)-chunkHeaderSize) > size:
		return nil, fmt.Errorf("%w: %d bytes follow its end", ErrRefused, uint64(len(file)-chunkHeaderSize)-size)
	}
	ad := chunkAssociated(d, id, i, n)
	if !bytes.Equal(file[:chunkAD], ad) {
		return nil, fmt.Errorf("%w: it names another device, attachment or chunk than its place (moved or swapped)", ErrRefused)
	}
	plain, err := s.OpenSync(ad, file[chunkHeaderSize:])
	if err != nil {
		return nil, fmt.Errorf("%w: it failed authentication (changed, or sealed with another vault's key)", ErrRefused)
	}
	return plain, nil
}

// writeChunks seals the attachment id's bytes from r as chunk files of this
// device, chunk by chunk, and returns how many. A chunk file there already with the
// same bytes (left by a kill before its change set, or written for a change set
// before a snapshot) is kept as it is; one cut short by a kill is replaced.
func (s *Syncer) writeChunks(d portfolio.DeviceID, id portfolio.SyncRecordID, size int64, r io.Reader) (uint32, error) {
	cs := int64(s.chunkSize())
	n := uint32(max((size+cs-1)/cs, 1))
	buf := make([]byte, cs)
	defer clear(buf)
	for i := range n {
		k, err := io.ReadFull(r, buf[:min(cs, size-int64(i)*cs)])
		if err != nil {
			return 0, fmt.Errorf("attachment %s: %w", id, err)
		}
		path := s.path(ChunkName(d, id, i))
		if old, err := os.ReadFile(path); err == nil {
			plain, err := openChunk(s.P, d, id, i, n, old)
			switch {
			case err == nil && bytes.Equal(plain, buf[:k]):
				clear(plain)
				continue // whole already: left by a kill, or written for a change set
			case errors.Is(err, ErrIncomplete):
				if err := os.Remove(path); err != nil { // cut short by a kill
					return 0, err
				}
			default:
				clear(plain)
				return 0, fmt.Errorf("%s exists already with other content; folio never rewrites a chunk file", path)
			}
		}
		file, err := sealChunk(s.P, d, id, i, n, buf[:k])
		if err != nil {
			return 0, err
		}
		if err := writeNew(path, file); err != nil {
			return 0, err
		}
	}
	var extra [1]byte
	if k, _ := r.Read(extra[:]); k > 0 {
		return 0, fmt.Errorf("attachment %s is longer than its manifest says", id)
	}
	return n, nil
}

func (s *Syncer) chunkSize() int {
	if s.ChunkSize > 0 {
		return min(s.ChunkSize, maxChunk-64)
	}
	return DefaultChunkSize
}

// chunksComplete reports the first chunk file of ref, written by d, that is missing
// or still arriving; "" if all are whole (their sizes as their headers say).
func (s *Syncer) chunksComplete(d portfolio.DeviceID, ref AttachRef) (string, error) {
	for i := range ref.Chunks {
		name := ChunkName(d, ref.ID, i)
		f, err := os.Open(s.path(name))
		if errors.Is(err, fs.ErrNotExist) {
			return name, nil
		}
		if err != nil {
			return "", err
		}
		head := make([]byte, chunkHeaderSize)
		k, _ := io.ReadFull(f, head)
		st, err := f.Stat()
		f.Close()
		if err != nil {
			return "", err
		}
		if k < chunkHeaderSize || st.Size() < int64(chunkHeaderSize)+int64(min(binary.BigEndian.Uint64(head[chunkAD:]), maxChunk+1)) {
			return name, nil
		}
	}
	return "", nil
}

// chunkReader streams an attachment's bytes from its chunk files, one at a time,
// each authenticated before any of it is read.
type chunkReader struct {
	s    *Syncer
	d    portfolio.DeviceID
	ref  AttachRef
	next uint32
	buf  []byte
	cur  []byte // the chunk being read, cleared when done
}

func (c *chunkReader) Read(p []byte) (int, error) {
	for len(c.buf) == 0 {
		clear(c.cur)
		c.cur = nil
		if c.next == c.ref.Chunks {
			return 0, io.EOF
		}
		name := ChunkName(c.d, c.ref.ID, c.next)
		file, err := os.ReadFile(c.s.path(name))
		if err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
		plain, err := openChunk(c.s.P, c.d, c.ref.ID, c.next, c.ref.Chunks, file)
		if err != nil {
			return 0, &chunkError{name: name, err: err}
		}
		c.cur, c.buf = plain, plain
		c.next++
	}
	k := copy(p, c.buf)
	c.buf = c.buf[k:]
	return k, nil
}

func (c *chunkReader) close() { clear(c.cur) }

// chunkError names the chunk file a stream stopped at.
type chunkError struct {
	name string
	err  error
}

func (e *chunkError) Error() string { return e.name + ": " + e.err.Error() }
func (e *chunkError) Unwrap() error { return e.err }
