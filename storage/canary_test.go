package storage

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Nothing a user writes, nor the names of the collections it is filed under, may reach
// the file in plain: not in values, keys, bucket names, free pages or a backup.
func TestCanaryNeverInTheFile(t *testing.T) {
	const canary = "CANARY-Zq7wXk"
	v, path := newTestVault(t)
	collections := []string{"entries", "goals", "actions", "meetings"}
	plain := func(i int) []byte {
		// At the start, in the middle and at the end of the plaintext.
		return []byte(canary + strings.Repeat(" reflection "+canary, i+1) + canary)
	}
	var ids []ID
	for i, c := range collections {
		for j := range 5 {
			id := NewID()
			ids = append(ids, id)
			if err := v.Put(c, id, plain(i*5+j)); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Replaced and deleted values leave old pages on the freelist; they must be
	// ciphertext too.
	v.Put("entries", ids[0], plain(99))
	v.Delete("goals", ids[5])
	if err := v.ChangePassphrase([]byte("second "+canary), testKDF); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "backup.folio")
	if err := v.Backup(backup, false); err != nil {
		t.Fatal(err)
	}
	v.Close()

	needles := append([]string{canary, testPass, "reflection", "folio record", "folio v1"}, collections...)
	for _, p := range []string{path, backup} {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range needles {
			for _, form := range []string{n, strings.ToLower(n), strings.ToUpper(n)} {
				if bytes.Contains(raw, []byte(form)) {
					t.Errorf("%s holds %q in plain", filepath.Base(p), form)
				}
			}
		}
		for _, id := range ids {
			if bytes.Contains(raw, []byte(id.String())) {
				t.Errorf("%s holds the text form of ID %s", filepath.Base(p), id)
			}
		}
	}

	// The test would pass on an empty file: make sure the records are in there.
	v = openTest(t, backup, "second "+canary, Options{ReadOnly: true})
	if got := loadAll(t, v, "actions"); len(got) != 5 || !strings.Contains(got[ids[10]], canary) {
		t.Errorf("backup holds %d actions", len(got))
	}
}
