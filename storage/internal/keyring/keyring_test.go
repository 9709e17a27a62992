package keyring

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/foliohq/folio/storage/internal/base"
	"golang.org/x/crypto/chacha20poly1305"
)

// katHeader is a header with every field fixed; its wrapped key is the data key
// seq(0, 32) sealed under the KEK of testPass, the salt and testKDF.
func katHeader(t testing.TB) *Header {
	t.Helper()
	h := &Header{kdf: testKDF}
	copy(h.salt[:], seq(0, SaltSize))
	copy(h.nonce[:], seq(0x40, chacha20poly1305.NonceSizeX))
	kek, err := DeriveKEK([]byte(testPass), h.salt[:], h.kdf)
	if err != nil {
		t.Fatal(err)
	}
	aead, _ := chacha20poly1305.NewX(kek)
	aead.Seal(h.wrapped[:0], h.nonce[:], seq(0, KeySize), h.wrapAD())
	return h
}

func TestKATHeader(t *testing.T) {
	h := &Header{kdf: DefaultKDF}
	copy(h.salt[:], seq(0, SaltSize))
	copy(h.nonce[:], seq(0x40, chacha20poly1305.NonceSizeX))
	copy(h.wrapped[:], seq(0x80, len(h.wrapped)))
	b := h.Marshal()
	wantHex(t, "marshalled header", b, katHeaderFields)
	if len(b) != 140 {
		t.Errorf("header is %d bytes, docs say 140", len(b))
	}
	sum := sha256.Sum256(b[:108])
	if !bytes.Equal(b[108:], sum[:]) {
		t.Error("the header checksum is not SHA-256 of the 108 bytes before it")
	}
	wantHex(t, "wrap AD", h.wrapAD(), "666f6c696f2064617461206b6579207631"+strings.Join(strings.Fields(katHeaderFields), "")[:72])

	full := katHeader(t).Marshal()
	wantHex(t, "header with wrapped key", full, katHeaderFull)
	parsed, err := ParseHeader(unhex(t, katHeaderFull))
	if err != nil {
		t.Fatal(err)
	}
	dataKey, err := parsed.Unwrap([]byte(testPass))
	if err != nil {
		t.Fatal(err)
	}
	wantHex(t, "unwrapped data key", dataKey, hex.EncodeToString(seq(0, KeySize)))
	if _, err := parsed.Unwrap([]byte("Correct horse battery staple")); !errors.Is(err, base.ErrWrongPassphrase) {
		t.Errorf("wrong passphrase: %v", err)
	}
}

// FuzzParseHeader: a header parses only if it is exactly what marshal writes for the
// parameters it names, and those are within the caps; anything else is damage or a
// newer format.
func FuzzParseHeader(f *testing.F) {
	f.Add(unhex(f, katHeaderFields))
	f.Add(unhex(f, katHeaderFull))
	f.Add(resum(append([]byte(HeaderMagic+"\x00\x02"), make([]byte, 32)...)))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := ParseHeader(b)
		if err != nil {
			if h != nil || !errors.Is(err, base.ErrDamaged) && !errors.Is(err, base.ErrUnsupportedVersion) {
				t.Fatalf("parse: %v", err)
			}
			return
		}
		if !bytes.Equal(h.Marshal(), b) {
			t.Fatalf("parsed a header that does not marshal back: %x", b)
		}
		if err := h.kdf.Validate(); err != nil {
			t.Fatalf("parsed parameters out of range: %v", err)
		}
	})
}

// TestWipeAEAD: after wipeAEAD the AEAD seals as one keyed with zeros, so its copy of
// the key is gone; if the library's layout changed so that the wipe is refused, this
// fails rather than leaving keys behind unnoticed.
func TestWipeAEAD(t *testing.T) {
	key := bytes.Repeat([]byte{0xa5}, KeySize)
	a, err := chacha20poly1305.NewX(key)
	if err != nil {
		t.Fatal(err)
	}
	zero, _ := chacha20poly1305.NewX(make([]byte, KeySize))
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	if bytes.Equal(a.Seal(nil, nonce, []byte("x"), nil), zero.Seal(nil, nonce, []byte("x"), nil)) {
		t.Fatal("the keyed AEAD seals as the zero key before the wipe")
	}
	if !WipeAEAD(a) {
		t.Fatal("wipeAEAD refused the AEAD's layout")
	}
	if !bytes.Equal(a.Seal(nil, nonce, []byte("x"), nil), zero.Seal(nil, nonce, []byte("x"), nil)) {
		t.Error("after the wipe the AEAD still seals with its key")
	}
}

func TestKDFParamsValidate(t *testing.T) {
	for _, tc := range []struct {
		p  KDFParams
		ok bool
	}{
		{KDFParams{1, 8, 1}, true},
		{KDFParams{32, 1 << 20, 64}, true},
		{KDFParams{3, 64 << 10, 4}, true},
		{KDFParams{0, 64, 1}, false},        // no passes
		{KDFParams{33, 64, 1}, false},       // too many passes
		{KDFParams{1, 7, 1}, false},         // below Argon2's 8 KiB a lane
		{KDFParams{1, 31, 4}, false},        // the floor grows with the lanes
		{KDFParams{1, 32, 4}, true},         //
		{KDFParams{1, 1<<20 + 1, 1}, false}, // above the 1 GiB cap
		{KDFParams{1, 4 << 20, 1}, false},   // 4 GiB
		{KDFParams{1, ^uint32(0), 1}, false},
		{KDFParams{1, 64, 0}, false},    // no lanes
		{KDFParams{1, 1024, 65}, false}, // too many lanes
		{KDFParams{1, 1 << 20, 255}, false},
	} {
		err := tc.p.Validate()
		if tc.ok != (err == nil) || (err != nil && !errors.Is(err, base.ErrBadParams)) {
			t.Errorf("%+v: %v", tc.p, err)
		}
		// Only refusals are derived: the accepted extremes would take a minute.
		if !tc.ok {
			if _, err := DeriveKEK([]byte("p"), seq(0, SaltSize), tc.p); !errors.Is(err, base.ErrBadParams) {
				t.Errorf("DeriveKEK%+v ran: %v", tc.p, err)
			}
		}
	}
}

// The parameters and passphrase of the vectors (docs/VAULT.md).
var testKDF = KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}

const testPass = "correct horse battery staple"

// The header vectors, as storage/testdata/vectors.txt lists them (storage's
// TestVectorsFile checks that file against its own copy).
const (
	katHeaderFields = "464f4c494f564c54000101000000030001000004000102030405060708090a0b0c0d0e0f404142434445464748494a4b4c4d4e4f5051525354555657808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeaf3c34dbd7a1e8fb470b289ff56d5c792a7ae731c0dc55dd7618ccf1b2ecd7f270"
	katHeaderFull   = "464f4c494f564c54000101000000010000004001000102030405060708090a0b0c0d0e0f404142434445464748494a4b4c4d4e4f50515253545556571cd75e8f35b4ee4c8d07eaeaa7d26b78e53ff93cf5c10d5ac038ef68f4f809f3cc9e6305162b95c3d18f7deb8134295d2e5d4faa940689e804d517ae1ef321e760c048bca7bb5a97ea2634783c566b96"
)

func seq(start byte, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = start + byte(i)
	}
	return b
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func wantHex(t testing.TB, what string, got []byte, want string) {
	t.Helper()
	want = strings.Join(strings.Fields(want), "")
	if hex.EncodeToString(got) != want {
		t.Errorf("%s:\n got %x\nwant %s", what, got, want)
	}
}

// resum recomputes a header's checksum after an edit.
func resum(b []byte) []byte {
	sum := sha256.Sum256(b[:len(b)-sha256.Size])
	copy(b[len(b)-sha256.Size:], sum[:])
	return b
}
