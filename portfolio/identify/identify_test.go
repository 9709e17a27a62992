package identify

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFindIdentifiers(t *testing.T) {
	const year = 2026
	type want struct {
		kind Kind
		text string
	}
	cases := []struct {
		name string
		text string
		want []want
	}{
		// What it must find.
		{"NHS number spaced", "Patient NHS no. 943 476 5919 was on warfarin.", []want{{NHSNumber, "943 476 5919"}}},
		{"NHS number run together", "nhs 9434765919.", []want{{NHSNumber, "9434765919"}}},
		{"NHS number hyphenated", "ref 943-476-5919", []want{{NHSNumber, "943-476-5919"}}},
		{"date of birth cued", "DOB: 03/04/1990, seen today", []want{{DateOfBirth, "03/04/1990"}}},
		{"born on, in words", "She was born on 3rd April 2001 in Leeds", []want{{DateOfBirth, "3rd April 2001"}}},
		{"date of birth ISO", "date of birth 1990-04-03", []want{{DateOfBirth, "1990-04-03"}}},
		{"old date uncued", "Mrs X (12/03/1956) came in", []want{{DateOfBirth, "12/03/1956"}}},
		{"two-digit year cued", "d.o.b. 12.03.56", []want{{DateOfBirth, "12.03.56"}}},
		{"postcode", "lives at LS1 4AP now", []want{{Postcode, "LS1 4AP"}}},
		{"postcode lower case", "sw1a 1aa", []want{{Postcode, "sw1a 1aa"}}},
		{"postcode no space", "M11AE.", []want{{Postcode, "M11AE"}}},
		{"mobile", "call her on 07700 900123 tomorrow", []want{{Phone, "07700 900123"}}},
		{"landline", "ring 020 7946 0958", []want{{Phone, "020 7946 0958"}}},
		{"international", "or +44 20 7946 0958.", []want{{Phone, "+44 20 7946 0958"}}},
		{"bracketed area code", "tel (01632) 960001", []want{{Phone, "(01632) 960001"}}},
		{"email", "emailed j.bloggs@example.nhs.uk about it", []want{{Email, "j.bloggs@example.nhs.uk"}}},
		{"title and surname", "Spoke to Mrs Jones about her inhaler.", []want{{TitleName, "Mrs Jones"}}},
		{"title with stop and apostrophe", "Dr. O'Brien agreed", []want{{TitleName, "Dr. O'Brien"}}},
		{"double-barrelled", "Mr Smith-Jones", []want{{TitleName, "Mr Smith-Jones"}}},
		{"several in order", "Mr Patel, 943 476 5919, LS1 4AP", []want{{TitleName, "Mr Patel"}, {NHSNumber, "943 476 5919"}, {Postcode, "LS1 4AP"}}},

		// What it must leave alone.
		{"doses", "Started amlodipine 5mg od, then 10 mg; paracetamol 1 g qds; 2.5 ml bd; 1,000 units; 500mg tds", nil},
		{"liquid and strengths", "co-codamol 30/500, 2 x 5ml spoons, INR 2.5, eGFR 45, BNF 86", nil},
		{"bad NHS check digit", "943 476 5918 is not valid", nil},
		{"ten digits that fail the check", "batch 1234567890", nil},
		{"recent event date", "On 14/03/2026 I dispensed it; reviewed 2026-03-20", nil},
		{"old date introduced as an event", "guidance published 12 March 2005, updated on 01/06/2009", nil},
		{"helpline short number", "Samaritans on 116 123", nil},
		{"anonymised initial", "Mr A and Mrs B were both seen", nil},
		{"title at the end", "I asked the Dr. Then we left", nil},
		{"lower-case title", "the mr smith case", nil},
		{"mixed-case postcode-like code", "Sw1A 1aA", nil},
		{"postcode glued into a word", "XLS1 4APX", nil},
		{"dates with mixed separators", "12/03-1956", nil},
		{"impossible date", "DOB 31/02/1990", nil},
		{"time and ratio", "at 10:30, ratio 1:1000", nil},
		{"long product code", "PL 12345/0001", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := find(c.text, year)
			if len(got) != len(c.want) {
				t.Fatalf("found %v, want %v", got, c.want)
			}
			for i, w := range c.want {
				if got[i].Kind != w.kind || got[i].Text != w.text {
					t.Errorf("finding %d = %s %q, want %s %q", i, got[i].Kind, got[i].Text, w.kind, w.text)
				}
				if c.text[got[i].Offset:got[i].Offset+len(got[i].Text)] != got[i].Text {
					t.Errorf("offset %d does not point at %q", got[i].Offset, got[i].Text)
				}
			}
		})
	}
}

func TestFindIdentifiersPosition(t *testing.T) {
	text := "First line.\nCafé visit — Mrs Jones\n\nNHS 943 476 5919"
	got := find(text, 2026)
	if len(got) != 2 {
		t.Fatalf("found %v", got)
	}
	if got[0].Line != 2 || got[0].Column != 14 {
		t.Errorf("Mrs Jones at line %d column %d, want 2:14 (counted in characters)", got[0].Line, got[0].Column)
	}
	if got[1].Line != 4 || got[1].Column != 5 {
		t.Errorf("NHS number at line %d column %d, want 4:5", got[1].Line, got[1].Column)
	}
	if s := got[1].String(); s != `line 4, column 5: an NHS number ("943 476 5919")` {
		t.Errorf("String() = %s", s)
	}
}

func TestNHSChecksum(t *testing.T) {
	for s, want := range map[string]bool{"9434765919": true, "9434765918": false, "4010232137": true, "0000000000": true, "1234567890": false} {
		if got := nhsChecksum(s); got != want {
			t.Errorf("nhsChecksum(%s) = %v, want %v", s, got, want)
		}
	}
}

func FuzzFindIdentifiers(f *testing.F) {
	for _, s := range []string{"Mrs Jones 943 476 5919 LS1 4AP", "DOB 03/04/1990", "+44 (0)20 7946 0958", "a@b.co", "((((+", "12/03/56", "3rd of May 1950"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got := find(text, 2026)
		last := -1
		for _, fd := range got {
			if fd.Offset < last || fd.Text == "" || fd.Offset+len(fd.Text) > len(text) || text[fd.Offset:fd.Offset+len(fd.Text)] != fd.Text {
				t.Fatalf("bad finding %+v in %q", fd, text)
			}
			if fd.Offset < last {
				t.Fatalf("findings out of order or overlapping: %v", got)
			}
			last = fd.Offset + len(fd.Text)
			if fd.Line < 1 || fd.Column < 1 || fd.Line > strings.Count(text, "\n")+1 || fd.Column > utf8.RuneCountInString(text)+1 {
				t.Fatalf("bad position %+v", fd)
			}
			if fd.Kind.Description() == "" {
				t.Fatalf("kind %q has no description", fd.Kind)
			}
		}
	})
}
