package document

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// benchWords are drawn with a Zipf-like skew, as words are in real prose.
var benchWords = strings.Fields(`the and to of a i in was that it for with on my this
patient had be as at not is we have but they were from so about what would felt team
when more their which could there time been how all if pharmacist after one did by
also practice her his them our out some should next medicine review clinic
prescription doctor nurse ward shift dose colleague learning change think into than
then other very discussed realised support because reflection knowledge feedback
experience situation advice plan safe safety risk error incident process checked
asked explained patients medicines student trainee supervisor mentor confident
pressure stress workload busy difficult challenge outcome improve audit standard
procedure guideline policy record documentation communication listening empathy
family carer consent capacity allergy interaction renal hepatic elderly inhaler
warfarin counselling adherence deprescribing polypharmacy frailty falls opioid
handover escalate senior consultant registrar meeting session agenda agreed action`)

// benchSummary is a period summary of n entries of about 2 KB each, as
// PeriodSummary lays them out, with the prose of the portfolio's benchmark corpus.
func benchSummary(n int) Doc {
	r := rand.New(rand.NewPCG(1, 2))
	z := rand.NewZipf(r, 1.1, 2, uint64(len(benchWords)-1))
	sec := Section{Heading: "Entries"}
	for i := range n {
		var b strings.Builder
		for b.Len() < 1500+r.IntN(1000) {
			for w := range 6 + r.IntN(17) {
				word := benchWords[z.Uint64()]
				if w == 0 {
					word = strings.ToUpper(word[:1]) + word[1:]
				} else {
					b.WriteByte(' ')
				}
				b.WriteString(word)
			}
			b.WriteString(". ")
			if r.IntN(5) == 0 {
				b.WriteString("\n\n")
			}
		}
		sec.Blocks = append(sec.Blocks, Block{Kind: BlockRecord, Record: &Record{
			Title: fmt.Sprintf("Reflection %d on the %s", i, benchWords[z.Uint64()]),
			Meta:  fmt.Sprintf("%d-%02d-%02d · formative", 1990+i%36, 1+i%12, 1+i%28),
			Body:  b.String(),
		}})
	}
	return Doc{Title: "Reflective practice summary, 2000-01-01 to 2026-11-28", Sections: []Section{sec}}
}

// BenchmarkScan is the identifier scan of a whole period summary: the part of a
// Markdown summary export that was nearly all of its cost.
func BenchmarkScan(b *testing.B) {
	for _, n := range []int{1000, 10_000} {
		d := benchSummary(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			cpu := cpuTime()
			for b.Loop() {
				Scan(d)
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}
