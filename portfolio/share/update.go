package portfolio

// ReceivedChange is what may change in a received document: its title and the
// relationship it is attached to. Its body, data and file name are what someone sent
// and never change. A nil field is left as it is.
type ReceivedChange struct {
	Title *string
	// RelationshipID set to "" detaches the document from any relationship.
	RelationshipID *ID
}

// UpdateReceived changes a received document's title or relationship, validated as a
// received or imported document is, and saves it in one write.
func (p *Portfolio) UpdateReceived(id ID, ch ReceivedChange) (*Received, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	old, ok := p.received[id]
	if !ok {
		return nil, fmt.Errorf("%w: no received document %s", ErrNotFound, id)
	}
	sid, err := storageID(id)
	if err != nil {
		return nil, err
	}
	d := *old
	if ch.Title != nil {
		// A document kept untitled came that way; one renamed is given a title.
		if d.Title, err = CleanLine("title", *ch.Title, MaxTitleRunes, true); err != nil {
			return nil, err
		}
	}
	if ch.RelationshipID != nil {
		d.RelationshipID = *ch.RelationshipID
	}
	if err := p.validateReceived(&d); err != nil {
		return nil, err
	}
	if err := p.put(collReceived, sid, encodeReceived(&d)); err != nil {
		return nil, err
	}
	p.received[id] = &d
	return &d, nil
}

