package share

import (
	"bytes"
	"errors"
	"io"

	"filippo.io/age"
	"filippo.io/age/armor"
	"github.com/foliohq/folio/portfolio"
)

const (
	ageHeader   = "age-encryption.org/v1\n"
	armorHeader = "-----BEGIN AGE ENCRYPTED FILE-----"
)

// IsAgeFile reports whether data is an age file, binary or armoured.
func IsAgeFile(data []byte) bool {
	return bytes.HasPrefix(data, []byte(ageHeader)) || bytes.HasPrefix(bytes.TrimSpace(data), []byte(armorHeader))
}

// passphraseEncrypted reports whether an age file's header holds a passphrase
// (scrypt) stanza: age -p wrote it, and no key can open it.
func passphraseEncrypted(data []byte) bool {
	if t := bytes.TrimSpace(data); bytes.HasPrefix(t, []byte(armorHeader)) {
		// The header is at the start of the payload; a few KiB hold it.
		head, _ := io.ReadAll(io.LimitReader(armor.NewReader(bytes.NewReader(t)), 4<<10))
		data = head
	}
	end := bytes.Index(data, []byte("\n---"))
	if end < 0 {
		end = min(len(data), 4<<10)
	}
	return bytes.HasPrefix(data, []byte(ageHeader)) && bytes.Contains(data[:end], []byte("\n-> scrypt "))
}

// errPassphraseFile is the error for a file encrypted with a passphrase.
func errPassphraseFile(name string) error {
	return invalid("%s is encrypted with a passphrase, and folio receives only files encrypted to its key; ask the sender to encrypt it to the key 'folio key' prints", name)
}

// DecryptForVault decrypts an age file (binary or armoured) encrypted to this vault's
// key, such as an archive exported with --to this vault's public key. name is the file,
// for errors. Like Receive, it refuses a file not encrypted to this vault.
func DecryptForVault(p *portfolio.Portfolio, data []byte, name string) ([]byte, error) {
	var src io.Reader = bytes.NewReader(data)
	if t := bytes.TrimSpace(data); bytes.HasPrefix(t, []byte(armorHeader)) {
		src = armor.NewReader(bytes.NewReader(t))
	}
	r, hasKey, err := decrypt(p, src)
	switch {
	case err == nil && !hasKey:
		return nil, invalid("%s is encrypted, and this vault has no sharing key, so it cannot have been encrypted to it; decrypt it with the key it was encrypted to", name)
	case err != nil && !hasKey:
		return nil, err
	case err != nil:
		var noMatch *age.NoIdentityMatchError
		if passphraseEncrypted(data) {
			return nil, errPassphraseFile(name)
		}
		if errors.As(err, &noMatch) {
			return nil, invalid("%s was %v; decrypt it with the key it was encrypted to", name, ErrNotForThisVault)
		}
		return nil, invalid("%s is not a readable age file: %v", name, err)
	}
	plain, err := io.ReadAll(io.LimitReader(r, portfolio.MaxImportBytes+1))
	if err != nil {
		return nil, invalid("%s failed to decrypt: %v", name, err)
	}
	if len(plain) > portfolio.MaxImportBytes {
		return nil, invalid("%s holds more than %d MiB", name, portfolio.MaxImportBytes>>20)
	}
	return plain, nil
}
