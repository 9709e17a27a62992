package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/ui/viewer"
)

// Interrupted while the editor runs, folio stops it, destroys the draft and saves
// nothing.
func TestEditorInterruptedDestroysDraft(t *testing.T) {
	if _, err := os.Stat("/dev/shm"); err != nil || !viewer.InMemory("/dev/shm") {
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
