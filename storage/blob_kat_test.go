package storage

import (
	"bytes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/storage/internal/blob"
	"github.com/zeebo/blake3"
	"golang.org/x/crypto/blake2b"
	"golang.org/x/crypto/chacha20poly1305"
)

// The attachment vectors are a file of their own beside vectors.txt, quoted in
// docs/VAULT.md ("Attachments"); -update-attachments rewrites the file.
const attachmentVectorsFile = "testdata/attachment-vectors.txt"

var updateAttachmentVectors = flag.Bool("update-attachments", false, "rewrite "+attachmentVectorsFile)

// katTwoChunks is the two-chunk vector's plaintext: byte i is i mod 251, 65537 bytes.
func katTwoChunks() []byte {
	b := make([]byte, ChunkSize+1)
	for i := range b {
		b[i] = byte(i % 251)
	}
	return b
}

// attachmentVectors computes every attachment vector, in the order of the file.
func attachmentVectors(t *testing.T) [][2]string {
	k, err := deriveKeys(seq(0, keySize))
	if err != nil {
		t.Fatal(err)
	}
	dataKey := seq(0, keySize)
	contentKey := hkdfSHA256(dataKey, contentKeyInfo)
	nonce := seq(0x40, chacha20poly1305.NonceSizeX)
	stream := ID(seq(0xa0, IDSize))
	text := []byte("A certificate.")
	keyed := func(p []byte) Hash {
		h, _ := blake2b.New256(contentKey)
		h.Write(p)
		var out Hash
		h.Sum(out[:0])
		return out
	}
	contentKey3 := hkdfSHA256(dataKey, contentKeyInfoBLAKE3)
	keyed3 := func(p []byte) Hash {
		h, _ := blake3.NewKeyed(contentKey3)
		h.Write(p)
		var out Hash
		h.Sum(out[:0])
		return out
	}
	// The hashes the vault computes are the same keyed BLAKE2b and BLAKE3.
	for _, c := range []struct {
		format byte
		want   Hash
		name   string
	}{{blobFormatBLAKE2b, keyed(text), "BLAKE2b-256"}, {blobFormatBLAKE3, keyed3(text), "BLAKE3"}} {
		h, wipe, err := k.contentHash(c.format)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(text)
		if got := h.Sum(nil); !bytes.Equal(got, c.want[:]) {
			t.Errorf("the vault's content hash of format %d, %x, is not keyed %s under its content key", c.format, got, c.name)
		}
		wipe()
	}
	var chunk, empty, two0, two1 []byte
	k.withAEAD(func(a cipher.AEAD) error {
		chunk = sealChunkNonce(a, nil, nonce, stream, 0, true, text)
		empty = sealChunkNonce(a, nil, nonce, stream, 0, true, nil)
		two := katTwoChunks()
		two0 = sealChunkNonce(a, nil, nonce, stream, 0, false, two[:ChunkSize])
		two1 = sealChunkNonce(a, nil, nonce, stream, 1, true, two[ChunkSize:])
		return nil
	})
	legacy := Blob{Hash: keyed(text), Size: int64(len(text)), Chunks: 1, Stream: stream, Format: blobFormatBLAKE2b}
	blobID := legacy.Hash.ID()
	blob3 := Blob{Hash: keyed3(text), Size: int64(len(text)), Chunks: 1, Stream: stream, Format: blobFormatBLAKE3}
	blob3ID := blob3.Hash.ID()
	k0, k1 := k.chunkKey(stream, 0), k.chunkKey(stream, 1)
	s0, s1 := sha256.Sum256(two0), sha256.Sum256(two1)
	two := keyed(katTwoChunks())
	two3 := keyed3(katTwoChunks())
	started := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return [][2]string{
		{"attachment-content-key", hex.EncodeToString(contentKey)},
		{"bucket-attachment-chunks", hex.EncodeToString(k.bucketName(chunksCollection))},
		{"bucket-attachment-blobs", hex.EncodeToString(k.bucketName(blobsCollection))},
		{"bucket-attachment-pending", hex.EncodeToString(k.bucketName(pendingCollection))},
		{"attachment-text", hex.EncodeToString(text)},
		{"attachment-hash", hex.EncodeToString(legacy.Hash[:])},
		{"attachment-blob-id", blobID.String()},
		{"chunk-key-0", hex.EncodeToString(k0[:])},
		{"chunk-key-1", hex.EncodeToString(k1[:])},
		{"chunk-ad-0-last", hex.EncodeToString(chunkAD(stream, 0, true))},
		{"chunk-sealed", hex.EncodeToString(chunk)},
		{"chunk-empty-sealed", hex.EncodeToString(empty)},
		{"blob-record-plain", hex.EncodeToString(legacy.Marshal())},
		{"blob-record-sealed", hex.EncodeToString(k.sealWithNonce(k.bucketName(blobsCollection), blobID[:], legacy.Marshal(), nonce))},
		{"pending-plain", hex.EncodeToString(blob.Pending{Written: 2, Started: started}.Marshal())},
		{"two-chunk-hash", hex.EncodeToString(two[:])},
		{"two-chunk-0-sealed-sha256", hex.EncodeToString(s0[:])},
		{"two-chunk-1-sealed-sha256", hex.EncodeToString(s1[:])},
		// Blobs written since: the hash is keyed BLAKE3, the blob format 2.
		{"attachment-content-key-blake3", hex.EncodeToString(contentKey3)},
		{"attachment-hash-blake3", hex.EncodeToString(blob3.Hash[:])},
		{"attachment-blob-id-blake3", blob3ID.String()},
		{"blob-record-blake3-plain", hex.EncodeToString(blob3.Marshal())},
		{"blob-record-blake3-sealed", hex.EncodeToString(k.sealWithNonce(k.bucketName(blobsCollection), blob3ID[:], blob3.Marshal(), nonce))},
		{"two-chunk-hash-blake3", hex.EncodeToString(two3[:])},
	}
}

func TestKATAttachments(t *testing.T) {
	want := attachmentVectors(t)
	var file strings.Builder
	file.WriteString(`# Known-answer vectors for attachments; docs/VAULT.md ("Attachments") explains each.
# Data key 000102...1f, every nonce 404142...57, stream ID a0a1...a9; the text is
# "A certificate."; the two-chunk plaintext is 65537 bytes, byte i being i mod 251.
`)
	for _, kv := range want {
		fmt.Fprintf(&file, "%s %s\n", kv[0], kv[1])
	}
	if *updateAttachmentVectors {
		if err := os.WriteFile(attachmentVectorsFile, []byte(file.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got := string(readFile(t, attachmentVectorsFile)); got != file.String() {
		t.Errorf("%s differs from what the code computes (go test ./storage -run KATAttachments -update-attachments)", attachmentVectorsFile)
	}
	doc := strings.Join(strings.Fields(string(readFile(t, vaultDoc))), "")
	for _, kv := range want {
		if !strings.Contains(doc, kv[1]) {
			t.Errorf("docs/VAULT.md does not quote %s (%s)", kv[0], kv[1])
		}
	}

	// The chunk opens as documented, from the record key and an associated data
	// built from the page's description, with nothing of this package.
	get := func(name string) string {
		i := slices.IndexFunc(want, func(kv [2]string) bool { return kv[0] == name })
		return want[i][1]
	}
	aead, _ := chacha20poly1305.NewX(unhexMust(katRecordKey))
	ad := append([]byte("folio chunk\x00\x01"), seq(0xa0, IDSize)...)
	ad = append(ad, 0, 0, 0, 0, 1)
	sealed := unhexMust(get("chunk-sealed"))
	if sealed[0] != 1 {
		t.Errorf("chunk format byte %d", sealed[0])
	}
	if plain, err := aead.Open(nil, sealed[1:25], sealed[25:], ad); err != nil || string(plain) != "A certificate." {
		t.Errorf("the chunk vector does not open as documented: %v", err)
	}
	// The blob records open as sealed records under their IDs, the hashes' first
	// ten bytes, and their first byte says which hash names them.
	for _, c := range []struct {
		sealed, hash, plain string
		format              byte
	}{{"blob-record-sealed", "attachment-hash", "blob-record-plain", 1}, {"blob-record-blake3-sealed", "attachment-hash-blake3", "blob-record-blake3-plain", 2}} {
		sealed = unhexMust(get(c.sealed))
		rad := append(append([]byte("folio record\x00\x01\x10"), unhexMust(get("bucket-attachment-blobs"))...), 10)
		rad = append(rad, unhexMust(get(c.hash))[:10]...)
		plain, err := aead.Open(nil, sealed[1:25], sealed[25:], rad)
		if err != nil || hex.EncodeToString(plain) != get(c.plain) {
			t.Errorf("the blob record vector %s does not open as documented: %v", c.sealed, err)
			continue
		}
		if plain[0] != c.format || !bytes.Equal(plain[23:], unhexMust(get(c.hash))) {
			t.Errorf("%s: format %d, want %d, or a hash other than %s", c.plain, plain[0], c.format, c.hash)
		}
	}
	// The BLAKE3 content key is HKDF as documented, and the keyed BLAKE3 is the
	// standard one: the first 32 bytes of the BLAKE3 team's keyed_hash vectors
	// (key "whats the Elvish word for friend", byte i of the input i mod 251).
	if hex.EncodeToString(hkdfSHA256(seq(0, keySize), "folio v1 attachment content blake3")) != get("attachment-content-key-blake3") {
		t.Errorf("the BLAKE3 content key is not HKDF-SHA256 of the data key with the documented info")
	}
	for n, want := range map[int]string{
		0:     "92b2b75604ed3c761f9d6f62392c8a9227ad0ea3f09573e783f1498a4ed60d26",
		1025:  "357dc55de0c7e382c900fd6e320acc04146be01db6a8ce7210b7189bd664ea69",
		31744: "efa53b389ab67c593dba624d898d0f7353ab99e4ac9d42302ee64cbf9939a419",
	} {
		in := make([]byte, n)
		for i := range in {
			in[i] = byte(i % 251)
		}
		h, _ := blake3.NewKeyed([]byte("whats the Elvish word for friend"))
		h.Write(in)
		if got := hex.EncodeToString(h.Sum(nil)); got != want {
			t.Errorf("keyed BLAKE3 of %d bytes is %s, the standard vector %s", n, got, want)
		}
	}
	// The chunk key is 6 bytes of HMAC-SHA256 under the name key, then the index.
	m := hmacSHA256(unhexMust(katNameKey), append([]byte("\x00folio chunk"), seq(0xa0, IDSize)...))
	if hex.EncodeToString(m[:6])+"00000001" != get("chunk-key-1") {
		t.Errorf("chunk key 1 is not the documented HMAC and index")
	}
}

func hmacSHA256(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil)
}
