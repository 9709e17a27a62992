package record

import (
	"unsafe"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/codec"
)

// EncodeEntry is an entry's plaintext as the vault keeps it (records.proto, Entry);
// the catalogue keeps its metadata in the same form.
func EncodeEntry(e *Entry) []byte {
	enc := codec.Encoder{B: make([]byte, 0, len(e.Body)+len(e.Title)+64)}
	enc.Uint(codec.EntryVersion, codec.SchemaVersion)
	enc.Str(codec.EntryTitle, e.Title)
	enc.Str(codec.EntryBody, e.Body)
	enc.Uint(codec.EntryFunctions, uint64(e.Functions))
	enc.Strs(codec.EntryTags, e.Tags)
	enc.Int(codec.EntryDate, int64(e.Date))
	enc.Time(codec.EntryCreated, e.Created)
	enc.Time(codec.EntryUpdated, e.Updated)
	enc.Str(codec.EntryTemplate, e.Template)
	enc.Uint(codec.EntryTemplateVersion, uint64(e.TemplateVersion))
	for _, s := range e.Sections {
		sec := codec.Encoder{}
		sec.Str(codec.SectionHeading, s.Heading)
		sec.Str(codec.SectionBody, s.Body)
		enc.Message(codec.EntrySection, sec.B)
	}
	EncodeIDs(&enc, codec.EntryGoalID, e.GoalIDs)
	EncodeIDs(&enc, codec.EntryActionID, e.ActionIDs)
	enc.Str(codec.EntryMeetingID, string(e.MeetingID))
	enc.Uint(codec.EntrySharing, uint64(e.Sharing))
	enc.Uint(codec.EntryDiscuss, BoolValue(e.Discuss))
	enc.Str(codec.EntryRecordKind, string(e.RecordKind))
	for _, f := range e.Fields {
		fv := codec.Encoder{}
		fv.Str(codec.FieldValueName, f.Name)
		fv.Str(codec.FieldValueLabel, f.Label)
		for _, v := range f.Values {
			fv.Item(codec.FieldValueValue, v)
		}
		enc.Message(codec.EntryField, fv.B)
	}
	enc.Str(codec.EntrySource, e.Source)
	for _, o := range e.Outcomes {
		enc.Item(codec.EntryOutcome, o.String())
	}
	enc.Str(codec.EntryRelationship, string(e.RelationshipID))
	return enc.B
}

// Fields of each record that are byte strings; EntryBytes is exported for the
// core's catalogue, which reads an entry's keys without decoding it whole.
var (
	EntryBytes  = codec.Fields(codec.EntryTitle, codec.EntryBody, codec.EntryTags, codec.EntryTemplate, codec.EntrySection, codec.EntryGoalID, codec.EntryActionID, codec.EntryMeetingID, codec.EntryRecordKind, codec.EntryField, codec.EntrySource, codec.EntryOutcome, codec.EntryRelationship)
	fieldBytes  = codec.Fields(codec.FieldValueName, codec.FieldValueLabel, codec.FieldValueValue)
	goalBytes   = codec.Fields(codec.GoalTitle, codec.GoalWhy, codec.GoalReview)
	actionBytes = codec.Fields(codec.ActionGoalID, codec.ActionWhat, codec.ActionReflectionID, codec.ActionMeetingID)
)

// DecodeEntryOwned reads an entry record whose bytes the caller hands over, as
// the vault's Load does with each fresh plaintext: the entry's strings point into b
// itself, which must never change afterwards. Skipping the copy takes about a fifth
// off the CPU time of opening a vault.
func DecodeEntryOwned(b []byte, e *Entry) error {
	return decodeEntryFrom(b, unsafe.String(unsafe.SliceData(b), len(b)), e)
}

// decodeEntryFrom reads an entry whose strings are substrings of src. It is one
// switch with a case per field of records.proto's Entry, so its length and
// complexity grow with the schema: split, the mapping would be harder to check
// against the encoder above.
func decodeEntryFrom(b []byte, src string, e *Entry) error {
	return codec.DecodeShared(b, src, EntryBytes, func(f codec.Field) error {
		switch f.Num {
		case codec.EntryVersion:
			return codec.CheckVersion(f)
		case codec.EntryTitle:
			e.Title = f.Str()
		case codec.EntryBody:
			e.Body = f.Str()
		case codec.EntryFunctions:
			e.Functions = DecodeFunctions(f)
		case codec.EntryTags:
			e.Tags = append(e.Tags, f.Str())
		case codec.EntryDate:
			e.Date = calendar.Date(f.Int())
		case codec.EntryCreated:
			e.Created = f.Time()
		case codec.EntryUpdated:
			e.Updated = f.Time()
		case codec.EntryTemplate:
			e.Template = f.Str()
		case codec.EntryTemplateVersion:
			e.TemplateVersion = int(f.V)
		case codec.EntrySection:
			var s Section
			err := f.Sub(sectionBytes, func(sf codec.Field) error {
				switch sf.Num {
				case codec.SectionHeading:
					s.Heading = sf.Str()
				case codec.SectionBody:
					s.Body = sf.Str()
				}
				return nil
			})
			if err != nil {
				return err
			}
			e.Sections = append(e.Sections, s)
		case codec.EntryGoalID:
			e.GoalIDs = append(e.GoalIDs, ID(f.Str()))
		case codec.EntryActionID:
			e.ActionIDs = append(e.ActionIDs, ID(f.Str()))
		case codec.EntryMeetingID:
			e.MeetingID = ID(f.Str())
		case codec.EntrySharing:
			e.Sharing = Sharing(f.V)
		case codec.EntryDiscuss:
			e.Discuss = f.V != 0
		case codec.EntryRecordKind:
			e.RecordKind = RecordKind(f.Str())
		case codec.EntrySource:
			e.Source = f.Str()
		case codec.EntryOutcome:
			o, err := ParseOutcomeRef(f.Str())
			if err != nil {
				return err
			}
			e.Outcomes = append(e.Outcomes, o)
		case codec.EntryRelationship:
			e.RelationshipID = ID(f.Str())
		case codec.EntryField:
			var fv FieldValue
			err := f.Sub(fieldBytes, func(ff codec.Field) error {
				switch ff.Num {
				case codec.FieldValueName:
					fv.Name = ff.Str()
				case codec.FieldValueLabel:
					fv.Label = ff.Str()
				case codec.FieldValueValue:
					fv.Values = append(fv.Values, ff.Str())
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

// EncodeGoal is a goal's plaintext as the vault keeps it (records.proto, Goal).
func EncodeGoal(g *Goal) []byte {
	var enc codec.Encoder
	enc.Uint(codec.GoalVersion, codec.SchemaVersion)
	enc.Str(codec.GoalTitle, g.Title)
	enc.Str(codec.GoalWhy, g.Why)
	enc.Uint(codec.GoalFunctions, uint64(g.Functions))
	enc.Int(codec.GoalTarget, int64(g.Target))
	enc.Uint(codec.GoalStatus, uint64(g.Status))
	enc.Str(codec.GoalReview, g.Review)
	enc.Time(codec.GoalCreated, g.Created)
	enc.Time(codec.GoalUpdated, g.Updated)
	return enc.B
}

// DecodeGoal reads a goal, its strings copied.
func DecodeGoal(b []byte, g *Goal) error { return decodeGoalFrom(b, "", g) }

// DecodeGoalOwned is DecodeEntryOwned for a goal: its strings share b.
func DecodeGoalOwned(b []byte, g *Goal) error {
	return decodeGoalFrom(b, unsafe.String(unsafe.SliceData(b), len(b)), g)
}

// walkRecord walks b, its strings copied, or shared with src if src holds b.
func walkRecord(b []byte, src string, fields codec.FieldSet, fn func(codec.Field) error) error {
	if src == "" {
		return codec.Decode(b, fields, fn)
	}
	return codec.DecodeShared(b, src, fields, fn)
}

func decodeGoalFrom(b []byte, src string, g *Goal) error {
	return walkRecord(b, src, goalBytes, func(f codec.Field) error {
		switch f.Num {
		case codec.GoalVersion:
			return codec.CheckVersion(f)
		case codec.GoalTitle:
			g.Title = f.Str()
		case codec.GoalWhy:
			g.Why = f.Str()
		case codec.GoalFunctions:
			g.Functions = DecodeFunctions(f)
		case codec.GoalTarget:
			g.Target = calendar.Date(f.Int())
		case codec.GoalStatus:
			g.Status = GoalStatus(f.V)
		case codec.GoalReview:
			g.Review = f.Str()
		case codec.GoalCreated:
			g.Created = f.Time()
		case codec.GoalUpdated:
			g.Updated = f.Time()
		}
		return nil
	})
}

// EncodeAction is an action's plaintext as the vault keeps it (records.proto, Action).
func EncodeAction(a *Action) []byte {
	var enc codec.Encoder
	enc.Uint(codec.ActionVersion, codec.SchemaVersion)
	enc.Str(codec.ActionGoalID, string(a.GoalID))
	enc.Str(codec.ActionWhat, a.What)
	enc.Int(codec.ActionDue, int64(a.Due))
	enc.Uint(codec.ActionStatus, uint64(a.Status))
	enc.Str(codec.ActionReflectionID, string(a.ReflectionID))
	enc.Time(codec.ActionCreated, a.Created)
	enc.Time(codec.ActionUpdated, a.Updated)
	enc.Int(codec.ActionDoneOn, int64(a.DoneOn))
	enc.Str(codec.ActionMeetingID, string(a.MeetingID))
	return enc.B
}

// DecodeAction reads an action, its strings copied.
func DecodeAction(b []byte, a *Action) error { return decodeActionFrom(b, "", a) }

// DecodeActionOwned is DecodeEntryOwned for an action: its strings share b.
func DecodeActionOwned(b []byte, a *Action) error {
	return decodeActionFrom(b, unsafe.String(unsafe.SliceData(b), len(b)), a)
}

func decodeActionFrom(b []byte, src string, a *Action) error {
	return walkRecord(b, src, actionBytes, func(f codec.Field) error {
		switch f.Num {
		case codec.ActionVersion:
			return codec.CheckVersion(f)
		case codec.ActionGoalID:
			a.GoalID = ID(f.Str())
		case codec.ActionWhat:
			a.What = f.Str()
		case codec.ActionDue:
			a.Due = calendar.Date(f.Int())
		case codec.ActionStatus:
			a.Status = ActionStatus(f.V)
		case codec.ActionReflectionID:
			a.ReflectionID = ID(f.Str())
		case codec.ActionCreated:
			a.Created = f.Time()
		case codec.ActionUpdated:
			a.Updated = f.Time()
		case codec.ActionDoneOn:
			a.DoneOn = calendar.Date(f.Int())
		case codec.ActionMeetingID:
			a.MeetingID = ID(f.Str())
		}
		return nil
	})
}
