package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
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
		s := &session{Env: Env{Getenv: func(k string) string { return env[k] }}}
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
	s := &session{Env: Env{Stderr: &errOut}}
	_, err := s.draftDirIn([]string{disk}, false)
	if ExitStatus(err) != ExitUsage || !strings.Contains(err.Error(), "--insecure-draft-on-disk") || !strings.Contains(err.Error(), "folio add --function formative < note.md") {
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

// Interrupted while the editor runs, folio stops it, destroys the draft and saves
// nothing.
func TestEditorInterruptedDestroysDraft(t *testing.T) {
	if _, err := os.Stat("/dev/shm"); err != nil || !inMemory("/dev/shm") {
		t.Skip("no memory-backed /dev/shm here")
	}
	f := newFixture(t)
	f.init()
	record := filepath.Join(f.dir, "draftpath")
	editor := filepath.Join(f.dir, "editor.sh")
	// The editor writes the reflection, says where, and has folio terminated.
	script := "#!/bin/sh\nfor a; do f=\"$a\"; done\nprintf 'INTERRUPTED-%s-MARKER' DRAFT > \"$f\"\necho \"$f\" > " + record + "\nkill -TERM $PPID\nexec sleep 30\n"
	os.WriteFile(editor, []byte(script), 0o700)
	f.env["VISUAL"] = editor
	devnull := func() (TTY, error) {
		in, err := os.Open(os.DevNull)
		if err != nil {
			return TTY{}, err
		}
		out, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		return TTY{In: in, Out: out}, err
	}
	var out, errOut bytes.Buffer
	err := Run(Env{
		Args:  []string{"add", "--function", "formative", "--vault", f.vault, "--passphrase-file", f.passFile},
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Terminal: true, OpenTTY: devnull,
		Now: func() time.Time { return fixedNow }, Getenv: func(k string) string { return f.env[k] },
	})
	if err == nil || !strings.Contains(err.Error(), "destroyed") || ExitStatus(err) != ExitFailure {
		t.Fatalf("interrupted add: %v (status %d)", err, ExitStatus(err))
	}
	path, _ := os.ReadFile(record)
	draft := strings.TrimSpace(string(path))
	if !strings.HasPrefix(draft, "/dev/shm/folio-draft-") {
		t.Fatalf("the draft was at %q", draft)
	}
	if _, err := os.Stat(filepath.Dir(draft)); !os.IsNotExist(err) {
		t.Errorf("the draft folder survived the interruption: %v", err)
	}
	if got := f.list(); len(got) != 0 {
		t.Errorf("an interrupted add saved %d entries", len(got))
	}
}
