package sync

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/foliohq/folio/portfolio/sync/store"
	"github.com/foliohq/folio/portfolio/sync/wire"
)

// Health is what `folio sync status` finds in the folder and the vault beyond the
// devices' lines: what is pending either way, and what is wrong (docs/SYNC.md
// "Status"). Finding it reads and authenticates the files a sync would, and writes
// nothing.
type Health struct {
	// Unsealed counts this device's versions written since its last change set: the
	// next sync sends them.
	Unsealed int
	// Ready are other devices' change sets, complete and authentic, that the next
	// sync reads (it applies each once its vector is caught up with).
	Ready []string
	// Waiting are change sets still arriving, after a gap, or waiting for the chunk
	// files of their attachments (named after them).
	Waiting []string
	// Refused are files that a sync refuses: change sets, and key files that do not
	// parse or authenticate.
	Refused []Refusal
	// Unrecorded are this device's change sets in the folder after the last one its
	// vault recorded: a sync cut short between the file and the vault. The next sync
	// takes them as written.
	Unrecorded []string
	// Leftovers are temporary files of this device's left by a write cut short; the
	// next write of the same file replaces them, and nothing reads them.
	Leftovers []string
	// Snapshots are the snapshots in the folder, every device's.
	Snapshots []string
	// KeyFiles counts the key files in the folder.
	KeyFiles int
}

// Health looks at the folder and the vault without changing either.
func (s *Syncer) Health() (*Health, error) {
	if err := s.folder(); err != nil {
		return nil, err
	}
	st, err := s.stored()
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, ErrNotSyncing
	}
	h := &Health{}
	err = store.View(s.P, func(tx *store.Tx) error {
		vs, err := tx.OwnVersionsAfter(st.sent)
		h.Unsealed = len(vs)
		return err
	})
	if err != nil {
		return nil, err
	}
	devs, err := s.devices()
	if err != nil {
		return nil, err
	}
	rep := &Report{}
	for _, d := range devs {
		ents, err := os.ReadDir(filepath.Join(s.Folder, d.String()))
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			if n, ok := wire.ParseSnapName(e.Name()); ok {
				h.Snapshots = append(h.Snapshots, wire.SnapshotName(d, n))
			}
			if d != st.device {
				continue
			}
			if n, ok := wire.ParseSeqName(e.Name()); ok && n >= st.next {
				h.Unrecorded = append(h.Unrecorded, wire.FileName(d, n))
			}
			if strings.HasPrefix(e.Name(), ".") && strings.HasSuffix(e.Name(), ".tmp") {
				h.Leftovers = append(h.Leftovers, d.String()+"/"+e.Name())
			}
		}
		if d == st.device {
			continue
		}
		cs, err := s.pending(st, d, rep)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			h.Ready = append(h.Ready, wire.FileName(c.Device, c.Seq))
		}
	}
	h.Waiting, h.Refused = rep.Waiting, rep.Refused
	keys, refused, err := readKeys(s.Folder)
	if err != nil {
		return nil, err
	}
	h.Refused = append(h.Refused, refused...)
	for _, k := range keys {
		if err := k.Verify(s.P); err != nil {
			h.Refused = append(h.Refused, Refusal{File: k.Name(), Err: err})
		}
	}
	h.KeyFiles = len(keys)
	return h, nil
}
