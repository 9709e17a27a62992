package portfolio

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	"github.com/foliohq/folio/storage"
)

// ImportArchive adds an archive's records to the vault, keeping their IDs, times and
// links. Everything is validated first, as Add* would, with links checked against the
// vault and the archive together; then every record is written in one transaction,
// so either all are saved or none is.
//
// A record whose ID is already in the vault is left alone when it is the same
// (importing an archive twice adds nothing), replaces the vault's copy when its
// updated time is later, and otherwise the vault's copy is kept. Ratings and received
// documents are never edited, so a different one under the same ID keeps the vault's.
// Settings are taken from the archive only when the vault has none of its own.
//
// A record with a history in the archive is merged by its versions instead
// (archive_merge.go): the versions the vault lacks are added, and the newest of all
// is the current one.
func (p *Portfolio) ImportArchive(a *Archive) (*ImportReport, error) {
	return p.ImportArchiveFiles(a, nil)
}

// ImportArchiveFiles is ImportArchive with the files of the archive's attachments,
// from files (a .zip container): the attachments the vault lacks are added with
// their bytes, read a few chunks at a time, in the same transaction as the records.
// An attachment already in the vault under the same ID is left alone. With files nil
// the attachments are left out, and the report says how many.
func (p *Portfolio) ImportArchiveFiles(a *Archive, files FileSource) (*ImportReport, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	im := p.newImporter(a)
	// Evaluations' IDs in the vault and the trash are read first, so that every
	// kind's IDs are checked against them too.
	if err := im.readEvaluations(); err != nil {
		return nil, err
	}
	if err := im.readTrash(); err != nil {
		return nil, err
	}
	if err := im.indexHistory(); err != nil {
		return nil, err
	}
	if err := im.stageEvaluations(); err != nil {
		return nil, err
	}
	// First decide what each record becomes and stage the ones to write, so that the
	// validation sees every link's target whatever order the archive lists them.
	if err := im.stageRecords(); err != nil {
		return nil, err
	}
	if err := im.stageSettings(); err != nil {
		return nil, err
	}
	if err := im.validate(); err != nil {
		return nil, err
	}
	if err := im.stageHistory(); err != nil {
		return nil, err
	}
	// Last, once every record has passed: the attachments' bytes are the slow part.
	if err := im.stageAttachments(files); err != nil {
		return nil, err
	}
	im.pl.att = &im.att
	if err := p.commitArchive(im); err != nil {
		im.att.discard()
		return nil, err
	}
	im.att.committed()
	return im.rep, nil
}

// importer is one ImportArchive under way: the archive, a staged copy of the vault
// that the archive's records are added to, the plan of what to write and the report.
type importer struct {
	p, st *Portfolio
	a     *Archive
	rep   *ImportReport
	pl    *plan
	// held are the archive's records the vault holds under the same ID and keeps
	// (the same, or not newer): not written, but validated all the same, so that a
	// bad archive is refused whichever records it repeats.
	held *plan
	now  time.Time
	// vaultKinds names the kind of every record in the vault by ID; seen is where in
	// the archive each ID was met; where is each planned record's place in the archive.
	vaultKinds map[ID]string
	seen       map[ID]string
	where      map[any]string
	// sources are the vault's imported entries by the source entry they came from.
	sources map[string]ID
	// trashed names the records in the vault's trash; h is the archive's history.
	trashed map[ID]Kind
	h       histImport
	// evaluations are the vault's questionnaires, read for the import.
	evaluations map[ID]*Evaluation
	// att are the attachments to write.
	att attImport
}

func (p *Portfolio) newImporter(a *Archive) *importer {
	im := &importer{
		p: p, st: p.stage(), a: a, rep: newReport(), pl: &plan{}, held: &plan{}, now: p.now().UTC(),
		vaultKinds: map[ID]string{}, seen: map[ID]string{}, where: map[any]string{}, sources: map[string]ID{},
	}
	for id, ix := range p.entries {
		if src := ix.meta().Source; src != "" {
			im.sources[src] = id
		}
	}
	for _, s := range recordKinds() {
		if s.each != nil && s.kind != KindSettings {
			s.each(p, func(id ID) { im.vaultKinds[id] = s.word })
		}
	}
	return im
}

// checkID refuses an ID that is malformed, repeated in the archive, or in the vault
// as another kind of record; it reports whether the vault has it.
func (im *importer) checkID(id ID, kind, where string) (bool, error) {
	// Only the canonical lower-case form: another spelling of the same ID would be
	// stored under the same key but read back differently.
	if sid, err := storage.ParseID(string(id)); err != nil || sid.String() != string(id) {
		return false, im.a.errorf(where, "the id %q is not a folio ID (16 lower-case characters of 0-9 and a-z but i, l, o, u)", id)
	}
	if other, dup := im.seen[id]; dup {
		return false, im.a.errorf(where, "the id %s is also used by %s", id, other)
	}
	im.seen[id] = where
	if k, ok := im.vaultKinds[id]; ok {
		if k != kind {
			return false, im.a.errorf(where, "the id %s names a %s in the vault, not a %s", id, k, kind)
		}
		return true, nil
	}
	return false, nil
}

// decide counts what a record becomes and reports whether it is to be written.
func (im *importer) decide(counts string, inVault, same, newer bool) bool {
	c := im.rep.Counts[counts]
	switch {
	case !inVault:
		c.Added++
	case same:
		c.Unchanged++
	case newer:
		c.Replaced++
	default:
		c.Kept++
	}
	return !inVault || (!same && newer)
}

// stageKind decides what each record of a kind's list in the archive becomes and
// stages the ones to write; the ones the vault keeps are planned in held, for
// validation.
func (im *importer) stageKind(s kindSpec) error {
	for i, x := range s.listed(im.a) {
		where := fmt.Sprintf("%s[%d]", s.name, i)
		id := s.id(x)
		inVault, err := im.checkID(id, s.word, where)
		if err != nil {
			return err
		}
		s.setTimes(x, im.now)
		im.where[x] = where
		if took, err := listedWithHistory(im, s, x, where); took || err != nil {
			if err != nil {
				return err
			}
			continue
		}
		if !inVault && im.heldElsewhere(x) {
			im.rep.Counts[s.counts].Unchanged++
			im.held.add(s.kind, x)
			continue
		}
		var same, newer bool
		if inVault {
			old := im.old(s, id)
			same = bytes.Equal(s.encode(x), s.encode(old))
			newer = s.updated != nil && s.updated(x).After(s.updated(old))
		}
		if im.decide(s.counts, inVault, same, newer) {
			im.stage(s, x)
			im.pl.add(s.kind, x)
		} else {
			im.held.add(s.kind, x)
		}
	}
	return nil
}

// heldElsewhere says the vault holds the record under another ID: an entry imported
// from the same source entry on another device.
func (im *importer) heldElsewhere(x any) bool {
	e, ok := x.(*Entry)
	if !ok || e.Source == "" {
		return false
	}
	_, ok = im.sources[e.Source]
	return ok
}

// old is the vault's copy of a record it has.
func (im *importer) old(s kindSpec, id ID) any {
	switch s.kind {
	case KindEntry:
		// A record that cannot be read is compared by its catalogue row.
		if e := im.p.whole(im.p.entries[id]); e != nil {
			return e
		}
		return im.p.entries[id].meta()
	case KindEvaluation:
		return im.evaluations[id]
	}
	return s.get(im.p, id)
}

// stage adds a record to the staged vault.
func (im *importer) stage(s kindSpec, x any) {
	switch {
	case s.kind == KindEntry:
		e := x.(*Entry)
		im.st.entries[e.ID] = metaIndexed(e)
	case s.put != nil:
		s.put(im.st, x)
	}
}

// stageRecords stages the archive's lists of every kind but evaluations (staged
// first, stageEvaluations) and settings (stageSettings).
func (im *importer) stageRecords() error {
	for _, s := range recordKinds() {
		if s.kind == KindEvaluation || s.listed == nil {
			continue
		}
		if err := im.stageKind(s); err != nil {
			return err
		}
	}
	return nil
}

// stageSettings takes the archive's settings when the vault has none. They are
// compared as they would be saved, so ones that normalise to nothing are not "added"
// again by every import.
func (im *importer) stageSettings() error {
	s := im.a.Settings
	s.Topics = slices.Clone(s.Topics)
	if err := validateSettings(&s); err != nil {
		return im.a.errorf("settings", "%s", reason(err))
	}
	if settingsEmpty(s) || im.h.settings != nil {
		// Settings with a history are merged by it (checkCurrent, mergeHistory).
		return nil
	}
	c := im.rep.Counts["settings"]
	switch {
	case settingsEmpty(im.p.m.settings):
		c.Added++
		im.pl.settings = &s
	case bytes.Equal(encodeSettings(&s), encodeSettings(&im.p.m.settings)):
		c.Unchanged++
	default:
		c.Kept++
	}
	return nil
}

// validate checks what will be written against the staged vault, in the order links
// depend on least.
func (im *importer) validate() error {
	if err := im.validatePlan(im.pl); err != nil {
		return err
	}
	return im.validatePlan(im.held)
}

// validatePlan checks a plan's records against the staged vault.
func (im *importer) validatePlan(pl *plan) error {
	for _, kind := range importOrder() {
		s, _ := specOf(kind)
		for _, x := range pl.recs[kind] {
			if err := s.check(im.st, x); err != nil {
				return im.a.errorf(im.where[x]+" (id "+string(s.id(x))+")", "%s", reason(err))
			}
		}
	}
	return nil
}

// errorf makes an error naming the archive and the record.
func (a *Archive) errorf(where, format string, args ...any) error {
	name := a.Name
	if name == "" {
		name = "the archive"
	}
	return fmt.Errorf("%w: %s: %s: %s", ErrMalformed, name, where, fmt.Sprintf(format, args...))
}
