package storage

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func testKeys(t testing.TB, seed byte) *keys {
	t.Helper()
	k, err := deriveKeys(seq(seed, keySize))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// Every bit of a sealed value is covered: flipping any byte, cutting or extending the
// value, or opening it under another bucket, ID or key is damage, and no plaintext
// comes back.
func TestTamperSealedValue(t *testing.T) {
	k := testKeys(t, 0)
	bucket, id := k.bucketName("entries"), seq(0xa0, IDSize)
	sealed, err := k.seal(bucket, id, []byte("Reflection: what went well, what to change next time."))
	if err != nil {
		t.Fatal(err)
	}
	damaged := func(what string, b, bucket, id []byte, k *keys) {
		t.Helper()
		plain, err := k.open(bucket, id, b)
		if !errors.Is(err, ErrDamaged) || plain != nil {
			t.Fatalf("%s: %q, %v; want ErrDamaged and nothing", what, plain, err)
		}
	}
	for i := range sealed {
		for _, mask := range []byte{0x01, 0x80, 0xff} {
			b := bytes.Clone(sealed)
			b[i] ^= mask
			damaged("flipped byte", b, bucket, id, k)
		}
	}
	for n := range len(sealed) {
		damaged("cut short", sealed[:n], bucket, id, k)
	}
	damaged("extended", append(bytes.Clone(sealed), 0), bucket, id, k)
	for i := range id {
		other := bytes.Clone(id)
		other[i] ^= 1
		damaged("other ID", sealed, bucket, other, k)
	}
	damaged("other collection", sealed, k.bucketName("goals"), id, k)
	damaged("shorter ID", sealed, bucket, id[:IDSize-1], k)
	damaged("other vault's key", sealed, bucket, id, testKeys(t, 1))

	if plain, err := k.open(bucket, id, sealed); err != nil || !bytes.HasPrefix(plain, []byte("Reflection")) {
		t.Fatalf("the untouched value does not open: %v", err)
	}
}

// Records moved, swapped or copied inside the file are found by Get, Load and Check,
// and the records left alone still open.
func TestRecordsMovedInTheFile(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(tx *bolt.Tx, entries, goals *bolt.Bucket, a, b, c []byte) error
		// want is what Get returns for each record: "" for damaged, "-" for not found.
		want    map[string]string
		damaged []string // collection/record as Load reports them
		// counts names the collections whose record count no longer matches the sealed
		// one: the edits bypass folio, as damage does.
		counts []string
	}{
		{
			name: "swap two values",
			edit: func(tx *bolt.Tx, entries, goals *bolt.Bucket, a, b, c []byte) error {
				va, vb := bytes.Clone(entries.Get(a)), bytes.Clone(entries.Get(b))
				entries.Put(a, vb)
				return entries.Put(b, va)
			},
			want:    map[string]string{"entries/a": "", "entries/b": "", "goals/c": "c"},
			damaged: []string{"entries/a", "entries/b"},
		},
		{
			name: "move to another key",
			edit: func(tx *bolt.Tx, entries, goals *bolt.Bucket, a, b, c []byte) error {
				va := bytes.Clone(entries.Get(a))
				entries.Delete(a)
				return entries.Put(b, va)
			},
			want:    map[string]string{"entries/a": "-", "entries/b": "", "goals/c": "c"},
			damaged: []string{"entries/b"},
			counts:  []string{"entries"},
		},
		{
			name: "move to another collection",
			edit: func(tx *bolt.Tx, entries, goals *bolt.Bucket, a, b, c []byte) error {
				va := bytes.Clone(entries.Get(a))
				entries.Delete(a)
				return goals.Put(a, va)
			},
			want:    map[string]string{"entries/a": "-", "entries/b": "b", "goals/a": "", "goals/c": "c"},
			damaged: []string{"goals/a"},
			counts:  []string{"entries", "goals"},
		},
		{
			name: "copy over another collection's record",
			edit: func(tx *bolt.Tx, entries, goals *bolt.Bucket, a, b, c []byte) error {
				return goals.Put(c, bytes.Clone(entries.Get(a)))
			},
			want:    map[string]string{"entries/a": "a", "entries/b": "b", "goals/c": ""},
			damaged: []string{"goals/c"},
		},
		{
			name: "flip a stored byte",
			edit: func(tx *bolt.Tx, entries, goals *bolt.Bucket, a, b, c []byte) error {
				va := bytes.Clone(entries.Get(a))
				va[len(va)/2] ^= 4
				return entries.Put(a, va)
			},
			want:    map[string]string{"entries/a": "", "entries/b": "b", "goals/c": "c"},
			damaged: []string{"entries/a"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, path := newTestVault(t)
			ids := map[string]ID{"a": NewID(), "b": NewID(), "c": NewID()}
			v.Put("entries", ids["a"], []byte("a"))
			v.Put("entries", ids["b"], []byte("b"))
			v.Put("goals", ids["c"], []byte("c"))
			en, gn := v.keys.bucketName("entries"), v.keys.bucketName("goals")
			v.Close()
			rawUpdate(t, path, func(tx *bolt.Tx) error {
				a, b, c := ids["a"], ids["b"], ids["c"]
				return tc.edit(tx, tx.Bucket(en), tx.Bucket(gn), a[:], b[:], c[:])
			})

			v = openTest(t, path, testPass, Options{})
			for key, want := range tc.want {
				collection, id := key[:len(key)-2], ids[key[len(key)-1:]]
				got, err := v.Get(collection, id)
				switch want {
				case "":
					if !errors.Is(err, ErrDamaged) || got != nil {
						t.Errorf("get %s: %q %v, want ErrDamaged", key, got, err)
					}
				case "-":
					if !errors.Is(err, ErrNotFound) {
						t.Errorf("get %s: %q %v, want ErrNotFound", key, got, err)
					}
				default:
					if err != nil || string(got) != want {
						t.Errorf("get %s: %q %v, want %q", key, got, err, want)
					}
				}
			}
			names := map[string]string{}
			for n, id := range ids {
				names[id.String()] = n
			}
			var loadDamage, checkDamage []string
			for _, c := range []string{"entries", "goals"} {
				got, damaged, err := loadMap(v, c)
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range damaged {
					if d.ID == "" && slices.Contains(tc.counts, c) && strings.Contains(d.Error(), "records were written") {
						continue
					}
					loadDamage = append(loadDamage, d.Collection+"/"+names[d.ID])
					if !errors.Is(d.Err, ErrDamaged) {
						t.Errorf("damage %v is not ErrDamaged", d)
					}
				}
				for id, plain := range got {
					if key := c + "/" + names[id.String()]; tc.want[key] != plain {
						t.Errorf("load passed %s as %q", key, plain)
					}
				}
			}
			rep, err := v.Check([]string{"entries", "goals"})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range rep.Damaged {
				checkDamage = append(checkDamage, d.Collection+"/"+names[d.ID])
			}
			slices.Sort(loadDamage)
			slices.Sort(checkDamage)
			if !slices.Equal(loadDamage, tc.damaged) || !slices.Equal(checkDamage, tc.damaged) {
				t.Errorf("load found %v, check found %v, want %v", loadDamage, checkDamage, tc.damaged)
			}
			if len(rep.Structure) != len(tc.counts) {
				t.Errorf("structure: %v, want a count problem in each of %v", rep.Structure, tc.counts)
			}
			structure := slices.Sorted(slices.Values(rep.Structure))
			for i, c := range tc.counts {
				if i < len(structure) && !strings.HasPrefix(structure[i], c+": ") {
					t.Errorf("structure: %v, want a count problem in each of %v", rep.Structure, tc.counts)
				}
			}
		})
	}
}
