package archive

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/foliohq/folio/portfolio/validate"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/storage"
)

// Importing an archive's history (docs/HISTORY.md "Archives"). A version is known by
// the device that wrote it and its clock, which name one transaction of one device:
// a version the vault has already is not added again, so importing twice adds
// nothing. A record new to the vault gets its versions as the archive numbers them,
// so an export imported into an empty vault is the same history. A record the vault
// has gets the versions it lacks after its own, in clock order, numbered on from its
// newest; the newest version by clock of either side is the current one, and when
// that is the vault's, it is written again as a new version of this vault, so that
// the newest version is always the current value and nothing the vault had is
// overwritten.

// histImport is the history part of one ImportArchive.
type histImport struct {
	byID  map[ID]*RecordHistory
	where map[ID]string
	// listed is the archive's current record of each ID with a history, as
	// validated: it must be the newest version's.
	listed   map[ID]any
	settings *RecordHistory
}

// versionKey names a version across vaults: its device and clock.
type versionKey struct {
	dev storage.DeviceID
	clk portfolio.Clock
}

// readTrash notes the vault's trash, so that links to records in it validate on
// import as they do on save.
func (im *importer) readTrash() error {
	trashed, err := im.sg.Trashed()
	if err != nil {
		return fmt.Errorf("cannot read the vault's trash to import beside it: %w", err)
	}
	im.trashed = trashed
	return nil
}

// indexHistory checks each history of the archive on its own and against the kinds
// of the vault's records, before the lists are staged.
func (im *importer) indexHistory() error {
	im.h = histImport{byID: map[ID]*RecordHistory{}, where: map[ID]string{}, listed: map[ID]any{}}
	for i := range im.a.History {
		h := &im.a.History[i]
		where := fmt.Sprintf("history[%d]", i)
		if err := h.Check(); err != nil {
			return im.a.errorf(where, "%s", validate.Reason(err))
		}
		if other, dup := im.h.where[h.ID]; dup {
			return im.a.errorf(where, "the id %s also has the history %s", h.ID, other)
		}
		if k, ok := im.vaultKinds[h.ID]; ok && k != kindWord(h.Kind) {
			return im.a.errorf(where, "the id %s names a %s in the vault, not a %s", h.ID, k, kindWord(h.Kind))
		}
		if k, ok := im.trashed[h.ID]; ok && k != h.Kind {
			return im.a.errorf(where, "the id %s names a %s in the vault's trash, not a %s", h.ID, kindWord(k), kindWord(h.Kind))
		}
		if h.Kind == portfolio.KindSettings {
			if im.h.settings != nil {
				return im.a.errorf(where, "the settings have two histories")
			}
			im.h.settings = h
		}
		im.h.byID[h.ID], im.h.where[h.ID] = h, where
		if h.Versions[len(h.Versions)-1].Deleted {
			im.sg.Trash(h.ID, h.Kind)
		}
	}
	return nil
}

// listedWithHistory takes a list's record that has a history in the archive: it is
// staged and validated, but written (or not) by the history's merge. It reports
// whether it took it.
func listedWithHistory(im *importer, s portfolio.KindRow, x any, where string) (bool, error) {
	id := s.ID(x)
	h := im.h.byID[id]
	if h == nil {
		return false, nil
	}
	if kindWord(h.Kind) != s.Word() {
		return false, im.a.errorf(where, "the id %s is a %s in %s", id, kindWord(h.Kind), im.h.where[id])
	}
	im.sg.Stage(x)
	im.held[s.Kind()] = append(im.held[s.Kind()], x)
	im.h.listed[id] = x
	return true, nil
}

// kindWord names one record of kind in the importer's messages.
func kindWord(kind Kind) string {
	k, _ := portfolio.KindOf(kind)
	return k.Word()
}

// kindCount is kind's line in an import's report.
func kindCount(kind Kind) string {
	k, _ := portfolio.KindOf(kind)
	return k.Counts()
}

// vaultVersions reads what the vault's history holds of the records the archive
// has histories of: each version's number, writer and clock.
func (im *importer) vaultVersions() (map[storage.ID][]storage.VersionInfo, error) {
	out, err := storedVersions(im.p, func(kind Kind, sid storage.ID) bool {
		_, ok := im.h.byID[ID(sid.String())]
		return ok || kind == portfolio.KindSettings && im.h.settings != nil
	})
	if err != nil {
		return nil, fmt.Errorf("cannot read the vault's history to import beside it: %w", err)
	}
	return out, nil
}

// stageHistory validates every version of the archive's histories and decides what
// each record's history gets, after the lists are validated.
func (im *importer) stageHistory() error {
	if len(im.a.History) == 0 {
		return nil
	}
	ids := make(map[ID]Kind, len(im.h.byID))
	for id, h := range im.h.byID {
		ids[id] = h.Kind
	}
	check := im.sg.VersionCheck(ids)
	have, err := im.vaultVersions()
	if err != nil {
		return err
	}
	for i := range im.a.History {
		h := &im.a.History[i]
		where := im.h.where[h.ID]
		for j := range h.Versions {
			if rec := h.Versions[j].Record; rec != nil {
				if err := check(rec); err != nil {
					return im.a.errorf(fmt.Sprintf("%s.versions[%d] (id %s)", where, j, h.ID), "%s", validate.Reason(err))
				}
			}
		}
		if err := im.checkCurrent(h, where); err != nil {
			return err
		}
		if err := im.mergeHistory(h, where, have); err != nil {
			return err
		}
	}
	return nil
}

// checkCurrent holds the archive's current record of h to its newest version: the
// same record, or none when the newest is a deletion.
func (im *importer) checkCurrent(h *RecordHistory, where string) error {
	newest := h.Versions[len(h.Versions)-1]
	var listed any
	if h.Kind == portfolio.KindSettings {
		s := im.a.Settings
		s.Topics = slices.Clone(s.Topics)
		if err := validate.Settings(&s); err != nil {
			return im.a.errorf("settings", "%s", validate.Reason(err))
		}
		if !newest.Deleted || !settingsEmpty(s) {
			listed = &s
		}
	} else if x, ok := im.h.listed[h.ID]; ok {
		listed = x
	}
	switch {
	case newest.Deleted && listed != nil:
		return im.a.errorf(where, "%s %s is in the trash by its history, yet listed as current", kindWord(h.Kind), h.ID)
	case newest.Deleted:
		return nil
	case listed == nil:
		return im.a.errorf(where, "%s %s has a current version in its history but is not in %s", kindWord(h.Kind), h.ID, kindCount(h.Kind))
	}
	a, err := encodeRecord(listed)
	if err != nil {
		return err
	}
	b, err := encodeRecord(newest.Record)
	if err != nil {
		return err
	}
	if !bytes.Equal(a, b) {
		return im.a.errorf(where, "%s %s as listed differs from its newest version, %d", kindWord(h.Kind), h.ID, newest.Version)
	}
	return nil
}

// mergeHistory decides what the record of h gets (see the top of this file).
func (im *importer) mergeHistory(h *RecordHistory, where string, have map[storage.ID][]storage.VersionInfo) error {
	sid, err := storage.ParseID(string(h.ID))
	if err != nil {
		return err
	}
	live := im.vaultKinds[h.ID] != ""
	if _, id, ok := im.sg.Settings(); h.Kind == portfolio.KindSettings && ok {
		// One settings record per vault: the archive's versions join its history.
		if sid, err = storage.ParseID(string(id)); err != nil {
			return err
		}
		live = true
	}
	vs := have[sid]
	fresh := freshVersions(h, vs)
	counts := im.rep.Counts[kindCount(h.Kind)]
	if len(fresh) == 0 {
		counts.Unchanged++
		return nil
	}
	w := HistoryWrite{Kind: h.Kind, ID: sid}
	if len(vs) == 0 && !live {
		// New to the vault: the history as the archive numbers it.
		for _, v := range fresh {
			sv, err := v.storageVersion(uint32(v.Version))
			if err != nil {
				return im.a.errorf(where, "%s", validate.Reason(err))
			}
			w.Versions = append(w.Versions, sv)
		}
		counts.Added++
		counts.Versions += len(fresh)
		return im.sg.WriteHistory(w)
	}
	base := uint32(1) // the baseline PutVersion keeps of a record without versions
	var vaultNewest versionKey
	if len(vs) > 0 {
		last := vs[len(vs)-1]
		base, vaultNewest = last.Seq, versionKey{last.Device, last.Clock}
	}
	if uint64(base)+uint64(len(fresh)) > math.MaxUint32 {
		return im.a.errorf(where, "%s %s would have more versions than a record can keep; delete its history first", kindWord(h.Kind), h.ID)
	}
	slices.SortStableFunc(fresh, func(a, b *ArchivedVersion) int {
		da, _ := parseDevice(a.Device)
		db, _ := parseDevice(b.Device)
		return compareVersionKeys(versionKey{da, a.Clock}, versionKey{db, b.Clock})
	})
	for i, v := range fresh {
		sv, err := v.storageVersion(base + 1 + uint32(i))
		if err != nil {
			return im.a.errorf(where, "%s", validate.Reason(err))
		}
		w.Versions = append(w.Versions, sv)
	}
	counts.Versions += len(fresh)
	newest := w.Versions[len(w.Versions)-1]
	vaultWins := compareVersionKeys(versionKey{newest.Device, newest.Clock}, vaultNewest) <= 0 ||
		(h.Kind == portfolio.KindSettings && live)
	if !vaultWins {
		counts.Replaced++
		return im.sg.WriteHistory(w)
	}
	counts.Kept++
	if err := im.keepVaults(&w, h, live, newest); err != nil {
		return err
	}
	return im.sg.WriteHistory(w)
}

// freshVersions are the versions of h that the vault's versions vs do not hold
// already, matched by device and clock, each as often as it occurs.
func freshVersions(h *RecordHistory, vs []storage.VersionInfo) []*ArchivedVersion {
	known := map[versionKey]int{}
	for _, v := range vs {
		known[versionKey{v.Device, v.Clock}]++
	}
	var fresh []*ArchivedVersion
	for j := range h.Versions {
		v := &h.Versions[j]
		dev, _ := parseDevice(v.Device) // zero for a baseline
		if k := (versionKey{dev, v.Clock}); known[k] > 0 {
			known[k]--
			continue
		}
		fresh = append(fresh, v)
	}
	return fresh
}

// keepVaults sets w to restate the vault's current value (or its deletion) when
// the vault's version wins over newest, the newest version imported: the imported
// versions join the history behind it.
func (im *importer) keepVaults(w *HistoryWrite, h *RecordHistory, live bool, newest storage.Version) error {
	if live {
		plain, err := im.sg.Plain(w.Kind, w.ID)
		if err != nil {
			return fmt.Errorf("cannot read %s %s to import beside it: %w", kindWord(h.Kind), h.ID, err)
		}
		if newest.Tombstone || !bytes.Equal(plain, newest.Plain) {
			w.Restate, w.Plain = true, plain
		}
	} else if !newest.Tombstone {
		w.Delete = true
	}
	return nil
}

// compareVersionKeys orders versions by clock, then device: the order every device
// agrees on.
func compareVersionKeys(a, b versionKey) int {
	return cmp.Or(a.clk.Compare(b.clk), bytes.Compare(a.dev[:], b.dev[:]))
}

// storedVersions are what the vault's history holds of the records want picks (by
// kind and vault ID): each version's number, writer and clock.
func storedVersions(p *portfolio.Portfolio, want func(Kind, storage.ID) bool) (map[storage.ID][]storage.VersionInfo, error) {
	out := map[storage.ID][]storage.VersionInfo{}
	damaged, err := p.EachStoredHistory(func(_ string, kind Kind, sid storage.ID, vs []storage.Version) error {
		if !want(kind, sid) {
			return nil
		}
		for _, v := range vs {
			out[sid] = append(out[sid], v.VersionInfo)
			clear(v.Plain)
		}
		return nil
	})
	if err == nil && len(damaged) > 0 {
		err = fmt.Errorf("%w; run folio check", damaged[0])
	}
	return out, err
}
