// Package atomicfile writes files so that a kill at any moment leaves nothing behind:
// a file appears at its path complete, or not at all. Backups, snapshots and exports
// use it.
package atomicfile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
)

// Plaintext exports and vault copies are written so that a kill at any moment leaves
// nothing behind. On Linux the bytes go to an unnamed file (O_TMPFILE) in the target's
// folder, which the kernel frees if the process dies, and which gets a name only once
// it is complete. Elsewhere, or where a file system refuses unnamed files, the bytes go
// to a hidden temporary name that is removed on every signal folio can catch, is locked
// while it is written, and is recognised (by its prefix, owner and free lock) and
// removed by SweepStale on a later run if a kill folio cannot catch left it.

// TempPrefix begins the name of every temporary file folio writes beside a target.
const TempPrefix = ".folio-tmp-"

// isTempName recognises folio's temporary files: TempPrefix and 16 hex digits, or the
// names folio used before it wrote unnamed files (os.CreateTemp's digits after
// .folio-export- or .folio-backup-), which a killed export or backup could leave.
// Anything else, such as a user's own .folio-export-notes, is not folio's to remove.
func isTempName(name string) bool {
	if rest, ok := strings.CutPrefix(name, TempPrefix); ok {
		return len(rest) == 16 && strings.Trim(rest, "0123456789abcdef") == ""
	}
	for _, prefix := range []string{".folio-export-", ".folio-backup-"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			return rest != "" && strings.Trim(rest, "0123456789") == ""
		}
	}
	return false
}

// PendingFile is a file being written that appears at its path only on Commit.
type PendingFile struct {
	f   *os.File
	dir string
	// name is the temporary name, or "" while the file is unnamed.
	name    string
	release func()
	stopped atomic.Value // the os.Signal that interrupted the write, if any
}

// CreatePending starts a file in dir, readable and writable only by its owner.
func CreatePending(dir string) (*PendingFile, error) {
	p := &PendingFile{dir: dir}
	if f, ok := openUnnamed(dir); ok {
		p.f = f
		return p, nil
	}
	if err := p.createNamed(); err != nil {
		return nil, err
	}
	return p, nil
}

// createNamed falls back to a hidden name, removed if folio is stopped by a signal.
func (p *PendingFile) createNamed() error {
	name := filepath.Join(p.dir, tempName())
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	lockFile(f)
	p.f, p.name = f, name
	p.release = p.guard(name)
	return nil
}

func tempName() string {
	var b [8]byte
	rand.Read(b[:])
	return TempPrefix + hex.EncodeToString(b[:])
}

// guard removes name if folio receives a signal it can catch before release is
// called; on systems that can, the signal is then raised again so folio still stops.
// A signal folio was started ignoring (SIGHUP under nohup) is left ignored: catching
// it would remove the file and then, the signal being ignored again, go on writing
// to a file that is gone.
func (p *PendingFile) guard(name string) (release func()) {
	var catch []os.Signal
	for _, sig := range catchSignals() {
		if !signal.Ignored(sig) {
			catch = append(catch, sig)
		}
	}
	if len(catch) == 0 {
		return func() {}
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, catch...)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			os.Remove(name)
			p.stopped.Store(sig)
			signal.Stop(sigs)
			reraise(sig)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}

// File is where the bytes go.
func (p *PendingFile) File() *os.File { return p.f }

// Write writes to the file.
func (p *PendingFile) Write(b []byte) (int, error) { return p.f.Write(b) }

// Commit makes the complete file appear at path, mode 0600 and synced. Without
// overwrite an existing path is an error wrapping os.ErrExist, checked atomically (a
// hard link never replaces a file). The pending file is finished either way.
func (p *PendingFile) Commit(path string, overwrite bool) (err error) {
	defer p.Abort()
	if err = p.f.Chmod(0o600); err == nil {
		err = p.f.Sync()
	}
	if err != nil {
		return err
	}
	if p.name == "" {
		if err = p.linkUnnamed(path, overwrite); err != nil {
			return err
		}
	} else {
		if sig := p.stopped.Load(); sig != nil {
			return fmt.Errorf("interrupted (%v); nothing was written", sig)
		}
		if overwrite {
			err = os.Rename(p.name, path)
		} else {
			err = os.Link(p.name, path)
		}
		if err != nil {
			return err
		}
	}
	return SyncDir(p.dir)
}

// SyncDir makes dir's entries durable: a file linked or renamed into it survives a
// crash once this returns.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// linkUnnamed gives the unnamed file its name. Replacing a file needs a name to rename
// from, so the file is linked under a hidden name first, guarded like a named one.
func (p *PendingFile) linkUnnamed(path string, overwrite bool) error {
	if !overwrite {
		err := linkFD(p.f, path)
		if errors.Is(err, errNoProcLink) {
			return p.copyToNamed(path, false)
		}
		return err
	}
	name := filepath.Join(p.dir, tempName())
	release := p.guard(name)
	defer release()
	err := linkFD(p.f, name)
	if errors.Is(err, errNoProcLink) {
		return p.copyToNamed(path, true)
	}
	if err != nil {
		return err
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}

// copyToNamed is the last resort where an unnamed file cannot be linked (no /proc):
// its bytes are copied to a guarded hidden name, which is then moved into place.
func (p *PendingFile) copyToNamed(path string, overwrite bool) error {
	unnamed := p.f
	defer unnamed.Close()
	if _, err := unnamed.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if err := p.createNamed(); err != nil {
		return err
	}
	if _, err := io.Copy(p.f, unnamed); err != nil {
		return err
	}
	return p.Commit(path, overwrite)
}

// Abort discards the file unless it was committed; it is safe to call twice.
func (p *PendingFile) Abort() {
	if p.f != nil {
		p.f.Close()
	}
	if p.name != "" {
		os.Remove(p.name)
	}
	if p.release != nil {
		p.release()
		p.release = nil
	}
}

// errNoProcLink means an unnamed file could not be linked for want of /proc.
var errNoProcLink = errors.New("no /proc to link an unnamed file from")

// SweepStale removes temporary files that an earlier folio, killed while writing in
// dir, left there: those whose names begin with TempPrefix, owned by this user, that no
// running folio holds. It returns the names it removed, for the caller to tell.
func SweepStale(dir string) ([]string, error) {
	list, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var removed []string
	for _, e := range list {
		if !isTempName(e.Name()) || !e.Type().IsRegular() {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if removeIfAbandoned(path) {
			removed = append(removed, e.Name())
		}
	}
	return removed, nil
}
