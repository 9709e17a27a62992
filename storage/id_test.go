package storage

import (
	"strings"
	"testing"
)

// katIDText is the text form of the ID with bytes a0 a1 ... a9.
const katIDText = "m2gt58x4mpkafa59"

func TestIDText(t *testing.T) {
	id := ID(seq(0xa0, IDSize))
	if got := id.String(); got != katIDText {
		t.Errorf("ID text %q, want %q", got, katIDText)
	}
	for _, s := range []string{katIDText, strings.ToUpper(katIDText)} {
		if got, err := ParseID(s); err != nil || got != id {
			t.Errorf("ParseID(%q) = %v, %v", s, got, err)
		}
	}
	if got := (ID{}).String(); got != "0000000000000000" {
		t.Errorf("zero ID %q", got)
	}
	if got := (ID{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}).String(); got != "zzzzzzzzzzzzzzzz" {
		t.Errorf("all-ones ID %q", got)
	}
	// Crockford's alphabet leaves out i, l, o and u; lengths other than 16 are not IDs.
	for _, s := range []string{"", "000000000000000", "00000000000000000", "000000000000000i",
		"000000000000000l", "000000000000000o", "000000000000000u", "00000000-0000000",
		katIDText + "0", katIDText + "\n", katIDText[:8] + "\n" + katIDText[8:]} {
		if _, err := ParseID(s); err == nil {
			t.Errorf("ParseID(%q) accepted", s)
		}
	}
}
