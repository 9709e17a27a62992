package entrystore

import "testing"

// TestGateReadsRowsOnceOnFirstLock: the raw locks leave the rows unread, the first
// Lock or RLock reads them (once, even if both are taken), and a gate never left
// unread reads nothing.
func TestGateReadsRowsOnceOnFirstLock(t *testing.T) {
	var g Gate
	if !g.RowsRead() {
		t.Fatal("a gate never left unread says its rows are unread")
	}
	g.RLock()
	if !g.RowsRead() {
		t.Fatal("a gate never left unread has unread rows under RLock")
	}
	g.RUnlock()
	loads := 0
	// As loadRows does, the load takes the lock itself.
	g.leaveUnread(func() {
		g.RawLock()
		loads++
		g.RWMutex.Unlock()
	})
	g.RawRLock()
	g.RUnlock()
	g.RawLock()
	g.RWMutex.Unlock()
	if loads != 0 || g.RowsRead() {
		t.Fatalf("the raw locks read the rows: %d loads, rows read %v", loads, g.RowsRead())
	}
	g.RLock()
	read := g.RowsRead()
	g.RUnlock()
	if loads != 1 || !read {
		t.Fatalf("RLock: %d loads, rows read %v; want 1, true", loads, read)
	}
	g.Lock()
	read = g.RowsRead()
	g.Unlock()
	g.Ensure()
	if !read {
		t.Fatal("the rows are unread under Lock after an RLock read them")
	}
	if loads != 1 {
		t.Fatalf("the rows were read %d times; want once", loads)
	}
}
