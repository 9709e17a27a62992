package record

import (
	"fmt"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio/calendar"
)

// Entry is a reflective entry.
type Entry struct {
	ID        ID        `json:"id"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Functions Functions `json:"functions"`
	Tags      []string  `json:"tags"`
	// Date is the day the entry is about, which may be before it was written.
	Date    calendar.Date `json:"date"`
	Created time.Time     `json:"created"`
	Updated time.Time     `json:"updated"`
	// Template and its version, if the entry came from one, with its filled sections
	// kept as written so the entry renders the same when the template changes.
	Template        string    `json:"template,omitempty"`
	TemplateVersion int       `json:"template_version,omitempty"`
	Sections        []Section `json:"sections,omitempty"`
	GoalIDs         []ID      `json:"goal_ids,omitempty"`
	ActionIDs       []ID      `json:"action_ids,omitempty"`
	// MeetingID links a mentor's session reflection to its meeting.
	MeetingID ID `json:"meeting_id,omitempty"`
	// Sharing says whether the entry may be offered to the other party of a
	// relationship; Discuss flags it to bring to the next meeting.
	Sharing Sharing `json:"sharing"`
	Discuss bool    `json:"discuss,omitempty"`
	// RecordKind is what the entry counts as, set from its template (planned_cpd,
	// peer_discussion, meeting_record, ...), so revalidation and mentoring checks can
	// count records without reading their text. Empty for a plain entry.
	RecordKind RecordKind `json:"record_kind,omitempty"`
	// Fields are the template's structured values as filled in, with their labels,
	// so they render the same when the template changes.
	Fields []FieldValue `json:"fields,omitempty"`
	// Source identifies the entry of another program's file it was imported from
	// (the SHA-256 of that entry as read, in hex), so the same source entry is known
	// however it arrives again: another import, or another vault's archive. Empty
	// for an entry written in folio.
	Source string `json:"source,omitempty"`
	// Outcomes are the framework outcomes the entry is mapped to ("gphc:1").
	Outcomes []OutcomeRef `json:"outcomes,omitempty"`
	// RelationshipID links the entry to a relationship: a record written for an
	// action learning set, say.
	RelationshipID ID `json:"relationship_id,omitempty"`
}

// FieldValue is one structured value of a template as filled in. Values holds one
// value, or one per option chosen for a multiple choice.
type FieldValue struct {
	Name   string   `json:"name"`
	Label  string   `json:"label"`
	Values []string `json:"values"`
}

// String is the value as shown: several choices separated by "; ".
func (f FieldValue) String() string { return strings.Join(f.Values, "; ") }

// Sharing is an entry's sharing flag.
type Sharing uint8

const (
	// SharingDefault: not shared unless the user picks it for an agenda or export.
	SharingDefault Sharing = iota
	// SharingShareable: fit to share with a mentor or supervisor as it is.
	SharingShareable
	// SharingPrivate: never offered for an agenda or export unless named explicitly.
	SharingPrivate
)

var sharingNames = map[Sharing]string{SharingDefault: "unshared", SharingShareable: "shareable", SharingPrivate: "private"}

func (s Sharing) String() string { return sharingNames[s] }

// MarshalText writes the sharing flag's name.
func (s Sharing) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSharing reads unshared, shareable or private.
func ParseSharing(s string) (Sharing, error) {
	v, ok := ParseUniquePrefix(s, sharingNames)
	if !ok {
		return 0, invalid("sharing %q is not one of unshared, shareable, private", s)
	}
	return v, nil
}

// Offerable reports whether the entry may be proposed for an agenda or an export to
// the other party: not private, and not a mentor's own session reflection.
func (e *Entry) Offerable() bool {
	return e.Sharing != SharingPrivate && !e.IsMentorReflection()
}

// IsMentorReflection reports whether the entry is a mentor's own reflection: on a
// session (linked to a meeting) or written from the mentor's reflection template.
// These stay the mentor's alone.
func (e *Entry) IsMentorReflection() bool {
	return e.MeetingID != "" || e.RecordKind == RecordMentorReflection
}

// Text is the whole entry body: the free body, then each filled section under its heading.
func (e *Entry) Text() string {
	if len(e.Sections) == 0 && len(e.Fields) == 0 {
		return e.Body
	}
	s := e.Body
	for _, f := range e.Fields {
		if len(f.Values) == 0 {
			continue
		}
		if s != "" {
			s += "\n"
		}
		s += f.Label + ": " + f.String()
	}
	for _, sec := range e.Sections {
		if s != "" {
			s += "\n\n"
		}
		s += "## " + sec.Heading + "\n\n" + sec.Body
	}
	return s
}

// GoalStatus is where a goal stands.
type GoalStatus uint8

const (
	GoalOpen GoalStatus = iota + 1
	GoalAchieved
	GoalDropped
)

var goalStatusNames = map[GoalStatus]string{GoalOpen: "open", GoalAchieved: "achieved", GoalDropped: "dropped"}

func (s GoalStatus) String() string { return goalStatusNames[s] }

// MarshalText writes the status name.
func (s GoalStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseGoalStatus reads open, achieved or dropped.
func ParseGoalStatus(s string) (GoalStatus, error) {
	for k, v := range goalStatusNames {
		if v == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("%w: goal status %q is not one of open, achieved, dropped", ErrInvalid, s)
}

// Goal is a learning need or development goal; its Actions are its action plan.
type Goal struct {
	ID        ID            `json:"id"`
	Title     string        `json:"title"`
	Why       string        `json:"why,omitempty"`
	Functions Functions     `json:"functions"`
	Target    calendar.Date `json:"target,omitempty"`
	Status    GoalStatus    `json:"status"`
	// Review is what the user wrote when reviewing the goal.
	Review  string    `json:"review,omitempty"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// ActionStatus is where an action step stands.
type ActionStatus uint8

const (
	ActionTodo ActionStatus = iota + 1
	ActionDoing
	ActionDone
)

var actionStatusNames = map[ActionStatus]string{ActionTodo: "todo", ActionDoing: "doing", ActionDone: "done"}

func (s ActionStatus) String() string { return actionStatusNames[s] }

// MarshalText writes the status name.
func (s ActionStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseActionStatus reads todo, doing or done.
func ParseActionStatus(s string) (ActionStatus, error) {
	for k, v := range actionStatusNames {
		if v == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("%w: action status %q is not one of todo, doing, done", ErrInvalid, s)
}

// Action is one step of a goal's action plan.
type Action struct {
	ID     ID            `json:"id"`
	GoalID ID            `json:"goal_id,omitempty"`
	What   string        `json:"what"`
	Due    calendar.Date `json:"due,omitempty"`
	Status ActionStatus  `json:"status"`
	// ReflectionID is the entry that reflects on the action once done.
	ReflectionID ID            `json:"reflection_id,omitempty"`
	Created      time.Time     `json:"created"`
	Updated      time.Time     `json:"updated"`
	DoneOn       calendar.Date `json:"done_on,omitempty"`
	// MeetingID is the meeting at which the action was agreed, if any.
	MeetingID ID `json:"meeting_id,omitempty"`
}

// Overdue reports whether the action is not done and its due date has passed.
func (a *Action) Overdue(today calendar.Date) bool {
	return a.Status != ActionDone && !a.Due.IsZero() && a.Due < today
}

// Field returns an entry's value for a field name.
func (e *Entry) Field(name string) (FieldValue, bool) {
	for _, f := range e.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return FieldValue{}, false
}
