package attachment

import (
	"fmt"
	"io"

	"github.com/foliohq/folio/portfolio"
)

// OpenAttachment streams the bytes of a, authenticating each chunk as it goes; a
// damaged chunk is an ErrDamaged from Read, never bytes that did not authenticate.
// Close overwrites the reader's buffer.
func OpenAttachment(p *portfolio.Portfolio, a portfolio.Attachment) (io.ReadCloser, error) {
	r, err := p.OpenFile(a.Hash())
	if err != nil {
		return nil, fmt.Errorf("attachment %s (%s): %w", a.ID, a.Name, err)
	}
	if r.Blob().Size != a.Size {
		r.Close()
		return nil, fmt.Errorf("%w: attachment %s (%s) is %d bytes, its data %d", portfolio.ErrDamaged, a.ID, a.Name, a.Size, r.Blob().Size)
	}
	return r, nil
}
