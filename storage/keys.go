package storage

import (
	"reflect"

	"github.com/foliohq/folio/storage/internal/keyring"
)

// The header, key derivation, secret pages and HKDF are storage/internal/keyring's.

// KDFParams are the Argon2id parameters stored in the header.
type KDFParams = keyring.KDFParams

// DefaultKDF is RFC 9106's second recommended option: t=3, m=64 MiB, p=4.
var DefaultKDF = keyring.DefaultKDF

// keySize is the size of the data key and of every key derived from it.
const keySize = keyring.KeySize

// The names below are the ones the attachment files (blob*.go) use, kept while those
// files stay as they are; they go when the attachments move to a package of their own.

// secret is a keyring.Secret.
type secret struct{ *keyring.Secret }

func newSecret(n int) *secret { return &secret{keyring.NewSecret(n)} }

func (s *secret) slot(i, n int) []byte { return s.Slot(i, n) }

func (s *secret) destroy() { s.Destroy() }

type hkdfOut struct {
	to   []byte
	info string
}

func hkdfInto(secret []byte, outs []hkdfOut) error {
	ko := make([]keyring.HKDFOut, len(outs))
	for i, o := range outs {
		ko[i] = keyring.HKDFOut{To: o.to, Info: o.info}
	}
	return keyring.HKDFInto(secret, ko)
}

func pointerFree(t reflect.Type) bool { return keyring.PointerFree(t) }
