package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// chunkPages lists every page of the chunks' bucket in the vault file at path: its
// branch and leaf pages and their overflow pages, found through bbolt's page
// information and the branch elements' child page IDs (docs/VAULT.md).
func chunkPages(t testing.TB, path string, bucket []byte) []uint64 {
	t.Helper()
	// Writable, so bbolt loads the freelist, which its page information needs;
	// a view changes nothing.
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: LockTimeout})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	file := readFile(t, path)
	ps := uint64(db.Info().PageSize)
	var pages []uint64
	err = db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		if b == nil || b.Root() == 0 {
			return errors.New("the chunks' bucket has no pages of its own")
		}
		var walk func(id uint64) error
		walk = func(id uint64) error {
			info, err := tx.Page(int(id))
			if err != nil || info == nil {
				return errors.New("a chunk page is outside the file")
			}
			for i := range uint64(info.OverflowCount + 1) {
				pages = append(pages, id+i)
			}
			if info.Type != "branch" {
				return nil
			}
			for i := range uint64(info.Count) {
				// A branch element is pos, ksize (uint32 each) and the child's page ID.
				child := binary.LittleEndian.Uint64(file[id*ps+16+i*16+8:])
				if err := walk(child); err != nil {
					return err
				}
			}
			return nil
		}
		return walk(uint64(b.Root()))
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// Opening a vault never reads an attachment's chunks: with every page of the
// chunks' bucket overwritten, the vault opens for writing, sweeps and loads its
// records with nothing damaged, while the attachment itself no longer reads. So
// what opening costs does not grow with the attachments a vault holds.
func TestOpenNeverReadsChunks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vault.folio")
	v, err := Create(path, []byte(testPass), testKDF)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		if err := v.Put("entries", NewID(), []byte{byte(i)}); err != nil {
			t.Fatal(err)
		}
	}
	// Enough chunks that the bucket has branch pages above its leaves.
	a := attach(t, v, pattern(3*writeBatch*ChunkSize/2, 1))
	b := attach(t, v, pattern(ChunkSize+5, 2))
	bucket := v.keys.bucketName(chunksCollection)
	v.Close()

	pages := chunkPages(t, path, bucket)
	if len(pages) < int(a.Chunks+b.Chunks) {
		t.Fatalf("found %d pages for %d chunks", len(pages), a.Chunks+b.Chunks)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	junk := bytes.Repeat([]byte{0xa5}, pageSize)
	for _, p := range pages {
		if _, err := f.WriteAt(junk, int64(p)*pageSize); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	v = openTest(t, path, testPass, Options{})
	if n, err := v.SweepPending(nil); err != nil || n != 0 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	for _, c := range []string{"entries", blobsCollection, pendingCollection} {
		var n int
		damaged, err := v.Load(c, func(ID, []byte) error { n++; return nil })
		if err != nil || len(damaged) > 0 {
			t.Fatalf("loading %q after the chunks were overwritten: %v %v", c, damaged, err)
		}
		if want := map[string]int{"entries": 50, blobsCollection: 2}[c]; n != want {
			t.Errorf("%q: %d records, want %d", c, n, want)
		}
	}
	// The pages overwritten were the chunks: the attachment no longer reads.
	if _, err := readBlob(v, a.Hash); !errors.Is(err, ErrDamaged) {
		t.Errorf("reading an attachment whose chunks were overwritten: %v", err)
	}
}
