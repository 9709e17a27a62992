package portfolio

import (
	"errors"
	"testing"

	"github.com/foliohq/folio/portfolio/validate"
)

func TestEntryMappingRefused(t *testing.T) {
	p, _ := newTestPortfolio(t)
	for name, e := range map[string]Entry{
		"bad outcome":  {Outcomes: []OutcomeRef{{Framework: "GPhC", Outcome: "1"}}},
		"empty id":     {Outcomes: []OutcomeRef{{Framework: "gphc"}}},
		"colon in id":  {Outcomes: []OutcomeRef{{Framework: "gphc", Outcome: "1:2"}}},
		"no such link": {RelationshipID: "aaaaaaaaaaaaaaaa"},
		"too many":     {Outcomes: make([]OutcomeRef, validate.MaxOutcomeRefs+1)},
	} {
		e.Title, e.Body, e.Functions = "T", "x", Functions(Formative)
		if _, err := p.AddEntry(e); err == nil {
			t.Errorf("%s: saved", name)
		}
	}
	if n := len(p.Find(Query{})); n != 0 {
		t.Errorf("%d entries saved", n)
	}
}

func TestOutcomeRefs(t *testing.T) {
	for _, s := range []string{"gphc", ":1", "gphc:", "Gphc:1", "gphc:1 2", "gphc:1:2"} {
		if _, err := ParseOutcomeRef(s); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q: %v", s, err)
		}
	}
	var o OutcomeRef
	if err := o.UnmarshalText([]byte("gphc:4")); err != nil || o.String() != "gphc:4" {
		t.Errorf("round trip: %v %v", o, err)
	}
}
