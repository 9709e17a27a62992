package sync

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/portfolio/interchange"
)

// testdata/legacy-blake2b.tar.gz holds two devices that sync through one folder
// (a.folio, b.folio, folder/), written by folio before blobs were named by keyed
// BLAKE3: a holds an attachment, legacy.bin (evidence(70000, 5, "legacy canary"),
// a blob named by keyed BLAKE2b), which b has not yet received. The passphrase and
// key derivation are this package's tests' own.
const legacyFixture = "testdata/legacy-blake2b.tar.gz"

// untar unpacks a fixture of plain files and folders into dir.
func untar(t *testing.T, name, dir string) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(z)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, filepath.FromSlash(h.Name))
		switch h.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(path, 0o700)
		case tar.TypeReg:
			var b []byte
			if b, err = io.ReadAll(tr); err == nil {
				err = os.WriteFile(path, b, 0o600)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// An attachment whose blob is named by keyed BLAKE2b, written before BLAKE3, syncs
// to a device that has not got it: the device hashes the bytes both ways and keeps
// the blob under the name the manifest gives, so it reads and checks there. A new
// attachment (BLAKE3) syncs the other way in the same folder, and both devices end
// with both files.
func TestLegacyBLAKE2bAttachmentSyncs(t *testing.T) {
	dir := t.TempDir()
	untar(t, legacyFixture, dir)
	clk := &simClock{t: time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)}
	folder := filepath.Join(dir, "folder")
	var devs []*device
	for _, name := range []string{"a", "b"} {
		p, err := portfolio.Open(filepath.Join(dir, name+".folio"), testPass, portfolio.Options{KDF: cheapKDF, Now: clk.now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.Close() })
		devs = append(devs, &device{name: name, p: p, folder: folder, s: &Syncer{P: p, Folder: folder, Now: clk.now}})
	}
	a, b := devs[0], devs[1]
	got, err := attachment.Attachments(a.p, "")
	if err != nil || len(got) != 1 || got[0].Name != "legacy.bin" {
		t.Fatalf("the fixture's attachment: %+v, %v", got, err)
	}
	legacy := got[0]
	if got, _ := attachment.Attachments(b.p, ""); len(got) != 0 {
		t.Fatalf("b has %d attachments before it syncs", len(got))
	}
	fresh := attach(t, b, legacy.Record, "new.bin", evidence(70000, 6, "new canary"))

	exchange(t, a, b)
	exchange(t, a, b)
	content := map[portfolio.ID][]byte{legacy.ID: evidence(70000, 5, "legacy canary"), fresh: evidence(70000, 6, "new canary")}
	sameFiles(t, a, b, content, []portfolio.ID{legacy.ID, fresh}, nil)
	for _, d := range devs {
		rep, err := d.p.Check()
		if err != nil || !rep.OK() || rep.Blobs != 2 {
			t.Errorf("%s: check after sync: %+v, %v", d.name, rep, err)
		}
	}
}

// The BLAKE2b attachment exports in a .zip container and imports into a new vault
// (which names it by BLAKE3, its bytes the same) and back into its own, where it is
// there already and nothing is added.
func TestLegacyBLAKE2bAttachmentExportsAndImports(t *testing.T) {
	dir := t.TempDir()
	untar(t, legacyFixture, dir)
	opts := portfolio.Options{KDF: cheapKDF}
	a, err := portfolio.Open(filepath.Join(dir, "a.folio"), testPass, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	arch, err := archive.FullArchive(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := archive.AddAttachments(a, arch); err != nil || len(arch.Attachments) != 1 {
		t.Fatalf("the archive names %d attachments: %v", len(arch.Attachments), err)
	}
	data, err := interchange.MarshalArchive(arch)
	if err != nil {
		t.Fatal(err)
	}
	var zipped bytes.Buffer
	if err := interchange.WriteArchiveZip(&zipped, data, arch, func(name string) (io.ReadCloser, error) { return archive.OpenArchiveFile(a, name) }); err != nil {
		t.Fatal(err)
	}
	fresh, err := portfolio.Create(filepath.Join(dir, "fresh.folio"), testPass, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	want := evidence(70000, 5, "legacy canary")
	for _, p := range []*portfolio.Portfolio{fresh, a} {
		z, data, err := interchange.OpenArchiveZip(bytes.NewReader(zipped.Bytes()), int64(zipped.Len()), "folio.zip")
		if err != nil {
			t.Fatal(err)
		}
		got, err := interchange.ParseArchive(data, "folio.zip")
		if err != nil {
			t.Fatal(err)
		}
		if err := z.Check(got); err != nil {
			t.Fatal(err)
		}
		if _, err := archive.ImportArchiveFiles(p, got, z); err != nil {
			t.Fatal(err)
		}
		list, err := attachment.Attachments(p, "")
		if err != nil || len(list) != 1 || list[0].Name != "legacy.bin" {
			t.Fatalf("after the import: %+v, %v", list, err)
		}
		r, err := attachment.OpenAttachment(p, list[0])
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil || !bytes.Equal(b, want) {
			t.Fatalf("the imported attachment reads %d bytes, %v", len(b), err)
		}
		if rep, err := p.Check(); err != nil || !rep.OK() || rep.Blobs != 1 {
			t.Errorf("check after the import: %+v, %v", rep, err)
		}
	}
}
