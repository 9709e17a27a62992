package snapshot

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/foliohq/folio/storage/internal/base"
)

// The package on its own, through its interfaces. A fake vault file is a header line
// and a body; a body that says "damaged" has a damaged record, and one that begins
// "other" is another vault's.

type fakeVault struct {
	path   string
	header string
	closed bool
}

func (v *fakeVault) CopyTo(w io.Writer) error {
	b, err := os.ReadFile(v.path)
	if err == nil {
		_, err = w.Write(b)
	}
	return err
}

func (v *fakeVault) Header() []byte   { return []byte(v.header) }
func (v *fakeVault) Path() string     { return v.path }
func (v *fakeVault) CloseFile() error { v.closed = true; return nil }

func (v *fakeVault) Open(path string, readOnly bool) (Copy[string], error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	return fakeCopy{path, readOnly}, nil
}

type fakeCopy struct {
	path     string
	readOnly bool
}

func (c fakeCopy) split() (header, body string) {
	b, _ := os.ReadFile(c.path)
	header, body, _ = strings.Cut(string(b), "\n")
	return header, body
}

func (c fakeCopy) Check() (string, bool, bool, error) {
	_, body := c.split()
	return body, !strings.Contains(body, "damaged"), strings.HasPrefix(body, "other"), nil
}

func (c fakeCopy) Header() []byte { h, _ := c.split(); return []byte(h) }
func (c fakeCopy) Close() error   { return nil }

func (c fakeCopy) SetHeader(raw []byte) error {
	if c.readOnly {
		return errors.New("read-only")
	}
	_, body := c.split()
	return os.WriteFile(c.path, []byte(string(raw)+"\n"+body), 0o600)
}

func newFake(t *testing.T, header, body string) *fakeVault {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vault.folio")
	if err := os.WriteFile(path, []byte(header+"\n"+body), 0o600); err != nil {
		t.Fatal(err)
	}
	return &fakeVault{path: path, header: header}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteVerifies(t *testing.T) {
	v := newFake(t, "h1", "records")
	out := filepath.Join(t.TempDir(), "snap.folio")
	c, err := Write(v, out)
	if err != nil || !c.OK || !c.Current || c.Report != "records" {
		t.Fatalf("Write: %+v, %v; want a current, sound copy of the records", c, err)
	}
	if got := read(t, out); got != "h1\nrecords" {
		t.Errorf("the copy holds %q", got)
	}
	// A copy is never written over another.
	v.header = "h2"
	if _, err := Write(v, out); err == nil {
		t.Error("Write over an existing snapshot succeeded")
	}
	if got := read(t, out); got != "h1\nrecords" {
		t.Errorf("a refused write changed the snapshot to %q", got)
	}
}

func TestWriteRemovesACopyThatDoesNotVerify(t *testing.T) {
	for _, body := range []string{"damaged", "other vault's"} {
		v := newFake(t, "h1", body)
		out := filepath.Join(t.TempDir(), "snap.folio")
		if _, err := Write(v, out); !errors.Is(err, base.ErrDamaged) && !errors.Is(err, ErrNotThisVault) {
			t.Errorf("Write of %q: %v, want damage or ErrNotThisVault", body, err)
		}
		if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("Write of %q left the copy behind (%v)", body, err)
		}
	}
}

func TestVerifyRefusesAnotherVault(t *testing.T) {
	v := newFake(t, "h1", "records")
	other := newFake(t, "h1", "other records")
	if c, err := Verify(v, other.path); !errors.Is(err, ErrNotThisVault) || c.Report != "" {
		t.Errorf("Verify of another vault's copy: %+v, %v; want ErrNotThisVault and no report", c, err)
	}
	if err := Rekey(v, other.path); !errors.Is(err, ErrNotThisVault) {
		t.Errorf("Rekey of another vault's copy: %v, want ErrNotThisVault", err)
	}
	if got := read(t, other.path); got != "h1\nother records" {
		t.Errorf("a refused rekey changed the copy to %q", got)
	}
}

func TestRekeyGivesTodaysHeader(t *testing.T) {
	v := newFake(t, "h1", "records")
	out := filepath.Join(t.TempDir(), "snap.folio")
	if _, err := Write(v, out); err != nil {
		t.Fatal(err)
	}
	v.header = "h2" // the passphrase changed
	if c, err := Verify(v, out); err != nil || c.Current {
		t.Fatalf("Verify after a new passphrase: %+v, %v; want an old header", c, err)
	}
	if err := Rekey(v, out); err != nil {
		t.Fatal(err)
	}
	if got := read(t, out); got != "h2\nrecords" {
		t.Errorf("the rekeyed copy holds %q, want today's header over the same records", got)
	}
	if c, err := Verify(v, out); err != nil || !c.Current {
		t.Errorf("Verify after Rekey: %+v, %v; want a current header", c, err)
	}
}

func TestRestore(t *testing.T) {
	v := newFake(t, "h1", "old records")
	out := filepath.Join(t.TempDir(), "snap.folio")
	if _, err := Write(v, out); err != nil {
		t.Fatal(err)
	}
	damaged := filepath.Join(t.TempDir(), "damaged.folio")
	if err := os.WriteFile(damaged, []byte("h1\ndamaged"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(v.path, []byte("h1\nnew records"), 0o600); err != nil {
		t.Fatal(err)
	}
	v.header = "h2"
	if err := Restore(v, damaged); !errors.Is(err, base.ErrDamaged) {
		t.Errorf("Restore of a damaged copy: %v, want ErrDamaged", err)
	}
	if got := read(t, v.path); got != "h1\nnew records" || v.closed {
		t.Fatalf("a refused restore left the vault %q (closed %v)", got, v.closed)
	}
	if err := Restore(v, out); err != nil {
		t.Fatal(err)
	}
	if got := read(t, v.path); got != "h2\nold records" || !v.closed {
		t.Errorf("restored vault %q (closed %v), want the copy's records under today's header, closed", got, v.closed)
	}
}

func TestBackup(t *testing.T) {
	v := newFake(t, "h1", "records")
	out := filepath.Join(t.TempDir(), "backup.folio")
	if err := Backup(v.CopyTo, out, false); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup: %v, %v; want mode 0600", st, err)
	}
	if err := os.WriteFile(v.path, []byte("h1\nmore records"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Backup(v.CopyTo, out, false); !errors.Is(err, base.ErrExists) {
		t.Errorf("backup over an existing file: %v, want ErrExists", err)
	}
	if got := read(t, out); got != "h1\nrecords" {
		t.Errorf("a refused backup changed the file to %q", got)
	}
	if err := Backup(v.CopyTo, out, true); err != nil {
		t.Fatal(err)
	}
	if got := read(t, out); got != "h1\nmore records" {
		t.Errorf("the replacing backup holds %q", got)
	}
}
