package identify

import (
	"math/rand/v2"
	"strings"
)

// The test corpus: reflections of about 2 KB of clinical prose, generated from a
// fixed seed, with identifiers and things that look like them mixed in: full dates in
// every form the detector reads (old and recent, cued and not), numbers of every
// shape, emails, postcodes and titles. The differential tests run both detectors over
// it; the benchmarks measure them on it.

var corpusWords = strings.Fields(`the and to of a i in was that it for with on my this
patient had be as at not is we have but they were from so about what would felt team
when more their which could there time been how all if pharmacist after one did by
also practice her his them our out some should next medicine review clinic
prescription doctor nurse ward shift dose colleague learning change think into than
then other very discussed realised support because reflection knowledge feedback
experience situation advice plan safe safety risk error incident process checked
asked explained inhaler warfarin counselling adherence deprescribing polypharmacy
frailty falls sedation opioid handover escalate senior consultant registrar meeting
session agenda agreed action goal target week month year morning afternoon evening
may march august second third fourth of on since born dated published`)

// corpusPieces are spliced into the prose: identifiers and look-alikes.
var corpusPieces = []string{
	"DOB: 03/04/1990", "born on 3rd April 2001", "date of birth 1990-04-03", "12/03/1956",
	"d.o.b. 12.03.56", "On 14/03/2026", "reviewed 2026-03-20", "published 12 March 2005",
	"updated on 01/06/2009", "March 5th, 1948", "5 Sept. 1960", "the 3rd of May 1950",
	"SEPTEMBER 12 1970", "Dec 25, 1999", "in May 2001", "may 2 2026", "31/02/1990",
	"12/03-1956", "1st of of May 1990", "3  may   1950", "x3 May 1950", "3 Mayday 1950",
	"Jan. 3rd,  1961", "born in june 4 1971", "Monday 4 Jun 1977,", "4th jun 1977)",
	"943 476 5919", "9434765919", "943-476-5919", "943 476 5918", "batch 1234567890",
	"07700 900123", "020 7946 0958", "+44 20 7946 0958", "(01632) 960001", "116 123",
	"5mg od", "2.5 ml", "1,000 units", "30/500", "INR 2.5", "10:30", "PL 12345/0001",
	"j.bloggs@example.nhs.uk", "a@b.co", "x@y@b.com", "name@host", "peer@trust.nhs.uk.",
	"LS1 4AP", "sw1a 1aa", "M11AE", "Sw1A 1aA", "XLS1 4APX", "GIR 0AA",
	"Mrs Jones", "Dr. O'Brien", "Mr Smith-Jones", "Mr A", "the Dr. Then", "mr smith",
	"Dr O’Neill", "Prof  Ng", "Revd. Black", "Dr. The", "Ms Jo-Ann",
	"\nDOB\n01/01/1950", "ſept 3 1960", "3 ſep 1960", "12 \u212axx 1950",
}

// corpusText returns n texts of about 2 KB in which 2 words in 100 are identifiers
// or look-alikes and 2 more are runs of digits.
func corpusText(seed uint64, n int) []string { return generate(seed, n, 2, 4, 100) }

// proseText returns n texts of about 2 KB as reflections are mostly written: 1 word
// in 500 an identifier or look-alike, 1 in 500 a run of digits.
func proseText(seed uint64, n int) []string { return generate(seed, n, 1, 2, 500) }

// generate writes n texts of about 2 KB; of every outOf words, pieces are taken from
// corpusPieces and digits-pieces are runs of digits.
func generate(seed uint64, n, pieces, digits, outOf int) []string {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		target := 1500 + r.IntN(1000)
		for b.Len() < target {
			words := 6 + r.IntN(17)
			for w := range words {
				if w > 0 {
					b.WriteByte(' ')
				}
				switch x := r.IntN(outOf); {
				case x < pieces:
					b.WriteString(corpusPieces[r.IntN(len(corpusPieces))])
				case x < digits:
					b.WriteString(strings.Repeat("1234567890", 1)[:1+r.IntN(10)])
				default:
					word := corpusWords[r.IntN(len(corpusWords))]
					if w == 0 || r.IntN(20) == 0 {
						word = strings.ToUpper(word[:1]) + word[1:]
					}
					b.WriteString(word)
				}
			}
			b.WriteString([]string{". ", ".\n", "; ", ", ", "! ", ".\n\n"}[r.IntN(6)])
		}
		out[i] = b.String()
	}
	return out
}
