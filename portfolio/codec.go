package portfolio

import (
	"fmt"
	"time"
	"unsafe"

	"google.golang.org/protobuf/encoding/protowire"
)

// Records are encoded in the protocol buffers wire format: a documented format any
// protobuf library (or `protoc --decode_raw`) can read, which decodes far faster than
// JSON, and which lets later versions add fields that older ones skip. Field 1 of
// every record is its schema version. The field numbers are listed in docs/VAULT.md and
// must never be reused.
const schemaVersion = 1

type encoder struct{ b []byte }

func (e *encoder) uint(num protowire.Number, v uint64) {
	if v == 0 {
		return
	}
	e.b = protowire.AppendTag(e.b, num, protowire.VarintType)
	e.b = protowire.AppendVarint(e.b, v)
}

func (e *encoder) int(num protowire.Number, v int64) {
	if v == 0 {
		return
	}
	e.b = protowire.AppendTag(e.b, num, protowire.VarintType)
	e.b = protowire.AppendVarint(e.b, protowire.EncodeZigZag(v))
}

func (e *encoder) str(num protowire.Number, s string) {
	if s == "" {
		return
	}
	e.b = protowire.AppendTag(e.b, num, protowire.BytesType)
	e.b = protowire.AppendString(e.b, s)
}

func (e *encoder) strs(num protowire.Number, ss []string) {
	for _, s := range ss {
		e.b = protowire.AppendTag(e.b, num, protowire.BytesType)
		e.b = protowire.AppendString(e.b, s)
	}
}

// ids writes every ID, empty or not, so a decoded list re-encodes as it was.
func (e *encoder) ids(num protowire.Number, ids []ID) {
	for _, id := range ids {
		e.b = protowire.AppendTag(e.b, num, protowire.BytesType)
		e.b = protowire.AppendString(e.b, string(id))
	}
}

// time writes a set time even when it is the Unix epoch, whose value is 0: only the
// zero Time means "not set".
func (e *encoder) time(num protowire.Number, t time.Time) {
	if !t.IsZero() {
		e.b = protowire.AppendTag(e.b, num, protowire.VarintType)
		e.b = protowire.AppendVarint(e.b, protowire.EncodeZigZag(t.UnixMicro()))
	}
}

func (e *encoder) message(num protowire.Number, m []byte) {
	e.b = protowire.AppendTag(e.b, num, protowire.BytesType)
	e.b = protowire.AppendBytes(e.b, m)
}

// field is one decoded field: a varint or a byte string.
type field struct {
	num protowire.Number
	v   uint64
	b   []byte
	// s is b as a substring of the record's one string copy, when it was decoded with
	// one (see decodeEntryOwned), so that reading a string field copies nothing.
	s      string
	shared bool
}

func (f field) str() string {
	if f.shared {
		return f.s
	}
	return string(f.b)
}

// sub walks a nested message, keeping its strings shared with the record's.
func (f field) sub(bytesFields fieldSet, fn func(field) error) error {
	return walkFields(f.b, f.s, f.shared, &bytesFields, fn)
}
func (f field) int() int64      { return protowire.DecodeZigZag(f.v) }
func (f field) time() time.Time { return time.UnixMicro(f.int()).UTC() }
func (f field) date() Date      { return Date(f.int()) }
func (f field) functions() Functions {
	return Functions(f.v) & Functions(Normative|Formative|Restorative)
}

// fieldSet is a set of field numbers below 64.
type fieldSet uint64

func fields(nums ...protowire.Number) fieldSet {
	var s fieldSet
	for _, n := range nums {
		s |= 1 << n
	}
	return s
}

func (s fieldSet) has(n protowire.Number) bool { return n < 64 && s&(1<<n) != 0 }

// decodeTyped walks a record, calling fn for each varint or byte string field and
// skipping any other wire type, so records written by newer versions still load. It
// also skips a field of the wrong wire type for its number, as protobuf does: byte
// strings only for numbers in bytesFields, varints for the others. A mistyped field
// is then never read as an empty or zero value.
func decodeTyped(b []byte, bytesFields fieldSet, fn func(field) error) error {
	return walkFields(b, "", false, &bytesFields, fn)
}

// decodeShared is decodeTyped whose string fields are substrings of src, which must
// hold the same bytes as b: one copy of the record serves all its strings.
func decodeShared(b []byte, src string, bytesFields fieldSet, fn func(field) error) error {
	return walkFields(b, src, true, &bytesFields, fn)
}

func walkFields(b []byte, src string, shared bool, bytesFields *fieldSet, fn func(field) error) error {
	size := len(b)
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return fmt.Errorf("bad field tag: %w", protowire.ParseError(n))
		}
		b = b[n:]
		f := field{num: num}
		isBytes := bytesFields == nil || bytesFields.has(num)
		isVarint := bytesFields == nil || !bytesFields.has(num)
		switch {
		case typ == protowire.VarintType && isVarint:
			f.v, n = protowire.ConsumeVarint(b)
		case typ == protowire.BytesType && isBytes:
			f.b, n = protowire.ConsumeBytes(b)
			if shared && n >= 0 {
				off := size - len(b) + n - len(f.b)
				f.s, f.shared = src[off:off+len(f.b)], true
			}
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
			if n < 0 {
				return fmt.Errorf("bad field %d: %w", num, protowire.ParseError(n))
			}
			b = b[n:]
			continue
		}
		if n < 0 {
			return fmt.Errorf("bad field %d: %w", num, protowire.ParseError(n))
		}
		b = b[n:]
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

// checkVersion rejects records from a newer schema than this build knows, rather than
// silently dropping their meaning.
func checkVersion(f field) error {
	if f.v > schemaVersion {
		return fmt.Errorf("record schema %d is newer than this folio reads (%d)", f.v, schemaVersion)
	}
	return nil
}

// Entry fields.
const (
	entryVersion protowire.Number = iota + 1
	entryTitle
	entryBody
	entryFunctions
	entryTags
	entryDate
	entryCreated
	entryUpdated
	entryTemplate
	entryTemplateVersion
	entrySection
	entryGoalID
	entryActionID
)

// Entry fields added for mentoring; numbered apart so other additions cannot collide.
const (
	entryMeetingID protowire.Number = 20 + iota
	entrySharing
	entryDiscuss
)

// Entry fields added for templates, numbered apart like the mentoring ones.
const (
	entryRecordKind protowire.Number = 30 + iota
	entryField
)

// Section fields.
const (
	sectionHeading protowire.Number = iota + 1
	sectionBody
)

// FieldValue fields.
const (
	fieldValueName protowire.Number = iota + 1
	fieldValueLabel
	fieldValueValue
)

func encodeEntry(e *Entry) []byte {
	enc := encoder{b: make([]byte, 0, len(e.Body)+len(e.Title)+64)}
	enc.uint(entryVersion, schemaVersion)
	enc.str(entryTitle, e.Title)
	enc.str(entryBody, e.Body)
	enc.uint(entryFunctions, uint64(e.Functions))
	enc.strs(entryTags, e.Tags)
	enc.int(entryDate, int64(e.Date))
	enc.time(entryCreated, e.Created)
	enc.time(entryUpdated, e.Updated)
	enc.str(entryTemplate, e.Template)
	enc.uint(entryTemplateVersion, uint64(e.TemplateVersion))
	for _, s := range e.Sections {
		sec := encoder{}
		sec.str(sectionHeading, s.Heading)
		sec.str(sectionBody, s.Body)
		enc.message(entrySection, sec.b)
	}
	enc.ids(entryGoalID, e.GoalIDs)
	enc.ids(entryActionID, e.ActionIDs)
	enc.str(entryMeetingID, string(e.MeetingID))
	enc.uint(entrySharing, uint64(e.Sharing))
	enc.uint(entryDiscuss, boolValue(e.Discuss))
	enc.str(entryRecordKind, string(e.RecordKind))
	for _, f := range e.Fields {
		fv := encoder{}
		fv.str(fieldValueName, f.Name)
		fv.str(fieldValueLabel, f.Label)
		for _, v := range f.Values {
			fv.b = protowire.AppendTag(fv.b, fieldValueValue, protowire.BytesType)
			fv.b = protowire.AppendString(fv.b, v)
		}
		enc.message(entryField, fv.b)
	}
	return enc.b
}

var (
	entryBytes   = fields(entryTitle, entryBody, entryTags, entryTemplate, entrySection, entryGoalID, entryActionID, entryMeetingID, entryRecordKind, entryField)
	fieldBytes   = fields(fieldValueName, fieldValueLabel, fieldValueValue)
	sectionBytes = fields(sectionHeading, sectionBody)
	goalBytes    = fields(goalTitle, goalWhy, goalReview)
	actionBytes  = fields(actionGoalID, actionWhat, actionReflectionID, actionMeetingID)
)

// decodeEntryOwned reads an entry record whose bytes the caller hands over, as
// the vault's Load does with each fresh plaintext: the entry's strings point into b
// itself, which must never change afterwards. Skipping the copy takes about a fifth
// off the CPU time of opening a vault.
func decodeEntryOwned(b []byte, e *Entry) error {
	return decodeEntryFrom(b, unsafe.String(unsafe.SliceData(b), len(b)), e)
}

func decodeEntryFrom(b []byte, src string, e *Entry) error {
	return decodeShared(b, src, entryBytes, func(f field) error {
		switch f.num {
		case entryVersion:
			return checkVersion(f)
		case entryTitle:
			e.Title = f.str()
		case entryBody:
			e.Body = f.str()
		case entryFunctions:
			e.Functions = f.functions()
		case entryTags:
			e.Tags = append(e.Tags, f.str())
		case entryDate:
			e.Date = f.date()
		case entryCreated:
			e.Created = f.time()
		case entryUpdated:
			e.Updated = f.time()
		case entryTemplate:
			e.Template = f.str()
		case entryTemplateVersion:
			e.TemplateVersion = int(f.v)
		case entrySection:
			var s Section
			err := f.sub(sectionBytes, func(sf field) error {
				switch sf.num {
				case sectionHeading:
					s.Heading = sf.str()
				case sectionBody:
					s.Body = sf.str()
				}
				return nil
			})
			if err != nil {
				return err
			}
			e.Sections = append(e.Sections, s)
		case entryGoalID:
			e.GoalIDs = append(e.GoalIDs, ID(f.str()))
		case entryActionID:
			e.ActionIDs = append(e.ActionIDs, ID(f.str()))
		case entryMeetingID:
			e.MeetingID = ID(f.str())
		case entrySharing:
			e.Sharing = Sharing(f.v)
		case entryDiscuss:
			e.Discuss = f.v != 0
		case entryRecordKind:
			e.RecordKind = RecordKind(f.str())
		case entryField:
			var fv FieldValue
			err := f.sub(fieldBytes, func(ff field) error {
				switch ff.num {
				case fieldValueName:
					fv.Name = ff.str()
				case fieldValueLabel:
					fv.Label = ff.str()
				case fieldValueValue:
					fv.Values = append(fv.Values, ff.str())
				}
				return nil
			})
			if err != nil {
				return err
			}
			e.Fields = append(e.Fields, fv)
		}
		return nil
	})
}

// Goal fields.
const (
	goalVersion protowire.Number = iota + 1
	goalTitle
	goalWhy
	goalFunctions
	goalTarget
	goalStatus
	goalReview
	goalCreated
	goalUpdated
)

func encodeGoal(g *Goal) []byte {
	var enc encoder
	enc.uint(goalVersion, schemaVersion)
	enc.str(goalTitle, g.Title)
	enc.str(goalWhy, g.Why)
	enc.uint(goalFunctions, uint64(g.Functions))
	enc.int(goalTarget, int64(g.Target))
	enc.uint(goalStatus, uint64(g.Status))
	enc.str(goalReview, g.Review)
	enc.time(goalCreated, g.Created)
	enc.time(goalUpdated, g.Updated)
	return enc.b
}

func decodeGoal(b []byte, g *Goal) error {
	return decodeTyped(b, goalBytes, func(f field) error {
		switch f.num {
		case goalVersion:
			return checkVersion(f)
		case goalTitle:
			g.Title = f.str()
		case goalWhy:
			g.Why = f.str()
		case goalFunctions:
			g.Functions = f.functions()
		case goalTarget:
			g.Target = f.date()
		case goalStatus:
			g.Status = GoalStatus(f.v)
		case goalReview:
			g.Review = f.str()
		case goalCreated:
			g.Created = f.time()
		case goalUpdated:
			g.Updated = f.time()
		}
		return nil
	})
}

// Action fields.
const (
	actionVersion protowire.Number = iota + 1
	actionGoalID
	actionWhat
	actionDue
	actionStatus
	actionReflectionID
	actionCreated
	actionUpdated
	actionDoneOn
)

// Action fields added for mentoring.
const actionMeetingID protowire.Number = 20

func encodeAction(a *Action) []byte {
	var enc encoder
	enc.uint(actionVersion, schemaVersion)
	enc.str(actionGoalID, string(a.GoalID))
	enc.str(actionWhat, a.What)
	enc.int(actionDue, int64(a.Due))
	enc.uint(actionStatus, uint64(a.Status))
	enc.str(actionReflectionID, string(a.ReflectionID))
	enc.time(actionCreated, a.Created)
	enc.time(actionUpdated, a.Updated)
	enc.int(actionDoneOn, int64(a.DoneOn))
	enc.str(actionMeetingID, string(a.MeetingID))
	return enc.b
}

func decodeAction(b []byte, a *Action) error {
	return decodeTyped(b, actionBytes, func(f field) error {
		switch f.num {
		case actionVersion:
			return checkVersion(f)
		case actionGoalID:
			a.GoalID = ID(f.str())
		case actionWhat:
			a.What = f.str()
		case actionDue:
			a.Due = f.date()
		case actionStatus:
			a.Status = ActionStatus(f.v)
		case actionReflectionID:
			a.ReflectionID = ID(f.str())
		case actionCreated:
			a.Created = f.time()
		case actionUpdated:
			a.Updated = f.time()
		case actionDoneOn:
			a.DoneOn = f.date()
		case actionMeetingID:
			a.MeetingID = ID(f.str())
		}
		return nil
	})
}
