// Package share encrypts what leaves the vault to other people's age recipients
// (age-encryption.org), so a mentor can read it with the standard age tool or with
// folio. It also holds the vault's own age identity (key.go: PublicKey, and
// decrypting what was encrypted to it), whose text the core keeps sealed in the
// vault (Portfolio.SharingKey), and receives documents and contacts.
package share

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"
	"filippo.io/age/armor"

	"github.com/foliohq/folio/portfolio"
)

// invalid is a bad-input error, as the domain's own are.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", portfolio.ErrInvalid, fmt.Sprintf(format, args...))
}

// Recipients are parsed age recipients to encrypt an export to.
type Recipients struct{ list []age.Recipient }

// ParseRecipients reads recipients given on the command line (age1...) and the
// contents of recipients files (one per line, # comments allowed).
func ParseRecipients(args []string, files [][]byte) (Recipients, error) {
	var out Recipients
	for _, a := range args {
		rs, err := age.ParseRecipients(strings.NewReader(a))
		if err != nil || len(rs) != 1 {
			return out, invalid("%q is not an age recipient (it should start age1)", a)
		}
		out.list = append(out.list, rs...)
	}
	for i, f := range files {
		rs, err := age.ParseRecipients(bytes.NewReader(f))
		if err != nil {
			return out, invalid("recipients file %d: %v", i+1, err)
		}
		out.list = append(out.list, rs...)
	}
	return out, nil
}

// Encrypt encrypts data to the recipients, ASCII-armoured if armored.
func (r Recipients) Encrypt(data []byte, armored bool) ([]byte, error) {
	if len(r.list) == 0 {
		return nil, invalid("there is no recipient to encrypt to")
	}
	var buf bytes.Buffer
	var dst io.Writer = &buf
	var aw io.WriteCloser
	if armored {
		aw = armor.NewWriter(&buf)
		dst = aw
	}
	w, err := age.Encrypt(dst, r.list...)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	if aw != nil {
		if err := aw.Close(); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}
