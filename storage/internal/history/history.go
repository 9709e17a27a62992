package history

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/foliohq/folio/storage/internal/base"
	bolt "go.etcd.io/bbolt"
)

// Versions and the trash (docs/HISTORY.md, docs/VAULT.md "History"). Every Put over a
// record of a collection that keeps history, and every Delete of one, also writes a
// sealed version to the history bucket in the same transaction: the new value, or a
// tombstone. The live collection buckets stay as they were, so every read path and the
// record counts see only current records; a deleted record is "in the trash" while its
// versions remain and it has no live value.

// Labels of the two buckets this file adds. They begin with a zero byte, so they
// cannot be a collection's name and their HMAC names are not any collection's bucket.
const (
	HistoryLabel = "\x00folio history"
	DeviceLabel  = "\x00folio device"
)

// Sizes of the history format.
const (
	versionFormat = 1
	// DeviceIDSize is the length of a vault's random device ID.
	DeviceIDSize = 16
	clockSize    = 8 + 4
	seqSize      = 4
	// KeySize is a history key: the record's bucket name, its ID and the
	// version's sequence number, so keys sort by collection, record, then version.
	KeySize = base.BucketNameSize + IDSize + seqSize
	// versionHeaderSize precedes the record's plaintext in a version's plaintext:
	// format, flags, device ID, clock, wall time.
	versionHeaderSize = 1 + 1 + DeviceIDSize + clockSize + 8
	deviceStateSize   = 1 + DeviceIDSize + clockSize

	flagTombstone = 1 << 0
	flagBaseline  = 1 << 1
)

// deviceKey is the one key of the device bucket.
var deviceKey = ID{}

// CheckDevice checks a device bucket's record: its key and, opened, its plaintext.
func CheckDevice(key, plain []byte) error {
	if !bytes.Equal(key, deviceKey[:]) {
		return fmt.Errorf("%w: the device bucket holds another key", base.ErrDamaged)
	}
	_, err := parseDevice(plain)
	return err
}

// ErrChangedSince means an undo would overwrite a change made after the one undone.
var ErrChangedSince = errors.New("changed since")

// ErrNothingToUndo means the session has made no change that can be undone.
var ErrNothingToUndo = errors.New("nothing to undo")

// DeviceID names the vault (one device's copy of a portfolio) that wrote a version.
type DeviceID [DeviceIDSize]byte

func (d DeviceID) String() string { return hex.EncodeToString(d[:]) }

// Clock is a hybrid logical clock: the wall time in microseconds, and a counter that
// orders events within one microsecond or while the wall clock lags behind the
// clock's. Versions compare by Clock, then by DeviceID.
type Clock struct {
	Micros  int64  `json:"micros"`
	Logical uint32 `json:"logical"`
}

// Compare orders clocks: -1, 0 or +1.
func (c Clock) Compare(o Clock) int {
	switch {
	case c.Micros < o.Micros:
		return -1
	case c.Micros > o.Micros:
		return 1
	case c.Logical < o.Logical:
		return -1
	case c.Logical > o.Logical:
		return 1
	}
	return 0
}

// Next is the clock of a local event at wall time now.
func (c Clock) Next(now time.Time) Clock {
	if us := now.UnixMicro(); us > c.Micros {
		return Clock{Micros: us}
	}
	return Clock{Micros: c.Micros, Logical: c.Logical + 1}
}

// Witness is the clock after receiving an event stamped r at wall time now: later
// than both c and r, so a merged version always sorts after what it was merged from.
func (c Clock) Witness(r Clock, now time.Time) Clock {
	us := now.UnixMicro()
	switch {
	case us > c.Micros && us > r.Micros:
		return Clock{Micros: us}
	case c.Micros == r.Micros:
		return Clock{Micros: c.Micros, Logical: max(c.Logical, r.Logical) + 1}
	case c.Micros > r.Micros:
		return Clock{Micros: c.Micros, Logical: c.Logical + 1}
	}
	return Clock{Micros: r.Micros, Logical: r.Logical + 1}
}

// VersionInfo describes one version of a record.
type VersionInfo struct {
	Seq    uint32 // 1 for the oldest version kept, counting up
	Device DeviceID
	Clock  Clock
	Saved  time.Time // the wall time of the write
	// Tombstone marks a deletion: the record went to the trash. It has no plaintext.
	Tombstone bool
	// Baseline marks the value a record had before its history began (written by a
	// folio without history); who wrote it and when are unknown, and zero.
	Baseline bool
}

// Version is a version with the record's plaintext as it was.
type Version struct {
	VersionInfo
	Plain []byte
}

// Marshal is the plaintext of this version holding plain (docs/VAULT.md, "History").
func (i VersionInfo) Marshal(plain []byte) []byte {
	b := make([]byte, 0, versionHeaderSize+len(plain))
	var flags byte
	if i.Tombstone {
		flags |= flagTombstone
	}
	if i.Baseline {
		flags |= flagBaseline
	}
	b = append(b, versionFormat, flags)
	b = append(b, i.Device[:]...)
	b = binary.BigEndian.AppendUint64(b, uint64(i.Clock.Micros))
	b = binary.BigEndian.AppendUint32(b, i.Clock.Logical)
	var saved int64
	if !i.Saved.IsZero() {
		saved = i.Saved.UnixMicro()
	}
	b = binary.BigEndian.AppendUint64(b, uint64(saved))
	return append(b, plain...)
}

// ParseVersion reads the plaintext of version seq, refusing what the format cannot
// hold.
func ParseVersion(seq uint32, b []byte) (Version, error) {
	var v Version
	if len(b) < versionHeaderSize {
		return v, fmt.Errorf("%w: a version is %d bytes, shorter than its header", base.ErrDamaged, len(b))
	}
	if b[0] != versionFormat {
		return v, fmt.Errorf("%w: version format %d is unknown", base.ErrDamaged, b[0])
	}
	flags := b[1]
	v.Seq = seq
	v.Tombstone = flags&flagTombstone != 0
	v.Baseline = flags&flagBaseline != 0
	copy(v.Device[:], b[2:])
	v.Clock.Micros = int64(binary.BigEndian.Uint64(b[18:]))
	v.Clock.Logical = binary.BigEndian.Uint32(b[26:])
	if saved := int64(binary.BigEndian.Uint64(b[30:])); saved != 0 {
		v.Saved = time.UnixMicro(saved).UTC()
	}
	v.Plain = b[versionHeaderSize:]
	switch {
	case flags&^(flagTombstone|flagBaseline) != 0:
		return v, fmt.Errorf("%w: a version has unknown flags %#x", base.ErrDamaged, flags)
	case v.Tombstone && v.Baseline:
		return v, fmt.Errorf("%w: a version is both a tombstone and a baseline", base.ErrDamaged)
	case v.Tombstone && len(v.Plain) > 0:
		return v, fmt.Errorf("%w: a tombstone holds a record", base.ErrDamaged)
	case v.Baseline && (v.Device != DeviceID{} || v.Clock != Clock{} || !v.Saved.IsZero()):
		return v, fmt.Errorf("%w: a baseline version names a writer", base.ErrDamaged)
	}
	return v, nil
}

// VersionKey is the history key of version seq of id in the bucket named bucket.
func VersionKey(bucket []byte, id ID, seq uint32) []byte {
	k := make([]byte, 0, KeySize)
	k = append(k, bucket...)
	k = append(k, id[:]...)
	return binary.BigEndian.AppendUint32(k, seq)
}

// Step is one committed transaction's changes to records that keep history: one
// entry of the session's undo log.
type Step struct {
	At      time.Time
	Changes []StepChange
}

// StepChange is one record's new version in a Step.
type StepChange struct {
	Collection string
	ID         ID
	Seq        uint32 // the version the step wrote
	Tombstone  bool
}

// Log is a vault's versioning: which collections keep history, and the undo log of
// changes committed since it was opened. The vault keeps one; its methods are safe
// for concurrent use.
type Log struct {
	mu        sync.Mutex
	versioned map[string]string // bucket name -> collection
	now       func() time.Time
	log       []Step
	// current is the newest version of each record this session wrote, so an undo
	// can tell a record changed by anything else since (a purge of its history).
	current map[Trashed]uint32
}

// Keep makes every later Put and Delete in these collections keep versions, stamped
// with the wall time now gives (nil is time.Now); buckets maps each collection's
// bucket name to its name.
func (h *Log) Keep(now func() time.Time, buckets map[string]string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.now = now
	if h.versioned == nil {
		h.versioned = map[string]string{}
	}
	for b, c := range buckets {
		h.versioned[b] = c
	}
}

func (h *Log) collection(bucket []byte) (string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c, ok := h.versioned[string(bucket)]
	return c, ok
}

// clock is the wall time for a transaction's versions.
func (h *Log) clock() time.Time {
	h.mu.Lock()
	now := h.now
	h.mu.Unlock()
	if now == nil {
		return time.Now()
	}
	return now()
}

// Buckets maps the bucket name of every collection that keeps history to its name.
func (h *Log) Buckets() map[string]string {
	h.mu.Lock()
	defer h.mu.Unlock()
	m := make(map[string]string, len(h.versioned))
	for k, c := range h.versioned {
		m[k] = c
	}
	return m
}

// Committed logs a committed transaction's versions, or drops the step it undid.
func (h *Log) Committed(t *Tx) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.current == nil {
		h.current = map[Trashed]uint32{}
	}
	for _, ch := range t.steps {
		h.current[Trashed{ch.Collection, ch.ID}] = ch.Seq
	}
	switch {
	case t.undid:
		h.log = h.log[:len(h.log)-1]
	case len(t.steps) > 0:
		h.log = append(h.log, Step{At: t.now, Changes: t.steps})
	}
}

// Steps is the session's changes, oldest first.
func (h *Log) Steps() []Step {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]Step, len(h.log))
	copy(out, h.log)
	return out
}

// Store is what history needs of the vault's transaction: its buckets, sealing with
// the vault's keys, its record counts and ID sets, and the Put and Delete that change
// a record's live value (and call KeepVersion).
type Store interface {
	// Bucket is the top-level bucket named name, nil if there is none.
	Bucket(name []byte) *bolt.Bucket
	CreateBucket(name []byte) (*bolt.Bucket, error)
	Writable() bool
	// BucketName is the bucket name of a collection (or of one of history's labels).
	BucketName(collection string) []byte
	Seal(bucket, key, plain []byte) ([]byte, error)
	Open(bucket, key, sealed []byte) ([]byte, error)
	// Count changes the record count of the bucket named bucket by d.
	Count(bucket []byte, d int64)
	// NoteID records that id was added to (present) or removed from a bucket, for
	// the ID sets.
	NoteID(bucket []byte, id ID, present bool)
	Put(collection string, id ID, plain []byte) error
	Delete(collection string, id ID) error
}

// Tx is a transaction's versioning state, written through s. The vault's transaction
// embeds it, which is how its exported methods (Restore, UndoLast, ApplyVersion, ...)
// become the transaction's.
type Tx struct {
	s      Store
	hist   *Log
	now    time.Time
	dev    *deviceState
	steps  []StepChange
	undid  bool
	ticked bool
	// following is set while PutVersion makes the live value follow a version it
	// added: that Put or Delete keeps no version of its own.
	following bool
}

// NewTx starts the versioning of a transaction that writes through s.
func NewTx(s Store, hist *Log) Tx { return Tx{s: s, hist: hist, now: hist.clock()} }

type deviceState struct {
	id    DeviceID
	clock Clock
	saved bool // in the file already
}

func (t *Tx) historyBucket() (*bolt.Bucket, error) {
	return t.s.CreateBucket(t.s.BucketName(HistoryLabel))
}

// device reads (or, the first time, makes) the vault's device ID and clock.
func (t *Tx) device() (*deviceState, error) {
	if t.dev != nil {
		return t.dev, nil
	}
	name := t.s.BucketName(DeviceLabel)
	d := &deviceState{}
	if b := t.s.Bucket(name); b != nil {
		if sealed := b.Get(deviceKey[:]); sealed != nil {
			plain, err := t.s.Open(name, deviceKey[:], sealed)
			if err != nil {
				return nil, fmt.Errorf("the device ID: %w", err)
			}
			if d, err = parseDevice(plain); err != nil {
				return nil, err
			}
			d.saved = true
		}
	}
	if !d.saved {
		if _, err := rand.Read(d.id[:]); err != nil {
			return nil, err
		}
	}
	t.dev = d
	return d, nil
}

func (d *deviceState) marshal() []byte {
	b := append([]byte{versionFormat}, d.id[:]...)
	b = binary.BigEndian.AppendUint64(b, uint64(d.clock.Micros))
	return binary.BigEndian.AppendUint32(b, d.clock.Logical)
}

func parseDevice(b []byte) (*deviceState, error) {
	if len(b) != deviceStateSize || b[0] != versionFormat {
		return nil, fmt.Errorf("%w: the device ID is %d bytes of format %d", base.ErrDamaged, len(b), b[0:min(1, len(b))])
	}
	d := &deviceState{}
	copy(d.id[:], b[1:])
	d.clock = Clock{Micros: int64(binary.BigEndian.Uint64(b[17:])), Logical: binary.BigEndian.Uint32(b[25:])}
	return d, nil
}

// saveDevice seals the device state with the transaction's latest clock.
func (t *Tx) saveDevice() error {
	name := t.s.BucketName(DeviceLabel)
	b, err := t.s.CreateBucket(name)
	if err != nil {
		return err
	}
	sealed, err := t.s.Seal(name, deviceKey[:], t.dev.marshal())
	if err != nil {
		return err
	}
	if !t.dev.saved {
		t.s.Count(name, 1)
		t.dev.saved = true
	}
	return b.Put(deviceKey[:], sealed)
}

// lastSeq is the newest version of id in the bucket named bucket, 0 if none.
func lastSeq(hb *bolt.Bucket, bucket []byte, id ID) uint32 {
	prefix := VersionKey(bucket, id, 0)[:base.BucketNameSize+IDSize]
	c := hb.Cursor()
	k, _ := c.Seek(VersionKey(bucket, id, math.MaxUint32))
	if k == nil {
		k, _ = c.Last()
	} else if !bytes.Equal(k, VersionKey(bucket, id, math.MaxUint32)) {
		k, _ = c.Prev()
	}
	if len(k) != KeySize || !bytes.HasPrefix(k, prefix) {
		return 0
	}
	return binary.BigEndian.Uint32(k[base.BucketNameSize+IDSize:])
}

// seqBefore is the newest version of id numbered below seq, 0 if none.
func seqBefore(hb *bolt.Bucket, bucket []byte, id ID, seq uint32) uint32 {
	prefix := VersionKey(bucket, id, 0)[:base.BucketNameSize+IDSize]
	c := hb.Cursor()
	k, _ := c.Seek(VersionKey(bucket, id, seq))
	if k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	if len(k) != KeySize || !bytes.HasPrefix(k, prefix) {
		return 0
	}
	return binary.BigEndian.Uint32(k[base.BucketNameSize+IDSize:])
}

// KeepVersion is the hook of Put (plain) and Delete (tombstone) for collections that
// keep history. It runs before live changes: a record written before history began
// first gets its old value kept as a baseline version.
func KeepVersion(t *Tx, bucket []byte, collection string, id ID, live *bolt.Bucket, plain []byte, tombstone bool) error {
	if t.hist == nil || t.following {
		return nil
	}
	if _, ok := t.hist.collection(bucket); !ok {
		return nil
	}
	hb, err := t.historyBucket()
	if err != nil {
		return err
	}
	last := lastSeq(hb, bucket, id)
	if last == 0 && live != nil {
		if old := live.Get(id[:]); old != nil {
			oldPlain, err := t.s.Open(bucket, id[:], old)
			if err != nil {
				return fmt.Errorf("record %s in %s cannot be kept as a version: %w", id, collection, err)
			}
			last = 1
			if err := t.putVersion(hb, bucket, id, VersionInfo{Seq: 1, Baseline: true}, oldPlain); err != nil {
				return err
			}
		}
	}
	if last == math.MaxUint32 {
		return fmt.Errorf("record %s in %s has too many versions; delete its history first", id, collection)
	}
	dev, err := t.device()
	if err != nil {
		return err
	}
	// One transaction is one event: its versions share a clock, so the clock and
	// device name the transaction (what was deleted together, for instance).
	if !t.ticked {
		dev.clock = dev.clock.Next(t.now)
		t.ticked = true
	}
	info := VersionInfo{Seq: last + 1, Device: dev.id, Clock: dev.clock, Saved: t.now, Tombstone: tombstone}
	if err := t.putVersion(hb, bucket, id, info, plain); err != nil {
		return err
	}
	t.steps = append(t.steps, StepChange{Collection: collection, ID: id, Seq: info.Seq, Tombstone: tombstone})
	return t.saveDevice()
}

func (t *Tx) putVersion(hb *bolt.Bucket, bucket []byte, id ID, info VersionInfo, plain []byte) error {
	key := VersionKey(bucket, id, info.Seq)
	hname := t.s.BucketName(HistoryLabel)
	sealed, err := t.s.Seal(hname, key, info.Marshal(plain))
	if err != nil {
		return err
	}
	if hb.Get(key) == nil {
		t.s.Count(hname, 1)
	}
	return hb.Put(key, sealed)
}

// PutVersion adds a version written elsewhere (read from an archive; later, from
// another device) to the history of id exactly as given: its number, device, clock,
// time and flags. The record's live value then follows it, as it follows every newest
// version: a tombstone takes the record out of its collection (into the trash), any
// other version becomes its current value.
//
// v.Seq must be above every version id has, so that nothing is overwritten and the
// newest version stays the current one; a live record with no versions first gets its
// value kept as a baseline version 1, as Put would. The device's clock is raised to
// v's, so that every later local change sorts after what was added. Versions are
// added before the transaction's own changes (Put, Delete), whose shared clock must
// sort after them.
func (t *Tx) PutVersion(collection string, id ID, v Version) error {
	bucket := t.s.BucketName(collection)
	if t.hist == nil {
		return fmt.Errorf("%s keeps no history", collection)
	}
	if _, ok := t.hist.collection(bucket); !ok {
		return fmt.Errorf("%s keeps no history", collection)
	}
	if t.ticked {
		return errors.New("versions are added before a transaction's own changes")
	}
	if err := checkVersion(v); err != nil {
		return fmt.Errorf("version %d of record %s: %w", v.Seq, id, err)
	}
	hb, err := t.historyBucket()
	if err != nil {
		return err
	}
	last := lastSeq(hb, bucket, id)
	live := t.live(bucket)
	if last == 0 && live != nil {
		if old := live.Get(id[:]); old != nil {
			oldPlain, err := t.s.Open(bucket, id[:], old)
			if err != nil {
				return fmt.Errorf("record %s in %s cannot be kept as a version: %w", id, collection, err)
			}
			last = 1
			if err := t.putVersion(hb, bucket, id, VersionInfo{Seq: 1, Baseline: true}, oldPlain); err != nil {
				return err
			}
		}
	}
	if v.Seq <= last {
		return fmt.Errorf("version %d of record %s is not after its newest version, %d", v.Seq, id, last)
	}
	if err := t.putVersion(hb, bucket, id, v.VersionInfo, v.Plain); err != nil {
		return err
	}
	dev, err := t.device()
	if err != nil {
		return err
	}
	if v.Clock.Compare(dev.clock) > 0 {
		dev.clock = v.Clock
	}
	if err := t.saveDevice(); err != nil {
		return err
	}
	t.steps = append(t.steps, StepChange{Collection: collection, ID: id, Seq: v.Seq, Tombstone: v.Tombstone})
	t.following = true
	defer func() { t.following = false }()
	if v.Tombstone {
		return t.s.Delete(collection, id)
	}
	return t.s.Put(collection, id, v.Plain)
}

// checkVersion refuses a version the format cannot hold, as ParseVersion would
// refuse it read back.
func checkVersion(v Version) error {
	switch {
	case v.Seq == 0:
		return fmt.Errorf("%w: versions are numbered from 1", base.ErrDamaged)
	case v.Tombstone && v.Baseline:
		return fmt.Errorf("%w: a version is both a tombstone and a baseline", base.ErrDamaged)
	case v.Tombstone && len(v.Plain) > 0:
		return fmt.Errorf("%w: a tombstone holds a record", base.ErrDamaged)
	case v.Baseline && (v.Device != DeviceID{} || v.Clock != Clock{} || !v.Saved.IsZero()):
		return fmt.Errorf("%w: a baseline version names a writer", base.ErrDamaged)
	case !v.Baseline && v.Device == DeviceID{}:
		return fmt.Errorf("%w: a version names no device", base.ErrDamaged)
	}
	return nil
}

// readVersion opens version seq of id inside the transaction.
func (t *Tx) readVersion(bucket []byte, id ID, seq uint32) (Version, error) {
	hname := t.s.BucketName(HistoryLabel)
	hb := t.s.Bucket(hname)
	var sealed []byte
	if hb != nil {
		sealed = hb.Get(VersionKey(bucket, id, seq))
	}
	if sealed == nil {
		return Version{}, fmt.Errorf("%w: record %s has no version %d", base.ErrNotFound, id, seq)
	}
	plain, err := t.s.Open(hname, VersionKey(bucket, id, seq), sealed)
	if err != nil {
		return Version{}, fmt.Errorf("version %d of record %s: %w", seq, id, err)
	}
	v, err := ParseVersion(seq, plain)
	if err != nil {
		return Version{}, fmt.Errorf("version %d of record %s: %w", seq, id, err)
	}
	return v, nil
}

// Restore makes version seq of id current again, as a new version. seq 0 means the
// newest version that is not a tombstone: how a record comes back from the trash.
func (t *Tx) Restore(collection string, id ID, seq uint32) (Version, error) {
	bucket := t.s.BucketName(collection)
	if _, ok := t.hist.collection(bucket); !ok {
		return Version{}, fmt.Errorf("%s keeps no history", collection)
	}
	if seq == 0 {
		hb := t.s.Bucket(t.s.BucketName(HistoryLabel))
		last := uint32(0)
		if hb != nil {
			last = lastSeq(hb, bucket, id)
		}
		for s := last; s > 0; s-- {
			v, err := t.readVersion(bucket, id, s)
			if err != nil && !errors.Is(err, base.ErrNotFound) {
				return Version{}, err
			}
			if err == nil && !v.Tombstone {
				seq = s
				break
			}
		}
		if seq == 0 {
			return Version{}, fmt.Errorf("%w: record %s has no version to restore", base.ErrNotFound, id)
		}
	}
	v, err := t.readVersion(bucket, id, seq)
	if err != nil {
		return Version{}, err
	}
	if v.Tombstone {
		return Version{}, fmt.Errorf("version %d of record %s is its deletion; choose another version", seq, id)
	}
	return v, t.s.Put(collection, id, v.Plain)
}

// live opens the live bucket of a collection, nil if it has none.
func (t *Tx) live(bucket []byte) *bolt.Bucket { return t.s.Bucket(bucket) }

// versionGroups lists the history keys, grouped by record, oldest version first.
func (t *Tx) versionGroups(hb *bolt.Bucket) (order []string, groups map[string][][]byte) {
	groups = map[string][][]byte{}
	c := hb.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if len(k) != KeySize {
			continue
		}
		rec := string(k[:base.BucketNameSize+IDSize])
		if _, ok := groups[rec]; !ok {
			order = append(order, rec)
		}
		groups[rec] = append(groups[rec], bytes.Clone(k))
	}
	return order, groups
}

func (t *Tx) deleteVersions(hb *bolt.Bucket, keys [][]byte) error {
	hname := t.s.BucketName(HistoryLabel)
	for _, k := range keys {
		if err := hb.Delete(k); err != nil {
			return err
		}
		t.s.Count(hname, -1)
	}
	return nil
}

// Trashed names a record in the trash.
type Trashed struct {
	Collection string
	ID         ID
}

// EmptyTrash erases every version of every record in the trash (records with versions
// but no live value) and returns them.
func (t *Tx) EmptyTrash() ([]Trashed, error) {
	hb := t.s.Bucket(t.s.BucketName(HistoryLabel))
	if hb == nil {
		return nil, nil
	}
	buckets := t.hist.Buckets()
	order, groups := t.versionGroups(hb)
	var gone []Trashed
	for _, rec := range order {
		bucket, id := []byte(rec[:base.BucketNameSize]), ID([]byte(rec[base.BucketNameSize:]))
		if lb := t.live(bucket); lb != nil && lb.Get(id[:]) != nil {
			continue
		}
		if err := t.deleteVersions(hb, groups[rec]); err != nil {
			return nil, err
		}
		gone = append(gone, Trashed{Collection: CollectionName(buckets, bucket), ID: id})
	}
	return gone, nil
}

// Purge erases the history of id: every version, but the current one of a record
// that is not in the trash. It returns how many versions it erased.
func (t *Tx) Purge(collection string, id ID) (int, error) {
	bucket := t.s.BucketName(collection)
	hb := t.s.Bucket(t.s.BucketName(HistoryLabel))
	if hb == nil {
		return 0, nil
	}
	var keys [][]byte
	c := hb.Cursor()
	prefix := VersionKey(bucket, id, 0)[:base.BucketNameSize+IDSize]
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	if lb := t.live(bucket); lb != nil && lb.Get(id[:]) != nil && len(keys) > 0 {
		keys = keys[:len(keys)-1]
	}
	return len(keys), t.deleteVersions(hb, keys)
}

// PurgeBefore erases the versions saved before cutoff (a retention period): every old
// version but a live record's current one, and records whose deletion is older than
// cutoff from the trash. Baseline versions count as old. It returns how many versions
// it erased.
func (t *Tx) PurgeBefore(cutoff time.Time) (int, error) {
	hname := t.s.BucketName(HistoryLabel)
	hb := t.s.Bucket(hname)
	if hb == nil {
		return 0, nil
	}
	order, groups := t.versionGroups(hb)
	n := 0
	for _, rec := range order {
		bucket, id := []byte(rec[:base.BucketNameSize]), ID([]byte(rec[base.BucketNameSize:]))
		keys := groups[rec]
		live := false
		if lb := t.live(bucket); lb != nil && lb.Get(id[:]) != nil {
			live = true
		}
		var old [][]byte
		for i, k := range keys {
			last := i == len(keys)-1
			if last && live {
				break
			}
			v, err := t.readVersion(bucket, id, binary.BigEndian.Uint32(k[base.BucketNameSize+IDSize:]))
			if err != nil {
				return n, err
			}
			if !v.Saved.Before(cutoff) {
				if !live {
					old = nil // a record in the trash goes whole, or not at all
				}
				break
			}
			old = append(old, k)
		}
		if err := t.deleteVersions(hb, old); err != nil {
			return n, err
		}
		n += len(old)
	}
	return n, nil
}

// UndoLast undoes the newest step of the session's undo log: each record it changed
// gets back the version before, as a new version (a record the step created, or
// brought back from the trash, goes to the trash). A record changed again since is
// ErrChangedSince, and nothing is undone. The step leaves the log when the transaction
// commits.
func (t *Tx) UndoLast() (Step, error) {
	t.hist.mu.Lock()
	var step Step
	n := len(t.hist.log)
	current := map[Trashed]uint32{}
	if n > 0 {
		step = t.hist.log[n-1]
		for _, ch := range step.Changes {
			k := Trashed{ch.Collection, ch.ID}
			current[k] = t.hist.current[k]
		}
	}
	t.hist.mu.Unlock()
	if n == 0 {
		return step, ErrNothingToUndo
	}
	if t.undid {
		return step, errors.New("one undo per transaction")
	}
	hb := t.s.Bucket(t.s.BucketName(HistoryLabel))
	for i := len(step.Changes) - 1; i >= 0; i-- {
		ch := step.Changes[i]
		bucket := t.s.BucketName(ch.Collection)
		if hb == nil || lastSeq(hb, bucket, ch.ID) != current[Trashed{ch.Collection, ch.ID}] {
			return step, fmt.Errorf("%w: record %s was changed after the change to undo", ErrChangedSince, ch.ID)
		}
	}
	// Records changed twice in the step go back to the version before the first.
	first := map[Trashed]uint32{}
	var order []Trashed
	for _, ch := range step.Changes {
		k := Trashed{ch.Collection, ch.ID}
		if _, ok := first[k]; !ok {
			order = append(order, k)
			first[k] = ch.Seq
		}
		first[k] = min(first[k], ch.Seq)
	}
	for _, k := range order {
		bucket := t.s.BucketName(k.Collection)
		// The version before the step's first; numbers may have a gap below it (an
		// erased history, versions added from an archive), and none is a creation.
		prev := Version{VersionInfo: VersionInfo{Tombstone: true}}
		if s := seqBefore(hb, bucket, k.ID, first[k]); s > 0 {
			var err error
			if prev, err = t.readVersion(bucket, k.ID, s); err != nil {
				return step, err
			}
		}
		var err error
		if prev.Tombstone {
			err = t.s.Delete(k.Collection, k.ID)
		} else {
			err = t.s.Put(k.Collection, k.ID, prev.Plain)
		}
		if err != nil {
			return step, err
		}
	}
	t.undid = true
	return step, nil
}

// CollectionName names the bucket named bucket by its collection, given Log.Buckets,
// or in hex.
func CollectionName(buckets map[string]string, bucket []byte) string {
	if c, ok := buckets[string(bucket)]; ok {
		return c
	}
	return base.HexName(bucket)
}
