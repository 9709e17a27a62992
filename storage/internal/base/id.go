package base

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strings"
)

// IDSize is the length of a record ID in bytes: 80 random bits, so collisions are out
// of reach for a lifetime of entries while the text form stays short to type.
const IDSize = 10

// ID is a random record ID; its text form is 16 lower-case base32 characters.
type ID [IDSize]byte

// idEncoding avoids letters easily misread (Crockford's alphabet, lower case).
var idEncoding = base32.NewEncoding(idAlphabet).WithPadding(base32.NoPadding)

const idAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// NewID returns a fresh random ID.
func NewID() ID {
	var id ID
	if _, err := rand.Read(id[:]); err != nil {
		panic("storage: the system random source failed: " + err.Error())
	}
	return id
}

func (id ID) String() string { return idEncoding.EncodeToString(id[:]) }

// idTextSize is the length of an ID's text form: 80 bits in 5-bit characters.
const idTextSize = 16

// ParseID reads the text form of an ID, in either case.
func ParseID(s string) (ID, error) {
	var id ID
	// The decoder alone would also take a longer string (dropping the extra bits) or
	// one with line breaks in it.
	if len(s) != idTextSize {
		return id, fmt.Errorf("%q is not a record ID", s)
	}
	b, err := idEncoding.DecodeString(strings.ToLower(s))
	if err != nil || len(b) != IDSize {
		return id, fmt.Errorf("%q is not a record ID", s)
	}
	copy(id[:], b)
	return id, nil
}

// PrefixRange is the least and the greatest ID whose text form starts with
// prefix (in either case); ok is false if no ID's does: prefix is longer than an
// ID's text or holds a character that is not in its alphabet. The alphabet is in
// the order of the values it stands for, so the IDs between the two, bytewise as
// the vault orders its keys, are exactly those that start with prefix.
func PrefixRange(prefix string) (lo, hi ID, ok bool) {
	if len(prefix) > idTextSize {
		return lo, hi, false
	}
	for i := range hi {
		hi[i] = 0xff
	}
	for i := range len(prefix) {
		v := strings.IndexByte(idAlphabet, lower(prefix[i]))
		if v < 0 {
			return lo, hi, false
		}
		for b := range 5 {
			pos := 5*i + b
			mask := byte(0x80) >> (pos % 8)
			if v&(0x10>>b) != 0 {
				lo[pos/8] |= mask
			} else {
				hi[pos/8] &^= mask
			}
		}
	}
	return lo, hi, true
}

// lower is c in lower case, if it is an ASCII letter.
func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
