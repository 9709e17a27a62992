package validate

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/record"
)

// Reason is a validation error's sentence without the sentinel's prefix, which the
// wrapping import error carries already.
func Reason(err error) string {
	s := err.Error()
	for _, e := range []error{record.ErrInvalid, calendar.ErrInvalidDate, record.ErrUnknownFunction, record.ErrNotFound} {
		s = strings.TrimPrefix(s, e.Error()+": ")
	}
	return s
}

// ImportedEntry checks an entry as saving one does, and what only an archive
// can get wrong.
func ImportedEntry(l Links, e *record.Entry) error {
	if err := Entry(l, e); err != nil {
		return err
	}
	if e.TemplateVersion < 0 {
		return invalid("the template version %d is negative", e.TemplateVersion)
	}
	return nil
}

// ImportedRelationship checks a relationship as saving one does, and the
// date it ended, which an archive sets.
func ImportedRelationship(l Links, r *record.Relationship) error {
	if err := Relationship(l, r); err != nil {
		return err
	}
	return CheckDate("date ended", r.EndedOn, false)
}

// ImportedAction checks an action as saving one does, and the meeting it was
// agreed at and the date it was done, which an archive sets.
func ImportedAction(l Links, x *record.Action) error {
	if err := Action(l, x); err != nil {
		return err
	}
	if x.MeetingID != "" {
		if ok := l.HasMeeting(x.MeetingID); !ok {
			return fmt.Errorf("%w: no meeting %s", record.ErrNotFound, x.MeetingID)
		}
	}
	return CheckDate("date done", x.DoneOn, false)
}

// Meeting checks a whole meeting as RecordMeeting and SaveAgenda check the
// parts they write.
func Meeting(l Links, m *record.Meeting) error {
	if ok := l.HasRelationship(m.RelationshipID); !ok {
		return fmt.Errorf("%w: no relationship %s", record.ErrNotFound, m.RelationshipID)
	}
	if err := CheckDate("meeting date", m.Date, true); err != nil {
		return err
	}
	if m.Held && m.Date > l.Today()+1 {
		return fmt.Errorf("%w: the meeting date %s is in the future, but the meeting is marked held", calendar.ErrInvalidDate, m.Date)
	}
	if m.Format == 0 {
		m.Format = record.FormatOneToOne
	}
	if m.Format.String() == "" {
		return invalid("meeting format %d is unknown", m.Format)
	}
	if err := CheckDate("next meeting date", m.NextDate, false); err != nil {
		return err
	}
	var err error
	if m.Agenda, err = Agenda(l, m.Agenda); err != nil {
		return err
	}
	if len(m.Agenda) == 0 {
		m.Agenda = nil
	}
	for i := range m.Notes {
		s := &m.Notes[i]
		if s.Heading, err = CleanLine("notes heading", s.Heading, MaxTitleRunes, true); err != nil {
			return err
		}
		if s.Body, err = CleanText("notes under "+s.Heading, s.Body); err != nil {
			return err
		}
	}
	if m.Topics, err = NormalizeTags(m.Topics); err != nil {
		return err
	}
	if m.MenteeActions, err = MenteeActions(m.MenteeActions); err != nil {
		return err
	}
	for _, id := range m.AgreedActionIDs {
		if ok := l.HasAction(id); !ok {
			return fmt.Errorf("%w: no agreed action %s", record.ErrNotFound, id)
		}
	}
	return nil
}

// Received checks a received document's relationship, text and media type.
func Received(l Links, d *record.Received) error {
	if d.RelationshipID != "" {
		if ok := l.HasRelationship(d.RelationshipID); !ok {
			return fmt.Errorf("%w: no relationship %s", record.ErrNotFound, d.RelationshipID)
		}
	}
	var err error
	if d.Title, err = CleanLine("title", d.Title, MaxTitleRunes, false); err != nil {
		return err
	}
	if !utf8.ValidString(d.Body) || !utf8.ValidString(d.FileName) {
		return invalid("the document is not valid UTF-8 text")
	}
	switch d.MediaType {
	case "", record.MediaHTML:
		if len(d.Data) > 0 {
			return invalid("only a PDF document has data; this one is %q", d.MediaType)
		}
	case record.MediaPDF:
		if !bytes.HasPrefix(d.Data, []byte("%PDF-")) || d.Body != "" {
			return invalid("a PDF document's data must be a PDF, and it has no body")
		}
		if len(d.Data) > record.MaxReceivedBytes {
			return invalid("the document is %d bytes; the most is %d MiB", len(d.Data), record.MaxReceivedBytes>>20)
		}
	default:
		return invalid("the media type %q is not one folio keeps (%s or %s)", d.MediaType, record.MediaHTML, record.MediaPDF)
	}
	if len(d.Body) > record.MaxReceivedBytes {
		return invalid("the document is %d bytes; the most is %d MiB", len(d.Body), record.MaxReceivedBytes>>20)
	}
	if len(d.FileName) > 1024 {
		return invalid("the file name is %d bytes long", len(d.FileName))
	}
	return nil
}
