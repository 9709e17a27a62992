package sync

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/sync/wire"
)

// copyOwn copies every file of d's own directory into to's folder.
func copyOwn(t testing.TB, d, to *device) {
	t.Helper()
	dev := d.s.dev().String()
	ents, err := os.ReadDir(filepath.Join(d.folder, dev))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(to.folder, dev), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(d.folder, dev, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to.folder, dev, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// An attachment whose chunk is still arriving waits, with the chunk named, and is
// kept once it is whole; a chunk changed in the folder is refused, named, and
// nothing of the attachment kept.
func TestChunksWaitAndRefuse(t *testing.T) {
	clk := &simClock{t: time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)}
	devs := newDevices(t, 3, clk)
	a, b, c := devs[0], devs[1], devs[2]
	for _, d := range devs {
		d.s.ChunkSize = 4096
	}
	rec := addEntry(t, a, "Placement", "evidence to follow")
	content := evidence(10000, 3, "CANARY")
	id := attach(t, a, rec, "certificate.pdf", content)
	if _, err := a.s.Sync(); err != nil {
		t.Fatal(err)
	}
	sid := mustSID(t, a.p, id)
	last := wire.ChunkName(a.s.dev(), sid, 2)
	if _, err := os.Stat(filepath.Join(a.folder, wire.ChunkName(a.s.dev(), sid, 3))); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("10000 bytes in chunks of 4096 are not 3 chunk files: %v", err)
	}
	copyOwn(t, a, b)
	copyOwn(t, a, c)
	// b: the last chunk still arriving.
	path := filepath.Join(b.folder, last)
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, whole[:len(whole)-10], 0o600); err != nil {
		t.Fatal(err)
	}
	rep, err := b.s.Sync()
	if err != nil {
		t.Fatal(err)
	}
	// The change set waits whole with its attachment: applied, it would be
	// acknowledged, and its writer could compact it away before the chunk arrives.
	if _, ok := b.p.Entry(rec); !slices.Contains(rep.Waiting, last) || !slices.Contains(rep.Waiting, wire.FileName(a.s.dev(), 1)) || rep.Attached != 0 || len(rep.Applied) != 0 || ok {
		t.Fatalf("a chunk cut short: waiting %v, applied %v, attached %d, entry there %v", rep.Waiting, rep.Applied, rep.Attached, ok)
	}
	if got, _ := attachment.Attachments(b.p, ""); len(got) != 0 {
		t.Fatalf("b keeps %d attachments before its chunks are whole", len(got))
	}
	if err := os.WriteFile(path, whole, 0o600); err != nil {
		t.Fatal(err)
	}
	if rep, err = b.s.Sync(); err != nil || rep.Attached != 1 || body(b, rec) != "evidence to follow" {
		t.Fatalf("once whole: attached %d, entry %q, %v", rep.Attached, body(b, rec), err)
	}
	sameFiles(t, a, b, map[portfolio.ID][]byte{id: content}, []portfolio.ID{id}, nil)

	// c: one byte of the middle chunk changed.
	mid := filepath.Join(c.folder, wire.ChunkName(a.s.dev(), sid, 1))
	bad, err := os.ReadFile(mid)
	if err != nil {
		t.Fatal(err)
	}
	bad[len(bad)-20] ^= 1
	if err := os.WriteFile(mid, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = c.s.Sync()
	if err == nil || !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), wire.ChunkName(a.s.dev(), sid, 1)) {
		t.Fatalf("a changed chunk: %v, want it refused and named", err)
	}
	if got, _ := attachment.Attachments(c.p, ""); len(got) != 0 {
		t.Fatalf("c keeps %d attachments from a changed chunk", len(got))
	}
}

// exchangeAll syncs every device and copies every device's files to every other,
// three times over.
func exchangeAll(t *testing.T, devs ...*device) {
	t.Helper()
	for range 3 {
		for _, d := range devs {
			if _, err := d.s.Sync(); err != nil {
				t.Fatalf("%s: %v", d.name, err)
			}
		}
		for _, d := range devs {
			for _, to := range devs {
				if to != d {
					copyOwn(t, d, to)
				}
			}
		}
	}
}

// A removal and a restore made without seeing each other: the later clock stands on
// every device. An erasure wins over a restore made without seeing it.
func TestAttachmentMarksMerge(t *testing.T) {
	clk := &simClock{t: time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)}
	devs := newDevices(t, 3, clk)
	a, b, c := devs[0], devs[1], devs[2]
	rec := addEntry(t, a, "Placement", "evidence to follow")
	one := attach(t, a, rec, "one.pdf", []byte("first file"))
	two := attach(t, a, rec, "two.pdf", []byte("second file"))
	content := map[portfolio.ID][]byte{one: []byte("first file"), two: []byte("second file")}
	if err := attachment.RemoveAttachment(a.p, two); err != nil {
		t.Fatal(err)
	}
	exchangeAll(t, a, b, c)
	sameFiles(t, a, b, content, []portfolio.ID{one}, []portfolio.ID{two})
	sameFiles(t, a, c, content, []portfolio.ID{one}, []portfolio.ID{two})

	// Offline from each other: b removes one; a minute later c removes and restores
	// it. a empties its trash (erasing two) while b, later, restores two.
	if err := attachment.RemoveAttachment(b.p, one); err != nil {
		t.Fatal(err)
	}
	if _, err := history.EmptyTrash(a.p); err != nil {
		t.Fatal(err)
	}
	clk.t = clk.t.Add(time.Minute)
	for _, f := range []func(*portfolio.Portfolio, portfolio.ID) error{attachment.RemoveAttachment, attachment.RestoreAttachment} {
		if err := f(c.p, one); err != nil {
			t.Fatal(err)
		}
	}
	if err := attachment.RestoreAttachment(b.p, two); err != nil {
		t.Fatal(err)
	}
	exchangeAll(t, a, b, c)
	sameFiles(t, a, b, content, []portfolio.ID{one}, nil)
	sameFiles(t, a, c, content, []portfolio.ID{one}, nil)
}
