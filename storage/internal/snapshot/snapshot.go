package storage

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/foliohq/folio/storage/atomicfile"
	bolt "go.etcd.io/bbolt"
)

// A snapshot is a backup taken for the user: a consistent copy of the vault file,
// written so a kill leaves the whole copy or nothing (storage/atomicfile), and verified after
// writing by opening it with the vault's key and authenticating every record.
//
// A copy carries the header the vault had when it was taken, so it opens with that
// moment's passphrase. The data key never changes with the passphrase, so this
// vault's key authenticates every one of its snapshots, whatever their passphrase;
// SnapshotHeaderCurrent tells whether a snapshot's passphrase is today's, and
// RekeySnapshot gives it today's header.

// ErrNotThisVault means a snapshot's records do not authenticate with this vault's
// key: it is a copy of another vault, or damaged throughout.
var ErrNotThisVault = errors.New("not a snapshot of this vault")

// snapshotTagLabel cannot be a collection's name (it begins with a zero byte), so the
// tag is not the hidden name of any bucket.
const snapshotTagLabel = "\x00folio snapshot tag"

// SnapshotTag is 8 hex digits that tell this vault's snapshots from another's: a keyed
// hash under the vault's name key, so it says nothing about the vault's contents.
func (v *Vault) SnapshotTag() string {
	return hex.EncodeToString(v.keys.bucketName(snapshotTagLabel)[:4])
}

// SnapshotCheck is what verifying a snapshot found.
type SnapshotCheck struct {
	Report
	// CurrentPassphrase is true when the snapshot opens with the vault's passphrase as
	// it is now (its header is the vault's).
	CurrentPassphrase bool
}

// Snapshot writes a consistent copy of the vault to path, which must not exist, and
// verifies it; a copy that does not verify is removed and reported as damage.
// collections are the caller's, as for Check.
func (v *Vault) Snapshot(path string, collections []string) (SnapshotCheck, error) {
	pf, err := atomicfile.CreatePending(filepath.Dir(path))
	if err != nil {
		return SnapshotCheck{}, err
	}
	defer pf.Abort()
	err = v.db.View(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(pf.File())
		return err
	})
	if err == nil {
		err = pf.Commit(path, false)
	}
	if err != nil {
		return SnapshotCheck{}, err
	}
	check, err := v.VerifySnapshot(path, collections)
	if err == nil && !check.OK() {
		err = fmt.Errorf("%w: the snapshot did not verify after writing", ErrDamaged)
	}
	if err != nil {
		os.Remove(path)
		return check, err
	}
	return check, nil
}

// VerifySnapshot opens the snapshot at path with this vault's key, read-only, and
// authenticates every record in it.
func (v *Vault) VerifySnapshot(path string, collections []string) (SnapshotCheck, error) {
	s, err := v.openSnapshot(path, true)
	if err != nil {
		return SnapshotCheck{}, err
	}
	defer s.db.Close()
	report, err := s.Check(collections)
	if err != nil {
		return SnapshotCheck{}, err
	}
	if report.Records == 0 && len(report.Damaged) > 0 {
		return SnapshotCheck{}, fmt.Errorf("%w: %s", ErrNotThisVault, path)
	}
	v.headerMu.Lock()
	current := bytes.Equal(s.header.Marshal(), v.header.Marshal())
	v.headerMu.Unlock()
	return SnapshotCheck{Report: report, CurrentPassphrase: current}, nil
}

// openSnapshot opens a snapshot file as a vault with this vault's keys. Closing it
// closes the file only: the keys are this vault's.
func (v *Vault) openSnapshot(path string, readOnly bool) (*Vault, error) {
	db, st, err := openFile(path, Options{ReadOnly: readOnly})
	if err != nil {
		return nil, err
	}
	return &Vault{db: db, path: path, header: st.h, keys: v.keys, borrowedKeys: true, readOnly: readOnly,
		rollback: st.rollback, metaNote: st.metaNote}, nil
}

// RekeySnapshot gives the snapshot at path the vault's current header, so it opens
// with today's passphrase, in one transaction; it refuses a snapshot of another vault.
func (v *Vault) RekeySnapshot(path string, collections []string) error {
	check, err := v.VerifySnapshot(path, collections)
	if err != nil {
		return err
	}
	if check.CurrentPassphrase {
		return nil
	}
	s, err := v.openSnapshot(path, false)
	if err != nil {
		return err
	}
	v.headerMu.Lock()
	raw := v.header.Marshal()
	v.headerMu.Unlock()
	err = s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(metaBucket).Put(headerKey, raw)
	})
	if cerr := s.db.Close(); err == nil {
		err = cerr
	}
	return err
}

// Restore replaces the vault file with the snapshot at path, given the vault's
// current header first so the restored vault opens with today's passphrase. The
// snapshot must verify. The file is replaced whole (a kill leaves the old vault or the
// restored one) and the vault is closed: open it again to use it.
func (v *Vault) Restore(path string, collections []string) error {
	check, err := v.VerifySnapshot(path, collections)
	if err != nil {
		return err
	}
	if !check.OK() {
		return fmt.Errorf("%w: the snapshot %s has damaged records; choose another", ErrDamaged, path)
	}
	if err := v.RekeySnapshot(path, collections); err != nil {
		return err
	}
	src, err := os.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	pf, err := atomicfile.CreatePending(filepath.Dir(v.path))
	if err != nil {
		return err
	}
	defer pf.Abort()
	if _, err := io.Copy(pf.File(), src); err != nil {
		return err
	}
	// Closed before the file is replaced, which Windows refuses for an open file.
	if err := v.db.Close(); err != nil {
		return err
	}
	return pf.Commit(v.path, true)
}
