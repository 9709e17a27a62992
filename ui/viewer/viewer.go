// Package viewer opens an attachment with the system's viewer without leaving its
// plaintext behind: the copy the viewer reads lives in a private folder (0700) on a
// memory-backed file system, as the command line's editor drafts do, and is
// overwritten and removed when the viewer exits, when folio exits or when it locks.
// Where no such folder exists, nothing is written and Open says so.
package viewer

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// EnvViewer names a viewer command that stays running while the file is shown
// (evince, or a test's script): the copy is wiped as soon as it exits. Without it
// folio uses the system's opener, which hands the file on and returns at once, so
// the copy stays until folio is told the person is done, locks or exits.
const EnvViewer = "FOLIO_VIEWER"

// ErrNoPrivatePlace is Open's refusal where no memory-backed folder exists.
var ErrNoPrivatePlace = errors.New("folio opens attachments only from a private folder in memory (XDG_RUNTIME_DIR or /dev/shm on tmpfs), so that no copy is left on disk, and this system has none; save a copy deliberately with: folio attachment save ID --out PATH")

// Viewer keeps track of the copies it opened, so that all of them can be wiped at
// once (at lock and at exit). The zero value is not usable; call New.
type Viewer struct {
	getenv func(string) string
	bases  []string // nil: MemoryDirs(getenv)
	goos   string

	mu     sync.Mutex
	opened map[*Opened]struct{}
}

// New returns a viewer that reads its settings (FOLIO_VIEWER, XDG_RUNTIME_DIR)
// through getenv.
func New(getenv func(string) string) *Viewer {
	if getenv == nil {
		getenv = os.Getenv
	}
	return &Viewer{getenv: getenv, goos: runtime.GOOS, opened: map[*Opened]struct{}{}}
}

// Opened is one copy shown in a viewer.
type Opened struct {
	// Path is the copy's path, inside its private folder.
	Path string
	// Command is the viewer command that was started.
	Command []string
	dir     string
	waits   bool
	cmd     *exec.Cmd
	v       *Viewer

	done    chan struct{}
	waitErr error
	wipe    sync.Once
}

// Waits reports whether the viewer command runs for as long as the file is shown,
// so that Done means the person is finished with it; for the system's opener, which
// returns at once, the copy is kept until Wipe.
func (o *Opened) Waits() bool { return o.waits }

// Done is closed when the viewer command has exited; for a command that waits, the
// copy is wiped by then.
func (o *Opened) Done() <-chan struct{} { return o.done }

// Err is how the viewer command ended, once Done is closed.
func (o *Opened) Err() error {
	<-o.done
	return o.waitErr
}

// Wipe stops the viewer command if it still runs, then overwrites the copy and
// removes its folder. It may be called more than once.
func (o *Opened) Wipe() {
	o.wipe.Do(func() {
		if o.cmd != nil && o.cmd.Process != nil {
			select {
			case <-o.done:
			default:
				stop(o.cmd)
			}
		}
		Destroy(o.dir)
		o.v.mu.Lock()
		delete(o.v.opened, o)
		o.v.mu.Unlock()
	})
}

// Command is the viewer command for file: FOLIO_VIEWER's words, or the system's
// opener; waits says whether it runs for as long as the file is shown.
func (v *Viewer) Command(file string) (words []string, waits bool) {
	if w := strings.Fields(v.getenv(EnvViewer)); len(w) > 0 {
		return append(w, file), true
	}
	switch v.goos {
	case "darwin":
		return []string{"open", file}, false
	case "windows":
		return []string{"cmd", "/c", "start", "", file}, false
	}
	return []string{"xdg-open", file}, false
}

// Private makes a private folder (0700) for a copy in the first memory-backed
// place, or returns ErrNoPrivatePlace.
func (v *Viewer) Private() (string, error) {
	bases := v.bases
	if bases == nil {
		bases = MemoryDirs(v.getenv)
	}
	for _, base := range bases {
		if !InMemory(base) {
			continue
		}
		// The folder names its process, so a later folio can tell one left by a
		// process that was killed (SweepStale) from one still in use.
		dir, err := os.MkdirTemp(base, fmt.Sprintf("%s%d-", dirPrefix, os.Getpid()))
		if err != nil {
			continue
		}
		if err := os.Chmod(dir, 0o700); err != nil {
			os.RemoveAll(dir)
			continue
		}
		return dir, nil
	}
	return "", ErrNoPrivatePlace
}

// dirPrefix starts the name of every private folder.
const dirPrefix = "folio-view-"

// SweepStale wipes the private folders that a folio process killed before it could
// wipe them left behind (tmpfs keeps them until logout or reboot), and returns how
// many. A folder whose process still runs is left alone.
func (v *Viewer) SweepStale() int {
	bases := v.bases
	if bases == nil {
		bases = MemoryDirs(v.getenv)
	}
	n := 0
	for _, base := range bases {
		entries, err := os.ReadDir(base)
		if err != nil {
			continue
		}
		for _, e := range entries {
			rest, ok := strings.CutPrefix(e.Name(), dirPrefix)
			if !ok || !e.IsDir() {
				continue
			}
			digits, _, _ := strings.Cut(rest, "-")
			pid, err := strconv.Atoi(digits)
			if err != nil || pid <= 0 || pid == os.Getpid() || running(pid) {
				continue
			}
			Destroy(filepath.Join(base, e.Name()))
			n++
		}
	}
	return n
}

// Open writes r as name into a new private folder and starts the viewer on it. The
// copy is wiped when a viewer that waits exits, or when Wipe or WipeAll is called;
// on any error nothing is left behind.
func (v *Viewer) Open(name string, r io.Reader) (*Opened, error) {
	dir, err := v.Private()
	if err != nil {
		return nil, err
	}
	o := &Opened{Path: filepath.Join(dir, SafeName(name)), dir: dir, v: v, done: make(chan struct{})}
	if err := writeCopy(o.Path, r); err != nil {
		Destroy(dir)
		return nil, err
	}
	o.Command, o.waits = v.Command(o.Path)
	o.cmd = exec.Command(o.Command[0], o.Command[1:]...)
	ownGroup(o.cmd)
	if err := o.cmd.Start(); err != nil {
		Destroy(dir)
		return nil, fmt.Errorf("cannot start the viewer %q (set %s to a viewer command): %w", o.Command[0], EnvViewer, err)
	}
	v.mu.Lock()
	v.opened[o] = struct{}{}
	v.mu.Unlock()
	go func() {
		o.waitErr = o.cmd.Wait()
		if o.waits {
			o.Wipe()
		}
		close(o.done)
	}()
	return o, nil
}

// writeCopy writes r to a new file at path, mode 0600.
func writeCopy(path string, r io.Reader) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("cannot write the copy to view: %w", err)
	}
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cannot write the copy to view: %w", err)
	}
	return nil
}

// WipeAll wipes every copy still open, stopping the viewers folio started, and
// returns how many there were.
func (v *Viewer) WipeAll() int {
	v.mu.Lock()
	all := make([]*Opened, 0, len(v.opened))
	for o := range v.opened {
		all = append(all, o)
	}
	v.mu.Unlock()
	for _, o := range all {
		o.Wipe()
	}
	return len(all)
}

// Count reports how many copies are open.
func (v *Viewer) Count() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.opened)
}

// maxName is the longest file name SafeName gives, in bytes: file systems allow 255.
const maxName = 200

// SafeName is an attachment's name as a file name: its last path element, with
// control characters and separators replaced, so a name from the vault cannot
// reach outside the private folder; it keeps the extension the viewer goes by.
func SafeName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r == utf8.RuneError || unicode.IsControl(r) {
			return '_'
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	if name == "" {
		return "attachment"
	}
	if len(name) > maxName {
		ext := filepath.Ext(name)
		if len(ext) > 16 {
			ext = ""
		}
		name = strings.ToValidUTF8(name[:maxName-len(ext)], "") + ext
	}
	return name
}

// Destroy overwrites every regular file in dir with zeros, then removes the folder.
func Destroy(dir string) {
	if dir == "" {
		return
	}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		if info, err := d.Info(); err == nil {
			if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
				// A piece at a time: an attachment may be hundreds of MiB.
				zeros := make([]byte, 64<<10)
				for left := info.Size(); left > 0; left -= int64(len(zeros)) {
					if _, err := f.Write(zeros[:min(left, int64(len(zeros)))]); err != nil {
						break
					}
				}
				f.Sync()
				f.Close()
			}
		}
		return nil
	})
	os.RemoveAll(dir)
}
