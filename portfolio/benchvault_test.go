package portfolio

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestWriteBenchVault is not a test but the corpus generator's door for .ci/bench:
// with FOLIO_BENCH_VAULT=PATH and FOLIO_BENCH_ENTRIES=N set it writes a vault of N
// corpus entries at PATH, passphrase FOLIO_BENCH_PASSPHRASE, with Argon2id at
// FOLIO_BENCH_KDF ("time,memoryKiB,threads"). Without them it does nothing.
func TestWriteBenchVault(t *testing.T) {
	path := os.Getenv("FOLIO_BENCH_VAULT")
	if path == "" {
		t.Skip("set FOLIO_BENCH_VAULT to write a benchmark vault (.ci/bench does)")
	}
	n, err := strconv.Atoi(os.Getenv("FOLIO_BENCH_ENTRIES"))
	if err != nil || n <= 0 {
		t.Fatalf("FOLIO_BENCH_ENTRIES: %v", err)
	}
	var kdf KDFParams
	var k [3]int
	parts := strings.Split(os.Getenv("FOLIO_BENCH_KDF"), ",")
	if len(parts) != 3 {
		t.Fatal("FOLIO_BENCH_KDF is time,memoryKiB,threads")
	}
	for i, s := range parts {
		if k[i], err = strconv.Atoi(s); err != nil {
			t.Fatal(err)
		}
	}
	kdf.Time, kdf.MemoryKiB, kdf.Threads = uint32(k[0]), uint32(k[1]), uint8(k[2])
	p, err := Create(path, []byte(os.Getenv("FOLIO_BENCH_PASSPHRASE")), Options{KDF: kdf})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	gen := newCorpusGen(1)
	// Batches keep the generator's memory bounded at 100k.
	for done := 0; done < n; done += 5000 {
		if _, err := p.AddEntries(gen.entries(min(5000, n-done))); err != nil {
			t.Fatal(err)
		}
	}
}
