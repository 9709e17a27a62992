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

// The change-set vector of docs/SYNC.md. The sealed body is storage's
// (storage/sync_test.go, TestKATSyncBlob, seals katBody to katSealed with the data key
// 000102...1f and the nonce 404142...57); this test pins what is around it.

func counting(start byte, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = start + byte(i)
	}
	return b
}

func katChangeSet() *ChangeSet {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var dev, other portfolio.DeviceID
	copy(dev[:], counting(0x10, 16))
	copy(other[:], counting(0x20, 16))
	c := &ChangeSet{Device: dev, Seq: 1, Sealed: at, Vector: map[portfolio.DeviceID]Entry{
		other: {Seq: 3, Clock: portfolio.Clock{Micros: at.UnixMicro()}},
	}}
	v := store.Version{Collection: "entries", Device: dev, Clock: portfolio.Clock{Micros: at.UnixMicro(), Logical: 3}, Saved: at, Plain: []byte("A reflection on a near miss.")}
	copy(v.ID[:], counting(0xa0, 10))
	d := store.Version{Collection: "goals", Device: dev, Clock: portfolio.Clock{Micros: at.UnixMicro(), Logical: 4}, Saved: at, Tombstone: true}
	copy(d.ID[:], counting(0xb0, 10))
	c.Versions = []store.Version{v, d}
	return c
}

const (
	katName   = "101112131415161718191a1b1c1d1e1f/0000000000000001.fcs"
	katAD     = "666f6c696f2d637301101112131415161718191a1b1c1d1e1f0000000000000001"
	katHeader = katAD + "00000000000000c2"
	katBody   = "01000647484620400001202122232425262728292a2b2c2d2e2f0000000000000003000647484620400000000000" +
		"0207656e7472696573a0a1a2a3a4a5a6a7a8a900000647484620400000000003000647484620400" +
		"01c41207265666c656374696f6e206f6e2061206e656172206d6973732e" +
		"05676f616c73b0b1b2b3b4b5b6b7b8b901000647484620400000000004000647484620400000"
)

// fixed is a sealer that hands back one sealed body for one associated data.
type fixed struct{ ad, sealed, plain []byte }

func (f fixed) SealSync(ad, plain []byte) ([]byte, error) {
	if !bytes.Equal(ad, f.ad) || !bytes.Equal(plain, f.plain) {
		return nil, errors.New("unexpected seal")
	}
	return f.sealed, nil
}

func (f fixed) OpenSync(ad, sealed []byte) ([]byte, error) {
	if !bytes.Equal(ad, f.ad) || !bytes.Equal(sealed, f.sealed) {
		return nil, errors.New("failed authentication")
	}
	return bytes.Clone(f.plain), nil
}

func TestKATChangeSet(t *testing.T) {
	c := katChangeSet()
	if got := FileName(c.Device, c.Seq); got != katName {
		t.Errorf("file name %s, want %s", got, katName)
	}
	if got := hex.EncodeToString(associated(c.Device, c.Seq)); got != katAD {
		t.Errorf("associated data\n got %s\nwant %s", got, katAD)
	}
	body := c.Marshal()
	if got := hex.EncodeToString(body); got != katBody {
		t.Errorf("body\n got %s\nwant %s", got, katBody)
	}
	sealed, _ := hex.DecodeString(katSealed)
	ad, _ := hex.DecodeString(katAD)
	s := fixed{ad: ad, sealed: sealed, plain: body}
	file, err := c.Seal(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(file); got != katHeader+katSealed {
		t.Errorf("file\n got %s\nwant %s", got, katHeader+katSealed)
	}
	back, err := Open(s, c.Device, c.Seq, file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back.Marshal(), body) || back.Versions[0].Device != c.Device || !back.Versions[1].Tombstone {
		t.Errorf("the vector does not read back: %+v", back)
	}
	doc, err := os.ReadFile("../../../docs/SYNC.md")
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(doc)), "")
	for _, v := range []string{katName, katAD, katHeader, katBody, katSealed} {
		if !strings.Contains(flat, v) {
			t.Errorf("docs/SYNC.md does not give the vector %s", v)
		}
	}
}

// katSealed is storage's sealing of katBody (storage/sync_test.go).
const katSealed = "01404142434445464748494a4b4c4d4e4f50515253545556578644ded7027b14e7b3beaa0217af36cdea2624770a002f009053f4cbd68a903a5176bcfa10f10ee2ba6ce2e989123be27acfe00f4622187aa3f2397a17751b15711e5f3619f876c216a62c5a9292a0c9447a726993f10ff2484f3dc7c018339bcedaf50f243892caab3509de719764fdd7fc147603453432af1497d92e84994e710815e5907c04b554f6679dd650dbc787cf2b708b2ff55b296c03940d1ba0653e1565ea11757d3fa1"

// FuzzOpen feeds the Reader any file: it must refuse or wait, never panic, and what
// it accepts must be the change set sealed.
func FuzzOpen(f *testing.F) {
	c := katChangeSet()
	sealed, _ := hex.DecodeString(katSealed)
	ad, _ := hex.DecodeString(katAD)
	s := fixed{ad: ad, sealed: sealed, plain: c.Marshal()}
	file, _ := c.Seal(s)
	f.Add(file)
	f.Add(file[:40])
	f.Add([]byte("folio-cs"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := Open(s, c.Device, c.Seq, b)
		if err != nil {
			if !errors.Is(err, ErrIncomplete) && !errors.Is(err, ErrRefused) {
				t.Fatalf("neither incomplete nor refused: %v", err)
			}
			return
		}
		if !bytes.Equal(got.Marshal(), c.Marshal()) {
			t.Fatal("accepted a change set other than the one sealed")
		}
	})
}

// FuzzParseBody feeds the body parser any plaintext (as a change set sealed by a
// broken writer would be): an error or a change set that marshals back the same.
func FuzzParseBody(f *testing.F) {
	f.Add(katChangeSet().Marshal())
	withFile := katChangeSet()
	withFile.Attachments = []manifest.SyncAttachment{{ID: store.RecordID(counting(0xc0, 10)), Manifest: []byte("manifest"), Data: []byte("bytes")}}
	f.Add(withFile.Marshal())
	f.Add(katChunked().Marshal())
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := parseBody(b)
		if err != nil {
			return
		}
		if !bytes.Equal(c.Marshal(), b) {
			t.Fatalf("body does not marshal back:\n%x\n%x", b, c.Marshal())
		}
	})
}
