package storage

import (
	"encoding/binary"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/storage/internal/pagewalk"
	bolt "go.etcd.io/bbolt"
)

// Damage that makes bbolt's own traversal loop or run away (a branch pointing back at
// itself, an overflow count of billions, more elements than a page holds) still gets
// a report from Check, promptly, naming the structure problem and authenticating the
// records it can reach.
func TestCheckEndsOnLoopsAndRunawayCounts(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(raw []byte, root, leaf int)
		want string
	}{
		{"branch points at itself", func(raw []byte, root, leaf int) {
			binary.NativeEndian.PutUint64(raw[root*pageSize+16+pagewalk.ElemSize+8:], uint64(root))
		}, "reached twice"},
		{"overflow of 2^32-1", func(raw []byte, root, leaf int) {
			binary.NativeEndian.PutUint32(raw[leaf*pageSize+12:], 0xFFFFFFFF)
		}, "past the end of the file"},
		{"65535 elements", func(raw []byte, root, leaf int) {
			binary.NativeEndian.PutUint16(raw[root*pageSize+10:], 0xFFFF)
		}, "do not fit"},
		{"leaf turned branch", func(raw []byte, root, leaf int) {
			binary.NativeEndian.PutUint16(raw[leaf*pageSize+8:], pagewalk.BranchFlag)
		}, "outside the file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, path := newTestVault(t)
			putSome(t, v, 150, 200)
			en := v.keys.bucketName("entries")
			v.Close()
			var root, leaf int
			db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			db.View(func(tx *bolt.Tx) error {
				root = int(tx.Bucket(en).Root())
				return nil
			})
			db.Close()
			good := readFile(t, path)
			defer os.WriteFile(path, good, 0o600) // for the cleanup's consistency check
			raw := append([]byte(nil), good...)
			if binary.NativeEndian.Uint16(raw[root*pageSize+8:]) != pagewalk.BranchFlag {
				t.Fatal("the entries tree has no branch page; add records")
			}
			leaf = int(binary.NativeEndian.Uint64(raw[root*pageSize+16+8:])) // the first child
			tc.edit(raw, root, leaf)
			if err := os.WriteFile(path, raw, 0o600); err != nil {
				t.Fatal(err)
			}

			v = openTest(t, path, testPass, Options{ReadOnly: true})
			done := make(chan Report)
			go func() {
				rep, err := v.Check([]string{"entries"})
				if err != nil {
					t.Error(err)
				}
				done <- rep
			}()
			select {
			case rep := <-done:
				if !strings.Contains(strings.Join(rep.Structure, "\n"), tc.want) {
					t.Errorf("structure %q, want a mention of %q", rep.Structure, tc.want)
				}
				if tc.name != "65535 elements" && rep.Records == 0 {
					t.Error("no record was authenticated; the undamaged part was not reached")
				}
			case <-time.After(20 * time.Second):
				t.Fatal("check did not finish")
			}
			v.Close()
		})
	}
}
