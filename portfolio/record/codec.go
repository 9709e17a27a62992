package record

import (
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/codec"
)

func encodeSections(enc *codec.Encoder, num protowire.Number, sections []Section) {
	for _, s := range sections {
		sec := codec.Encoder{}
		sec.Str(codec.SectionHeading, s.Heading)
		sec.Str(codec.SectionBody, s.Body)
		enc.Message(num, sec.B)
	}
}

func decodeSection(b []byte) (Section, error) {
	var s Section
	err := codec.Decode(b, sectionBytes, func(f codec.Field) error {
		switch f.Num {
		case codec.SectionHeading:
			s.Heading = f.Str()
		case codec.SectionBody:
			s.Body = f.Str()
		}
		return nil
	})
	return s, err
}

// EncodeRelationship is a relationship's plaintext as the vault keeps it
// (records.proto, Relationship).
func EncodeRelationship(r *Relationship) []byte {
	var enc codec.Encoder
	enc.Uint(codec.RelVersion, codec.SchemaVersion)
	enc.Uint(codec.RelRole, uint64(r.Role))
	enc.Str(codec.RelPerson, r.Person)
	enc.Str(codec.RelOrganisation, r.Organisation)
	enc.Int(codec.RelStart, int64(r.Start))
	enc.Uint(codec.RelLengthMonths, uint64(r.LengthMonths))
	enc.Uint(codec.RelIntervalDays, uint64(r.IntervalDays))
	enc.Uint(codec.RelStatus, uint64(r.Status))
	enc.Str(codec.RelEndReason, r.EndReason)
	enc.Int(codec.RelEndedOn, int64(r.EndedOn))
	encodeSections(&enc, codec.RelAgreement, r.Agreement)
	enc.Int(codec.RelAgreedOn, int64(r.AgreedOn))
	enc.Time(codec.RelCreated, r.Created)
	enc.Time(codec.RelUpdated, r.Updated)
	enc.Strs(codec.RelParticipant, r.Participants)
	return enc.B
}

// Fields of each record that are byte strings; the rest are varints. Decoding skips
// a field of the other wire type rather than reading it as empty.
var (
	relationshipBytes = codec.Fields(codec.RelPerson, codec.RelOrganisation, codec.RelEndReason, codec.RelAgreement, codec.RelParticipant)
	meetingBytes      = codec.Fields(codec.MeetRelationship, codec.MeetAgenda, codec.MeetNotes, codec.MeetTopics, codec.MeetAgreedAction, codec.MeetMenteeAction)
	agendaItemBytes   = codec.Fields(codec.ItemText, codec.ItemLinkKind, codec.ItemLinkID, codec.ItemQuestion)
	agreedBytes       = codec.Fields(codec.AgreedWhat)
	ratingBytes       = codec.Fields(codec.RatingRelationship, codec.RatingStage, codec.RatingScore, codec.RatingNote)
	scoreBytes        = codec.Fields(codec.ScoreName)
)

// DecodeRelationship reads a relationship from its plaintext into r, checking each
// field's wire type; r.ID is the caller's.
func DecodeRelationship(b []byte, r *Relationship) error {
	return codec.Decode(b, relationshipBytes, func(f codec.Field) error {
		switch f.Num {
		case codec.RelVersion:
			return codec.CheckVersion(f)
		case codec.RelRole:
			r.Role = Role(f.V)
		case codec.RelPerson:
			r.Person = f.Str()
		case codec.RelOrganisation:
			r.Organisation = f.Str()
		case codec.RelStart:
			r.Start = calendar.Date(f.Int())
		case codec.RelLengthMonths:
			r.LengthMonths = int(f.V)
		case codec.RelIntervalDays:
			r.IntervalDays = int(f.V)
		case codec.RelStatus:
			r.Status = RelationshipStatus(f.V)
		case codec.RelEndReason:
			r.EndReason = f.Str()
		case codec.RelEndedOn:
			r.EndedOn = calendar.Date(f.Int())
		case codec.RelAgreement:
			s, err := decodeSection(f.B)
			if err != nil {
				return err
			}
			r.Agreement = append(r.Agreement, s)
		case codec.RelAgreedOn:
			r.AgreedOn = calendar.Date(f.Int())
		case codec.RelCreated:
			r.Created = f.Time()
		case codec.RelUpdated:
			r.Updated = f.Time()
		case codec.RelParticipant:
			r.Participants = append(r.Participants, f.Str())
		}
		return nil
	})
}

// BoolValue is b as a varint field.
func BoolValue(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// EncodeMeeting is a meeting's plaintext as the vault keeps it (records.proto,
// Meeting).
func EncodeMeeting(m *Meeting) []byte {
	var enc codec.Encoder
	enc.Uint(codec.MeetVersion, codec.SchemaVersion)
	enc.Str(codec.MeetRelationship, string(m.RelationshipID))
	enc.Int(codec.MeetDate, int64(m.Date))
	enc.Uint(codec.MeetFormat, uint64(m.Format))
	enc.Uint(codec.MeetHeld, BoolValue(m.Held))
	for _, it := range m.Agenda {
		var item codec.Encoder
		item.Str(codec.ItemText, it.Text)
		item.Str(codec.ItemLinkKind, string(it.LinkKind))
		item.Str(codec.ItemLinkID, string(it.LinkID))
		item.Str(codec.ItemQuestion, it.Question)
		enc.Message(codec.MeetAgenda, item.B)
	}
	encodeSections(&enc, codec.MeetNotes, m.Notes)
	enc.Strs(codec.MeetTopics, m.Topics)
	EncodeIDs(&enc, codec.MeetAgreedAction, m.AgreedActionIDs)
	enc.Int(codec.MeetNextDate, int64(m.NextDate))
	enc.Uint(codec.MeetShared, BoolValue(m.Shared))
	enc.Time(codec.MeetCreated, m.Created)
	enc.Time(codec.MeetUpdated, m.Updated)
	for _, a := range m.MenteeActions {
		var item codec.Encoder
		item.Str(codec.AgreedWhat, a.What)
		item.Int(codec.AgreedDue, int64(a.Due))
		enc.Message(codec.MeetMenteeAction, item.B)
	}
	enc.Uint(codec.MeetFunctions, uint64(m.Functions))
	return enc.B
}

// DecodeMeeting reads a meeting from its plaintext into m, checking each field's
// wire type; m.ID is the caller's.
func DecodeMeeting(b []byte, m *Meeting) error {
	return codec.Decode(b, meetingBytes, func(f codec.Field) error {
		switch f.Num {
		case codec.MeetVersion:
			return codec.CheckVersion(f)
		case codec.MeetRelationship:
			m.RelationshipID = ID(f.Str())
		case codec.MeetDate:
			m.Date = calendar.Date(f.Int())
		case codec.MeetFormat:
			m.Format = MeetingFormat(f.V)
		case codec.MeetHeld:
			m.Held = f.V != 0
		case codec.MeetAgenda:
			var it AgendaItem
			err := codec.Decode(f.B, agendaItemBytes, func(g codec.Field) error {
				switch g.Num {
				case codec.ItemText:
					it.Text = g.Str()
				case codec.ItemLinkKind:
					it.LinkKind = Kind(g.Str())
				case codec.ItemLinkID:
					it.LinkID = ID(g.Str())
				case codec.ItemQuestion:
					it.Question = g.Str()
				}
				return nil
			})
			if err != nil {
				return err
			}
			m.Agenda = append(m.Agenda, it)
		case codec.MeetNotes:
			s, err := decodeSection(f.B)
			if err != nil {
				return err
			}
			m.Notes = append(m.Notes, s)
		case codec.MeetTopics:
			m.Topics = append(m.Topics, f.Str())
		case codec.MeetAgreedAction:
			m.AgreedActionIDs = append(m.AgreedActionIDs, ID(f.Str()))
		case codec.MeetNextDate:
			m.NextDate = calendar.Date(f.Int())
		case codec.MeetShared:
			m.Shared = f.V != 0
		case codec.MeetFunctions:
			m.Functions = Functions(f.V)
		case codec.MeetCreated:
			m.Created = f.Time()
		case codec.MeetUpdated:
			m.Updated = f.Time()
		case codec.MeetMenteeAction:
			var a AgreedAction
			err := codec.Decode(f.B, agreedBytes, func(g codec.Field) error {
				switch g.Num {
				case codec.AgreedWhat:
					a.What = g.Str()
				case codec.AgreedDue:
					a.Due = calendar.Date(g.Int())
				}
				return nil
			})
			if err != nil {
				return err
			}
			m.MenteeActions = append(m.MenteeActions, a)
		}
		return nil
	})
}

// EncodeRating is a rating's plaintext as the vault keeps it (records.proto,
// Rating).
func EncodeRating(r *Rating) []byte {
	var enc codec.Encoder
	enc.Uint(codec.RatingVersion, codec.SchemaVersion)
	enc.Uint(codec.RatingKind, uint64(r.Kind))
	enc.Str(codec.RatingRelationship, string(r.RelationshipID))
	enc.Str(codec.RatingStage, r.Stage)
	enc.Int(codec.RatingDate, int64(r.Date))
	for _, s := range r.Scores {
		var sc codec.Encoder
		sc.Str(codec.ScoreName, s.Name)
		sc.Uint(codec.ScoreValue, uint64(s.Value))
		enc.Message(codec.RatingScore, sc.B)
	}
	enc.Str(codec.RatingNote, r.Note)
	enc.Time(codec.RatingCreated, r.Created)
	return enc.B
}

// DecodeRating reads a rating from its plaintext into r, checking each field's
// wire type; r.ID is the caller's.
func DecodeRating(b []byte, r *Rating) error {
	return codec.Decode(b, ratingBytes, func(f codec.Field) error {
		switch f.Num {
		case codec.RatingVersion:
			return codec.CheckVersion(f)
		case codec.RatingKind:
			r.Kind = RatingKind(f.V)
		case codec.RatingRelationship:
			r.RelationshipID = ID(f.Str())
		case codec.RatingStage:
			r.Stage = f.Str()
		case codec.RatingDate:
			r.Date = calendar.Date(f.Int())
		case codec.RatingScore:
			var s Score
			err := codec.Decode(f.B, scoreBytes, func(g codec.Field) error {
				switch g.Num {
				case codec.ScoreName:
					s.Name = g.Str()
				case codec.ScoreValue:
					s.Value = int(g.V)
				}
				return nil
			})
			if err != nil {
				return err
			}
			r.Scores = append(r.Scores, s)
		case codec.RatingNote:
			r.Note = f.Str()
		case codec.RatingCreated:
			r.Created = f.Time()
		}
		return nil
	})
}
