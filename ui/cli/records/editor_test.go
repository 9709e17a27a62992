package records

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/foliohq/folio/ui/cli/clienv"
)

func TestEditorCommandKeepsVimFilesOffDisk(t *testing.T) {
	for _, c := range []struct {
		visual, editor string
		want           []string
	}{
		{"", "vim", []string{"vim", "-n", "-i", "NONE", "--cmd", "set nobackup nowritebackup noundofile noswapfile viminfo=", "F"}},
		{"/usr/bin/nvim -p", "nano", []string{"/usr/bin/nvim", "-p", "-n", "-i", "NONE", "--cmd", "set nobackup nowritebackup noundofile noswapfile viminfo=", "F"}},
		{"", "nano", []string{"nano", "F"}},
		{"code --wait", "vim", []string{"code", "--wait", "F"}},
		{"", "", []string{"vi", "F"}},
	} {
		env := map[string]string{"VISUAL": c.visual, "EDITOR": c.editor}
		s := &session{Session: &clienv.Session{Env: clienv.Env{Getenv: func(k string) string { return env[k] }}}}
		if got := s.editorCommand("F"); !slices.Equal(got, c.want) {
			t.Errorf("VISUAL=%q EDITOR=%q: %q, want %q", c.visual, c.editor, got, c.want)
		}
	}
}

// Where no folder is memory-backed, the draft is refused with the way out, unless
// the person accepts the risk by name.
func TestDraftRefusedOnDisk(t *testing.T) {
	disk := t.TempDir()
	var errOut bytes.Buffer
	s := &session{Session: &clienv.Session{Env: clienv.Env{Stderr: &errOut}}}
	_, err := s.draftDirIn([]string{disk}, false)
	if clienv.ExitStatus(err) != clienv.ExitUsage || !strings.Contains(err.Error(), "--insecure-draft-on-disk") || !strings.Contains(err.Error(), "folio add --function formative < note.md") {
		t.Fatalf("draft on disk: %v", err)
	}
	if entries, _ := os.ReadDir(disk); len(entries) != 0 {
		t.Error("a refused draft left a folder")
	}
	dir, err := s.draftDirIn([]string{disk}, true)
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if st, _ := os.Stat(dir); st.Mode().Perm() != 0o700 {
		t.Errorf("the draft folder is %v, want 0700", st.Mode().Perm())
	}
	if !strings.Contains(errOut.String(), "on disk") {
		t.Errorf("no warning for a draft on disk: %q", errOut.String())
	}
}

func TestDestroyDirOverwritesThenRemoves(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "draft")
	os.Mkdir(dir, 0o700)
	os.WriteFile(filepath.Join(dir, "draft.md"), []byte("secret"), 0o600)
	os.WriteFile(filepath.Join(dir, ".draft.md.swp"), []byte("secret swap"), 0o600)
	destroyDir(dir)
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the draft folder is still there: %v", err)
	}
}
