package record

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio/calendar"
)

// Role is the user's part in a mentoring or peer-support relationship.
type Role uint8

const (
	RoleMentee Role = iota + 1
	RoleMentor
	RolePeerSupport
	RoleActionLearning
)

var roleNames = map[Role]string{
	RoleMentee:         "mentee",
	RoleMentor:         "mentor",
	RolePeerSupport:    "peer-support",
	RoleActionLearning: "action-learning",
}

var roleLabels = map[Role]string{
	RoleMentee:         "mentee",
	RoleMentor:         "mentor",
	RolePeerSupport:    "peer support partner",
	RoleActionLearning: "action learning set member",
}

func (r Role) String() string { return roleNames[r] }

// Label is the role in words for people.
func (r Role) Label() string { return roleLabels[r] }

// MarshalText writes the role name.
func (r Role) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// ParseRole reads mentee, mentor, peer-support or action-learning, or a unique prefix.
func ParseRole(s string) (Role, error) {
	r, ok := ParseUniquePrefix(s, roleNames)
	if !ok {
		return 0, invalid("role %q is not one of mentee, mentor, peer-support, action-learning", s)
	}
	return r, nil
}

// RelationshipStatus is where a relationship stands.
type RelationshipStatus uint8

const (
	RelActive RelationshipStatus = iota + 1
	RelPaused
	RelEnded
)

var relStatusNames = map[RelationshipStatus]string{RelActive: "active", RelPaused: "paused", RelEnded: "ended"}

func (s RelationshipStatus) String() string { return relStatusNames[s] }

// MarshalText writes the status name.
func (s RelationshipStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Relationship is one mentoring or peer-support relationship, from the user's side.
type Relationship struct {
	ID   ID   `json:"id"`
	Role Role `json:"role"`
	// Person is the other party, by a name or pseudonym of the user's choice.
	Person       string        `json:"person"`
	Organisation string        `json:"organisation,omitempty"`
	Start        calendar.Date `json:"start"`
	// LengthMonths is the planned length; IntervalDays how often to meet.
	LengthMonths int                `json:"length_months,omitempty"`
	IntervalDays int                `json:"interval_days,omitempty"`
	Status       RelationshipStatus `json:"status"`
	EndReason    string             `json:"end_reason,omitempty"`
	EndedOn      calendar.Date      `json:"ended_on,omitempty"`
	// Agreement is the mentoring agreement as filled in, and the day it was agreed.
	Agreement []Section     `json:"agreement,omitempty"`
	AgreedOn  calendar.Date `json:"agreed_on,omitempty"`
	// Participants of a group (peer support, an action learning set), by name or
	// initials; never checked against patient identifiers, as they are colleagues.
	Participants []string  `json:"participants,omitempty"`
	Created      time.Time `json:"created"`
	Updated      time.Time `json:"updated"`
}

// Title names the relationship for lists: "mentor to Sam".
func (r *Relationship) Title() string {
	switch r.Role {
	case RoleMentee:
		return "mentored by " + r.Person
	case RoleMentor:
		return "mentor to " + r.Person
	case RolePeerSupport:
		return "peer support with " + r.Person
	}
	return "action learning set: " + r.Person
}

// PlannedMeetings is how many meetings the plan implies, or 0 if it is open-ended.
func (r *Relationship) PlannedMeetings() int {
	if r.LengthMonths <= 0 || r.IntervalDays <= 0 {
		return 0
	}
	return max(1, int(math.Floor(float64(r.LengthMonths)*30.44/float64(r.IntervalDays))))
}

// ParseInterval reads how often to meet: weekly, fortnightly, monthly, "every 6 weeks",
// "3 weeks", "2 months", or a number of days.
func ParseInterval(s string) (int, error) {
	t := strings.TrimPrefix(strings.ToLower(strings.Join(strings.Fields(s), " ")), "every ")
	switch t {
	case "weekly", "week":
		return 7, nil
	case "fortnightly", "fortnight":
		return 14, nil
	case "monthly", "month":
		return 30, nil
	case "quarterly":
		return 91, nil
	}
	parts := strings.Fields(t)
	unit := 1
	if len(parts) == 2 {
		unit = map[string]int{"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30}[parts[1]]
	}
	if len(parts) == 0 || len(parts) > 2 || unit == 0 {
		return 0, invalid("meeting frequency %q is not understood; use weekly, fortnightly, monthly or 'every 6 weeks'", s)
	}
	n, err := strconv.Atoi(parts[0])
	if err != nil || n < 1 || n*unit > 366 {
		return 0, invalid("meeting frequency %q is not understood; use weekly, fortnightly, monthly or 'every 6 weeks'", s)
	}
	return n * unit, nil
}

// IntervalText says an interval in words.
func IntervalText(days int) string {
	switch {
	case days == 0:
		return "as agreed"
	case days == 7:
		return "weekly"
	case days == 14:
		return "fortnightly"
	case days == 30:
		return "monthly"
	case days%30 == 0:
		return fmt.Sprintf("every %d months", days/30)
	case days%7 == 0:
		return fmt.Sprintf("every %d weeks", days/7)
	}
	return fmt.Sprintf("every %d days", days)
}

// MeetingFormat is how a meeting is held.
type MeetingFormat uint8

const (
	FormatOneToOne MeetingFormat = iota + 1
	FormatGroup
	FormatRemote
)

var formatNames = map[MeetingFormat]string{FormatOneToOne: "1:1", FormatGroup: "group", FormatRemote: "phone/video"}

func (f MeetingFormat) String() string { return formatNames[f] }

// MarshalText writes the format name.
func (f MeetingFormat) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// ParseMeetingFormat reads 1:1, group or phone/video (also one-to-one, phone, video, remote).
func ParseMeetingFormat(s string) (MeetingFormat, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1:1", "1-1", "one-to-one", "in person", "in-person":
		return FormatOneToOne, nil
	case "group":
		return FormatGroup, nil
	case "phone/video", "phone", "video", "remote", "call":
		return FormatRemote, nil
	}
	return 0, invalid("meeting format %q is not one of 1:1, group, phone/video", s)
}

// AgendaItem is one thing to bring to a meeting: free text, or a link to an entry,
// goal or action, with the question to ask about it.
type AgendaItem struct {
	Text     string `json:"text,omitempty"`
	LinkKind Kind   `json:"link_kind,omitempty"`
	LinkID   ID     `json:"link_id,omitempty"`
	Question string `json:"question,omitempty"`
}

// Meeting is one meeting of a relationship: planned (its agenda being prepared) or
// held (with notes and agreed actions).
type Meeting struct {
	ID             ID            `json:"id"`
	RelationshipID ID            `json:"relationship_id"`
	Date           calendar.Date `json:"date"`
	Format         MeetingFormat `json:"format"`
	Held           bool          `json:"held"`
	Agenda         []AgendaItem  `json:"agenda,omitempty"`
	// Notes are by GROW stage by default (Goal, Reality, Options, Will).
	Notes           []Section     `json:"notes,omitempty"`
	Topics          []string      `json:"topics,omitempty"`
	AgreedActionIDs []ID          `json:"agreed_action_ids,omitempty"`
	NextDate        calendar.Date `json:"next_date,omitempty"`
	// Shared marks the notes as fit to share with the other party.
	Shared bool `json:"shared"`
	// Functions are the meeting's Proctor functions: restorative by default for peer
	// support, formative for mentoring.
	Functions Functions `json:"functions"`
	Created   time.Time `json:"created"`
	Updated   time.Time `json:"updated"`
	// MenteeActions are what the mentee agreed to do, as their mentor records
	// them: the mentee's to act on, so they are not in the mentor's action plan.
	MenteeActions []AgreedAction `json:"mentee_actions,omitempty"`
}

// AgreedAction is an action a mentee agreed at a meeting, kept on the mentor's
// record of it.
type AgreedAction struct {
	What string        `json:"what"`
	Due  calendar.Date `json:"due,omitempty"`
}

// GROWStages are the default headings of meeting notes.
var GROWStages = []string{"Goal", "Reality", "Options", "Will"}

// DefaultTopics seeds the list of meeting topics; users may add their own.
var DefaultTopics = []string{
	"professional development", "learning opportunities", "examinations",
	"career development", "work-life balance", "wellbeing", "a difficult case",
}

// MentorSkills and ProgressOutcomes, the rated lists, are data: see ratinglists.go.

// Score is one 1–5 rating of a named skill or outcome.
type Score struct {
	Name  string `json:"name"`
	Value int    `json:"value"`
}

// RatingKind says what a Rating measures.
type RatingKind uint8

const (
	// RatingSkills is a mentor's self-rating of mentoring skills: always private.
	RatingSkills RatingKind = iota + 1
	// RatingProgress is a self-assessment of outcomes at a stage of a relationship.
	RatingProgress
)

var ratingKindNames = map[RatingKind]string{RatingSkills: "skills", RatingProgress: "progress"}

func (k RatingKind) String() string { return ratingKindNames[k] }

// MarshalText writes the kind name.
func (k RatingKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Rating is one dated set of 1–5 self-ratings.
type Rating struct {
	ID             ID         `json:"id"`
	Kind           RatingKind `json:"kind"`
	RelationshipID ID         `json:"relationship_id,omitempty"`
	// Stage is start, middle or end for progress assessments.
	Stage   string        `json:"stage,omitempty"`
	Date    calendar.Date `json:"date"`
	Scores  []Score       `json:"scores"`
	Note    string        `json:"note,omitempty"`
	Created time.Time     `json:"created"`
}

// ProgressStages are when a progress self-assessment is taken.
var ProgressStages = []string{"start", "middle", "end"}

// UnmarshalText reads mentee, mentor, peer-support or action-learning.
func (r *Role) UnmarshalText(b []byte) error { return UnmarshalName(b, r, roleNames, "role") }

// UnmarshalText reads active, paused or ended.
func (s *RelationshipStatus) UnmarshalText(b []byte) error {
	return UnmarshalName(b, s, relStatusNames, "relationship status")
}

// UnmarshalText reads 1:1, group or phone/video.
func (f *MeetingFormat) UnmarshalText(b []byte) error {
	return UnmarshalName(b, f, formatNames, "meeting format")
}

// UnmarshalText reads skills or progress.
func (k *RatingKind) UnmarshalText(b []byte) error {
	return UnmarshalName(b, k, ratingKindNames, "rating kind")
}
