package portfolio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/storage"
)

func readAttachment(t testing.TB, p *Portfolio, a Attachment) []byte {
	t.Helper()
	r, err := p.OpenAttachment(a)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func attNames(as []Attachment) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

func TestAttachListRead(t *testing.T) {
	p, c := newTestPortfolio(t)
	e := mustAddEntry(t, p, Entry{Title: "CPD: anticoagulation", Functions: Functions(Formative)})
	g := mustAddGoal(t, p, Goal{Title: "Audit"})
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("certificate "), 20000)...)
	a, err := p.Attach(e.ID, "certificate.pdf", bytes.NewReader(pdf))
	if err != nil {
		t.Fatal(err)
	}
	if a.MediaType != "application/pdf" || a.Size != int64(len(pdf)) || a.Kind != KindEntry || a.Record != e.ID {
		t.Errorf("attachment %+v", a)
	}
	c.advance(time.Second)
	if _, err := p.Attach(g.ID, "notes.txt", strings.NewReader("plain notes")); err != nil {
		t.Fatal(err)
	}
	// The same file on another record is stored once but listed with each.
	c.advance(time.Second)
	if _, err := p.Attach(g.ID, "copy.pdf", bytes.NewReader(pdf)); err != nil {
		t.Fatal(err)
	}
	p = reopen(t, p, c)
	all, err := p.Attachments("")
	if err != nil || strings.Join(attNames(all), ",") != "certificate.pdf,notes.txt,copy.pdf" {
		t.Fatalf("all attachments: %v %v", attNames(all), err)
	}
	of, _ := p.Attachments(g.ID)
	if strings.Join(attNames(of), ",") != "notes.txt,copy.pdf" {
		t.Errorf("the goal's: %v", attNames(of))
	}
	if got := readAttachment(t, p, all[0]); !bytes.Equal(got, pdf) {
		t.Errorf("read back %d bytes of %d", len(got), len(pdf))
	}
	if all[1].MediaType != "text/plain; charset=utf-8" {
		t.Errorf("notes.txt is %q", all[1].MediaType)
	}
	blobs, _, _ := p.vault.Blobs()
	if len(blobs) != 2 {
		t.Errorf("%d blobs for two distinct files", len(blobs))
	}
	found, err := p.ResolveAttachment(string(all[2].ID)[:6])
	if err != nil || found.ID != all[2].ID {
		t.Errorf("resolve: %v %v", found, err)
	}
	// Removing one copy keeps the bytes the other still uses.
	if err := p.RemoveAttachment(all[0].ID); err != nil {
		t.Fatal(err)
	}
	if got := readAttachment(t, p, all[2]); !bytes.Equal(got, pdf) {
		t.Error("removing one copy broke the other")
	}
	if err := p.RemoveAttachment(all[2].ID); err != nil {
		t.Fatal(err)
	}
	// Removed attachments wait in the trash with their bytes until it is emptied.
	if blobs, _, _ := p.vault.Blobs(); len(blobs) != 2 {
		t.Errorf("%d blobs with both copies in the trash, want 2", len(blobs))
	}
	if _, err := p.EmptyTrash(); err != nil {
		t.Fatal(err)
	}
	if blobs, _, _ := p.vault.Blobs(); len(blobs) != 1 {
		t.Errorf("%d blobs after removing both copies, want notes.txt's alone", len(blobs))
	}
	rep, err := p.Check()
	if err != nil || !rep.OK() || rep.Blobs != 1 {
		t.Errorf("check: %+v %v", rep, err)
	}
}

func TestAttachRefusals(t *testing.T) {
	p, _ := newTestPortfolio(t)
	e := mustAddEntry(t, p, Entry{Title: "x", Functions: Functions(Normative)})
	for _, tc := range []struct {
		id   ID
		name string
		want error
	}{
		{e.ID, "", ErrInvalid},
		{e.ID, "a/b.pdf", ErrInvalid},
		{e.ID, "bell\a.pdf", ErrInvalid},
		{e.ID, string([]byte{0xff, 0xfe}), ErrInvalid},
		{e.ID, strings.Repeat("n", 256), ErrInvalid},
		{"0000000000000000", "a.pdf", ErrNotFound},
	} {
		if _, err := p.Attach(tc.id, tc.name, strings.NewReader("x")); !errors.Is(err, tc.want) {
			t.Errorf("attach %q to %s: %v, want %v", tc.name, tc.id, err, tc.want)
		}
	}
	if all, _ := p.Attachments(""); len(all) != 0 {
		t.Errorf("refusals kept %d attachments", len(all))
	}
	if blobs, _, _ := p.vault.Blobs(); len(blobs) != 0 {
		t.Errorf("refusals kept %d blobs", len(blobs))
	}
}

// Attachments follow their record into the trash and back; emptying the trash
// frees the bytes no other record shares.
func TestAttachmentsFollowTheTrash(t *testing.T) {
	p, c := newTestPortfolio(t)
	e := mustAddEntry(t, p, Entry{Title: "goes", Functions: Functions(Normative)})
	keep := mustAddEntry(t, p, Entry{Title: "stays", Functions: Functions(Normative)})
	g := mustAddGoal(t, p, Goal{Title: "plan"})
	act := mustAddAction(t, p, Action{GoalID: g.ID, What: "step"})
	shared := bytes.Repeat([]byte("shared "), 30000)
	only := bytes.Repeat([]byte("only "), 30000)
	for _, x := range []struct {
		id   ID
		name string
		data []byte
	}{{e.ID, "only.bin", only}, {e.ID, "shared.bin", shared}, {keep.ID, "shared.bin", shared}, {act.ID, "action.txt", []byte("step evidence")}} {
		c.advance(time.Second)
		if _, err := p.Attach(x.id, x.name, bytes.NewReader(x.data)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Delete(e.ID, KindEntry); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Delete(g.ID, KindGoal); err != nil { // its action goes with it
		t.Fatal(err)
	}
	if all, _ := p.Attachments(""); strings.Join(attNames(all), ",") != "shared.bin" {
		t.Fatalf("with two records in the trash: %v", attNames(all))
	}
	if _, err := p.Restore(e.ID, 0); err != nil {
		t.Fatal(err)
	}
	if of, _ := p.Attachments(e.ID); strings.Join(attNames(of), ",") != "only.bin,shared.bin" {
		t.Fatalf("restored entry's attachments: %v", attNames(of))
	}
	if _, err := p.Delete(e.ID, KindEntry); err != nil {
		t.Fatal(err)
	}
	if n, err := p.EmptyTrash(); err != nil || n != 3 {
		t.Fatalf("empty trash: %d %v", n, err)
	}
	all, _ := p.Attachments("")
	if strings.Join(attNames(all), ",") != "shared.bin" {
		t.Fatalf("after emptying the trash: %v", attNames(all))
	}
	if got := readAttachment(t, p, all[0]); !bytes.Equal(got, shared) {
		t.Error("the shared file lost its bytes")
	}
	mans, _, _ := p.manifests()
	blobs, _, _ := p.vault.Blobs()
	if len(mans) != 1 || len(blobs) != 1 {
		t.Errorf("after emptying the trash: %d manifests and %d blobs, want 1 and 1", len(mans), len(blobs))
	}
	if rep, err := p.Check(); err != nil || !rep.OK() {
		t.Errorf("check: %+v %v", rep, err)
	}
}

// Removing an attachment moves it to the trash: restore brings it back, emptying
// the trash erases it and frees its bytes unless another record shares them.
func TestRemoveAttachmentToTrash(t *testing.T) {
	p, c := newTestPortfolio(t)
	e := mustAddEntry(t, p, Entry{Title: "CPD", Functions: Functions(Formative)})
	other := mustAddEntry(t, p, Entry{Title: "audit", Functions: Functions(Normative)})
	cert := bytes.Repeat([]byte("certificate "), 10000)
	slides := bytes.Repeat([]byte("slides "), 10000)
	a, err := p.Attach(e.ID, "certificate.pdf", bytes.NewReader(cert))
	if err != nil {
		t.Fatal(err)
	}
	c.advance(time.Second)
	b, err := p.Attach(e.ID, "slides.pdf", bytes.NewReader(slides))
	if err != nil {
		t.Fatal(err)
	}
	c.advance(time.Second)
	shared, err := p.Attach(other.ID, "copy.pdf", bytes.NewReader(cert)) // same bytes as a
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []Attachment{a, b} {
		if err := p.RemoveAttachment(x.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.RemoveAttachment(a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("removing twice: %v", err)
	}
	p = reopen(t, p, c)
	if of, _ := p.Attachments(e.ID); len(of) != 0 {
		t.Fatalf("removed attachments still listed: %v", attNames(of))
	}
	removed, err := p.RemovedAttachments()
	if err != nil || strings.Join(attNames(removed), ",") != "certificate.pdf,slides.pdf" {
		t.Fatalf("in the trash: %v %v", attNames(removed), err)
	}
	if _, err := p.ResolveAttachment(string(a.ID)); !errors.Is(err, ErrNotFound) {
		t.Errorf("a removed attachment resolves as live: %v", err)
	}
	found, err := p.ResolveRemovedAttachment(string(b.ID)[:6])
	if err != nil || found.ID != b.ID {
		t.Fatalf("resolve in the trash: %v %v", found, err)
	}
	if err := p.RestoreAttachment(b.ID); err != nil {
		t.Fatal(err)
	}
	if err := p.RestoreAttachment(b.ID); !errors.Is(err, ErrInvalid) {
		t.Errorf("restoring what is not in the trash: %v", err)
	}
	of, _ := p.Attachments(e.ID)
	if strings.Join(attNames(of), ",") != "slides.pdf" || !bytes.Equal(readAttachment(t, p, of[0]), slides) {
		t.Fatalf("restored: %v", attNames(of))
	}
	// Emptying the trash erases the certificate, but its bytes stay for the copy
	// another record keeps.
	if _, err := p.EmptyTrash(); err != nil {
		t.Fatal(err)
	}
	if removed, _ := p.RemovedAttachments(); len(removed) != 0 {
		t.Errorf("still in the trash: %v", attNames(removed))
	}
	if mans, _, _ := p.manifests(); len(mans) != 2 {
		t.Errorf("%d manifests after emptying the trash, want slides and the copy", len(mans))
	}
	if got := readAttachment(t, p, shared); !bytes.Equal(got, cert) {
		t.Error("the shared bytes were freed with the removed attachment")
	}
	if blobs, _, _ := p.vault.Blobs(); len(blobs) != 2 {
		t.Errorf("%d blobs, want 2", len(blobs))
	}
	// With the copy removed and the trash emptied, the bytes go.
	if err := p.RemoveAttachment(shared.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := p.EmptyTrash(); err != nil {
		t.Fatal(err)
	}
	if blobs, _, _ := p.vault.Blobs(); len(blobs) != 1 {
		t.Errorf("%d blobs after the last copy went, want slides alone", len(blobs))
	}
	if rep, err := p.Check(); err != nil || !rep.OK() {
		t.Errorf("check: %+v %v", rep, err)
	}
}

// The retention period erases attachments removed before it, as it erases records
// deleted before it, and frees bytes no live attachment shares.
func TestRetentionErasesRemovedAttachments(t *testing.T) {
	p, c := newTestPortfolio(t)
	e := mustAddEntry(t, p, Entry{Title: "CPD", Functions: Functions(Formative)})
	gone := mustAddEntry(t, p, Entry{Title: "deleted", Functions: Functions(Formative)})
	keep := mustAddEntry(t, p, Entry{Title: "keeps a copy", Functions: Functions(Formative)})
	old, _ := p.Attach(e.ID, "old.pdf", strings.NewReader("old evidence"))
	inGone, _ := p.Attach(gone.ID, "shared.pdf", strings.NewReader("shared evidence"))
	copyOf, _ := p.Attach(keep.ID, "shared.pdf", strings.NewReader("shared evidence"))
	if err := p.RemoveAttachment(old.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Delete(gone.ID, KindEntry); err != nil {
		t.Fatal(err)
	}
	c.advance(20 * 24 * time.Hour)
	recent, _ := p.Attach(e.ID, "recent.pdf", strings.NewReader("recent evidence"))
	if err := p.RemoveAttachment(recent.ID); err != nil {
		t.Fatal(err)
	}
	c.advance(24 * time.Hour)
	if _, err := p.PurgeOlderThan(10); err != nil {
		t.Fatal(err)
	}
	removed, _ := p.RemovedAttachments()
	if strings.Join(attNames(removed), ",") != "recent.pdf" {
		t.Errorf("in the trash after the retention period: %v", attNames(removed))
	}
	mans, _, _ := p.manifests()
	var names []string
	for _, m := range mans {
		names = append(names, m.Name+"@"+string(m.ID))
	}
	if len(mans) != 2 || strings.Contains(strings.Join(names, ","), string(inGone.ID)) || strings.Contains(strings.Join(names, ","), string(old.ID)) {
		t.Errorf("manifests left: %v", names)
	}
	if got := readAttachment(t, p, copyOf); string(got) != "shared evidence" {
		t.Errorf("the live copy reads %q", got)
	}
	if blobs, _, _ := p.vault.Blobs(); len(blobs) != 2 {
		t.Errorf("%d blobs, want the shared and the recent", len(blobs))
	}
}

// check names the attachment whose bytes are damaged, by its name and record, and
// the rest of the vault stays readable.
func TestCheckNamesDamagedAttachment(t *testing.T) {
	p, c := newTestPortfolio(t)
	e := mustAddEntry(t, p, Entry{Title: "with evidence", Functions: Functions(Normative)})
	bad, err := p.Attach(e.ID, "audit.pdf", bytes.NewReader(bytes.Repeat([]byte("audit "), 40000)))
	if err != nil {
		t.Fatal(err)
	}
	good, err := p.Attach(e.ID, "other.txt", strings.NewReader("fine"))
	if err != nil {
		t.Fatal(err)
	}
	path := p.Path()
	p.Close()
	damageChunk(t, path, bad)
	p, err = Open(path, testPassphrase, testOptions(c))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	rep, err := p.Check()
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Damaged) != 1 || rep.Damaged[0].ID != string(bad.ID) || !strings.Contains(rep.Damaged[0].Error(), "audit.pdf") {
		t.Fatalf("check: %+v", rep.Damaged)
	}
	if got := readAttachment(t, p, good); string(got) != "fine" {
		t.Error("the sound attachment")
	}
	if _, ok := p.Entry(e.ID); !ok {
		t.Error("the entry is gone")
	}
	r, err := p.OpenAttachment(bad)
	if err == nil {
		_, err = io.ReadAll(r)
		r.Close()
	}
	if !errors.Is(err, ErrDamaged) {
		t.Errorf("reading the damaged attachment: %v", err)
	}
}

// damageChunk flips a byte inside every full sealed chunk in the file at path: a
// leaf page element with a 10-byte key and a value of a full chunk's sealed size
// (bbolt's page layout, docs/VAULT.md). Only a's chunks are that large here;
// copies on free pages are flipped too, which is harmless.
func damageChunk(t testing.TB, path string, a Attachment) {
	t.Helper()
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int(binary.LittleEndian.Uint32(file[24:]))
	const sealedChunk = 1 + 24 + storage.ChunkSize + 16
	flipped := 0
	for page := 2 * pageSize; page+16 <= len(file); page += pageSize {
		if binary.LittleEndian.Uint16(file[page+8:]) != 0x02 { // a leaf
			continue
		}
		count := int(binary.LittleEndian.Uint16(file[page+10:]))
		for i := range count {
			el := page + 16 + 16*i
			if el+16 > len(file) {
				break
			}
			pos := int(binary.LittleEndian.Uint32(file[el+4:]))
			ksize := binary.LittleEndian.Uint32(file[el+8:])
			vsize := binary.LittleEndian.Uint32(file[el+12:])
			if ksize == 10 && vsize == sealedChunk && el+pos+10+sealedChunk <= len(file) {
				file[el+pos+10+1000] ^= 1
				flipped++
			}
		}
	}
	if flipped == 0 {
		t.Fatalf("no chunk of %s found in the file", a.Name)
	}
	if err := os.WriteFile(path, file, 0o600); err != nil {
		t.Fatal(err)
	}
}

// Neither a file's name nor its bytes nor its media type is in the vault file in
// plain text, nor in a backup of it.
func TestAttachmentCanary(t *testing.T) {
	const canary = "Canary9qWombat"
	p, _ := newTestPortfolio(t)
	e := mustAddEntry(t, p, Entry{Title: "evidence", Functions: Functions(Normative)})
	body := bytes.Repeat([]byte("certificate "+canary+" "), 10000)
	if _, err := p.Attach(e.ID, canary+".pdf", bytes.NewReader(append([]byte("%PDF-1.4\n"), body...))); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "backup.folio")
	if err := p.Backup(backup, false); err != nil {
		t.Fatal(err)
	}
	path := p.Path()
	p.Close()
	for _, f := range []string{path, backup} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, needle := range []string{canary, "application/pdf", "%PDF-1.4"} {
			if bytes.Contains(b, []byte(needle)) {
				t.Errorf("%s holds %q in plain text", filepath.Base(f), needle)
			}
		}
	}
}

func FuzzDecodeAttachment(f *testing.F) {
	a := Attachment{Record: "m2gt58x4mpkafa59", Kind: KindEntry, Name: "a.pdf", MediaType: "application/pdf", Size: 3, Added: testNow}
	f.Add(a.encode())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := decodeAttachment("x", b)
		if err != nil {
			return
		}
		again, err := decodeAttachment("x", got.encode())
		if err != nil || again.Name != got.Name || again.Size != got.Size || again.hash != got.hash || again.Record != got.Record {
			t.Fatalf("a decoded manifest does not round-trip: %v", err)
		}
	})
}
