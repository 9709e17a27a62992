package archive

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive/precheck"
	"github.com/foliohq/folio/portfolio/attachment/manifest"
	"github.com/foliohq/folio/storage"
)

// Staging is an import under way (Stage; ImportArchive and
// interchange.ImportEntries): the records the import adds go into a staged copy of
// the vault (staged.go), so the checks a save applies see every link against the
// vault and the archive together; the vault's records are read through the core's
// portfolio.Staged; what is to be written is planned (Write, WriteSettings,
// WriteHistory, WriteAttachment) and committed in one transaction. It is valid only
// inside the function Stage gave it to.
type Staging struct {
	*portfolio.Staged
	p    *portfolio.Portfolio
	st   *staged
	pl   plan
	hist []HistoryWrite
	att  attImport
	// batchBytes is the plaintext of a batch; afterBatch, when set, is called
	// with each batch's number once it commits, and an error from it stops the
	// import (tests).
	batchBytes int
	afterBatch func(n int) error
	// whole, when set, is a record as written, read again whole and checked (the
	// entries of a light archive); size is about how many bytes it takes.
	whole func(rec any) (any, error)
	size  func(rec any) int
}

// Stage runs fn under the portfolio's write lock, so the vault does not change
// while an import reads and stages; if fn returns nil, the plan is written in one
// transaction and the records in memory brought in line. If fn or the write fails,
// nothing is written and the files staged are given back.
func Stage(p *portfolio.Portfolio, fn func(*Staging) error) error {
	return p.Stage(func(st *portfolio.Staged) error {
		sg := &Staging{Staged: st, p: p, st: newStaged(p, st), batchBytes: batchBytes}
		err := fn(sg)
		if err == nil {
			sg.pl.att = &sg.att
			err = sg.commit()
		}
		if err != nil {
			sg.att.discard()
			return err
		}
		sg.att.committed()
		return nil
	})
}

// Trashed names the records in the vault's trash by kind; links to them validate
// on import as they do on save.
func (sg *Staging) Trashed() (map[ID]Kind, error) {
	trashed, err := sg.p.TrashedKinds()
	if err != nil {
		return nil, err
	}
	sg.st.trash = maps.Clone(trashed)
	if sg.st.trash == nil {
		sg.st.trash = map[ID]Kind{}
	}
	return trashed, nil
}

// Sources are the vault's imported entries by the source entry they came from.
func (sg *Staging) Sources() map[string]ID {
	out := map[string]ID{}
	sg.EachMeta(func(e *portfolio.Entry) {
		if e.Source != "" {
			out[e.Source] = e.ID
		}
	})
	return out
}

// Trash stages id as a record of kind in the trash (its history ends deleted).
func (sg *Staging) Trash(id ID, kind Kind) { sg.st.trash[id] = kind }

// Stage adds rec to the staged vault, so that links to it validate.
func (sg *Staging) Stage(rec any) { sg.st.stage(rec) }

// Check validates rec as an import does, against the staged vault.
func (sg *Staging) Check(rec any) error { return sg.st.check(rec) }

// VersionCheck returns the check of an old version's record: against every record
// of the staged vault, the trash and the records of ids (an archive's histories)
// included, so an old version's links to a record since deleted are kept. Contact
// names are unique among current contacts only (staged.forVersions).
func (sg *Staging) VersionCheck(ids map[ID]Kind) func(rec any) error {
	v := sg.st.forVersions()
	placeholder := func(id ID, k Kind) {
		v.trash[id] = k
		if rec := placeholderOf(k, id); rec != nil && !v.has(k, id) {
			v.stage(rec)
		}
	}
	for id, k := range sg.st.trash {
		placeholder(id, k)
	}
	for id, k := range ids {
		placeholder(id, k)
	}
	return v.check
}

// placeholderOf is a record of kind that holds nothing but its ID, standing for
// one an old version links to; nil for a kind no link points to.
func placeholderOf(k Kind, id ID) any {
	switch k {
	case portfolio.KindEntry:
		return &portfolio.Entry{ID: id}
	case portfolio.KindGoal:
		return &portfolio.Goal{ID: id}
	case portfolio.KindAction:
		return &portfolio.Action{ID: id}
	case portfolio.KindRelationship:
		return &portfolio.Relationship{ID: id}
	case portfolio.KindMeeting:
		return &portfolio.Meeting{ID: id}
	}
	return nil
}

// Write plans rec, checked, to be written.
func (sg *Staging) Write(rec any) {
	s, _ := portfolio.KindOfRecord(rec)
	sg.pl.add(s.Kind(), rec)
}

// WriteFresh plans rec, checked, to be written, a record new to the vault: no
// record, history or place in the trash under its ID. Such records are written in
// batches before the rest of the plan (writeFresh).
func (sg *Staging) WriteFresh(rec any) {
	s, _ := portfolio.KindOfRecord(rec)
	if sg.pl.fresh == nil {
		sg.pl.fresh = map[Kind][]any{}
	}
	sg.pl.fresh[s.Kind()] = append(sg.pl.fresh[s.Kind()], rec)
}

// Batches sets how an import of another package writes the records new to the
// vault: in batches of about size bytes of plaintext (0 keeps the default), with
// after, when not nil, called with each batch's number once it commits; an error
// from it stops the import, which is then taken out (the tests of those imports).
func (sg *Staging) Batches(size int, after func(n int) error) {
	if size > 0 {
		sg.batchBytes = size
	}
	sg.afterBatch = after
}

// ReadWhole sets how the entries planned with WriteFresh are written when they
// are held light, without their text (an import of another program's file read
// a record at a time): whole is the entry read again whole and checked, what is
// written; size is about how many bytes it takes, to size a batch.
func (sg *Staging) ReadWhole(whole func(rec any) (any, error), size func(rec any) int) {
	sg.whole, sg.size = whole, size
}

// Checked is the check of c's i-th entry made as it was read (precheck), if the
// staged vault answers its questions as they were answered then; false if it must
// be checked again (Check).
func (sg *Staging) Checked(c *precheck.Checked, i int) (error, bool) { return c.Result(i, sg.st) }

// WriteSettings plans s, checked, to be written as the vault's settings, under
// their record's ID if they have one.
func (sg *Staging) WriteSettings(s *portfolio.Settings) error {
	sg.pl.settings, sg.pl.settingsID = s, storage.NewID()
	if _, id, ok := sg.Settings(); ok {
		var err error
		sg.pl.settingsID, err = storage.ParseID(string(id))
		return err
	}
	return nil
}

// HistoryWrite is what an import adds to one record's history: Versions, written
// before any other change of the transaction (whose clock then sorts after them),
// and then the vault's own current value (Plain, if Restate) or its deletion (if
// Delete) written again, as the newest version.
type HistoryWrite struct {
	Kind     Kind
	ID       storage.ID
	Versions []storage.Version
	Restate  bool
	Plain    []byte
	Delete   bool
}

// WriteHistory plans w.
func (sg *Staging) WriteHistory(w HistoryWrite) error {
	if _, ok := portfolio.KindOf(w.Kind); !ok {
		return portfolio.Invalid("records of kind %q have no history", w.Kind)
	}
	sg.hist = append(sg.hist, w)
	return nil
}

// StageFile reads an attached file's bytes from r into the vault, a few chunks at
// a time, kept only if the import commits; it returns their size.
func (sg *Staging) StageFile(name string, r io.Reader) (int64, error) {
	if sg.att.files == nil {
		sg.att.files = map[string]*storage.Staged{}
	}
	staged, err := sg.Staged.StageFile(r)
	if err != nil {
		return 0, err
	}
	sg.att.files[name] = staged
	return staged.Size, nil
}

// WriteAttachment plans the manifest m, whose bytes are the file staged as name.
func (sg *Staging) WriteAttachment(m *portfolio.Attachment, name string) {
	if sg.att.byFile == nil {
		sg.att.byFile = map[string][]*portfolio.Attachment{}
	}
	sg.att.manifests = append(sg.att.manifests, m)
	sg.att.byFile[name] = append(sg.att.byFile[name], m)
}

// attImport is what an import does with attachments.
type attImport struct {
	manifests []*portfolio.Attachment
	// files are the files read into the vault, by name, and the manifests naming each.
	files  map[string]*storage.Staged
	byFile map[string][]*portfolio.Attachment
}

// discard gives back the bytes staged for an import that was not committed.
func (ai *attImport) discard() {
	for _, s := range ai.files {
		s.Discard()
	}
}

// committed marks the staged bytes as kept.
func (ai *attImport) committed() {
	for _, s := range ai.files {
		s.Committed()
	}
}

// writeAttachments keeps the staged files and writes the manifests naming them.
func writeAttachments(tx *portfolio.ImportTx, ai *attImport) error {
	for name, staged := range ai.files {
		b, err := tx.Vault.CommitBlob(staged)
		if err != nil {
			return err
		}
		for _, m := range ai.byFile[name] {
			m.SetHash(b.Hash)
			sid, err := storage.ParseID(string(m.ID))
			if err != nil {
				return err
			}
			if err := tx.Vault.Put(manifest.Coll, sid, m.Encode()); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeArchiveHistory writes the versions the import adds, before any other change
// of the transaction (whose clock then sorts after them).
func writeArchiveHistory(tx *portfolio.ImportTx, writes []HistoryWrite) error {
	// In key order within each kind, as putRecords puts records and for its reason.
	writes = slices.Clone(writes)
	slices.SortStableFunc(writes, func(a, b HistoryWrite) int {
		if c := strings.Compare(string(a.Kind), string(b.Kind)); c != 0 {
			return c
		}
		return bytes.Compare(a.ID[:], b.ID[:])
	})
	for _, w := range writes {
		row, _ := portfolio.KindOf(w.Kind)
		for _, v := range w.Versions {
			if err := tx.Vault.PutVersion(row.Collection(), w.ID, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeRestates writes the vault's own values again, after the plan.
func writeRestates(tx *portfolio.ImportTx, writes []HistoryWrite) error {
	// The core reads back into memory every record whose value is written here.
	for _, w := range writes {
		row, _ := portfolio.KindOf(w.Kind)
		switch {
		case w.Delete:
			if err := tx.Vault.Delete(row.Collection(), w.ID); err != nil {
				return err
			}
		case w.Restate:
			if err := tx.Vault.Put(row.Collection(), w.ID, w.Plain); err != nil {
				return err
			}
		}
	}
	return nil
}

// commit writes an import in one transaction: the versions added, the records
// without history (writePlan), then the vault's own values written again; the
// core then brings the records in memory in line (portfolio.Staged.Commit).
func (sg *Staging) commit() error {
	if err := sg.writeFresh(); err != nil {
		return sg.abandon(err)
	}
	if len(sg.hist) == 0 && sg.pl.empty() && !sg.Batched() {
		return nil
	}
	err := sg.Commit(func(tx *portfolio.ImportTx) error {
		if err := writeArchiveHistory(tx, sg.hist); err != nil {
			return err
		}
		if err := writePlan(tx, &sg.pl); err != nil {
			return err
		}
		return writeRestates(tx, sg.hist)
	})
	if err != nil {
		return sg.abandon(err)
	}
	return nil
}

// batchBytes is the plaintext a batch of new records holds: the vault writes each
// twice (the record and its first version; an entry's catalogue row waits for the
// import's last transaction), and bbolt keeps every page a transaction dirties in
// memory until it commits.
const batchBytes = 8 << 20

// writeFresh writes the records new to the vault in batches of about
// sg.batchBytes of plaintext (portfolio.Staged.CommitBatch), which keeps each
// entry as its metadata once written, and lets go of them. They are batched in
// the order of their IDs, so each batch appends to the vault's trees: batched by
// date, the catalogue's order, each batch read and rewrote the entries' pages all
// over the file (docs/PERFORMANCE.md).
func (sg *Staging) writeFresh() error {
	batches := 0
	for _, kind := range ImportOrder() {
		recs, err := inKeyOrder(kind, sg.pl.fresh[kind])
		if err != nil {
			return err
		}
		for len(recs) > 0 {
			batch, budget := recs, sg.batchBytes
			if sg.whole != nil && kind == portfolio.KindEntry {
				var err error
				if batch, err = sg.wholeBatch(recs); err != nil {
					return err
				}
				budget = math.MaxInt
			}
			n, err := sg.CommitBatch(batch, budget)
			if err != nil {
				return err
			}
			clear(recs[:n])
			recs = recs[n:]
			batches++
			if sg.afterBatch != nil {
				if err := sg.afterBatch(batches); err != nil {
					return err
				}
			}
		}
		delete(sg.pl.fresh, kind)
	}
	return nil
}

// wholeBatch reads whole the records from the start of recs that make a batch.
func (sg *Staging) wholeBatch(recs []any) ([]any, error) {
	var out []any
	size := 0
	for _, x := range recs {
		if len(out) > 0 && size >= sg.batchBytes {
			break
		}
		w, err := sg.whole(x)
		if err != nil {
			return nil, err
		}
		if e, ok := x.(*portfolio.Entry); ok && w != x {
			// Written from the light entry's own place, which the core then keeps
			// as the entry's metadata, rather than from a copy beside it.
			*e = *w.(*portfolio.Entry)
			w = e
		}
		out = append(out, w)
		size += sg.size(x)
	}
	return out, nil
}

// abandon takes out what the batches wrote when the import cannot finish. Should
// that fail too, their journal still names them, and the next open takes them out.
func (sg *Staging) abandon(err error) error {
	if !sg.Batched() {
		return err
	}
	if rerr := sg.RollbackBatches(); rerr != nil {
		return fmt.Errorf("%w (what the import wrote is taken out when the vault is next opened)", err)
	}
	return err
}
