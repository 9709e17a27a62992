package portfolio

// The vault-level work behind package snapshot: copying the vault, checking and
// rekeying a copy, putting one back, and keeping Close waiting while a copy is made.
// What to call the copies, where they go and how many are kept is package snapshot's.

import (
	"sync"

	"github.com/foliohq/folio/storage"
)

// VerifySnapshot opens a snapshot with the vault's key and authenticates every record.
func (p *Portfolio) VerifySnapshot(path string) (storage.SnapshotCheck, error) {
	return p.vault.VerifySnapshot(path, collections())
}

// RekeySnapshot makes a snapshot open with the vault's current passphrase.
func (p *Portfolio) RekeySnapshot(path string) error {
	return p.vault.RekeySnapshot(path, collections())
}

// snapshotGate lets snapshots run side by side and Close wait for them to end.
type snapshotGate struct {
	mu     sync.RWMutex
	closed bool
}

// enter admits a snapshot unless the portfolio is closing.
func (g *snapshotGate) enter() bool {
	g.mu.RLock()
	if g.closed {
		g.mu.RUnlock()
		return false
	}
	return true
}

func (g *snapshotGate) leave() { g.mu.RUnlock() }

// close waits for the snapshots in progress and admits no more.
func (g *snapshotGate) close() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
}

// SnapshotTag is derived from the vault's key, so the snapshots of two vaults of the
// same file name can be told apart.
func (p *Portfolio) SnapshotTag() string { return p.vault.SnapshotTag() }

// WriteSnapshot copies the vault, as one read transaction sees it, to a new file at
// path and verifies the copy. It fails with an error wrapping os.ErrExist if path
// exists.
func (p *Portfolio) WriteSnapshot(path string) (storage.SnapshotCheck, error) {
	return p.vault.Snapshot(path, collections())
}

// ReplaceWith replaces the vault with the snapshot at path, which then opens with
// today's passphrase. The portfolio is closed afterwards; open the vault again to
// use it.
func (p *Portfolio) ReplaceWith(path string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.vault.Restore(path, collections())
}

// HoldOpen keeps Close waiting until release is called, for work that reads the
// vault in the background; ok is false once the portfolio is closing or closed.
func (p *Portfolio) HoldOpen() (release func(), ok bool) {
	if !p.snapMu.enter() {
		return nil, false
	}
	return p.snapMu.leave, true
}
