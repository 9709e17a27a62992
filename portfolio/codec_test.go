package portfolio

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/codec"
	"github.com/foliohq/folio/portfolio/internal/kinds"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// fullEntry sets every field of an Entry to something other than its zero value.
func fullEntry() Entry {
	return Entry{
		Title:           "Near miss with warfarin",
		Body:            "A prescription came in for\nthe wrong strength. Ünïcödé ✓",
		Functions:       Functions(Normative | Restorative),
		Tags:            []string{"anticoagulants", "near miss", "Über"},
		Date:            calendar.MakeDate(1987, time.June, 5),
		Created:         time.Date(2026, 3, 14, 9, 30, 15, 123456000, time.UTC),
		Updated:         time.Date(2026, 3, 15, 8, 0, 0, 1000, time.UTC),
		Template:        "gibbs",
		TemplateVersion: 3,
		Sections: []Section{
			{Heading: "Description", Body: "What happened."},
			{Heading: "Feelings", Body: ""},
			{Heading: "", Body: "A section with no heading survives too."},
		},
		GoalIDs:    []ID{"aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"},
		ActionIDs:  []ID{"cccccccccccccccc"},
		MeetingID:  "eeeeeeeeeeeeeeee",
		Sharing:    SharingShareable,
		Discuss:    true,
		RecordKind: RecordReflectiveAccount,
		Fields: []FieldValue{
			{Name: "standards", Label: "Standards", Values: []string{"1. Person-centred care", "9. Leadership"}},
			{Name: "hours", Label: "Time spent", Values: []string{"1.5"}},
		},
		Source:         "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		Outcomes:       []OutcomeRef{{Framework: "gphc", Outcome: "1"}, {Framework: "my-curriculum", Outcome: "D1.2"}},
		RelationshipID: "ffffffffffffffff",
	}
}

func fullGoal() Goal {
	return Goal{
		Title:     "Anticoagulation counselling",
		Why:       "Two near misses this year.\nI want to be confident.",
		Functions: Functions(Formative | Normative),
		Target:    calendar.MakeDate(2026, time.December, 31),
		Status:    GoalAchieved,
		Review:    "Done; the audit showed it.",
		Created:   time.Date(2025, 1, 2, 3, 4, 5, 6000, time.UTC),
		Updated:   time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
	}
}

func fullAction() Action {
	return Action{
		GoalID:       "aaaaaaaaaaaaaaaa",
		What:         "Shadow the anticoagulation clinic",
		Due:          calendar.MakeDate(2026, time.April, 1),
		Status:       ActionDone,
		ReflectionID: "dddddddddddddddd",
		Created:      time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC),
		Updated:      time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC),
		DoneOn:       calendar.MakeDate(2026, time.March, 1),
		MeetingID:    "ffffffffffffffff",
	}
}

// TestFullValuesSetEveryField guards the round-trip tests: a field added to a type
// but left out of fullEntry, fullGoal or fullAction would go untested.
func TestFullValuesSetEveryField(t *testing.T) {
	for _, v := range []any{fullEntry(), fullGoal(), fullAction()} {
		rv := reflect.ValueOf(v)
		for i := range rv.NumField() {
			name := rv.Type().Field(i).Name
			if name == "ID" {
				continue // the ID is the record's key, not part of its value
			}
			if rv.Field(i).IsZero() {
				t.Errorf("%T.%s is not set", v, name)
			}
		}
	}
}

func TestCodecRoundTrip(t *testing.T) {
	e := fullEntry()
	var e2 Entry
	if err := decodeEntryOwned(encodeEntry(&e), &e2); err != nil {
		t.Fatalf("decodeEntryOwned: %v", err)
	}
	if !reflect.DeepEqual(e, e2) {
		t.Errorf("entry round trip:\n got %+v\nwant %+v", e2, e)
	}

	g := fullGoal()
	var g2 Goal
	if err := record.DecodeGoal(record.EncodeGoal(&g), &g2); err != nil {
		t.Fatalf("record.DecodeGoal: %v", err)
	}
	if !reflect.DeepEqual(g, g2) {
		t.Errorf("goal round trip:\n got %+v\nwant %+v", g2, g)
	}

	a := fullAction()
	var a2 Action
	if err := record.DecodeAction(record.EncodeAction(&a), &a2); err != nil {
		t.Fatalf("record.DecodeAction: %v", err)
	}
	if !reflect.DeepEqual(a, a2) {
		t.Errorf("action round trip:\n got %+v\nwant %+v", a2, a)
	}

	// A time at the Unix epoch is a set time, not a missing one.
	epoch := Entry{Created: time.Unix(0, 0).UTC()}
	var back Entry
	if err := decodeEntryOwned(encodeEntry(&epoch), &back); err != nil || !back.Created.Equal(epoch.Created) || back.Created.IsZero() {
		t.Errorf("the Unix epoch came back as %v, %v", back.Created, err)
	}

	// Zero records encode to the version alone.
	for _, b := range [][]byte{encodeEntry(&Entry{}), record.EncodeGoal(&Goal{}), record.EncodeAction(&Action{})} {
		if string(b) != "\x08\x01" {
			t.Errorf("a zero record encodes to % x, want 08 01 (the version)", b)
		}
	}
}

// TestCodecFieldNumbers pins the wire format: the numbers are written down for
// third-party readers and must never change.
func TestCodecFieldNumbers(t *testing.T) {
	e := Entry{Title: "T", Date: 5}
	b := encodeEntry(&e)
	want := []byte{1 << 3, 1, 2<<3 | 2, 1, 'T', 6 << 3, 10}
	if string(b) != string(want) {
		t.Errorf("encodeEntry = % x, want % x", b, want)
	}
	a := Action{What: "W", Status: ActionDoing}
	b = record.EncodeAction(&a)
	want = []byte{1 << 3, 1, 3<<3 | 2, 1, 'W', 5 << 3, 2}
	if string(b) != string(want) {
		t.Errorf("record.EncodeAction = % x, want % x", b, want)
	}
}

// withUnknownFields appends fields of every wire type under numbers no version uses,
// as a newer folio might write them.
func withUnknownFields(b []byte) []byte {
	b = protowire.AppendTag(b, 900, protowire.BytesType)
	b = protowire.AppendString(b, "a field from the future")
	b = protowire.AppendTag(b, 901, protowire.VarintType)
	b = protowire.AppendVarint(b, 1<<40)
	b = protowire.AppendTag(b, 902, protowire.Fixed32Type)
	b = protowire.AppendFixed32(b, 7)
	b = protowire.AppendTag(b, 903, protowire.Fixed64Type)
	b = protowire.AppendFixed64(b, 7)
	b = protowire.AppendTag(b, 904, protowire.StartGroupType)
	b = protowire.AppendTag(b, 1, protowire.VarintType)
	b = protowire.AppendVarint(b, 1)
	b = protowire.AppendTag(b, 904, protowire.EndGroupType)
	return b
}

func TestDecodeSkipsUnknownFields(t *testing.T) {
	e := fullEntry()
	var e2 Entry
	if err := decodeEntryOwned(withUnknownFields(encodeEntry(&e)), &e2); err != nil {
		t.Fatalf("decodeEntryOwned with unknown fields: %v", err)
	}
	if !reflect.DeepEqual(e, e2) {
		t.Errorf("entry with unknown fields:\n got %+v\nwant %+v", e2, e)
	}
	// Unknown fields inside a section are skipped as well.
	sec := protowire.AppendTag(nil, codec.SectionHeading, protowire.BytesType)
	sec = protowire.AppendString(sec, "Heading")
	sec = withUnknownFields(sec)
	rec := encodeEntry(&Entry{Title: "x"})
	rec = protowire.AppendTag(rec, codec.EntrySection, protowire.BytesType)
	rec = protowire.AppendBytes(rec, sec)
	var e3 Entry
	if err := decodeEntryOwned(rec, &e3); err != nil || len(e3.Sections) != 1 || e3.Sections[0].Heading != "Heading" {
		t.Errorf("section with unknown fields: %+v, %v", e3.Sections, err)
	}

	// A known field of the wrong wire type is skipped, not read as a zero value.
	mistyped := protowire.AppendTag(nil, codec.EntryCreated, protowire.BytesType)
	mistyped = protowire.AppendString(mistyped, "not a time")
	mistyped = protowire.AppendTag(mistyped, codec.EntryActionID, protowire.VarintType)
	mistyped = protowire.AppendVarint(mistyped, 48)
	var e4 Entry
	if err := decodeEntryOwned(mistyped, &e4); err != nil || !e4.Created.IsZero() || e4.ActionIDs != nil {
		t.Errorf("mistyped fields read as Created %v, ActionIDs %q, %v", e4.Created, e4.ActionIDs, err)
	}

	g := fullGoal()
	var g2 Goal
	if err := record.DecodeGoal(withUnknownFields(record.EncodeGoal(&g)), &g2); err != nil || !reflect.DeepEqual(g, g2) {
		t.Errorf("goal with unknown fields: %+v, %v", g2, err)
	}
	a := fullAction()
	var a2 Action
	if err := record.DecodeAction(withUnknownFields(record.EncodeAction(&a)), &a2); err != nil || !reflect.DeepEqual(a, a2) {
		t.Errorf("action with unknown fields: %+v, %v", a2, err)
	}
}

// withVersion rewrites a record's leading version field.
func withVersion(b []byte, v uint64) []byte {
	_, _, n := protowire.ConsumeField(b)
	out := protowire.AppendTag(nil, 1, protowire.VarintType)
	out = protowire.AppendVarint(out, v)
	return append(out, b[n:]...)
}

func TestDecodeRefusesNewerSchema(t *testing.T) {
	e := fullEntry()
	if err := decodeEntryOwned(withVersion(encodeEntry(&e), 2), &Entry{}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("entry of schema 2: error %v, want a newer-schema error", err)
	}
	g := fullGoal()
	if err := record.DecodeGoal(withVersion(record.EncodeGoal(&g), 2), &Goal{}); err == nil {
		t.Error("goal of schema 2 decoded")
	}
	a := fullAction()
	if err := record.DecodeAction(withVersion(record.EncodeAction(&a), 2), &Action{}); err == nil {
		t.Error("action of schema 2 decoded")
	}
	// The version is checked wherever it appears, not only first.
	late := append(encodeEntry(&Entry{Title: "x"})[2:], 1<<3, 2)
	if err := decodeEntryOwned(late, &Entry{}); err == nil {
		t.Error("entry with schema 2 after its other fields decoded")
	}
}

func TestDecodeRefusesTruncated(t *testing.T) {
	e := fullEntry()
	b := encodeEntry(&e)
	// Cut inside the last field and inside the title's length prefix.
	for _, n := range []int{len(b) - 1, 3} {
		if err := decodeEntryOwned(b[:n], &Entry{}); err == nil {
			t.Errorf("entry cut to %d of %d bytes decoded", n, len(b))
		}
	}
}

// TestVaultRecordVersions writes records straight into the vault as another folio
// would, then opens it: unknown fields load, a newer schema is reported as damage by
// ID and the rest stay readable.
func TestVaultRecordVersions(t *testing.T) {
	p, c := newTestPortfolio(t)
	good := mustAddEntry(t, p, Entry{Title: "Plain", Functions: Functions(Normative)})
	future := fullEntry()
	future.GoalIDs, future.ActionIDs, future.MeetingID = nil, nil, ""
	extraID, newerID := storage.NewID(), storage.NewID()
	goalID := storage.NewID()
	g := fullGoal()
	for _, r := range []struct {
		coll string
		id   storage.ID
		b    []byte
	}{
		{collEntries, extraID, withUnknownFields(encodeEntry(&future))},
		{collEntries, newerID, withVersion(encodeEntry(&future), 2)},
		{kinds.CollGoals, goalID, withVersion(record.EncodeGoal(&g), 2)},
	} {
		if err := p.vault.Put(r.coll, r.id, r.b); err != nil {
			t.Fatal(err)
		}
	}
	p = reopen(t, p, c)

	if n := p.EntryCount(); n != 2 {
		t.Errorf("EntryCount = %d, want 2 (the plain one and the one with extra fields)", n)
	}
	if _, ok := p.Entry(good.ID); !ok {
		t.Error("the plain entry is missing")
	}
	got, ok := p.Entry(ID(extraID.String()))
	if !ok || got.Title != future.Title || got.Body != future.Body || len(got.Sections) != 3 {
		t.Errorf("entry with unknown fields: %+v, %v", got, ok)
	}
	if _, ok := p.Entry(ID(newerID.String())); ok {
		t.Error("the schema 2 entry was loaded as if this version understood it")
	}
	if _, ok := goalOf(p, ID(goalID.String())); ok {
		t.Error("the schema 2 goal was loaded")
	}
	damaged := p.Damaged()
	if len(damaged) != 2 {
		t.Fatalf("Damaged = %v, want the two schema 2 records", damaged)
	}
	ids := map[string]string{damaged[0].ID: damaged[0].Collection, damaged[1].ID: damaged[1].Collection}
	if ids[newerID.String()] != collEntries || ids[goalID.String()] != kinds.CollGoals {
		t.Errorf("Damaged names %v, want entry %s and goal %s", ids, newerID, goalID)
	}
	for _, d := range damaged {
		if !errors.Is(d.Err, ErrDamaged) {
			t.Errorf("damage %v is not ErrDamaged", d.Err)
		}
	}
	report, err := p.Check()
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Damaged) != 2 || report.OK() {
		t.Errorf("Check reports %d damaged (%v), want 2", len(report.Damaged), report.Damaged)
	}
}

func fuzzSeeds(f *testing.F, encoded ...[]byte) {
	for _, b := range encoded {
		f.Add(b)
		f.Add(withUnknownFields(b))
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte{})
	f.Add([]byte{0x0a, 0x80})
	f.Add([]byte{0x08, 0x02})
}

func FuzzDecodeEntry(f *testing.F) {
	e := fullEntry()
	fuzzSeeds(f, encodeEntry(&e), encodeEntry(&Entry{Title: "x", GoalIDs: []ID{"a"}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		var e1 Entry
		if err := decodeEntryOwned(b, &e1); err != nil {
			return
		}
		// Decoding bytes handed over, as opening a vault does, reads the same.
		var owned Entry
		if err := decodeEntryOwned(bytes.Clone(b), &owned); err != nil || !reflect.DeepEqual(e1, owned) {
			t.Fatalf("decodeEntryOwned differs: %+v, %v", owned, err)
		}
		var e2 Entry
		if err := decodeEntryOwned(encodeEntry(&e1), &e2); err != nil {
			t.Fatalf("re-encoded entry does not decode: %v", err)
		}
		if !reflect.DeepEqual(e1, e2) {
			t.Fatalf("entry changed in a round trip:\n%+v\n%+v", e1, e2)
		}
	})
}

func FuzzDecodeGoal(f *testing.F) {
	g := fullGoal()
	fuzzSeeds(f, record.EncodeGoal(&g))
	f.Fuzz(func(t *testing.T, b []byte) {
		var g1 Goal
		if err := record.DecodeGoal(b, &g1); err != nil {
			return
		}
		var g2 Goal
		if err := record.DecodeGoal(record.EncodeGoal(&g1), &g2); err != nil {
			t.Fatalf("re-encoded goal does not decode: %v", err)
		}
		if !reflect.DeepEqual(g1, g2) {
			t.Fatalf("goal changed in a round trip:\n%+v\n%+v", g1, g2)
		}
	})
}

func FuzzDecodeAction(f *testing.F) {
	a := fullAction()
	fuzzSeeds(f, record.EncodeAction(&a))
	f.Fuzz(func(t *testing.T, b []byte) {
		var a1 Action
		if err := record.DecodeAction(b, &a1); err != nil {
			return
		}
		var a2 Action
		if err := record.DecodeAction(record.EncodeAction(&a1), &a2); err != nil {
			t.Fatalf("re-encoded action does not decode: %v", err)
		}
		if !reflect.DeepEqual(a1, a2) {
			t.Fatalf("action changed in a round trip:\n%+v\n%+v", a1, a2)
		}
	})
}

// schemaFields indexes codec.Schema by message and field number.
func schemaFields() map[string]map[protowire.Number]codec.FieldSpec {
	out := map[string]map[protowire.Number]codec.FieldSpec{}
	for _, m := range codec.Schema {
		out[m.Name] = map[protowire.Number]codec.FieldSpec{}
		for _, f := range m.Fields {
			out[m.Name][f.Num] = f
		}
	}
	return out
}

// checkAgainstSchema walks an encoded message and fails on any field the schema does
// not declare, or declares with another wire type. It returns the numbers seen.
func checkAgainstSchema(t *testing.T, schema map[string]map[protowire.Number]codec.FieldSpec, msg string, b []byte) map[protowire.Number]bool {
	t.Helper()
	fields, ok := schema[msg]
	if !ok {
		t.Fatalf("message %s is not in the schema", msg)
	}
	seen := map[protowire.Number]bool{}
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			t.Fatalf("%s: bad tag", msg)
		}
		b = b[n:]
		f, ok := fields[num]
		if !ok {
			t.Errorf("%s: field %d is written but not in records.proto", msg, num)
		} else if f.Kind.WireType() != typ {
			t.Errorf("%s.%s: written as wire type %d, declared %d", msg, f.Name, typ, f.Kind.WireType())
		}
		if ok && f.Kind == codec.KindMessage && typ == protowire.BytesType {
			v, m := protowire.ConsumeBytes(b)
			if m >= 0 {
				checkAgainstSchema(t, schema, f.Message, v)
			}
		}
		seen[num] = true
		n = protowire.ConsumeFieldValue(num, typ, b)
		if n < 0 {
			t.Fatalf("%s: bad field %d", msg, num)
		}
		b = b[n:]
	}
	return seen
}

// TestEncodersMatchSchema checks that what the vault writes is what records.proto
// declares: every field of every record kind, with its wire type, and every declared
// field written by a record with all its parts set.
func TestEncodersMatchSchema(t *testing.T) {
	schema := schemaFields()
	e, g, a := fullEntry(), fullGoal(), fullAction()
	when := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	sections := []Section{{Heading: "H", Body: "B"}}
	r := Relationship{ID: "r", Role: RoleMentor, Person: "Sam", Organisation: "Deanery", Start: 5, LengthMonths: 12, IntervalDays: 30,
		Status: RelEnded, EndReason: "moved", EndedOn: 9, Agreement: sections, AgreedOn: 6, Participants: []string{"AB"}, Created: when, Updated: when}
	m := Meeting{ID: "m", RelationshipID: "r", Date: 7, Format: FormatRemote, Held: true,
		Agenda: []AgendaItem{{Text: "T", LinkKind: KindEntry, LinkID: "e", Question: "Q"}}, Notes: sections,
		Topics: []string{"exams"}, AgreedActionIDs: []ID{"a"}, NextDate: 8, Shared: true, Functions: Functions(Restorative), Created: when, Updated: when,
		MenteeActions: []AgreedAction{{What: "W", Due: 9}}}
	rt := Rating{ID: "x", Kind: RatingProgress, RelationshipID: "r", Stage: "start", Date: 7, Scores: []Score{{Name: "n", Value: 3}}, Note: "N", Created: when}
	d := Received{ID: "d", RelationshipID: "r", Title: "T", Body: "B", FileName: "f.age", ReceivedAt: when, MediaType: MediaPDF, Data: []byte("%PDF-1.4")}
	st := Settings{Organisation: "O", RenewalDate: 9, Topics: []string{"t"}, DateStyle: DateStyleISO, HistoryDays: 30}
	for _, full := range []struct {
		msg string
		b   []byte
	}{
		{"Entry", encodeEntry(&e)}, {"Goal", record.EncodeGoal(&g)}, {"Action", record.EncodeAction(&a)},
		{"Relationship", record.EncodeRelationship(&r)}, {"Meeting", record.EncodeMeeting(&m)}, {"Rating", record.EncodeRating(&rt)},
		{"Received", record.EncodeReceived(&d)}, {"Settings", record.EncodeSettings(&st)},
	} {
		seen := checkAgainstSchema(t, schema, full.msg, full.b)
		for num, f := range schema[full.msg] {
			if !seen[num] {
				t.Errorf("%s.%s (%d) is declared but a full record does not write it", full.msg, f.Name, num)
			}
		}
	}
}

// A field of the wrong wire type is skipped, not read as an empty or zero value (the
// mentoring records' decoders: portfolio/record).
func TestReceivedDecoderSkipsMistypedFields(t *testing.T) {
	d := Received{Title: "T", Body: "B"}
	b := record.EncodeReceived(&d)
	b = protowire.AppendTag(b, codec.RecvBody, protowire.VarintType)
	b = protowire.AppendVarint(b, 1)
	var gotD Received
	if err := record.DecodeReceived(b, &gotD); err != nil || gotD.Body != "B" {
		t.Errorf("received document: %+v, %v", gotD, err)
	}
}
