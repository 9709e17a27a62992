package interchange

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
)

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "summary.md")
	if err := WriteFileAtomic(path, []byte("first"), false); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	err = WriteFileAtomic(path, []byte("second"), false)
	if !errors.Is(err, ErrFileExists) || !portfolio.IsBadInput(err) {
		t.Errorf("writing over a file without overwrite: %v, want ErrFileExists as bad input", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "first" {
		t.Errorf("refused write changed the file to %q", b)
	}
	if err := WriteFileAtomic(path, []byte("second"), true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "second" {
		t.Errorf("overwrite left %q", b)
	}
	// A file already there with loose permissions ends up 0600 when replaced.
	loose := filepath.Join(dir, "loose.md")
	os.WriteFile(loose, []byte("x"), 0o644)
	if err := WriteFileAtomic(loose, []byte("y"), true); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(loose); st.Mode().Perm() != 0o600 {
		t.Errorf("replaced file mode %v, want 0600", st.Mode().Perm())
	}
	if err := WriteFileAtomic(dir, []byte("z"), true); !portfolio.IsBadInput(err) {
		t.Errorf("writing to a folder: %v, want bad input", err)
	}
	if err := WriteFileAtomic(filepath.Join(dir, "missing", "x.md"), []byte("z"), false); err == nil {
		t.Error("writing into a missing folder succeeded")
	}
	assertOnly(t, dir, "loose.md", "summary.md")
}

// assertOnly fails unless dir holds exactly the named files: no hidden leftovers.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, de := range des {
		got = append(got, de.Name())
	}
	if len(got) != len(names) {
		t.Fatalf("folder holds %q, want %q", got, names)
	}
	for i := range got {
		if got[i] != names[i] {
			t.Fatalf("folder holds %q, want %q", got, names)
		}
	}
}

// A folder that does not exist is the user's path, not a failure of the machine:
// bad input (exit status 2), and nothing is made.
func TestWriteIntoMissingFolderIsBadInput(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "nodir", "all.json")
	err := WriteFileAtomic(path, []byte("x"), false)
	if !portfolio.IsBadInput(err) {
		t.Fatalf("WriteFileAtomic into a missing folder: %v, want bad input", err)
	}
	want := "cannot write in " + filepath.Join(dir, "nodir") + ": there is no such folder"
	if got := err.Error(); !strings.HasSuffix(got, want) {
		t.Errorf("error %q, want it to end %q", got, want)
	}
	if _, serr := os.Stat(filepath.Join(dir, "nodir")); !errors.Is(serr, os.ErrNotExist) {
		t.Errorf("the folder was made: %v", serr)
	}
}
