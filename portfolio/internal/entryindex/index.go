package entryindex

import (
	"cmp"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/foliohq/folio/portfolio/internal/catalogue"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/codec"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/portfolio/search"
)

// ID, Entry and Functions are the record types the slots hold.
type (
	ID        = record.ID
	Entry     = record.Entry
	Functions = record.Functions
)

// Slot is an entry with its search text: title, tags, body and sections folded
// to one case once, at load, so each keystroke of a search is a plain byte scan.
//
// An entry opened from the catalogue starts with only its order's keys (ID, date,
// creation time) decoded, its catalogue row's metadata kept undecoded in row, and
// no search text (whole is false); meta decodes the row when first asked, so a
// command that shows ten entries decodes ten rows. Its body is read on demand into
// full, and MakeWhole makes it whole, under the write lock, before a text search.
type Slot struct {
	search.Doc
	// The keys of the order, newestFirst; set however the entry was made.
	id      ID
	date    calendar.Date
	created time.Time
	// m is the entry's metadata, or the whole entry when whole; nil until meta
	// decodes row.
	m     atomic.Pointer[Entry]
	row   []byte
	whole bool
	full  atomic.Pointer[Entry]
	// plain is the decrypted record e's strings point into, when the entry was
	// loaded from the vault (record.DecodeEntryOwned); Wipe overwrites it.
	plain []byte
}

// NewMeta is an index slot with e as its metadata and no search text.
func NewMeta(e *Entry) *Slot {
	ix := &Slot{}
	ix.setMeta(e)
	return ix
}

func (ix *Slot) setMeta(e *Entry) {
	ix.id, ix.date, ix.created = e.ID, e.Date, e.Created
	ix.m.Store(e)
}

// Meta is the entry's metadata (the whole entry once read), decoding its
// catalogue row the first time. Concurrent callers may decode it twice; both
// copies are the same and one is kept. A row that fails to decode gives what
// decoded before the fault: the row was sealed by folio, so that is a defect,
// and check, which compares every row with its record, reports it.
func (ix *Slot) Meta() *Entry {
	if e := ix.m.Load(); e != nil {
		return e
	}
	e := &Entry{ID: ix.id}
	_ = record.DecodeEntryOwned(ix.row, e)
	e.ID, e.Date, e.Created = ix.id, ix.date, ix.created
	ix.m.CompareAndSwap(nil, e)
	return ix.m.Load()
}

// New is the slot of a whole entry, with its folded search text.
func New(e *Entry) *Slot {
	ix := &Slot{Doc: search.Doc{Text: catalogue.SearchText(e)}, whole: true}
	ix.setMeta(e)
	return ix
}

// MatchText reports whether the entry's search text holds every word: from its
// folded text when it keeps one, else folded from the whole entry as it goes. An
// entry whose body could not be read matches no word.
func (ix *Slot) MatchText(words [][]byte) bool {
	if ix.Text != nil {
		return search.Match(ix.Text, words)
	}
	if len(words) == 0 {
		return true
	}
	if e := ix.Entry(); e != nil {
		return catalogue.MatchEntry(e, words)
	}
	return false
}

// SearchTextSize and AppendSearchText give the token index's build the text of an
// entry that keeps none (search.TextAppender).
func (ix *Slot) SearchTextSize() int {
	if e := ix.Entry(); e != nil {
		return catalogue.SearchTextSize(e)
	}
	return 0
}

func (ix *Slot) AppendSearchText(dst []byte) []byte {
	if e := ix.Entry(); e != nil {
		return catalogue.AppendSearchText(dst, e)
	}
	return dst
}

// NewestFirst orders by the day an entry is about, then when it was written.
func NewestFirst(a, b *Slot) int {
	if c := cmp.Compare(b.date, a.date); c != 0 {
		return c
	}
	if c := b.created.Compare(a.created); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// SortNewestFirst sorts list as slices.SortFunc with NewestFirst would. An entry's
// date is a day, and a portfolio's days span decades, so a counting sort by day
// places the entries, and only those sharing a day are compared: at 100k entries
// the comparison sort through pointers was a sixth of opening.
func SortNewestFirst(list []*Slot) {
	if len(list) < 2 {
		return
	}
	// The days are read once into a slice: following each entry's pointer is most
	// of the cost, and the passes below read every day twice more.
	days := make([]calendar.Date, len(list))
	for i, ix := range list {
		days[i] = ix.date
	}
	lo, hi := slices.Min(days), slices.Max(days)
	span := int64(hi) - int64(lo) + 1
	if span > 4*int64(len(list))+1<<16 {
		// Days too far apart for a table of them to be cheap.
		slices.SortFunc(list, NewestFirst)
		return
	}
	// start[k] is where the entries of the day hi-k begin, newest day first.
	start := make([]int, span+1)
	for _, d := range days {
		start[int64(hi)-int64(d)+1]++
	}
	for k := 1; k < len(start); k++ {
		start[k] += start[k-1]
	}
	out := make([]*Slot, len(list))
	sorted := make([]calendar.Date, len(list))
	for i, ix := range list {
		k := int64(hi) - int64(days[i])
		out[start[k]], sorted[start[k]] = ix, days[i]
		start[k]++
	}
	copy(list, out)
	for i, j := 0, 0; i < len(list); i = j {
		for j = i + 1; j < len(list) && sorted[j] == sorted[i]; j++ {
		}
		if j-i > 1 {
			slices.SortFunc(list[i:j], NewestFirst)
		}
	}
}

// Query selects entries. Zero fields select everything.
type Query struct {
	// Text: every word must appear in the title, tags or body, in any case.
	Text string
	// Functions: entries with any of these functions.
	Functions Functions
	// Tag: entries carrying this tag (case-insensitive).
	Tag string
	// Since and Until bound the entry's date, inclusive.
	Since, Until calendar.Date
	// GoalID and ActionID: entries linked to this goal or action.
	GoalID   ID
	ActionID ID
	// Limit caps the results; 0 means no cap.
	Limit int
}

// MatchesMeta reports whether the query's filters (all but its text) select e.
func (q *Query) MatchesMeta(e *Entry) bool {
	if !q.Functions.Empty() && e.Functions&q.Functions == 0 {
		return false
	}
	if !q.Since.IsZero() && e.Date < q.Since {
		return false
	}
	if !q.Until.IsZero() && e.Date > q.Until {
		return false
	}
	if q.Tag != "" && !slices.ContainsFunc(e.Tags, func(t string) bool { return strings.EqualFold(t, q.Tag) }) {
		return false
	}
	if q.GoalID != "" && !slices.Contains(e.GoalIDs, q.GoalID) {
		return false
	}
	if q.ActionID != "" && !slices.Contains(e.ActionIDs, q.ActionID) {
		return false
	}
	return true
}

// SelectsAll reports whether the query's filters (all but its text) let every
// entry through.
func (q *Query) SelectsAll() bool {
	return q.Since.IsZero() && q.Until.IsZero() && q.Functions.Empty() && q.Tag == "" && q.GoalID == "" && q.ActionID == ""
}

// rowFields calls fn with each field of ix's catalogue row, read in place, and
// says whether it could: false when the row has been decoded (meta has it, and
// it may be the whole entry), there is none, or it does not read. Reading a few
// fields so allocates nothing per entry, where meta allocates the entry.
func (ix *Slot) rowFields(fn func(codec.Field)) bool {
	if ix.row == nil || ix.m.Load() != nil {
		return false
	}
	src := unsafe.String(unsafe.SliceData(ix.row), len(ix.row))
	return codec.DecodeShared(ix.row, src, record.EntryBytes, func(f codec.Field) error {
		fn(f)
		return nil
	}) == nil
}

// Functions is the entry's functions, read from its row while it is undecoded.
func (ix *Slot) Functions() Functions {
	var fns Functions
	if ix.rowFields(func(f codec.Field) {
		if f.Num == codec.EntryFunctions {
			fns = record.DecodeFunctions(f)
		}
	}) {
		return fns
	}
	return ix.Meta().Functions
}

// EachTag calls fn with each of the entry's tags, read from its row while it is
// undecoded. A tag's string may share the row: fn copies what it keeps.
func (ix *Slot) EachTag(fn func(string)) {
	if ix.rowFields(func(f codec.Field) {
		if f.Num == codec.EntryTags {
			fn(f.Str())
		}
	}) {
		return
	}
	for _, t := range ix.Meta().Tags {
		fn(t)
	}
}

// Matches is MatchesMeta for ix, read straight from its catalogue row while the
// row is undecoded, so a filter over every entry (list --tag) decodes no row
// whole.
func (q *Query) Matches(ix *Slot) bool {
	if !q.Since.IsZero() && ix.date < q.Since || !q.Until.IsZero() && ix.date > q.Until {
		return false
	}
	if q.Functions.Empty() && q.Tag == "" && q.GoalID == "" && q.ActionID == "" {
		return true
	}
	var fns Functions
	tag, goal, action := q.Tag == "", q.GoalID == "", q.ActionID == ""
	if !ix.rowFields(func(f codec.Field) {
		switch f.Num {
		case codec.EntryFunctions:
			fns = record.DecodeFunctions(f)
		case codec.EntryTags:
			tag = tag || strings.EqualFold(f.Str(), q.Tag)
		case codec.EntryGoalID:
			goal = goal || ID(f.Str()) == q.GoalID
		case codec.EntryActionID:
			action = action || ID(f.Str()) == q.ActionID
		}
	}) {
		return q.MatchesMeta(ix.Meta())
	}
	return (q.Functions.Empty() || fns&q.Functions != 0) && tag && goal && action
}

// Find returns the slots of list the query selects, in order, scanning without
// the token index.
func Find(list []*Slot, q Query) []*Slot {
	words := search.Words(q.Text)
	match := func(ix *Slot) bool {
		return q.Matches(ix) && ix.MatchText(words)
	}
	if len(words) == 0 {
		// Filters alone cost about 60 ns an entry (BenchmarkFilter): one core will do.
		return catalogue.MatchSerial(list, q.Limit, match)
	}
	return catalogue.Matching(list, q.Limit, match)
}

// Metas is the metadata of each slot of list, in order.
func Metas(list []*Slot) []*Entry {
	out := make([]*Entry, len(list))
	for i, ix := range list {
		out[i] = ix.Meta()
	}
	return out
}

// Insert puts ix into the date order and byID, and returns the order.
func Insert(order []*Slot, byID map[ID]*Slot, ix *Slot) []*Slot {
	i, _ := slices.BinarySearchFunc(order, ix, NewestFirst)
	order = slices.Insert(order, i, ix)
	byID[ix.id] = ix
	return order
}

// Remove takes the entry id out of the date order and byID, and returns the order.
func Remove(order []*Slot, byID map[ID]*Slot, id ID) []*Slot {
	old, ok := byID[id]
	if !ok {
		return order
	}
	if i, found := slices.BinarySearchFunc(order, old, NewestFirst); found {
		order = slices.Delete(order, i, i+1)
	}
	delete(byID, id)
	return order
}

// freeAfterBuild is the entry count from which a finished build returns the
// memory it freed to the system.
const freeAfterBuild = 8192

// Locker is the lock guarding the date order and the token index: the core's.
type Locker interface {
	Lock()
	Unlock()
	RLock()
	RUnlock()
}

// TokenSearch is the in-memory token index over the date order and the state of
// its background build. Its zero value has no index and builds none yet.
type TokenSearch struct {
	idx *search.Index[*Slot] // guarded by the caller's Locker

	mu       sync.Mutex // orders Start against Stop
	building bool
	closing  atomic.Bool
	epoch    uint32
	wg       sync.WaitGroup
}

// Index is the finished index, nil if none; the caller holds its lock.
func (ts *TokenSearch) Index() *search.Index[*Slot] { return ts.idx }

// Drop forgets the index; the caller holds its lock for writing.
func (ts *TokenSearch) Drop() { ts.idx = nil }

// Select returns the slots of list (the date order, under lock held for reading)
// the query selects, with its text's words: from the token index when there is
// one, else by a scan. A text search over at least min entries with no index, or
// an index gone stale, calls start, which builds one in the background.
func (ts *TokenSearch) Select(list []*Slot, q Query, words [][]byte, min int, start func()) []*Slot {
	idx := ts.idx
	if len(words) > 0 && idx == nil && len(list) >= min {
		start()
	}
	if len(words) == 0 || idx == nil {
		return Find(list, q)
	}
	narrowed, residual, stale, ok := idx.Narrow(list, words)
	if !ok {
		return Find(list, q)
	}
	if stale > max(256, len(list)/32) {
		start()
	}
	if stale == 0 && len(residual) == 0 && q.SelectsAll() {
		// The index settled every word for every entry in narrowed, and nothing
		// else is asked: narrowed is the answer. Checking it again entry by entry
		// touched each entry's memory once more, most of a key's time when nearly
		// every entry matches.
		if q.Limit > 0 && len(narrowed) > q.Limit {
			narrowed = narrowed[:q.Limit]
		}
		return narrowed
	}
	return catalogue.Matching(narrowed, q.Limit, func(ix *Slot) bool {
		if !q.Matches(ix) {
			return false
		}
		if idx.Covers(ix) {
			return ix.MatchText(residual)
		}
		return ix.MatchText(words)
	})
}

// Start builds a new index in the background unless one is being built already:
// of order(), read under l held for reading, if it holds at least min entries;
// the index is kept under l held for writing.
func (ts *TokenSearch) Start(l Locker, order func() []*Slot, min int) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.closing.Load() || ts.building {
		return
	}
	ts.building = true
	ts.epoch++
	epoch := ts.epoch
	ts.wg.Add(1)
	go func() {
		defer ts.wg.Done()
		defer func() {
			ts.mu.Lock()
			ts.building = false
			ts.mu.Unlock()
		}()
		l.RLock()
		docs := slices.Clone(order())
		l.RUnlock()
		if len(docs) < min {
			return
		}
		idx := search.Build(docs, epoch, &ts.closing)
		if idx == nil {
			return
		}
		l.Lock()
		if !ts.closing.Load() && (ts.idx == nil || ts.idx.Epoch() < idx.Epoch()) {
			ts.idx = idx
		}
		l.Unlock()
		if len(docs) >= freeAfterBuild {
			// Reading every body and building the index grew the heap to about
			// twice what is live (the collector's goal), and the runtime returns
			// that to the system only slowly: the app would sit at that peak. One
			// collection that returns it, once a build, costs a few milliseconds
			// in the background.
			docs = nil
			debug.FreeOSMemory()
		}
	}()
}

// Building reports whether a build is running.
func (ts *TokenSearch) Building() bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.building
}

// Wait waits for a running build to finish.
func (ts *TokenSearch) Wait() { ts.wg.Wait() }

// Reopen lets builds start again after Stop; benchmarks measure with and
// without the index.
func (ts *TokenSearch) Reopen() { ts.closing.Store(false) }

// Stop abandons any build and waits for it, so nothing runs after Close.
func (ts *TokenSearch) Stop() {
	ts.mu.Lock()
	ts.closing.Store(true)
	ts.mu.Unlock()
	ts.wg.Wait()
}
