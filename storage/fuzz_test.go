package storage

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/chacha20poly1305"
)

// The fuzz targets run their seeds in every test run; fuzz them with, for example,
//
//	go test ./storage -run '^$' -fuzz '^FuzzOpen$' -fuzztime 60s -fuzzminimizetime 10x
//
// (Minimising a 30 KB vault with the default budget takes minutes per input.)

// FuzzOpen writes arbitrary bytes as a vault and opens it: the answer is a vault or one
// of the classifying errors, never a panic, a crash or a hang. A vault that opens is
// loaded and checked too, which walks and authenticates everything in it. The corpus seeds it
// with sound and damaged vaults.
func FuzzOpen(f *testing.F) {
	files, err := filepath.Glob(filepath.Join(corpusDir, "*"+corpusExt))
	if err != nil || len(files) == 0 {
		f.Fatalf("no corpus: %v", err)
	}
	for _, file := range files {
		f.Add(readFile(f, file))
	}
	dir := f.TempDir() // one directory, not one per input, for speed
	var n atomic.Int64
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, fmt.Sprint(n.Add(1), ".folio"))
		defer os.Remove(path)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		v, err := Open(path, []byte(corpusPass), Options{ReadOnly: len(data)%2 == 0})
		if err != nil {
			if v != nil {
				t.Fatal("a vault and an error")
			}
			// Anything else, ErrInUse above all, would mean a failed open kept the lock.
			if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrWrongPassphrase) && !errors.Is(err, ErrUnsupportedVersion) {
				t.Fatalf("open: %v", err)
			}
			return
		}
		defer v.Close()
		// The load path, as list and the app read: damage it names comes from the file.
		for _, c := range []string{"entries", "goals"} {
			_, damaged, err := loadMap(v, c)
			if err != nil {
				t.Fatalf("load %s: %v", c, err)
			}
			for _, d := range damaged {
				if !fromFile(d.ID, data) || !errors.Is(d.Err, ErrDamaged) {
					t.Fatalf("load %s: damage %v", c, d)
				}
			}
		}
		if _, err := v.Check([]string{"entries", "goals"}); err != nil {
			t.Fatalf("check: %v", err)
		}
	})
}

// FuzzOpenRecord hands the sealed-record parser arbitrary bytes, bucket names and IDs:
// it never panics, and it returns plaintext only for exactly what was sealed under
// that bucket and ID. It uses the keys of the corpus's sound vault and is seeded with
// that vault's records, as well as with values sealed here.
func FuzzOpenRecord(f *testing.F) {
	path := filepath.Join(f.TempDir(), "v.folio")
	if err := os.WriteFile(path, readFile(f, filepath.Join(corpusDir, "opens.untouched"+corpusExt)), 0o600); err != nil {
		f.Fatal(err)
	}
	v, err := Open(path, []byte(corpusPass), Options{ReadOnly: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { v.Close() }) // Close clears the keys
	k := v.keys
	sealed := map[string]bool{}
	tag := func(bucket, id, data []byte) string { return fmt.Sprintf("%x/%x/%x", bucket, id, data) }
	add := func(bucket, id, data []byte) {
		sealed[tag(bucket, id, data)] = true
		f.Add(bucket, id, data)
	}
	for _, c := range []string{"entries", "goals"} {
		bucket := k.bucketName(c)
		err := v.db.View(func(tx *bolt.Tx) error {
			return tx.Bucket(bucket).ForEach(func(id, data []byte) error {
				add(bytes.Clone(bucket), bytes.Clone(id), bytes.Clone(data))
				return nil
			})
		})
		if err != nil {
			f.Fatal(err)
		}
	}
	if len(sealed) != len(corpusRecords) {
		f.Fatalf("%d corpus records, want %d", len(sealed), len(corpusRecords))
	}
	for i, plain := range []string{"", "x", strings.Repeat("long ", 300)} {
		bucket, id := k.bucketName("entries"), seq(byte(i), IDSize)
		add(bucket, id, k.sealWithNonce(bucket, id, []byte(plain), seq(byte(0x40+i), chacha20poly1305.NonceSizeX)))
	}
	f.Add([]byte{}, []byte{}, []byte{})
	f.Add(k.bucketName("entries"), seq(0, IDSize), make([]byte, sealOverhead))
	f.Fuzz(func(t *testing.T, bucket, id, data []byte) {
		plain, err := k.open(bucket, id, data)
		if err != nil {
			if plain != nil || !errors.Is(err, ErrDamaged) {
				t.Fatalf("open: %q, %v", plain, err)
			}
			return
		}
		if !sealed[tag(bucket, id, data)] {
			t.Fatalf("opened bytes it never sealed: bucket %x id %x data %x", bucket, id, data)
		}
	})
}

// FuzzParseID: an ID parses only from its own text form, in either case.
func FuzzParseID(f *testing.F) {
	f.Add(katIDText)
	f.Add(strings.ToUpper(katIDText))
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseID(s)
		if err == nil && id.String() != strings.ToLower(s) {
			t.Fatalf("ParseID(%q) = %s", s, id)
		}
	})
}
