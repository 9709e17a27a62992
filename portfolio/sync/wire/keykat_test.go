package wire

import (
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/sync/store"
)

// The key-file vector of docs/SYNC.md "The key header": device 101112...1f publishes,
// as its key file 1 at 2026-01-01T00:00:00Z, the vault header of docs/VAULT.md's
// vector (passphrase `correct horse battery staple`, data key 000102...1f). The seal
// is storage's (storage/synckey_kat_test.go pins it with the nonce 404142...57); this
// test pins the bytes around it, and opens the documented file with the passphrase
// alone, as a joining device does.
const (
	katKeyName   = "101112131415161718191a1b1c1d1e1f/0000000000000001.fkh"
	katKeyHeader = "464f4c494f564c54000101000000010000004001000102030405060708090a0b0c0d0e0f" +
		"404142434445464748494a4b4c4d4e4f50515253545556571cd75e8f35b4ee4c8d07eaeaa7d26b78" +
		"e53ff93cf5c10d5ac038ef68f4f809f3cc9e6305162b95c3d18f7deb8134295d2e5d4faa940689e8" +
		"04d517ae1ef321e760c048bca7bb5a97ea2634783c566b96"
	katKeyPrefix = "666f6c696f2d6b6801101112131415161718191a1b1c1d1e1f000000000000000100064748462040" +
		"00008c" + katKeyHeader
	katKeySeal = "01404142434445464748494a4b4c4d4e4f5051525354555657a97965ed39a071bd556aa4485d584b94"
)

func unhexT(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestKATKeyFile(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var dev portfolio.DeviceID
	copy(dev[:], counting(0x10, 16))
	if got := KeyFileName(dev, 1); got != katKeyName {
		t.Errorf("file name %s, want %s", got, katKeyName)
	}
	header, prefix, seal := unhexT(t, katKeyHeader), unhexT(t, katKeyPrefix), unhexT(t, katKeySeal)
	file, err := SealKey(fixed{ad: prefix, sealed: seal}, dev, 1, at, header)
	if err != nil {
		t.Fatal(err)
	}
	want := katKeyPrefix + katKeySeal
	if got := hex.EncodeToString(file); got != want {
		t.Fatalf("key file\n got %s\nwant %s", got, want)
	}
	if len(file) != 43+140+41 {
		t.Errorf("the key file is %d bytes, not 224", len(file))
	}
	k, err := ParseKey(dev, 1, file)
	if err != nil {
		t.Fatal(err)
	}
	if k.Device != dev || k.Seq != 1 || !k.When.Equal(at) || hex.EncodeToString(k.Header) != katKeyHeader {
		t.Errorf("parsed %s %d %v %x", k.Device, k.Seq, k.When, k.Header)
	}

	// A joining device: the passphrase unwraps the header, and the seal then checks.
	key, err := store.UnlockKey(k.Header, []byte("correct horse battery staple"))
	if err != nil {
		t.Fatalf("the vector's header does not unlock: %v", err)
	}
	defer key.Close()
	if err := k.Verify(key); err != nil {
		t.Fatalf("the vector's seal does not authenticate: %v", err)
	}
	if _, err := store.UnlockKey(k.Header, []byte("correct horse battery")); !errors.Is(err, portfolio.ErrWrongPassphrase) {
		t.Errorf("another passphrase: %v", err)
	}
	// Every byte of the prefix is bound: a later time (to make it the newest) fails
	// the seal, as does the file read from another number.
	changed := append([]byte(nil), file...)
	changed[40] ^= 1
	if k2, err := ParseKey(dev, 1, changed); err != nil || !errors.Is(k2.Verify(key), ErrRefused) {
		t.Errorf("a key file with its time changed: parse %v, verify passes", err)
	}
	if _, err := ParseKey(dev, 2, file); !errors.Is(err, ErrRefused) {
		t.Errorf("the key file found as number 2: %v", err)
	}
	if _, err := ParseKey(dev, 1, file[:len(file)-1]); !errors.Is(err, ErrIncomplete) {
		t.Errorf("the key file cut short by a byte: %v", err)
	}
	doc, err := os.ReadFile("../../../docs/SYNC.md")
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(doc)), "")
	flat = strings.ReplaceAll(flat, "``", "")
	for _, v := range []string{katKeyName, katKeyPrefix, katKeySeal} {
		if !strings.Contains(flat, v) {
			t.Errorf("docs/SYNC.md does not give the vector %s", v)
		}
	}
}
