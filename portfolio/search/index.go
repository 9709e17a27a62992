// Package search finds words in text fast: Fold puts text in one case, Words and Match
// split and check a query, and Index, a token index over folded texts, narrows a
// search to the documents that can match.
package search

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// A plain scan of the folded text costs about 1.5 µs per entry for a word whose first
// letters are common, so at 100k entries a keystroke takes well over the 50 ms the
// design allows. The token index narrows a search to the entries that match.
//
// It maps every token (a run of bytes between ASCII white space in the folded text)
// to the entries holding it. A search word holds no white space, so wherever it
// occurs in an entry it lies inside one token: the entries under the tokens that
// contain the word are exactly the entries that contain it. Find intersects those
// sets for the words, checks the rest of the query (filters, and any word too common
// to be worth looking up) as a scan would, and so gives the scan's answer.
//
// Building it costs about 15 µs of CPU per entry, more than the open target leaves,
// so it is built in the background once a vault is open, from a snapshot of the entry
// list, and rebuilt when enough entries have changed. Until it is ready, and for
// entries added or changed since, Find scans.

// Doc is a document's search text, folded (see Fold), and which build of an index
// holds it. Embed it in the type an Index is built over. Text may be nil when the
// document is a TextAppender, which gives its text to Build on demand instead.
type Doc struct {
	Text []byte
	// cover says which build of the token index holds the document, and at which
	// serial: the build's epoch in the high 32 bits. Zero until one does.
	cover atomic.Uint64
}

// SearchDoc returns d, so that a type embedding Doc is a Document.
func (d *Doc) SearchDoc() *Doc { return d }

// Document is what an Index is built over: a pointer to a type embedding Doc.
type Document interface {
	comparable
	SearchDoc() *Doc
}

// TextAppender is a document that folds its text when asked, so that it need not
// keep a folded copy of it: Build asks each document without Text for its text
// once, into a buffer it reuses and wipes.
type TextAppender interface {
	// SearchTextSize is about how long the folded text is.
	SearchTextSize() int
	AppendSearchText(dst []byte) []byte
}

// Index is one immutable build of the token index, over a snapshot of the documents
// in the caller's order; a document's serial is its position in that snapshot.
type Index[T Document] struct {
	epoch uint32
	docs  []T
	// blob holds every distinct token once, each followed by '\n', so one scan finds
	// all the tokens containing a word; starts[t] is where token t begins.
	blob   []byte
	starts []uint32
	// postings[offsets[t]:offsets[t+1]] are the serials of the entries holding token
	// t, ascending.
	offsets  []uint32
	postings []uint32
}

// asciiSpace marks the bytes that separate tokens. They are all white space to
// strings.Fields, so no search word holds one.
var asciiSpace = [256]bool{' ': true, '\n': true, '\t': true, '\r': true, '\v': true, '\f': true}

// tokenTable gives each distinct token a number, in the order first seen.
type tokenTable struct {
	seed   uint64
	slots  []tokenSlot // open addressing; a power of two long
	blob   []byte      // every token, each followed by '\n'
	starts []uint32    // where each token begins in blob
}

type tokenSlot struct {
	hash uint64
	id   uint32 // the token's number plus one; zero for an empty slot
}

func newTokenTable(seed uint64) *tokenTable {
	return &tokenTable{seed: seed, slots: make([]tokenSlot, 1024)}
}

// hashToken hashes a token eight bytes at a time. Most tokens are words of under
// eight letters, so this is a multiply or two, where a general hash function's
// set-up costs more than the token.
func hashToken(tok []byte, seed uint64) uint64 {
	const k = 0x9e3779b97f4a7c15
	h := seed ^ uint64(len(tok))*k
	for len(tok) >= 8 {
		h = (h ^ binary.LittleEndian.Uint64(tok)) * k
		h ^= h >> 29
		tok = tok[8:]
	}
	var w uint64
	for i, c := range tok {
		w |= uint64(c) << (8 * i)
	}
	h = (h ^ w) * k
	return h ^ h>>32
}

func (tt *tokenTable) token(id uint32) []byte {
	end := len(tt.blob) - 1
	if int(id)+1 < len(tt.starts) {
		end = int(tt.starts[id+1]) - 1
	}
	return tt.blob[tt.starts[id]:end]
}

// id returns tok's number, giving it the next one if it is new.
func (tt *tokenTable) id(tok []byte) uint32 {
	h := hashToken(tok, tt.seed)
	mask := uint64(len(tt.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &tt.slots[i]
		if sl.id == 0 {
			id := uint32(len(tt.starts))
			tt.starts = append(tt.starts, uint32(len(tt.blob)))
			tt.blob = append(tt.blob, tok...)
			tt.blob = append(tt.blob, '\n')
			*sl = tokenSlot{hash: h, id: id + 1}
			if len(tt.starts)*2 > len(tt.slots) {
				tt.grow()
			}
			return id
		}
		if sl.hash == h && bytes.Equal(tt.token(sl.id-1), tok) {
			return sl.id - 1
		}
	}
}

func (tt *tokenTable) grow() {
	old := tt.slots
	tt.slots = make([]tokenSlot, 2*len(old))
	mask := uint64(len(tt.slots) - 1)
	for _, sl := range old {
		if sl.id == 0 {
			continue
		}
		i := sl.hash & mask
		for tt.slots[i].id != 0 {
			i = (i + 1) & mask
		}
		tt.slots[i] = sl
	}
}

// tokenShard indexes a contiguous run of the entries, on one core. It records, entry
// by entry, the distinct tokens each holds: one stream of token numbers, which is
// exactly as long as the postings will be, rather than a growing list per token, whose
// spare capacity and copies cost more memory than the index itself.
type tokenShard struct {
	table  *tokenTable
	stream []uint32 // token numbers, entry after entry
	ends   []uint32 // where each entry's tokens end in stream
	last   []uint32 // by token number: the serial plus one of the last entry holding it
}

func add[T Document](sh *tokenShard, docs []T, first int, epoch uint32, stop *atomic.Bool) bool {
	sh.ends = make([]uint32, 0, len(docs))
	// English prose has a distinct token in every 12 to 14 bytes or so; starting
	// there saves growing the stream, and the copies growing leaves behind.
	size := 0
	for _, ix := range docs {
		if text := ix.SearchDoc().Text; text != nil {
			size += len(text)
		} else if ta, ok := any(ix).(TextAppender); ok {
			size += ta.SearchTextSize()
		}
	}
	sh.stream = make([]uint32, 0, size/12)
	// The folded text of documents that do not keep theirs, one at a time; it is
	// plaintext, so it is wiped when done.
	var scratch []byte
	defer func() { clear(scratch[:cap(scratch)]) }()
	for k, ix := range docs {
		if k%1024 == 0 && stop.Load() {
			return false
		}
		s := uint32(first + k)
		d := ix.SearchDoc()
		text := d.Text
		if text == nil {
			if ta, ok := any(ix).(TextAppender); ok {
				// Grown here, wiping the old buffer, so that appending seldom
				// leaves a copy behind.
				if n := ta.SearchTextSize(); n > cap(scratch) {
					clear(scratch[:cap(scratch)])
					scratch = make([]byte, 0, n+n/4)
				}
				prev := scratch[:cap(scratch)]
				scratch = ta.AppendSearchText(scratch[:0])
				if cap(scratch) != len(prev) {
					clear(prev) // appending moved it: wipe what it left
				}
				text = scratch
			}
		}
		for i := 0; i < len(text); {
			for i < len(text) && asciiSpace[text[i]] {
				i++
			}
			j := i
			for j < len(text) && !asciiSpace[text[j]] {
				j++
			}
			if j > i {
				t := sh.table.id(text[i:j])
				if int(t) == len(sh.last) {
					sh.last = append(sh.last, 0)
				}
				if sh.last[t] != s+1 {
					sh.last[t] = s + 1
					sh.stream = append(sh.stream, t)
				}
			}
			i = j
		}
		sh.ends = append(sh.ends, uint32(len(sh.stream)))
		d.cover.Store(uint64(epoch)<<32 | uint64(s))
	}
	return true
}

// Build indexes docs, marking each with the epoch and its serial, spread over the
// cores. It gives up, returning nil, once stop is set. Each epoch must be new: a
// document's mark says which build holds it.
func Build[T Document](docs []T, epoch uint32, stop *atomic.Bool) *Index[T] {
	seed := rand.Uint64() // so crafted text cannot make the table slow
	workers := max(1, min(runtime.GOMAXPROCS(0), len(docs)/1024))
	shards := make([]tokenShard, workers)
	size := (len(docs) + workers - 1) / workers
	var wg sync.WaitGroup
	var failed atomic.Bool
	for w := range shards {
		lo, hi := min(w*size, len(docs)), min((w+1)*size, len(docs))
		shards[w].table = newTokenTable(seed)
		wg.Go(func() {
			if !add(&shards[w], docs[lo:hi], lo, epoch, stop) {
				failed.Store(true)
			}
		})
	}
	wg.Wait()
	if failed.Load() {
		return nil
	}
	// The first shard's table becomes the whole index's and the others' tokens are
	// numbered into it. Then a counting sort turns the streams into postings: counted
	// per token, then each entry's serial placed under its tokens, entry by entry, so
	// every token's serials come out ascending.
	table := shards[0].table
	for w := 1; w < workers; w++ {
		sh := &shards[w]
		remap := make([]uint32, len(sh.last))
		for t := range remap {
			remap[t] = table.id(sh.table.token(uint32(t)))
		}
		for i, t := range sh.stream {
			sh.stream[i] = remap[t]
		}
	}
	offsets := make([]uint32, len(table.starts)+1)
	for _, sh := range shards {
		for _, t := range sh.stream {
			offsets[t+1]++
		}
	}
	for t := 1; t < len(offsets); t++ {
		offsets[t] += offsets[t-1]
	}
	postings := make([]uint32, offsets[len(offsets)-1])
	fill := slices.Clone(offsets[:len(offsets)-1])
	serial := uint32(0)
	for w := range shards {
		sh := &shards[w]
		from := uint32(0)
		for _, end := range sh.ends {
			for _, t := range sh.stream[from:end] {
				postings[fill[t]] = serial
				fill[t]++
			}
			from = end
			serial++
		}
		sh.stream = nil // free it as soon as it is placed
	}
	return &Index[T]{
		epoch: epoch, docs: docs,
		blob: table.blob, starts: table.starts,
		offsets: offsets, postings: postings,
	}
}

// tokensContaining lists the tokens that contain w, and how many postings they hold.
func (idx *Index[T]) tokensContaining(w []byte) (toks []uint32, cost int) {
	for off := 0; off < len(idx.blob); {
		i := bytes.Index(idx.blob[off:], w)
		if i < 0 {
			break
		}
		// The token holding the match, and on to the next token.
		t := uint32(sort.Search(len(idx.starts), func(k int) bool { return int(idx.starts[k]) > off+i }) - 1)
		toks = append(toks, t)
		cost += int(idx.offsets[t+1] - idx.offsets[t])
		off += i + bytes.IndexByte(idx.blob[off+i:], '\n') + 1
	}
	return toks, cost
}

// bitset is a set of serials.
type bitset []uint64

func (b bitset) has(s uint32) bool { return b[s/64]&(1<<(s%64)) != 0 }

// postingBudget caps the postings a search reads, per entry in the index: past it, a
// word is in so many tokens (a single common letter, say) that a scan, which finds it
// within a few bytes of each entry, costs less.
const postingBudget = 64

// Narrow returns the documents of list, in order, that may hold every word. For a
// document the index covers, the words it used are settled exactly (the document has
// a token containing each) and only residual remain to be checked in its text; a
// document it does not cover, added or changed since the build, needs every word
// checked, and stale counts those. ok is false when the index is no help.
func (idx *Index[T]) Narrow(list []T, words [][]byte) (out []T, residual [][]byte, stale int, ok bool) {
	type plan struct {
		word []byte
		toks []uint32
		cost int
	}
	plans := make([]plan, len(words))
	for i, w := range words {
		toks, cost := idx.tokensContaining(w)
		plans[i] = plan{w, toks, cost}
	}
	slices.SortStableFunc(plans, func(a, b plan) int { return a.cost - b.cost })
	budget := postingBudget * len(idx.docs)
	if plans[0].cost > budget {
		return nil, nil, 0, false
	}
	var set bitset
	for _, pl := range plans {
		if pl.cost > budget {
			residual = append(residual, pl.word)
			continue
		}
		budget -= pl.cost
		ws := make(bitset, (len(idx.docs)+63)/64)
		for _, t := range pl.toks {
			for _, s := range idx.postings[idx.offsets[t]:idx.offsets[t+1]] {
				ws[s/64] |= 1 << (s % 64)
			}
		}
		if set == nil {
			set = ws
		} else {
			for i := range set {
				set[i] &= ws[i]
			}
		}
	}
	if slices.Equal(list, idx.docs) {
		// Nothing changed since the build: serials are positions in list. Counted
		// first, so the answer is one allocation, not a growing slice's copies.
		n := 0
		for _, word := range set {
			n += bits.OnesCount64(word)
		}
		out = make([]T, 0, n)
		for w, word := range set {
			for word != 0 {
				out = append(out, list[w*64+bits.TrailingZeros64(word)])
				word &= word - 1
			}
		}
		return out, residual, 0, true
	}
	for _, ix := range list {
		c := ix.SearchDoc().cover.Load()
		if uint32(c>>32) != idx.epoch {
			stale++
			out = append(out, ix)
		} else if set.has(uint32(c)) {
			out = append(out, ix)
		}
	}
	return out, residual, stale, true
}

// Epoch is the build's epoch, as given to Build.
func (idx *Index[T]) Epoch() uint32 { return idx.epoch }

// Covers reports whether this build holds d, so that the words Narrow settled need
// not be checked in its text again.
func (idx *Index[T]) Covers(d T) bool {
	return uint32(d.SearchDoc().cover.Load()>>32) == idx.epoch
}

// Match reports whether text holds every word.
func Match(text []byte, words [][]byte) bool {
	for _, w := range words {
		if !bytes.Contains(text, w) {
			return false
		}
	}
	return true
}

// Words splits a search into folded words. "#tag" as the only word looks for the
// tag as written in a document's text ("\n#" and the folded tag).
func Words(text string) [][]byte {
	fields := strings.Fields(Fold(strings.TrimPrefix(text, "#")))
	if strings.HasPrefix(text, "#") && len(fields) == 1 {
		fields[0] = "#" + fields[0]
	}
	words := make([][]byte, len(fields))
	for i, f := range fields {
		words[i] = []byte(f)
	}
	return words
}
