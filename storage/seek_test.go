package storage

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/foliohq/folio/storage/internal/pagewalk"
	"github.com/foliohq/folio/storage/internal/scan"
	bolt "go.etcd.io/bbolt"
)

// seeksSafely reads every record of sv by seek, with Get and LoadSome, from a vault
// that may be damaged: each answer is the record's content, an older version of it
// (a damaged pointer can lead to a page bbolt freed, whose record still
// authenticates, as a walk can be led there too), not found, or ErrDamaged.
func seeksSafely(v *Vault, sv *smallVault) error {
	older := map[string]bool{"first text": true}
	for _, c := range flipCollections {
		ids := make([]ID, 0, len(sv.content[c]))
		for id, want := range sv.content[c] {
			ids = append(ids, id)
			plain, err := v.Get(c, id)
			switch {
			case err == nil && string(plain) != want && !older[string(plain)]:
				return fmt.Errorf("get %s: %q, not %q", id, plain, want)
			case err != nil && !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrDamaged):
				return fmt.Errorf("get %s: %w", id, err)
			}
		}
		for id := range sv.content[c] {
			// A descent to a range of keys ends on any file too: it finds the IDs
			// there, or names damage.
			if _, err := v.IDsWithPrefix(c, id.String()[:4]); err != nil && !errors.Is(err, ErrDamaged) {
				return fmt.Errorf("IDs with prefix %s: %w", id.String()[:4], err)
			}
		}
		var mu sync.Mutex
		damaged, err := v.LoadSome(c, ids, func(id ID, _ Stamp, plain []byte) error {
			mu.Lock()
			defer mu.Unlock()
			if want, ok := sv.content[c][id]; !ok || (want != string(plain) && !older[string(plain)]) {
				return fmt.Errorf("load some %s: %q", id, plain)
			}
			return nil
		})
		if err != nil && !errors.Is(err, ErrDamaged) {
			return fmt.Errorf("load some: %w", err)
		}
		for _, d := range damaged {
			if !errors.Is(d.Err, ErrDamaged) {
				return fmt.Errorf("load some: damage that is not ErrDamaged: %v", d)
			}
		}
	}
	return nil
}

// base32Alphabet is the characters of an ID's text form, in the order of the
// values they stand for.
const base32Alphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// A seek finds exactly what the walk finds, in trees of one inline page up to
// several levels of branches, after puts, replacements and deletes, and finds
// nothing where there is nothing. At 6000 records the file has more pages than
// a walk keeps mapped (pagewalk.DropEvery), so the walk's records outlive dropped pages.
func TestSeekAgreesWithWalk(t *testing.T) {
	for _, n := range []int{0, 1, 5, 300, 6000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "v.folio")
			v, err := create(path, []byte(testPass), flipKDF, flipPageSize)
			if err != nil {
				t.Fatal(err)
			}
			defer func() {
				v.Close()
				checkConsistent(t, path)
			}()
			rng := rand.New(rand.NewPCG(uint64(n), 1))
			want := map[ID]string{}
			var ids []ID
			for done := 0; done < n; {
				err := v.Update(func(tx *Tx) error {
					for range min(500, n-done) {
						id := NewID()
						s := fmt.Sprintf("%d %s", done, strings.Repeat("r", rng.IntN(600)))
						if err := tx.Put("entries", id, []byte(s)); err != nil {
							return err
						}
						want[id], ids = s, append(ids, id)
						done++
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			// Replace a tenth, delete a tenth, in one transaction.
			err = v.Update(func(tx *Tx) error {
				for i, id := range ids {
					switch i % 10 {
					case 3:
						if err := tx.Put("entries", id, []byte("replaced")); err != nil {
							return err
						}
						want[id] = "replaced"
					case 7:
						if err := tx.Delete("entries", id); err != nil {
							return err
						}
						delete(want, id)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if n == 6000 {
				if st, err := os.Stat(path); err != nil || st.Size()/flipPageSize < pagewalk.DropEvery {
					t.Fatalf("the file has %d pages, fewer than a walk drops", st.Size()/flipPageSize)
				}
			}
			if got := loadAll(t, v, "entries"); !maps.Equal(got, want) {
				t.Fatalf("the walk read %d records, want %d", len(got), len(want))
			}
			absent := []ID{{}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, NewID()}
			for _, id := range append(ids, absent...) {
				plain, err := v.Get("entries", id)
				w, ok := want[id]
				switch {
				case ok && (err != nil || string(plain) != w):
					t.Fatalf("get %s: %q, %v; want %q", id, plain, err, w)
				case !ok && !errors.Is(err, ErrNotFound):
					t.Fatalf("get %s, not there: %q, %v", id, plain, err)
				}
			}
			var mu sync.Mutex
			got := map[ID]string{}
			damaged, err := v.LoadSome("entries", append(ids, absent...), func(id ID, _ Stamp, plain []byte) error {
				mu.Lock()
				defer mu.Unlock()
				got[id] = string(plain)
				return nil
			})
			if err != nil || len(damaged) > 0 || !maps.Equal(got, want) {
				t.Fatalf("load some: %d records of %d, damaged %v, err %v", len(got), len(want), damaged, err)
			}
			// A part of the collection, by seeks when it is small enough.
			part := ids[:len(ids)/3]
			got = map[ID]string{}
			damaged, err = v.LoadSome("entries", part, func(id ID, _ Stamp, plain []byte) error {
				mu.Lock()
				defer mu.Unlock()
				got[id] = string(plain)
				return nil
			})
			for _, id := range part {
				if w, ok := want[id]; ok && got[id] != w {
					t.Fatalf("load some of a part: %s is %q, want %q", id, got[id], w)
				}
			}
			if err != nil || len(damaged) > 0 {
				t.Fatalf("load some of a part: damaged %v, err %v", damaged, err)
			}
			// Seeks hand their records over in batches, every one found once, on
			// one walk or split over several.
			if len(ids) > 2*scan.SeekBatch {
				for _, workers := range []int{1, 3} {
					var mu sync.Mutex
					var batches, found int
					seen := map[ID]bool{}
					err := v.seekRecords("entries", ids, workers, func(recs []sealedRecord, _ []Damage) error {
						mu.Lock()
						defer mu.Unlock()
						batches++
						if len(recs) > scan.SeekBatch {
							t.Errorf("a batch of %d records, more than %d", len(recs), scan.SeekBatch)
						}
						for _, r := range recs {
							id := ID(r.Key)
							if seen[id] {
								t.Errorf("record %s handed over twice", id)
							}
							seen[id] = true
							found++
						}
						return nil
					})
					if err != nil || found != len(want) || batches < 2 {
						t.Fatalf("seek records on %d walks: %d found in %d batches, want %d; err %v", workers, found, batches, len(want), err)
					}
				}
			}
			// Every ID starting with a prefix, and only those, by a descent to
			// their range: prefixes of every length, of IDs there and not, one
			// letter (a range over many leaves at 6000), none (the whole tree).
			prefixes := []string{"", "U", "i", "0000000000000000", "zzzzzzzzzzzzzzzzz"}
			for c := range len(base32Alphabet) {
				prefixes = append(prefixes, base32Alphabet[c:c+1])
			}
			for i, id := range append(ids[:min(len(ids), 200)], absent...) {
				text := id.String()
				if i%2 == 1 {
					text = strings.ToUpper(text)
				}
				prefixes = append(prefixes, text[:i%17])
			}
			for _, prefix := range prefixes {
				var wantIDs []ID
				for id := range want {
					if strings.HasPrefix(id.String(), strings.ToLower(prefix)) {
						wantIDs = append(wantIDs, id)
					}
				}
				slices.SortFunc(wantIDs, func(a, b ID) int { return bytes.Compare(a[:], b[:]) })
				got, err := v.IDsWithPrefix("entries", prefix)
				if err != nil || !slices.Equal(got, wantIDs) {
					t.Fatalf("IDs starting %q: %d found, want %d; err %v", prefix, len(got), len(wantIDs), err)
				}
			}
			if got, err := v.IDsWithPrefix("goals", ""); err != nil || len(got) != 0 {
				t.Fatalf("IDs of a collection never written: %v, %v", got, err)
			}
			// A collection that was never written has nothing to find.
			if _, err := v.Get("goals", NewID()); !errors.Is(err, ErrNotFound) {
				t.Fatalf("get from an empty collection: %v", err)
			}
		})
	}
}

// The sound small vault seeks every record exactly.
func TestSeekSmallVault(t *testing.T) {
	sv := newSmallVault(t)
	path := filepath.Join(t.TempDir(), "small.folio")
	if err := os.WriteFile(path, sv.raw, 0o600); err != nil {
		t.Fatal(err)
	}
	v := openTest(t, path, testPass, Options{ReadOnly: true})
	for _, c := range flipCollections {
		for id, want := range sv.content[c] {
			if plain, err := v.Get(c, id); err != nil || string(plain) != want {
				t.Fatalf("get %s: %q, %v", id, plain, err)
			}
		}
	}
	if err := seeksSafely(v, sv); err != nil {
		t.Fatal(err)
	}
}

// LoadSome of many records, sought by several walks at once each reading pages of
// one to several overflow pages into memory it reuses batch after batch, gives
// every record's own content once and reports each damaged record, and only
// those: a reused page never leaks into another record.
func TestLoadSomeManyWithDamage(t *testing.T) {
	v, path := newTestVault(t)
	rng := rand.New(rand.NewPCG(7, 11))
	want := map[ID]string{}
	var ids []ID
	err := v.Update(func(tx *Tx) error {
		for i := range 1500 {
			id := NewID()
			s := fmt.Sprintf("%d %s", i, strings.Repeat(string(rune('a'+i%26)), rng.IntN(9000)))
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
	var mu sync.Mutex
	got := map[ID]int{}
	// The seeks go in key order, on a copy: the caller's IDs stay as they were.
	given := slices.Clone(ids)
	defer func() {
		if !slices.Equal(ids, given) {
			t.Error("LoadSome reordered the caller's IDs")
		}
	}()
	damaged, err := v.LoadSome("entries", ids, func(id ID, _ Stamp, plain []byte) error {
		mu.Lock()
		defer mu.Unlock()
		got[id]++
		if string(plain) != want[id] {
			t.Errorf("%s: %d bytes, not its own %d", id, len(plain), len(want[id]))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ids)-len(bad) {
		t.Fatalf("%d records opened, want %d", len(got), len(ids)-len(bad))
	}
	for id, n := range got {
		if n != 1 || bad[id] {
			t.Fatalf("%s opened %d times (damaged: %v)", id, n, bad[id])
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
