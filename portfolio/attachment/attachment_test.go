package attachment_test

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

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/storage"
)

func readAttachment(t testing.TB, p *portfolio.Portfolio, a portfolio.Attachment) []byte {
	t.Helper()
	r, err := attachment.OpenAttachment(p, a)
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

// blobCount is how many files' bytes the vault keeps, as its check counts them.
func blobCount(t testing.TB, p *portfolio.Portfolio) int {
	t.Helper()
	rep, err := p.Check()
	if err != nil {
		t.Fatal(err)
	}
	return rep.Blobs
}

func attNames(as []portfolio.Attachment) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

func TestAttachListRead(t *testing.T) {
	p, c := testvault.New(t)
	e := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "CPD: anticoagulation", Functions: portfolio.Functions(portfolio.Formative)})
	g := testvault.MustAddGoal(t, p, portfolio.Goal{Title: "Audit"})
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("certificate "), 20000)...)
	a, err := attachment.Attach(p, e.ID, "certificate.pdf", bytes.NewReader(pdf))
	if err != nil {
		t.Fatal(err)
	}
	if a.MediaType != "application/pdf" || a.Size != int64(len(pdf)) || a.Kind != portfolio.KindEntry || a.Record != e.ID {
		t.Errorf("attachment %+v", a)
	}
	c.Advance(time.Second)
	if _, err := attachment.Attach(p, g.ID, "notes.txt", strings.NewReader("plain notes")); err != nil {
		t.Fatal(err)
	}
	// The same file on another record is stored once but listed with each.
	c.Advance(time.Second)
	if _, err := attachment.Attach(p, g.ID, "copy.pdf", bytes.NewReader(pdf)); err != nil {
		t.Fatal(err)
	}
	p = testvault.Reopen(t, p, c)
	all, err := attachment.Attachments(p, "")
	if err != nil || strings.Join(attNames(all), ",") != "certificate.pdf,notes.txt,copy.pdf" {
		t.Fatalf("all attachments: %v %v", attNames(all), err)
	}
	of, _ := attachment.Attachments(p, g.ID)
	if strings.Join(attNames(of), ",") != "notes.txt,copy.pdf" {
		t.Errorf("the goal's: %v", attNames(of))
	}
	if got := readAttachment(t, p, all[0]); !bytes.Equal(got, pdf) {
		t.Errorf("read back %d bytes of %d", len(got), len(pdf))
	}
	if all[1].MediaType != "text/plain; charset=utf-8" {
		t.Errorf("notes.txt is %q", all[1].MediaType)
	}
	blobs := blobCount(t, p)
	if blobs != 2 {
		t.Errorf("%d blobs for two distinct files", blobs)
	}
	found, err := attachment.ResolveAttachment(p, string(all[2].ID)[:6])
	if err != nil || found.ID != all[2].ID {
		t.Errorf("resolve: %v %v", found, err)
	}
	// Removing one copy keeps the bytes the other still uses.
	if err := attachment.RemoveAttachment(p, all[0].ID); err != nil {
		t.Fatal(err)
	}
	if got := readAttachment(t, p, all[2]); !bytes.Equal(got, pdf) {
		t.Error("removing one copy broke the other")
	}
	if err := attachment.RemoveAttachment(p, all[2].ID); err != nil {
		t.Fatal(err)
	}
	// Removed attachments wait in the trash with their bytes until it is emptied.
	if blobs := blobCount(t, p); blobs != 2 {
		t.Errorf("%d blobs with both copies in the trash, want 2", blobs)
	}
	if _, err := history.EmptyTrash(p); err != nil {
		t.Fatal(err)
	}
	if blobs := blobCount(t, p); blobs != 1 {
		t.Errorf("%d blobs after removing both copies, want notes.txt's alone", blobs)
	}
	rep, err := p.Check()
	if err != nil || !rep.OK() || rep.Blobs != 1 {
		t.Errorf("check: %+v %v", rep, err)
	}
}

func TestAttachRefusals(t *testing.T) {
	p, _ := testvault.New(t)
	e := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "x", Functions: portfolio.Functions(portfolio.Normative)})
	for _, tc := range []struct {
		id   portfolio.ID
		name string
		want error
	}{
		{e.ID, "", portfolio.ErrInvalid},
		{e.ID, "a/b.pdf", portfolio.ErrInvalid},
		{e.ID, "bell\a.pdf", portfolio.ErrInvalid},
		{e.ID, string([]byte{0xff, 0xfe}), portfolio.ErrInvalid},
		{e.ID, strings.Repeat("n", 256), portfolio.ErrInvalid},
		{"0000000000000000", "a.pdf", portfolio.ErrNotFound},
	} {
		if _, err := attachment.Attach(p, tc.id, tc.name, strings.NewReader("x")); !errors.Is(err, tc.want) {
			t.Errorf("attach %q to %s: %v, want %v", tc.name, tc.id, err, tc.want)
		}
	}
	if all, _ := attachment.Attachments(p, ""); len(all) != 0 {
		t.Errorf("refusals kept %d attachments", len(all))
	}
	if blobs := blobCount(t, p); blobs != 0 {
		t.Errorf("refusals kept %d blobs", blobs)
	}
}

// Attachments follow their record into the trash and back; emptying the trash
// frees the bytes no other record shares.
func TestAttachmentsFollowTheTrash(t *testing.T) {
	p, c := testvault.New(t)
	e := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "goes", Functions: portfolio.Functions(portfolio.Normative)})
	keep := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "stays", Functions: portfolio.Functions(portfolio.Normative)})
	g := testvault.MustAddGoal(t, p, portfolio.Goal{Title: "plan"})
	act := testvault.MustAddAction(t, p, portfolio.Action{GoalID: g.ID, What: "step"})
	shared := bytes.Repeat([]byte("shared "), 30000)
	only := bytes.Repeat([]byte("only "), 30000)
	for _, x := range []struct {
		id   portfolio.ID
		name string
		data []byte
	}{{e.ID, "only.bin", only}, {e.ID, "shared.bin", shared}, {keep.ID, "shared.bin", shared}, {act.ID, "action.txt", []byte("step evidence")}} {
		c.Advance(time.Second)
		if _, err := attachment.Attach(p, x.id, x.name, bytes.NewReader(x.data)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := history.Delete(p, e.ID, portfolio.KindEntry); err != nil {
		t.Fatal(err)
	}
	if _, err := history.Delete(p, g.ID, portfolio.KindGoal); err != nil { // its action goes with it
		t.Fatal(err)
	}
	if all, _ := attachment.Attachments(p, ""); strings.Join(attNames(all), ",") != "shared.bin" {
		t.Fatalf("with two records in the trash: %v", attNames(all))
	}
	if _, err := history.Restore(p, e.ID, 0); err != nil {
		t.Fatal(err)
	}
	if of, _ := attachment.Attachments(p, e.ID); strings.Join(attNames(of), ",") != "only.bin,shared.bin" {
		t.Fatalf("restored entry's attachments: %v", attNames(of))
	}
	if _, err := history.Delete(p, e.ID, portfolio.KindEntry); err != nil {
		t.Fatal(err)
	}
	if n, err := history.EmptyTrash(p); err != nil || n != 3 {
		t.Fatalf("empty trash: %d %v", n, err)
	}
	all, _ := attachment.Attachments(p, "")
	if strings.Join(attNames(all), ",") != "shared.bin" {
		t.Fatalf("after emptying the trash: %v", attNames(all))
	}
	if got := readAttachment(t, p, all[0]); !bytes.Equal(got, shared) {
		t.Error("the shared file lost its bytes")
	}
	mans, _, _ := p.Manifests()
	blobs := blobCount(t, p)
	if len(mans) != 1 || blobs != 1 {
		t.Errorf("after emptying the trash: %d manifests and %d blobs, want 1 and 1", len(mans), blobs)
	}
	if rep, err := p.Check(); err != nil || !rep.OK() {
		t.Errorf("check: %+v %v", rep, err)
	}
}

// Removing an attachment moves it to the trash: restore brings it back, emptying
// the trash erases it and frees its bytes unless another record shares them.
func TestRemoveAttachmentToTrash(t *testing.T) {
	p, c := testvault.New(t)
	e := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "CPD", Functions: portfolio.Functions(portfolio.Formative)})
	other := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "audit", Functions: portfolio.Functions(portfolio.Normative)})
	cert := bytes.Repeat([]byte("certificate "), 10000)
	slides := bytes.Repeat([]byte("slides "), 10000)
	a, err := attachment.Attach(p, e.ID, "certificate.pdf", bytes.NewReader(cert))
	if err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Second)
	b, err := attachment.Attach(p, e.ID, "slides.pdf", bytes.NewReader(slides))
	if err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Second)
	shared, err := attachment.Attach(p, other.ID, "copy.pdf", bytes.NewReader(cert)) // same bytes as a
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []portfolio.Attachment{a, b} {
		if err := attachment.RemoveAttachment(p, x.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := attachment.RemoveAttachment(p, a.ID); !errors.Is(err, portfolio.ErrNotFound) {
		t.Errorf("removing twice: %v", err)
	}
	p = testvault.Reopen(t, p, c)
	if of, _ := attachment.Attachments(p, e.ID); len(of) != 0 {
		t.Fatalf("removed attachments still listed: %v", attNames(of))
	}
	removed, err := attachment.RemovedAttachments(p)
	if err != nil || strings.Join(attNames(removed), ",") != "certificate.pdf,slides.pdf" {
		t.Fatalf("in the trash: %v %v", attNames(removed), err)
	}
	if _, err := attachment.ResolveAttachment(p, string(a.ID)); !errors.Is(err, portfolio.ErrNotFound) || !strings.Contains(err.Error(), "is in the trash") {
		t.Errorf("a removed attachment resolves as live, or the error does not say it is in the trash: %v", err)
	}
	found, err := attachment.ResolveRemovedAttachment(p, string(b.ID)[:6])
	if err != nil || found.ID != b.ID {
		t.Fatalf("resolve in the trash: %v %v", found, err)
	}
	if err := attachment.RestoreAttachment(p, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := attachment.RestoreAttachment(p, b.ID); !errors.Is(err, portfolio.ErrInvalid) {
		t.Errorf("restoring what is not in the trash: %v", err)
	}
	// Named by the user, an attachment that is with its record is not "no attachment".
	if _, err := attachment.ResolveRemovedAttachment(p, string(b.ID)[:6]); !errors.Is(err, portfolio.ErrInvalid) || !strings.Contains(err.Error(), "is not in the trash") {
		t.Errorf("resolving a kept attachment in the trash: %v", err)
	}
	if _, err := attachment.ResolveRemovedAttachment(p, "zzzzzzzz"); !errors.Is(err, portfolio.ErrNotFound) || !strings.Contains(err.Error(), "no attachment") {
		t.Errorf("resolving an unknown attachment in the trash: %v", err)
	}
	of, _ := attachment.Attachments(p, e.ID)
	if strings.Join(attNames(of), ",") != "slides.pdf" || !bytes.Equal(readAttachment(t, p, of[0]), slides) {
		t.Fatalf("restored: %v", attNames(of))
	}
	// Emptying the trash erases the certificate, but its bytes stay for the copy
	// another record keeps.
	if _, err := history.EmptyTrash(p); err != nil {
		t.Fatal(err)
	}
	if removed, _ := attachment.RemovedAttachments(p); len(removed) != 0 {
		t.Errorf("still in the trash: %v", attNames(removed))
	}
	if mans, _, _ := p.Manifests(); len(mans) != 2 {
		t.Errorf("%d manifests after emptying the trash, want slides and the copy", len(mans))
	}
	if got := readAttachment(t, p, shared); !bytes.Equal(got, cert) {
		t.Error("the shared bytes were freed with the removed attachment")
	}
	if blobs := blobCount(t, p); blobs != 2 {
		t.Errorf("%d blobs, want 2", blobs)
	}
	// With the copy removed and the trash emptied, the bytes go.
	if err := attachment.RemoveAttachment(p, shared.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := history.EmptyTrash(p); err != nil {
		t.Fatal(err)
	}
	if blobs := blobCount(t, p); blobs != 1 {
		t.Errorf("%d blobs after the last copy went, want slides alone", blobs)
	}
	if rep, err := p.Check(); err != nil || !rep.OK() {
		t.Errorf("check: %+v %v", rep, err)
	}
}

// The retention period erases attachments removed before it, as it erases records
// deleted before it, and frees bytes no live attachment shares.
func TestRetentionErasesRemovedAttachments(t *testing.T) {
	p, c := testvault.New(t)
	e := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "CPD", Functions: portfolio.Functions(portfolio.Formative)})
	gone := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "deleted", Functions: portfolio.Functions(portfolio.Formative)})
	keep := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "keeps a copy", Functions: portfolio.Functions(portfolio.Formative)})
	old, _ := attachment.Attach(p, e.ID, "old.pdf", strings.NewReader("old evidence"))
	inGone, _ := attachment.Attach(p, gone.ID, "shared.pdf", strings.NewReader("shared evidence"))
	copyOf, _ := attachment.Attach(p, keep.ID, "shared.pdf", strings.NewReader("shared evidence"))
	if err := attachment.RemoveAttachment(p, old.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := history.Delete(p, gone.ID, portfolio.KindEntry); err != nil {
		t.Fatal(err)
	}
	c.Advance(20 * 24 * time.Hour)
	recent, _ := attachment.Attach(p, e.ID, "recent.pdf", strings.NewReader("recent evidence"))
	if err := attachment.RemoveAttachment(p, recent.ID); err != nil {
		t.Fatal(err)
	}
	c.Advance(24 * time.Hour)
	if _, err := history.PurgeOlderThan(p, 10); err != nil {
		t.Fatal(err)
	}
	removed, _ := attachment.RemovedAttachments(p)
	if strings.Join(attNames(removed), ",") != "recent.pdf" {
		t.Errorf("in the trash after the retention period: %v", attNames(removed))
	}
	mans, _, _ := p.Manifests()
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
	if blobs := blobCount(t, p); blobs != 2 {
		t.Errorf("%d blobs, want the shared and the recent", blobs)
	}
}

// check names the attachment whose bytes are damaged, by its name and record, and
// the rest of the vault stays readable.
func TestCheckNamesDamagedAttachment(t *testing.T) {
	p, c := testvault.New(t)
	e := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "with evidence", Functions: portfolio.Functions(portfolio.Normative)})
	bad, err := attachment.Attach(p, e.ID, "audit.pdf", bytes.NewReader(bytes.Repeat([]byte("audit "), 40000)))
	if err != nil {
		t.Fatal(err)
	}
	good, err := attachment.Attach(p, e.ID, "other.txt", strings.NewReader("fine"))
	if err != nil {
		t.Fatal(err)
	}
	path := p.Path()
	p.Close()
	damageChunk(t, path, bad)
	p, err = portfolio.Open(path, testvault.Passphrase, testvault.Options(c))
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
	r, err := attachment.OpenAttachment(p, bad)
	if err == nil {
		_, err = io.ReadAll(r)
		r.Close()
	}
	if !errors.Is(err, portfolio.ErrDamaged) {
		t.Errorf("reading the damaged attachment: %v", err)
	}
}

// damageChunk flips a byte inside every full sealed chunk in the file at path: a
// leaf page element with a 10-byte key and a value of a full chunk's sealed size
// (bbolt's page layout, docs/VAULT.md). Only a's chunks are that large here;
// copies on free pages are flipped too, which is harmless.
func damageChunk(t testing.TB, path string, a portfolio.Attachment) {
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
	p, _ := testvault.New(t)
	e := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "evidence", Functions: portfolio.Functions(portfolio.Normative)})
	body := bytes.Repeat([]byte("certificate "+canary+" "), 10000)
	if _, err := attachment.Attach(p, e.ID, canary+".pdf", bytes.NewReader(append([]byte("%PDF-1.4\n"), body...))); err != nil {
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
