package wire

import (
	"bytes"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment/manifest"
	"github.com/foliohq/folio/portfolio/sync/store"
)

// The vector of docs/SYNC.md, "Attachment chunks": change set 1 of katChangeSet
// with one attachment in two chunks and one removal. The chunk's sealing is
// storage's (storage/sync_test.go, TestKATSyncChunk); this test pins what is
// around it.

func katChunked() *ChangeSet {
	c := katChangeSet()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c.Refs = []AttachRef{{ID: store.RecordID(counting(0xc0, 10)), Manifest: []byte("manifest"), Chunks: 2}}
	c.Marks = []manifest.SyncMark{{ID: store.RecordID(counting(0xd0, 10)), State: manifest.MarkRemoved, Clock: portfolio.Clock{Micros: at.UnixMicro(), Logical: 5}, Device: c.Device, When: at}}
	return c
}

const (
	katChunkName   = "101112131415161718191a1b1c1d1e1f/c0c1c2c3c4c5c6c7c8c9.00000000.fac"
	katChunkAD     = "666f6c696f2d616301101112131415161718191a1b1c1d1e1fc0c1c2c3c4c5c6c7c8c90000000000000002"
	katChunkHeader = katChunkAD + "0000000000000044"
	katChunkPlain  = "Certificate of completion, "
	katChunkSealed = "01404142434445464748494a4b4c4d4e4f5051525354555657c421aae4235b5dc4d2cbef035aea328ba36c7c32455f6a42d050d4d81deb7876f4291e7581f4a1ff3494d7"
	katBody3Tail   = "01c0c1c2c3c4c5c6c7c8c9086d616e69666573740201d0d1d2d3d4d5d6d7d8d9010006474846204000000000050006474846204000"
)

func TestKATChunk(t *testing.T) {
	c := katChunked()
	id := c.Refs[0].ID
	if got := ChunkName(c.Device, id, 0); got != katChunkName {
		t.Errorf("chunk name %s, want %s", got, katChunkName)
	}
	if got := hex.EncodeToString(chunkAssociated(c.Device, id, 0, 2)); got != katChunkAD {
		t.Errorf("chunk associated data\n got %s\nwant %s", got, katChunkAD)
	}
	ad, _ := hex.DecodeString(katChunkAD)
	sealed, _ := hex.DecodeString(katChunkSealed)
	s := fixed{ad: ad, sealed: sealed, plain: []byte(katChunkPlain)}
	file, err := SealChunk(s, c.Device, id, 0, 2, []byte(katChunkPlain))
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(file); got != katChunkHeader+katChunkSealed {
		t.Errorf("chunk file\n got %s\nwant %s", got, katChunkHeader+katChunkSealed)
	}
	if plain, err := OpenChunk(s, c.Device, id, 0, 2, file); err != nil || string(plain) != katChunkPlain {
		t.Errorf("the chunk does not read back: %q %v", plain, err)
	}
	// Found as chunk 1, as chunk 0 of 3, under another device or attachment: refused.
	var other portfolio.DeviceID
	for _, open := range []func() ([]byte, error){
		func() ([]byte, error) { return OpenChunk(s, c.Device, id, 1, 2, file) },
		func() ([]byte, error) { return OpenChunk(s, c.Device, id, 0, 3, file) },
		func() ([]byte, error) { return OpenChunk(s, other, id, 0, 2, file) },
		func() ([]byte, error) {
			return OpenChunk(s, c.Device, store.RecordID(counting(0xd0, 10)), 0, 2, file)
		},
	} {
		if _, err := open(); !errors.Is(err, ErrRefused) {
			t.Errorf("a chunk out of its place: %v", err)
		}
	}
	if _, err := OpenChunk(s, c.Device, id, 0, 2, file[:len(file)-1]); !errors.Is(err, ErrIncomplete) {
		t.Errorf("a chunk cut short: %v", err)
	}
	body := c.Marshal()
	want := "03" + katBody[2:] + katBody3Tail
	if got := hex.EncodeToString(body); got != want {
		t.Errorf("body\n got %s\nwant %s", got, want)
	}
	back, err := parseBody(body)
	if err != nil || !bytes.Equal(back.Marshal(), body) || back.Refs[0].Chunks != 2 || back.Marks[0].State != manifest.MarkRemoved {
		t.Errorf("the body does not read back: %+v %v", back, err)
	}
	doc, err := os.ReadFile("../../../docs/SYNC.md")
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(doc)), "")
	for _, v := range []string{katChunkName, katChunkAD, katChunkHeader, katChunkSealed, katBody3Tail} {
		if !strings.Contains(flat, v) {
			t.Errorf("docs/SYNC.md does not give the vector %s", v)
		}
	}
}

// FuzzOpenChunk feeds the chunk Reader any file: it refuses or waits, never panics,
// and accepts only the chunk sealed.
func FuzzOpenChunk(f *testing.F) {
	c := katChunked()
	id := c.Refs[0].ID
	ad, _ := hex.DecodeString(katChunkAD)
	sealed, _ := hex.DecodeString(katChunkSealed)
	s := fixed{ad: ad, sealed: sealed, plain: []byte(katChunkPlain)}
	file, _ := SealChunk(s, c.Device, id, 0, 2, []byte(katChunkPlain))
	f.Add(file)
	f.Add(file[:30])
	f.Fuzz(func(t *testing.T, b []byte) {
		plain, err := OpenChunk(s, c.Device, id, 0, 2, b)
		if err != nil {
			if !errors.Is(err, ErrIncomplete) && !errors.Is(err, ErrRefused) {
				t.Fatalf("neither incomplete nor refused: %v", err)
			}
			return
		}
		if string(plain) != katChunkPlain {
			t.Fatal("accepted a chunk other than the one sealed")
		}
	})
}
