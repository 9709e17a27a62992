package storage

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkFirstWrite is what the walk of the whole file before a process's first
// write costs: open alone against open and one put, on a vault of n 2 KB records,
// with the walk at the put or started by the open beside the key derivation
// (Options.Writing).
//
//	go test ./storage -run '^$' -bench FirstWrite -benchtime 10x
func BenchmarkFirstWrite(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		path := filepath.Join(b.TempDir(), "bench.folio")
		v, err := Create(path, []byte(testPass), testKDF)
		if err != nil {
			b.Fatal(err)
		}
		putSome(b, v, n, 2048)
		v.Close()
		for _, c := range []struct{ put, early bool }{{false, false}, {true, false}, {true, true}} {
			name := fmt.Sprintf("n=%dk/put=%v", n/1000, c.put)
			if c.early {
				name += "/walk-from-open"
			}
			put := c.put
			b.Run(name, func(b *testing.B) {
				for range b.N {
					v, err := Open(path, []byte(testPass), Options{Writing: c.early})
					if err != nil {
						b.Fatal(err)
					}
					if put {
						if err := v.Put("entries", NewID(), []byte("x")); err != nil {
							b.Fatal(err)
						}
					}
					v.Close()
				}
			})
		}
	}
}

// BenchmarkPut is one Put in an open vault of n small records, with the ID sets kept
// and, for comparison, without them (as before they existed): what keeping them adds
// to a save. The file is not synced (bbolt's NoSync), so the disk's flush, which
// dominates a real save and varies by milliseconds, does not hide the difference.
//
//	go test ./storage -run '^$' -bench 'Put$' -benchtime 2000x
func BenchmarkPut(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		v, _ := newTestVault(b)
		v.db.NoSync = true
		putSome(b, v, n, 64)
		for _, sets := range []bool{false, true} {
			b.Run(fmt.Sprintf("n=%dk/idsets=%v", n/1000, sets), func(b *testing.B) {
				v.idSets.Store(sets)
				for range b.N {
					if err := v.Put("entries", NewID(), []byte("x")); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		v.Close()
	}
}

// BenchmarkPutHistory is one 2 KB save over an existing record, with and without
// history: the cost a version adds to a save (one more seal and Put, and the device
// record).
func BenchmarkPutHistory(b *testing.B) {
	for _, keep := range []bool{false, true} {
		b.Run(map[bool]string{false: "without", true: "with"}[keep], func(b *testing.B) {
			v, _ := newTestVault(b)
			if keep {
				v.KeepHistory(nil, "entries")
			}
			id := NewID()
			plain := bytes.Repeat([]byte("reflection "), 190)
			for b.Loop() {
				if err := v.Put("entries", id, plain); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
