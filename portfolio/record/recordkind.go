package record

import "github.com/foliohq/folio/templates"

// RecordKind is what an entry counts as for revalidation and mentoring: set from the
// template it was written with.
type RecordKind string

// Record kinds. RecordGoal is never stored on an entry: a goal template makes a goal.
const (
	RecordEntry              RecordKind = templates.KindEntry
	RecordGoal               RecordKind = templates.KindGoal
	RecordPlannedCPD         RecordKind = templates.KindPlannedCPD
	RecordUnplannedCPD       RecordKind = templates.KindUnplannedCPD
	RecordPeerDiscussion     RecordKind = templates.KindPeerDiscussion
	RecordReflectiveAccount  RecordKind = templates.KindReflectiveAccount
	RecordMeetingPrep        RecordKind = templates.KindMeetingPrep
	RecordMeetingRecord      RecordKind = templates.KindMeetingRecord
	RecordMentorReflection   RecordKind = templates.KindMentorReflection
	RecordMentoringAgreement RecordKind = templates.KindMentoringAgreement
	RecordActionLearningSet  RecordKind = templates.KindActionLearningSet
)

// IsCPD reports whether the kind is a CPD record for revalidation.
func (k RecordKind) IsCPD() bool { return k == RecordPlannedCPD || k == RecordUnplannedCPD }

var recordKindLabels = map[RecordKind]string{
	RecordPlannedCPD:         "planned CPD",
	RecordUnplannedCPD:       "unplanned CPD",
	RecordPeerDiscussion:     "peer discussion",
	RecordReflectiveAccount:  "reflective account",
	RecordMeetingPrep:        "meeting preparation",
	RecordMeetingRecord:      "meeting record",
	RecordMentorReflection:   "mentor's reflection",
	RecordMentoringAgreement: "mentoring agreement",
	RecordActionLearningSet:  "action learning set",
}

// Label is the kind in words, "" for a plain entry.
func (k RecordKind) Label() string { return recordKindLabels[k] }
