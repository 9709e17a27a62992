package sync

import (
	"bytes"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
)

// evidence is a file of n bytes that do not compress (as a scan or a PDF), with the
// canary at its start and in its middle, so that a folder holding any stretch of it
// in plain text shows it.
func evidence(n int, seed uint64, canary string) []byte {
	b := make([]byte, n)
	rng := rand.New(rand.NewPCG(seed, 18))
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	copy(b, canary)
	copy(b[n/2:], canary)
	return b
}

func attach(t *testing.T, d *device, rec portfolio.ID, name string, content []byte) portfolio.ID {
	t.Helper()
	a, err := attachment.Attach(d.p, rec, name, bytes.NewReader(content))
	if err != nil {
		t.Fatalf("%s: Attach: %v", d.name, err)
	}
	return a.ID
}

// sameFiles: a and b both show exactly the attachments live, and exactly those
// removed, each reading back byte for byte as it was added.
func sameFiles(t *testing.T, a, b *device, content map[portfolio.ID][]byte, live, removed []portfolio.ID) {
	t.Helper()
	for _, d := range []*device{a, b} {
		for _, list := range []struct {
			what string
			want []portfolio.ID
			get  func() ([]portfolio.Attachment, error)
		}{
			{"live", live, func() ([]portfolio.Attachment, error) { return attachment.Attachments(d.p, "") }},
			{"removed", removed, func() ([]portfolio.Attachment, error) { return attachment.RemovedAttachments(d.p) }},
		} {
			got, err := list.get()
			if err != nil {
				t.Fatal(err)
			}
			ids := map[portfolio.ID]bool{}
			for _, at := range got {
				ids[at.ID] = true
				r, err := attachment.OpenAttachment(d.p, at)
				if err != nil {
					t.Fatal(err)
				}
				bs, err := io.ReadAll(r)
				r.Close()
				if err != nil || !bytes.Equal(bs, content[at.ID]) {
					t.Fatalf("%s: attachment %s reads %d bytes (%v), was added with %d", d.name, at.ID, len(bs), err, len(content[at.ID]))
				}
			}
			if len(ids) != len(list.want) {
				t.Fatalf("%s has %d attachments %s, want %d", d.name, len(ids), list.what, len(list.want))
			}
			for _, id := range list.want {
				if !ids[id] {
					t.Fatalf("%s does not have attachment %s %s", d.name, id, list.what)
				}
			}
		}
	}
}

// noCanary fails if any file under dir (git's objects included) holds the canary.
func noCanary(t *testing.T, dir, canary string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(canary)) {
			t.Fatalf("%s holds the attachment's canary in plain text", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
