package entryindex

var errPortfolioClosed = errors.New("the portfolio is closed")

// EachWhole reads the whole entries of ids (from FindMeta) in their order, n at
// a time, and passes each batch to fn, from the caller's goroutine, one batch at
// a time; a batch's entries are not kept after fn returns, and their decrypted
// records are overwritten then, so fn must copy what it keeps. An entry whose
// record fails to open or decode is left out and listed by Damaged, as Find
// leaves it out; one deleted since FindMeta is left out. fn's error stops the
// walk and is returned.
func (p *Portfolio) EachWhole(ids []ID, n int, fn func([]*Entry) error) error {
	n = max(n, 1)
	type batch struct {
		entries []*Entry
		plains  [][]byte
		err     error
	}
	// The next batch is read while fn works on this one: two batches in memory,
	// and the vault's reads off the export's path.
	read := func(start int) chan batch {
		ch := make(chan batch, 1)
		go func() {
			es, plains, err := p.readBatch(ids[start:min(start+n, len(ids))])
			ch <- batch{es, plains, err}
		}()
		return ch
	}
	wipe := func(b batch) {
		for _, pl := range b.plains {
			clear(pl)
		}
	}
	var next chan batch
	if len(ids) > 0 {
		next = read(0)
	}
	for start := 0; start < len(ids); start += n {
		b := <-next
		next = nil
		if b.err == nil && start+n < len(ids) {
			next = read(start + n)
		}
		err := b.err
		if err == nil {
			err = fn(b.entries)
		}
		wipe(b)
		if err != nil {
			if next != nil {
				wipe(<-next)
			}
			return err
		}
	}
	return nil
}

// readBatch reads the whole entries of list, in order, and the plaintexts their
// strings share.
func (p *Portfolio) readBatch(list []ID) ([]*Entry, [][]byte, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return nil, nil, errPortfolioClosed
	}
	out := make([]*Entry, len(list))
	at := make(map[storage.ID]int, len(list))
	var ids []storage.ID
	for i, id := range list {
		if ix := p.entries[id]; ix != nil {
			if e := ix.entry(); e != nil {
				out[i] = e // whole in memory already
				continue
			}
		}
		sid, err := storage.ParseID(string(id))
		if err != nil {
			continue
		}
		at[sid] = i
		ids = append(ids, sid)
	}
	plains := make([][]byte, len(list))
	if len(ids) > 0 {
		damaged, err := p.vault.LoadSome(collEntries, ids, func(sid storage.ID, _ storage.Stamp, plain []byte) error {
			i, ok := at[sid]
			if !ok {
				return nil
			}
			// Each index is written by one call only: no lock needed.
			plains[i] = plain
			e := &Entry{ID: list[i]}
			if err := decodeEntryOwned(plain, e); err != nil {
				p.noteDamage(Damage{Collection: collEntries, ID: sid.String(), Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
				return nil
			}
			out[i] = e
			return nil
		})
		if err != nil {
			for _, b := range plains {
				clear(b)
			}
			for _, id := range ids {
				p.noteDamage(Damage{Collection: collEntries, ID: id.String(), Err: err})
			}
			return nil, nil, nil
		}
		for _, d := range damaged {
			p.noteDamage(d)
		}
	}
	whole := out[:0]
	for _, e := range out {
		if e != nil {
			whole = append(whole, e)
		}
	}
	return whole, plains, nil
}
