package history

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/foliohq/folio/storage/internal/base"
)

func TestClock(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := Clock{}.Next(t0)
	if c != (Clock{Micros: t0.UnixMicro()}) {
		t.Fatalf("first tick %+v", c)
	}
	// A wall clock that stands still or goes back still moves the clock forward.
	for _, now := range []time.Time{t0, t0.Add(-time.Hour), t0.Add(time.Microsecond)} {
		n := c.Next(now)
		if n.Compare(c) <= 0 {
			t.Errorf("Next(%v) = %+v, not after %+v", now, n, c)
		}
		c = n
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		a := Clock{Micros: r.Int64N(10), Logical: r.Uint32N(3)}
		b := Clock{Micros: r.Int64N(10), Logical: r.Uint32N(3)}
		now := time.UnixMicro(r.Int64N(12))
		w := a.Witness(b, now)
		if w.Compare(a) <= 0 || w.Compare(b) <= 0 || w.Micros < now.UnixMicro() {
			t.Fatalf("Witness(%+v, %+v, %d) = %+v", a, b, now.UnixMicro(), w)
		}
	}
}

func TestParseVersionRefusesDamage(t *testing.T) {
	good := VersionInfo{Device: DeviceID{1}, Clock: Clock{1, 0}, Saved: time.UnixMicro(1)}
	for name, b := range map[string][]byte{
		"short":                 good.Marshal(nil)[:versionHeaderSize-1],
		"format":                append([]byte{2}, good.Marshal(nil)[1:]...),
		"flags":                 append([]byte{1, 4}, good.Marshal(nil)[2:]...),
		"tombstone with a body": VersionInfo{Tombstone: true}.Marshal([]byte("x")),
		"baseline with writer":  VersionInfo{Baseline: true, Device: DeviceID{1}}.Marshal(nil),
		"tombstone baseline":    VersionInfo{Baseline: true, Tombstone: true}.Marshal(nil),
	} {
		if _, err := ParseVersion(1, b); !errors.Is(err, base.ErrDamaged) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if v, err := ParseVersion(7, good.Marshal([]byte("body"))); err != nil || string(v.Plain) != "body" || v.Seq != 7 || v.Clock != good.Clock || !v.Saved.Equal(good.Saved) {
		t.Errorf("round trip: %+v %v", v, err)
	}
}

func FuzzParseVersion(f *testing.F) {
	f.Add(VersionInfo{Device: DeviceID{1}, Clock: Clock{1, 2}, Saved: time.UnixMicro(3)}.Marshal([]byte("x")))
	f.Add(VersionInfo{Tombstone: true}.Marshal(nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := ParseVersion(1, b)
		if err != nil {
			return
		}
		again, err := ParseVersion(1, v.Marshal(v.Plain))
		if err != nil || !bytes.Equal(again.Marshal(again.Plain), b) {
			t.Fatalf("round trip of %x: %v", b, err)
		}
	})
}

// The plaintexts of a version, a deletion and the device record, as docs/VAULT.md
// ("History") gives them; storage's TestKATVersion seals them and names the buckets.
func TestKATVersionPlain(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var dev DeviceID
	copy(dev[:], seq(0x10, DeviceIDSize))
	info := VersionInfo{Seq: 2, Device: dev, Clock: Clock{Micros: at.UnixMicro(), Logical: 3}, Saved: at}
	plain := info.Marshal([]byte("A reflection on a near miss."))
	wantHex(t, "version plaintext", plain, katVersionPlain)
	tomb := VersionInfo{Seq: 3, Device: dev, Clock: Clock{Micros: at.UnixMicro(), Logical: 4}, Saved: at, Tombstone: true}
	wantHex(t, "tombstone plaintext", tomb.Marshal(nil), katTombstonePlain)
	v, err := ParseVersion(2, plain)
	if err != nil || string(v.Plain) != "A reflection on a near miss." || v.Clock.Logical != 3 || v.Device != dev {
		t.Errorf("parse: %+v %v", v, err)
	}
	d := &deviceState{id: dev, clock: info.Clock}
	wantHex(t, "device state", d.marshal(), katDeviceState)
	if err := CheckDevice(make([]byte, IDSize), d.marshal()); err != nil {
		t.Errorf("the device record does not check: %v", err)
	}
	var id ID
	copy(id[:], seq(0xa0, IDSize))
	bucket := seq(0x30, base.BucketNameSize)
	wantHex(t, "version key", VersionKey(bucket, id, 2), hex.EncodeToString(bucket)+"a0a1a2a3a4a5a6a7a8a9"+"00000002")
}

// The vectors as storage/testdata/vectors.txt lists them (storage's TestVectorsFile
// checks that file against its own copy).
const (
	katVersionPlain   = "0100101112131415161718191a1b1c1d1e1f000647484620400000000003000647484620400041207265666c656374696f6e206f6e2061206e656172206d6973732e"
	katTombstonePlain = "0101101112131415161718191a1b1c1d1e1f0006474846204000000000040006474846204000"
	katDeviceState    = "01101112131415161718191a1b1c1d1e1f000647484620400000000003"
)

// seq returns n bytes counting up from start.
func seq(start byte, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = start + byte(i)
	}
	return b
}

func wantHex(t *testing.T, what string, got []byte, want string) {
	t.Helper()
	if h := hex.EncodeToString(got); h != want {
		t.Errorf("%s:\n got %s\nwant %s", what, h, want)
	}
}
