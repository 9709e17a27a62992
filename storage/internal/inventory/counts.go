package storage

// countsEntrySize is one collection's entry in the counts plaintext: its 16-byte
// bucket name and a uint64 count.
const countsEntrySize = bucketNameSize + 8

// recordCounts is how many records each collection bucket holds, as folio wrote them,
// and when that was last changed.
type recordCounts struct {
	saved time.Time
	n     map[string]uint64 // by bucket name
}

// The counts plaintext is the time of the change in Unix microseconds (int64), then
// one entry per non-empty bucket in byte order of the name. All big-endian.
func (c *recordCounts) marshal() []byte {
	names := make([]string, 0, len(c.n))
	for name, n := range c.n {
		if n > 0 {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	b := binary.BigEndian.AppendUint64(nil, uint64(c.saved.UnixMicro()))
	for _, name := range names {
		b = append(b, name...)
		b = binary.BigEndian.AppendUint64(b, c.n[name])
	}
	return b
}

func parseCounts(b []byte) (*recordCounts, error) {
	if len(b) < 8 || (len(b)-8)%countsEntrySize != 0 {
		return nil, fmt.Errorf("%w: the record counts are %d bytes, not a whole number of entries", ErrDamaged, len(b))
	}
	c := &recordCounts{saved: time.UnixMicro(int64(binary.BigEndian.Uint64(b))), n: map[string]uint64{}}
	var last string
	for rest := b[8:]; len(rest) > 0; rest = rest[countsEntrySize:] {
		name := string(rest[:bucketNameSize])
		if name <= last && last != "" {
			return nil, fmt.Errorf("%w: the record counts are out of order", ErrDamaged)
		}
		last = name
		c.n[name] = binary.BigEndian.Uint64(rest[bucketNameSize:])
	}
	return c, nil
}

