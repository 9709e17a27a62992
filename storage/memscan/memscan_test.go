package memscan

import (
	"crypto/rand"
	"encoding/hex"
	"runtime"
	"slices"
	"testing"
)

func TestFind(t *testing.T) {
	not := Complement([]byte("abab"))
	for _, tc := range []struct {
		chunk string
		want  []int
	}{
		{"", nil},
		{"aba", nil},
		{"abab", []int{0}},
		{"xababab", []int{1, 3}},
		{"abaXabab", []int{4}},
	} {
		if got := find([]byte(tc.chunk), not); !slices.Equal(got, tc.want) {
			t.Errorf("find(%q) = %v, want %v", tc.chunk, got, tc.want)
		}
	}
}

// TestScanFindsLiveSecret: a secret on the heap is found, once per copy, and a
// needle only its complement holds is not.
func TestScanFindsLiveSecret(t *testing.T) {
	if !Supported() {
		t.Skip("needs /proc/self/mem")
	}
	raw := make([]byte, 16)
	rand.Read(raw)
	secret := []byte(hex.EncodeToString(raw))
	// Random bytes taken as a complement: the secret they stand for never exists.
	notAbsent := make([]byte, 16)
	rand.Read(notAbsent)
	hits, err := Scan([]Needle{{"secret", Complement(secret)}, {"absent", notAbsent}})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, h := range hits {
		if h.Needle == "absent" {
			t.Errorf("found a secret that is not in memory: %s", h)
		}
		found++
	}
	if found == 0 {
		t.Error("the live secret was not found")
	}
	runtime.KeepAlive(secret)
}
