//go:build !unix

package keyring

// NewSecret is an ordinary slice here; destroy still zeroes it.
func NewSecret(n int) *Secret { return &Secret{b: make([]byte, n)} }

// Destroy overwrites the secret (and unmaps it); it is empty afterwards.
func (s *Secret) Destroy() {
	if s == nil {
		return
	}
	clear(s.b)
	s.b = nil
}
