package codec

import "google.golang.org/protobuf/encoding/protowire"

// The field numbers of every record, as records.proto lists them. They must never be
// reused: a number once written means that field for good.

// Entry fields.
const (
	EntryVersion protowire.Number = iota + 1
	EntryTitle
	EntryBody
	EntryFunctions
	EntryTags
	EntryDate
	EntryCreated
	EntryUpdated
	EntryTemplate
	EntryTemplateVersion
	EntrySection
	EntryGoalID
	EntryActionID
)

// Entry fields added for mentoring; numbered apart so other additions cannot collide.
const (
	EntryMeetingID protowire.Number = 20 + iota
	EntrySharing
	EntryDiscuss
)

// Entry fields added for templates, numbered apart like the mentoring ones.
const (
	EntryRecordKind protowire.Number = 30 + iota
	EntryField
)

// Entry fields added for imports, numbered apart like the mentoring ones.
const (
	EntrySource protowire.Number = 40 + iota
)

// Section fields.
const (
	SectionHeading protowire.Number = iota + 1
	SectionBody
)

// FieldValue fields.
const (
	FieldValueName protowire.Number = iota + 1
	FieldValueLabel
	FieldValueValue
)

// Goal fields.
const (
	GoalVersion protowire.Number = iota + 1
	GoalTitle
	GoalWhy
	GoalFunctions
	GoalTarget
	GoalStatus
	GoalReview
	GoalCreated
	GoalUpdated
)

// Action fields.
const (
	ActionVersion protowire.Number = iota + 1
	ActionGoalID
	ActionWhat
	ActionDue
	ActionStatus
	ActionReflectionID
	ActionCreated
	ActionUpdated
	ActionDoneOn
)

// Action fields added for mentoring.
const ActionMeetingID protowire.Number = 20

// Relationship fields.
const (
	RelVersion protowire.Number = iota + 1
	RelRole
	RelPerson
	RelOrganisation
	RelStart
	RelLengthMonths
	RelIntervalDays
	RelStatus
	RelEndReason
	RelEndedOn
	RelAgreement
	RelAgreedOn
	RelCreated
	RelUpdated
)

// Meeting fields.
const (
	MeetVersion protowire.Number = iota + 1
	MeetRelationship
	MeetDate
	MeetFormat
	MeetHeld
	MeetAgenda
	MeetNotes
	MeetTopics
	MeetAgreedAction
	MeetNextDate
	MeetShared
	MeetCreated
	MeetUpdated
	// MeetMenteeAction is what a mentee agreed to do, as their mentor records it.
	MeetMenteeAction
)

// Fields of an action a mentee agreed, kept on their mentor's meeting record.
const (
	AgreedWhat protowire.Number = iota + 1
	AgreedDue
)

// Agenda item fields.
const (
	ItemText protowire.Number = iota + 1
	ItemLinkKind
	ItemLinkID
	ItemQuestion
)

// Rating fields.
const (
	RatingVersion protowire.Number = iota + 1
	RatingKind
	RatingRelationship
	RatingStage
	RatingDate
	RatingScore
	RatingNote
	RatingCreated
)

// Score fields.
const (
	ScoreName protowire.Number = iota + 1
	ScoreValue
)

// Settings fields.
const (
	SettingsVersion protowire.Number = iota + 1
	SettingsOrganisation
	SettingsRenewal
	SettingsTopic
	SettingsDateStyle
)

// SettingsHistoryDays is how long versions are kept (docs/HISTORY.md).
const SettingsHistoryDays protowire.Number = 20

// Received document fields.
const (
	RecvVersion protowire.Number = iota + 1
	RecvRelationship
	RecvTitle
	RecvBody
	RecvFileName
	RecvAt
	// RecvMediaType is "text/html" or "application/pdf"; empty for Markdown or text.
	RecvMediaType
	// RecvData is a PDF's bytes, which are not text.
	RecvData
)

// Kind is how a field's value is written.
type Kind int

// Field kinds: a varint (uint64, or bool as 0 or 1), a zigzag varint (sint64: dates
// and times), a length-delimited string, or a nested message.
const (
	KindUint Kind = iota + 1
	KindBool
	KindSint
	KindString
	KindMessage
	KindBytes
)

// WireType is the protobuf wire type a field of this kind is written with.
func (k Kind) WireType() protowire.Type {
	if k == KindString || k == KindMessage || k == KindBytes {
		return protowire.BytesType
	}
	return protowire.VarintType
}

// FieldSpec is one field of a record, as records.proto declares it.
type FieldSpec struct {
	Name     string
	Num      protowire.Number
	Kind     Kind
	Repeated bool
	Message  string // the nested message's name, for KindMessage
}

// Message is one record type, or a message nested in one.
type Message struct {
	Name   string
	Fields []FieldSpec
}

// Schema is records.proto as a table: every message and its fields.
var Schema = []Message{
	{Name: "Entry", Fields: []FieldSpec{
		{Name: "version", Num: EntryVersion, Kind: KindUint},
		{Name: "title", Num: EntryTitle, Kind: KindString},
		{Name: "body", Num: EntryBody, Kind: KindString},
		{Name: "functions", Num: EntryFunctions, Kind: KindUint},
		{Name: "tags", Num: EntryTags, Kind: KindString, Repeated: true},
		{Name: "date", Num: EntryDate, Kind: KindSint},
		{Name: "created", Num: EntryCreated, Kind: KindSint},
		{Name: "updated", Num: EntryUpdated, Kind: KindSint},
		{Name: "template", Num: EntryTemplate, Kind: KindString},
		{Name: "template_version", Num: EntryTemplateVersion, Kind: KindUint},
		{Name: "section", Num: EntrySection, Kind: KindMessage, Repeated: true, Message: "Section"},
		{Name: "goal_id", Num: EntryGoalID, Kind: KindString, Repeated: true},
		{Name: "action_id", Num: EntryActionID, Kind: KindString, Repeated: true},
		{Name: "meeting_id", Num: EntryMeetingID, Kind: KindString},
		{Name: "sharing", Num: EntrySharing, Kind: KindUint},
		{Name: "discuss", Num: EntryDiscuss, Kind: KindBool},
		{Name: "record_kind", Num: EntryRecordKind, Kind: KindString},
		{Name: "field", Num: EntryField, Kind: KindMessage, Repeated: true, Message: "FieldValue"},
		{Name: "source", Num: EntrySource, Kind: KindString},
		{Name: "outcome", Num: EntryOutcome, Kind: KindString, Repeated: true},
		{Name: "relationship", Num: EntryRelationship, Kind: KindString},
	}},
	{Name: "Section", Fields: []FieldSpec{
		{Name: "heading", Num: SectionHeading, Kind: KindString},
		{Name: "body", Num: SectionBody, Kind: KindString},
	}},
	{Name: "FieldValue", Fields: []FieldSpec{
		{Name: "name", Num: FieldValueName, Kind: KindString},
		{Name: "label", Num: FieldValueLabel, Kind: KindString},
		{Name: "value", Num: FieldValueValue, Kind: KindString, Repeated: true},
	}},
	{Name: "Goal", Fields: []FieldSpec{
		{Name: "version", Num: GoalVersion, Kind: KindUint},
		{Name: "title", Num: GoalTitle, Kind: KindString},
		{Name: "why", Num: GoalWhy, Kind: KindString},
		{Name: "functions", Num: GoalFunctions, Kind: KindUint},
		{Name: "target", Num: GoalTarget, Kind: KindSint},
		{Name: "status", Num: GoalStatus, Kind: KindUint},
		{Name: "review", Num: GoalReview, Kind: KindString},
		{Name: "created", Num: GoalCreated, Kind: KindSint},
		{Name: "updated", Num: GoalUpdated, Kind: KindSint},
	}},
	{Name: "Action", Fields: []FieldSpec{
		{Name: "version", Num: ActionVersion, Kind: KindUint},
		{Name: "goal_id", Num: ActionGoalID, Kind: KindString},
		{Name: "what", Num: ActionWhat, Kind: KindString},
		{Name: "due", Num: ActionDue, Kind: KindSint},
		{Name: "status", Num: ActionStatus, Kind: KindUint},
		{Name: "reflection_id", Num: ActionReflectionID, Kind: KindString},
		{Name: "created", Num: ActionCreated, Kind: KindSint},
		{Name: "updated", Num: ActionUpdated, Kind: KindSint},
		{Name: "done_on", Num: ActionDoneOn, Kind: KindSint},
		{Name: "meeting_id", Num: ActionMeetingID, Kind: KindString},
	}},
	{Name: "Relationship", Fields: []FieldSpec{
		{Name: "version", Num: RelVersion, Kind: KindUint},
		{Name: "role", Num: RelRole, Kind: KindUint},
		{Name: "person", Num: RelPerson, Kind: KindString},
		{Name: "organisation", Num: RelOrganisation, Kind: KindString},
		{Name: "start", Num: RelStart, Kind: KindSint},
		{Name: "length_months", Num: RelLengthMonths, Kind: KindUint},
		{Name: "interval_days", Num: RelIntervalDays, Kind: KindUint},
		{Name: "status", Num: RelStatus, Kind: KindUint},
		{Name: "end_reason", Num: RelEndReason, Kind: KindString},
		{Name: "ended_on", Num: RelEndedOn, Kind: KindSint},
		{Name: "agreement", Num: RelAgreement, Kind: KindMessage, Repeated: true, Message: "Section"},
		{Name: "agreed_on", Num: RelAgreedOn, Kind: KindSint},
		{Name: "created", Num: RelCreated, Kind: KindSint},
		{Name: "updated", Num: RelUpdated, Kind: KindSint},
		{Name: "participant", Num: RelParticipant, Kind: KindString, Repeated: true},
	}},
	{Name: "Meeting", Fields: []FieldSpec{
		{Name: "version", Num: MeetVersion, Kind: KindUint},
		{Name: "relationship", Num: MeetRelationship, Kind: KindString},
		{Name: "date", Num: MeetDate, Kind: KindSint},
		{Name: "format", Num: MeetFormat, Kind: KindUint},
		{Name: "held", Num: MeetHeld, Kind: KindBool},
		{Name: "agenda", Num: MeetAgenda, Kind: KindMessage, Repeated: true, Message: "AgendaItem"},
		{Name: "notes", Num: MeetNotes, Kind: KindMessage, Repeated: true, Message: "Section"},
		{Name: "topics", Num: MeetTopics, Kind: KindString, Repeated: true},
		{Name: "agreed_action", Num: MeetAgreedAction, Kind: KindString, Repeated: true},
		{Name: "next_date", Num: MeetNextDate, Kind: KindSint},
		{Name: "shared", Num: MeetShared, Kind: KindBool},
		{Name: "created", Num: MeetCreated, Kind: KindSint},
		{Name: "updated", Num: MeetUpdated, Kind: KindSint},
		{Name: "mentee_action", Num: MeetMenteeAction, Kind: KindMessage, Repeated: true, Message: "AgreedAction"},
		{Name: "functions", Num: MeetFunctions, Kind: KindUint},
	}},
	{Name: "AgreedAction", Fields: []FieldSpec{
		{Name: "what", Num: AgreedWhat, Kind: KindString},
		{Name: "due", Num: AgreedDue, Kind: KindSint},
	}},
	{Name: "AgendaItem", Fields: []FieldSpec{
		{Name: "text", Num: ItemText, Kind: KindString},
		{Name: "link_kind", Num: ItemLinkKind, Kind: KindString},
		{Name: "link_id", Num: ItemLinkID, Kind: KindString},
		{Name: "question", Num: ItemQuestion, Kind: KindString},
	}},
	{Name: "Rating", Fields: []FieldSpec{
		{Name: "version", Num: RatingVersion, Kind: KindUint},
		{Name: "kind", Num: RatingKind, Kind: KindUint},
		{Name: "relationship", Num: RatingRelationship, Kind: KindString},
		{Name: "stage", Num: RatingStage, Kind: KindString},
		{Name: "date", Num: RatingDate, Kind: KindSint},
		{Name: "score", Num: RatingScore, Kind: KindMessage, Repeated: true, Message: "Score"},
		{Name: "note", Num: RatingNote, Kind: KindString},
		{Name: "created", Num: RatingCreated, Kind: KindSint},
	}},
	{Name: "Score", Fields: []FieldSpec{
		{Name: "name", Num: ScoreName, Kind: KindString},
		{Name: "value", Num: ScoreValue, Kind: KindUint},
	}},
	{Name: "Settings", Fields: []FieldSpec{
		{Name: "version", Num: SettingsVersion, Kind: KindUint},
		{Name: "organisation", Num: SettingsOrganisation, Kind: KindString},
		{Name: "renewal", Num: SettingsRenewal, Kind: KindSint},
		{Name: "topic", Num: SettingsTopic, Kind: KindString, Repeated: true},
		{Name: "date_style", Num: SettingsDateStyle, Kind: KindString},
		{Name: "history_days", Num: SettingsHistoryDays, Kind: KindUint},
	}},
	{Name: "Received", Fields: []FieldSpec{
		{Name: "version", Num: RecvVersion, Kind: KindUint},
		{Name: "relationship", Num: RecvRelationship, Kind: KindString},
		{Name: "title", Num: RecvTitle, Kind: KindString},
		{Name: "body", Num: RecvBody, Kind: KindString},
		{Name: "file_name", Num: RecvFileName, Kind: KindString},
		{Name: "at", Num: RecvAt, Kind: KindSint},
		{Name: "media_type", Num: RecvMediaType, Kind: KindString},
		{Name: "data", Num: RecvData, Kind: KindBytes},
	}},
	evaluationSchema[0], evaluationSchema[1],
	contactSchema[0],
}
