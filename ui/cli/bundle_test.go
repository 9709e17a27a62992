package cli

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
)

// unzipAll reads every file of a zip held in memory, by name.
func unzipAll(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("the bundle is not a zip: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out[f.Name] = b
	}
	return out
}

// sameFiles reports whether the bundle's two certificates are the two files
// attached, whichever got the plain name: both were attached in the same second.
func sameFiles(got map[string][]byte, a, b []byte) bool {
	x, y := got["attachments/certificate.pdf"], got["attachments/certificate (2).pdf"]
	return bytes.Equal(x, a) && bytes.Equal(y, b) || bytes.Equal(x, b) && bytes.Equal(y, a)
}

// A mentor who receives a meeting summary bundle, encrypted to their age key or to a
// password, or not at all, gets the document and the files byte for byte.
func TestMentorReceivesBundleWithTheFiles(t *testing.T) {
	f := newFixture(t)
	f.seedMentoring(false)
	cert := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{0, 1, 2, 0xff}, 40000)...)
	slides := []byte("Slides from the session.\n")
	if err := os.WriteFile(filepath.Join(f.dir, "certificate.pdf"), cert, 0o600); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(f.dir, "other"), 0o700)
	os.WriteFile(filepath.Join(f.dir, "other", "certificate.pdf"), slides, 0o600)
	var meetings []struct {
		ID   string `json:"id"`
		Held bool   `json:"held"`
	}
	rel := f.mustRun("", "mentor", "show", "Adébáyọ̀", "--json")
	var shown struct {
		Meetings []struct {
			ID   string `json:"id"`
			Held bool   `json:"held"`
		} `json:"meetings"`
	}
	if err := json.Unmarshal([]byte(rel), &shown); err != nil {
		t.Fatal(err)
	}
	meetings = shown.Meetings
	var next string
	for _, m := range meetings {
		if !m.Held {
			next = m.ID
		}
	}
	if next == "" {
		t.Fatal("no planned meeting")
	}
	f.mustRun("", "attach", next, filepath.Join(f.dir, "certificate.pdf"), filepath.Join(f.dir, "other", "certificate.pdf"))

	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(f.dir, "meeting.zip.age")
	r := f.run("", "export", "meeting", "Adébáyọ̀", "--attachments", "--format", "pdf", "--out", out, "--to", id.Recipient().String())
	if r.status != 0 || !strings.Contains(r.stderr, "meeting.pdf and 2 attached files") || !strings.Contains(r.stderr, "not the attached files") {
		t.Fatalf("export: %+v", r)
	}
	sealed, _ := os.ReadFile(out)
	// Markers of five bytes or more: a three-byte one ("PDF") turns up by chance in
	// about one 200 KB ciphertext in a hundred.
	if bytes.Contains(sealed, []byte("%PDF-")) || bytes.Contains(sealed, []byte("attachments/")) || bytes.Contains(sealed, slides) {
		t.Fatal("the encrypted bundle holds plaintext")
	}
	dec, err := age.Decrypt(bytes.NewReader(sealed), id)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(dec)
	got := unzipAll(t, plain)
	if !sameFiles(got, cert, slides) {
		t.Errorf("the bundle's files differ from what was attached: %d names", len(got))
	}
	if doc := got["meeting.pdf"]; !bytes.HasPrefix(doc, []byte("%PDF-")) {
		t.Errorf("the bundle's document is not a PDF: %q", doc[:min(len(doc), 20)])
	}
	if len(got) != 3 {
		t.Errorf("the bundle holds %d files, want 3", len(got))
	}

	// With a password: age -p, which the mentor opens with the password alone.
	pw := filepath.Join(f.dir, "pw")
	os.WriteFile(pw, []byte("long-shared-secret-2026\n"), 0o600)
	out = filepath.Join(f.dir, "meeting-pw.zip.age")
	f.mustRun("", "export", "meeting", "Adébáyọ̀", "--attachments", "--out", out, "--password-file", pw)
	sealed, _ = os.ReadFile(out)
	sid, _ := age.NewScryptIdentity("long-shared-secret-2026")
	dec, err = age.Decrypt(bytes.NewReader(sealed), sid)
	if err != nil {
		t.Fatalf("the password does not open the bundle: %v", err)
	}
	plain, _ = io.ReadAll(dec)
	got = unzipAll(t, plain)
	if !sameFiles(got, cert, slides) || !strings.Contains(string(got["meeting-pw.md"]), "Attached files") {
		t.Errorf("the password bundle: %d files", len(got))
	}

	// Plain, and the refusals: no .zip name, an existing file.
	out = filepath.Join(f.dir, "meeting.zip")
	f.mustRun("", "export", "meeting", "Adébáyọ̀", "--attachments", "--out", out)
	plain, _ = os.ReadFile(out)
	if got := unzipAll(t, plain); !sameFiles(got, cert, slides) {
		t.Error("the plain bundle's certificate differs")
	}
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
		t.Errorf("the bundle has mode %v", st.Mode().Perm())
	}
	before := files(t, f.dir)
	for _, args := range [][]string{
		{"--out", filepath.Join(f.dir, "meeting.pdf")},
		{"--out", out},
		{"--out", filepath.Join(f.dir, "x.zip"), "--password-file", pw, "--to", id.Recipient().String()},
	} {
		r := f.run("", append([]string{"export", "meeting", "Adébáyọ̀", "--attachments"}, args...)...)
		if r.status != ExitUsage || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
			t.Errorf("export %v: %+v", args, r)
		}
	}
	if after := files(t, f.dir); strings.Join(after, ",") != strings.Join(before, ",") {
		t.Errorf("a refused bundle left files: %v", after)
	}
}
