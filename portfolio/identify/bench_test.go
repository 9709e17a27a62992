package identify

import "testing"

// BenchmarkFind runs the detector over 100 corpus texts (about 200 KB) per op; the
// reference is the detector the scanner replaced.
func BenchmarkFind(b *testing.B) {
	texts := corpusText(7, 100)
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	for _, bc := range []struct {
		name string
		find func(string, int) []Finding
	}{{"reference", refFind}, {"scanner", find}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			cpu := cpuTime()
			for b.Loop() {
				for _, t := range texts {
					bc.find(t, 2026)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

// BenchmarkFindProse runs the detector over 100 texts (about 200 KB) as reflections
// are mostly written, prose with an identifier now and then: what an export of
// every entry scans.
func BenchmarkFindProse(b *testing.B) {
	texts, size := proseText(11, 100), 0
	for _, t := range texts {
		size += len(t)
	}
	b.SetBytes(int64(size))
	cpu := cpuTime()
	for b.Loop() {
		for _, t := range texts {
			find(t, 2026)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkCandidates runs the scan's byte loop alone over the prose of
// BenchmarkFindProse: prev is the loop that asked about every byte.
func BenchmarkCandidates(b *testing.B) {
	texts, size := proseText(11, 100), 0
	for _, t := range texts {
		size += len(t)
	}
	for _, bc := range []struct {
		name string
		scan func(string) scan
	}{{"prev", prevCandidates}, {"scanner", candidates}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				for _, t := range texts {
					bc.scan(t)
				}
			}
		})
	}
}

// BenchmarkFindHard runs the detector over texts made to cost the most, to show the
// scan stays linear in the text.
func BenchmarkFindHard(b *testing.B) {
	texts := hardTexts()
	for b.Loop() {
		for _, t := range texts {
			find(t, 2026)
		}
	}
}
