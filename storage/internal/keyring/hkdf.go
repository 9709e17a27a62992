package keyring

import (
	"crypto/hkdf"
	"crypto/sha256"
	"hash"
)

// HKDFOut is one key HKDFInto derives: To is filled, Info is HKDF's info.
type HKDFOut struct {
	To   []byte
	Info string
}

// HKDFInto runs HKDF-SHA256 (crypto/hkdf, unchanged) from secret into each out.To.
// Its digests and outputs are ours (see scrubbing), so it leaves no copy of the
// secret or the keys behind on the Go heap: the outputs land in a secret page, and
// the digests' buffers are overwritten afterwards.
func HKDFInto(secret []byte, outs []HKDFOut) error {
	s := &scrubbing{page: NewSecret(scratchSize)}
	defer s.done()
	prk, err := hkdf.Extract(s.newHash, secret, nil)
	if err != nil {
		return err
	}
	for _, o := range outs {
		out, err := hkdf.Expand(s.newHash, prk, o.Info, len(o.To))
		if err != nil {
			return err
		}
		copy(o.To, out)
		clear(out)
	}
	return nil
}

// scratchSize holds every Sum of one derivation: the PRK and, per output key, the
// inner and outer HMAC sums.
const scratchSize = 1024

// scrubbing hands HKDF SHA-256 digests whose sums are written into a secret scratch
// page rather than fresh heap slices, and remembers them so done can overwrite what
// they buffer: the data key is shorter than a block, so it waits in a digest's buffer
// and would stay there after the digest became garbage.
type scrubbing struct {
	page *Secret
	used int
	made []hash.Hash
}

func (s *scrubbing) newHash() hash.Hash {
	h := &scrubHash{Hash: sha256.New(), s: s}
	s.made = append(s.made, h.Hash)
	return h
}

// room returns a slice of the scratch page holding in with space for n more bytes,
// or nil if the page is full (then the sum goes to the heap, as it would anyway).
func (s *scrubbing) room(in []byte, n int) []byte {
	need := len(in) + n
	if s.used+need > len(s.page.b) {
		return nil
	}
	b := s.page.b[s.used : s.used+len(in) : s.used+need]
	s.used += need
	copy(b, in)
	return b
}

func (s *scrubbing) done() {
	var zero [sha256.BlockSize - 1]byte
	for _, h := range s.made {
		h.Reset()
		h.Write(zero[:])
		h.Reset()
	}
	s.page.Destroy()
}

type scrubHash struct {
	hash.Hash
	s *scrubbing
}

func (h *scrubHash) Sum(in []byte) []byte {
	if cap(in)-len(in) < h.Size() {
		if b := h.s.room(in, h.Size()); b != nil {
			in = b
		}
	}
	return h.Hash.Sum(in)
}
