package portfolio

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
