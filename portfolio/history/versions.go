package history

import (
	"fmt"
	"slices"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/storage"
)

// recordKind finds the kind of a live record, or of one in the trash.
func recordKind(p *portfolio.Portfolio, id ID) (Kind, error) {
	if kind, ok := p.LiveKind(id); ok {
		return kind, nil
	}
	trashed, err := p.TrashedWithPrefix(string(id))
	if err != nil {
		return "", err
	}
	if k, ok := trashed[id]; ok {
		return k, nil
	}
	// Questionnaires are not kept in memory: ask the vault.
	if k, ok := p.VaultOnlyKind(id); ok {
		return k, nil
	}
	return "", fmt.Errorf("%w: no record %s, live or in the trash", portfolio.ErrNotFound, id)
}

// trashedWith lists the records in the trash that come back with the record id: a
// goal's actions and a relationship's meetings and ratings deleted with it, and the
// relationship of a meeting or rating, which cannot be without one.
func trashedWith(p *portfolio.Portfolio, id ID, kind Kind) ([]storage.Trashed, error) {
	if !slices.ContainsFunc(portfolio.Kinds(), func(r portfolio.KindRow) bool { return r.OwnerKind() == kind || r.Kind() == kind && r.NeedsOwner() }) {
		return nil, nil
	}
	items, err := trashedItems(p)
	if err != nil {
		return nil, err
	}
	type item struct {
		row portfolio.KindRow
		rec any
	}
	recs := make([]item, len(items))
	var deleted storage.VersionInfo
	var parent ID
	for i, it := range items {
		rid := ID(it.ID.String())
		k, _ := portfolio.CollectionKind(it.Collection)
		row, _ := portfolio.KindOf(k)
		// A record that fails to decode comes back with nothing.
		last, _ := p.DecodeVersion(k, rid, it.Last)
		rec := last.Record
		recs[i] = item{row, rec}
		if rid != id {
			continue
		}
		deleted = it.Deleted
		if row.NeedsOwner() && rec != nil {
			parent = row.Owner(rec)
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
		if r, rec := recs[i].row, recs[i].rec; same && rec != nil && r.OwnerKind() == kind && r.Owner(rec) == id {
			out = append(out, it.Trashed)
		}
	}
	return out, nil
}

// Versions lists the versions of the record id of kind, oldest first. A version
// that fails to open is an error naming it.
func Versions(p *portfolio.Portfolio, kind Kind, id ID) ([]Version, error) {
	vs, err := storedVersions(p, kind, id)
	if err != nil {
		return nil, err
	}
	out := make([]Version, 0, len(vs))
	for _, v := range vs {
		ver, err := p.DecodeVersion(kind, id, v)
		if err != nil {
			return nil, err
		}
		out = append(out, ver)
	}
	return out, nil
}

// trashedVersion is a record in the trash: its last version before the deletion,
// and the deletion's number, writer and time.
type trashedVersion struct {
	Last    Version
	Deleted storage.VersionInfo
}

// trashedVersions lists the records in the trash, in the vault's order.
func trashedVersions(p *portfolio.Portfolio) ([]trashedVersion, error) {
	items, err := trashedItems(p)
	if err != nil {
		return nil, err
	}
	var out []trashedVersion
	for _, it := range items {
		kind, ok := portfolio.CollectionKind(it.Collection)
		if !ok {
			continue
		}
		last, err := p.DecodeVersion(kind, ID(it.ID.String()), it.Last)
		if err != nil {
			return nil, err
		}
		out = append(out, trashedVersion{Last: last, Deleted: it.Deleted})
	}
	return out, nil
}
