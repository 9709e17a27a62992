package interchange

import (
	"archive/zip"
	"bytes"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/internal/richvault"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

// containerOf exports p's full archive, with its attachments, as a container.
func containerOf(t *testing.T, p *portfolio.Portfolio) ([]byte, *archive.Archive) {
	t.Helper()
	a, err := archive.FullArchive(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := archive.AddAttachments(p, a); err != nil {
		t.Fatal(err)
	}
	data, err := MarshalArchive(a)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteArchiveZip(&buf, data, a, func(name string) (io.ReadCloser, error) { return archive.OpenArchiveFile(p, name) }); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), a
}

// importContainer reads a container as folio import does and imports it into q.
func importContainer(q *portfolio.Portfolio, zipped []byte) (*archive.Report, error) {
	z, data, err := OpenArchiveZip(bytes.NewReader(zipped), int64(len(zipped)), "folio.zip")
	if err != nil {
		return nil, err
	}
	a, err := ParseArchive(data, "folio.zip")
	if err != nil {
		return nil, err
	}
	if err := z.Check(a); err != nil {
		return nil, err
	}
	return archive.ImportArchiveFiles(q, a, z)
}

func readAll(t *testing.T, p *portfolio.Portfolio, a portfolio.Attachment) []byte {
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

// A vault with attachments: on a live entry (two, one shared with another entry),
// on an entry in the trash, and one removed to the trash on its own.
func vaultWithAttachments(t *testing.T) (*portfolio.Portfolio, map[string][]byte) {
	p, c := richvault.Rich(t)
	files := map[string][]byte{
		"certificate.pdf": append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("certificate "), 20000)...),
		"photo.jpg":       bytes.Repeat([]byte{0xff, 0xd8, 0x00, 0x01}, 50000),
		"empty.txt":       {},
		"old.txt":         []byte("removed on its own"),
	}
	es := archive.Current(p).Entries
	attach := func(id portfolio.ID, name string) portfolio.Attachment {
		c.Advance(time.Second)
		a, err := attachment.Attach(p, id, name, bytes.NewReader(files[name]))
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	attach(es[0].ID, "certificate.pdf")
	attach(es[0].ID, "photo.jpg")
	attach(es[1].ID, "certificate.pdf")
	attach(es[2].ID, "empty.txt")
	old := attach(es[0].ID, "old.txt")
	if err := attachment.RemoveAttachment(p, old.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := history.Delete(p, es[2].ID, portfolio.KindEntry); err != nil {
		t.Fatal(err)
	}
	return p, files
}

func TestContainerRoundTripIsLosslessAndIdempotent(t *testing.T) {
	p, files := vaultWithAttachments(t)
	zipped, want := containerOf(t, p)
	if len(want.Attachments) != 5 || want.Version != archive.ArchiveVersionAttachments {
		t.Fatalf("the archive names %d attachments, version %d", len(want.Attachments), want.Version)
	}
	names, _ := archive.ArchiveFiles(want)
	if len(names) != 4 {
		t.Errorf("%d files for 4 distinct contents", len(names))
	}

	q, _ := testvault.New(t)
	rep, err := importContainer(q, zipped)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counts["attachments"].Added != 5 {
		t.Errorf("report %v", rep.Lines())
	}
	// The files' names are the vault's keyed hashes, so another vault names the same
	// bytes otherwise; all else is as exported.
	_, got := containerOf(t, q)
	renamed := map[string]string{}
	for i := range got.Attachments {
		renamed[got.Attachments[i].File] = want.Attachments[i].File
		got.Attachments[i].File = want.Attachments[i].File
	}
	if len(renamed) != len(names) {
		t.Errorf("the files' sharing changed: %d names for %d", len(renamed), len(names))
	}
	sameArchive(t, want, got)
	live, _ := attachment.Attachments(q, "")
	if len(live) != 3 {
		t.Fatalf("%d live attachments, want 3", len(live))
	}
	for _, a := range live {
		if b := readAll(t, q, a); !bytes.Equal(b, files[a.Name]) {
			t.Errorf("%s: %d bytes back of %d", a.Name, len(b), len(files[a.Name]))
		}
	}
	if removed, _ := attachment.RemovedAttachments(q); len(removed) != 1 || removed[0].Name != "old.txt" {
		t.Errorf("the removed attachment did not stay in the trash: %v", removed)
	}

	// Importing it again changes nothing, not a byte of the vault.
	before, _ := os.ReadFile(q.Path())
	rep, err = importContainer(q, zipped)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Changed() != 0 || rep.Counts["attachments"].Unchanged != 5 {
		t.Errorf("a second import changed things: %v", rep.Lines())
	}
	after, _ := os.ReadFile(q.Path())
	if !bytes.Equal(before, after) {
		t.Error("a second import of the same container wrote to the vault")
	}
	if rep, err := q.Check(); err != nil || !rep.OK() {
		t.Errorf("check: %+v %v", rep, err)
	}
}

// A .json archive names the attachments; importing it imports none of them and
// says so.
func TestJSONArchiveLeavesAttachmentsOut(t *testing.T) {
	p, _ := vaultWithAttachments(t)
	_, a := containerOf(t, p)
	q, _ := testvault.New(t)
	rep, err := archive.ImportArchive(q, roundTrip(t, a))
	if err != nil {
		t.Fatal(err)
	}
	if rep.AttachmentsLeftOut != 5 || !strings.Contains(strings.Join(rep.Lines(), "\n"), "not imported: 5 attached files") {
		t.Errorf("report %v", rep.Lines())
	}
	if all, _ := attachment.Attachments(q, ""); len(all) != 0 {
		t.Errorf("%d attachments imported without their files", len(all))
	}
}

// zipOf builds a container from raw parts, for the refusals.
type part struct {
	name string
	data []byte
	// size, if set, is the size the directory claims.
	size uint64
	// crcOf, if set, is what the directory's checksum is of.
	crcOf []byte
}

func zipOf(t testing.TB, parts ...part) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		if p.size == 0 && p.crcOf == nil {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Store})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(p.data)
			continue
		}
		if p.size == 0 {
			p.size = uint64(len(p.data))
		}
		if p.crcOf == nil {
			p.crcOf = p.data
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(p.crcOf),
			CompressedSize64: uint64(len(p.data)), UncompressedSize64: p.size})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Bad containers are refused with one sentence naming the problem, and change
// nothing in the vault.
func TestContainerRefusals(t *testing.T) {
	p, _ := vaultWithAttachments(t)
	zipped, a := containerOf(t, p)
	archiveJSON, _ := MarshalArchive(a)
	file := a.Attachments[0].File
	content := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("certificate "), 20000)...)
	var others []part
	names, _ := archive.ArchiveFiles(a)
	zr, _ := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	for _, f := range zr.File {
		if f.Name != file && f.Name != ArchiveEntry {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			others = append(others, part{name: f.Name, data: b})
		}
	}
	if len(names) != len(others)+1 {
		t.Fatalf("container has %d files for %d names", len(others)+1, len(names))
	}
	with := func(extra ...part) []byte {
		return zipOf(t, append(append([]part{{name: ArchiveEntry, data: archiveJSON}}, extra...), others...)...)
	}
	flipped := bytes.Clone(content)
	flipped[100] ^= 1
	for _, tc := range []struct {
		name   string
		zipped []byte
		want   string
	}{
		{"not a zip", []byte("PK\x03\x04 but nothing else"), "not a zip file"},
		{"path traversal", with(part{name: file, data: content}, part{name: "../../etc/passwd", data: []byte("x")}), `"../../etc/passwd"`},
		{"absolute path", with(part{name: file, data: content}, part{name: "/tmp/x", data: []byte("x")}), `"/tmp/x"`},
		{"a folder", with(part{name: file, data: content}, part{name: "attachments/", data: nil}), `"attachments/"`},
		{"duplicate name", with(part{name: file, data: content}, part{name: file, data: content}), "twice"},
		{"no archive", zipOf(t, part{name: file, data: content}), "no archive.json"},
		{"a missing file", with(), "which it does not hold"},
		{"a file no attachment names", with(part{name: file, data: content}, part{name: "attachments/" + strings.Repeat("0", 64), data: []byte("x")}), "which no attachment names"},
		{"a bomb's claimed size", with(part{name: file, data: content, size: 1 << 40}), "more than the 256 MiB"},
		{"a size that lies", with(part{name: file, data: content, size: uint64(len(content)) - 1}), "bytes, and its attachment"},
		{"a damaged file", with(part{name: file, data: flipped, crcOf: content}), "checksum"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, _ := testvault.New(t)
			before, _ := os.ReadFile(q.Path())
			_, err := importContainer(q, tc.zipped)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, portfolio.ErrInvalid) {
				t.Fatalf("err = %v, want one naming %q", err, tc.want)
			}
			if strings.Count(err.Error(), "\n") > 0 {
				t.Errorf("not one sentence: %q", err)
			}
			after, _ := os.ReadFile(q.Path())
			if tc.name != "a damaged file" && !bytes.Equal(before, after) {
				t.Error("a refused container changed the vault")
			}
			if all, _ := attachment.Attachments(q, ""); len(all) != 0 {
				t.Errorf("a refused container left %d attachments", len(all))
			}
			if arch := archive.Current(q); len(arch.Entries) != 0 {
				t.Errorf("a refused container left %d entries", len(arch.Entries))
			}
			if rep, err := q.Check(); err != nil || !rep.OK() || rep.Blobs != 0 {
				t.Errorf("check after a refusal: %+v %v", rep, err)
			}
		})
	}
}

// Two directory entries pointing at the same bytes, as overlapping zip bombs are
// made, are refused before anything is read.
func TestContainerRefusesOverlappingFiles(t *testing.T) {
	one := zipOf(t, part{name: ArchiveEntry, data: []byte("{}")})
	// Copy the central directory record, renamed, so two names share one file.
	cd := bytes.Index(one, []byte("PK\x01\x02"))
	eocd := bytes.Index(one, []byte("PK\x05\x06"))
	rec := bytes.Clone(one[cd:eocd])
	rec2 := bytes.Clone(rec)
	name := "attachments/" + strings.Repeat("a", 64)
	// Name length is at offset 28; the name follows the 46-byte fixed part.
	rec2 = append(append(rec2[:46:46], name...), rec[46+len(ArchiveEntry):]...)
	rec2[28], rec2[29] = byte(len(name)), 0
	out := append(bytes.Clone(one[:cd]), rec...)
	out = append(out, rec2...)
	end := bytes.Clone(one[eocd:])
	end[8], end[10] = 2, 2 // entries on this disk, in all
	size := len(rec) + len(rec2)
	end[12], end[13], end[14], end[15] = byte(size), byte(size>>8), 0, 0
	out = append(out, end...)
	_, _, err := OpenArchiveZip(bytes.NewReader(out), int64(len(out)), "bomb.zip")
	if err == nil || !strings.Contains(err.Error(), "share bytes") {
		t.Fatalf("err = %v, want the overlap named", err)
	}
}

// A directory claiming more than folio reads is refused before it is read.
func TestContainerRefusesAHugeDirectory(t *testing.T) {
	one := zipOf(t, part{name: ArchiveEntry, data: []byte("{}")})
	eocd := bytes.LastIndex(one, []byte("PK\x05\x06"))
	one[eocd+12], one[eocd+13], one[eocd+14], one[eocd+15] = 0xf0, 0xff, 0xff, 0xff
	_, _, err := OpenArchiveZip(bytes.NewReader(one), int64(len(one)), "huge.zip")
	if err == nil || !strings.Contains(err.Error(), "its directory is 4294967280 bytes") {
		t.Fatalf("err = %v", err)
	}
}

// FuzzOpenArchiveZip reads arbitrary bytes as a container: it may refuse them, but
// never panics, and what it accepts reads back within the sizes it checked.
func FuzzOpenArchiveZip(f *testing.F) {
	f.Add(zipOf(f, part{name: ArchiveEntry, data: []byte(`{"format":"folio-archive","version":1}`)}))
	f.Add(zipOf(f, part{name: ArchiveEntry, data: []byte(`{}`)}, part{name: "attachments/" + strings.Repeat("ab", 32), data: []byte("evidence")}))
	f.Add(zipOf(f, part{name: "../evil", data: []byte("x")}))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, data []byte) {
		z, archive, err := OpenArchiveZip(bytes.NewReader(data), int64(len(data)), "fuzz.zip")
		if err != nil {
			if !errors.Is(err, portfolio.ErrInvalid) {
				t.Fatalf("refusal is not bad input: %v", err)
			}
			return
		}
		if int64(len(archive)) > portfolio.MaxImportBytes {
			t.Fatal("read past the archive's limit")
		}
		for name, f := range z.files {
			rc, err := z.Open(name)
			if err != nil {
				continue
			}
			n, _ := io.Copy(io.Discard, rc)
			rc.Close()
			if uint64(n) > f.UncompressedSize64 {
				t.Fatalf("%s gave %d bytes, more than its %d", name, n, f.UncompressedSize64)
			}
		}
	})
}
