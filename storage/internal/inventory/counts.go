// Package inventory is what the vault knows it holds: the sealed record counts (how
// many records each collection has) and the record ID sets (which IDs), and how they
// are compared with what a walk of the file finds (docs/VAULT.md, "Record counts",
// "Record ID sets"). Sealing and the walk are the vault's; this is the format and the
// comparison.
package inventory

import (
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	"github.com/foliohq/folio/storage/internal/base"
)

// countsEntrySize is one collection's entry in the counts plaintext: its 16-byte
// bucket name and a uint64 count.
const countsEntrySize = base.BucketNameSize + 8

// Counts is how many records each collection bucket holds, as folio wrote them,
// and when that was last changed.
type Counts struct {
	Saved time.Time
	N     map[string]uint64 // by bucket name
}

// Marshal is the counts plaintext: the time of the change in Unix microseconds (int64), then
// one entry per non-empty bucket in byte order of the name. All big-endian.
func (c *Counts) Marshal() []byte {
	names := make([]string, 0, len(c.N))
	for name, n := range c.N {
		if n > 0 {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	b := binary.BigEndian.AppendUint64(nil, uint64(c.Saved.UnixMicro()))
	for _, name := range names {
		b = append(b, name...)
		b = binary.BigEndian.AppendUint64(b, c.N[name])
	}
	return b
}

// ParseCounts reads the counts plaintext, trusting nothing in it.
func ParseCounts(b []byte) (*Counts, error) {
	if len(b) < 8 || (len(b)-8)%countsEntrySize != 0 {
		return nil, fmt.Errorf("%w: the record counts are %d bytes, not a whole number of entries", base.ErrDamaged, len(b))
	}
	c := &Counts{Saved: time.UnixMicro(int64(binary.BigEndian.Uint64(b))), N: map[string]uint64{}}
	var last string
	for rest := b[8:]; len(rest) > 0; rest = rest[countsEntrySize:] {
		name := string(rest[:base.BucketNameSize])
		if name <= last && last != "" {
			return nil, fmt.Errorf("%w: the record counts are out of order", base.ErrDamaged)
		}
		last = name
		c.N[name] = binary.BigEndian.Uint64(rest[base.BucketNameSize:])
	}
	return c, nil
}

// Names is the bucket names of a and b together, sorted: of the sealed counts and of
// the buckets a walk counted.
func Names(a, b map[string]uint64) []string {
	var names []string
	for k := range a {
		names = append(names, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	return names
}
