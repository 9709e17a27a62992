package portfolio

import (
	"os"
	"testing"
	"time"
)

// BenchmarkListTagVault is `folio list --tag audit` in process on a vault made
// elsewhere, such as a copy of one .ci/bench keeps (FOLIO_LIST_VAULT=PATH,
// passphrase FOLIO_LIST_PASSPHRASE): the open, with the vault's own key
// derivation, and the listing, in wall and CPU time. Without them it does nothing. Open a copy: a
// writable open may upgrade the catalogue in place.
func BenchmarkListTagVault(b *testing.B) {
	path := os.Getenv("FOLIO_LIST_VAULT")
	if path == "" {
		b.Skip("set FOLIO_LIST_VAULT to a vault's path")
	}
	pass := []byte(os.Getenv("FOLIO_LIST_PASSPHRASE"))
	want := -1
	var cpu time.Duration
	for range b.N {
		start := cpuTime()
		p, err := Open(path, pass, Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		got := len(p.Find(Query{Tag: "audit"}))
		if want >= 0 && got != want || got == 0 {
			b.Fatalf("listed %d, then %d", want, got)
		}
		want = got
		cpu += cpuTime() - start
		b.StopTimer()
		p.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}
