package portfolio

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio/search"
)

// The benchmark corpus: entries of realistic size (about 2 KB of English-like text),
// generated deterministically so every run measures the same bytes.

// commonWords are drawn with a Zipf-like skew, as words are in real prose: the first
// ones appear in nearly every entry, the last in a few.
var commonWords = strings.Fields(`
the and to of a i in was that it for with on my this patient had be as at not is
we have but they were from so about what would felt team when more their which
could there time been how all if pharmacist after one did by also practice her
his them our out some should next medicine review clinic prescription doctor
nurse ward shift dose colleague learning change think into than then other very
discussed realised support because reflection knowledge feedback
experience situation advice plan safe safety risk error incident process
checked asked explained patients medicines student trainee supervisor mentor
confident pressure stress workload busy difficult challenge outcome improve
improved audit standard procedure guideline policy record documentation
communication listening empathy family carer consent capacity allergy
interaction renal hepatic elderly paediatric chronic acute pain infection
antibiotic insulin diabetes asthma inhaler hypertension monitoring blood
pressure results counselling adherence deprescribing polypharmacy frailty
falls sedation opioid controlled drugs stock dispensing label error near miss
handover escalate senior consultant registrar meeting session agenda agreed
action goal target week month year morning afternoon evening night weekend
again never always sometimes often usually quickly slowly carefully clearly
better worse different similar important useful helpful difficult unclear
understood remembered forgot noticed considered decided agreed disagreed
worried relieved proud frustrated tired calm anxious curious surprised
training course module assessment portfolio revalidation appraisal evidence
competency framework skills confidence development reading article journal
guidance national local trust hospital community surgery pharmacy care home
`)

// rareWords each appear in about one entry in three hundred.
var rareWords = strings.Fields(`warfarin apixaban methotrexate lithium clozapine
digoxin gentamicin vancomycin tacrolimus ciclosporin phenytoin valproate
amiodarone theophylline levothyroxine`)

var corpusTags = strings.Fields(`audit cpd near-miss anticoagulants mental-health
wellbeing supervision peer-discussion teaching leadership antimicrobials diabetes
respiratory paediatrics elderly-care palliative governance communication
safeguarding deprescribing opioids renal hepatic training appraisal revalidation
mentoring teamwork incident complaint feedback research quality-improvement
controlled-drugs dispensing consultation prescribing pharmacology`)

// corpusToday is the day the corpus is written "as of": the tests' pinned today.
var corpusToday = testToday

type corpusGen struct {
	r    *rand.Rand
	zipf *rand.Zipf
}

func newCorpusGen(seed uint64) *corpusGen {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	return &corpusGen{r: r, zipf: rand.NewZipf(r, 1.1, 2, uint64(len(commonWords)-1))}
}

func (g *corpusGen) word() string {
	if g.r.IntN(10_000) == 0 {
		return rareWords[g.r.IntN(len(rareWords))]
	}
	return commonWords[g.zipf.Uint64()]
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// sentence writes 6 to 22 words, capitalised, with the odd comma.
func (g *corpusGen) sentence(b *strings.Builder) {
	n := 6 + g.r.IntN(17)
	for i := range n {
		w := g.word()
		if i == 0 {
			w = capitalise(w)
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		if i > 2 && i < n-2 && g.r.IntN(12) == 0 {
			b.WriteByte(',')
		}
	}
	b.WriteString(". ")
}

// entry returns a made-up reflection of about 2 KB.
func (g *corpusGen) entry() Entry {
	var b strings.Builder
	target := 1500 + g.r.IntN(1000)
	for b.Len() < target {
		for range 3 + g.r.IntN(4) {
			g.sentence(&b)
		}
		b.WriteString("\n\n")
	}
	var title strings.Builder
	for i := range 3 + g.r.IntN(6) {
		w := g.word()
		if i == 0 {
			w = capitalise(w)
		} else {
			title.WriteByte(' ')
		}
		title.WriteString(w)
	}
	tags := make([]string, 1+g.r.IntN(5))
	for i := range tags {
		tags[i] = corpusTags[g.r.IntN(len(corpusTags))]
	}
	// Forty years of a career, and written up to a week after the day.
	date := corpusToday.AddDays(-g.r.IntN(40 * 365))
	created := date.Time().Add(time.Duration(g.r.IntN(7*24*60)) * time.Minute)
	if created.After(testNow) {
		created = testNow
	}
	return Entry{
		Title:     title.String(),
		Body:      b.String(),
		Functions: Functions(1 + g.r.IntN(7)),
		Tags:      tags,
		Date:      date,
		Created:   created,
	}
}

func (g *corpusGen) entries(n int) []Entry {
	out := make([]Entry, n)
	for i := range out {
		out[i] = g.entry()
	}
	return out
}

// TestCorpus keeps the benchmarks honest: entries must stay about 2 KB, the rare
// words rare and the common ones common, and the corpus the same every run.
func TestCorpus(t *testing.T) {
	es := newCorpusGen(1).entries(2000)
	var size, withCommon, withRare int
	for _, e := range es {
		size += len(encodeEntry(&e))
		text := search.Fold(e.Title + " " + e.Body)
		if strings.Contains(text, benchCommonWord) {
			withCommon++
		}
		if strings.Contains(text, benchRareWord) {
			withRare++
		}
		if e.Functions.Empty() || len(e.Tags) == 0 || e.Date > corpusToday || e.Date < corpusToday.AddDays(-40*366) {
			t.Fatalf("unrealistic entry: %+v", e)
		}
	}
	if avg := size / len(es); avg < 1700 || avg > 2400 {
		t.Errorf("average encoded entry is %d bytes, want about 2 KB", avg)
	}
	if withCommon < len(es)*8/10 {
		t.Errorf("%q is in %d of %d entries; a common word should be in most", benchCommonWord, withCommon, len(es))
	}
	if withRare == 0 || withRare > len(es)/50 {
		t.Errorf("%q is in %d of %d entries; a rare word should be in a few", benchRareWord, withRare, len(es))
	}
	again := newCorpusGen(1).entries(3)
	for i := range again {
		if again[i].Body != es[i].Body || again[i].Date != es[i].Date {
			t.Fatal("the corpus is not deterministic")
		}
	}
}
