package sync

import (
	"bytes"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
)

// peakHeap samples the heap in use while fn runs and returns the most it saw.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var peak atomic.Uint64
	stop, done := make(chan bool), make(chan bool)
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	<-done
	return peak.Load()
}

// BenchmarkAttachmentSyncMemory measures the heap a sync holds while it seals a 48 MiB
// attachment into chunk files, and while another device keeps it from them:
// go test ./portfolio/sync -run XXX -bench AttachmentSyncMemory -benchtime 1x
func BenchmarkAttachmentSyncMemory(b *testing.B) {
	for range b.N {
		b.StopTimer()
		clk := &simClock{t: time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)}
		devs := newDevices(b, 2, clk)
		a, c := devs[0], devs[1]
		e, err := a.p.AddEntry(portfolio.Entry{Title: "Placement", Body: "evidence", Functions: portfolio.Functions(portfolio.Formative)})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := attachment.Attach(a.p, e.ID, "scan.pdf", bytes.NewReader(evidence(48<<20, 5, "CANARY"))); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		seal := peakHeap(func() {
			if _, err := a.s.Sync(); err != nil {
				b.Fatal(err)
			}
		})
		b.StopTimer()
		copyOwn(b, a, c)
		b.StartTimer()
		keep := peakHeap(func() {
			if rep, err := c.s.Sync(); err != nil || rep.Attached != 1 {
				b.Fatal(rep, err)
			}
		})
		b.ReportMetric(float64(seal>>20), "MiB-heap-seal")
		b.ReportMetric(float64(keep>>20), "MiB-heap-keep")
	}
}
