package kinds

// kindSpec is one record kind as the generic code sees it. Records are passed as
// pointers to their type (*Entry, *Meeting, ...), erased to any. A row is made from a
// typed kindOf by its spec method.
type kindSpec struct {
	kind Kind
	coll string
	// word names one record in the importer's messages ("received document");
	// counts is its line in an import's report ("received documents").
	word, counts string
	// owned: decoding shares the plaintext, which Close overwrites (entries, goals,
	// actions); otherwise the record is a copy and the plaintext is cleared at once.
	owned bool
	// newRecord is an empty record, for decoding an archived version into; is says
	// a record is of this kind.
	newRecord func() any
	is        func(any) bool
	// id is the ID a record carries; "" for settings.
	id func(any) ID
	// encode is a record's plaintext as its collection holds it.
	encode func(any) []byte
	// decode reads a record from its plaintext; an owned kind may keep plain.
	decode func(id ID, plain []byte) (any, error)
	// title names a record in a list of versions.
	title func(any) string
	// check validates a record as an import does, asking l about its links (an
	// import's staged copy, portfolio/archive); save as the store API's Validate
	// does, against p, nil for a kind it does not serve.
	check func(l validate.Links, rec any) error
	save  func(p *Portfolio, rec any) error
	// mem is the portfolio's map of the kind (a map[ID]*T), for the store API.
	mem func(p *Portfolio) any
	// In memory: has says the record is live, set puts it in (sid is its vault ID,
	// which settings keep), put puts it in under its own ID, get returns it (nil if
	// absent), forget takes it out, each calls fn with every ID. Nil for a kind kept
	// only in the vault (evaluations).
	has    func(p *Portfolio, id ID) bool
	set    func(p *Portfolio, sid storage.ID, rec any)
	put    func(p *Portfolio, rec any)
	get    func(p *Portfolio, id ID) any
	forget func(p *Portfolio, id ID)
	each   func(p *Portfolio, fn func(ID))
	// owner is the record whose deletion takes this one along, of kind ownerKind
	// (a goal's actions, a relationship's meetings and ratings), and restoring it
	// brings this one back; "" for none. needsOwner: the record cannot be without
	// it, so restoring this one brings the owner back too.
	owner      func(any) ID
	ownerKind  Kind
	needsOwner bool
	// For an import: times are where a record's times are (updated nil for a kind
	// never edited); updated is when it was last changed, nil for a kind never
	// edited, whose vault copy is always kept. Nil for settings.
	times   func(rec any) (created, updated *time.Time)
	updated func(any) time.Time
}

// kindOf is a kind's row, typed: T is its record type.
type kindOf[T any] struct {
	kind         Kind
	coll         string
	word, counts string
	owned        bool
	idp          func(*T) *ID // the address of a record's ID
	encode       func(*T) []byte
	decode       func([]byte, *T) error
	title        func(*T) string
	// check is an import's validation; save the store API's (nil if it does not
	// serve the kind).
	check func(validate.Links, *T) error
	save  func(*Portfolio, *T) error
	// mem is the portfolio's map of the kind; nil for a kind kept only in the vault.
	mem func(*Portfolio) map[ID]*T
	// owner: see kindSpec.
	owner      func(*T) ID
	ownerKind  Kind
	needsOwner bool
	// created and updated are the record's times; updated nil for a kind never edited.
	created, updated func(*T) *time.Time
}

// spec erases the row's types.
func (k kindOf[T]) spec() kindSpec {
	s := kindSpec{
		kind: k.kind, coll: k.coll, word: k.word, counts: k.counts, owned: k.owned,
		newRecord: func() any { return new(T) },
		is:        func(r any) bool { _, ok := r.(*T); return ok },
		id:        func(r any) ID { return *k.idp(r.(*T)) },
		encode:    func(r any) []byte { return k.encode(r.(*T)) },
		decode: func(rid ID, plain []byte) (any, error) {
			r := new(T)
			*k.idp(r) = rid
			err := k.decode(plain, r)
			// The ID is the vault's key, whatever the plaintext says.
			*k.idp(r) = rid
			return r, err
		},
		title: func(r any) string { return k.title(r.(*T)) },
		check: func(l validate.Links, r any) error { return k.check(l, r.(*T)) },
		times: func(r any) (*time.Time, *time.Time) {
			x := r.(*T)
			if k.updated == nil {
				return k.created(x), nil
			}
			return k.created(x), k.updated(x)
		},
	}
	if k.updated != nil {
		s.updated = func(r any) time.Time { return *k.updated(r.(*T)) }
	}
	if k.owner != nil {
		s.owner = func(r any) ID { return k.owner(r.(*T)) }
		s.ownerKind, s.needsOwner = k.ownerKind, k.needsOwner
	}
	if k.save != nil {
		s.save = func(p *Portfolio, r any) error { return k.save(p, r.(*T)) }
	}
	if k.mem != nil {
		s.mem = func(p *Portfolio) any { return k.mem(p) }
		s.has = func(p *Portfolio, id ID) bool { return k.mem(p)[id] != nil }
		s.set = func(p *Portfolio, sid storage.ID, r any) { k.mem(p)[ID(sid.String())] = r.(*T) }
		s.forget = func(p *Portfolio, id ID) { delete(k.mem(p), id) }
		s.put = func(p *Portfolio, r any) {
			x := r.(*T)
			k.mem(p)[*k.idp(x)] = x
		}
		s.get = func(p *Portfolio, id ID) any {
			if r := k.mem(p)[id]; r != nil {
				return r
			}
			return nil
		}
		s.each = func(p *Portfolio, fn func(ID)) {
			for id := range k.mem(p) {
				fn(id)
			}
		}
	}
	return s
}

// specOf is the row of a kind; false for a kind that keeps no history.
func specOf(kind Kind) (kindSpec, bool) {
	for _, s := range recordKinds() {
		if s.kind == kind {
			return s, true
		}
	}
	return kindSpec{}, false
}

// specOfCollection is the row of a collection; false for one that keeps no history.
func specOfCollection(coll string) (kindSpec, bool) {
	for _, s := range recordKinds() {
		if s.coll == coll {
			return s, true
		}
	}
	return kindSpec{}, false
}

// specOfRecord is the row of a record's type.
func specOfRecord(rec any) (kindSpec, bool) {
	for _, s := range recordKinds() {
		if s.is(rec) {
			return s, true
		}
	}
	return kindSpec{}, false
}

