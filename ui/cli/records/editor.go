package records

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/viewer"
)

// draftDir makes a private folder (0700) for a draft on a memory-backed file system,
// so the plaintext never reaches a disk; insecure allows the system's temporary
// folder when there is none. It returns the folder and where it is.
func (s *session) draftDir(insecure bool) (string, error) {
	return s.draftDirIn(viewer.MemoryDirs(s.Getenv), insecure)
}

// draftDirIn makes the draft folder in the first of bases that is memory-backed.
func (s *session) draftDirIn(bases []string, insecure bool) (string, error) {
	for _, base := range bases {
		if !viewer.InMemory(base) {
			continue
		}
		if dir, err := os.MkdirTemp(base, "folio-draft-"); err == nil {
			return dir, nil
		}
	}
	if !insecure {
		return "", clienv.Usagef("folio will not put your draft on disk, where it could be recovered after it is deleted, and this system has no memory-backed folder for it (XDG_RUNTIME_DIR or /dev/shm on tmpfs); write without an editor, as in: folio add --function formative < note.md, or pass --insecure-draft-on-disk to accept that risk")
	}
	fmt.Fprintln(s.Stderr, "folio: warning: the draft is kept on disk while you edit, as --insecure-draft-on-disk allows; it is overwritten and deleted afterwards, but a disk may keep copies.")
	return os.MkdirTemp("", "folio-draft-")
}

// editorCommand is $VISUAL, else $EDITOR, else vi (notepad on Windows), split into words, with the options
// that keep swap, backup, undo and viminfo files off disk for the editors folio knows
// (vim, neovim); nano makes a backup only with -B, which folio does not pass.
func (s *session) editorCommand(file string) []string {
	ed := s.Getenv("VISUAL")
	if ed == "" {
		ed = s.Getenv("EDITOR")
	}
	words := strings.Fields(ed)
	if len(words) == 0 {
		words = []string{"vi"}
		if runtime.GOOS == "windows" {
			words = []string{"notepad"}
		}
	}
	switch strings.TrimSuffix(filepath.Base(words[0]), ".exe") {
	case "vim", "nvim", "gvim", "mvim", "vimx":
		words = append(words, "-n", "-i", "NONE", "--cmd", "set nobackup nowritebackup noundofile noswapfile viminfo=")
	}
	return append(words, file)
}

// editDraft opens the editor on draft in a private memory-backed folder and returns
// what was saved. The folder is destroyed (every file in it overwritten, then
// removed) when the editor exits, and also if folio is interrupted or terminated
// while it runs; the editor is then stopped too.
func (s *session) editDraft(draft string, insecure bool) (string, error) {
	dir, err := s.draftDir(insecure)
	if err != nil {
		return "", err
	}
	defer destroyDir(dir)
	file := filepath.Join(dir, "draft.md")
	if err := os.WriteFile(file, []byte(draft), 0o600); err != nil {
		return "", fmt.Errorf("cannot write the draft: %w", err)
	}
	t, err := s.TTY()
	if err != nil {
		return "", clienv.Usagef("there is no terminal to open an editor on; give the text on standard input")
	}
	defer t.Close()
	words := s.editorCommand(file)
	cmd := exec.Command(words[0], words[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = t.In, t.Out, t.Out
	signals := make(chan os.Signal, 1)
	// SIGHUP too: a closed terminal must not leave the draft behind.
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(signals)
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("cannot start the editor %q (set VISUAL or EDITOR): %w", words[0], err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case sig := <-signals:
		cmd.Process.Kill()
		<-done
		return "", fmt.Errorf("%s while editing; the draft was destroyed and nothing was saved", sig)
	case err := <-done:
		if err != nil {
			return "", fmt.Errorf("the editor %s failed (%v); the draft was destroyed and nothing was saved", words[0], err)
		}
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("cannot read the draft back: %w", err)
	}
	return string(b), nil
}

// destroyDir overwrites every regular file in dir (the draft, and any swap or backup
// file an editor left beside it) with zeros, then removes the folder.
func destroyDir(dir string) {
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		if info, err := d.Info(); err == nil {
			if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
				f.Write(make([]byte, info.Size()))
				f.Sync()
				f.Close()
			}
		}
		return nil
	})
	os.RemoveAll(dir)
}

// errUnchanged is a draft saved as it was given: nothing to keep.
var errUnchanged = &clienv.UsageError{Msg: "the draft was not changed, so nothing was saved"}

// edited runs the editor on draft and refuses a draft left as it was.
func (s *session) edited(draft string, insecure bool) (string, error) {
	text, err := s.editDraft(draft, insecure)
	if err != nil {
		return "", err
	}
	if bytes.Equal(bytes.TrimSpace([]byte(text)), bytes.TrimSpace([]byte(draft))) {
		return "", errUnchanged
	}
	return text, nil
}
