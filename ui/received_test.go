package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio/share"
)

// sharedFile writes plain, encrypted to the vault's sharing key, to a file in a
// temporary folder and returns its path.
func sharedFile(t *testing.T, d *driver, name string, plain []byte) string {
	t.Helper()
	pub, err := d.app.ctx.p.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	to, err := share.ParseRecipients([]string{pub}, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := to.Encrypt(plain, false)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// receive opens "Shared with you" and receives the file at path with r.
func (d *driver) receive(path string) {
	d.t.Helper()
	if _, ok := d.app.top().(*receivedList); !ok {
		d.keys("m", "i")
	}
	d.expect("Your sharing key")
	d.keys("r")
	d.expect("Receive a file")
	d.typeText(path)
	d.keys("enter", "enter")
}

// Receiving the same file twice says it is held already, and keeps one copy.
func TestReceivingTheSameFileTwiceKeepsOne(t *testing.T) {
	d := seededDriver(t)
	path := sharedFile(t, d, "sam.md.age", []byte("# Notes from Sam\n\nKeep going.\n"))
	d.receive(path)
	d.expect("Kept \"Notes from Sam\"")
	d.receive(path)
	d.expect("You have \"Notes from Sam\" already")
	if s := d.screen(); strings.Contains(s, "already received") {
		t.Fatalf("a second receipt is shown as an error:\n%s", s)
	}
	if n := len(d.app.ctx.p.ReceivedDocuments("")); n != 1 {
		t.Fatalf("%d documents kept, want 1", n)
	}
}
