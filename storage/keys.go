package storage

import "github.com/foliohq/folio/storage/internal/keyring"

// The header, key derivation, secret pages and HKDF are storage/internal/keyring's.

// KDFParams are the Argon2id parameters stored in the header.
type KDFParams = keyring.KDFParams

// DefaultKDF is RFC 9106's second recommended option: t=3, m=64 MiB, p=4.
var DefaultKDF = keyring.DefaultKDF

// keySize is the size of the data key and of every key derived from it.
const keySize = keyring.KeySize
