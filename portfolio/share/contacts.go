package share

// Contacts lists the contacts by name.
func (p *Portfolio) Contacts() []*Contact {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make([]*Contact, 0, len(p.contacts))
	for _, c := range p.contacts {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *Contact) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// Contact finds a contact by name, ignoring case.
func (p *Portfolio) Contact(name string) (*Contact, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	name = strings.TrimSpace(name)
	for _, c := range p.contacts {
		if strings.EqualFold(c.Name, name) {
			return c, true
		}
	}
	return nil, false
}

// AddContact validates and saves a new contact.
func (p *Portfolio) AddContact(c Contact) (*Contact, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c.ID = ""
	if err := p.validateContact(&c); err != nil {
		return nil, err
	}
	sid := storage.NewID()
	c.ID = ID(sid.String())
	c.Created = p.now().UTC()
	c.Updated = c.Created
	if err := p.put(collContacts, sid, encodeContact(&c)); err != nil {
		return nil, err
	}
	p.contacts[c.ID] = &c
	return &c, nil
}

// DeleteContact removes the contact of that name (ignoring case).
func (p *Portfolio) DeleteContact(name string) (*Contact, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	name = strings.TrimSpace(name)
	for id, c := range p.contacts {
		if !strings.EqualFold(c.Name, name) {
			continue
		}
		sid, err := storageID(id)
		if err != nil {
			return nil, err
		}
		if err := p.del(collContacts, sid); err != nil {
			return nil, err
		}
		delete(p.contacts, id)
		return c, nil
	}
	return nil, fmt.Errorf("%w: no contact named %q", ErrNotFound, name)
}

// ResolveRecipients turns each of args, a contact's name (ignoring case) or a key,
// into a key: a name is replaced by its contact's recipient, a key is kept as typed
// for the caller to parse. Something that is neither is named in the error.
func (p *Portfolio) ResolveRecipients(args []string) ([]string, error) {
	out := make([]string, 0, len(args))
	for _, a := range args {
		a = strings.TrimSpace(a)
		if c, ok := p.Contact(a); ok {
			out = append(out, c.Recipient)
			continue
		}
		if looksLikeKey(a) {
			out = append(out, a)
			continue
		}
		return nil, invalid("%q is neither a contact nor a key; 'folio contacts' lists your contacts, and a key starts age1, ssh-ed25519 or ssh-rsa", a)
	}
	return out, nil
}

// looksLikeKey says whether s is meant as a key rather than a name, so a mistyped key
// is reported as a bad key, not as an unknown contact.
func looksLikeKey(s string) bool {
	return strings.HasPrefix(s, "age1") || strings.HasPrefix(s, "ssh-")
}
