package portfolio

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
	"github.com/foliohq/folio/portfolio/search"
)

// indexed is an entry with its search text: title, tags, body and sections folded
// to one case once, at load, so each keystroke of a search is a plain byte scan.
//
// An entry opened from the catalogue starts with only its order's keys (ID, date,
// creation time) decoded, its catalogue row's metadata kept undecoded in row, and
// no search text (whole is false); meta decodes the row when first asked, so a
// command that shows ten entries decodes ten rows. Its body is read on demand into
// full, and ensureBodies makes it whole, under the write lock, before a text search.
type indexed struct {
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
	// loaded from the vault (decodeEntryOwned); Close overwrites it.
	plain []byte
}

// metaIndexed is an index slot with e as its metadata and no search text.
func metaIndexed(e *Entry) *indexed {
	ix := &indexed{}
	ix.setMeta(e)
	return ix
}

func (ix *indexed) setMeta(e *Entry) {
	ix.id, ix.date, ix.created = e.ID, e.Date, e.Created
	ix.m.Store(e)
}

// meta is the entry's metadata (the whole entry once read), decoding its
// catalogue row the first time. Concurrent callers may decode it twice; both
// copies are the same and one is kept. A row that fails to decode gives what
// decoded before the fault: the row was sealed by folio, so that is a defect,
// and check, which compares every row with its record, reports it.
func (ix *indexed) meta() *Entry {
	if e := ix.m.Load(); e != nil {
		return e
	}
	e := &Entry{ID: ix.id}
	_ = decodeEntryOwned(ix.row, e)
	e.ID, e.Date, e.Created = ix.id, ix.date, ix.created
	ix.m.CompareAndSwap(nil, e)
	return ix.m.Load()
}

func newIndexed(e *Entry) *indexed {
	ix := &indexed{Doc: search.Doc{Text: catalogue.SearchText(e)}, whole: true}
	ix.setMeta(e)
	return ix
}

// matchText reports whether the entry's search text holds every word: from its
// folded text when it keeps one, else folded from the whole entry as it goes. An
// entry whose body could not be read matches no word.
func (ix *indexed) matchText(words [][]byte) bool {
	if ix.Text != nil {
		return search.Match(ix.Text, words)
	}
	if len(words) == 0 {
		return true
	}
	if e := ix.entry(); e != nil {
		return catalogue.MatchEntry(e, words)
	}
	return false
}

// SearchTextSize and AppendSearchText give the token index's build the text of an
// entry that keeps none (search.TextAppender).
func (ix *indexed) SearchTextSize() int {
	if e := ix.entry(); e != nil {
		return catalogue.SearchTextSize(e)
	}
	return 0
}

func (ix *indexed) AppendSearchText(dst []byte) []byte {
	if e := ix.entry(); e != nil {
		return catalogue.AppendSearchText(dst, e)
	}
	return dst
}

// newestFirst orders by the day an entry is about, then when it was written.
func newestFirst(a, b *indexed) int {
	if c := cmp.Compare(b.date, a.date); c != 0 {
		return c
	}
	if c := b.created.Compare(a.created); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// sortNewestFirst sorts list as slices.SortFunc with newestFirst would. An entry's
// date is a day, and a portfolio's days span decades, so a counting sort by day
// places the entries, and only those sharing a day are compared: at 100k entries
// the comparison sort through pointers was a sixth of opening.
func sortNewestFirst(list []*indexed) {
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
		slices.SortFunc(list, newestFirst)
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
	out := make([]*indexed, len(list))
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
			slices.SortFunc(list[i:j], newestFirst)
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

func (q *Query) matchesMeta(e *Entry) bool {
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

// selectsAll reports whether the query's filters (all but its text) let every
// entry through.
func (q *Query) selectsAll() bool {
	return q.Since.IsZero() && q.Until.IsZero() && q.Functions.Empty() && q.Tag == "" && q.GoalID == "" && q.ActionID == ""
}

// rowFields calls fn with each field of ix's catalogue row, read in place, and
// says whether it could: false when the row has been decoded (meta has it, and
// it may be the whole entry), there is none, or it does not read. Reading a few
// fields so allocates nothing per entry, where meta allocates the entry.
func (ix *indexed) rowFields(fn func(codec.Field)) bool {
	if ix.row == nil || ix.m.Load() != nil {
		return false
	}
	src := unsafe.String(unsafe.SliceData(ix.row), len(ix.row))
	return codec.DecodeShared(ix.row, src, entryBytes, func(f codec.Field) error {
		fn(f)
		return nil
	}) == nil
}

// functions is the entry's functions, read from its row while it is undecoded.
func (ix *indexed) functions() Functions {
	var fns Functions
	if ix.rowFields(func(f codec.Field) {
		if f.Num == codec.EntryFunctions {
			fns = fieldFunctions(f)
		}
	}) {
		return fns
	}
	return ix.meta().Functions
}

// eachTag calls fn with each of the entry's tags, read from its row while it is
// undecoded. A tag's string may share the row: fn copies what it keeps.
func (ix *indexed) eachTag(fn func(string)) {
	if ix.rowFields(func(f codec.Field) {
		if f.Num == codec.EntryTags {
			fn(f.Str())
		}
	}) {
		return
	}
	for _, t := range ix.meta().Tags {
		fn(t)
	}
}

// matches is matchesMeta for ix, read straight from its catalogue row while the
// row is undecoded, so a filter over every entry (list --tag) decodes no row
// whole.
func (q *Query) matches(ix *indexed) bool {
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
			fns = fieldFunctions(f)
		case codec.EntryTags:
			tag = tag || strings.EqualFold(f.Str(), q.Tag)
		case codec.EntryGoalID:
			goal = goal || ID(f.Str()) == q.GoalID
		case codec.EntryActionID:
			action = action || ID(f.Str()) == q.ActionID
		}
	}) {
		return q.matchesMeta(ix.meta())
	}
	return (q.Functions.Empty() || fns&q.Functions != 0) && tag && goal && action
}

// Find returns the entries the query selects, newest first. Only the bodies of
// the entries returned are read, unless the query has text to search for.
func (p *Portfolio) Find(q Query) []*Entry {
	words := search.Words(q.Text)
	if len(words) == 0 {
		if out, ok := p.findWindow(q); ok {
			return out
		}
	}
	if len(words) > 0 {
		if out, ok := p.findPersisted(q, words); ok {
			return out
		}
		p.ensureBodies()
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	idx := p.search.idx
	if len(words) > 0 && idx == nil && len(p.byDate) >= tokenIndexMin {
		p.search.start(p)
	}
	if len(words) == 0 || idx == nil {
		return p.wholeEntries(findIndexed(p.byDate, q))
	}
	list, residual, stale, ok := idx.Narrow(p.byDate, words)
	if !ok {
		return p.wholeEntries(findIndexed(p.byDate, q))
	}
	if stale > max(256, len(p.byDate)/32) {
		p.search.start(p)
	}
	if stale == 0 && len(residual) == 0 && q.selectsAll() {
		// The index settled every word for every entry in list, and nothing else
		// is asked: list is the answer. Checking it again entry by entry touched
		// each entry's memory once more, most of a key's time when nearly every
		// entry matches.
		if q.Limit > 0 && len(list) > q.Limit {
			list = list[:q.Limit]
		}
		return p.wholeEntries(list)
	}
	return p.wholeEntries(catalogue.Matching(list, q.Limit, func(ix *indexed) bool {
		if !q.matches(ix) {
			return false
		}
		if idx.Covers(ix) {
			return ix.matchText(residual)
		}
		return ix.matchText(words)
	}))
}

// findIn scans list for the query, without the token index.
func findIn(list []*indexed, q Query) []*Entry { return entriesOf(findIndexed(list, q)) }

// findMatching returns the entries of list that match, in order.
func findMatching(list []*indexed, limit int, match func(*indexed) bool) []*Entry {
	return entriesOf(catalogue.Matching(list, limit, match))
}

func entriesOf(list []*indexed) []*Entry {
	out := make([]*Entry, len(list))
	for i, ix := range list {
		out[i] = ix.meta()
	}
	return out
}

func findIndexed(list []*indexed, q Query) []*indexed {
	words := search.Words(q.Text)
	match := func(ix *indexed) bool {
		return q.matches(ix) && ix.matchText(words)
	}
	if len(words) == 0 {
		// Filters alone cost about 60 ns an entry (BenchmarkFilter): one core will do.
		return catalogue.MatchSerial(list, q.Limit, match)
	}
	return catalogue.Matching(list, q.Limit, match)
}

// insert puts ix into the date order.
func (p *Portfolio) insert(ix *indexed) {
	i, _ := slices.BinarySearchFunc(p.byDate, ix, newestFirst)
	p.byDate = slices.Insert(p.byDate, i, ix)
	p.entries[ix.id] = ix
}

// remove takes the entry id out of the date order.
func (p *Portfolio) remove(id ID) {
	old, ok := p.entries[id]
	if !ok {
		return
	}
	if i, found := slices.BinarySearchFunc(p.byDate, old, newestFirst); found {
		p.byDate = slices.Delete(p.byDate, i, i+1)
	}
	delete(p.entries, id)
}

// freeAfterBuild is the entry count from which a finished build returns the
// memory it freed to the system.
const freeAfterBuild = 8192

// tokenIndexMin is the entry count below which scanning is fast enough that no index
// is built. Tests lower it.
var tokenIndexMin = catalogue.ParallelThreshold

// tokenSearch is the portfolio's index and the state of its background build.
type tokenSearch struct {
	idx *search.Index[*indexed] // guarded by Portfolio.mu

	mu       sync.Mutex // orders start against stop
	building bool
	closing  atomic.Bool
	epoch    uint32
	wg       sync.WaitGroup
}

// start builds a new index in the background unless one is being built already.
func (ts *tokenSearch) start(p *Portfolio) {
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
		p.mu.RLock()
		docs := slices.Clone(p.byDate)
		p.mu.RUnlock()
		if len(docs) < tokenIndexMin {
			return
		}
		idx := search.Build(docs, epoch, &ts.closing)
		if idx == nil {
			return
		}
		p.mu.Lock()
		if !ts.closing.Load() && (ts.idx == nil || ts.idx.Epoch() < idx.Epoch()) {
			ts.idx = idx
		}
		p.mu.Unlock()
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

// SearchReady reports whether text searches are answered from a finished
// in-memory token index, with no build of it running: from then on a search
// costs what it reads, not a scan. Benchmarks wait for it, so that they time a
// search, not the build a first search starts in the background.
func (p *Portfolio) SearchReady() bool {
	p.mu.RLock()
	ready := p.search.idx != nil
	p.mu.RUnlock()
	p.search.mu.Lock()
	defer p.search.mu.Unlock()
	return ready && !p.search.building
}

// stop abandons any build and waits for it, so nothing runs after Close.
func (ts *tokenSearch) stop() {
	ts.mu.Lock()
	ts.closing.Store(true)
	ts.mu.Unlock()
	ts.wg.Wait()
}
