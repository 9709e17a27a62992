package catalogue

import (
	"encoding/hex"
	"slices"
	"strings"
	"testing"

	"github.com/foliohq/folio/storage"
)

func TestTextIndexRecordsRoundTrip(t *testing.T) {
	toks := make([][]string, IndexBuckets)
	for _, w := range []string{"warfarin", "#audit", "a", "review."} {
		b := TokenBucket([]byte(w))
		toks[b] = append(toks[b], w)
	}
	for _, l := range toks {
		slices.Sort(l)
	}
	lex, err := DecodeLexicon(EncodeLexicon(toks))
	if err != nil {
		t.Fatal(err)
	}
	for b := range toks {
		if len(lex[b]) != len(toks[b]) {
			t.Fatalf("bucket %d: %d tokens back, want %d", b, len(lex[b]), len(toks[b]))
		}
	}
	lists := [][]uint32{{0, 5, 1 << 31, 1<<32 - 1}, {}, {7}}
	got, err := PostingsAt(EncodePostings(lists), 3, []int{0, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	for i := range lists {
		if !slices.Equal(got[i], lists[i]) {
			t.Fatalf("list %d: %v, want %v", i, got[i], lists[i])
		}
	}
	for _, bad := range [][]byte{nil, {2}, {IndexVersion, 2, 0, 0}, {IndexVersion, 2, 5, 0}, {IndexVersion, 1}} {
		if _, err := PostingsAt(bad, 1, []int{0}); err == nil {
			t.Fatalf("postings %x read", bad)
		}
	}
	rec := GenRecord{Gen: 300, Idx: &IndexState{Recent: map[storage.ID]bool{{0xa0}: true, {0x01}: true}}}
	rec.Idx.Buckets[0] = 1 | 1<<9
	back, ok := DecodeGenRecord(EncodeGenRecord(rec))
	if !ok || back.Gen != 300 || back.Idx.Buckets != rec.Idx.Buckets || len(back.Idx.Recent) != 2 {
		t.Fatalf("generation record read back as %+v, %v", back, ok)
	}
}

// Known answers (docs/VAULT.md, "The text index").
func TestKATTextIndex(t *testing.T) {
	rec := GenRecord{Gen: 300, Idx: &IndexState{Recent: map[storage.ID]bool{{0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9}: true}}}
	rec.Idx.Buckets[0] = 1 << 3
	if got := hex.EncodeToString(EncodeGenRecord(rec)); got != kGenRecord {
		t.Errorf("generation record: %s", got)
	}
	if b := TokenBucket([]byte("warfarin")); b != kWarfarinBucket {
		t.Errorf("warfarin is in bucket %d", b)
	}
	toks := make([][]string, IndexBuckets)
	toks[kWarfarinBucket] = []string{"warfarin"}
	lex := EncodeLexicon(toks)
	if got := hex.EncodeToString(lex); got != kLexicon {
		t.Errorf("lexicon: %s", got)
	}
	if got := hex.EncodeToString(EncodePostings([][]uint32{{0x01020304, 0xa0a1a2a3}})); got != kPostings {
		t.Errorf("postings: %s", got)
	}
}

// Computed apart from folio, from docs/VAULT.md.
var (
	kGenRecord      = "01ac020108" + strings.Repeat("00", 31) + "01a0a1a2a3a4a5a6a7a8a9"
	kWarfarinBucket = 177
	kLexicon        = "01" + strings.Repeat("00", 177) + "0108" + hex.EncodeToString([]byte("warfarin")) + strings.Repeat("00", 78)
	kPostings       = "0109848688089fbffefc09"
)

// FuzzTextIndexRecords: the readers of the index's records end on any input
// and what they accept writes back the same.
func FuzzTextIndexRecords(f *testing.F) {
	f.Add([]byte{IndexVersion, 2, 0x84, 0x86, 0x88, 0x10, 1})
	f.Add(EncodeGenRecord(GenRecord{Gen: 1, Idx: &IndexState{Recent: map[storage.ID]bool{{1}: true}}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		if lists, err := PostingsAt(b, 2, []int{0, 1}); err == nil {
			if got := EncodePostings(lists); string(got) != string(b) {
				t.Fatalf("postings %x wrote back as %x", b, got)
			}
		}
		if r, ok := DecodeGenRecord(b); ok {
			if got := EncodeGenRecord(r); string(got) != string(b) {
				t.Fatalf("generation record %x wrote back as %x", b, got)
			}
		}
		DecodeLexicon(b)
	})
}
