package archive

import (
	"encoding/json"
	"testing"

	"github.com/foliohq/folio/portfolio"
)

// Every kind that keeps history travels in the archive: it has a record type to
// decode a version into and an encoding, and every kind but settings a list, under
// the name the archive's JSON gives it.
func TestEveryKindIsListed(t *testing.T) {
	a := &Archive{}
	ls := lists(a)
	for _, k := range portfolio.Kinds() {
		rec, ok := NewArchivedRecord(k.Kind())
		if !ok {
			t.Errorf("%s has no archived record", k.Kind())
			continue
		}
		if _, err := encodeRecord(rec); err != nil {
			t.Errorf("%s: %v", k.Kind(), err)
		}
		if k.Kind() == portfolio.KindSettings {
			continue
		}
		l, ok := ls[k.Kind()]
		if !ok {
			t.Errorf("%s has no list in the archive", k.Kind())
			continue
		}
		l.add(rec)
		data, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]json.RawMessage
		var list []json.RawMessage
		if err := json.Unmarshal(data, &doc); err != nil || json.Unmarshal(doc[l.name], &list) != nil || len(list) != 1 {
			t.Errorf("%s's record is not in the archive's %q: %s", k.Kind(), l.name, doc[l.name])
		}
		if got := len(l.records()); got != 1 {
			t.Errorf("%s's list holds %d records, want 1", k.Kind(), got)
		}
	}
	if len(ls) != len(portfolio.Kinds())-1 {
		t.Errorf("the archive has %d lists for %d kinds but settings", len(ls), len(portfolio.Kinds())-1)
	}
}
