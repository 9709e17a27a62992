package storage

import (
	"bytes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/foliohq/folio/storage/internal/keyring"
	"github.com/foliohq/folio/storage/memscan"
)

// Known-answer vectors. They pin every derivation a compatible reader has to repeat
// (docs/VAULT.md): if one changes, existing vaults stop opening, so these must only
// ever change together with keyring.FormatVersion. The expected values were computed once and
// are checked in; where a step is simple enough, the test also rebuilds it from the
// documented construction with nothing from this package.

// seq returns n bytes counting up from start.
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

func TestDefaultKDFIsRFC9106(t *testing.T) {
	// RFC 9106 section 4, second recommended option.
	if DefaultKDF != (KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 4}) {
		t.Fatalf("DefaultKDF = %+v", DefaultKDF)
	}
	if err := DefaultKDF.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestKATKeyEncryptionKey(t *testing.T) {
	for _, tc := range []struct {
		p    KDFParams
		want string
	}{
		{KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}, kekT1M64P1},
		{KDFParams{Time: 2, MemoryKiB: 256, Threads: 2}, kekT2M256P2},
	} {
		kek, err := keyring.DeriveKEK([]byte(testPass), seq(0, keyring.SaltSize), tc.p)
		if err != nil {
			t.Fatal(err)
		}
		wantHex(t, "KEK", kek, tc.want)
	}
}

// hkdfSHA256 is RFC 5869 with an empty salt for one 32-byte block, written out so the
// vector does not rest on the code it checks.
func hkdfSHA256(ikm []byte, info string) []byte {
	extract := hmac.New(sha256.New, make([]byte, sha256.Size))
	extract.Write(ikm)
	expand := hmac.New(sha256.New, extract.Sum(nil))
	expand.Write([]byte(info))
	expand.Write([]byte{1})
	return expand.Sum(nil)
}

func TestKATSubkeys(t *testing.T) {
	dataKey := seq(0, keySize)
	recKey := hkdfSHA256(dataKey, "folio v1 record sealing")
	nameKey := hkdfSHA256(dataKey, "folio v1 collection names")
	wantHex(t, "record key", recKey, katRecordKey)
	wantHex(t, "name key", nameKey, katNameKey)

	k, err := deriveKeys(dataKey)
	if err != nil {
		t.Fatal(err)
	}
	wantHex(t, "derived name key", k.nameKey, katNameKey)
	for _, tc := range []struct{ collection, want string }{
		{"entries", katBucketEntries},
		{"goals", katBucketGoals},
		{"", katBucketEmpty},
	} {
		wantHex(t, "bucket name of "+tc.collection, k.bucketName(tc.collection), tc.want)
		m := hmac.New(sha256.New, nameKey)
		m.Write([]byte(tc.collection))
		wantHex(t, "HMAC of "+tc.collection, m.Sum(nil)[:16], tc.want)
	}

	// The record AEAD is XChaCha20-Poly1305 under exactly the record key: what deriveKeys
	// seals, an AEAD built from the vector's key opens.
	aead, err := chacha20poly1305.NewX(unhex(t, katRecordKey))
	if err != nil {
		t.Fatal(err)
	}
	nonce := seq(0x40, chacha20poly1305.NonceSizeX)
	sealed := k.sealWith(nonce, []byte("x"), []byte("ad"))
	if plain, err := aead.Open(nil, nonce, sealed, []byte("ad")); err != nil || string(plain) != "x" {
		t.Errorf("record AEAD is not keyed by the record key: %q %v", plain, err)
	}
}

func TestKATSealedRecord(t *testing.T) {
	k, err := deriveKeys(seq(0, keySize))
	if err != nil {
		t.Fatal(err)
	}
	bucket := k.bucketName("entries")
	id := seq(0xa0, IDSize)
	nonce := seq(0x40, chacha20poly1305.NonceSizeX)

	// label, u16 format version, u8 length and bucket, u8 length and ID.
	ad := append([]byte("folio record\x00\x01\x10"), bucket...)
	ad = append(append(ad, IDSize), id...)
	if !bytes.Equal(recordAD(bucket, id), ad) {
		t.Errorf("record AD:\n got %x\nwant %x", recordAD(bucket, id), ad)
	}

	for _, tc := range []struct{ plain, want string }{
		{"", katSealedEmpty},
		{"A reflection on a near miss.", katSealedText},
	} {
		sealed := k.sealWithNonce(bucket, id, []byte(tc.plain), nonce)
		wantHex(t, "sealed "+tc.plain, sealed, tc.want)

		// A third-party reader: version byte, nonce, ciphertext and tag.
		want := unhex(t, tc.want)
		if want[0] != 1 || !bytes.Equal(want[1:25], nonce) {
			t.Errorf("sealed layout: %x", want[:25])
		}
		aead, _ := chacha20poly1305.NewX(unhex(t, katRecordKey))
		plain, err := aead.Open(nil, want[1:25], want[25:], ad)
		if err != nil || string(plain) != tc.plain {
			t.Errorf("independent open: %q %v", plain, err)
		}
		plain, err = k.open(bucket, id, want)
		if err != nil || string(plain) != tc.plain {
			t.Errorf("open: %q %v", plain, err)
		}
	}
}

const (
	kekT1M64P1  = "92dc5d67019623868bde079275e522f4b7e8213d3414ed85cbc2ac8a41117288"
	kekT2M256P2 = "9992982626d0fa7b38ee9ce8e7951eeb239679653fcbb197fd39264d51652da5"

	katRecordKey     = "a8865b32468e907403b7fc3444eeb1904e71c7e3683b201509d520ec68c52d5f"
	katNameKey       = "747f12f42d11d7d57990adae8955ddab6afaa81d9547cfe74e24160f242117a7"
	katBucketEntries = "594237427b87492bd824b8c21dff4508"
	katBucketGoals   = "1fee2f74b42cf55c6a41ddcaccebc57a"
	katBucketEmpty   = "80f027c56404eeb8a44a8631af932ae6"

	katSealedEmpty = "01404142434445464748494a4b4c4d4e4f505152535455565702d63e7538655553ccbde003470e51aa"
	katSealedText  = "01404142434445464748494a4b4c4d4e4f5051525354555657c664aaf52c5151c4c7d6e54d15e37cc8ad21623b41592340d70f87e577bf77fb130439a0551541f15a2d1fb4"

	katHeaderFields = "464f4c494f564c54000101000000030001000004000102030405060708090a0b0c0d0e0f404142434445464748494a4b4c4d4e4f5051525354555657808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeaf3c34dbd7a1e8fb470b289ff56d5c792a7ae731c0dc55dd7618ccf1b2ecd7f270"
	katHeaderFull   = "464f4c494f564c54000101000000010000004001000102030405060708090a0b0c0d0e0f404142434445464748494a4b4c4d4e4f50515253545556571cd75e8f35b4ee4c8d07eaeaa7d26b78e53ff93cf5c10d5ac038ef68f4f809f3cc9e6305162b95c3d18f7deb8134295d2e5d4faa940689e804d517ae1ef321e760c048bca7bb5a97ea2634783c566b96"
)

// sealWithNonce seals as keys.seal does but with a chosen nonce, for known answers.
func (k *keys) sealWithNonce(bucket, id, plain, nonce []byte) []byte {
	out := append([]byte{recordVersion}, nonce...)
	return k.sealWith(nonce, plain, recordAD(bucket, id), out...)
}

// sealWith seals plain with the record AEAD and a chosen nonce, appending to out.
func (k *keys) sealWith(nonce, plain, ad []byte, out ...byte) []byte {
	k.withAEAD(func(a cipher.AEAD) error { out = a.Seal(out, nonce, plain, ad); return nil })
	return out
}

// testNeedles returns, complemented for memscan, the keys of an open vault and the
// key-encryption key its header would derive, for the memory test to look for.
func (k *keys) testNeedles(h *keyring.Header) []memscan.Needle {
	return []memscan.Needle{
		{Name: "data key", Not: memscan.Complement(k.dataKey)},
		{Name: "record key", Not: memscan.Complement(k.recKey)},
		{Name: "name key", Not: memscan.Complement(k.nameKey)},
	}
}
