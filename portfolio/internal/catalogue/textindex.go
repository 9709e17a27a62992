package catalogue

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math/bits"
	"slices"
	"sync"

	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// The text index is a sealed, persisted index of the entries' words, so that a
// process that has not read every body (a command) can search by reading the
// postings of the words asked for and the bodies of the entries they name, not
// every entry. It is derived data, never trusted over the records: every entry
// it names is read and checked against the query as a scan would, and `check`
// compares it with the records. docs/VAULT.md describes the format.
//
// A token is a run of bytes between ASCII white space in an entry's folded
// search text (newIndexed), as in the in-memory token index: a search word lies
// inside one token wherever it occurs. The lexicon lists every token once; the
// postings of a token are the first four bytes of the IDs of the entries holding
// it (more than one entry may share them: each is read and checked). Tokens fall
// in 256 buckets by a hash, one postings record each.
//
// Rewriting every bucket an entry's words fall in would cost about half the index
// per saved entry, so a save only adds the entry's ID to the index's recent list,
// kept in the catalogue's generation record in the same transaction; a search
// reads the recent entries as well as the postings. A writable open rebuilds the
// index when it is missing or the recent list is long (RebuildRecent).
const (
	CollIndex    = "search"
	IndexVersion = 1
	IndexBuckets = 256
	// indexPrefix is how many bytes of an entry ID a posting keeps.
	indexPrefix = 4
)

// LexiconID is the index record listing the tokens; bucket b's postings are under
// the ID b followed by nine zero bytes.
var LexiconID = storage.ID{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

func BucketID(b int) storage.ID { return storage.ID{byte(b)} }

func TokenBucket(tok []byte) int {
	h := fnv.New32a()
	h.Write(tok)
	return int(h.Sum32() & (IndexBuckets - 1))
}

var ErrIndex = errors.New("text index record is malformed")

// IndexState is the index as the generation record describes it: which buckets
// have a postings record, and the entries saved since it was built.
type IndexState struct {
	Buckets [IndexBuckets / 64]uint64
	Recent  map[storage.ID]bool
}

func (s *IndexState) Has(b int) bool { return s.Buckets[b/64]&(1<<(b%64)) != 0 }

// RebuildRecent is how long the recent list may grow before a writable open
// rebuilds the index: a search reads every recent entry.
func RebuildRecent(entries int) int { return max(256, entries/32) }

// GenRecord is the catalogue's generation record: the generation, and the text
// index's state if there is an index.
type GenRecord struct {
	Gen uint64
	Idx *IndexState
}

// EncodeGenRecord writes the generation record: version, generation (uvarint);
// then, if there is an index, its format byte, the 32-byte bitmap of buckets
// with a postings record (bit b%8 of byte b/8), the number of recent entries
// (uvarint) and their IDs in byte order.
func EncodeGenRecord(r GenRecord) []byte {
	b := EncodeGen(r.Gen)
	if r.Idx == nil {
		return b
	}
	b = append(b, IndexVersion)
	for _, w := range r.Idx.Buckets {
		b = binary.LittleEndian.AppendUint64(b, w)
	}
	ids := make([]storage.ID, 0, len(r.Idx.Recent))
	for id := range r.Idx.Recent {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b storage.ID) int { return bytes.Compare(a[:], b[:]) })
	b = binary.AppendUvarint(b, uint64(len(ids)))
	for _, id := range ids {
		b = append(b, id[:]...)
	}
	return b
}

func DecodeGenRecord(b []byte) (GenRecord, bool) {
	var r GenRecord
	if len(b) < 2 || b[0] != genVersion {
		return r, false
	}
	g, n := canonicalUvarint(b[1:])
	if n <= 0 {
		return r, false
	}
	r.Gen, b = g, b[1+n:]
	if len(b) == 0 {
		return r, true
	}
	if b[0] != IndexVersion || len(b) < 1+IndexBuckets/8 {
		return r, false
	}
	s := &IndexState{Recent: map[storage.ID]bool{}}
	for i := range s.Buckets {
		s.Buckets[i] = binary.LittleEndian.Uint64(b[1+8*i:])
	}
	b = b[1+IndexBuckets/8:]
	count, n := canonicalUvarint(b)
	if n <= 0 || count != uint64(len(b)-n)/storage.IDSize || uint64(len(b)-n)%storage.IDSize != 0 {
		return r, false
	}
	b = b[n:]
	var last []byte
	for ; len(b) > 0; b = b[storage.IDSize:] {
		if last != nil && bytes.Compare(b[:storage.IDSize], last) <= 0 {
			return r, false
		}
		last = b[:storage.IDSize]
		s.Recent[storage.ID(b[:storage.IDSize])] = true
	}
	r.Idx = s
	return r, true
}

// tokensOf are the distinct tokens of a folded text.
func tokensOf(text []byte, seen map[string]bool) {
	clear(seen)
	for len(text) > 0 {
		i := 0
		for i < len(text) && !isSpace(text[i]) {
			i++
		}
		if i > 0 {
			seen[string(text[:i])] = true
		}
		for i < len(text) && isSpace(text[i]) {
			i++
		}
		text = text[i:]
	}
}

func isSpace(c byte) bool {
	switch c {
	case ' ', '\n', '\t', '\r', '\v', '\f':
		return true
	}
	return false
}

func PrefixOf(id storage.ID) uint32 { return binary.BigEndian.Uint32(id[:indexPrefix]) }

// EncodeLexicon writes, for each bucket in turn, its token count (uvarint) and
// its tokens in byte order, each as a length (uvarint) and the bytes, after the
// version byte.
func EncodeLexicon(buckets [][]string) []byte {
	b := []byte{IndexVersion}
	for _, toks := range buckets {
		b = binary.AppendUvarint(b, uint64(len(toks)))
		for _, t := range toks {
			b = binary.AppendUvarint(b, uint64(len(t)))
			b = append(b, t...)
		}
	}
	return b
}

// DecodeLexicon returns each bucket's tokens, pointing into b.
func DecodeLexicon(b []byte) ([][][]byte, error) {
	if len(b) < 1 || b[0] != IndexVersion {
		return nil, fmt.Errorf("%w: unknown lexicon version", ErrIndex)
	}
	b = b[1:]
	out := make([][][]byte, IndexBuckets)
	for bk := range IndexBuckets {
		count, n := canonicalUvarint(b)
		if n <= 0 || count > uint64(len(b)-n) {
			return nil, fmt.Errorf("%w: bad token count", ErrIndex)
		}
		b = b[n:]
		toks := make([][]byte, 0, count)
		for range count {
			l, n := canonicalUvarint(b)
			if n <= 0 || l == 0 || l > uint64(len(b)-n) {
				return nil, fmt.Errorf("%w: bad token length", ErrIndex)
			}
			t := b[n : n+int(l)]
			if len(toks) > 0 && bytes.Compare(t, toks[len(toks)-1]) <= 0 {
				return nil, fmt.Errorf("%w: tokens out of order", ErrIndex)
			}
			if TokenBucket(t) != bk {
				return nil, fmt.Errorf("%w: a token in the wrong bucket", ErrIndex)
			}
			toks = append(toks, t)
			b = b[n+int(l):]
		}
		out[bk] = toks
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: bytes after the last bucket", ErrIndex)
	}
	return out, nil
}

// EncodePostings writes a bucket's postings, one list per token in the lexicon's
// order: the list's length in bytes (uvarint), then the prefixes ascending, each
// as the difference from the one before (the first from zero, uvarint).
func EncodePostings(lists [][]uint32) []byte {
	b := []byte{IndexVersion}
	var l []byte
	for _, list := range lists {
		l = l[:0]
		prev := uint32(0)
		for _, p := range list {
			l = binary.AppendUvarint(l, uint64(p-prev))
			prev = p
		}
		b = binary.AppendUvarint(b, uint64(len(l)))
		b = append(b, l...)
	}
	return b
}

// PostingsAt decodes the lists numbered want (ascending) of a bucket of count tokens.
func PostingsAt(b []byte, count int, want []int) ([][]uint32, error) {
	if len(b) < 1 || b[0] != IndexVersion {
		return nil, fmt.Errorf("%w: unknown postings version", ErrIndex)
	}
	b = b[1:]
	out := make([][]uint32, len(want))
	w := 0
	for i := range count {
		l, n := canonicalUvarint(b)
		if n <= 0 || l > uint64(len(b)-n) {
			return nil, fmt.Errorf("%w: bad list length", ErrIndex)
		}
		list := b[n : n+int(l)]
		b = b[n+int(l):]
		if w < len(want) && want[w] == i {
			prev := uint64(0)
			for len(list) > 0 {
				d, k := canonicalUvarint(list)
				if k <= 0 || (d == 0 && len(out[w]) > 0) || d > 1<<32-1-prev {
					return nil, fmt.Errorf("%w: bad posting", ErrIndex)
				}
				prev += d
				out[w] = append(out[w], uint32(prev))
				list = list[k:]
			}
			w++
		}
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: bytes after the last list", ErrIndex)
	}
	return out, nil
}

// BuildTextIndex makes the whole index from the records of ids, read in batches
// so that no more than a batch of bodies is held at once, and writes it with the
// generation record in one transaction; store is given the index's state inside
// the transaction.
func BuildTextIndex(v Vault, all []storage.ID, store func(*IndexState)) error {
	postings := map[string][]uint32{}
	seen := map[string]bool{}
	var mu sync.Mutex
	const batch = 2048
	for start := 0; start < len(all); start += batch {
		ids := all[start:min(start+batch, len(all))]
		_, err := v.LoadSome(CollEntries, ids, func(sid storage.ID, _ storage.Stamp, plain []byte) error {
			e := &record.Entry{ID: record.ID(sid.String())}
			if record.DecodeEntryOwned(plain, e) != nil {
				return nil
			}
			text := SearchText(e)
			clear(plain)
			mu.Lock()
			defer mu.Unlock()
			tokensOf(text, seen)
			clear(text)
			for t := range seen {
				postings[t] = append(postings[t], PrefixOf(sid))
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	buckets := make([][]string, IndexBuckets)
	for t, list := range postings {
		slices.Sort(list)
		postings[t] = slices.Compact(list)
		b := TokenBucket([]byte(t))
		buckets[b] = append(buckets[b], t)
	}
	state := &IndexState{Recent: map[storage.ID]bool{}}
	return v.Update(func(tx *storage.Tx) error {
		for b, toks := range buckets {
			if len(toks) == 0 {
				if err := tx.Delete(CollIndex, BucketID(b)); err != nil {
					return err
				}
				continue
			}
			slices.Sort(toks)
			lists := make([][]uint32, len(toks))
			for i, t := range toks {
				lists[i] = postings[t]
			}
			if err := tx.Put(CollIndex, BucketID(b), EncodePostings(lists)); err != nil {
				return err
			}
			state.Buckets[b/64] |= 1 << (b % 64)
		}
		if err := tx.Put(CollIndex, LexiconID, EncodeLexicon(buckets)); err != nil {
			return err
		}
		store(state)
		return tx.Put(Coll, GenID, EncodeGenRecord(GenRecord{Gen: tx.Generation(), Idx: state}))
	})
}

// indexCount is how many records the index should hold.
func (s *IndexState) Count() int {
	n := 1
	for _, w := range s.Buckets {
		n += bits.OnesCount64(w)
	}
	return n
}

// ReadTextSets is textSets on the vault v; broken says the index was found
// damaged or incomplete.
func ReadTextSets(v Vault, idx *IndexState, words [][]byte, budget int) (sets []map[uint32]bool, ok, broken bool) {
	if idx == nil {
		return nil, false, false
	}
	lexPlain, err := v.Get(CollIndex, LexiconID)
	if err != nil {
		return nil, false, true
	}
	lex, err := DecodeLexicon(lexPlain)
	if err != nil {
		return nil, false, true
	}
	// For each word, the (bucket, token number) pairs of the tokens holding it.
	type tok struct{ bucket, n int }
	perWord := make([][]tok, len(words))
	need := map[int][]int{}
	for w, word := range words {
		for b, toks := range lex {
			for i, t := range toks {
				if bytes.Contains(t, word) {
					perWord[w] = append(perWord[w], tok{b, i})
					need[b] = append(need[b], i)
				}
			}
		}
	}
	var ids []storage.ID
	for b := range need {
		if !idx.Has(b) {
			return nil, false, false
		}
		ids = append(ids, BucketID(b))
	}
	lists := map[tok][]uint32{}
	var mu sync.Mutex
	read := 0
	damaged, err := v.LoadSome(CollIndex, ids, func(sid storage.ID, _ storage.Stamp, plain []byte) error {
		b := int(sid[0])
		want := slices.Compact(slices.Sorted(slices.Values(need[b])))
		got, err := PostingsAt(plain, len(lex[b]), want)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		for i, n := range want {
			lists[tok{b, n}] = got[i]
			read += len(got[i])
		}
		return nil
	})
	if err != nil || len(damaged) > 0 || len(lists) != countLists(need) {
		return nil, false, true
	}
	// Each word's prefixes; the smallest set first, and a word past the budget
	// left to the check of each entry's text.
	for w := range words {
		set := map[uint32]bool{}
		for _, t := range perWord[w] {
			for _, pre := range lists[t] {
				set[pre] = true
			}
		}
		sets = append(sets, set)
	}
	slices.SortFunc(sets, func(a, b map[uint32]bool) int { return len(a) - len(b) })
	if len(sets[0]) > budget {
		return nil, false, false
	}
	return sets, true, false
}

// InTextSets says whether the entry sid may hold every word: it is recent, or its
// prefix is in each word's set (a set past budget is left to the check of the
// entry's text).
func InTextSets(idx *IndexState, sets []map[uint32]bool, budget int, sid storage.ID) bool {
	if idx.Recent[sid] {
		return true
	}
	pre := PrefixOf(sid)
	for _, s := range sets {
		if len(s) <= budget && !s[pre] {
			return false
		}
	}
	return true
}

func countLists(need map[int][]int) int {
	n := 0
	for _, l := range need {
		n += len(slices.Compact(slices.Sorted(slices.Values(l))))
	}
	return n
}

// CheckTextIndex is checkIndex on the vault v, for the index idx.
func CheckTextIndex(v Vault, idx *IndexState, entries []*record.Entry) []string {
	if idx == nil {
		return nil
	}
	lexPlain, err := v.Get(CollIndex, LexiconID)
	if err != nil {
		return []string{fmt.Sprintf("the text index's lexicon cannot be read: %v", err)}
	}
	lex, err := DecodeLexicon(lexPlain)
	if err != nil {
		return []string{fmt.Sprintf("the text index's lexicon: %v", err)}
	}
	where := map[string][2]int{}
	for b, toks := range lex {
		for i, t := range toks {
			where[string(t)] = [2]int{b, i}
		}
	}
	all := map[int]map[int]map[uint32]bool{}
	var ids []storage.ID
	for b := range IndexBuckets {
		if idx.Has(b) {
			ids = append(ids, BucketID(b))
		}
	}
	var mu sync.Mutex
	var problems []string
	damaged, err := v.LoadSome(CollIndex, ids, func(sid storage.ID, _ storage.Stamp, plain []byte) error {
		b := int(sid[0])
		want := make([]int, len(lex[b]))
		for i := range want {
			want[i] = i
		}
		lists, err := PostingsAt(plain, len(lex[b]), want)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			problems = append(problems, fmt.Sprintf("the text index's bucket %d: %v", b, err))
			return nil
		}
		m := map[int]map[uint32]bool{}
		for i, l := range lists {
			m[i] = map[uint32]bool{}
			for _, pre := range l {
				m[i][pre] = true
			}
		}
		all[b] = m
		return nil
	})
	if err != nil {
		return append(problems, fmt.Sprintf("the text index cannot be read: %v", err))
	}
	for _, d := range damaged {
		problems = append(problems, fmt.Sprintf("the text index: %v", d))
	}
	if len(problems) > 0 {
		return problems
	}
	seen := map[string]bool{}
	for _, e := range entries {
		sid, err := storage.ParseID(string(e.ID))
		if err != nil || idx.Recent[sid] {
			continue
		}
		tokensOf(SearchText(e), seen)
		for t := range seen {
			at, ok := where[t]
			if !ok || !all[at[0]][at[1]][PrefixOf(sid)] {
				problems = append(problems, fmt.Sprintf("the text index does not list entry %s under one of its words", e.ID))
				break
			}
		}
	}
	return problems
}
