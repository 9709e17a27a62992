package portfolio

import (
	"fmt"

	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// UpdateMeeting saves a changed copy of a meeting, checked as a whole.
func (p *Portfolio) UpdateMeeting(m Meeting) (*Meeting, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	old, ok := p.m.meetings[m.ID]
	if !ok {
		return nil, fmt.Errorf("%w: no meeting %s", ErrNotFound, m.ID)
	}
	sid, err := storageID(m.ID)
	if err != nil {
		return nil, err
	}
	m.Created = old.Created
	m.Updated = p.now().UTC()
	if err := p.validateMeeting(&m); err != nil {
		return nil, err
	}
	if err := p.put(collMeetings, sid, record.EncodeMeeting(&m)); err != nil {
		return nil, err
	}
	p.m.meetings[m.ID] = &m
	return &m, nil
}

// AddMeeting validates and saves a new meeting, planned or held, checked as
// UpdateMeeting checks a changed one.
func (p *Portfolio) AddMeeting(m Meeting) (*Meeting, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	sid := storage.NewID()
	m.ID = ID(sid.String())
	m.Created = p.now().UTC()
	m.Updated = m.Created
	if err := p.validateMeeting(&m); err != nil {
		return nil, err
	}
	if err := p.put(collMeetings, sid, record.EncodeMeeting(&m)); err != nil {
		return nil, err
	}
	p.m.meetings[m.ID] = &m
	return &m, nil
}
