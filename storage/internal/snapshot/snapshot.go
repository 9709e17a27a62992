// Package snapshot writes copies of the vault file: a backup, and a snapshot, which is
// verified after writing, can be given today's passphrase and can be restored over the
// vault. It holds no key and opens no vault: the vault hands it what it needs (Vault
// and Copy, implemented in storage/snapshot.go), and storage's methods of the same
// names are how folio calls it.
package snapshot

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/foliohq/folio/storage/atomicfile"
	"github.com/foliohq/folio/storage/internal/base"
)

// A snapshot is a backup taken for the user: a consistent copy of the vault file,
// written so a kill leaves the whole copy or nothing (storage/atomicfile), and verified after
// writing by opening it with the vault's key and authenticating every record.
//
// A copy carries the header the vault had when it was taken, so it opens with that
// moment's passphrase. The data key never changes with the passphrase, so this
// vault's key authenticates every one of its snapshots, whatever their passphrase;
// Check.Current tells whether a snapshot's passphrase is today's, and Rekey gives it
// today's header.

// ErrNotThisVault means a snapshot's records do not authenticate with this vault's
// key: it is a copy of another vault, or damaged throughout.
var ErrNotThisVault = errors.New("not a snapshot of this vault")

// Vault is what the snapshots need of the vault. R is the vault's report on a check
// of a copy's records, which the snapshots hand back without reading it.
type Vault[R any] interface {
	// CopyTo writes a consistent copy of the vault's file to w: one read
	// transaction's view.
	CopyTo(w io.Writer) error
	// Open opens the copy at path with the vault's keys; closing it closes the file
	// only, for the keys are the vault's.
	Open(path string, readOnly bool) (Copy[R], error)
	// Header is the vault's header as it is now, marshalled.
	Header() []byte
	// Path is the vault's file.
	Path() string
	// CloseFile closes the vault's file, keeping its keys: Restore does so before it
	// replaces the file.
	CloseFile() error
}

// Copy is a copy of the vault file opened with the vault's keys.
type Copy[R any] interface {
	// Check authenticates every record of the copy: report is the vault's account of
	// it, ok that nothing was damaged, and foreign that no record authenticated and
	// some did not.
	Check() (report R, ok, foreign bool, err error)
	// Header is the copy's header, marshalled.
	Header() []byte
	// SetHeader replaces the copy's header in one transaction.
	SetHeader(raw []byte) error
	Close() error
}

// Check is what verifying a snapshot found.
type Check[R any] struct {
	Report R
	// OK is true when no record was damaged.
	OK bool
	// Current is true when the snapshot opens with the vault's passphrase as it is
	// now (its header is the vault's).
	Current bool
}

// Write writes a consistent copy of the vault to path, which must not exist, and
// verifies it; a copy that does not verify is removed and reported as damage.
func Write[R any](v Vault[R], path string) (Check[R], error) {
	pf, err := atomicfile.CreatePending(filepath.Dir(path))
	if err != nil {
		return Check[R]{}, err
	}
	defer pf.Abort()
	err = v.CopyTo(pf.File())
	if err == nil {
		err = pf.Commit(path, false)
	}
	if err != nil {
		return Check[R]{}, err
	}
	check, err := Verify(v, path)
	if err == nil && !check.OK {
		err = fmt.Errorf("%w: the snapshot did not verify after writing", base.ErrDamaged)
	}
	if err != nil {
		os.Remove(path)
		return check, err
	}
	return check, nil
}

// Verify opens the snapshot at path with the vault's key, read-only, and
// authenticates every record in it.
func Verify[R any](v Vault[R], path string) (Check[R], error) {
	s, err := v.Open(path, true)
	if err != nil {
		return Check[R]{}, err
	}
	defer s.Close()
	report, ok, foreign, err := s.Check()
	if err != nil {
		return Check[R]{}, err
	}
	if foreign {
		return Check[R]{}, fmt.Errorf("%w: %s", ErrNotThisVault, path)
	}
	current := bytes.Equal(s.Header(), v.Header())
	return Check[R]{Report: report, OK: ok, Current: current}, nil
}

// Rekey gives the snapshot at path the vault's current header, so it opens with
// today's passphrase, in one transaction; it refuses a snapshot of another vault.
func Rekey[R any](v Vault[R], path string) error {
	check, err := Verify(v, path)
	if err != nil {
		return err
	}
	if check.Current {
		return nil
	}
	s, err := v.Open(path, false)
	if err != nil {
		return err
	}
	err = s.SetHeader(v.Header())
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	return err
}

// Restore replaces the vault file with the snapshot at path, given the vault's
// current header first so the restored vault opens with today's passphrase. The
// snapshot must verify. The file is replaced whole (a kill leaves the old vault or the
// restored one) and the vault's file is closed: open it again to use it.
func Restore[R any](v Vault[R], path string) error {
	check, err := Verify(v, path)
	if err != nil {
		return err
	}
	if !check.OK {
		return fmt.Errorf("%w: the snapshot %s has damaged records; choose another", base.ErrDamaged, path)
	}
	if err := Rekey(v, path); err != nil {
		return err
	}
	src, err := os.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	pf, err := atomicfile.CreatePending(filepath.Dir(v.Path()))
	if err != nil {
		return err
	}
	defer pf.Abort()
	if _, err := io.Copy(pf.File(), src); err != nil {
		return err
	}
	// Closed before the file is replaced, which Windows refuses for an open file.
	if err := v.CloseFile(); err != nil {
		return err
	}
	return pf.Commit(v.Path(), true)
}
