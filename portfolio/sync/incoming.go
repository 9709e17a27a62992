package sync

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/foliohq/folio/portfolio/sync/store"
	"github.com/foliohq/folio/portfolio/sync/wire"
)

// Incoming reports whether a sync would apply something here now: another device's
// next change set is whole, authentic and ready in causal order, or attachments of
// change sets applied are still to keep. When nothing is new it costs the state
// record and a listing of the folder, one file looked up per device; it writes
// nothing, and never touches git or the network. A vault that does not sync: false,
// having read the state record alone. A change set a sync would refuse is an error
// (a Refusal).
func (s *Syncer) Incoming() (bool, error) {
	st, err := s.stored()
	if err != nil || st == nil || st.folder == "" {
		return false, err
	}
	if s.Folder == "" {
		s.Folder = st.folder
	}
	if len(st.attDue) > 0 {
		return true, nil
	}
	devs, err := s.devices()
	if err != nil {
		return false, err
	}
	for _, d := range devs {
		if d == st.device {
			continue
		}
		seq := uint64(1)
		if p := st.peers[d]; p != nil {
			seq = p.applied.Seq + 1
		}
		b, err := os.ReadFile(s.path(wire.FileName(d, seq)))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return false, err
		}
		c, err := wire.Open(s.P, d, seq, b)
		if errors.Is(err, ErrIncomplete) {
			continue
		}
		for i := 0; err == nil && i < len(c.Versions); i++ {
			if verr := store.ValidateVersion(c.Versions[i]); verr != nil {
				err = fmt.Errorf("%w: %w", ErrRefused, verr)
			}
		}
		if err != nil {
			// A sync would refuse it too, and apply nothing of that device's.
			return false, Refusal{File: wire.FileName(d, seq), Err: err}
		}
		missing, err := s.missingChunks(st, c)
		if err != nil {
			return false, err
		}
		if ok, err := st.ready(c); missing == "" && ok && err == nil {
			return true, nil
		}
	}
	return false, nil
}
