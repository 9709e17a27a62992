package archive

// Write plans rec, checked, to be written.
func (sg *Staging) Write(rec any) {
	s, _ := specOfRecord(rec)
	sg.pl.add(s.kind, rec)
}

// WriteSettings plans s, checked, to be written as the vault's settings.
func (sg *Staging) WriteSettings(s *Settings) { sg.pl.settings = s }

// HistoryWrite is what an import adds to one record's history: Versions, written
// before any other change of the transaction (whose clock then sorts after them),
// and then the vault's own current value (Plain, if Restate) or its deletion (if
// Delete) written again, as the newest version.
type HistoryWrite struct {
	Kind     Kind
	ID       storage.ID
	Versions []storage.Version
	Restate  bool
	Plain    []byte
	Delete   bool
}

// WriteHistory plans w.
func (sg *Staging) WriteHistory(w HistoryWrite) error {
	if _, err := historyCollection(w.Kind); err != nil {
		return err
	}
	sg.hist = append(sg.hist, w)
	return nil
}

// StageFile reads an attached file's bytes from r into the vault, a few chunks at
// a time, kept only if the import commits; it returns their size.
func (sg *Staging) StageFile(name string, r io.Reader) (int64, error) {
	if sg.att.files == nil {
		sg.att.files = map[string]*storage.Staged{}
	}
	staged, err := sg.p.vault.StageBlob(r, sg.p.update)
	if err != nil {
		return 0, err
	}
	sg.att.files[name] = staged
	return staged.Size, nil
}

// WriteAttachment plans the manifest m, whose bytes are the file staged as name.
func (sg *Staging) WriteAttachment(m *Attachment, name string) {
	if sg.att.byFile == nil {
		sg.att.byFile = map[string][]*Attachment{}
	}
	sg.att.manifests = append(sg.att.manifests, m)
	sg.att.byFile[name] = append(sg.att.byFile[name], m)
}

// attImport is what an import does with attachments.
type attImport struct {
	manifests []*Attachment
	// files are the files read into the vault, by name, and the manifests naming each.
	files  map[string]*storage.Staged
	byFile map[string][]*Attachment
}

// discard gives back the bytes staged for an import that was not committed.
func (ai *attImport) discard() {
	for _, s := range ai.files {
		s.Discard()
	}
}

// committed marks the staged bytes as kept.
func (ai *attImport) committed() {
	for _, s := range ai.files {
		s.Committed()
	}
}

// writeAttachments keeps the staged files and writes the manifests naming them.
func writeAttachments(tx *storage.Tx, ai *attImport) error {
	for name, staged := range ai.files {
		b, err := tx.CommitBlob(staged)
		if err != nil {
			return err
		}
		for _, m := range ai.byFile[name] {
			m.SetHash(b.Hash)
			sid, err := storageID(m.ID)
			if err != nil {
				return err
			}
			if err := tx.Put(collAttachments, sid, m.Encode()); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeArchiveHistory writes the versions the import adds, before any other change
// of the transaction (whose clock then sorts after them).
func writeArchiveHistory(tx *storage.Tx, writes []HistoryWrite) error {
	// In key order within each kind, as writePlan puts records and for its reason.
	writes = slices.Clone(writes)
	slices.SortStableFunc(writes, func(a, b HistoryWrite) int {
		if c := strings.Compare(string(a.Kind), string(b.Kind)); c != 0 {
			return c
		}
		return bytes.Compare(a.ID[:], b.ID[:])
	})
	for _, w := range writes {
		coll, _ := historyCollection(w.Kind)
		for _, v := range w.Versions {
			if err := tx.PutVersion(coll, w.ID, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeRestates writes the vault's own values again, after the plan.
func writeRestates(tx *storage.Tx, writes []HistoryWrite) error {
	for _, w := range writes {
		coll, _ := historyCollection(w.Kind)
		switch {
		case w.Delete:
			if err := tx.Delete(coll, w.ID); err != nil {
				return err
			}
		case w.Restate:
			if err := tx.Put(coll, w.ID, w.Plain); err != nil {
				return err
			}
		}
	}
	return nil
}

// commitStaged writes an import with history in one transaction: the versions
// added, the records without history, then the vault's own values written again;
// then it brings the records in memory in line. The caller holds p.mu.
func (p *Portfolio) commitStaged(sg *Staging) error {
	if len(sg.hist) == 0 {
		return p.commit(&sg.pl)
	}
	var changes []storage.Change
	err := p.update(func(tx *storage.Tx) error {
		if err := writeArchiveHistory(tx, sg.hist); err != nil {
			return err
		}
		if err := p.writePlan(tx, &sg.pl); err != nil {
			return err
		}
		if err := writeRestates(tx, sg.hist); err != nil {
			return err
		}
		changes = slices.Clone(tx.Changes())
		return nil
	})
	if err != nil {
		return err
	}
	written := map[storage.ID]bool{}
	for _, w := range sg.hist {
		written[w.ID] = true
	}
	for _, ch := range changes {
		if written[ch.ID] {
			p.applyStored(ch)
		}
	}
	p.applyPlan(&sg.pl)
	return nil
}
