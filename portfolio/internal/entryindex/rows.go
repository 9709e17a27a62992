package entryindex

// rowsFromChunks reads every chunk the directory names and makes the entries'
// index slots from their rows, already in order. Any chunk missing, damaged or
// disagreeing with the directory, or an entry twice, is an error.
func (p *Portfolio) rowsFromChunks() error {
	s := p.cat.Current()
	if !s.OK || p.catSuspect.Load() {
		return catalogue.ErrCatalogue
	}
	read, err := p.cat.ReadAll(p.vault, &s)
	if err != nil {
		return err
	}
	n := s.Total()
	// One allocation of index slots for every entry: at 100k entries the allocator
	// and the collector were a fifth of opening.
	ixs := make([]indexed, n)
	list := make([]*indexed, 0, n)
	entries := make(map[ID]*indexed, n)
	for _, dc := range s.Dir {
		rows, ok := s.Chunks[dc.ID]
		if !ok {
			rows = read[dc.ID]
		}
		for _, r := range rows {
			if len(list) == n {
				return fmt.Errorf("%w: more rows than the directory says", catalogue.ErrCatalogue)
			}
			ix := &ixs[len(list)]
			ix.id, ix.date, ix.created, ix.row = ID(r.Key.ID.String()), r.Key.Date, r.Key.Created, r.Row.Meta
			if _, dup := entries[ix.id]; dup {
				return fmt.Errorf("%w: row %s twice", catalogue.ErrCatalogue, ix.id)
			}
			entries[ix.id] = ix
			list = append(list, ix)
		}
	}
	p.cat.Cache(s.Dir, read)
	p.entries, p.byDate = entries, list
	p.bodies = len(list) == 0
	return nil
}

// setRows makes the entries from rows (in order) and the entries read whole.
func (p *Portfolio) setRows(rows []catalogue.KeyedRow, whole []*indexed) {
	got := make(map[ID]*indexed, len(whole))
	for _, ix := range whole {
		got[ix.id] = ix
	}
	ixs := make([]indexed, len(rows))
	list := make([]*indexed, 0, len(rows))
	for i, r := range rows {
		id := ID(r.Key.ID.String())
		if ix, ok := got[id]; ok {
			list = append(list, ix)
			continue
		}
		ix := &ixs[i]
		ix.id, ix.date, ix.created, ix.row = id, r.Key.Date, r.Key.Created, r.Row.Meta
		list = append(list, ix)
	}
	p.entries = make(map[ID]*indexed, len(list))
	for _, ix := range list {
		p.entries[ix.id] = ix
	}
	p.byDate = list
}

// loadUncatalogued reads the entries the catalogue did not describe in full and
// makes their rows; a record that does not decode is named as damaged.
func (p *Portfolio) loadUncatalogued(missing []storage.ID) ([]*indexed, []catalogue.KeyedRow, error) {
	var mu sync.Mutex
	var read []*indexed
	var rows []catalogue.KeyedRow
	damaged, err := p.vault.LoadSome(collEntries, missing, func(sid storage.ID, stamp storage.Stamp, plain []byte) error {
		e := &Entry{ID: ID(sid.String())}
		if err := decodeEntryOwned(plain, e); err != nil {
			mu.Lock()
			p.damaged = append(p.damaged, Damage{Collection: collEntries, ID: sid.String(), Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
			mu.Unlock()
			return nil
		}
		// The row is made before the entry is indexed: encodeEntry reads e.
		row := catalogue.KeyedRow{Key: catalogue.Key{Date: e.Date, Created: e.Created, ID: sid}, Row: catalogue.Row{Stamp: stamp, Size: len(plain), Meta: encodeEntry(catalogue.MetaOf(e))}}
		ix := newIndexed(e)
		ix.plain = plain
		mu.Lock()
		rows = append(rows, row)
		read = append(read, ix)
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	p.damaged = append(p.damaged, damaged...)
	return read, rows, nil
}
