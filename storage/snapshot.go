package storage

import (
	"encoding/hex"
	"io"

	"github.com/foliohq/folio/storage/internal/snapshot"
	bolt "go.etcd.io/bbolt"
)

// Backups and snapshots, copies of the vault file, are storage/internal/snapshot's;
// the vault hands it the copy, the copies opened with its keys and its header
// (snapshots below).

// ErrNotThisVault means a snapshot's records do not authenticate with this vault's
// key: it is a copy of another vault, or damaged throughout.
var ErrNotThisVault = snapshot.ErrNotThisVault

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

func snapshotCheck(c snapshot.Check[Report]) SnapshotCheck {
	return SnapshotCheck{Report: c.Report, CurrentPassphrase: c.Current}
}

// Backup writes a consistent snapshot of the encrypted file to out while the vault
// stays open; a kill leaves the complete copy at out or nothing. It has mode 0600, and
// an existing out is replaced only if overwrite.
func (v *Vault) Backup(out string, overwrite bool) error {
	return snapshot.Backup(v.copyTo, out, overwrite)
}

// Snapshot writes a consistent copy of the vault to path, which must not exist, and
// verifies it; a copy that does not verify is removed and reported as damage.
// collections are the caller's, as for Check.
func (v *Vault) Snapshot(path string, collections []string) (SnapshotCheck, error) {
	c, err := snapshot.Write(snapshots{v, collections}, path)
	return snapshotCheck(c), err
}

// VerifySnapshot opens the snapshot at path with this vault's key, read-only, and
// authenticates every record in it.
func (v *Vault) VerifySnapshot(path string, collections []string) (SnapshotCheck, error) {
	c, err := snapshot.Verify(snapshots{v, collections}, path)
	return snapshotCheck(c), err
}

// RekeySnapshot gives the snapshot at path the vault's current header, so it opens
// with today's passphrase, in one transaction; it refuses a snapshot of another vault.
func (v *Vault) RekeySnapshot(path string, collections []string) error {
	return snapshot.Rekey(snapshots{v, collections}, path)
}

// Restore replaces the vault file with the snapshot at path, given the vault's
// current header first so the restored vault opens with today's passphrase. The
// snapshot must verify. The file is replaced whole (a kill leaves the old vault or the
// restored one) and the vault is closed: open it again to use it.
func (v *Vault) Restore(path string, collections []string) error {
	return snapshot.Restore(snapshots{v, collections}, path)
}

// copyTo writes a consistent copy of the vault file to w, in one read transaction.
func (v *Vault) copyTo(w io.Writer) error {
	return v.db.View(func(tx *bolt.Tx) error {
		_, err := tx.WriteTo(w)
		return err
	})
}

// snapshots is the vault as storage/internal/snapshot uses it: collections are the
// caller's, as for Check.
type snapshots struct {
	v           *Vault
	collections []string
}

func (s snapshots) CopyTo(w io.Writer) error { return s.v.copyTo(w) }
func (s snapshots) Path() string             { return s.v.path }
func (s snapshots) CloseFile() error         { return s.v.db.Close() }

func (s snapshots) Header() []byte {
	s.v.headerMu.Lock()
	defer s.v.headerMu.Unlock()
	return s.v.header.Marshal()
}

// Open opens a snapshot file as a vault with this vault's keys. Closing it closes
// the file only: the keys are this vault's.
func (s snapshots) Open(path string, readOnly bool) (snapshot.Copy[Report], error) {
	db, st, err := openFile(path, Options{ReadOnly: readOnly})
	if err != nil {
		return nil, err
	}
	return snapshotCopy{&Vault{db: db, path: path, header: st.h, keys: s.v.keys, borrowedKeys: true, readOnly: readOnly,
		rollback: st.rollback, metaNote: st.metaNote}, s.collections}, nil
}

// snapshotCopy is a snapshot opened with the vault's keys.
type snapshotCopy struct {
	v           *Vault
	collections []string
}

func (c snapshotCopy) Check() (Report, bool, bool, error) {
	r, err := c.v.Check(c.collections)
	return r, r.OK(), r.Records == 0 && len(r.Damaged) > 0, err
}

func (c snapshotCopy) Header() []byte { return c.v.header.Marshal() }
func (c snapshotCopy) Close() error   { return c.v.db.Close() }

func (c snapshotCopy) SetHeader(raw []byte) error {
	return c.v.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(metaBucket).Put(headerKey, raw)
	})
}
