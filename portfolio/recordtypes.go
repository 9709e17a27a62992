package portfolio

import "github.com/foliohq/folio/portfolio/record"

// The record types of portfolio/record under the core's names: the core keeps their
// validation, store and place in the table of kinds; their types, names, parsing and
// codecs are the leaf's, which the packages around the core may use too.

type (
	// ID names a record.
	ID = record.ID
	// Kind says what sort of record an ID names.
	Kind = record.Kind
	// Section is one filled section of a template.
	Section = record.Section
	// Function is one of Proctor's three functions; Functions a set of them.
	Function  = record.Function
	Functions = record.Functions
	// The mentoring records and their parts.
	Role               = record.Role
	RelationshipStatus = record.RelationshipStatus
	Relationship       = record.Relationship
	MeetingFormat      = record.MeetingFormat
	AgendaItem         = record.AgendaItem
	Meeting            = record.Meeting
	AgreedAction       = record.AgreedAction
	Score              = record.Score
	RatingKind         = record.RatingKind
	Rating             = record.Rating
	// Entries, goals and their action plans, contacts and questionnaires.
	Entry        = record.Entry
	FieldValue   = record.FieldValue
	Sharing      = record.Sharing
	RecordKind   = record.RecordKind
	OutcomeRef   = record.OutcomeRef
	GoalStatus   = record.GoalStatus
	Goal         = record.Goal
	ActionStatus = record.ActionStatus
	Action       = record.Action
	Contact      = record.Contact
	Evaluation   = record.Evaluation
	Answer       = record.Answer
	// The user's settings, a document received, and how documents write dates.
	Settings  = record.Settings
	Received  = record.Received
	DateStyle = record.DateStyle
)

const (
	DateStyleLong    = record.DateStyleLong
	DateStyleISO     = record.DateStyleISO
	MediaHTML        = record.MediaHTML
	MediaPDF         = record.MediaPDF
	MaxReceivedBytes = record.MaxReceivedBytes

	Normative   = record.Normative
	Formative   = record.Formative
	Restorative = record.Restorative

	RoleMentee         = record.RoleMentee
	RoleMentor         = record.RoleMentor
	RolePeerSupport    = record.RolePeerSupport
	RoleActionLearning = record.RoleActionLearning

	RelActive = record.RelActive
	RelPaused = record.RelPaused
	RelEnded  = record.RelEnded

	FormatOneToOne = record.FormatOneToOne
	FormatGroup    = record.FormatGroup
	FormatRemote   = record.FormatRemote

	RatingSkills   = record.RatingSkills
	RatingProgress = record.RatingProgress

	SharingDefault   = record.SharingDefault
	SharingShareable = record.SharingShareable
	SharingPrivate   = record.SharingPrivate

	GoalOpen     = record.GoalOpen
	GoalAchieved = record.GoalAchieved
	GoalDropped  = record.GoalDropped

	ActionTodo  = record.ActionTodo
	ActionDoing = record.ActionDoing
	ActionDone  = record.ActionDone

	RecordEntry              = record.RecordEntry
	RecordGoal               = record.RecordGoal
	RecordPlannedCPD         = record.RecordPlannedCPD
	RecordUnplannedCPD       = record.RecordUnplannedCPD
	RecordPeerDiscussion     = record.RecordPeerDiscussion
	RecordReflectiveAccount  = record.RecordReflectiveAccount
	RecordMeetingPrep        = record.RecordMeetingPrep
	RecordMeetingRecord      = record.RecordMeetingRecord
	RecordMentorReflection   = record.RecordMentorReflection
	RecordMentoringAgreement = record.RecordMentoringAgreement
	RecordActionLearningSet  = record.RecordActionLearningSet
)

// The fixed lists, shared with the leaf and never changed.
var (
	// AllFunctions lists the functions in Proctor's order.
	AllFunctions = record.AllFunctions
	// GROWStages are the default headings of meeting notes.
	GROWStages = record.GROWStages
	// DefaultTopics seeds the list of meeting topics.
	DefaultTopics = record.DefaultTopics
	// ProgressStages are when a progress self-assessment is taken.
	ProgressStages = record.ProgressStages
	// MentorSkills are what a mentor rates in the skills log.
	MentorSkills = record.MentorSkills
	// ProgressOutcomes are the outcomes schemes measure.
	ProgressOutcomes = record.ProgressOutcomes
)

// ParseFunction reads a function name or a unique prefix, in any case.
func ParseFunction(s string) (Function, error) { return record.ParseFunction(s) }

// ParseFunctions reads function names into a set.
func ParseFunctions(names []string) (Functions, error) { return record.ParseFunctions(names) }

// ParseDateStyle reads "long" or "iso".
func ParseDateStyle(s string) (DateStyle, error) { return record.ParseDateStyle(s) }

// ParseRole reads mentee, mentor, peer-support or action-learning, or a unique prefix.
func ParseRole(s string) (Role, error) { return record.ParseRole(s) }

// ParseInterval reads how often to meet (weekly, "every 6 weeks", ...) in days.
func ParseInterval(s string) (int, error) { return record.ParseInterval(s) }

// IntervalText says an interval in words.
func IntervalText(days int) string { return record.IntervalText(days) }

// ParseMeetingFormat reads 1:1, group or phone/video.
func ParseMeetingFormat(s string) (MeetingFormat, error) { return record.ParseMeetingFormat(s) }

// ParseSharing reads unshared, shareable or private.
func ParseSharing(s string) (Sharing, error) { return record.ParseSharing(s) }

// ParseGoalStatus reads open, achieved or dropped.
func ParseGoalStatus(s string) (GoalStatus, error) { return record.ParseGoalStatus(s) }

// ParseActionStatus reads todo, doing or done.
func ParseActionStatus(s string) (ActionStatus, error) { return record.ParseActionStatus(s) }

// ParseOutcomeRef reads "FRAMEWORK:ID". It checks the form only; whether the
// framework has the outcome is Frameworks.Resolve's question.
func ParseOutcomeRef(s string) (OutcomeRef, error) { return record.ParseOutcomeRef(s) }
