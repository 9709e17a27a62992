package sync

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/sync/store"
	"github.com/foliohq/folio/portfolio/sync/wire"
)

// writeChunks seals the attachment id's bytes from r as chunk files of this
// device, chunk by chunk, and returns how many. A chunk file there already with the
// same bytes (left by a kill before its change set, or written for a change set
// before a snapshot) is kept as it is; one cut short by a kill is replaced.
func (s *Syncer) writeChunks(d portfolio.DeviceID, id store.RecordID, size int64, r io.Reader) (uint32, error) {
	cs := int64(s.chunkSize())
	n := uint32(max((size+cs-1)/cs, 1))
	buf := make([]byte, cs)
	defer clear(buf)
	for i := range n {
		k, err := io.ReadFull(r, buf[:min(cs, size-int64(i)*cs)])
		if err != nil {
			return 0, fmt.Errorf("attachment %s: %w", id, err)
		}
		path := s.path(wire.ChunkName(d, id, i))
		if old, err := os.ReadFile(path); err == nil {
			plain, err := wire.OpenChunk(s.P, d, id, i, n, old)
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
		file, err := wire.SealChunk(s.P, d, id, i, n, buf[:k])
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
		return min(s.ChunkSize, wire.MaxChunk-64)
	}
	return wire.DefaultChunkSize
}

// chunksComplete reports the first chunk file of ref, written by d, that is missing
// or still arriving; "" if all are whole (their sizes as their headers say).
func (s *Syncer) chunksComplete(d portfolio.DeviceID, ref wire.AttachRef) (string, error) {
	for i := range ref.Chunks {
		name := wire.ChunkName(d, ref.ID, i)
		f, err := os.Open(s.path(name))
		if errors.Is(err, fs.ErrNotExist) {
			return name, nil
		}
		if err != nil {
			return "", err
		}
		head := make([]byte, wire.ChunkHeaderSize)
		k, _ := io.ReadFull(f, head)
		st, err := f.Stat()
		f.Close()
		if err != nil {
			return "", err
		}
		if k < wire.ChunkHeaderSize || st.Size() < int64(wire.ChunkHeaderSize)+int64(min(binary.BigEndian.Uint64(head[wire.ChunkAD:]), wire.MaxChunk+1)) {
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
	ref  wire.AttachRef
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
		name := wire.ChunkName(c.d, c.ref.ID, c.next)
		file, err := os.ReadFile(c.s.path(name))
		if err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
		plain, err := wire.OpenChunk(c.s.P, c.d, c.ref.ID, c.next, c.ref.Chunks, file)
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
