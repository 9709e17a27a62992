package portfolio

import (
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/foliohq/folio/portfolio/search"
	"github.com/foliohq/folio/storage"
)

// Benchmarks at the sizes the design names: 1k entries, 10k (a heavy user's career),
// and 100k. Run with:
//
//	go test -run '^$' -bench . -benchmem -count 6 ./portfolio
//
// The vaults are built once per run of the test binary, in a temporary directory.

var benchSizes = []int{1_000, 10_000, 100_000}

const (
	benchCommonWord = "patient"
	benchRareWord   = "warfarin"
	benchNoMatch    = "xylophonic"
)

// benchKDF is the cheapest Argon2id the header accepts, so BenchmarkOpen measures
// what Open does after key derivation: its cost is measured apart in BenchmarkKDF.
var benchKDF = KDFParams{Time: 1, MemoryKiB: 8, Threads: 1}

type benchVault struct {
	path string
	// plain are the entry records as stored before sealing, for BenchmarkRawAEAD.
	plain      [][]byte
	plainBytes int64
}

var (
	benchMu     sync.Mutex
	benchVaults = map[int]*benchVault{}
)

func benchOptions() Options { return Options{KDF: benchKDF, Now: (&clock{t: testNow}).now} }

// vaultOf returns a vault holding n corpus entries, building it on first use.
func vaultOf(b *testing.B, n int) *benchVault {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if v, ok := benchVaults[n]; ok {
		return v
	}
	if benchRoot == "" {
		dir, err := os.MkdirTemp("", "folio-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchRoot = dir
	}
	path := filepath.Join(benchRoot, fmt.Sprintf("%d.folio", n))
	p, err := Create(path, testPassphrase, benchOptions())
	if err != nil {
		b.Fatal(err)
	}
	gen := newCorpusGen(uint64(n))
	const chunk = 10_000
	for done := 0; done < n; done += chunk {
		if _, err := p.AddEntries(gen.entries(min(chunk, n-done))); err != nil {
			b.Fatal(err)
		}
	}
	// As a user's vault after an upgrade: the text index built, nothing recent.
	p.mu.Lock()
	err = p.buildIndex()
	p.mu.Unlock()
	if err != nil {
		b.Fatal(err)
	}
	v := &benchVault{path: path}
	for _, ix := range p.byDate {
		rec := encodeEntry(ix.Meta())
		v.plain = append(v.plain, rec)
		v.plainBytes += int64(len(rec))
	}
	if err := p.Close(); err != nil {
		b.Fatal(err)
	}
	benchVaults[n] = v
	return v
}

func openBench(b *testing.B, v *benchVault) *Portfolio {
	b.Helper()
	p, err := Open(v.path, testPassphrase, benchOptions())
	if err != nil {
		b.Fatal(err)
	}
	return p
}

func sizeName(n int) string {
	if n >= 1000 {
		return fmt.Sprintf("n=%dk", n/1000)
	}
	return fmt.Sprintf("n=%d", n)
}

// BenchmarkOpen is everything Open does once the key is derived: open the bbolt file,
// read and authenticate every record, decode, index and sort. Argon2id runs at its
// cheapest (BenchmarkKDF says how cheap). It also reports the live heap after Open
// against the plaintext size, for the design's memory target.
func BenchmarkOpen(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			v := vaultOf(b, n)
			b.SetBytes(v.plainBytes)
			var cpu time.Duration
			b.ResetTimer()
			for range b.N {
				c0 := cpuTime()
				p := openBench(b, v)
				cpu += cpuTime() - c0
				b.StopTimer()
				if p.EntryCount() != n {
					b.Fatalf("opened %d entries, want %d", p.EntryCount(), n)
				}
				p.Close()
				b.StartTimer()
			}
			b.StopTimer()
			reportCPU(b, cpu)
			heap, indexHeap := heapAfterOpen(b, v)
			b.ReportMetric(float64(heap)/float64(v.plainBytes), "heap/plain")
			b.ReportMetric(float64(heap)/(1<<20), "heap-MiB")
			b.ReportMetric(float64(indexHeap)/(1<<20), "token-index-MiB")
			if st, err := os.Stat(v.path); err == nil {
				b.ReportMetric(float64(st.Size())/(1<<20), "file-MiB")
			}
		})
	}
}

// reportCPU reports the CPU time per operation, in milliseconds, beside the wall
// clock's ns/op: on a shared machine the wall clock also counts waiting for a core.
func reportCPU(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
}

// heapAfterOpen reports the live heap an open portfolio holds once its token index
// is built (none is below tokenIndexMin entries), and how much of it the index is.
func heapAfterOpen(b *testing.B, v *benchVault) (heap, index int64) {
	var before, opened, indexed runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	p := openBench(b, v)
	defer p.Close()
	p.es.Search.Stop() // measure without the index first
	runtime.GC()
	runtime.ReadMemStats(&opened)
	p.es.Search.Reopen()
	p.startSearch()
	p.es.Search.Wait()
	runtime.GC()
	runtime.ReadMemStats(&indexed)
	heap = int64(indexed.HeapAlloc) - int64(before.HeapAlloc)
	if p.es.Search.Index() != nil {
		index = int64(indexed.HeapAlloc) - int64(opened.HeapAlloc)
	}
	return heap, index
}

// BenchmarkKDF is the Argon2id cost inside BenchmarkOpen: an empty vault.
func BenchmarkKDF(b *testing.B) {
	path := filepath.Join(b.TempDir(), "empty.folio")
	p, err := Create(path, testPassphrase, benchOptions())
	if err != nil {
		b.Fatal(err)
	}
	p.Close()
	for range b.N {
		p, err := Open(path, testPassphrase, benchOptions())
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		p.Close()
		b.StartTimer()
	}
}

// BenchmarkLoad is the storage floor under Open: read and authenticate every entry
// record from the file, spread over the cores, and do nothing with it.
func BenchmarkLoad(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			v := vaultOf(b, n)
			p := openBench(b, v)
			defer p.Close()
			p.es.Search.Stop() // no token index build running beside the measurement
			b.SetBytes(v.plainBytes)
			b.ResetTimer()
			c0 := cpuTime()
			for range b.N {
				damaged, err := p.vault.Load(collEntries, func(storage.ID, []byte) error { return nil })
				if err != nil || len(damaged) != 0 {
					b.Fatal(err, damaged)
				}
			}
			reportCPU(b, cpuTime()-c0)
		})
	}
}

// BenchmarkRawAEAD opens with XChaCha20-Poly1305 the same number of records of the
// same sizes as BenchmarkOpen reads, with associated data of the same length, once on
// one core and once spread over the cores as the vault does. Open/RawAEAD is the
// ratio the design's open target is set against.
func BenchmarkRawAEAD(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			v := vaultOf(b, n)
			key := make([]byte, chacha20poly1305.KeySize)
			rand.Read(key)
			aead, err := chacha20poly1305.NewX(key)
			if err != nil {
				b.Fatal(err)
			}
			ad := make([]byte, len("folio record")+2+1+16+1+storage.IDSize)
			sealed := make([][]byte, len(v.plain))
			for i, pt := range v.plain {
				nonce := make([]byte, aead.NonceSize())
				rand.Read(nonce)
				sealed[i] = aead.Seal(nonce, nonce, pt, ad)
			}
			open := func(recs [][]byte) {
				for _, s := range recs {
					ns := aead.NonceSize()
					if _, err := aead.Open(nil, s[:ns], s[ns:], ad); err != nil {
						panic(err)
					}
				}
			}
			b.Run("serial", func(b *testing.B) {
				b.SetBytes(v.plainBytes)
				c0 := cpuTime()
				for range b.N {
					open(sealed)
				}
				reportCPU(b, cpuTime()-c0)
			})
			b.Run("parallel", func(b *testing.B) {
				b.SetBytes(v.plainBytes)
				workers := runtime.GOMAXPROCS(0)
				size := (len(sealed) + workers - 1) / workers
				c0 := cpuTime()
				for range b.N {
					var wg sync.WaitGroup
					for lo := 0; lo < len(sealed); lo += size {
						part := sealed[lo:min(lo+size, len(sealed))]
						wg.Go(func() { open(part) })
					}
					wg.Wait()
				}
				reportCPU(b, cpuTime()-c0)
			})
		})
	}
}

// BenchmarkSearch is one keystroke of search-as-you-type: a word in most entries, a
// word in a few, a word in none, two words, and the prefixes of a word as typed.
func BenchmarkSearch(b *testing.B) {
	queries := []struct{ name, text string }{
		{"common", benchCommonWord},
		{"rare", benchRareWord},
		{"none", benchNoMatch},
		{"two-words", benchCommonWord + " " + benchRareWord},
	}
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			p := openBench(b, vaultOf(b, n))
			defer p.Close()
			p.es.Search.Wait() // the index a user typing a moment after opening has
			for _, q := range queries {
				b.Run(q.name, func(b *testing.B) {
					c0 := cpuTime()
					for range b.N {
						p.Find(Query{Text: q.text})
					}
					reportCPU(b, cpuTime()-c0)
				})
			}
			// Typing "warfarin" one letter at a time; ns/op is per keystroke.
			b.Run("typing", func(b *testing.B) {
				c0 := cpuTime()
				for i := range b.N {
					k := 1 + i%len(benchRareWord)
					p.Find(Query{Text: benchRareWord[:k]})
				}
				reportCPU(b, cpuTime()-c0)
			})
		})
	}
}

// BenchmarkFilter is the list screen's filters without text: a function, a tag and a
// five-year date range together.
func BenchmarkFilter(b *testing.B) {
	q := Query{
		Functions: Functions(Restorative),
		Tag:       "audit",
		Since:     corpusToday.AddDays(-10 * 365),
		Until:     corpusToday.AddDays(-5 * 365),
	}
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			p := openBench(b, vaultOf(b, n))
			defer p.Close()
			p.es.Search.Wait() // so the background build does not share the measurement
			if len(p.Find(q)) == 0 {
				b.Fatal("the filter matches nothing; it measures nothing")
			}
			b.ResetTimer()
			c0 := cpuTime()
			for range b.N {
				p.Find(q)
			}
			reportCPU(b, cpuTime()-c0)
		})
	}
}

// BenchmarkTokenIndex is the background work after Open: building the token index.
func BenchmarkTokenIndex(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			p := openBench(b, vaultOf(b, n))
			defer p.Close()
			p.es.Search.Wait()
			var stop atomic.Bool
			b.ResetTimer()
			c0 := cpuTime()
			for i := range b.N {
				search.Build(p.byDate, uint32(100+i), &stop)
			}
			reportCPU(b, cpuTime()-c0)
			b.StopTimer()
			extra := rebuildPeak(p)
			b.ReportMetric(float64(extra)/float64(vaultOf(b, n).plainBytes), "rebuild-extra/plain")
		})
	}
}

// rebuildPeak reports how far the heap rises above its settled size while p rebuilds
// its token index beside the old one, sampled every 100 µs. The rise counts garbage
// not yet collected too, so it is an upper bound on the extra live memory.
func rebuildPeak(p *Portfolio) int64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	runtime.GC()
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	peak := base
	done := make(chan struct{})
	go func() {
		p.startSearch()
		p.es.Search.Wait()
		close(done)
	}()
	for {
		metrics.Read(sample)
		peak = max(peak, sample[0].Value.Uint64())
		select {
		case <-done:
			return int64(peak) - int64(base)
		case <-time.After(100 * time.Microsecond):
		}
	}
}

func BenchmarkFold(b *testing.B) {
	e := newCorpusGen(7).entry()
	b.Run("fold", func(b *testing.B) {
		b.SetBytes(int64(len(e.Body)))
		buf := make([]byte, 0, len(e.Body))
		for range b.N {
			buf = search.AppendFold(buf[:0], e.Body)
		}
	})
	b.Run("strings.ToLower", func(b *testing.B) {
		b.SetBytes(int64(len(e.Body)))
		for range b.N {
			_ = strings.ToLower(e.Body)
		}
	})
}
