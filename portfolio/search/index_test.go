package search

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

// textDoc is the least a document can be.
type textDoc struct{ Doc }

// textDocs makes n documents of folded prose-like text: words of a small vocabulary,
// the common ones far more often, as in real entries.
func textDocs(seed uint64, n int) []*textDoc {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	vocab := make([]string, 3000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%x", i*2654435761%1000003)
	}
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(vocab)-1))
	docs := make([]*textDoc, n)
	for i := range docs {
		var b strings.Builder
		for k := range 20 + r.IntN(200) {
			if k > 0 {
				sep := byte(' ')
				if r.IntN(15) == 0 {
					sep = '\n'
				}
				b.WriteByte(sep)
			}
			b.WriteString(vocab[zipf.Uint64()])
		}
		docs[i] = &textDoc{Doc{Text: []byte(Fold(b.String()))}}
	}
	return docs
}

func TestTokenTable(t *testing.T) {
	tt := newTokenTable(1)
	var want []string
	for i := range 5000 { // past several growths
		tok := fmt.Sprintf("tok%d", i*7919%100000)
		if id := tt.id([]byte(tok)); int(id) != i {
			t.Fatalf("new token %q got number %d, want %d", tok, id, i)
		}
		want = append(want, tok)
	}
	for i, tok := range want {
		if id := tt.id([]byte(tok)); int(id) != i {
			t.Fatalf("token %q renumbered %d, want %d", tok, id, i)
		}
		if got := string(tt.token(uint32(i))); got != tok {
			t.Fatalf("token(%d) = %q, want %q", i, got, tok)
		}
	}
	if len(tt.starts) != len(want) {
		t.Errorf("%d tokens stored, want %d", len(tt.starts), len(want))
	}
}

// TestTokenIndexShardsAgree checks an index built on several cores holds, for every
// token, the same entries as one built on one.
func TestTokenIndexShardsAgree(t *testing.T) {
	docs := textDocs(5, 4100)
	var stop atomic.Bool
	build := func(procs int) map[string][]uint32 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		idx := Build(docs, 1, &stop)
		out := map[string][]uint32{}
		for tok := range len(idx.starts) {
			end := len(idx.blob) - 1
			if tok+1 < len(idx.starts) {
				end = int(idx.starts[tok+1]) - 1
			}
			word := string(idx.blob[idx.starts[tok]:end])
			if _, dup := out[word]; dup {
				t.Fatalf("token %q numbered twice", word)
			}
			out[word] = idx.postings[idx.offsets[tok]:idx.offsets[tok+1]]
		}
		return out
	}
	one, four := build(1), build(4)
	if len(one) != len(four) || len(one) < 100 {
		t.Fatalf("%d tokens on one core, %d on four", len(one), len(four))
	}
	for word, l := range one {
		if !slices.Equal(l, four[word]) {
			t.Fatalf("token %q: %d entries on one core, %d on four", word, len(l), len(four[word]))
		}
		if !slices.IsSorted(l) {
			t.Fatalf("token %q: serials out of order", word)
		}
	}
}
