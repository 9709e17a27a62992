package storage

import (
	"errors"
	"testing"

	"golang.org/x/crypto/chacha20poly1305"
)

// The sealed body of docs/SYNC.md's change-set vector (portfolio/sync/wire/kat_test.go
// pins the file around it).
const (
	katSyncAD     = "666f6c696f2d637301101112131415161718191a1b1c1d1e1f0000000000000001"
	katSyncBody   = "01000647484620400001202122232425262728292a2b2c2d2e2f00000000000000030006474846204000000000000207656e7472696573a0a1a2a3a4a5a6a7a8a90000064748462040000000000300064748462040001c41207265666c656374696f6e206f6e2061206e656172206d6973732e05676f616c73b0b1b2b3b4b5b6b7b8b901000647484620400000000004000647484620400000"
	katSyncBucket = "409416cf5a912d0656d383abe3b6cc71"
	katSyncSealed = "01404142434445464748494a4b4c4d4e4f50515253545556578644ded7027b14e7b3beaa0217af36cdea2624770a002f009053f4cbd68a903a5176bcfa10f10ee2ba6ce2e989123be27acfe00f4622187aa3f2397a17751b15711e5f3619f876c216a62c5a9292a0c9447a726993f10ff2484f3dc7c018339bcedaf50f243892caab3509de719764fdd7fc147603453432af1497d92e84994e710815e5907c04b554f6679dd650dbc787cf2b708b2ff55b296c03940d1ba0653e1565ea11757d3fa1"
)

func TestKATSyncBlob(t *testing.T) {
	k, err := deriveKeys(seq(0, keySize))
	if err != nil {
		t.Fatal(err)
	}
	name := k.bucketName(syncBlobLabel)
	wantHex(t, "sync file bucket name", name, katSyncBucket)
	ad, body := unhex(t, katSyncAD), unhex(t, katSyncBody)
	sealed := k.sealWithNonce(name, ad, body, seq(0x40, chacha20poly1305.NonceSizeX))
	wantHex(t, "sealed change set", sealed, katSyncSealed)
	v := &Vault{keys: k}
	got, err := v.OpenChangeSet(ad, unhex(t, katSyncSealed))
	if err != nil || string(got) != string(body) {
		t.Fatalf("OpenBlob: %v", err)
	}
	ad[len(ad)-1] = 2 // the same body found as change set 2
	if _, err := v.OpenChangeSet(ad, unhex(t, katSyncSealed)); !errors.Is(err, ErrDamaged) {
		t.Fatalf("a change set opened under another number: %v", err)
	}
	if _, err := v.SealChangeSet(make([]byte, 256), nil); !errors.Is(err, ErrBlobAD) {
		t.Fatalf("SealChangeSet with 256 bytes of associated data: %v", err)
	}
}

// The sync state is a record folio wrote: a vault that syncs passes check.
func TestSyncStatePassesCheck(t *testing.T) {
	v, _ := newTestVault(t)
	v.KeepHistory(nil, "entries")
	if err := v.Put("entries", NewID(), []byte("a record")); err != nil {
		t.Fatal(err)
	}
	for _, state := range []string{"first", "second"} {
		if err := v.Update(func(tx *Tx) error { return tx.SetSyncState([]byte(state)) }); err != nil {
			t.Fatal(err)
		}
		if rep, err := v.Check([]string{"entries"}); err != nil || !rep.OK() {
			t.Fatalf("check after setting the sync state: %+v %v", rep, err)
		}
	}
}

// An attachment chunk of docs/SYNC.md ("Attachment chunks") is sealed as a change
// set is, under its own associated data: device 1011...1f, attachment c0c1...c9,
// chunk 0 of 2.
func TestKATSyncChunk(t *testing.T) {
	k, err := deriveKeys(seq(0, keySize))
	if err != nil {
		t.Fatal(err)
	}
	name := k.bucketName(syncBlobLabel)
	ad, body := unhex(t, katChunkAD), []byte(katChunkPlain)
	sealed := k.sealWithNonce(name, ad, body, seq(0x40, chacha20poly1305.NonceSizeX))
	wantHex(t, "sealed chunk", sealed, katChunkSealed)
	v := &Vault{keys: k}
	if got, err := v.OpenChangeSet(ad, sealed); err != nil || string(got) != katChunkPlain {
		t.Fatalf("OpenChangeSet: %q %v", got, err)
	}
	ad[len(ad)-5] = 1 // the same bytes found as chunk 1
	if _, err := v.OpenChangeSet(ad, sealed); !errors.Is(err, ErrDamaged) {
		t.Fatalf("a chunk opened as another: %v", err)
	}
}

const (
	katChunkAD     = "666f6c696f2d616301101112131415161718191a1b1c1d1e1fc0c1c2c3c4c5c6c7c8c90000000000000002"
	katChunkPlain  = "Certificate of completion, "
	katChunkSealed = "01404142434445464748494a4b4c4d4e4f5051525354555657c421aae4235b5dc4d2cbef035aea328ba36c7c32455f6a42d050d4d81deb7876f4291e7581f4a1ff3494d7"
)
