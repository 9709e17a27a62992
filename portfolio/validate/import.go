package validate


// reason is a validation error's sentence without the sentinel's prefix, which the
// wrapping import error carries already.
func reason(err error) string {
	s := err.Error()
	for _, e := range []error{ErrInvalid, ErrInvalidDate, ErrUnknownFunction, ErrNotFound} {
		s = strings.TrimPrefix(s, e.Error()+": ")
	}
	return s
}

// validateImportedEntry checks an entry as saving one does, and what only an archive
// can get wrong.
func (p *Portfolio) validateImportedEntry(e *Entry) error {
	if err := p.validateEntry(e); err != nil {
		return err
	}
	if e.TemplateVersion < 0 {
		return invalid("the template version %d is negative", e.TemplateVersion)
	}
	return nil
}

// validateImportedRelationship checks a relationship as saving one does, and the
// date it ended, which an archive sets.
func (p *Portfolio) validateImportedRelationship(r *Relationship) error {
	if err := p.validateRelationship(r); err != nil {
		return err
	}
	return CheckDate("date ended", r.EndedOn, false)
}

func (p *Portfolio) validateImportedAction(x *Action) error {
	if err := p.validateAction(x); err != nil {
		return err
	}
	if x.MeetingID != "" {
		if _, ok := p.m.meetings[x.MeetingID]; !ok {
			return fmt.Errorf("%w: no meeting %s", ErrNotFound, x.MeetingID)
		}
	}
	return CheckDate("date done", x.DoneOn, false)
}

// validateMeeting checks a whole meeting as RecordMeeting and SaveAgenda check the
// parts they write.
func (p *Portfolio) validateMeeting(m *Meeting) error {
	if _, ok := p.m.relationships[m.RelationshipID]; !ok {
		return fmt.Errorf("%w: no relationship %s", ErrNotFound, m.RelationshipID)
	}
	if err := CheckDate("meeting date", m.Date, true); err != nil {
		return err
	}
	if m.Held && m.Date > p.Today()+1 {
		return fmt.Errorf("%w: the meeting date %s is in the future, but the meeting is marked held", ErrInvalidDate, m.Date)
	}
	if m.Format == 0 {
		m.Format = FormatOneToOne
	}
	if m.Format.String() == "" {
		return invalid("meeting format %d is unknown", m.Format)
	}
	if err := CheckDate("next meeting date", m.NextDate, false); err != nil {
		return err
	}
	var err error
	if m.Agenda, err = p.validateAgenda(m.Agenda); err != nil {
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
		if s.Body, err = cleanText("notes under "+s.Heading, s.Body); err != nil {
			return err
		}
	}
	if m.Topics, err = NormalizeTags(m.Topics); err != nil {
		return err
	}
	if m.MenteeActions, err = menteeActions(m.MenteeActions); err != nil {
		return err
	}
	for _, id := range m.AgreedActionIDs {
		if _, ok := p.actions[id]; !ok {
			return fmt.Errorf("%w: no agreed action %s", ErrNotFound, id)
		}
	}
	return nil
}

func (p *Portfolio) validateReceived(d *Received) error {
	if d.RelationshipID != "" {
		if _, ok := p.m.relationships[d.RelationshipID]; !ok {
			return fmt.Errorf("%w: no relationship %s", ErrNotFound, d.RelationshipID)
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
	case "", MediaHTML:
		if len(d.Data) > 0 {
			return invalid("only a PDF document has data; this one is %q", d.MediaType)
		}
	case MediaPDF:
		if !bytes.HasPrefix(d.Data, []byte("%PDF-")) || d.Body != "" {
			return invalid("a PDF document's data must be a PDF, and it has no body")
		}
		if len(d.Data) > MaxReceivedBytes {
			return invalid("the document is %d bytes; the most is %d MiB", len(d.Data), MaxReceivedBytes>>20)
		}
	default:
		return invalid("the media type %q is not one folio keeps (%s or %s)", d.MediaType, MediaHTML, MediaPDF)
	}
	if len(d.Body) > MaxReceivedBytes {
		return invalid("the document is %d bytes; the most is %d MiB", len(d.Body), MaxReceivedBytes>>20)
	}
	if len(d.FileName) > 1024 {
		return invalid("the file name is %d bytes long", len(d.FileName))
	}
	return nil
}

