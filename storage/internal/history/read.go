package storage

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/foliohq/folio/storage/internal/base"
	"github.com/foliohq/folio/storage/internal/history"
	bolt "go.etcd.io/bbolt"
)

// Reading history goes through the bounds-checked walk, like every read of records.

// historyScan walks the history bucket and the live buckets of the collections that
// keep history, and passes fn the history's records (valid only until fn returns) and
// the live IDs by bucket name.
func (v *Vault) historyScan(fn func(hist []sealedRecord, live map[string]map[ID]bool)) error {
	hname := v.keys.bucketName(history.HistoryLabel)
	buckets := v.hist.Buckets()
	return v.view(func(tx *bolt.Tx) error {
		w, err := v.walkTx(tx)
		if err != nil {
			return err
		}
		defer w.close()
		var hist []sealedRecord
		live := map[string]map[ID]bool{}
		want := func(n []byte) bool {
			_, ok := buckets[string(n)]
			return ok || bytes.Equal(n, hname)
		}
		w.scanTree(want, true, func(n []byte) string { return history.CollectionName(buckets, n) }, func(n []byte, bs *bucketScan) {
			if bytes.Equal(n, hname) {
				hist = bs.recs
				return
			}
			ids := map[ID]bool{}
			for _, r := range bs.recs {
				if len(r.key) == IDSize {
					ids[ID(r.key)] = true
				}
			}
			live[string(n)] = ids
		})
		if len(w.Problems()) > 0 {
			return fmt.Errorf("%w: %s", ErrDamaged, w.Problems()[0])
		}
		fn(hist, live)
		return nil
	})
}

// openVersion authenticates and parses one history record.
func (v *Vault) openVersion(r sealedRecord) (bucket []byte, id ID, ver Version, err error) {
	if len(r.key) != history.KeySize {
		return nil, id, ver, fmt.Errorf("%w: a history key is %d bytes, not %d", ErrDamaged, len(r.key), history.KeySize)
	}
	bucket = bytes.Clone(r.key[:bucketNameSize])
	copy(id[:], r.key[bucketNameSize:])
	seq := binary.BigEndian.Uint32(r.key[bucketNameSize+IDSize:])
	plain, err := v.keys.open(v.keys.bucketName(history.HistoryLabel), r.key, r.value)
	if err != nil {
		return bucket, id, ver, fmt.Errorf("version %d of record %s: %w", seq, id, err)
	}
	ver, err = history.ParseVersion(seq, plain)
	if err != nil {
		return bucket, id, ver, fmt.Errorf("version %d of record %s: %w", seq, id, err)
	}
	return bucket, id, ver, nil
}

// Versions opens every version kept of id in collection, oldest first. Versions that
// fail to open are returned as Damage.
func (v *Vault) Versions(collection string, id ID) ([]Version, []Damage, error) {
	bucket := v.keys.bucketName(collection)
	prefix := append(bytes.Clone(bucket), id[:]...)
	var out []Version
	var damaged []Damage
	err := v.historyScan(func(hist []sealedRecord, _ map[string]map[ID]bool) {
		i, _ := slices.BinarySearchFunc(hist, prefix, func(r sealedRecord, p []byte) int { return bytes.Compare(r.key, p) })
		for ; i < len(hist) && bytes.HasPrefix(hist[i].key, prefix); i++ {
			_, _, ver, err := v.openVersion(hist[i])
			if err != nil {
				damaged = append(damaged, Damage{Collection: "history of " + collection, ID: id.String(), Err: err})
				continue
			}
			out = append(out, ver)
		}
	})
	return out, damaged, err
}

// TrashItem is a record in the trash: its deletion and the last version it had.
type TrashItem struct {
	Trashed
	Deleted VersionInfo
	Last    Version
}

// Trash lists the records in the trash, in the order of their history keys.
// Records whose versions fail to open are returned as Damage.
func (v *Vault) Trash() ([]TrashItem, []Damage, error) {
	buckets := v.hist.Buckets()
	var out []TrashItem
	var damaged []Damage
	err := v.historyScan(func(hist []sealedRecord, live map[string]map[ID]bool) {
		for end := len(hist); end > 0; {
			start := end - 1
			key := hist[start].key
			if len(key) != history.KeySize {
				damaged = append(damaged, Damage{Collection: "history", ID: base.RecordName(key), Err: fmt.Errorf("%w: a history key is %d bytes", ErrDamaged, len(key))})
				end = start
				continue
			}
			prefix := key[:bucketNameSize+IDSize]
			for start > 0 && bytes.HasPrefix(hist[start-1].key, prefix) {
				start--
			}
			group := hist[start:end]
			end = start
			bucket := prefix[:bucketNameSize]
			coll, ok := buckets[string(bucket)]
			id := ID(prefix[bucketNameSize:])
			if !ok || live[string(bucket)][id] {
				continue
			}
			item, err := v.trashItem(coll, id, group)
			if err != nil {
				damaged = append(damaged, Damage{Collection: "history of " + coll, ID: id.String(), Err: err})
				continue
			}
			out = append(out, item)
		}
	})
	slices.Reverse(out)
	return out, damaged, err
}

func (v *Vault) trashItem(coll string, id ID, group []sealedRecord) (TrashItem, error) {
	item := TrashItem{Trashed: Trashed{Collection: coll, ID: id}}
	_, _, tomb, err := v.openVersion(group[len(group)-1])
	if err != nil {
		return item, err
	}
	item.Deleted = tomb.VersionInfo
	for i := len(group) - 2; i >= 0; i-- {
		_, _, ver, err := v.openVersion(group[i])
		if err != nil {
			return item, err
		}
		if !ver.Tombstone {
			item.Last = ver
			return item, nil
		}
	}
	return item, fmt.Errorf("%w: record %s is in the trash with no version to restore", ErrDamaged, id)
}

// TrashedIDs names the records in the trash by their IDs, with their collections,
// without decrypting anything: records with versions and no live value.
func (v *Vault) TrashedIDs() (map[ID]string, error) {
	buckets := v.hist.Buckets()
	out := map[ID]string{}
	err := v.historyScan(func(hist []sealedRecord, live map[string]map[ID]bool) {
		for _, r := range hist {
			if len(r.key) != history.KeySize {
				continue
			}
			bucket := r.key[:bucketNameSize]
			id := ID(r.key[bucketNameSize : bucketNameSize+IDSize])
			if c, ok := buckets[string(bucket)]; ok && !live[string(bucket)][id] {
				out[id] = c
			}
		}
	})
	return out, err
}

// internalNames names, for Check's report, the buckets history adds.
func (v *Vault) internalNames(known map[string]string) {
	known[string(v.keys.bucketName(history.HistoryLabel))] = "history"
	known[string(v.keys.bucketName(history.DeviceLabel))] = "device"
}

// checkHistory authenticates every version in the history bucket, and the device
// record, and adds what it found to report. It reports whether name is one of those
// buckets, which the generic check then skips: history keys are not record IDs, and
// neither bucket holds the user's records.
func (v *Vault) checkHistory(name []byte, bs *bucketScan, report *Report) bool {
	if bytes.Equal(name, v.keys.bucketName(history.DeviceLabel)) {
		report.Damaged = append(report.Damaged, bs.bad...)
		for _, r := range bs.recs {
			plain, err := v.keys.open(name, r.key, r.value)
			if err == nil {
				err = history.CheckDevice(r.key, plain)
			}
			if err != nil {
				report.Damaged = append(report.Damaged, Damage{Collection: "device", ID: base.RecordName(r.key), Err: err})
			}
		}
		return true
	}
	if !bytes.Equal(name, v.keys.bucketName(history.HistoryLabel)) {
		return false
	}
	report.Damaged = append(report.Damaged, bs.bad...)
	for _, r := range bs.recs {
		if _, id, _, err := v.openVersion(r); err != nil {
			report.Damaged = append(report.Damaged, Damage{Collection: "history", ID: id.String(), Err: err})
			continue
		}
		report.Versions++
	}
	return true
}

// historyAgrees compares every record that has versions with its newest one, for
// Check: a live record's value must be its newest version, and a record whose newest
// version is a tombstone must not be live. A difference means the record was rolled
// back to an older sealed value, or changed by a folio that kept no history.
func (v *Vault) historyAgrees() ([]Damage, error) {
	buckets := v.hist.Buckets()
	if len(buckets) == 0 {
		return nil, nil
	}
	var damaged []Damage
	err := v.view(func(tx *bolt.Tx) error {
		w, err := v.walkTx(tx)
		if err != nil {
			return err
		}
		defer w.close()
		hname := v.keys.bucketName(history.HistoryLabel)
		live := map[string]map[ID][]byte{}
		var newest []sealedRecord
		w.scanTree(func(n []byte) bool { _, ok := buckets[string(n)]; return ok || bytes.Equal(n, hname) }, true,
			func(n []byte) string { return history.CollectionName(buckets, n) },
			func(n []byte, bs *bucketScan) {
				if bytes.Equal(n, hname) {
					for i, r := range bs.recs {
						last := i == len(bs.recs)-1 || len(r.key) != history.KeySize ||
							!bytes.HasPrefix(bs.recs[i+1].key, r.key[:bucketNameSize+IDSize])
						if last && len(r.key) == history.KeySize {
							newest = append(newest, r)
						}
					}
					return
				}
				m := map[ID][]byte{}
				for _, r := range bs.recs {
					if len(r.key) == IDSize {
						m[ID(r.key)] = r.value
					}
				}
				live[string(n)] = m
			})
		for _, r := range newest {
			bucket, id, ver, err := v.openVersion(r)
			if err != nil {
				continue // Check reports it
			}
			coll, ok := buckets[string(bucket)]
			if !ok {
				continue
			}
			sealed, isLive := live[string(bucket)][id]
			var why string
			switch {
			case ver.Tombstone && isLive:
				why = "it is in the trash, yet has a current value"
			case !ver.Tombstone && !isLive:
				why = "it has no current value, yet its newest version is not a deletion"
			case isLive:
				plain, err := v.keys.open(bucket, id[:], sealed)
				if err == nil && !bytes.Equal(plain, ver.Plain) {
					why = "its current value is not its newest version (rolled back, or changed by a folio without history)"
				}
				clear(plain)
			}
			clear(ver.Plain)
			if why != "" {
				damaged = append(damaged, Damage{Collection: coll, ID: id.String(), Err: fmt.Errorf("%w: %s", ErrDamaged, why)})
			}
		}
		return nil
	})
	return damaged, err
}

// EachHistory opens every version in the history in one pass and hands fn each
// record's versions, oldest first, with the record's collection (its bucket's name in
// hex when no collection keeps history there). Versions that fail to open are
// returned as Damage and left out. fn runs inside a read transaction and may keep
// what it is given.
func (v *Vault) EachHistory(fn func(collection string, id ID, vs []Version) error) ([]Damage, error) {
	buckets := v.hist.Buckets()
	var damaged []Damage
	var ferr error
	err := v.historyScan(func(hist []sealedRecord, _ map[string]map[ID]bool) {
		for start := 0; start < len(hist) && ferr == nil; {
			key := hist[start].key
			if len(key) != history.KeySize {
				damaged = append(damaged, Damage{Collection: "history", ID: base.RecordName(key), Err: fmt.Errorf("%w: a history key is %d bytes", ErrDamaged, len(key))})
				start++
				continue
			}
			prefix := key[:bucketNameSize+IDSize]
			end := start + 1
			for end < len(hist) && bytes.HasPrefix(hist[end].key, prefix) {
				end++
			}
			coll := history.CollectionName(buckets, prefix[:bucketNameSize])
			id := ID(prefix[bucketNameSize:])
			var vs []Version
			for _, r := range hist[start:end] {
				_, _, ver, err := v.openVersion(r)
				if err != nil {
					damaged = append(damaged, Damage{Collection: "history of " + coll, ID: id.String(), Err: err})
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
	return damaged, err
}

// NewestVersions is the number of the newest version of every record of collection
// that has versions, read from the history's keys alone: nothing is decrypted.
func (v *Vault) NewestVersions(collection string) (map[ID]uint32, error) {
	bucket := v.keys.bucketName(collection)
	out := map[ID]uint32{}
	err := v.historyScan(func(hist []sealedRecord, _ map[string]map[ID]bool) {
		i, _ := slices.BinarySearchFunc(hist, bucket, func(r sealedRecord, p []byte) int { return bytes.Compare(r.key, p) })
		for ; i < len(hist) && bytes.HasPrefix(hist[i].key, bucket); i++ {
			if k := hist[i].key; len(k) == history.KeySize {
				out[ID(k[bucketNameSize:bucketNameSize+IDSize])] = binary.BigEndian.Uint32(k[bucketNameSize+IDSize:])
			}
		}
	})
	return out, err
}
