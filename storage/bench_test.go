package storage

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkFirstWrite is what the walk of the whole file before a process's first
// write costs: open alone against open and one put, on a vault of n 2 KB records.
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
		for _, put := range []bool{false, true} {
			b.Run(fmt.Sprintf("n=%dk/put=%v", n/1000, put), func(b *testing.B) {
				for range b.N {
					v, err := Open(path, []byte(testPass), Options{})
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
