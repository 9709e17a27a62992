package render

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// decryptPDF opens an encrypted PDF as a reader would, with a password.
func decryptPDF(data []byte, password string) ([]byte, error) {
	conf := pdfConfig()
	conf.UserPW, conf.OwnerPW = password, password
	var out bytes.Buffer
	err := api.Decrypt(bytes.NewReader(data), &out, conf)
	return out.Bytes(), err
}

// The encrypted PDF opens with its password and not without, and holds the
// document's text once opened.
func TestEncryptedPDF(t *testing.T) {
	plain, err := RenderPDF(sampleDoc(), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Nothing is written outside the file: pdfcpu's defaults would make a folder of
	// configuration in the user's home.
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", home)
	const password = "correct-horse-battery"
	enc, err := EncryptPDF(plain, password)
	if err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(home); len(left) > 0 {
		t.Errorf("encrypting wrote %v into the home folder", left)
	}
	if !bytes.HasPrefix(enc, []byte("%PDF-")) || !bytes.Contains(enc, []byte("/Encrypt")) {
		t.Fatal("not an encrypted PDF")
	}
	for _, wrong := range []string{"", "wrong-horse-battery"} {
		if _, err := decryptPDF(enc, wrong); err == nil {
			t.Errorf("the PDF opened with %q", wrong)
		}
	}
	opened, err := decryptPDF(enc, password)
	if err != nil {
		t.Fatalf("the PDF does not open with its password: %v", err)
	}
	if bytes.Contains(opened, []byte("/Encrypt")) {
		t.Error("the opened PDF is still encrypted")
	}
	// AES-256: the standard security handler's version 5, revision 6.
	ctx, err := api.ReadContext(bytes.NewReader(enc), withPassword(password))
	if err != nil {
		t.Fatal(err)
	}
	if e := ctx.E; e == nil || e.V != 5 || e.R != 6 {
		t.Errorf("encryption %+v; want V 5, R 6 (AES-256)", ctx.E)
	}
}

func TestEncryptedPDFPasswordRules(t *testing.T) {
	plain, err := RenderPDF(sampleDoc(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, pw := range []string{"", "short", strings.Repeat("x", 128), "bad\xffpassword!", "with a space"} {
		if _, err := EncryptPDF(plain, pw); err == nil {
			t.Errorf("password %q was taken", pw)
		}
	}
}

func withPassword(pw string) *model.Configuration {
	c := pdfConfig()
	c.UserPW, c.OwnerPW = pw, pw
	return c
}
