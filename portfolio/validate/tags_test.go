package validate

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio/record"
)

func TestNormalizeTags(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"none", nil, nil},
		{"trimmed", []string{"  audit  ", "\tcpd\n"}, []string{"audit", "cpd"}},
		{"hash prefix", []string{"#audit", "# peer review", "##cpd", " # # x"}, []string{"audit", "peer review", "cpd", "x"}},
		{"case-insensitive dedupe keeps the first spelling", []string{"Audit", "audit", "#AUDIT", "cpd"}, []string{"Audit", "cpd"}},
		{"empty ones dropped", []string{"", "   ", "#", "a"}, []string{"a"}},
		{"unicode", []string{"Über", "über", "ÜBER", "naïve"}, []string{"Über", "naïve"}},
		{"longest", []string{strings.Repeat("é", MaxTagRunes)}, []string{strings.Repeat("é", MaxTagRunes)}},
		{"hash not counted in the length", []string{"#" + strings.Repeat("x", MaxTagRunes)}, []string{strings.Repeat("x", MaxTagRunes)}},
		{"most tags", numbered("t", MaxTags), numbered("t", MaxTags)},
		{"duplicates do not count towards the most", append(numbered("t", MaxTags), "T0", "t1"), numbered("t", MaxTags)},
	}
	for _, tt := range tests {
		got, err := NormalizeTags(tt.in)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("%s: NormalizeTags(%q) = %q, %v; want %q", tt.name, tt.in, got, err, tt.want)
		}
	}
}

func TestNormalizeTagsRejects(t *testing.T) {
	tests := []struct {
		name string
		in   []string
	}{
		{"comma", []string{"a,b"}},
		{"control character", []string{"bell\x07"}},
		{"newline inside", []string{"two\nlines"}},
		{"escape sequence", []string{"red\x1b[31m"}},
		{"C1 control", []string{"a\u0085b"}},
		{"invalid UTF-8", []string{"caf\xe9"}},
		{"too long", []string{strings.Repeat("x", MaxTagRunes+1)}},
		{"too many", numbered("t", MaxTags+1)},
	}
	for _, tt := range tests {
		got, err := NormalizeTags(tt.in)
		if !errors.Is(err, record.ErrInvalid) {
			t.Errorf("%s: NormalizeTags(%q) = %q, %v; want ErrInvalid", tt.name, tt.in, got, err)
		}
	}
}

func TestParseTags(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"audit", []string{"audit"}},
		{"audit, #CPD,, Audit ,", []string{"audit", "CPD"}},
		{" #peer review , reflection", []string{"peer review", "reflection"}},
	}
	for _, tt := range tests {
		got, err := ParseTags(tt.in)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ParseTags(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if _, err := ParseTags(strings.Join(numbered("t", MaxTags+1), ",")); !errors.Is(err, record.ErrInvalid) {
		t.Errorf("ParseTags of %d tags: error %v, want ErrInvalid", MaxTags+1, err)
	}
	if _, err := ParseTags("ok, bad\x00tag"); !errors.Is(err, record.ErrInvalid) {
		t.Errorf("ParseTags with a NUL: error %v, want ErrInvalid", err)
	}
}

func numbered(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return out
}

func FuzzParseTags(f *testing.F) {
	for _, s := range []string{"audit, #CPD", "", ",,,", "# a ,b", "x\x07", "Über,über", "\xff", "##,#"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tags, err := ParseTags(s)
		if err != nil {
			if !errors.Is(err, record.ErrInvalid) {
				t.Fatalf("ParseTags(%q) error %v is not ErrInvalid", s, err)
			}
			return
		}
		if len(tags) > MaxTags {
			t.Fatalf("ParseTags(%q) gave %d tags", s, len(tags))
		}
		seen := map[string]bool{}
		for _, tag := range tags {
			if tag == "" || tag != strings.TrimSpace(tag) || strings.HasPrefix(tag, "#") || strings.Contains(tag, ",") {
				t.Fatalf("ParseTags(%q) gave untidy tag %q", s, tag)
			}
			if !utf8.ValidString(tag) || utf8.RuneCountInString(tag) > MaxTagRunes {
				t.Fatalf("ParseTags(%q) gave invalid tag %q", s, tag)
			}
			if k := strings.ToLower(tag); seen[k] {
				t.Fatalf("ParseTags(%q) gave %q twice", s, tag)
			} else {
				seen[k] = true
			}
		}
		// Normalising is idempotent: joined again, the tags read back unchanged.
		again, err := ParseTags(strings.Join(tags, ","))
		if err != nil || !slices.Equal(again, tags) {
			t.Fatalf("ParseTags(%q) = %q, which reads back as %q, %v", s, tags, again, err)
		}
	})
}
