package history

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"

	"github.com/foliohq/folio/storage/internal/base"
)

// Reading history goes through the vault's bounds-checked walk, like every read of
// records: the vault hands a Reader over, and history only reads what it scanned.

// Records is a run of records in key order as a walk of a bucket found them; their
// bytes are valid only while the scan that handed them over runs.
type Records interface {
	Len() int
	At(i int) (key, value []byte)
}

// Reader is what history's reads need of the vault: its keys, and one scan of the
// history bucket and the live buckets of the collections that keep history.
type Reader interface {
	BucketName(collection string) []byte
	Open(bucket, key, sealed []byte) ([]byte, error)
	// Scan passes fn the history bucket's records and, by bucket name, the sealed
	// value of each live record by ID; all valid only until fn returns.
	Scan(fn func(hist Records, live map[string]map[ID][]byte)) error
}

// Damaged is told of each version, or history key, that fails to open.
type Damaged func(collection, id string, err error)

// openVersion authenticates and parses one history record.
func openVersion(r Reader, key, value []byte) (bucket []byte, id ID, ver Version, err error) {
	if len(key) != KeySize {
		return nil, id, ver, fmt.Errorf("%w: a history key is %d bytes, not %d", base.ErrDamaged, len(key), KeySize)
	}
	bucket = bytes.Clone(key[:base.BucketNameSize])
	copy(id[:], key[base.BucketNameSize:])
	seq := binary.BigEndian.Uint32(key[base.BucketNameSize+IDSize:])
	plain, err := r.Open(r.BucketName(HistoryLabel), key, value)
	if err != nil {
		return bucket, id, ver, fmt.Errorf("version %d of record %s: %w", seq, id, err)
	}
	ver, err = ParseVersion(seq, plain)
	if err != nil {
		return bucket, id, ver, fmt.Errorf("version %d of record %s: %w", seq, id, err)
	}
	return bucket, id, ver, nil
}

// search is the index of the first record whose key is not below prefix.
func search(hist Records, prefix []byte) int {
	return sort.Search(hist.Len(), func(i int) bool {
		k, _ := hist.At(i)
		return bytes.Compare(k, prefix) >= 0
	})
}

// Versions opens every version kept of id in collection, oldest first. Versions that
// fail to open are told to bad.
func Versions(r Reader, collection string, id ID, bad Damaged) ([]Version, error) {
	bucket := r.BucketName(collection)
	prefix := append(bytes.Clone(bucket), id[:]...)
	var out []Version
	err := r.Scan(func(hist Records, _ map[string]map[ID][]byte) {
		for i := search(hist, prefix); i < hist.Len(); i++ {
			k, val := hist.At(i)
			if !bytes.HasPrefix(k, prefix) {
				break
			}
			_, _, ver, err := openVersion(r, k, val)
			if err != nil {
				bad("history of "+collection, id.String(), err)
				continue
			}
			out = append(out, ver)
		}
	})
	return out, err
}

// TrashItem is a record in the trash: its deletion and the last version it had.
type TrashItem struct {
	Trashed
	Deleted VersionInfo
	Last    Version
}

// Trash lists the records in the trash, in the order of their history keys; buckets
// is Log.Buckets. Records whose versions fail to open are told to bad.
func Trash(r Reader, buckets map[string]string, bad Damaged) ([]TrashItem, error) {
	var out []TrashItem
	err := r.Scan(func(hist Records, live map[string]map[ID][]byte) {
		for end := hist.Len(); end > 0; {
			start := end - 1
			key, _ := hist.At(start)
			if len(key) != KeySize {
				bad("history", base.RecordName(key), fmt.Errorf("%w: a history key is %d bytes", base.ErrDamaged, len(key)))
				end = start
				continue
			}
			prefix := key[:base.BucketNameSize+IDSize]
			for start > 0 {
				k, _ := hist.At(start - 1)
				if !bytes.HasPrefix(k, prefix) {
					break
				}
				start--
			}
			group := [2]int{start, end}
			end = start
			bucket := prefix[:base.BucketNameSize]
			coll, ok := buckets[string(bucket)]
			id := ID(prefix[base.BucketNameSize:])
			if _, isLive := live[string(bucket)][id]; !ok || isLive {
				continue
			}
			item, err := trashItem(r, coll, id, hist, group)
			if err != nil {
				bad("history of "+coll, id.String(), err)
				continue
			}
			out = append(out, item)
		}
	})
	slices.Reverse(out)
	return out, err
}

// trashItem reads the deletion and the last version before it from the versions
// hist[group[0]:group[1]] of one record.
func trashItem(r Reader, coll string, id ID, hist Records, group [2]int) (TrashItem, error) {
	item := TrashItem{Trashed: Trashed{Collection: coll, ID: id}}
	_, _, tomb, err := openAt(r, hist, group[1]-1)
	if err != nil {
		return item, err
	}
	item.Deleted = tomb.VersionInfo
	for i := group[1] - 2; i >= group[0]; i-- {
		_, _, ver, err := openAt(r, hist, i)
		if err != nil {
			return item, err
		}
		if !ver.Tombstone {
			item.Last = ver
			return item, nil
		}
	}
	return item, fmt.Errorf("%w: record %s is in the trash with no version to restore", base.ErrDamaged, id)
}

// openAt is openVersion of the i-th record of hist.
func openAt(r Reader, hist Records, i int) (bucket []byte, id ID, ver Version, err error) {
	k, v := hist.At(i)
	return openVersion(r, k, v)
}

// TrashedIDs names the records in the trash by their IDs, with their collections,
// without decrypting anything: records with versions and no live value.
func TrashedIDs(r Reader, buckets map[string]string) (map[ID]string, error) {
	out := map[ID]string{}
	err := r.Scan(func(hist Records, live map[string]map[ID][]byte) {
		for i := range hist.Len() {
			key, _ := hist.At(i)
			if len(key) != KeySize {
				continue
			}
			bucket := key[:base.BucketNameSize]
			id := ID(key[base.BucketNameSize : base.BucketNameSize+IDSize])
			if c, ok := buckets[string(bucket)]; ok {
				if _, isLive := live[string(bucket)][id]; !isLive {
					out[id] = c
				}
			}
		}
	})
	return out, err
}

// CheckVersions authenticates every version in hist, the history bucket as a walk
// found it, telling bad of those that fail; it returns how many open.
func CheckVersions(r Reader, hist Records, bad Damaged) int {
	n := 0
	for i := range hist.Len() {
		if _, id, _, err := openAt(r, hist, i); err != nil {
			bad("history", id.String(), err)
			continue
		}
		n++
	}
	return n
}

// Agrees compares every record that has versions with its newest one, for Check: a
// live record's value must be its newest version, and a record whose newest version
// is a tombstone must not be live. A difference means the record was rolled back to
// an older sealed value, or changed by a folio that kept no history. Versions that
// do not open are left to CheckVersions.
func Agrees(r Reader, buckets map[string]string, bad Damaged) error {
	if len(buckets) == 0 {
		return nil
	}
	return r.Scan(func(hist Records, live map[string]map[ID][]byte) {
		for i := range hist.Len() {
			k, val := hist.At(i)
			if len(k) != KeySize {
				continue
			}
			if i+1 < hist.Len() {
				next, _ := hist.At(i + 1)
				if bytes.HasPrefix(next, k[:base.BucketNameSize+IDSize]) {
					continue // not the record's newest version
				}
			}
			bucket, id, ver, err := openVersion(r, k, val)
			if err != nil {
				continue // CheckVersions reports it
			}
			coll, ok := buckets[string(bucket)]
			if !ok {
				continue
			}
			if why := disagreement(r, bucket, id, ver, live[string(bucket)]); why != "" {
				bad(coll, id.String(), fmt.Errorf("%w: %s", base.ErrDamaged, why))
			}
			clear(ver.Plain)
		}
	})
}

// disagreement says how a record's live value differs from its newest version, ver;
// "" if it does not.
func disagreement(r Reader, bucket []byte, id ID, ver Version, live map[ID][]byte) string {
	sealed, isLive := live[id]
	switch {
	case ver.Tombstone && isLive:
		return "it is in the trash, yet has a current value"
	case !ver.Tombstone && !isLive:
		return "it has no current value, yet its newest version is not a deletion"
	case isLive:
		plain, err := r.Open(bucket, id[:], sealed)
		defer clear(plain)
		if err == nil && !bytes.Equal(plain, ver.Plain) {
			return "its current value is not its newest version (rolled back, or changed by a folio without history)"
		}
	}
	return ""
}

// EachHistory opens every version in the history in one pass and hands fn each
// record's versions, oldest first, with the record's collection (its bucket's name in
// hex when no collection keeps history there). Versions that fail to open are told
// to bad and left out. fn runs inside the scan and may keep what it is given.
func EachHistory(r Reader, buckets map[string]string, fn func(collection string, id ID, vs []Version) error, bad Damaged) error {
	var ferr error
	err := r.Scan(func(hist Records, _ map[string]map[ID][]byte) {
		for start := 0; start < hist.Len() && ferr == nil; {
			key, _ := hist.At(start)
			if len(key) != KeySize {
				bad("history", base.RecordName(key), fmt.Errorf("%w: a history key is %d bytes", base.ErrDamaged, len(key)))
				start++
				continue
			}
			prefix := key[:base.BucketNameSize+IDSize]
			end := start + 1
			for end < hist.Len() {
				k, _ := hist.At(end)
				if !bytes.HasPrefix(k, prefix) {
					break
				}
				end++
			}
			coll := CollectionName(buckets, prefix[:base.BucketNameSize])
			id := ID(prefix[base.BucketNameSize:])
			var vs []Version
			for i := start; i < end; i++ {
				_, _, ver, err := openAt(r, hist, i)
				if err != nil {
					bad("history of "+coll, id.String(), err)
					continue
				}
				vs = append(vs, ver)
			}
			if len(vs) > 0 {
				ferr = fn(coll, id, vs)
			}
			start = end
		}
	})
	if err == nil {
		err = ferr
	}
	return err
}

// NewestVersions is the number of the newest version of every record of collection
// that has versions, read from the history's keys alone: nothing is decrypted.
func NewestVersions(r Reader, collection string) (map[ID]uint32, error) {
	bucket := r.BucketName(collection)
	out := map[ID]uint32{}
	err := r.Scan(func(hist Records, _ map[string]map[ID][]byte) {
		for i := search(hist, bucket); i < hist.Len(); i++ {
			k, _ := hist.At(i)
			if !bytes.HasPrefix(k, bucket) {
				break
			}
			if len(k) == KeySize {
				out[ID(k[base.BucketNameSize:base.BucketNameSize+IDSize])] = binary.BigEndian.Uint32(k[base.BucketNameSize+IDSize:])
			}
		}
	})
	return out, err
}
