package portfolio

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/foliohq/folio/storage"
)

// BenchmarkOpenWithAttachments opens the same 1,000-entry vault with and without
// attachments: the design's "opening a vault with 2 GiB of attachments costs no more
// than the same vault without them", as open never reads a chunk (storage's
// TestOpenNeverReadsChunks). The attachments total FOLIO_BENCH_ATTACH_MIB (512 by
// default, as writing 2 GiB takes minutes on a slow disk; 2048 is the design's
// figure), in files of 64 MiB on the first entries.
//
//	go test ./portfolio -run '^$' -bench OpenWithAttachments -count 6
func BenchmarkOpenWithAttachments(b *testing.B) {
	total := 512
	if s := os.Getenv("FOLIO_BENCH_ATTACH_MIB"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			b.Fatalf("FOLIO_BENCH_ATTACH_MIB=%q is not a number of MiB", s)
		}
		total = n
	}
	without, with := attachedVaults(b, 1_000, total)
	for _, tc := range []struct{ name, path string }{
		{"without", without},
		{fmt.Sprintf("with=%dMiB", total), with},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var cpu time.Duration
			b.ResetTimer()
			for range b.N {
				c0 := cpuTime()
				p, err := Open(tc.path, testPassphrase, benchOptions())
				if err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - c0
				b.StopTimer()
				if p.EntryCount() != 1_000 {
					b.Fatalf("opened %d entries", p.EntryCount())
				}
				p.Close()
				b.StartTimer()
			}
			b.StopTimer()
			reportCPU(b, cpu)
			if st, err := os.Stat(tc.path); err == nil {
				b.ReportMetric(float64(st.Size())/(1<<20), "file-MiB")
			}
		})
	}
	// The first write after opening walks the whole file's structure before bbolt
	// may write (storage's writable): that walk reads the leaf pages of the chunks
	// too, so it is measured here beside the open. Each run adds an entry to a
	// copy of its own.
	for _, tc := range []struct{ name, path string }{
		{"without/first-write", without},
		{fmt.Sprintf("with=%dMiB/first-write", total), with},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var cpu time.Duration
			b.ResetTimer()
			for range b.N {
				c0 := cpuTime()
				p, err := Open(tc.path, testPassphrase, benchOptions())
				if err != nil {
					b.Fatal(err)
				}
				if _, err := p.AddEntry(Entry{Title: "After the course", Functions: Functions(Formative)}); err != nil {
					b.Fatal(err)
				}
				p.Close()
				cpu += cpuTime() - c0
			}
			b.StopTimer()
			reportCPU(b, cpu)
		})
	}
}

// attachedVaults copies the n-entry bench vault twice and attaches total MiB of
// pseudo-random files, streamed, to the first entries of one copy.
func attachedVaults(b *testing.B, n, total int) (without, with string) {
	b.Helper()
	src := vaultOf(b, n).path
	attachedMu.Lock()
	defer attachedMu.Unlock()
	if v, ok := attachedCache[total]; ok {
		return v[0], v[1]
	}
	dir := filepath.Join(benchRoot, fmt.Sprintf("attached-%d", total))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	without, with = filepath.Join(dir, "without.folio"), filepath.Join(dir, "with.folio")
	for _, to := range []string{without, with} {
		raw, err := os.ReadFile(src)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(to, raw, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	p, err := Open(with, testPassphrase, benchOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	const per = 64
	rng := rand.NewChaCha8([32]byte{17})
	// Find, not p.byDate: an open from the catalogue leaves the rows unread until
	// something takes the lock the ordinary way.
	entries := p.Find(Query{})
	if len(entries) == 0 {
		b.Fatal("the bench vault has no entries to attach to")
	}
	for i := 0; i*per < total; i++ {
		size := int64(min(per, total-i*per)) << 20
		id := entries[i%len(entries)].ID
		if err := benchAttach(p, id, fmt.Sprintf("evidence-%d.bin", i), io.LimitReader(rng, size)); err != nil {
			b.Fatal(err)
		}
	}
	attachedCache[total] = [2]string{without, with}
	return without, with
}

// benchAttach keeps r as a file with the record id as attachment.Attach does,
// through the core's store API, which the core's tests cannot reach otherwise.
func benchAttach(p *Portfolio, id ID, name string, r io.Reader) error {
	staged, err := p.StageBlob(r)
	if err != nil {
		return err
	}
	sid := storage.NewID()
	a := Attachment{ID: ID(sid.String()), Record: id, Kind: KindEntry, Name: name, MediaType: "application/octet-stream", Added: p.now().UTC()}
	keep := func(tx *Tx) error {
		stx, err := tx.Vault()
		if err != nil {
			return err
		}
		b, err := stx.CommitBlob(staged)
		if err != nil {
			return err
		}
		a.Size = b.Size
		a.SetHash(b.Hash)
		return stx.Put(collAttachments, sid, a.Encode())
	}
	if err := p.Update(keep); err != nil {
		staged.Discard()
		return err
	}
	staged.Committed()
	return nil
}

// The vaults attachedVaults made in this run of the test binary, by total, so
// -count does not write the attachments again; TestMain removes benchRoot.
var (
	attachedMu    sync.Mutex
	attachedCache = map[int][2]string{}
)
