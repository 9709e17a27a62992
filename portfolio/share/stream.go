package share

import (
	"io"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// PassphraseRecipients encrypts to a passphrase, as age -p does (scrypt): the file
// opens with age -d and the passphrase, for someone who has no age key.
func PassphraseRecipients(passphrase string) (Recipients, error) {
	if passphrase == "" {
		return Recipients{}, invalid("an empty password protects nothing")
	}
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return Recipients{}, invalid("%v", err)
	}
	return Recipients{list: []age.Recipient{r}}, nil
}

// EncryptTo returns a writer that encrypts what is written to it to the recipients,
// onto w, ASCII-armoured if armored, holding a chunk at a time (Encrypt holds the
// whole). Close finishes the file; without it the file is cut short and fails to
// open.
func (r Recipients) EncryptTo(w io.Writer, armored bool) (io.WriteCloser, error) {
	if len(r.list) == 0 {
		return nil, invalid("there is no recipient to encrypt to")
	}
	if !armored {
		return age.Encrypt(w, r.list...)
	}
	aw := armor.NewWriter(w)
	ew, err := age.Encrypt(aw, r.list...)
	if err != nil {
		return nil, err
	}
	return &armoredWriter{ew, aw}, nil
}

type armoredWriter struct {
	io.WriteCloser
	armor io.WriteCloser
}

func (a *armoredWriter) Close() error {
	if err := a.WriteCloser.Close(); err != nil {
		return err
	}
	return a.armor.Close()
}
