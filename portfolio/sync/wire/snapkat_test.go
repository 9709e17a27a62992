package wire

import (
	"encoding/hex"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/sync/store"
)

// The snapshot vector of docs/SYNC.md: the body plaintext and the header around it;
// the body is sealed as a change set's is (TestKATChangeSet).

func katSnapshot() *Snapshot {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var dev, other portfolio.DeviceID
	copy(dev[:], counting(0x10, 16))
	copy(other[:], counting(0x20, 16))
	clock := func(n uint32) portfolio.Clock { return portfolio.Clock{Micros: at.UnixMicro(), Logical: n} }
	s := &Snapshot{Device: dev, Seq: 2, Sealed: at, Vector: map[portfolio.DeviceID]SnapEntry{
		dev:   {Applied: Entry{Seq: 2, Clock: clock(5)}},
		other: {Applied: Entry{Seq: 3, Clock: clock(1)}},
	}}
	var entry, goal [store.RecordIDSize]byte
	copy(entry[:], counting(0xa0, 10))
	copy(goal[:], counting(0xb0, 10))
	s.Records = []store.Record{
		{Collection: "entries", ID: entry, Versions: []store.Version{
			{Collection: "entries", ID: entry, Device: other, Clock: clock(1), Saved: at, Plain: []byte("A near miss.")},
			{Collection: "entries", ID: entry, Device: dev, Clock: clock(5), Saved: at, Plain: []byte("A reflection.")},
		}},
		{Collection: "goals", ID: goal, Versions: []store.Version{
			{Collection: "goals", ID: goal, Device: dev, Clock: clock(4), Saved: at, Tombstone: true},
		}},
	}
	return s
}

const (
	katSnapName = "101112131415161718191a1b1c1d1e1f/0000000000000002.fss"
	katSnapAD   = "666f6c696f2d737301101112131415161718191a1b1c1d1e1f0000000000000002"
	katSnapBody = "01000647484620400002101112131415161718191a1b1c1d1e1f00000000000000020006474846204000000000" +
		"05000000000000000000000000202122232425262728292a2b2c2d2e2f00000000000000030006474846204000" +
		"000000010000000000000000000000000207656e7472696573a0a1a2a3a4a5a6a7a8a902202122232425262728" +
		"292a2b2c2d2e2f0000064748462040000000000100064748462040000c41206e656172206d6973732e10111213" +
		"1415161718191a1b1c1d1e1f0000064748462040000000000500064748462040000d41207265666c656374696f" +
		"6e2e0005676f616c73b0b1b2b3b4b5b6b7b8b901101112131415161718191a1b1c1d1e1f010006474846204000" +
		"000000040006474846204000000000"
)

func TestKATSnapshot(t *testing.T) {
	s := katSnapshot()
	if got := SnapshotName(s.Device, s.Seq); got != katSnapName {
		t.Errorf("file name %s, want %s", got, katSnapName)
	}
	if got := hex.EncodeToString(snapAD(s.Device, s.Seq)); got != katSnapAD {
		t.Errorf("associated data\n got %s\nwant %s", got, katSnapAD)
	}
	body := s.Marshal()
	if got := hex.EncodeToString(body); got != katSnapBody {
		t.Errorf("body\n got %s\nwant %s", got, katSnapBody)
	}
	back, err := parseSnapBody(body)
	if err != nil {
		t.Fatal(err)
	}
	if again := back.Marshal(); hex.EncodeToString(again) != katSnapBody {
		t.Errorf("the body does not read back as it was written")
	}
}

// FuzzSnapshotBody: no body read from the folder makes the parser panic, and one it
// accepts writes back as it read.
func FuzzSnapshotBody(f *testing.F) {
	f.Add(katSnapshot().Marshal())
	withRefs := katSnapshot()
	withRefs.Refs = []AttachRef{{ID: store.RecordID(counting(0xc0, 10)), Manifest: []byte("manifest"), Chunks: 2}}
	f.Add(withRefs.Marshal())
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := parseSnapBody(b)
		if err != nil {
			return
		}
		if _, err := parseSnapBody(s.Marshal()); err != nil {
			t.Fatalf("a body that parsed does not parse once written again: %v", err)
		}
	})
}

// FuzzKeyFile: no key file read from the folder makes the parser panic.
func FuzzKeyFile(f *testing.F) {
	var d portfolio.DeviceID
	f.Add([]byte("folio-kh\x01"))
	f.Fuzz(func(t *testing.T, b []byte) {
		k, err := ParseKey(d, 1, b)
		if err == nil && (len(k.Header) > maxKeyHeader || k.Device != d) {
			t.Fatalf("accepted a key file that is not one: %+v", k)
		}
	})
}
