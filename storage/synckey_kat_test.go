package storage

import (
	"testing"

	"golang.org/x/crypto/chacha20poly1305"
)

// The seal of docs/SYNC.md's key-file vector: nothing, sealed with the data key
// 000102...1f and the nonce 404142...57 as a change set's body is, with the key file's
// prefix (portfolio/sync/wire/keykat_test.go) as the associated data.
const (
	katKeyFilePrefix = "666f6c696f2d6b6801101112131415161718191a1b1c1d1e1f00000000000000010006474846204000008c" + katHeaderFull
	katKeyFileSeal   = "01404142434445464748494a4b4c4d4e4f5051525354555657a97965ed39a071bd556aa4485d584b94"
)

func TestKATKeyFileSeal(t *testing.T) {
	k, err := deriveKeys(seq(0, keySize))
	if err != nil {
		t.Fatal(err)
	}
	prefix := unhex(t, katKeyFilePrefix)
	sealed := k.sealWithNonce(k.bucketName(syncBlobLabel), prefix, nil, seq(0x40, chacha20poly1305.NonceSizeX))
	wantHex(t, "sealed key file", sealed, katKeyFileSeal)
	h, err := UnlockHeader(unhex(t, katHeaderFull), []byte("correct horse battery staple"))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Destroy()
	if got, err := h.OpenChangeSet(prefix, sealed); err != nil || len(got) != 0 {
		t.Fatalf("the header's key does not open the seal: %v %x", err, got)
	}
}
