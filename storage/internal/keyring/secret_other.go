//go:build !unix

package storage

// newSecret is an ordinary slice here; destroy still zeroes it.
func newSecret(n int) *secret { return &secret{b: make([]byte, n)} }

func (s *secret) destroy() {
	if s == nil {
		return
	}
	clear(s.b)
	s.b = nil
}
