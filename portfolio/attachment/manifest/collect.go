package manifest

// collectAttachments deletes the manifests of records gone for good (neither live
// nor in the trash), those removed to the trash on their own before cutoff (the
// zero time for none, any time in the future for all), and the blobs no manifest
// left names, in one transaction, and returns how many attachments it deleted. It
// runs after the trash is emptied or the history setting erases records. With a
// damaged manifest it keeps every blob.
func (p *Portfolio) collectAttachments(expired func(removed time.Time) bool) (int, error) {
	all, damaged, err := p.manifests()
	if err != nil {
		return 0, err
	}
	blobs, badBlobs, err := p.vault.Blobs()
	if err != nil {
		return 0, err
	}
	if len(all) == 0 && len(blobs) == 0 {
		return 0, nil
	}
	trashed, err := p.trashedKinds()
	if err != nil {
		return 0, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	used := map[storage.Hash]bool{}
	var orphans []storage.ID
	for _, a := range all {
		gone := !a.Removed.IsZero() && expired(a.Removed)
		if _, inTrash := trashed[a.Record]; (p.isLive(a.Record) || inTrash) && !gone {
			used[a.Hash()] = true
			continue
		}
		sid, _ := storage.ParseID(string(a.ID))
		orphans = append(orphans, sid)
	}
	var free []storage.Hash
	if len(damaged) == 0 && len(badBlobs) == 0 {
		for _, b := range blobs {
			if !used[b.Hash] {
				free = append(free, b.Hash)
			}
		}
	}
	if len(orphans) == 0 && len(free) == 0 {
		return 0, nil
	}
	err = p.update(func(tx *storage.Tx) error {
		for _, sid := range orphans {
			if err := tx.Delete(collAttachments, sid); err != nil {
				return err
			}
		}
		for _, h := range free {
			if err := tx.DeleteBlob(h); err != nil {
				return err
			}
		}
		return nil
	})
	return len(orphans), err
}

// checkAttachments names, in a check's report, the attachments whose bytes are
// damaged (by the attachment and its record, rather than by the blob), and the
// attachments whose bytes are missing. The caller holds p.mu for reading.
func (p *Portfolio) checkAttachments(report *CheckReport) {
	all, _, err := p.manifests() // damaged manifests are in the report already
	if err != nil {
		report.Structure = append(report.Structure, err.Error())
		return
	}
	byBlob := map[string][]*Attachment{}
	for _, a := range all {
		byBlob[a.Hash().ID().String()] = append(byBlob[a.Hash().ID().String()], a)
	}
	var out []Damage
	for _, d := range report.Damaged {
		as := byBlob[d.ID]
		if d.Collection != storage.BlobsName || len(as) == 0 {
			out = append(out, d)
			continue
		}
		for _, a := range as {
			out = append(out, Damage{Collection: collAttachments, ID: string(a.ID), Err: fmt.Errorf("%s, attached to %s %s: %w", a.Name, a.Kind, a.Record, d.Err)})
		}
	}
	blobs, _, err := p.vault.Blobs()
	if err == nil {
		have := map[storage.Hash]bool{}
		for _, b := range blobs {
			have[b.Hash] = true
		}
		for _, a := range all {
			if !have[a.Hash()] && !slices.ContainsFunc(out, func(d Damage) bool { return d.ID == string(a.ID) }) {
				out = append(out, Damage{Collection: collAttachments, ID: string(a.ID), Err: fmt.Errorf("%s, attached to %s %s: %w: its bytes are missing", a.Name, a.Kind, a.Record, ErrDamaged)})
			}
		}
	}
	report.Damaged = out
}

