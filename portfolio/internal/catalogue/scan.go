package catalogue

import (
	"fmt"
	"sync"

	"github.com/foliohq/folio/storage"
)

// ScanChunks passes fn every row of every chunk s's directory names, in order,
// reading the chunks not read yet. It checks what a pass needs (each chunk's stamp,
// format, row count, first row and length) but decodes no row's keys, which were
// most of the cost of reading every chunk: a search needs them only for the
// entries the text index names. The rows' order is checked where they are read
// with their keys (FetchChunks) and by check.
func (c *Catalogue) ScanChunks(v Vault, s *State, fn func(storage.ID, Row) error) error {
	want := map[storage.ID]storage.Stamp{}
	var ids []storage.ID
	for _, dc := range s.Dir {
		if _, ok := s.Chunks[dc.ID]; !ok {
			want[dc.ID] = dc.Stamp
			ids = append(ids, dc.ID)
		}
	}
	var mu sync.Mutex
	plains := make(map[storage.ID][]byte, len(ids))
	bad := false
	damaged, err := v.LoadSome(Coll, ids, func(id storage.ID, stamp storage.Stamp, plain []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if stamp != want[id] {
			bad = true
		}
		plains[id] = plain
		return nil
	})
	all := make([][]byte, 0, len(plains))
	for _, b := range plains {
		all = append(all, b)
	}
	c.Own(all)
	if err != nil {
		return err
	}
	if bad || len(damaged) > 0 || len(plains) != len(ids) {
		return fmt.Errorf("%w: a chunk is missing, damaged or not the directory's", ErrCatalogue)
	}
	for _, dc := range s.Dir {
		if rows, ok := s.Chunks[dc.ID]; ok {
			for _, r := range rows {
				if err := fn(r.Key.ID, r.Row); err != nil {
					return err
				}
			}
			continue
		}
		b := plains[dc.ID]
		if len(b) < 1 || b[0] != FormatV2 {
			return fmt.Errorf("%w: chunk %s: unknown version", ErrCatalogue, dc.ID)
		}
		count, k := canonicalUvarint(b[1:])
		if k <= 0 || count != uint64(dc.Rows) {
			return fmt.Errorf("%w: chunk %s: not the directory's row count", ErrCatalogue, dc.ID)
		}
		b = b[1+k:]
		for i := range dc.Rows {
			id, r, rest, err := readRow(b)
			if err != nil {
				return err
			}
			if i == 0 && id != dc.First.ID {
				return fmt.Errorf("%w: chunk %s does not start where the directory says", ErrCatalogue, dc.ID)
			}
			b = rest
			if err := fn(id, r); err != nil {
				return err
			}
		}
		if len(b) != 0 {
			return fmt.Errorf("%w: chunk %s: bytes after the last row", ErrCatalogue, dc.ID)
		}
	}
	return nil
}

// Window passes each the rows of the chunks s's directory names from the chunk
// at start on, newest first, a batch of chunks at a time (one, then four times
// as many, up to 64), reading the chunks not read yet and caching them, until
// each says it is done or the chunks run out: a listing of the newest ten reads
// one chunk. A chunk missing, damaged or disagreeing with the directory is an
// error, and the catalogue is then not to be trusted.
func (c *Catalogue) Window(v Vault, s *State, start int, each func(chunks [][]KeyedRow) (done bool)) error {
	for i, batch := start, 1; i < len(s.Dir); batch = min(4*batch, 64) {
		end := min(i+batch, len(s.Dir))
		at := make([]int, 0, end-i)
		for k := i; k < end; k++ {
			at = append(at, k)
		}
		read, plains, err := FetchChunks(v, s, s.Dir, at)
		c.Own(plains)
		if err != nil {
			return err
		}
		c.Cache(s.Dir, read)
		chunks := make([][]KeyedRow, 0, end-i)
		for k := i; k < end; k++ {
			rows, ok := s.Chunks[s.Dir[k].ID]
			if !ok {
				rows = read[s.Dir[k].ID]
			}
			chunks = append(chunks, rows)
		}
		if each(chunks) {
			return nil
		}
		i = end
	}
	return nil
}
