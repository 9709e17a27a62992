package archive

import (
	"cmp"
	"encoding/hex"
	"math"
	"slices"
	"time"

	"github.com/foliohq/folio/portfolio/validate"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/storage"
)

// The archive's history: every kept version of every record, live or in the trash
// (docs/EXPORT.md "history", docs/HISTORY.md "Archives"). A version travels as the
// record it held, in the same JSON as the record's list, with who wrote it and when:
// the form a sync can carry versions in too.

// archiveCurrentVersion is the archive version written without history, which a
// reader of version 1 reads losslessly.
const archiveCurrentVersion = 1

// archiveHistoryVersion is the archive version written with history and without
// attachments.
const archiveHistoryVersion = 2

// maxClockMicros is the end of 9999 in microseconds: no clock or time is later.
const maxClockMicros = 253402300799999999

// RecordHistory is the kept versions of one record, oldest first.
type RecordHistory struct {
	Kind     Kind              `json:"kind"`
	ID       ID                `json:"id"`
	Versions []ArchivedVersion `json:"versions"`
}

// ArchivedVersion is one version as an archive carries it.
type ArchivedVersion struct {
	// Version is its number in the vault that wrote the archive, from 1.
	Version int `json:"version"`
	// Device is the 32 hex digits of the vault that wrote it; absent for a baseline.
	Device string `json:"device,omitempty"`
	// Clock is its hybrid logical clock; zero for a baseline.
	Clock portfolio.Clock `json:"clock"`
	// Saved is when it was written; absent for a baseline.
	Saved    time.Time `json:"saved,omitzero"`
	Deleted  bool      `json:"deleted,omitempty"`
	Baseline bool      `json:"baseline,omitempty"`
	// Record is the record as it was, in the JSON of its list (*Entry, *Goal, ...,
	// *Settings); nil for a deletion.
	Record any `json:"record,omitempty"`
}

// NewArchivedRecord is an empty record of kind, for decoding a version's record; false
// for a kind that keeps no history.
func NewArchivedRecord(kind Kind) (any, bool) {
	k, ok := portfolio.KindOf(kind)
	if !ok {
		return nil, false
	}
	return k.NewRecord(), true
}

// encodeRecord is a record's plaintext, as its collection holds it.
func encodeRecord(rec any) ([]byte, error) {
	k, ok := portfolio.KindOfRecord(rec)
	if !ok {
		return nil, invalid("a %T is not a record", rec)
	}
	return k.Encode(rec), nil
}

// invalid is an ErrInvalid error saying what is wrong.
func invalid(format string, args ...any) error { return portfolio.Invalid(format, args...) }

// Check refuses a history the vault could not hold as it is, field by field: a kind
// without history, an ID that is not folio's, versions out of order, a device that
// is not 32 hex digits, a clock or time out of range, flags that contradict each
// other, a record under another ID, or a deletion with nothing before it to restore.
// The records themselves are validated on import, against the vault.
func (h *RecordHistory) Check() error {
	if _, ok := NewArchivedRecord(h.Kind); !ok {
		return invalid("records of kind %q keep no history", h.Kind)
	}
	if sid, err := storage.ParseID(string(h.ID)); err != nil || sid.String() != string(h.ID) {
		return invalid("the id %q is not a folio ID (16 lower-case characters of 0-9 and a-z but i, l, o, u)", h.ID)
	}
	if len(h.Versions) == 0 {
		return invalid("the record has no versions")
	}
	restorable := false
	for i, v := range h.Versions {
		if err := v.check(h.Kind, h.ID); err != nil {
			return invalid("versions[%d]: %s", i, validate.Reason(err))
		}
		if i > 0 && v.Version <= h.Versions[i-1].Version {
			return invalid("versions[%d]: version %d comes after version %d; versions are listed oldest first, each numbered above the one before", i, v.Version, h.Versions[i-1].Version)
		}
		if v.Deleted && !restorable {
			return invalid("versions[%d]: a deletion with no version before it to restore", i)
		}
		restorable = !v.Deleted
	}
	return nil
}

func (v *ArchivedVersion) check(kind Kind, id ID) error {
	if v.Version < 1 || int64(v.Version) > math.MaxUint32 {
		return invalid("the version number %d is not between 1 and %d", v.Version, uint32(math.MaxUint32))
	}
	if v.Clock.Micros < 0 || v.Clock.Micros > maxClockMicros {
		return invalid("the clock's time %d is not between 0 and the end of 9999 in microseconds", v.Clock.Micros)
	}
	if !v.Saved.IsZero() && (v.Saved.Before(time.Unix(0, 0)) || v.Saved.UnixMicro() > maxClockMicros) {
		return invalid("the time saved %s is not between 1970 and 9999", v.Saved.Format(time.RFC3339))
	}
	if v.Baseline {
		switch {
		case v.Deleted:
			return invalid("a version is both a deletion and a baseline")
		case v.Device != "" || v.Clock != portfolio.Clock{} || !v.Saved.IsZero():
			return invalid("a baseline version has no device, clock or time saved: nobody knows them")
		}
	} else {
		if _, err := parseDevice(v.Device); err != nil {
			return err
		}
		if v.Saved.IsZero() {
			return invalid("the version has no time saved")
		}
	}
	if v.Deleted {
		if v.Record != nil {
			return invalid("a deletion holds no record")
		}
		return nil
	}
	if v.Record == nil {
		return invalid("the version holds no record")
	}
	spec, _ := portfolio.KindOf(kind)
	if !spec.Is(v.Record) {
		return invalid("the version of a %s holds a %T", kind, v.Record)
	}
	if rid := spec.ID(v.Record); kind != portfolio.KindSettings && rid != id {
		return invalid("the version's record has the id %q, not %s", rid, id)
	}
	return nil
}

// parseDevice reads a device ID written as 32 lower-case hex digits, not all zero.
func parseDevice(s string) (portfolio.DeviceID, error) {
	var d portfolio.DeviceID
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(d) || hex.EncodeToString(b) != s {
		return d, invalid("the device %q is not 32 lower-case hex digits", s)
	}
	copy(d[:], b)
	if d == (portfolio.DeviceID{}) {
		return d, invalid("the device is all zeros, which names no vault")
	}
	return d, nil
}

// ArchivedVersionOf is v as an archive carries it.
func ArchivedVersionOf(v portfolio.Version) ArchivedVersion {
	return ArchivedVersion{
		Version: v.Seq, Device: v.Device, Clock: v.Clock, Saved: v.Saved,
		Deleted: v.Deleted, Baseline: v.Baseline, Record: v.Record,
	}
}

// storageVersion is v as the vault writes it, numbered seq.
func (v *ArchivedVersion) storageVersion(seq uint32) (storage.Version, error) {
	out := storage.Version{VersionInfo: storage.VersionInfo{
		Seq: seq, Clock: v.Clock, Saved: v.Saved, Tombstone: v.Deleted, Baseline: v.Baseline,
	}}
	if !v.Baseline {
		d, err := parseDevice(v.Device)
		if err != nil {
			return out, err
		}
		out.Device = d
	}
	if !v.Deleted {
		plain, err := encodeRecord(v.Record)
		if err != nil {
			return out, err
		}
		out.Plain = plain
	}
	return out, nil
}

// FullArchive is Current with the history: every kept version of every record,
// live or in the trash. A version that cannot be read is left out and listed by the
// portfolio's Damaged.
func FullArchive(p *portfolio.Portfolio) (*Archive, error) {
	a := Current(p)
	a.Version = archiveHistoryVersion
	a.History = []RecordHistory{}
	err := eachHistory(p, func(kind Kind, id ID, vs []portfolio.Version) {
		h := RecordHistory{Kind: kind, ID: id}
		for _, v := range vs {
			h.Versions = append(h.Versions, ArchivedVersionOf(v))
		}
		a.History = append(a.History, h)
	})
	if err != nil {
		return nil, err
	}
	order := map[Kind]int{}
	for i, k := range portfolio.Kinds() {
		order[k.Kind()] = i
	}
	slices.SortFunc(a.History, func(x, y RecordHistory) int {
		return cmp.Or(cmp.Compare(order[x.Kind], order[y.Kind]), cmp.Compare(x.ID, y.ID))
	})
	return a, nil
}

// eachHistory calls fn with every record's kept versions, oldest first, live or in
// the trash, by kind and ID. A version that cannot be read is left out and noted as
// damage.
func eachHistory(p *portfolio.Portfolio, fn func(kind Kind, id ID, versions []portfolio.Version)) error {
	damaged, err := p.EachStoredHistory(func(coll string, kind Kind, sid storage.ID, vs []storage.Version) error {
		id := ID(sid.String())
		var out []portfolio.Version
		for _, v := range vs {
			ver, err := p.DecodeVersion(kind, id, v)
			if err != nil {
				p.NoteDamage(portfolio.Damage{Collection: "history of " + coll, ID: string(id), Err: err})
				continue
			}
			out = append(out, ver)
		}
		if len(out) > 0 {
			fn(kind, id, out)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, d := range damaged {
		p.NoteDamage(d)
	}
	return nil
}
