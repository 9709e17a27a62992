package history

// kindOf finds the kind of a live record, or of one in the trash.
func (p *Portfolio) kindOf(id ID) (Kind, error) {
	p.mu.RLock()
	kind, ok := p.liveKind(id)
	p.mu.RUnlock()
	if ok {
		return kind, nil
	}
	trashed, err := p.trashedKinds()
	if err != nil {
		return "", err
	}
	if k, ok := trashed[id]; ok {
		return k, nil
	}
	// Questionnaires are not kept in memory: ask the vault.
	if sid, err := storageID(id); err == nil && p.vault != nil {
		if _, err := p.vault.Get(collEvaluations, sid); err == nil {
			return KindEvaluation, nil
		}
	}
	return "", fmt.Errorf("%w: no record %s, live or in the trash", ErrNotFound, id)
}

// TrashedWith lists the records in the trash that come back with the record id: a
// goal's actions and a relationship's meetings and ratings deleted with it, and the
// relationship of a meeting or rating, which cannot be without one.
func (p *Portfolio) TrashedWith(id ID, kind Kind) ([]storage.Trashed, error) {
	if !slices.ContainsFunc(recordKinds(), func(s kindSpec) bool { return s.ownerKind == kind || s.kind == kind && s.needsOwner }) {
		return nil, nil
	}
	items, damaged, err := p.vault.Trash()
	if err != nil {
		return nil, err
	}
	if len(damaged) > 0 {
		return nil, damaged[0]
	}
	type item struct {
		spec kindSpec
		rec  any
	}
	recs := make([]item, len(items))
	var deleted storage.VersionInfo
	var parent ID
	for i, it := range items {
		rid := ID(it.ID.String())
		s, _ := specOfCollection(it.Collection)
		rec, _ := p.decodeOwned(s.kind, rid, it.Last.Plain)
		recs[i] = item{s, rec}
		if rid != id {
			continue
		}
		deleted = it.Deleted
		if s.needsOwner && rec != nil {
			parent = s.owner(rec)
		}
	}
	var out []storage.Trashed
	for i, it := range items {
		rid := ID(it.ID.String())
		if rid == parent && parent != "" {
			out = append(out, it.Trashed)
			continue
		}
		// Deleted in the same transaction: the same clock, from the same device.
		same := it.Deleted.Clock == deleted.Clock && it.Deleted.Device == deleted.Device
		if s, rec := recs[i].spec, recs[i].rec; same && rec != nil && s.ownerKind == kind && s.owner(rec) == id {
			out = append(out, it.Trashed)
		}
	}
	return out, nil
}

// Versions lists the versions of the record id of kind, oldest first. A version
// that fails to open is an error naming it.
func (p *Portfolio) Versions(kind Kind, id ID) ([]Version, error) {
	coll, err := historyCollection(kind)
	if err != nil {
		return nil, err
	}
	sid, err := storageID(id)
	if err != nil {
		return nil, err
	}
	vs, damaged, err := p.vault.Versions(coll, sid)
	if err != nil {
		return nil, err
	}
	if len(damaged) > 0 {
		return nil, damaged[0]
	}
	out := make([]Version, 0, len(vs))
	for _, v := range vs {
		ver, err := p.version(kind, id, v)
		if err != nil {
			return nil, err
		}
		out = append(out, ver)
	}
	return out, nil
}

// TrashedVersion is a record in the trash: its last version before the deletion,
// and the deletion's number, writer and time.
type TrashedVersion struct {
	Last    Version
	Deleted storage.VersionInfo
}

// TrashedVersions lists the records in the trash, in the vault's order.
func (p *Portfolio) TrashedVersions() ([]TrashedVersion, error) {
	items, damaged, err := p.vault.Trash()
	if err != nil {
		return nil, err
	}
	if len(damaged) > 0 {
		return nil, damaged[0]
	}
	var out []TrashedVersion
	for _, it := range items {
		kind, ok := historyKind(it.Collection)
		if !ok {
			continue
		}
		last, err := p.version(kind, ID(it.ID.String()), it.Last)
		if err != nil {
			return nil, err
		}
		out = append(out, TrashedVersion{Last: last, Deleted: it.Deleted})
	}
	return out, nil
}
