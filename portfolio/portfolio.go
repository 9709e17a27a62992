// Package portfolio is folio's domain core: entries, goals and their action plans
// organised by Proctor's functions, mentoring relationships, meetings and ratings,
// received documents and contacts, kept in an encrypted vault and indexed in memory.
// The Portfolio type holds them; every change is checked by the rules of package
// validate and written through its methods, or from the packages above through its
// store API (store.go), in one vault transaction each. Beneath the store API, the
// lower-level calls of txapi.go let a package own a concern the core only stores:
// kinds kept in the vault alone (questionnaires), histories as stored, and the
// trash calls that deleting a record is built on; history and sync write through
// WriteStored, which keeps the records in memory in step with any transaction.
// The table of record kinds (kinds.go, on internal/kinds) is what that generic code
// knows of each kind.
//
// Around the core, each concern has a package of its own: leaves beneath it that
// import nothing of folio's but each other (calendar, codec, search, media, record,
// validate, attachment/manifest), internal packages only the core imports (the
// entries' catalogue, index and store, the table's machinery), and the packages
// above that take a *Portfolio (fill, goals, mentorship, history, attachment,
// archive, interchange, document, sync, share, ...). docs/ARCHITECTURE.md maps them
// and the rules between them (.ci/deps).
package portfolio

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio/attachment/manifest"
	"github.com/foliohq/folio/portfolio/internal/catalogue"
	"github.com/foliohq/folio/portfolio/internal/entrystore"
	"github.com/foliohq/folio/portfolio/internal/journal"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/record"
	"github.com/foliohq/folio/storage"
)

// collEntries holds the entries.
const collEntries = catalogue.CollEntries

// collections are every collection of the vault: those of the table of kinds and
// those derived from them or kept beside them (the catalogue, the text index, the
// sharing key, the attachments' manifests, the journal of an import under way).
func collections() []string {
	return append([]string{catalogue.Coll, catalogue.CollIndex, collKeys, collAttachments, journal.Coll}, historyCollectionList()...)
}

// Vault errors, re-exported so callers need not import storage.
var (
	ErrWrongPassphrase    = storage.ErrWrongPassphrase
	ErrDamaged            = storage.ErrDamaged
	ErrUnsupportedVersion = storage.ErrUnsupportedVersion
	ErrInUse              = storage.ErrInUse
	ErrNoVault            = storage.ErrNotFound
	ErrExists             = storage.ErrExists
	ErrBadKDF             = storage.ErrBadParams
	ErrReadOnly           = storage.ErrReadOnly
)

// KDFParams are the Argon2id parameters of a vault's passphrase.
type KDFParams = storage.KDFParams

// DefaultKDF is RFC 9106's second recommendation (t=3, m=64 MiB, p=4).
var DefaultKDF = storage.DefaultKDF

// Options tune Open and Create.
type Options struct {
	// Now is the clock; nil means time.Now. Tests pin it.
	Now func() time.Time
	// ReadOnly opens the vault without taking the write lock and refuses changes.
	ReadOnly bool
	// KDF is used by Create; zero means DefaultKDF.
	KDF KDFParams
	// AcceptRollback keeps a vault whose last change could not be read as it is.
	AcceptRollback bool
	// Writing says the caller means to change the vault: storage's check of the
	// whole file before the first write starts at once, beside the key derivation.
	Writing bool
	// tokenIndexMin is the entry count below which scanning is fast enough that no
	// index is built; zero means catalogue.ParallelThreshold. Tests lower it.
	tokenIndexMin int
}

// Damage names a record that could not be read.
type Damage = storage.Damage

// Portfolio is an unlocked vault with its records decoded and indexed. It is safe for
// concurrent use. Pointers it returns are shared and must be treated as read-only:
// change a record by passing a modified copy to an Update method.
type Portfolio struct {
	vault *storage.Vault
	now   func() time.Time
	// tokenIndexMin is Options.tokenIndexMin, or its default.
	tokenIndexMin int

	mu entrystore.Gate
	// es is the entries' storage glue: the catalogue, the text index, the token
	// search and the bodies read on demand, over entries, byDate and bodies.
	es *entrystore.Store
	// bodies is true once every entry in entries is whole (read from its record),
	// not only its catalogue row.
	bodies  bool
	entries map[ID]*indexed
	byDate  []*indexed // newest first
	// mem holds the records of every other kind kept in memory, a map[ID]*T per
	// kind, made by its row of the table of kinds (Fresh) and read through it.
	mem map[Kind]any
	// settings are the user's settings, the record settingsID in the vault.
	settings   Settings
	settingsID storage.ID
	// sharingKey is the vault's sharing key once looked up (SharingKey).
	sharingKey string
	damaged    []Damage
	// snapMu is held for reading by a snapshot in progress, so Close waits for it.
	snapMu snapshotGate
	// owned are decrypted goal and action records whose bytes their strings share;
	// Close overwrites them.
	owned [][]byte
	// retained is what the retention setting erased at open (history.go).
	retained struct {
		n, days int
		err     error
	}
}

// Exists reports whether a file is at path.
func Exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Create makes a new, empty vault.
func Create(path string, passphrase []byte, opts Options) (*Portfolio, error) {
	if len(passphrase) == 0 {
		return nil, invalid("the passphrase is empty")
	}
	kdf := opts.KDF
	if kdf == (KDFParams{}) {
		kdf = DefaultKDF
	}
	v, err := storage.Create(path, passphrase, kdf)
	if err != nil {
		return nil, err
	}
	p := newPortfolio(v, opts)
	p.bodies = true
	if err := p.buildIndex(); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// Open unlocks the vault at path and loads its records; entries come from the
// catalogue, their rows and bodies read when something needs them
// (internal/entrystore). Records that fail to open are skipped and listed by Damaged.
func Open(path string, passphrase []byte, opts Options) (*Portfolio, error) {
	v, err := journal.Open(path, passphrase, storage.Options{ReadOnly: opts.ReadOnly, AcceptRollback: opts.AcceptRollback, Writing: opts.Writing}, keepsHistory)
	if err != nil {
		return nil, err
	}
	p := newPortfolio(v, opts)
	p.es.ReadOnly = opts.ReadOnly
	if err := p.load(opts.ReadOnly); err != nil {
		v.Close()
		return nil, err
	}
	p.es.ArmGate()
	if !opts.ReadOnly {
		p.retention()
		p.sweepAttachments()
	}
	if !opts.ReadOnly && p.es.IndexWanted() {
		// Best effort: without it, searches read every body, as before. The
		// build reads every entry's record, so every row.
		p.mu.Ensure()
		_ = p.buildIndex()
	}
	if p.bodies {
		p.startSearch()
	}
	return p, nil
}

func newPortfolio(v *storage.Vault, opts Options) *Portfolio {
	v.KeepHistory(opts.Now, historyCollectionList()...)
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	p := &Portfolio{
		vault:         v,
		now:           now,
		tokenIndexMin: cmp.Or(opts.tokenIndexMin, catalogue.ParallelThreshold),
		entries:       map[ID]*indexed{},
		mem:           map[Kind]any{},
	}
	for _, s := range recordKinds() {
		if s.Fresh != nil {
			p.mem[s.Kind] = s.Fresh()
		}
	}
	p.es = entrystore.New(&p.mu, v, &p.entries, &p.byDate, &p.bodies, func(d Damage) { p.damaged = append(p.damaged, d) })
	return p
}

// Close locks the vault again. It waits for a search index being built, closes the
// vault (which overwrites the keys), overwrites the decrypted text it owns (each
// loaded entry's record, which the entry's strings share, and its folded search
// text) and drops every record and index, so the garbage collector can reclaim what
// it could not overwrite. Entries it returned read as zero bytes afterwards: callers
// drop them first.
func (p *Portfolio) Close() error {
	p.snapMu.close()
	p.es.Search.Stop()
	// Without reading the rows the open left unread.
	p.mu.RawLock()
	defer p.mu.RWMutex.Unlock()
	p.es.Close()
	for _, ix := range p.byDate {
		ix.Wipe()
	}
	for _, b := range p.owned {
		clear(b)
	}
	p.owned = nil
	p.entries, p.byDate, p.mem = nil, nil, nil
	p.settings, p.sharingKey, p.damaged = Settings{}, "", nil
	p.es.Search.Drop()
	return p.vault.Close()
}

// OutOfStep says whether this open found the catalogue or the text index behind
// the records, as in a vault last written by an older folio, and so read every
// entry's record to answer for them. A read-only open leaves them so, and every
// read-only open after it pays the same, until an open to write brings them up to
// date; after an open to write, it says the write did not happen. A vault with damage or a rolled-back last change is never out of step:
// an open to write could not mend it.
func (p *Portfolio) OutOfStep() bool {
	if p.vault.Rollback() != nil || len(p.Damaged()) > 0 {
		return false
	}
	return !p.es.CatalogueInStep() || p.es.IndexWanted()
}

// Rollback is non-nil if the vault opened as it was before its last change, which
// could not be read (storage.Rollback).
func (p *Portfolio) Rollback() error {
	if rb := p.vault.Rollback(); rb != nil {
		return rb
	}
	return nil
}

// Path is the vault file.
func (p *Portfolio) Path() string { return p.vault.Path() }

// Now is the portfolio's clock.
func (p *Portfolio) Now() time.Time { return p.now() }

// Today is the current calendar day in local time.
func (p *Portfolio) Today() calendar.Date { return calendar.DateOf(p.now()) }

// Damaged lists records that failed to open or decode when the vault was opened.
func (p *Portfolio) Damaged() []Damage {
	p.mu.RawRLock()
	defer p.mu.RUnlock()
	return append(slices.Clone(p.damaged), p.es.Damaged()...)
}

func (p *Portfolio) load(readOnly bool) error {
	if err := p.es.LoadEntries(readOnly); err != nil {
		return err
	}
	// Every other kind kept in memory loads by its row of the table of kinds.
	for _, s := range recordKinds() {
		if s.Kind == KindEntry || s.Set == nil {
			continue
		}
		if err := p.loadKind(s); err != nil {
			return err
		}
	}
	slices.SortFunc(p.damaged, func(a, b Damage) int { return strings.Compare(a.ID, b.ID) })
	return nil
}

// loadKind opens every record of a kind's collection and puts it in memory; one
// that fails to decode is listed as damaged. An owned kind's records share the
// vault's plaintext, which Close overwrites; the others decode by copying, so
// their plaintext is overwritten at once.
func (p *Portfolio) loadKind(s kindSpec) error {
	damaged, err := p.vault.Load(s.Coll, func(sid storage.ID, plain []byte) error {
		rec, err := s.Decode(ID(sid.String()), plain)
		p.mu.Lock()
		defer p.mu.Unlock()
		if err != nil || !s.Owned {
			clear(plain)
		} else {
			p.owned = append(p.owned, plain)
		}
		if err != nil {
			p.damaged = append(p.damaged, Damage{Collection: s.Coll, ID: sid.String(), Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
			return nil
		}
		s.Set(p, sid, rec)
		return nil
	})
	p.mu.Lock()
	p.damaged = append(p.damaged, damaged...)
	p.mu.Unlock()
	return err
}

func storageID(id ID) (storage.ID, error) {
	sid, err := storage.ParseID(string(id))
	if err != nil {
		return sid, fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	return sid, nil
}

const (
	KindEntry  = record.KindEntry
	KindGoal   = record.KindGoal
	KindAction = record.KindAction
	// KindRelationship and KindMeeting are mentoring records.
	KindRelationship = record.KindRelationship
	KindMeeting      = record.KindMeeting
	// KindReceived is a document someone shared with this vault.
	KindReceived = record.KindReceived
)

// MinPrefix is the shortest ID prefix Resolve accepts.
const MinPrefix = 4

// Resolve finds the record whose ID starts with prefix (case-insensitive). kind limits
// the search; "" means any kind.
func (p *Portfolio) Resolve(prefix string, kind Kind) (ID, Kind, error) {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	if len(prefix) < MinPrefix {
		return "", "", fmt.Errorf("%w: %q is too short to name a record; give at least %d characters of its ID", ErrNotFound, prefix, MinPrefix)
	}
	// The entries' IDs are the keys of their collection: while the open has left
	// the rows unread, a descent to the prefix's range of keys finds them without
	// reading every row (show ID at 100k entries). The other kinds are in memory.
	var seeked []ID
	var seekErr error
	p.mu.RawRLock()
	if !p.mu.RowsRead() && (kind == "" || kind == KindEntry) {
		var sids []storage.ID
		sids, seekErr = p.vault.IDsWithPrefix(collEntries, prefix)
		for _, sid := range sids {
			seeked = append(seeked, ID(sid.String()))
		}
	}
	seek := !p.mu.RowsRead() && seekErr == nil
	if !seek {
		// Damage on the way, or the rows are read: the entries in memory answer.
		p.mu.RUnlock()
		p.mu.RLock()
	}
	defer p.mu.RUnlock()
	var found []ID
	var of []Kind
	// Ratings, contacts and settings are not named by a prefix here
	// (history.ResolveRecord finds ratings too).
	for _, k := range []Kind{KindEntry, KindGoal, KindAction, KindRelationship, KindMeeting, KindReceived} {
		if kind != "" && kind != k {
			continue
		}
		if k == KindEntry && seek {
			for _, id := range seeked {
				found, of = append(found, id), append(of, k)
			}
			continue
		}
		s, _ := specOf(k)
		s.Each(p, func(id ID) {
			if strings.HasPrefix(string(id), prefix) {
				found, of = append(found, id), append(of, k)
			}
		})
	}
	what := "record"
	if kind != "" {
		what = string(kind)
	}
	switch len(found) {
	case 0:
		return "", "", fmt.Errorf("%w: no %s has an ID starting %q", ErrNotFound, what, prefix)
	case 1:
		return found[0], of[0], nil
	}
	return "", "", fmt.Errorf("%w: %d records have IDs starting %q; type more of the ID", ErrAmbiguousID, len(found), prefix)
}

// ChangePassphrase re-wraps the vault key under a new passphrase.
func (p *Portfolio) ChangePassphrase(newPassphrase []byte, kdf KDFParams) error {
	if len(newPassphrase) == 0 {
		return invalid("the new passphrase is empty")
	}
	if kdf == (KDFParams{}) {
		kdf = p.vault.KDF()
	}
	return p.vault.ChangePassphrase(newPassphrase, kdf)
}

// Backup writes a consistent encrypted snapshot of the vault to out.
func (p *Portfolio) Backup(out string, overwrite bool) error {
	return p.vault.Backup(out, overwrite)
}

// CheckReport is what Check found.
type CheckReport = storage.Report

// Check authenticates every record in the vault, and decodes the ones that
// authenticate, reporting each damaged record by ID, and compares the catalogue
// with the entries.
func (p *Portfolio) Check() (CheckReport, error) {
	report, err := p.vault.Check(collections())
	if err != nil {
		return report, err
	}
	// Records counts what the user keeps: the catalogue's chunks and the text
	// index are not theirs.
	for _, coll := range []string{catalogue.Coll, catalogue.CollIndex} {
		if chunks, _, err := p.vault.Stamps(coll); err == nil {
			bad := 0
			for _, d := range report.Damaged {
				if d.Collection == coll {
					bad++
				}
			}
			report.Records -= max(len(chunks)-bad, 0)
		}
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	manifest.Check(p.vault, &report)
	report.Structure = append(report.Structure, p.es.CheckCatalogue()...)
	report.Structure = append(report.Structure, p.es.CheckIndex(p.wholeEntries(p.byDate))...)
	damaged := append(slices.Clone(p.damaged), p.es.Damaged()...)
	for _, d := range damaged {
		// Damage without an ID (structure, counts) is in report.Structure already.
		if d.ID != "" && errors.Is(d.Err, ErrDamaged) && !slices.ContainsFunc(report.Damaged, func(r Damage) bool { return r.ID == d.ID }) {
			report.Damaged = append(report.Damaged, d)
			report.Records--
		}
	}
	return report, nil
}
