package history

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	"github.com/foliohq/folio/storage/internal/base"
	bolt "go.etcd.io/bbolt"
)

// Sync (docs/SYNC.md): what a vault needs to exchange versions with other devices.
// This file writes versions that another device wrote (keeping that device's ID and
// clock), remembers which versions of a record are concurrent heads, and keeps one
// opaque sealed state record for the sync package. The record-level rule is here,
// where the versions are; the change-set files and the vector of what each device has
// seen are the sync package's.

// syncLabel names the sync bucket; like the history's, it cannot be a collection.
const syncLabel = "\x00folio sync"

// Keys of the sync bucket: the caller's state, and the heads of records in conflict.
var (
	syncStateKey = ID{}
	syncHeadsKey = ID{9: 1}
)

const headsFormat = 1

// SyncVersion is one version as sync carries it between devices: the record, the
// device that wrote it and its clock, which together name it everywhere.
type SyncVersion struct {
	Collection string
	ID         ID
	Device     DeviceID
	Clock      Clock
	Saved      time.Time
	Tombstone  bool
	Plain      []byte
}

// Head is one version of a record that no other version of it has seen.
type Head struct {
	Device    DeviceID
	Clock     Clock
	Tombstone bool
}

func (h Head) same(d DeviceID, c Clock) bool { return h.Device == d && h.Clock == c }

// later orders heads by clock, then device: the total order of docs/HISTORY.md.
func (h Head) later(o Head) bool {
	if c := h.Clock.Compare(o.Clock); c != 0 {
		return c > 0
	}
	return bytes.Compare(h.Device[:], o.Device[:]) > 0
}

// winner is the head shown as current: the latest live head, or if every head is a
// deletion the latest deletion. A deletion never hides an edit it had not seen.
func winner(heads []Head) Head {
	var w Head
	for i, h := range heads {
		switch {
		case i == 0:
			w = h
		case h.Tombstone != w.Tombstone:
			if !h.Tombstone {
				w = h
			}
		case h.later(w):
			w = h
		}
	}
	return w
}

// Conflict is a record with more than one live head: edits no device had seen each
// other's. The winner is current; a new local version of the record resolves it.
type Conflict struct {
	Collection string
	ID         ID
	Heads      []Head
}

// SyncDevice returns the vault's device ID and its clock, saving a new device ID if
// the vault has none yet; in a read-only transaction, a vault without one has the
// zero ID.
func (t *Tx) SyncDevice() (DeviceID, Clock, error) {
	d, err := t.device()
	if err != nil {
		return DeviceID{}, Clock{}, err
	}
	if !d.saved && !t.s.Writable() {
		t.dev = nil
		return DeviceID{}, Clock{}, nil
	}
	if !d.saved {
		if err := t.saveDevice(); err != nil {
			return DeviceID{}, Clock{}, err
		}
	}
	return d.id, d.clock, nil
}

// NewDevice gives the vault a new random device ID, keeping its clock: a copy of a
// vault that will write beside the original must not write as the same device. It
// returns the new ID, the old one, and the newest clock of the old one's versions in
// the history: what the copy has seen of the original.
func (t *Tx) NewDevice() (fresh, old DeviceID, seen Clock, err error) {
	d, err := t.device()
	if err != nil {
		return fresh, old, seen, err
	}
	old = d.id
	if hb := t.s.Bucket(t.s.BucketName(HistoryLabel)); hb != nil && d.saved {
		hname := t.s.BucketName(HistoryLabel)
		c := hb.Cursor()
		for k, sealed := c.First(); k != nil; k, sealed = c.Next() {
			plain, err := t.s.Open(hname, k, sealed)
			if err != nil {
				return fresh, old, seen, fmt.Errorf("a version of record %s: %w", base.RecordName(k), err)
			}
			v, err := ParseVersion(0, plain)
			clear(plain)
			if err != nil {
				return fresh, old, seen, err
			}
			if v.Device == old && v.Clock.Compare(seen) > 0 {
				seen = v.Clock
			}
		}
	}
	if _, err := rand.Read(d.id[:]); err != nil {
		return fresh, old, seen, err
	}
	return d.id, old, seen, t.saveDevice()
}

func (t *Tx) syncBucket() (*bolt.Bucket, []byte, error) {
	name := t.s.BucketName(syncLabel)
	b, err := t.s.CreateBucket(name)
	return b, name, err
}

func (t *Tx) syncGet(key ID) ([]byte, error) {
	name := t.s.BucketName(syncLabel)
	b := t.s.Bucket(name)
	if b == nil {
		return nil, nil
	}
	sealed := b.Get(key[:])
	if sealed == nil {
		return nil, nil
	}
	plain, err := t.s.Open(name, key[:], sealed)
	if err != nil {
		return nil, fmt.Errorf("the sync state: %w", err)
	}
	return plain, nil
}

func (t *Tx) syncPut(key ID, plain []byte) error {
	b, name, err := t.syncBucket()
	if err != nil {
		return err
	}
	sealed, err := t.s.Seal(name, key[:], plain)
	if err != nil {
		return err
	}
	if b.Get(key[:]) == nil {
		t.s.Count(name, 1)
	}
	// Noted at every write, not only the first: vaults synced before the sync
	// records were listed in the ID sets are mended at their next sync.
	t.s.NoteID(name, key, true)
	return b.Put(key[:], sealed)
}

// SyncState is the sync package's state record, nil if it has none.
func (t *Tx) SyncState() ([]byte, error) { return t.syncGet(syncStateKey) }

// SetSyncState replaces the sync package's state record.
func (t *Tx) SetSyncState(plain []byte) error { return t.syncPut(syncStateKey, plain) }

// OwnVersionsAfter lists the versions this device wrote with a clock after after, in
// clock order: what the next change set carries. Baselines have no device and are
// never listed (AdoptUnversioned gives such records a version of their own).
func (t *Tx) OwnVersionsAfter(after Clock) ([]SyncVersion, error) {
	dev, _, err := t.SyncDevice()
	if err != nil || dev == (DeviceID{}) {
		return nil, err
	}
	hname := t.s.BucketName(HistoryLabel)
	hb := t.s.Bucket(hname)
	if hb == nil {
		return nil, nil
	}
	buckets := t.hist.Buckets()
	var out []SyncVersion
	c := hb.Cursor()
	for k, sealed := c.First(); k != nil; k, sealed = c.Next() {
		if len(k) != KeySize {
			return nil, fmt.Errorf("%w: a history key is %d bytes", base.ErrDamaged, len(k))
		}
		coll, ok := buckets[string(k[:base.BucketNameSize])]
		if !ok {
			continue
		}
		plain, err := t.s.Open(hname, k, sealed)
		if err != nil {
			return nil, fmt.Errorf("a version of record %s: %w", ID(k[base.BucketNameSize:]), err)
		}
		v, err := ParseVersion(binary.BigEndian.Uint32(k[base.BucketNameSize+IDSize:]), plain)
		if err != nil {
			return nil, err
		}
		if v.Device != dev || v.Clock.Compare(after) <= 0 {
			continue
		}
		out = append(out, SyncVersion{Collection: coll, ID: ID(k[base.BucketNameSize : base.BucketNameSize+IDSize]),
			Device: dev, Clock: v.Clock, Saved: v.Saved, Tombstone: v.Tombstone, Plain: v.Plain})
	}
	// Vaults merged by an earlier folio may hold a version twice (the winner of a
	// merge copied after the loser, not moved): send it once.
	slices.SortStableFunc(out, func(a, b SyncVersion) int {
		if c := a.Clock.Compare(b.Clock); c != 0 {
			return c
		}
		if c := cmpString(a.Collection, b.Collection); c != 0 {
			return c
		}
		return bytes.Compare(a.ID[:], b.ID[:])
	})
	out = slices.CompactFunc(out, func(a, b SyncVersion) bool {
		return a.Clock == b.Clock && a.Collection == b.Collection && a.ID == b.ID
	})
	return out, nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// AdoptUnversioned gives every live record of a collection with history whose newest
// version is not this device's own (none, or a baseline) a version written now, so
// that the first change set carries the whole portfolio. It returns how many.
func (t *Tx) AdoptUnversioned() (int, error) {
	n := 0
	hb, err := t.historyBucket()
	if err != nil {
		return 0, err
	}
	for bucket, coll := range t.hist.Buckets() {
		lb := t.live([]byte(bucket))
		if lb == nil {
			continue
		}
		var todo []ID
		c := lb.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if len(k) != IDSize {
				continue
			}
			id := ID(k)
			last := lastSeq(hb, []byte(bucket), id)
			if last != 0 {
				v, err := t.readVersion([]byte(bucket), id, last)
				if err != nil {
					return n, err
				}
				if !v.Baseline {
					continue
				}
			}
			todo = append(todo, id)
		}
		for _, id := range todo {
			plain, err := t.s.Open([]byte(bucket), id[:], lb.Get(id[:]))
			if err != nil {
				return n, fmt.Errorf("record %s in %s: %w", id, coll, err)
			}
			if err := t.s.Put(coll, id, plain); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// recordVersions opens every version of one record, oldest first.
func (t *Tx) recordVersions(bucket []byte, id ID) ([]Version, error) {
	hname := t.s.BucketName(HistoryLabel)
	hb := t.s.Bucket(hname)
	if hb == nil {
		return nil, nil
	}
	prefix := VersionKey(bucket, id, 0)[:base.BucketNameSize+IDSize]
	var out []Version
	c := hb.Cursor()
	for k, sealed := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, sealed = c.Next() {
		if len(k) != KeySize {
			return nil, fmt.Errorf("%w: a history key is %d bytes", base.ErrDamaged, len(k))
		}
		plain, err := t.s.Open(hname, k, sealed)
		if err != nil {
			return nil, fmt.Errorf("a version of record %s: %w", id, err)
		}
		v, err := ParseVersion(binary.BigEndian.Uint32(k[base.BucketNameSize+IDSize:]), plain)
		if err != nil {
			return nil, fmt.Errorf("a version of record %s: %w", id, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// ApplyVersion merges a version another device wrote into the record's history, by
// the rules of docs/HISTORY.md: a version already here is not applied again (false);
// otherwise it joins the record's heads, each head it has seen (seen reports that, by
// the writer's vector) leaves them, and the winner of the heads becomes the record's
// current value. The newest version in the history is always the current one: if the
// version applied does not win, the winner moves after it, as it was (same device and
// clock: not a new version).
func (t *Tx) ApplyVersion(in SyncVersion, seen func(DeviceID, Clock) bool) (bool, error) {
	bucket := t.s.BucketName(in.Collection)
	if _, ok := t.hist.collection(bucket); !ok {
		return false, fmt.Errorf("%s keeps no history", in.Collection)
	}
	if in.Tombstone && len(in.Plain) > 0 {
		return false, fmt.Errorf("%w: a deletion of record %s holds a record", base.ErrDamaged, in.ID)
	}
	dev, err := t.device()
	if err != nil {
		return false, err
	}
	if in.Device == dev.id || in.Device == (DeviceID{}) {
		return false, fmt.Errorf("record %s: a version from another device names this one", in.ID)
	}
	versions, err := t.recordVersions(bucket, in.ID)
	if err != nil {
		return false, err
	}
	for _, v := range versions {
		if v.Device == in.Device && v.Clock == in.Clock {
			return false, nil
		}
	}
	table, err := t.headsTable()
	if err != nil {
		return false, err
	}
	rec := string(bucket) + string(in.ID[:])
	next := nextHeads(in, currentHeads(table[rec], versions), seen)
	cur, err := t.storeApplied(bucket, in, versions, winner(next))
	if err != nil {
		return false, err
	}
	if err := t.setLive(in.Collection, bucket, in.ID, cur); err != nil {
		return false, err
	}
	if len(next) > 1 {
		table[rec] = next
	} else {
		delete(table, rec)
	}
	if err := t.saveHeads(table); err != nil {
		return false, err
	}
	// Later local writes must sort after what this device has now seen.
	dev.clock = dev.clock.Witness(in.Clock, t.now)
	return true, t.saveDevice()
}

// nextHeads are a record's heads once in is applied: in, and each of heads that
// in's writer had not seen (seen reports that).
func nextHeads(in SyncVersion, heads []Head, seen func(DeviceID, Clock) bool) []Head {
	next := []Head{{Device: in.Device, Clock: in.Clock, Tombstone: in.Tombstone}}
	for _, h := range heads {
		if h.Device == (DeviceID{}) || seen(h.Device, h.Clock) {
			continue
		}
		next = append(next, h)
	}
	return next
}

// storeApplied writes in into the record's history after versions and, if w (the
// winner of the heads) is another version, moves w after it so that the newest
// version stays the current one. It returns the current version.
func (t *Tx) storeApplied(bucket []byte, in SyncVersion, versions []Version, w Head) (Version, error) {
	hb, err := t.historyBucket()
	if err != nil {
		return Version{}, err
	}
	seq := uint32(0)
	if len(versions) > 0 {
		seq = versions[len(versions)-1].Seq
	}
	info := VersionInfo{Seq: seq + 1, Device: in.Device, Clock: in.Clock, Saved: in.Saved, Tombstone: in.Tombstone}
	cur := Version{VersionInfo: info, Plain: in.Plain}
	if !w.same(in.Device, in.Clock) {
		i := slices.IndexFunc(versions, func(v Version) bool { return w.same(v.Device, v.Clock) })
		if i < 0 {
			return Version{}, fmt.Errorf("%w: record %s has lost the version that wins its merge", base.ErrDamaged, in.ID)
		}
		// The winner moves after the version applied, so that the newest version
		// stays the current one; it is moved, not copied, so the history lists it
		// once. The usual winner is the newest version already: the version applied
		// takes its number, and it the next.
		cur = versions[i]
		if i == len(versions)-1 {
			info.Seq = seq
			cur.Seq = seq + 1
		} else {
			if err := t.deleteVersions(hb, [][]byte{VersionKey(bucket, in.ID, cur.Seq)}); err != nil {
				return Version{}, err
			}
			cur.Seq = seq + 2
		}
		if err := t.putVersion(hb, bucket, in.ID, cur.VersionInfo, cur.Plain); err != nil {
			return Version{}, err
		}
	}
	if err := t.putVersion(hb, bucket, in.ID, info, in.Plain); err != nil {
		return Version{}, err
	}
	return cur, nil
}

// currentHeads are a record's heads: those kept for it while in conflict, if its
// newest version is still one of them; otherwise its newest version alone (a local
// write after a merge has seen every head, and so resolves a conflict).
func currentHeads(kept []Head, versions []Version) []Head {
	if len(versions) == 0 {
		return nil
	}
	last := versions[len(versions)-1]
	if slices.ContainsFunc(kept, func(h Head) bool { return h.same(last.Device, last.Clock) }) {
		return kept
	}
	return []Head{{Device: last.Device, Clock: last.Clock, Tombstone: last.Tombstone}}
}

// setLive makes the collection's value of id the version cur, without a version of
// its own (cur is in the history already): Put and Delete without KeepVersion, and
// nothing written if the value is cur's already.
func (t *Tx) setLive(collection string, bucket []byte, id ID, cur Version) error {
	t.following = true
	defer func() { t.following = false }()
	if cur.Tombstone {
		return t.s.Delete(collection, id)
	}
	if b := t.s.Bucket(bucket); b != nil {
		if sealed := b.Get(id[:]); sealed != nil {
			old, err := t.s.Open(bucket, id[:], sealed)
			if err == nil && bytes.Equal(old, cur.Plain) {
				return nil
			}
		}
	}
	return t.s.Put(collection, id, bytes.Clone(cur.Plain))
}

// headsTable reads the heads of records in conflict, by bucket name and ID.
func (t *Tx) headsTable() (map[string][]Head, error) {
	plain, err := t.syncGet(syncHeadsKey)
	if err != nil || plain == nil {
		return map[string][]Head{}, err
	}
	return parseHeads(plain)
}

// The heads table: format 1, a count, then per record its 16-byte bucket name, 10-byte
// ID, a count of heads and each head as device (16), clock (8 + 4) and flags (1).
func marshalHeads(table map[string][]Head) []byte {
	b := []byte{headsFormat}
	b = binary.AppendUvarint(b, uint64(len(table)))
	for _, rec := range slices.Sorted(mapKeys(table)) {
		b = append(b, rec...)
		b = binary.AppendUvarint(b, uint64(len(table[rec])))
		for _, h := range table[rec] {
			b = append(b, h.Device[:]...)
			b = binary.BigEndian.AppendUint64(b, uint64(h.Clock.Micros))
			b = binary.BigEndian.AppendUint32(b, h.Clock.Logical)
			var f byte
			if h.Tombstone {
				f = flagTombstone
			}
			b = append(b, f)
		}
	}
	return b
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

var errHeads = fmt.Errorf("%w: the sync heads record does not parse", base.ErrDamaged)

func parseHeads(b []byte) (map[string][]Head, error) {
	if len(b) < 1 || b[0] != headsFormat {
		return nil, errHeads
	}
	b = b[1:]
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, errHeads
	}
	b = b[k:]
	table := make(map[string][]Head, n)
	for range n {
		if len(b) < base.BucketNameSize+IDSize {
			return nil, errHeads
		}
		rec := string(b[:base.BucketNameSize+IDSize])
		b = b[base.BucketNameSize+IDSize:]
		m, k := binary.Uvarint(b)
		if k <= 0 || m > uint64(len(b))/29 {
			return nil, errHeads
		}
		b = b[k:]
		heads := make([]Head, m)
		for i := range heads {
			copy(heads[i].Device[:], b)
			heads[i].Clock = Clock{Micros: int64(binary.BigEndian.Uint64(b[16:])), Logical: binary.BigEndian.Uint32(b[24:])}
			if b[28]&^flagTombstone != 0 {
				return nil, errHeads
			}
			heads[i].Tombstone = b[28] == flagTombstone
			b = b[29:]
		}
		table[rec] = heads
	}
	if len(b) != 0 {
		return nil, errHeads
	}
	return table, nil
}

func (t *Tx) saveHeads(table map[string][]Head) error {
	if len(table) == 0 {
		name := t.s.BucketName(syncLabel)
		if b := t.s.Bucket(name); b != nil && b.Get(syncHeadsKey[:]) != nil {
			t.s.Count(name, -1)
			t.s.NoteID(name, syncHeadsKey, false)
			return b.Delete(syncHeadsKey[:])
		}
		return nil
	}
	return t.syncPut(syncHeadsKey, marshalHeads(table))
}

// Conflicts lists the records whose heads hold more than one live version and whose
// newest version is still one of them.
func (t *Tx) Conflicts() ([]Conflict, error) {
	table, err := t.headsTable()
	if err != nil {
		return nil, err
	}
	buckets := t.hist.Buckets()
	var out []Conflict
	for _, rec := range slices.Sorted(mapKeys(table)) {
		bucket, id := []byte(rec[:base.BucketNameSize]), ID([]byte(rec[base.BucketNameSize:]))
		versions, err := t.recordVersions(bucket, id)
		if err != nil {
			return nil, err
		}
		heads := currentHeads(table[rec], versions)
		// Heads that say the same (two devices that made the same change) are no
		// conflict: whichever wins, the record reads the same.
		var texts [][]byte
		for _, h := range heads {
			if h.Tombstone {
				continue
			}
			i := slices.IndexFunc(versions, func(v Version) bool { return h.same(v.Device, v.Clock) })
			if i >= 0 && !slices.ContainsFunc(texts, func(b []byte) bool { return bytes.Equal(b, versions[i].Plain) }) {
				texts = append(texts, versions[i].Plain)
			}
		}
		if len(texts) > 1 {
			out = append(out, Conflict{Collection: CollectionName(buckets, bucket), ID: id, Heads: heads})
		}
	}
	return out, nil
}

// SyncRecord is one record's whole history as a sync snapshot carries it: its
// versions oldest first, and its heads while it is in conflict.
type SyncRecord struct {
	Collection string
	ID         ID
	Versions   []SyncVersion
	Heads      []Head
}

// SyncRecords calls fn with every record of a collection with history, its versions
// and its heads: what a snapshot for a device joining the folder holds.
func (t *Tx) SyncRecords(fn func(SyncRecord) error) error {
	hb := t.s.Bucket(t.s.BucketName(HistoryLabel))
	if hb == nil {
		return nil
	}
	table, err := t.headsTable()
	if err != nil {
		return err
	}
	buckets := t.hist.Buckets()
	var recs [][]byte
	c := hb.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if len(k) != KeySize {
			return fmt.Errorf("%w: a history key is %d bytes", base.ErrDamaged, len(k))
		}
		rec := k[:base.BucketNameSize+IDSize]
		if _, ok := buckets[string(k[:base.BucketNameSize])]; ok && (len(recs) == 0 || !bytes.Equal(recs[len(recs)-1], rec)) {
			recs = append(recs, bytes.Clone(rec))
		}
	}
	for _, rec := range recs {
		bucket, id := rec[:base.BucketNameSize], ID(rec[base.BucketNameSize:])
		versions, err := t.recordVersions(bucket, id)
		if err != nil {
			return err
		}
		r := SyncRecord{Collection: buckets[string(bucket)], ID: id}
		for _, v := range versions {
			r.Versions = append(r.Versions, SyncVersion{Collection: r.Collection, ID: id, Device: v.Device,
				Clock: v.Clock, Saved: v.Saved, Tombstone: v.Tombstone, Plain: v.Plain})
		}
		if heads := currentHeads(table[string(rec)], versions); len(heads) > 1 {
			r.Heads = heads
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// ImportSyncRecord writes a record's history from a snapshot into a vault that has
// none of it (a device joining): its versions in order, its heads, and its newest
// version as its current value. The device's clock witnesses every version.
func (t *Tx) ImportSyncRecord(r SyncRecord) error {
	bucket := t.s.BucketName(r.Collection)
	if _, ok := t.hist.collection(bucket); !ok {
		return fmt.Errorf("%s keeps no history", r.Collection)
	}
	if len(r.Versions) == 0 {
		return fmt.Errorf("%w: record %s has no versions", base.ErrDamaged, r.ID)
	}
	have, err := t.recordVersions(bucket, r.ID)
	if err != nil {
		return err
	}
	if len(have) > 0 {
		return fmt.Errorf("record %s has a history here already", r.ID)
	}
	dev, err := t.device()
	if err != nil {
		return err
	}
	hb, err := t.historyBucket()
	if err != nil {
		return err
	}
	var last Version
	for i, v := range r.Versions {
		if v.Tombstone && len(v.Plain) > 0 {
			return fmt.Errorf("%w: a deletion of record %s holds a record", base.ErrDamaged, r.ID)
		}
		if v.Device == dev.id && v.Device != (DeviceID{}) {
			return fmt.Errorf("record %s: a version from another device names this one", r.ID)
		}
		last = Version{VersionInfo: VersionInfo{Seq: uint32(i + 1), Device: v.Device, Clock: v.Clock, Saved: v.Saved, Tombstone: v.Tombstone}, Plain: v.Plain}
		if err := t.putVersion(hb, bucket, r.ID, last.VersionInfo, v.Plain); err != nil {
			return err
		}
		dev.clock = dev.clock.Witness(v.Clock, t.now)
	}
	if err := t.setLive(r.Collection, bucket, r.ID, last); err != nil {
		return err
	}
	if len(r.Heads) > 1 {
		table, err := t.headsTable()
		if err != nil {
			return err
		}
		table[string(bucket)+string(r.ID[:])] = r.Heads
		if err := t.saveHeads(table); err != nil {
			return err
		}
	}
	return t.saveDevice()
}

// TickDevice moves the device clock on for an event that is not a record version
// (an attachment removed or restored), once per transaction as versions do, and
// returns the device and the event's clock.
func (t *Tx) TickDevice() (DeviceID, Clock, error) {
	dev, err := t.device()
	if err != nil {
		return DeviceID{}, Clock{}, err
	}
	if !t.ticked {
		dev.clock = dev.clock.Next(t.now)
		t.ticked = true
	}
	if err := t.saveDevice(); err != nil {
		return DeviceID{}, Clock{}, err
	}
	return dev.id, dev.clock, nil
}

// WitnessClock moves the device clock up to c, an event of another device applied
// here, so that what this device writes next sorts after it.
func (t *Tx) WitnessClock(c Clock) error {
	dev, err := t.device()
	if err != nil {
		return err
	}
	if c.Compare(dev.clock) <= 0 {
		return nil
	}
	dev.clock = c
	return t.saveDevice()
}
