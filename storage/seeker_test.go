package storage

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// putMany writes n records of up to 9000 bytes to entries in one transaction and
// returns their contents by ID, and the IDs in the order written.
func putMany(t *testing.T, v *Vault, rng *rand.Rand, n int, tag string) (map[ID]string, []ID) {
	t.Helper()
	want := map[ID]string{}
	var ids []ID
	err := v.Update(func(tx *Tx) error {
		for i := range n {
			id := NewID()
			s := fmt.Sprintf("%s %d %s", tag, i, strings.Repeat(string(rune('a'+i%26)), rng.IntN(9000)))
			if err := tx.Put("entries", id, []byte(s)); err != nil {
				return err
			}
			want[id], ids = s, append(ids, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return want, ids
}

// seekerBatches reads ids with s in batches of 256 (seeks, on two walks where
// there are two cores) and returns what each opened, how often, and the damage.
func seekerBatches(t *testing.T, s *Seeker, ids []ID) (map[ID]string, map[ID]int, []Damage) {
	t.Helper()
	var mu sync.Mutex
	got, times := map[ID]string{}, map[ID]int{}
	var damaged []Damage
	for start := 0; start < len(ids); start += 256 {
		d, err := s.LoadSome("entries", ids[start:min(start+256, len(ids))], func(id ID, _ Stamp, plain []byte) error {
			mu.Lock()
			defer mu.Unlock()
			got[id], times[id] = string(plain), times[id]+1
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		damaged = append(damaged, d...)
	}
	return got, times, damaged
}

// A Seeker kept across batches reads each batch as the vault is when it is read:
// after a write that rewrote every record, added some and deleted some, the next
// batches find the new contents, not those of the walks' old transaction.
func TestSeekerSeesWritesBetweenBatches(t *testing.T) {
	v, _ := newTestVault(t)
	rng := rand.New(rand.NewPCG(3, 5))
	want, ids := putMany(t, v, rng, 1200, "old")
	s := v.Seeker()
	defer s.Close()
	got, _, damaged := seekerBatches(t, s, ids)
	if len(damaged) > 0 || len(got) != len(ids) {
		t.Fatalf("before the write: %d of %d read, damage %v", len(got), len(ids), damaged)
	}
	for id, plain := range got {
		if plain != want[id] {
			t.Fatalf("%s: not its content before the write", id)
		}
	}

	// Rewrite every record (the old pages are freed and reused), delete a
	// tenth and add more, all between two batches of the one Seeker.
	deleted := map[ID]bool{}
	err := v.Update(func(tx *Tx) error {
		for i, id := range ids {
			if i%10 == 0 {
				deleted[id] = true
				delete(want, id)
				if err := tx.Delete("entries", id); err != nil {
					return err
				}
				continue
			}
			want[id] = "new " + want[id][len("old "):]
			if err := tx.Put("entries", id, []byte(want[id])); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	more, added := putMany(t, v, rng, 300, "added")
	for id, s := range more {
		want[id] = s
	}
	all := append(ids, added...)
	got, times, damaged := seekerBatches(t, s, all)
	if len(damaged) > 0 {
		t.Fatalf("%d records damaged after the write, the first %v", len(damaged), damaged[0])
	}
	if len(got) != len(want) {
		t.Fatalf("after the write: %d read, want %d", len(got), len(want))
	}
	for id, plain := range got {
		if deleted[id] {
			t.Fatalf("%s was deleted but read", id)
		}
		if plain != want[id] || times[id] != 1 {
			t.Fatalf("%s: read %d times, %q..., want %q...", id, times[id], plain[:min(len(plain), 12)], want[id][:min(len(want[id]), 12)])
		}
	}
}

// A Seeker kept across batches names damaged records as LoadSome does, in
// whichever batch they fall, and reads every other record once.
func TestSeekerBatchesWithDamage(t *testing.T) {
	v, path := newTestVault(t)
	want, ids := putMany(t, v, rand.New(rand.NewPCG(7, 11)), 1500, "r")
	bucket := v.keys.bucketName("entries")
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	bad := map[ID]bool{ids[3]: true, ids[700]: true, ids[1499]: true}
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		for id := range bad {
			val := bytes.Clone(b.Get(id[:]))
			val[len(val)/2] ^= 0x40
			if err := b.Put(id[:], val); err != nil {
				return err
			}
		}
		return nil
	})
	v = openTest(t, path, testPass, Options{ReadOnly: true})
	s := v.Seeker()
	defer s.Close()
	got, times, damaged := seekerBatches(t, s, ids)
	if len(got) != len(ids)-len(bad) {
		t.Fatalf("%d records opened, want %d", len(got), len(ids)-len(bad))
	}
	for id, plain := range got {
		if times[id] != 1 || bad[id] || plain != want[id] {
			t.Fatalf("%s opened %d times (damaged: %v), its own content: %v", id, times[id], bad[id], plain == want[id])
		}
	}
	if len(damaged) != len(bad) {
		t.Fatalf("damage %v, want the %d records flipped", damaged, len(bad))
	}
	for _, d := range damaged {
		if id, err := ParseID(d.ID); err != nil || !bad[id] || !errors.Is(d.Err, ErrDamaged) {
			t.Fatalf("damage %v is not a flipped record's", d)
		}
	}
}

// reportCPU reports the CPU time of the benchmark's loop, all goroutines', as
// cpu-ns/op, when the function it returns is called.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	b.ResetTimer()
	return func() { b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op") }
}

// BenchmarkLoadSomeBatches reads every record of a vault of n 1 KB records by ID,
// in a random order (an export's, by date, is random to the keys), 512 at a time:
// with a LoadSome of its own per batch, whose seeks open new walks and read and
// check the branch pages again, and with one Seeker for every batch.
//
//	go test ./storage -run '^$' -bench LoadSomeBatches -count 6 | tee seek.txt; benchstat -col /calls seek.txt
func BenchmarkLoadSomeBatches(b *testing.B) {
	const n = 100_000
	v, _ := newTestVault(b)
	ids := putSome(b, v, n, 1024)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	read := func(b *testing.B, load func([]ID, func(ID, Stamp, []byte) error) ([]Damage, error)) {
		var mu sync.Mutex
		got := 0
		for start := 0; start < len(ids); start += 512 {
			_, err := load(ids[start:min(start+512, len(ids))], func(ID, Stamp, []byte) error {
				mu.Lock()
				got++
				mu.Unlock()
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		if got != n {
			b.Fatalf("%d records read, want %d", got, n)
		}
	}
	b.Run("n=100k/calls=each", func(b *testing.B) {
		defer reportCPU(b)()
		for range b.N {
			read(b, func(ids []ID, fn func(ID, Stamp, []byte) error) ([]Damage, error) {
				return v.LoadSome("entries", ids, fn)
			})
		}
	})
	b.Run("n=100k/calls=seeker", func(b *testing.B) {
		defer reportCPU(b)()
		for range b.N {
			s := v.Seeker()
			read(b, func(ids []ID, fn func(ID, Stamp, []byte) error) ([]Damage, error) {
				return s.LoadSome("entries", ids, fn)
			})
			s.Close()
		}
	})
}
