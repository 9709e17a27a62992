package storage

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/chacha20poly1305"
)

// BenchmarkAttachment100MiB attaches and reads back 100 MiB, and seals and opens the
// same bytes with the raw AEAD in the same run, reporting each as MB/s, the ratios
// of attach and read to the raw AEAD, and the peak anonymous memory (RSS without the
// mapped vault file) over the baseline while attaching and reading, measured in a
// second, untimed attach and read. It also reports the CPU time of each phase (all
// cores, per 100 MiB), which a machine busy with other work disturbs far less than
// the wall clock: with two cores free, attach/raw is at best
// raw-seal-cpu / (attach-cpu / 2).
//
//	go test ./storage -run '^$' -bench Attachment100MiB -benchtime 3x
func BenchmarkAttachment100MiB(b *testing.B) {
	const size = 100 << 20
	data := make([]byte, size)
	rand.Read(data)
	src := b.TempDir() + "/file.bin"
	if err := os.WriteFile(src, data, 0o600); err != nil {
		b.Fatal(err)
	}
	data = nil
	runtime.GC()
	var raw, rawOpen, rawHash, attach, read time.Duration
	var cpuRaw, cpuOpen, cpuAttach, cpuRead time.Duration
	var peakAttach, peakRead int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		v, _ := newTestVault(b)
		b.StartTimer()

		d, cpu := rawAEAD(b, src, false)
		raw, cpuRaw = raw+d, cpuRaw+cpu
		d, cpu = rawAEAD(b, src, true)
		rawOpen, cpuOpen = rawOpen+d, cpuOpen+cpu
		rawHash += rawKeyedHash(b, v, src)

		// Each phase starts from a collected heap, so the garbage of the one before
		// does not count, nor set the garbage collector's goal for it. The timed
		// phases run with nothing beside them, as the raw AEAD does.
		b.StopTimer()
		debug.FreeOSMemory()
		b.StartTimer()
		start, c0 := time.Now(), cpuTime()
		blob := benchAttach(b, v, src)
		attach += time.Since(start)
		cpuAttach += cpuTime() - c0

		b.StopTimer()
		debug.FreeOSMemory()
		b.StartTimer()
		start, c0 = time.Now(), cpuTime()
		benchRead(b, v, blob.Hash, size)
		read += time.Since(start)
		cpuRead += cpuTime() - c0

		// The peak memory of each, in a vault of its own and untimed: the sampler,
		// waking every millisecond, slowed an attach it ran beside by about a fifth
		// (docs/PERFORMANCE.md), where the raw AEAD runs without it.
		b.StopTimer()
		m, _ := newTestVault(b)
		debug.FreeOSMemory()
		base := rssAnon()
		stop := peakRSS()
		blob = benchAttach(b, m, src)
		peakAttach = max(peakAttach, stop()-base)
		debug.FreeOSMemory()
		base = rssAnon()
		stop = peakRSS()
		benchRead(b, m, blob.Hash, size)
		peakRead = max(peakRead, stop()-base)
		m.Close()
		v.Close()
		b.StartTimer()
	}
	mbps := func(d time.Duration) float64 { return float64(b.N) * size / 1e6 / d.Seconds() }
	b.ReportMetric(mbps(raw), "raw-seal-MB/s")
	b.ReportMetric(mbps(rawOpen), "raw-open-MB/s")
	b.ReportMetric(mbps(rawHash), "raw-hash-MB/s")
	b.ReportMetric(mbps(attach), "attach-MB/s")
	b.ReportMetric(mbps(read), "read-MB/s")
	b.ReportMetric(raw.Seconds()/attach.Seconds(), "attach/raw")
	b.ReportMetric(rawOpen.Seconds()/read.Seconds(), "read/raw")
	b.ReportMetric(float64(peakAttach)/(1<<20), "attach-peak-MiB")
	b.ReportMetric(float64(peakRead)/(1<<20), "read-peak-MiB")
	ms := func(d time.Duration) float64 { return d.Seconds() * 1e3 / float64(b.N) }
	b.ReportMetric(ms(cpuRaw), "raw-seal-cpu-ms")
	b.ReportMetric(ms(cpuOpen), "raw-open-cpu-ms")
	b.ReportMetric(ms(cpuAttach), "attach-cpu-ms")
	b.ReportMetric(ms(cpuRead), "read-cpu-ms")
}

// BenchmarkAttachAlone100MiB attaches 100 MiB and nothing else, so that a CPU
// profile shows the attach alone (BenchmarkAttachment100MiB's also holds the raw
// AEAD's phases and the making of the file). The source is the file, as an attach
// reads it, or the same bytes already in memory. In memory, the 100 MiB are live on
// the heap, and a heap that large also makes the garbage collector run less often
// during the attach: "file-large-heap" reads the file with as large a heap, to tell
// the two apart (docs/PERFORMANCE.md, "Sealing over the cores").
//
//	go test ./storage -run '^$' -bench AttachAlone100MiB -benchtime 5x -cpuprofile cpu.out
func BenchmarkAttachAlone100MiB(b *testing.B) {
	const size = 100 << 20
	src := b.TempDir() + "/file.bin"
	{
		data := make([]byte, size)
		rand.Read(data)
		if err := os.WriteFile(src, data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	for _, from := range []string{"file", "file-large-heap", "memory"} {
		b.Run(from, func(b *testing.B) {
			var data []byte
			if from != "file" {
				var err error
				if data, err = os.ReadFile(src); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(size)
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				v, _ := newTestVault(b)
				runtime.GC()
				var r io.Reader = bytes.NewReader(data)
				var f *os.File
				if from != "memory" {
					var err error
					if f, err = os.Open(src); err != nil {
						b.Fatal(err)
					}
					r = f
				}
				b.StartTimer()
				s, err := v.StageBlob(r, nil)
				if err != nil {
					b.Fatal(err)
				}
				if err := v.Update(func(tx *Tx) error { _, err := tx.CommitBlob(s); return err }); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if f != nil {
					f.Close()
				}
				v.Close()
				b.StartTimer()
			}
			runtime.KeepAlive(data)
		})
	}
}

// benchAttach attaches the file at src to v, as an attach does: staged from the
// open file, then committed.
func benchAttach(b *testing.B, v *Vault, src string) Blob {
	f, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	s, err := v.StageBlob(f, nil)
	if err != nil {
		b.Fatal(err)
	}
	var blob Blob
	if err := v.Update(func(tx *Tx) error { blob, err = tx.CommitBlob(s); return err }); err != nil {
		b.Fatal(err)
	}
	return blob
}

// benchRead reads the blob h of v to its end, which must be size bytes.
func benchRead(b *testing.B, v *Vault, h Hash, size int64) {
	r, err := v.OpenBlob(h)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	n, err := r.WriteTo(io.Discard)
	if err != nil || n != size {
		b.Fatal(n, err)
	}
}

// rawAEAD seals (or seals and then opens) the file's bytes in chunks with the
// vault's AEAD and nothing else, reading the file as an attach does; with open it
// returns the time of the opening alone. It returns the wall-clock and CPU times.
func rawAEAD(b *testing.B, path string, open bool) (wall, cpu time.Duration) {
	key := make([]byte, chacha20poly1305.KeySize)
	a, _ := chacha20poly1305.NewX(key)
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, ChunkSize)
	plain := make([]byte, ChunkSize)
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	var sealed [][]byte
	out := make([]byte, 0, ChunkSize+chacha20poly1305.Overhead)
	start, c := time.Now(), cpuTime()
	for {
		n, err := io.ReadFull(br, plain)
		if n > 0 {
			if !open {
				rand.Read(nonce) // open needs one nonce for all, as the key is the same
			}
			// Sealing into one buffer, as the vault does, so the bar is the
			// AEAD's own speed and not the allocator's.
			s := a.Seal(out[:0], nonce, plain[:n], nil)
			if open {
				sealed = append(sealed, bytes.Clone(s))
			}
		}
		if err != nil {
			break
		}
	}
	if !open {
		return time.Since(start), cpuTime() - c
	}
	start, c = time.Now(), cpuTime()
	for _, s := range sealed {
		if _, err := a.Open(out[:0], nonce, s, nil); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start), cpuTime() - c
}

// rawKeyedHash hashes the file's bytes with the vault's keyed content hash and
// nothing else, reading the file as an attach does: the part of an attach that
// cannot be spread over cores, as one stream's hash is sequential.
func rawKeyedHash(b *testing.B, v *Vault, path string) time.Duration {
	h, wipe, err := v.keys.contentHash(blobFormatBLAKE3)
	if err != nil {
		b.Fatal(err)
	}
	defer wipe()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, ChunkSize)
	plain := make([]byte, ChunkSize)
	start := time.Now()
	for {
		n, err := io.ReadFull(br, plain)
		h.Write(plain[:n])
		if err != nil {
			break
		}
	}
	return time.Since(start)
}

// rssAnon is the process's anonymous resident memory in bytes (Linux), else the Go
// runtime's memory from the system.
func rssAnon() int64 {
	if r, ok := newAnonRSS(); ok {
		defer r.close()
		if n, ok := r.read(); ok {
			return n
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.Sys - m.HeapReleased)
}

// anonRSS reads the anonymous resident memory from /proc/self/statm, kept open:
// resident less shared (file-backed and shared-memory pages) is RssAnon. One pread
// of a short line a sample, where /proc/self/status, which the sampler read before,
// is a long text the kernel assembles from many counters: sampled every millisecond
// it cost an attach about a tenth of its speed (docs/PERFORMANCE.md).
type anonRSS struct {
	f   *os.File
	buf [128]byte
}

func newAnonRSS() (*anonRSS, bool) {
	f, err := os.Open("/proc/self/statm")
	if err != nil {
		return nil, false
	}
	return &anonRSS{f: f}, true
}

func (r *anonRSS) close() { r.f.Close() }

// read is the anonymous resident memory in bytes.
func (r *anonRSS) read() (int64, bool) {
	n, err := r.f.ReadAt(r.buf[:], 0)
	if n == 0 || (err != nil && err != io.EOF) {
		return 0, false
	}
	// size resident shared text lib data dt, in pages
	fields := bytes.Fields(r.buf[:n])
	if len(fields) < 3 {
		return 0, false
	}
	resident, err1 := strconv.ParseInt(string(fields[1]), 10, 64)
	shared, err2 := strconv.ParseInt(string(fields[2]), 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return (resident - shared) * int64(os.Getpagesize()), true
}

// peakRSS samples the anonymous resident memory every millisecond until the
// returned function is called, which returns the highest sample.
func peakRSS() func() int64 {
	var peak atomic.Int64
	peak.Store(rssAnon())
	r, ok := newAnonRSS()
	if !ok {
		return func() int64 { return max(peak.Load(), rssAnon()) }
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		defer r.close()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if n, ok := r.read(); ok && n > peak.Load() {
					peak.Store(n)
				}
			}
		}
	}()
	return func() int64 {
		close(done)
		<-stopped
		return max(peak.Load(), rssAnon())
	}
}
