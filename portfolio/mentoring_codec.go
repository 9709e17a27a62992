package portfolio

import "google.golang.org/protobuf/encoding/protowire"

// Relationship fields.
const (
	relVersion protowire.Number = iota + 1
	relRole
	relPerson
	relOrganisation
	relStart
	relLengthMonths
	relIntervalDays
	relStatus
	relEndReason
	relEndedOn
	relAgreement
	relAgreedOn
	relCreated
	relUpdated
)

func encodeSections(enc *encoder, num protowire.Number, sections []Section) {
	for _, s := range sections {
		sec := encoder{}
		sec.str(sectionHeading, s.Heading)
		sec.str(sectionBody, s.Body)
		enc.message(num, sec.b)
	}
}

func decodeSection(b []byte) (Section, error) {
	var s Section
	err := decodeTyped(b, sectionBytes, func(f field) error {
		switch f.num {
		case sectionHeading:
			s.Heading = f.str()
		case sectionBody:
			s.Body = f.str()
		}
		return nil
	})
	return s, err
}

func encodeRelationship(r *Relationship) []byte {
	var enc encoder
	enc.uint(relVersion, schemaVersion)
	enc.uint(relRole, uint64(r.Role))
	enc.str(relPerson, r.Person)
	enc.str(relOrganisation, r.Organisation)
	enc.int(relStart, int64(r.Start))
	enc.uint(relLengthMonths, uint64(r.LengthMonths))
	enc.uint(relIntervalDays, uint64(r.IntervalDays))
	enc.uint(relStatus, uint64(r.Status))
	enc.str(relEndReason, r.EndReason)
	enc.int(relEndedOn, int64(r.EndedOn))
	encodeSections(&enc, relAgreement, r.Agreement)
	enc.int(relAgreedOn, int64(r.AgreedOn))
	enc.time(relCreated, r.Created)
	enc.time(relUpdated, r.Updated)
	return enc.b
}

// Fields of each record that are byte strings; the rest are varints. Decoding skips
// a field of the other wire type rather than reading it as empty.
var (
	relationshipBytes = fields(relPerson, relOrganisation, relEndReason, relAgreement)
	meetingBytes      = fields(meetRelationship, meetAgenda, meetNotes, meetTopics, meetAgreedAction)
	agendaItemBytes   = fields(itemText, itemLinkKind, itemLinkID, itemQuestion)
	ratingBytes       = fields(ratingRelationship, ratingStage, ratingScore, ratingNote)
	scoreBytes        = fields(scoreName)
	settingsBytes     = fields(settingsOrganisation, settingsTopic)
)

func decodeRelationship(b []byte, r *Relationship) error {
	return decodeTyped(b, relationshipBytes, func(f field) error {
		switch f.num {
		case relVersion:
			return checkVersion(f)
		case relRole:
			r.Role = Role(f.v)
		case relPerson:
			r.Person = f.str()
		case relOrganisation:
			r.Organisation = f.str()
		case relStart:
			r.Start = f.date()
		case relLengthMonths:
			r.LengthMonths = int(f.v)
		case relIntervalDays:
			r.IntervalDays = int(f.v)
		case relStatus:
			r.Status = RelationshipStatus(f.v)
		case relEndReason:
			r.EndReason = f.str()
		case relEndedOn:
			r.EndedOn = f.date()
		case relAgreement:
			s, err := decodeSection(f.b)
			if err != nil {
				return err
			}
			r.Agreement = append(r.Agreement, s)
		case relAgreedOn:
			r.AgreedOn = f.date()
		case relCreated:
			r.Created = f.time()
		case relUpdated:
			r.Updated = f.time()
		}
		return nil
	})
}

// Meeting fields.
const (
	meetVersion protowire.Number = iota + 1
	meetRelationship
	meetDate
	meetFormat
	meetHeld
	meetAgenda
	meetNotes
	meetTopics
	meetAgreedAction
	meetNextDate
	meetShared
	meetCreated
	meetUpdated
)

// Agenda item fields.
const (
	itemText protowire.Number = iota + 1
	itemLinkKind
	itemLinkID
	itemQuestion
)

func boolValue(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func encodeMeeting(m *Meeting) []byte {
	var enc encoder
	enc.uint(meetVersion, schemaVersion)
	enc.str(meetRelationship, string(m.RelationshipID))
	enc.int(meetDate, int64(m.Date))
	enc.uint(meetFormat, uint64(m.Format))
	enc.uint(meetHeld, boolValue(m.Held))
	for _, it := range m.Agenda {
		var item encoder
		item.str(itemText, it.Text)
		item.str(itemLinkKind, string(it.LinkKind))
		item.str(itemLinkID, string(it.LinkID))
		item.str(itemQuestion, it.Question)
		enc.message(meetAgenda, item.b)
	}
	encodeSections(&enc, meetNotes, m.Notes)
	enc.strs(meetTopics, m.Topics)
	enc.ids(meetAgreedAction, m.AgreedActionIDs)
	enc.int(meetNextDate, int64(m.NextDate))
	enc.uint(meetShared, boolValue(m.Shared))
	enc.time(meetCreated, m.Created)
	enc.time(meetUpdated, m.Updated)
	return enc.b
}

func decodeMeeting(b []byte, m *Meeting) error {
	return decodeTyped(b, meetingBytes, func(f field) error {
		switch f.num {
		case meetVersion:
			return checkVersion(f)
		case meetRelationship:
			m.RelationshipID = ID(f.str())
		case meetDate:
			m.Date = f.date()
		case meetFormat:
			m.Format = MeetingFormat(f.v)
		case meetHeld:
			m.Held = f.v != 0
		case meetAgenda:
			var it AgendaItem
			err := decodeTyped(f.b, agendaItemBytes, func(g field) error {
				switch g.num {
				case itemText:
					it.Text = g.str()
				case itemLinkKind:
					it.LinkKind = Kind(g.str())
				case itemLinkID:
					it.LinkID = ID(g.str())
				case itemQuestion:
					it.Question = g.str()
				}
				return nil
			})
			if err != nil {
				return err
			}
			m.Agenda = append(m.Agenda, it)
		case meetNotes:
			s, err := decodeSection(f.b)
			if err != nil {
				return err
			}
			m.Notes = append(m.Notes, s)
		case meetTopics:
			m.Topics = append(m.Topics, f.str())
		case meetAgreedAction:
			m.AgreedActionIDs = append(m.AgreedActionIDs, ID(f.str()))
		case meetNextDate:
			m.NextDate = f.date()
		case meetShared:
			m.Shared = f.v != 0
		case meetCreated:
			m.Created = f.time()
		case meetUpdated:
			m.Updated = f.time()
		}
		return nil
	})
}

// Rating fields.
const (
	ratingVersion protowire.Number = iota + 1
	ratingKind
	ratingRelationship
	ratingStage
	ratingDate
	ratingScore
	ratingNote
	ratingCreated
)

// Score fields.
const (
	scoreName protowire.Number = iota + 1
	scoreValue
)

func encodeRating(r *Rating) []byte {
	var enc encoder
	enc.uint(ratingVersion, schemaVersion)
	enc.uint(ratingKind, uint64(r.Kind))
	enc.str(ratingRelationship, string(r.RelationshipID))
	enc.str(ratingStage, r.Stage)
	enc.int(ratingDate, int64(r.Date))
	for _, s := range r.Scores {
		var sc encoder
		sc.str(scoreName, s.Name)
		sc.uint(scoreValue, uint64(s.Value))
		enc.message(ratingScore, sc.b)
	}
	enc.str(ratingNote, r.Note)
	enc.time(ratingCreated, r.Created)
	return enc.b
}

func decodeRating(b []byte, r *Rating) error {
	return decodeTyped(b, ratingBytes, func(f field) error {
		switch f.num {
		case ratingVersion:
			return checkVersion(f)
		case ratingKind:
			r.Kind = RatingKind(f.v)
		case ratingRelationship:
			r.RelationshipID = ID(f.str())
		case ratingStage:
			r.Stage = f.str()
		case ratingDate:
			r.Date = f.date()
		case ratingScore:
			var s Score
			err := decodeTyped(f.b, scoreBytes, func(g field) error {
				switch g.num {
				case scoreName:
					s.Name = g.str()
				case scoreValue:
					s.Value = int(g.v)
				}
				return nil
			})
			if err != nil {
				return err
			}
			r.Scores = append(r.Scores, s)
		case ratingNote:
			r.Note = f.str()
		case ratingCreated:
			r.Created = f.time()
		}
		return nil
	})
}

// Settings fields.
const (
	settingsVersion protowire.Number = iota + 1
	settingsOrganisation
	settingsRenewal
	settingsTopic
)

func encodeSettings(s *Settings) []byte {
	var enc encoder
	enc.uint(settingsVersion, schemaVersion)
	enc.str(settingsOrganisation, s.Organisation)
	enc.int(settingsRenewal, int64(s.RenewalDate))
	enc.strs(settingsTopic, s.Topics)
	return enc.b
}

func decodeSettings(b []byte, s *Settings) error {
	return decodeTyped(b, settingsBytes, func(f field) error {
		switch f.num {
		case settingsVersion:
			return checkVersion(f)
		case settingsOrganisation:
			s.Organisation = f.str()
		case settingsRenewal:
			s.RenewalDate = f.date()
		case settingsTopic:
			s.Topics = append(s.Topics, f.str())
		}
		return nil
	})
}
