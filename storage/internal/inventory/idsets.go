package storage

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/foliohq/folio/storage/internal/base"
	bolt "go.etcd.io/bbolt"
)

// The record counts tell that records are missing; the ID sets tell which. Each
// collection's record IDs are kept, sealed, in the bucket of the reserved collection
// idsCollection, split into 256 chunks by the IDs' first byte, so a write rewrites
// only the chunks of the IDs it adds or removes: about n/256 IDs each, 4 KB at 100k
// records. docs/VAULT.md gives the bytes.

// idsCollection names the collection that holds the ID sets; no other collection may
// use the name. Its own records are counted in the record counts, not listed in a set.
const idsCollection = "folio record ids"

// idSetFormat is the first byte of every ID-set chunk's plaintext.
const idSetFormat = 1

// idChunkHeader is the format byte and the bucket name before a chunk's IDs.
const idChunkHeader = 1 + bucketNameSize

// idChunkID is where the chunk of bucket's IDs that start with byte n is stored: the
// bucket name's first 9 bytes, then n.
func idChunkID(bucket []byte, n byte) ID {
	var id ID
	copy(id[:IDSize-1], bucket)
	id[IDSize-1] = n
	return id
}

// marshalIDChunk is a chunk's plaintext: the format byte, the 16-byte bucket name, and
// the IDs in increasing byte order.
func marshalIDChunk(bucket []byte, ids []ID) []byte {
	b := make([]byte, 0, idChunkHeader+len(ids)*IDSize)
	b = append(append(b, idSetFormat), bucket...)
	for _, id := range ids {
		b = append(b, id[:]...)
	}
	return b
}

// parseIDChunk reads the chunk stored as chunkID, trusting nothing in it.
func parseIDChunk(chunkID, plain []byte) (bucket []byte, ids []ID, err error) {
	damaged := func(why string) error {
		return fmt.Errorf("%w: the record ID set chunk %x %s", ErrDamaged, chunkID, why)
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

// noteID records that the transaction added (present) or removed id in bucket.
func (t *Tx) noteID(bucket []byte, id ID, present bool) {
	if t.ids == nil {
		t.ids = map[string]map[ID]bool{}
	}
	m := t.ids[string(bucket)]
	if m == nil {
		m = map[ID]bool{}
		t.ids[string(bucket)] = m
	}
	m[id] = present
}

// saveIDSets rewrites the chunks of the IDs the transaction added or removed, and
// counts the chunks it creates or empties; it runs before saveCounts.
func (t *Tx) saveIDSets() error {
	if !t.idSets || len(t.ids) == 0 {
		return nil
	}
	sets := t.keys.bucketName(idsCollection)
	b, err := t.tx.CreateBucketIfNotExists(sets)
	if err != nil {
		return err
	}
	for _, bucket := range slices.Sorted(maps.Keys(t.ids)) {
		byChunk := map[byte]map[ID]bool{}
		for id, present := range t.ids[bucket] {
			if byChunk[id[0]] == nil {
				byChunk[id[0]] = map[ID]bool{}
			}
			byChunk[id[0]][id] = present
		}
		for n, changes := range byChunk {
			if err := t.rewriteIDChunk(b, sets, []byte(bucket), n, changes); err != nil {
				return err
			}
		}
	}
	return nil
}

// rewriteIDChunk applies changes to chunk n of bucket's IDs.
func (t *Tx) rewriteIDChunk(b *bolt.Bucket, sets, bucket []byte, n byte, changes map[ID]bool) error {
	cid := idChunkID(bucket, n)
	var ids []ID
	old := b.Get(cid[:])
	if old != nil {
		plain, err := t.keys.open(sets, cid[:], old)
		if err != nil {
			return fmt.Errorf("the record ID set: %w", err)
		}
		_, ids, err = parseIDChunk(cid[:], plain)
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
		t.delta[string(sets)]--
		return b.Delete(cid[:])
	}
	sealed, err := t.keys.seal(sets, cid[:], marshalIDChunk(bucket, ids))
	if err != nil {
		return err
	}
	if old == nil {
		t.delta[string(sets)]++
	}
	return b.Put(cid[:], sealed)
}

// idSets is every collection's record IDs as the ID sets list them, by bucket name.
type idSets struct {
	ids map[string]map[ID]bool
	bad []Damage // chunks that did not open or parse
}

// add reads one sealed chunk of the ID-set bucket sets.
func (s *idSets) add(k *keys, sets []byte, r sealedRecord) {
	plain, err := k.open(sets, r.key, r.value)
	if err != nil {
		s.bad = append(s.bad, Damage{idsCollection, base.RecordName(r.key), err})
		return
	}
	s.addPlain(r.key, plain)
}

func (s *idSets) addPlain(chunkID, plain []byte) {
	bucket, ids, err := parseIDChunk(chunkID, plain)
	if err != nil {
		s.bad = append(s.bad, Damage{idsCollection, base.RecordName(chunkID), err})
		return
	}
	if s.ids == nil {
		s.ids = map[string]map[ID]bool{}
	}
	m := s.ids[string(bucket)]
	if m == nil {
		m = map[ID]bool{}
		s.ids[string(bucket)] = m
	}
	for _, id := range ids {
		m[id] = true
	}
}

// compare names the records of a collection that the ID set lists but the file does
// not hold (missing), and those it holds that the set does not list (extra). have
// is every key found in the collection's bucket, sound or not.
func compareIDs(listed map[ID]bool, have [][]byte) (missing, extra []ID) {
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

// idsDamage reports the difference compareIDs found in collection, naming up to
// limit IDs of each kind (all if limit is 0), after the count's own report, if any;
// nil if there is none.
func idsDamage(collection string, counted *Damage, missing, extra []ID, limit int) *Damage {
	if len(missing) == 0 && len(extra) == 0 {
		return counted
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
		return &Damage{Collection: collection, Err: fmt.Errorf("%w (%s)", counted.Err, named)}
	}
	return &Damage{Collection: collection, Err: fmt.Errorf("%w: the records in the file are not those folio wrote: %s", ErrDamaged, named)}
}

// hasIDSets reports whether a vault with counts c keeps ID sets: the counts list the
// ID-set bucket, or no collection holds a record (there is nothing to list).
func hasIDSets(c *recordCounts, sets []byte) bool {
	if c.n[string(sets)] > 0 {
		return true
	}
	for _, n := range c.n {
		if n > 0 {
			return false
		}
	}
	return true
}

// buildIDSets writes the ID sets of every collection from the keys found, for a vault
// made before they existed; the caller's transaction makes it all or nothing. It
// returns how many chunks it wrote.
func buildIDSets(tx *bolt.Tx, k *keys, keysByBucket map[string][][]byte) (uint64, error) {
	sets := k.bucketName(idsCollection)
	b, err := tx.CreateBucketIfNotExists(sets)
	if err != nil {
		return 0, err
	}
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
			cid := idChunkID([]byte(bucket), n)
			sealed, err := k.seal(sets, cid[:], marshalIDChunk([]byte(bucket), ids))
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

// idSetOf reads the ID set of the collection in bucket name with a walk of its own,
// as of tx.
func (v *Vault) idSetOf(tx *bolt.Tx, name []byte) (idSets, error) {
	var sets idSets
	w, err := v.walkTx(tx)
	if err != nil {
		return sets, err
	}
	defer w.close()
	setsName := v.keys.bucketName(idsCollection)
	w.scanTree(func(n []byte) bool { return bytes.Equal(n, setsName) }, true,
		func([]byte) string { return idsCollection },
		func(_ []byte, bs *bucketScan) {
			sets.bad = bs.bad
			for _, r := range bs.recs {
				if len(r.key) == IDSize && bytes.Equal(r.key[:IDSize-1], name[:IDSize-1]) {
					sets.add(v.keys, setsName, r)
				}
			}
		})
	return sets, nil
}

// keysOf is every key a collection walk found, sound or not.
func keysOf(bs *bucketScan) [][]byte {
	keys := make([][]byte, 0, len(bs.recs)+len(bs.bad))
	for _, r := range bs.recs {
		keys = append(keys, r.key)
	}
	for _, d := range bs.bad {
		if id, err := ParseID(d.ID); err == nil {
			keys = append(keys, bytes.Clone(id[:]))
		}
	}
	return keys
}

// upgradeIDSets writes the ID sets of a vault made before them, from the keys of its
// collections, with counts c that then include them, in one transaction: all or
// nothing. writable calls it, holding the write lock, once the file is walked sound
// and the counts agree.
func (v *Vault) upgradeIDSets(c *recordCounts) error {
	setsName := v.keys.bucketName(idsCollection)
	keys := map[string][][]byte{}
	var problems []string
	err := v.view(func(tx *bolt.Tx) error {
		w, err := v.walkTx(tx)
		if err != nil {
			return err
		}
		defer w.close()
		// History and device buckets hold no records (history.go): they have no ID sets.
		internal := map[string]string{}
		v.internalNames(internal)
		w.scanTree(func(n []byte) bool { _, in := internal[string(n)]; return !bytes.Equal(n, setsName) && !in }, true, base.HexName, func(name []byte, bs *bucketScan) {
			ks := keysOf(bs)
			for i := range ks {
				ks[i] = bytes.Clone(ks[i]) // they outlive the walk's pages
			}
			keys[string(name)] = ks
		})
		problems = w.Problems()
		return nil
	})
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrDamaged, problems[0])
	}
	return v.db.Update(func(tx *bolt.Tx) error {
		chunks, err := buildIDSets(tx, v.keys, keys)
		if err != nil {
			return err
		}
		c.n[string(setsName)] = chunks
		c.saved = time.Now()
		sealed, err := v.keys.sealCounts(c)
		if err != nil {
			return err
		}
		return tx.Bucket(metaBucket).Put(countsKey, sealed)
	})
}

// describeMissing adds to d, the count of bucket name differing from the sealed one,
// which records are missing or extra, read in a transaction of its own.
func (v *Vault) describeMissing(name string, d *Damage) *Damage {
	out := d
	v.view(func(tx *bolt.Tx) error {
		sets, err := v.idSetOf(tx, []byte(name))
		if err != nil || len(sets.bad) > 0 || len(sets.ids) == 0 {
			return nil
		}
		w, err := v.walkTx(tx)
		if err != nil {
			return nil
		}
		defer w.close()
		var have [][]byte
		w.scanTree(func(n []byte) bool { return string(n) == name }, true, base.HexName, func(_ []byte, bs *bucketScan) {
			have = keysOf(bs)
			missing, extra := compareIDs(sets.ids[name], have)
			out = idsDamage(d.Collection, d, missing, extra, 5)
		})
		if have == nil { // the bucket is gone: every listed record is missing
			missing, _ := compareIDs(sets.ids[name], nil)
			out = idsDamage(d.Collection, d, missing, nil, 5)
		}
		return nil
	})
	return out
}
