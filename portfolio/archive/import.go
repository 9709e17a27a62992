package archive

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	"github.com/foliohq/folio/portfolio/archive/precheck"
	"github.com/foliohq/folio/portfolio/validate"

	"github.com/foliohq/folio/portfolio"
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
// (merge.go): the versions the vault lacks are added, and the newest of all
// is the current one.
func ImportArchive(p *portfolio.Portfolio, a *Archive) (*Report, error) {
	return ImportArchiveFiles(p, a, nil)
}

// ImportArchiveFiles is ImportArchive with the files of the archive's attachments,
// from files (a .zip container): the attachments the vault lacks are added with
// their bytes, read a few chunks at a time, in the same transaction as the records.
// An attachment already in the vault under the same ID is left alone. With files nil
// the attachments are left out, and the report says how many.
//
// The import runs under the portfolio's write lock (Stage), so the vault
// does not change while it reads and decides.
func ImportArchiveFiles(p *portfolio.Portfolio, a *Archive, files FileSource) (*Report, error) {
	return importArchive(p, a, files, importOptions{})
}

// ImportArchiveTaking is ImportArchiveFiles for a caller that gives a up: the
// records are decided on and checked in place, and each is cleared once written,
// so the memory the archive holds falls as the import goes. a is of no use after.
func ImportArchiveTaking(p *portfolio.Portfolio, a *Archive, files FileSource) (*Report, error) {
	return importArchive(p, a, files, importOptions{take: true})
}

// importOptions are how an import runs: take is ImportArchiveTaking's; the tests
// set the others, to write small batches and to stop after one.
type importOptions struct {
	take       bool
	batchBytes int
	afterBatch func(n int) error
}

func importArchive(p *portfolio.Portfolio, a *Archive, files FileSource, opts importOptions) (*Report, error) {
	var rep *Report
	err := Stage(p, func(sg *Staging) error {
		im := newImporter(p, sg, a)
		if opts.take {
			im.lists = takeLists(a)
			if a.Bodies != nil {
				im.index = map[*portfolio.Entry]int{}
				for i := range a.Entries {
					im.index[&a.Entries[i]] = i
				}
				sg.whole, sg.size = im.checkedWhole, im.size
				if a.Checked != nil {
					// The checks set unset times to their clock.
					im.now = a.Checked.Now()
				}
			}
		}
		if opts.batchBytes > 0 {
			sg.batchBytes = opts.batchBytes
		}
		sg.afterBatch = opts.afterBatch
		if err := im.run(files); err != nil {
			return err
		}
		rep = im.rep
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// run decides what becomes of every record, list and history of the archive, checks
// it all and plans what to write; Stage writes it once run returns nil.
func (im *importer) run(files FileSource) error {
	// Evaluations' IDs in the vault and the trash are read first, so that every
	// kind's IDs are checked against them too.
	if err := im.readEvaluations(); err != nil {
		return err
	}
	if err := im.readTrash(); err != nil {
		return err
	}
	if err := im.indexHistory(); err != nil {
		return err
	}
	if err := im.stageEvaluations(); err != nil {
		return err
	}
	// First decide what each record becomes and stage the ones to write, so that the
	// validation sees every link's target whatever order the archive lists them.
	if err := im.stageRecords(); err != nil {
		return err
	}
	if err := im.stageSettings(); err != nil {
		return err
	}
	if err := im.validate(); err != nil {
		return err
	}
	if err := im.stageHistory(); err != nil {
		return err
	}
	// Last, once every record has passed: the attachments' bytes are the slow part.
	if err := im.stageAttachments(files); err != nil {
		return err
	}
	return im.plan()
}

// importer is one ImportArchive under way: the archive, the staged vault that the
// archive's records are added to, what is to be written and the report.
type importer struct {
	p  *portfolio.Portfolio
	sg *Staging
	a  *Archive
	// lists are the archive's lists by kind.
	lists map[Kind]list
	rep   *Report
	// write are the records to write by kind; held are the archive's records the
	// vault holds under the same ID and keeps (the same, or not newer): not written,
	// but validated all the same, so that a bad archive is refused whichever records
	// it repeats. settings are the settings to write, nil for none.
	write, held map[Kind][]any
	settings    *portfolio.Settings
	now         time.Time
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
	evaluations map[ID]*portfolio.Evaluation
	// fresh are the records to write that are new to the vault: no record, no
	// history and no place in the trash under their ID. They are written in
	// batches (Staging.WriteFresh).
	fresh map[any]bool
	// index places each entry of a light archive (Archive.Bodies), which the
	// import reads whole (whole) to compare, check and write it; nil otherwise.
	index map[*portfolio.Entry]int
}

// whole is rec as the archive has it whole, its times set as stageKind sets
// them: for an entry of a light archive, read again; otherwise rec.
func (im *importer) whole(rec any) (any, error) {
	e, ok := rec.(*portfolio.Entry)
	if !ok || im.index == nil {
		return rec, nil
	}
	i, ok := im.index[e]
	if !ok {
		return rec, nil
	}
	w, err := im.a.Bodies.Entry(i)
	if err != nil {
		return nil, err
	}
	if w.ID != e.ID {
		return nil, fmt.Errorf("%w: the file changed while it was being imported; import it again", portfolio.ErrMalformed)
	}
	k, _ := portfolio.KindOf(portfolio.KindEntry)
	precheck.SetTimes(k, w, im.now)
	return w, nil
}

// checked is the check of an entry of a light archive made as it was read, if the
// staged vault answers its questions as they were answered then (Checked).
func (im *importer) checked(rec any) (error, bool) {
	e, ok := rec.(*portfolio.Entry)
	if !ok || im.index == nil || im.a.Checked == nil {
		return nil, false
	}
	i, ok := im.index[e]
	if !ok {
		return nil, false
	}
	return im.a.Checked.Result(i, im.sg.st)
}

// checkedWhole is rec whole and checked, as validate checked it: what is written.
func (im *importer) checkedWhole(rec any) (any, error) {
	w, err := im.whole(rec)
	if err != nil || w == rec {
		return w, err
	}
	if err := im.sg.Check(w); err != nil {
		return nil, im.a.errorf(im.where[rec]+" (id "+string(w.(*portfolio.Entry).ID)+")", "%s", validate.Reason(err))
	}
	return w, nil
}

// size is about how many bytes rec's plaintext takes, to size a batch.
func (im *importer) size(rec any) int {
	if e, ok := rec.(*portfolio.Entry); ok && im.index != nil {
		if i, ok := im.index[e]; ok {
			return im.a.Bodies.Size(i)
		}
	}
	return 0
}

func newImporter(p *portfolio.Portfolio, sg *Staging, a *Archive) *importer {
	im := &importer{
		p: p, sg: sg, a: a, lists: lists(a), rep: NewReport(), now: sg.Now(),
		write: map[Kind][]any{}, held: map[Kind][]any{},
		vaultKinds: map[ID]string{}, seen: map[ID]string{}, where: map[any]string{}, sources: sg.Sources(),
		fresh: map[any]bool{},
	}
	sg.Live(func(kind Kind, id ID) {
		k, _ := portfolio.KindOf(kind)
		im.vaultKinds[id] = k.Word()
	})
	return im
}

// plan hands what is to be written to the staged vault. Entries of a light
// archive are written as read again whole, and checked again (the check tidies
// what it checks): those new to the vault batch by batch (Staging.writeFresh), the
// others now.
func (im *importer) plan() error {
	for _, kind := range ImportOrder() {
		for _, x := range im.write[kind] {
			if im.fresh[x] {
				im.sg.WriteFresh(x)
				continue
			}
			w, err := im.checkedWhole(x)
			if err != nil {
				return err
			}
			im.sg.Write(w)
		}
	}
	if im.settings != nil {
		return im.sg.WriteSettings(im.settings)
	}
	return nil
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
func (im *importer) stageKind(s portfolio.KindRow) error {
	l := im.lists[s.Kind()]
	for i, x := range l.records() {
		where := fmt.Sprintf("%s[%d]", l.name, i)
		id := s.ID(x)
		inVault, err := im.checkID(id, s.Word(), where)
		if err != nil {
			return err
		}
		precheck.SetTimes(s, x, im.now)
		im.where[x] = where
		if took, err := listedWithHistory(im, s, x, where); took || err != nil {
			if err != nil {
				return err
			}
			continue
		}
		if !inVault && im.heldElsewhere(x) {
			im.rep.Counts[s.Counts()].Unchanged++
			im.held[s.Kind()] = append(im.held[s.Kind()], x)
			continue
		}
		var same, newer bool
		if inVault {
			old := im.old(s, id)
			w, err := im.whole(x)
			if err != nil {
				return err
			}
			same = bytes.Equal(s.Encode(w), s.Encode(old))
			tx, edited := s.Updated(x)
			told, _ := s.Updated(old)
			newer = edited && tx.After(told)
		}
		if im.decide(s.Counts(), inVault, same, newer) {
			if _, trashed := im.trashed[id]; !inVault && !trashed {
				im.fresh[x] = true
			}
			im.sg.Stage(x)
			im.write[s.Kind()] = append(im.write[s.Kind()], x)
		} else {
			im.held[s.Kind()] = append(im.held[s.Kind()], x)
		}
	}
	return nil
}

// heldElsewhere says the vault holds the record under another ID: an entry imported
// from the same source entry on another device.
func (im *importer) heldElsewhere(x any) bool {
	e, ok := x.(*portfolio.Entry)
	if !ok || e.Source == "" {
		return false
	}
	_, ok = im.sources[e.Source]
	return ok
}

// old is the vault's copy of a record it has.
func (im *importer) old(s portfolio.KindRow, id ID) any {
	if s.Kind() == portfolio.KindEvaluation {
		return im.evaluations[id]
	}
	return im.sg.Current(s.Kind(), id)
}

// stageRecords stages the archive's lists of every kind but evaluations (staged
// first, stageEvaluations) and settings (stageSettings).
func (im *importer) stageRecords() error {
	for _, s := range portfolio.Kinds() {
		if _, listed := im.lists[s.Kind()]; s.Kind() == portfolio.KindEvaluation || !listed {
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
	if err := validate.Settings(&s); err != nil {
		return im.a.errorf("settings", "%s", validate.Reason(err))
	}
	if settingsEmpty(s) || im.h.settings != nil {
		// Settings with a history are merged by it (checkCurrent, mergeHistory).
		return nil
	}
	c := im.rep.Counts["settings"]
	have, _, _ := im.sg.Settings()
	k, _ := portfolio.KindOf(portfolio.KindSettings)
	switch {
	case settingsEmpty(have):
		c.Added++
		im.settings = &s
	case bytes.Equal(k.Encode(&s), k.Encode(&have)):
		c.Unchanged++
	default:
		c.Kept++
	}
	return nil
}

// validate checks what will be written against the staged vault, in the order links
// depend on least.
func (im *importer) validate() error {
	if err := im.validatePlan(im.write); err != nil {
		return err
	}
	return im.validatePlan(im.held)
}

// validatePlan checks records by kind against the staged vault.
func (im *importer) validatePlan(recs map[Kind][]any) error {
	for _, kind := range ImportOrder() {
		s, _ := portfolio.KindOf(kind)
		for _, x := range recs[kind] {
			if err, ok := im.checked(x); ok {
				if err != nil {
					return im.a.errorf(im.where[x]+" (id "+string(s.ID(x))+")", "%s", validate.Reason(err))
				}
				continue
			}
			w, err := im.whole(x)
			if err != nil {
				return err
			}
			if err := im.sg.Check(w); err != nil {
				return im.a.errorf(im.where[x]+" (id "+string(s.ID(x))+")", "%s", validate.Reason(err))
			}
			if w != x {
				// The staged copy, which links are checked against, is the
				// entry as checked, without its text.
				e := *w.(*portfolio.Entry)
				e.Body, e.Sections, e.Fields = "", nil, nil
				*x.(*portfolio.Entry) = e
			}
		}
	}
	return nil
}

// settingsEmpty says the settings hold nothing: the vault has none of its own.
func settingsEmpty(s portfolio.Settings) bool {
	return s.Organisation == "" && s.RenewalDate.IsZero() && len(s.Topics) == 0
}

// errorf makes an error naming the archive and the record.
func (a *Archive) errorf(where, format string, args ...any) error {
	name := a.Name
	if name == "" {
		name = "the archive"
	}
	return fmt.Errorf("%w: %s: %s: %s", portfolio.ErrMalformed, name, where, fmt.Sprintf(format, args...))
}
