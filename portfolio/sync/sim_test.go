package sync

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/sync/store"
	"github.com/foliohq/folio/portfolio/sync/wire"
)

// The simulation (issue: "One portfolio on every device"): three devices, each with
// its own vault and its own copy of the sync folder, which a simulated sync engine
// keeps in step badly: files arrive late, in any order, twice, and first cut short.
// Random creates, edits, deletions and restores on every device, random syncs and
// compactions (whose removals the engine delivers too, late as any file); then
// a full exchange, and every vault must hold the same portfolio, every version ever
// written, and a conflict exactly where two edits had not seen each other.

var (
	simOps   = flag.Int("sim.ops", 250, "random operations per simulation run")
	simSeeds = flag.Int("sim.seeds", 2, "simulation runs, one seed each")
)

var (
	testPass = []byte("correct horse battery staple")
	cheapKDF = portfolio.KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}
)

type simClock struct{ t time.Time }

func (c *simClock) now() time.Time { c.t = c.t.Add(time.Millisecond); return c.t }

// versionID names a version everywhere: its device and clock.
type versionID struct {
	dev   string
	clock portfolio.Clock
}

// written is the test's own record of one version: what its writer had of the
// record's history when it wrote it (the versions it had seen).
type written struct {
	id      portfolio.ID
	v       versionID
	deleted bool
	seen    map[versionID]bool
}

type device struct {
	name   string
	p      *portfolio.Portfolio
	folder string
	s      *Syncer
}

// engine copies each device's own files to the other devices' folders.
type engine struct {
	rng  *rand.Rand
	devs []*device
	// done counts the bytes of each file delivered to each device's folder.
	done map[string]int
}

func (e *engine) files() (out [][2]string) {
	for _, src := range e.devs {
		own := filepath.Join(src.folder, src.s.dev().String())
		ents, _ := os.ReadDir(own)
		for _, f := range ents {
			if _, ok := wire.ParseSeqName(f.Name()); ok || strings.HasSuffix(f.Name(), wire.ChunkSuffix) {
				out = append(out, [2]string{src.s.dev().String(), f.Name()})
			}
		}
	}
	return out
}

// step delivers some files to some devices: whole, cut short, again, or not yet;
// and the removal of some that their writer compacted away.
func (e *engine) step(t *testing.T, full bool) {
	e.removals(t, full)
	files := e.files()
	e.rng.Shuffle(len(files), func(i, j int) { files[i], files[j] = files[j], files[i] })
	for _, f := range files {
		var src *device
		for _, d := range e.devs {
			if d.s.dev().String() == f[0] {
				src = d
			}
		}
		b, err := os.ReadFile(filepath.Join(src.folder, f[0], f[1]))
		if err != nil {
			t.Fatal(err)
		}
		for _, dst := range e.devs {
			if dst == src {
				continue
			}
			key := dst.name + "/" + f[0] + "/" + f[1]
			n := len(b)
			if !full {
				switch e.rng.IntN(4) {
				case 0: // late
					continue
				case 1: // partly written
					n = e.rng.IntN(len(b))
					n = max(n, e.done[key])
				}
			}
			if e.done[key] == len(b) && e.rng.IntN(3) > 0 {
				continue // duplicates now and then
			}
			dir := filepath.Join(dst.folder, f[0])
			if err := os.MkdirAll(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, f[1]), b[:n], 0o600); err != nil {
				t.Fatal(err)
			}
			e.done[key] = n
		}
	}
}

// removals removes from other devices' folders the files a device removed from its
// own (compaction): all of them, or (not full) some now and the rest later.
func (e *engine) removals(t *testing.T, full bool) {
	for _, src := range e.devs {
		dev := src.s.dev().String()
		for _, dst := range e.devs {
			if dst == src {
				continue
			}
			ents, _ := os.ReadDir(filepath.Join(dst.folder, dev))
			for _, f := range ents {
				if _, err := os.Stat(filepath.Join(src.folder, dev, f.Name())); !errors.Is(err, fs.ErrNotExist) || (!full && e.rng.IntN(2) == 0) {
					continue
				}
				if err := os.Remove(filepath.Join(dst.folder, dev, f.Name())); err != nil {
					t.Fatal(err)
				}
				delete(e.done, dst.name+"/"+dev+"/"+f.Name())
			}
		}
	}
}

// knowsAll says whether every device's directory has reached d's folder: until then
// d cannot tell whom its compaction must wait for, as no device in a real folder
// whose engine has run.
func knowsAll(d *device, devs []*device) bool {
	for _, o := range devs {
		if _, err := os.Stat(filepath.Join(d.folder, o.s.dev().String())); err != nil {
			return false
		}
	}
	return true
}

func (s *Syncer) dev() portfolio.DeviceID {
	var d portfolio.DeviceID
	store.View(s.P, func(tx *store.Tx) error {
		d, _, _ = tx.Device()
		return nil
	})
	return d
}

func newDevices(t testing.TB, n int, clk *simClock) []*device {
	dir := t.TempDir()
	first := filepath.Join(dir, "dev0.folio")
	opts := portfolio.Options{KDF: cheapKDF, Now: clk.now}
	p, err := portfolio.Create(first, testPass, opts)
	if err != nil {
		t.Fatal(err)
	}
	var devs []*device
	for i := range n {
		if i > 0 {
			// Another device's vault is a copy of the first with its own device ID,
			// as sync join will make it.
			if err := p.Backup(filepath.Join(dir, fmt.Sprintf("dev%d.folio", i)), false); err != nil {
				t.Fatal(err)
			}
		}
		devs = append(devs, &device{name: fmt.Sprintf("dev%d", i), folder: filepath.Join(dir, fmt.Sprintf("folder%d", i))})
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	for i, d := range devs {
		path := filepath.Join(dir, fmt.Sprintf("dev%d.folio", i))
		q, err := portfolio.Open(path, testPass, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { q.Close() })
		d.p = q
		d.s = &Syncer{P: q, Folder: d.folder, Now: clk.now}
		// Every vault but the first is a copy, and needs a device of its own.
		if err := d.s.Init(i > 0); err != nil {
			t.Fatal(err)
		}
	}
	return devs
}

func TestSimulation(t *testing.T) {
	for seed := range *simSeeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { simulate(t, uint64(seed), *simOps) })
	}
}

// FuzzSimulation runs the simulation from any seed: go test -fuzz FuzzSimulation.
func FuzzSimulation(f *testing.F) {
	f.Add(uint64(7), uint16(40))
	f.Fuzz(func(t *testing.T, seed uint64, ops uint16) { simulate(t, seed, int(ops%400)) })
}

func historyIDs(t *testing.T, p *portfolio.Portfolio, id portfolio.ID) map[versionID]bool {
	vs, err := history.History(p, id)
	if err != nil {
		t.Fatalf("History(%s): %v", id, err)
	}
	out := map[versionID]bool{}
	for _, v := range vs {
		out[versionID{v.Device, v.Clock}] = true
	}
	return out
}

func newest(t *testing.T, p *portfolio.Portfolio, id portfolio.ID) portfolio.Version {
	vs, err := history.History(p, id)
	if err != nil || len(vs) == 0 {
		t.Fatalf("History(%s): %v", id, err)
	}
	return vs[len(vs)-1]
}

func simulate(t *testing.T, seed uint64, ops int) {
	rng := rand.New(rand.NewPCG(seed, 18))
	clk := &simClock{t: time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)}
	devs := newDevices(t, 3, clk)
	for _, d := range devs {
		d.s.ChunkSize = 1024 // small chunks: most attachments take several chunk files
	}
	eng := &engine{rng: rng, devs: devs, done: map[string]int{}}
	var log []written
	ids := map[portfolio.ID]bool{}
	attached := map[portfolio.ID]string{} // every attachment added, and its bytes
	marks, erased := 0, 0                 // attachments removed or restored, and erased
	compactions := 0                      // change sets compacted away during the run
	record := func(d *device, id portfolio.ID, before map[versionID]bool) {
		v := newest(t, d.p, id)
		log = append(log, written{id: id, v: versionID{v.Device, v.Clock}, deleted: v.Deleted, seen: before})
	}
	syncOne := func(d *device) {
		rep, err := d.s.Sync()
		if err != nil {
			t.Fatalf("%s: Sync: %v", d.name, err)
		}
		if len(rep.Refused) > 0 {
			t.Fatalf("%s: refused %v", d.name, rep.Refused)
		}
	}
	for i := range ops {
		d := devs[rng.IntN(len(devs))]
		known := slices.Sorted(mapKeys(ids))
		pick := func() (portfolio.ID, bool) {
			if len(known) == 0 {
				return "", false
			}
			return known[rng.IntN(len(known))], true
		}
		switch op := rng.IntN(15); {
		case op < 2:
			e, err := d.p.AddEntry(portfolio.Entry{Title: fmt.Sprintf("entry %d by %s", i, d.name), Body: "first words", Functions: portfolio.Functions(portfolio.Normative)})
			if err != nil {
				t.Fatal(err)
			}
			ids[e.ID] = true
			record(d, e.ID, map[versionID]bool{})
		case op < 5:
			id, ok := pick()
			if !ok {
				continue
			}
			e, live := d.p.Entry(id)
			if !live {
				continue
			}
			before := historyIDs(t, d.p, id)
			e.Body = fmt.Sprintf("edit %d by %s", i, d.name)
			if _, err := d.p.UpdateEntry(*e); err != nil {
				t.Fatal(err)
			}
			record(d, id, before)
		case op < 6:
			id, ok := pick()
			if !ok {
				continue
			}
			if _, live := d.p.Entry(id); !live {
				continue
			}
			before := historyIDs(t, d.p, id)
			if err := d.p.DeleteEntry(id); err != nil {
				t.Fatal(err)
			}
			record(d, id, before)
		case op < 7:
			id, ok := pick()
			if !ok || !d.p.InTrash(id) {
				continue
			}
			before := historyIDs(t, d.p, id)
			if _, err := history.Restore(d.p, id, 0); err != nil {
				t.Fatal(err)
			}
			record(d, id, before)
		case op < 8:
			id, ok := pick()
			if !ok {
				continue
			}
			if _, live := d.p.Entry(id); !live {
				continue
			}
			content := fmt.Sprintf("evidence %d from %s\n", i, d.name) + string(make([]byte, rng.IntN(4000)))
			a, err := attachment.Attach(d.p, id, fmt.Sprintf("evidence-%d.txt", i), strings.NewReader(content))
			if err != nil {
				t.Fatal(err)
			}
			attached[a.ID] = content
		case op < 10:
			syncOne(d)
		case op < 11: // remove an attachment to the trash
			shown, err := attachment.Attachments(d.p, "")
			if err != nil {
				t.Fatal(err)
			}
			if len(shown) == 0 {
				continue
			}
			if err := attachment.RemoveAttachment(d.p, shown[rng.IntN(len(shown))].ID); err != nil {
				t.Fatal(err)
			}
			marks++
		case op < 12: // restore one
			removed, err := attachment.RemovedAttachments(d.p)
			if err != nil {
				t.Fatal(err)
			}
			if len(removed) == 0 {
				continue
			}
			if err := attachment.RestoreAttachment(d.p, removed[rng.IntN(len(removed))].ID); err != nil {
				t.Fatal(err)
			}
			marks++
		case op < 13: // empty the trash, when it holds only attachments
			trash, err := history.Trash(d.p)
			if err != nil {
				t.Fatal(err)
			}
			removed, err := attachment.RemovedAttachments(d.p)
			if err != nil {
				t.Fatal(err)
			}
			// Erasing records erases versions before they travel (a known limit).
			if len(trash) > 0 || len(removed) == 0 {
				continue
			}
			if _, err := history.EmptyTrash(d.p); err != nil {
				t.Fatal(err)
			}
			erased += len(removed)
		case op < 14: // compact: what it removes leaves the others' folders too
			if !knowsAll(d, devs) {
				continue
			}
			c, err := d.s.Compaction()
			if err != nil {
				t.Fatalf("%s: Compaction: %v", d.name, err)
			}
			compactions += len(c.Removed)
		default:
			eng.step(t, false)
		}
	}
	// The full exchange: every device seals, the engine delivers everything, every
	// device merges and acknowledges, until nothing moves.
	for range 4 {
		for _, d := range devs {
			syncOne(d)
		}
		eng.step(t, true)
	}
	for _, d := range devs {
		rep, err := d.s.Sync()
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Waiting) > 0 || len(rep.Refused) > 0 || len(rep.Applied) > 0 {
			t.Fatalf("%s after a full exchange: waiting %v, refused %v, applied %v", d.name, rep.Waiting, rep.Refused, rep.Applied)
		}
	}
	checkConverged(t, devs, log, ids)
	for _, d := range devs {
		checkAttachments(t, d.name, d.p, devs[0].p, attached)
	}
	shown, err := attachment.Attachments(devs[0].p, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d attachments added, %d shown (the others hang on records in the trash or are removed), %d removed or restored, %d erased, %d change sets compacted during the run", len(attached), len(shown), marks, erased, compactions)

	// A change set replayed under the next number, and one tampered with, are
	// refused by name on the device that finds them; nothing of them is applied.
	src, dst := devs[0], devs[1]
	st, err := src.s.stored()
	if err != nil {
		t.Fatal(err)
	}
	last, _ := os.ReadFile(filepath.Join(src.folder, filepath.FromSlash(wire.FileName(src.s.dev(), st.next-1))))
	tampered := append([]byte{}, last...)
	tampered[len(tampered)-1] ^= 1
	next := filepath.Join(dst.folder, filepath.FromSlash(wire.FileName(src.s.dev(), st.next)))
	for _, bad := range [][]byte{last, tampered} {
		if err := os.WriteFile(next, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		rep, err := dst.s.Sync()
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Refused) != 1 || rep.Refused[0].File != wire.FileName(src.s.dev(), st.next) || len(rep.Applied) != 0 {
			t.Fatalf("a replayed or tampered change set: refused %v, applied %v", rep.Refused, rep.Applied)
		}
	}
	os.Remove(next)

	// Compaction drops only what every device has applied, and sync goes on. It
	// leaves no chunk file of a device's own that neither its vault (so its
	// snapshot) nor a change set of its own still in the folder names.
	chunksGone := 0
	for _, d := range devs {
		c, err := d.s.Compaction()
		if err != nil {
			t.Fatal(err)
		}
		chunksGone += len(c.Chunks)
		if len(c.Removed) > 0 {
			onlyNamedChunks(t, d)
		}
	}
	t.Logf("compaction removed %d chunk files", chunksGone)
	d := devs[0]
	e, err := d.p.AddEntry(portfolio.Entry{Title: "after compaction", Body: "still syncs", Functions: portfolio.Functions(portfolio.Formative)})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		for _, d := range devs {
			syncOne(d)
		}
		eng.step(t, true)
	}
	for _, d := range devs {
		if got, ok := d.p.Entry(e.ID); !ok || got.Body != "still syncs" {
			t.Fatalf("%s: the entry written after compaction did not arrive", d.name)
		}
	}

	// A device that joins now, from the first device's folder (where its own change
	// sets are compacted), starts from its snapshot and ends with the same portfolio.
	p, rep, err := Join(devs[0].folder, filepath.Join(filepath.Dir(devs[0].folder), "joined.folio"),
		func() ([]byte, error) { return slices.Clone(testPass), nil }, portfolio.Options{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if len(rep.Refused) > 0 || len(rep.Waiting) > 0 || rep.Snapshot == "" {
		t.Fatalf("the joiner: refused %v, waiting %v, snapshot %q", rep.Refused, rep.Waiting, rep.Snapshot)
	}
	cs0, err := store.Conflicts(devs[0].p)
	if err != nil {
		t.Fatal(err)
	}
	if cs, err := store.Conflicts(p); err != nil || len(cs) != len(cs0) {
		t.Fatalf("the joiner has %d conflicts, dev0 %d (%v)", len(cs), len(cs0), err)
	}
	ids[e.ID] = true
	checkAttachments(t, "the joiner", p, devs[0].p, attached)
	for id := range ids {
		want, wantLive := entryText(devs[0].p, id)
		if got, live := entryText(p, id); got != want || live != wantLive {
			t.Fatalf("record %s: the joiner has (%v) %q, dev0 (%v) %q", id, live, got, wantLive, want)
		}
		if h, h0 := historyIDs(t, p, id), historyIDs(t, devs[0].p, id); len(h) != len(h0) {
			t.Fatalf("record %s: the joiner has %d versions, dev0 %d", id, len(h), len(h0))
		}
	}
}

// onlyNamedChunks fails if d's own directory holds a chunk file of an attachment
// that neither d's vault holds nor a change set of d's left there names.
func onlyNamedChunks(t *testing.T, d *device) {
	t.Helper()
	named := map[store.RecordID]bool{}
	all, _, err := attachment.SyncManifests(d.p)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		named[m.ID] = true
	}
	own := filepath.Join(d.folder, d.s.dev().String())
	ents, err := os.ReadDir(own)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if n, ok := wire.ParseSeqName(e.Name()); ok {
			b, err := os.ReadFile(filepath.Join(own, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			c, err := wire.Open(d.p, d.s.dev(), n, b)
			if err != nil {
				t.Fatalf("%s: its own %s: %v", d.name, e.Name(), err)
			}
			for _, a := range c.Refs {
				named[a.ID] = true
			}
		}
	}
	for _, e := range ents {
		if id, _, ok := wire.ParseChunkName(e.Name()); ok && !named[id] {
			t.Errorf("%s: compaction left %s, which nothing names", d.name, e.Name())
		}
	}
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func entryText(p *portfolio.Portfolio, id portfolio.ID) (string, bool) {
	e, ok := p.Entry(id)
	if !ok {
		return "", false
	}
	return e.Title + "\n" + e.Body, true
}

// checkConverged holds every vault to the same state, every version written kept
// everywhere, and the test's own reckoning of which versions are concurrent.
func checkConverged(t *testing.T, devs []*device, log []written, ids map[portfolio.ID]bool) {
	t.Helper()
	byRecord := map[portfolio.ID][]written{}
	for _, w := range log {
		byRecord[w.id] = append(byRecord[w.id], w)
	}
	conflicts := make([]map[portfolio.ID]bool, len(devs))
	for i, d := range devs {
		cs, err := store.Conflicts(d.p)
		if err != nil {
			t.Fatal(err)
		}
		conflicts[i] = map[portfolio.ID]bool{}
		for _, c := range cs {
			conflicts[i][c.ID] = true
		}
		rep, err := d.p.Check()
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() {
			t.Fatalf("%s: check: %v %v", d.name, rep.Damaged, rep.Structure)
		}
	}
	nConflicts := 0
	for id := range ids {
		text0, live0 := entryText(devs[0].p, id)
		for i, d := range devs[1:] {
			text, live := entryText(d.p, id)
			if live != live0 || text != text0 {
				t.Fatalf("record %s: %s has (%v) %q, dev0 has (%v) %q", id, devs[i+1].name, live, text, live0, text0)
			}
			if conflicts[i+1][id] != conflicts[0][id] {
				t.Fatalf("record %s: in conflict on %s: %v, on dev0: %v", id, devs[i+1].name, conflicts[i+1][id], conflicts[0][id])
			}
		}
		// No change is lost: every version written is in every vault's history.
		for _, d := range devs {
			have := historyIDs(t, d.p, id)
			for _, w := range byRecord[id] {
				if !have[w.v] {
					t.Fatalf("%s lost version %v of record %s", d.name, w.v, id)
				}
			}
		}
		// The heads are the versions no other version had seen.
		var liveHeads, heads []written
		for _, w := range byRecord[id] {
			seenBy := slices.ContainsFunc(byRecord[id], func(o written) bool { return o.seen[w.v] })
			if !seenBy {
				heads = append(heads, w)
				if !w.deleted {
					liveHeads = append(liveHeads, w)
				}
			}
		}
		switch {
		case len(liveHeads) == 0:
			if live0 {
				t.Fatalf("record %s: every head is a deletion, yet it is live", id)
			}
		case !live0:
			t.Fatalf("record %s: a head is an edit no deletion had seen, yet it is in the trash", id)
		default:
			cur := newest(t, devs[0].p, id)
			if !slices.ContainsFunc(liveHeads, func(w written) bool { return w.v == versionID{cur.Device, cur.Clock} }) {
				t.Fatalf("record %s: current version %v is not one of the heads %v", id, cur.Clock, heads)
			}
		}
		// Live heads that say the same (two restores of one version) are no conflict:
		// whichever wins, the record reads the same (docs/SYNC.md, rule 4).
		texts := map[string]bool{}
		vs, err := history.History(devs[0].p, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range liveHeads {
			for _, v := range vs {
				if (versionID{v.Device, v.Clock}) == w.v {
					texts[entryBody(v)] = true
				}
			}
		}
		if want := len(texts) > 1; conflicts[0][id] != want {
			t.Fatalf("record %s: in conflict %v, want %v (heads %d live of %d, %d texts)", id, conflicts[0][id], want, len(liveHeads), len(heads), len(texts))
		}
		if len(texts) > 1 {
			nConflicts++
		}
	}
	t.Logf("%d records, %d versions, %d in conflict", len(ids), len(log), nConflicts)
}

func entryBody(v portfolio.Version) string {
	if e, ok := v.Record.(*portfolio.Entry); ok {
		return e.Title + "\n" + e.Body
	}
	return ""
}

// checkAttachments: p shows the same attachments as ref, each with the bytes it was
// added with.
func checkAttachments(t *testing.T, name string, p, ref *portfolio.Portfolio, attached map[portfolio.ID]string) {
	t.Helper()
	sameAttachments(t, name, func(id portfolio.ID) ([]portfolio.Attachment, error) { return attachment.Attachments(p, id) },
		func(id portfolio.ID) ([]portfolio.Attachment, error) { return attachment.Attachments(ref, id) }, p, attached)
	sameAttachments(t, name+" (removed)", func(portfolio.ID) ([]portfolio.Attachment, error) { return attachment.RemovedAttachments(p) },
		func(portfolio.ID) ([]portfolio.Attachment, error) { return attachment.RemovedAttachments(ref) }, p, attached)
}

// sameAttachments: list on p gives what it gives on ref, each attachment with the
// same trash state and the bytes it was added with.
func sameAttachments(t *testing.T, name string, list, refList func(portfolio.ID) ([]portfolio.Attachment, error), p *portfolio.Portfolio, attached map[portfolio.ID]string) {
	t.Helper()
	got, err := list("")
	if err != nil {
		t.Fatal(err)
	}
	want, err := refList("")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%s shows %d attachments, dev0 %d", name, len(got), len(want))
	}
	for i, a := range got {
		if a.ID != want[i].ID || a.Record != want[i].Record || a.Name != want[i].Name || a.Size != want[i].Size || !a.Removed.Equal(want[i].Removed) {
			t.Fatalf("%s: attachment %d is %+v, on dev0 %+v", name, i, a, want[i])
		}
		r, err := attachment.OpenAttachment(p, a)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil || string(b) != attached[a.ID] {
			t.Fatalf("%s: attachment %s reads %d bytes (%v), was added with %d", name, a.ID, len(b), err, len(attached[a.ID]))
		}
	}
}
