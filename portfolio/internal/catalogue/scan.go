package catalogue

import (
	"fmt"
	"sync"

	"github.com/foliohq/folio/storage"
)

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

// ChunkKept reads a format-2 chunk as DecodeChunk2 does, checked against dc (and
// next, the chunk after it; nil for the last) as CheckChunk checks it, but it
// decodes the order keys only of its first and last rows and of the rows keep
// takes, and returns only those keep takes. keep sees each row's ID and its
// metadata undecoded. A listing that names few rows (list --tag) so skips decoding every
// row's metadata, about a third of its pass over the chunks at 100k. The keys
// it decodes must be in the lists' order, each after the one before; the order
// of the rows between them is checked where every row's keys are decoded
// (DecodeChunk2, a write's read of the chunk, check), as ScanChunks leaves it.
func ChunkKept(dc Chunk, next *Chunk, b []byte, keep func(storage.ID, Row) bool) ([]KeyedRow, error) {
	if len(b) < 1 || b[0] != FormatV2 {
		return nil, fmt.Errorf("%w: chunk %s: unknown version", ErrCatalogue, dc.ID)
	}
	count, k := canonicalUvarint(b[1:])
	if k <= 0 || count != uint64(dc.Rows) {
		return nil, fmt.Errorf("%w: chunk %s: not the directory's row count", ErrCatalogue, dc.ID)
	}
	b = b[1+k:]
	var kept []KeyedRow
	var prev Key
	for i := range dc.Rows {
		id, r, rest, err := readRow(b)
		if err != nil {
			return nil, err
		}
		b = rest
		first, last := i == 0, i == dc.Rows-1
		take := keep(id, r)
		if !take && !first && !last {
			continue
		}
		date, created, err := DecodeOrder(r.Meta)
		if err != nil {
			return nil, fmt.Errorf("%w: row %s: %w", ErrCatalogue, id, err)
		}
		key := Key{Date: date, Created: created, ID: id}
		switch {
		case first && CompareKeys(key, dc.First) != 0:
			return nil, fmt.Errorf("%w: chunk %s does not start where the directory says", ErrCatalogue, dc.ID)
		case !first && CompareKeys(prev, key) >= 0:
			return nil, fmt.Errorf("%w: row %s is out of order", ErrCatalogue, id)
		case last && next != nil && CompareKeys(key, next.First) >= 0:
			return nil, fmt.Errorf("%w: chunk %s runs into the next", ErrCatalogue, dc.ID)
		}
		prev = key
		if take {
			kept = append(kept, KeyedRow{Key: key, Row: r})
		}
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: chunk %s: %d bytes after the last row", ErrCatalogue, dc.ID, len(b))
	}
	return kept, nil
}

// WindowKept is Window for a listing that keep (called from several goroutines at
// once) narrows by each row's undecoded metadata: it passes each only the rows
// keep takes, with their keys, reading each chunk with ChunkKept, and caches
// nothing in s (a write reads the chunks it changes). A chunk missing, damaged or
// disagreeing with the directory is an error, as for Window. With whole (the
// caller reads to the end: no limit), every chunk is read in one batch: its
// seeks then run over the cores (storage.Vault.LoadSome), where batches of 64
// chunks, fewer than a run's worth of records, were sought on one.
func (c *Catalogue) WindowKept(v Vault, s *State, whole bool, keep func(storage.ID, Row) bool, each func(chunks [][]KeyedRow) (done bool)) error {
	first := 1
	if whole {
		first = len(s.Dir)
	}
	for i, batch := 0, first; i < len(s.Dir); batch = max(batch, min(4*batch, 64)) {
		end := min(i+batch, len(s.Dir))
		kept := make([][]KeyedRow, end-i)
		at := make(map[storage.ID]int, end-i)
		var ids []storage.ID
		for k := i; k < end; k++ {
			dc := s.Dir[k]
			rows, ok := s.Chunks[dc.ID]
			if !ok {
				at[dc.ID] = k
				ids = append(ids, dc.ID)
				continue
			}
			for _, r := range rows {
				if keep(r.Key.ID, r.Row) {
					kept[k-i] = append(kept[k-i], r)
				}
			}
		}
		if len(ids) > 0 {
			var mu sync.Mutex
			var bad error
			var plains [][]byte
			got := 0
			damaged, err := v.LoadSome(Coll, ids, func(id storage.ID, stamp storage.Stamp, plain []byte) error {
				k, ok := at[id]
				if !ok {
					return nil
				}
				rows, err := ChunkKept(s.Dir[k], nextChunk(s.Dir, k), plain, keep)
				if err == nil && stamp != s.Dir[k].Stamp {
					err = errNotNamed(id)
				}
				mu.Lock()
				defer mu.Unlock()
				plains = append(plains, plain)
				if err != nil {
					bad = err
					return nil
				}
				kept[k-i] = rows
				got++
				return nil
			})
			c.Own(plains)
			switch {
			case err != nil:
				return err
			case bad != nil:
				return bad
			case len(damaged) > 0:
				return fmt.Errorf("%w: chunk %s: %w", ErrCatalogue, damaged[0].ID, damaged[0].Err)
			case got != len(ids):
				return fmt.Errorf("%w: a chunk the directory names is missing", ErrCatalogue)
			}
		}
		if each(kept) {
			return nil
		}
		i = end
	}
	return nil
}
