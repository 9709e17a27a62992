package sync

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/portfolio/attachment/manifest"
	"github.com/foliohq/folio/portfolio/sync/store"
	"github.com/foliohq/folio/portfolio/sync/wire"
)

// newRef is an attachment to send, with its size for its chunks.
type newRef struct {
	wire.AttachRef
	size int64
}

// attachmentNews finds what this device has to send of attachments: those added
// here (or kept from nowhere: a vault copied by hand) that it has not sent, its own
// removals and restores since the last it sealed, and the erasure of those it had
// sent or kept that are gone. With a damaged manifest, nothing counts as erased.
func (s *Syncer) attachmentNews(st *state) ([]newRef, []manifest.SyncMark, error) {
	all, damaged, err := attachment.SyncManifests(s.P)
	if err != nil {
		return nil, nil, err
	}
	var refs []newRef
	var marks []manifest.SyncMark
	present := map[store.RecordID]bool{}
	for _, m := range all {
		present[m.ID] = true
		if !st.attKnown[m.ID] {
			// Its manifest carries its mark, if any.
			refs = append(refs, newRef{AttachRef: wire.AttachRef{ID: m.ID, Manifest: m.Manifest}, size: m.Size})
			continue
		}
		if m.Mark.Device == st.device && m.Mark.Clock.Compare(st.markSent) > 0 {
			marks = append(marks, m.Mark)
		}
	}
	if !damaged {
		for _, id := range sortedIDs(st.attKnown) {
			if !present[id] {
				marks = append(marks, manifest.SyncMark{ID: id, State: manifest.MarkErased, Device: st.device})
			}
		}
	}
	return refs, marks, nil
}

// sentMark records one of this device's marks as sealed.
func (s *state) sentMark(m manifest.SyncMark) {
	if m.State == manifest.MarkErased {
		delete(s.attKnown, m.ID)
		return
	}
	if m.Clock.Compare(s.markSent) > 0 {
		s.markSent = m.Clock
	}
}

// sealAttachment writes the chunk files of the attachment id, streaming its bytes
// out of the vault.
func (s *Syncer) sealAttachment(d portfolio.DeviceID, id store.RecordID, size int64) (uint32, error) {
	r, err := attachment.OpenSyncAttachment(s.P, id)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	return s.writeChunks(d, id, size, r)
}

// keepAttachments finishes, in the order they were applied, the change sets whose
// attachments are still to keep: each attachment not kept yet is stored from its
// chunk files, and each mark applied. It stops at the first attachment whose chunks
// have not all arrived (listed as waiting), so a mark never comes before its
// attachment; the next sync goes on from there.
func (s *Syncer) keepAttachments(st *state, rep *Report) error {
	for len(st.attDue) > 0 {
		d := st.attDue[0]
		name := wire.FileName(d.Device, d.Seq)
		b, err := os.ReadFile(s.path(name))
		if err != nil {
			return fmt.Errorf("%s, applied, is gone before its attachments were kept: %w", name, err)
		}
		c, err := wire.Open(s.P, d.Device, d.Seq, b)
		if err != nil {
			return fmt.Errorf("%s, applied, no longer opens: %w", name, err)
		}
		for _, a := range c.Attachments {
			if st.attKnown[a.ID] {
				continue
			}
			if err := attachment.ApplySyncAttachment(s.P, a); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			st.know(a.ID)
			rep.Attached++
		}
		for _, a := range c.Refs {
			if st.attKnown[a.ID] {
				continue
			}
			missing, err := s.chunksComplete(d.Device, a)
			if err != nil {
				return err
			}
			if missing != "" {
				rep.Waiting = append(rep.Waiting, missing)
				return s.save(st)
			}
			cr := &chunkReader{s: s, d: d.Device, ref: a}
			err = attachment.KeepSyncAttachment(s.P, a.ID, a.Manifest, cr)
			cr.close()
			var ce *chunkError
			if errors.As(err, &ce) && errors.Is(err, ErrIncomplete) {
				rep.Waiting = append(rep.Waiting, ce.name)
				return s.save(st)
			}
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			st.know(a.ID)
			rep.Attached++
			if err := s.save(st); err != nil {
				return err
			}
		}
		for _, m := range c.Marks {
			changed, err := attachment.ApplySyncMark(s.P, m)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if changed {
				rep.Marked++
			}
			if m.State == manifest.MarkErased {
				delete(st.attKnown, m.ID)
			}
		}
		st.attDue = st.attDue[1:]
		if err := s.save(st); err != nil {
			return err
		}
	}
	return nil
}

func sortedIDs(m map[store.RecordID]bool) []store.RecordID {
	ids := make([]store.RecordID, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b store.RecordID) int { return bytes.Compare(a[:], b[:]) })
	return ids
}
