package wire

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/sync/store"
)

// The key file (docs/SYNC.md "The key header"): a device's vault header, which wraps
// the portfolio's data key under the passphrase, in the device's own directory, so a
// new device can unlock the folder with the passphrase alone. A passphrase change is a
// new file, never a rewrite: devices never write the same file.
const (
	keyMagic      = "folio-kh"
	keyFormat     = 1
	keySuffix     = ".fkh"
	keyPrefixSize = len(keyMagic) + 1 + store.DeviceIDSize + 8 + 8 + 2
	// maxKeyHeader keeps the authenticated prefix within what a seal can bind (255).
	maxKeyHeader = 255 - keyPrefixSize
)

// KeyFile is one device's published key header.
type KeyFile struct {
	Device portfolio.DeviceID
	Seq    uint64
	When   time.Time // when the device published it: the newest is the passphrase
	Header []byte    // the vault header, docs/VAULT.md
	prefix []byte    // every byte before the seal: the seal's associated data
	sealed []byte
}

// Name is the key file's path inside the folder, with / as separator.
func (k *KeyFile) Name() string { return KeyFileName(k.Device, k.Seq) }

// KeyFileName is a key file's path inside the folder.
func KeyFileName(d portfolio.DeviceID, seq uint64) string {
	return d.String() + "/" + fmt.Sprintf("%0*d", seqDigits, seq) + keySuffix
}

func ParseKeyName(name string) (uint64, bool) {
	num, ok := strings.CutSuffix(name, keySuffix)
	if !ok || len(num) != seqDigits {
		return 0, false
	}
	n, err := strconv.ParseUint(num, 10, 64)
	return n, err == nil && n > 0
}

// SealKey makes a key file: the prefix in the clear, then a seal of nothing bound to
// it, so a device with the key knows the file is this portfolio's and in its place.
func SealKey(s Sealer, d portfolio.DeviceID, seq uint64, when time.Time, header []byte) ([]byte, error) {
	if len(header) > maxKeyHeader {
		return nil, fmt.Errorf("the key header is %d bytes, over %d", len(header), maxKeyHeader)
	}
	b := append([]byte(keyMagic), keyFormat)
	b = append(b, d[:]...)
	b = binary.BigEndian.AppendUint64(b, seq)
	b = binary.BigEndian.AppendUint64(b, uint64(when.UnixMicro()))
	b = binary.BigEndian.AppendUint16(b, uint16(len(header)))
	b = append(b, header...)
	sealed, err := s.SealSync(b, nil)
	if err != nil {
		return nil, err
	}
	return append(b, sealed...), nil
}

// ParseKey reads a key file found as d/seq, without the key: ErrIncomplete if it is
// cut short, ErrRefused (wrapped) if it is not a key file of that place. The header
// is only parsed; Verify checks the file with the key.
func ParseKey(d portfolio.DeviceID, seq uint64, file []byte) (*KeyFile, error) {
	if len(file) < keyPrefixSize+store.SealOverhead {
		if !bytes.HasPrefix([]byte(keyMagic), file[:min(len(file), len(keyMagic))]) {
			return nil, fmt.Errorf("%w: not a key file", ErrRefused)
		}
		return nil, ErrIncomplete
	}
	if string(file[:len(keyMagic)]) != keyMagic {
		return nil, fmt.Errorf("%w: not a key file", ErrRefused)
	}
	if f := file[len(keyMagic)]; f != keyFormat {
		return nil, fmt.Errorf("%w: key file format %d is unknown", ErrRefused, f)
	}
	k := &KeyFile{Seq: binary.BigEndian.Uint64(file[len(keyMagic)+1+store.DeviceIDSize:])}
	copy(k.Device[:], file[len(keyMagic)+1:])
	if k.Device != d || k.Seq != seq {
		return nil, fmt.Errorf("%w: it names another device or number than its place", ErrRefused)
	}
	k.When = time.UnixMicro(int64(binary.BigEndian.Uint64(file[keyPrefixSize-10:]))).UTC()
	n := int(binary.BigEndian.Uint16(file[keyPrefixSize-2:]))
	switch {
	case n > maxKeyHeader:
		return nil, fmt.Errorf("%w: its header is %d bytes long", ErrRefused, n)
	case len(file) < keyPrefixSize+n+store.SealOverhead:
		return nil, ErrIncomplete
	case len(file) > keyPrefixSize+n+store.SealOverhead:
		return nil, fmt.Errorf("%w: bytes follow its end", ErrRefused)
	}
	k.Header = bytes.Clone(file[keyPrefixSize : keyPrefixSize+n])
	if err := store.CheckKeyHeader(k.Header); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRefused, err)
	}
	k.prefix = bytes.Clone(file[:keyPrefixSize+n])
	k.sealed = bytes.Clone(file[keyPrefixSize+n:])
	return k, nil
}

// Opener opens what a vault of the portfolio sealed: a *portfolio.Portfolio, or a
// *store.Key before there is a vault.
type Opener interface {
	OpenSync(ad, sealed []byte) ([]byte, error)
}

// Verify checks that the file was sealed with the portfolio's key, as it is.
func (k *KeyFile) Verify(o Opener) error {
	plain, err := o.OpenSync(k.prefix, k.sealed)
	if err != nil || len(plain) != 0 {
		return fmt.Errorf("%w: it failed authentication (changed, or another portfolio's)", ErrRefused)
	}
	return nil
}

// Newer orders key files: the latest published, then by device and number.
func (k *KeyFile) Newer(o *KeyFile) bool {
	if !k.When.Equal(o.When) {
		return k.When.After(o.When)
	}
	if c := bytes.Compare(k.Device[:], o.Device[:]); c != 0 {
		return c > 0
	}
	return k.Seq > o.Seq
}
