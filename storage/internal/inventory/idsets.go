package inventory

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/foliohq/folio/storage/internal/base"
	bolt "go.etcd.io/bbolt"
)

// The record counts tell that records are missing; the ID sets tell which. Each
// collection's record IDs are kept, sealed, in the bucket of the reserved collection
// Collection, split into 256 chunks by the IDs' first byte, so a write rewrites
// only the chunks of the IDs it adds or removes: about n/256 IDs each, 4 KB at 100k
// records. docs/VAULT.md gives the bytes.

// Collection names the collection that holds the ID sets; no other collection may
// use the name. Its own records are counted in the record counts, not listed in a set.
const Collection = "folio record ids"

// idSetFormat is the first byte of every ID-set chunk's plaintext.
const idSetFormat = 1

// idChunkHeader is the format byte and the bucket name before a chunk's IDs.
const idChunkHeader = 1 + base.BucketNameSize

// ChunkID is where the chunk of bucket's IDs that start with byte n is stored: the
// bucket name's first 9 bytes, then n.
func ChunkID(bucket []byte, n byte) ID {
	var id ID
	copy(id[:IDSize-1], bucket)
	id[IDSize-1] = n
	return id
}

// MarshalChunk is a chunk's plaintext: the format byte, the 16-byte bucket name, and
// the IDs in increasing byte order.
func MarshalChunk(bucket []byte, ids []ID) []byte {
	b := make([]byte, 0, idChunkHeader+len(ids)*IDSize)
	b = append(append(b, idSetFormat), bucket...)
	for _, id := range ids {
		b = append(b, id[:]...)
	}
	return b
}

// ParseChunk reads the chunk stored as chunkID, trusting nothing in it.
func ParseChunk(chunkID, plain []byte) (bucket []byte, ids []ID, err error) {
	damaged := func(why string) error {
		return fmt.Errorf("%w: the record ID set chunk %x %s", base.ErrDamaged, chunkID, why)
	}
	switch {
	case len(chunkID) != IDSize:
		return nil, nil, damaged("has a key that is not a record ID")
	case len(plain) < idChunkHeader+IDSize || (len(plain)-idChunkHeader)%IDSize != 0:
		return nil, nil, damaged(fmt.Sprintf("is %d bytes, not a whole number of IDs", len(plain)))
	case plain[0] != idSetFormat:
		return nil, nil, damaged(fmt.Sprintf("has format %d", plain[0]))
	}
	bucket = plain[1:idChunkHeader]
	if !bytes.Equal(bucket[:IDSize-1], chunkID[:IDSize-1]) {
		return nil, nil, damaged("names another collection")
	}
	ids = make([]ID, 0, (len(plain)-idChunkHeader)/IDSize)
	for rest := plain[idChunkHeader:]; len(rest) > 0; rest = rest[IDSize:] {
		id := ID(rest[:IDSize])
		if id[0] != chunkID[IDSize-1] {
			return nil, nil, damaged("holds an ID of another chunk")
		}
		if n := len(ids); n > 0 && bytes.Compare(ids[n-1][:], id[:]) >= 0 {
			return nil, nil, damaged("holds IDs out of order")
		}
		ids = append(ids, id)
	}
	return bytes.Clone(bucket), ids, nil
}

// Sets is every collection's record IDs as the ID sets list them, by bucket name.
type Sets struct {
	IDs map[string]map[ID]bool
}

// AddPlain adds the IDs of one opened chunk, stored as chunkID; a chunk that does not
// parse is an error and adds nothing.
func (s *Sets) AddPlain(chunkID, plain []byte) error {
	bucket, ids, err := ParseChunk(chunkID, plain)
	if err != nil {
		return err
	}
	if s.IDs == nil {
		s.IDs = map[string]map[ID]bool{}
	}
	m := s.IDs[string(bucket)]
	if m == nil {
		m = map[ID]bool{}
		s.IDs[string(bucket)] = m
	}
	for _, id := range ids {
		m[id] = true
	}
	return nil
}

// CompareIDs names the records of a collection that the ID set lists but the file does
// not hold (missing), and those it holds that the set does not list (extra). have
// is every key found in the collection's bucket, sound or not.
func CompareIDs(listed map[ID]bool, have [][]byte) (missing, extra []ID) {
	found := make(map[ID]bool, len(have))
	for _, k := range have {
		if len(k) != IDSize {
			continue // reported as damage already: a key that is not an ID
		}
		id := ID(k)
		found[id] = true
		if !listed[id] {
			extra = append(extra, id)
		}
	}
	for id := range listed {
		if !found[id] {
			missing = append(missing, id)
		}
	}
	cmp := func(a, b ID) int { return bytes.Compare(a[:], b[:]) }
	slices.SortFunc(missing, cmp)
	slices.SortFunc(extra, cmp)
	return missing, extra
}

// Difference describes the difference CompareIDs found, naming up to limit IDs of
// each kind (all if limit is 0), after counted, the count's own report of the
// collection, if any; nil if there is no difference.
func Difference(counted error, missing, extra []ID, limit int) error {
	if len(missing) == 0 && len(extra) == 0 {
		return nil
	}
	list := func(ids []ID) string {
		shown := ids
		if limit > 0 && len(ids) > limit {
			shown = ids[:limit]
		}
		names := make([]string, len(shown))
		for i, id := range shown {
			names[i] = id.String()
		}
		s := strings.Join(names, ", ")
		if len(shown) < len(ids) {
			s += fmt.Sprintf(" and %d more ('folio check' lists them all)", len(ids)-len(shown))
		}
		return s
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, fmt.Sprintf("missing: %s", list(missing)))
	}
	if len(extra) > 0 {
		parts = append(parts, fmt.Sprintf("not written by folio: %s", list(extra)))
	}
	named := strings.Join(parts, "; ")
	if counted != nil {
		if len(extra) == 0 {
			named = list(missing) // the count has said they are missing
		}
		return fmt.Errorf("%w (%s)", counted, named)
	}
	return fmt.Errorf("%w: the records in the file are not those folio wrote: %s", base.ErrDamaged, named)
}

// HasIDSets reports whether a vault with counts c keeps ID sets: the counts list the
// ID-set bucket, or no collection holds a record (there is nothing to list).
func HasIDSets(c *Counts, sets []byte) bool {
	if c.N[string(sets)] > 0 {
		return true
	}
	for _, n := range c.N {
		if n > 0 {
			return false
		}
	}
	return true
}

// Build writes into b, the ID sets' bucket named sets, the ID sets of every
// collection from the keys found, for a vault made before they existed; the caller's
// transaction makes it all or nothing. It returns how many chunks it wrote.
func Build(b *bolt.Bucket, sets []byte, seal Seal, keysByBucket map[string][][]byte) (uint64, error) {
	var chunks uint64
	for bucket, keys := range keysByBucket {
		if bucket == string(sets) {
			continue
		}
		byChunk := map[byte][]ID{}
		for _, key := range keys {
			if len(key) == IDSize {
				byChunk[key[0]] = append(byChunk[key[0]], ID(key))
			}
		}
		for n, ids := range byChunk {
			slices.SortFunc(ids, func(a, b ID) int { return bytes.Compare(a[:], b[:]) })
			ids = slices.Compact(ids)
			cid := ChunkID([]byte(bucket), n)
			sealed, err := seal(sets, cid[:], MarshalChunk([]byte(bucket), ids))
			if err != nil {
				return 0, err
			}
			if err := b.Put(cid[:], sealed); err != nil {
				return 0, err
			}
			chunks++
		}
	}
	return chunks, nil
}

// Seal seals a record's plaintext with the vault's record key, bound to its bucket
// and key; Open opens one.
type (
	Seal func(bucket, key, plain []byte) ([]byte, error)
	Open func(bucket, key, sealed []byte) ([]byte, error)
)

// Changes are the record IDs a transaction added (true) or removed (false), by bucket
// name, for Save.
type Changes map[string]map[ID]bool

// Note records that the transaction added (present) or removed id in bucket.
func (c Changes) Note(bucket []byte, id ID, present bool) {
	m := c[string(bucket)]
	if m == nil {
		m = map[ID]bool{}
		c[string(bucket)] = m
	}
	m[id] = present
}

// Save rewrites, in b (the ID sets' bucket, named sets), the chunks of the IDs added
// or removed, and tells count of each chunk it creates (+1) or empties (-1).
func (c Changes) Save(b *bolt.Bucket, sets []byte, seal Seal, open Open, count func(d int64)) error {
	for _, bucket := range slices.Sorted(maps.Keys(c)) {
		byChunk := map[byte]map[ID]bool{}
		for id, present := range c[bucket] {
			if byChunk[id[0]] == nil {
				byChunk[id[0]] = map[ID]bool{}
			}
			byChunk[id[0]][id] = present
		}
		for n, changes := range byChunk {
			if err := rewriteChunk(b, sets, []byte(bucket), n, changes, seal, open, count); err != nil {
				return err
			}
		}
	}
	return nil
}

// rewriteChunk applies changes to chunk n of bucket's IDs.
func rewriteChunk(b *bolt.Bucket, sets, bucket []byte, n byte, changes map[ID]bool, seal Seal, open Open, count func(int64)) error {
	cid := ChunkID(bucket, n)
	var ids []ID
	old := b.Get(cid[:])
	if old != nil {
		plain, err := open(sets, cid[:], old)
		if err != nil {
			return fmt.Errorf("the record ID set: %w", err)
		}
		_, ids, err = ParseChunk(cid[:], plain)
		if err != nil {
			return err
		}
	}
	for id, present := range changes {
		i, found := slices.BinarySearchFunc(ids, id, func(a, b ID) int { return bytes.Compare(a[:], b[:]) })
		switch {
		case present && !found:
			ids = slices.Insert(ids, i, id)
		case !present && found:
			ids = slices.Delete(ids, i, i+1)
		}
	}
	if len(ids) == 0 {
		if old == nil {
			return nil
		}
		count(-1)
		return b.Delete(cid[:])
	}
	sealed, err := seal(sets, cid[:], MarshalChunk(bucket, ids))
	if err != nil {
		return err
	}
	if old == nil {
		count(1)
	}
	return b.Put(cid[:], sealed)
}

// ID is a record ID.
type ID = base.ID

// IDSize is the length of a record ID.
const IDSize = base.IDSize
