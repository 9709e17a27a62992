package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
)

// editFile changes the vault file in place, as damage would.
func (f *fixture) editFile(edit func(raw []byte)) {
	f.t.Helper()
	raw, err := os.ReadFile(f.vault)
	if err != nil {
		f.t.Fatal(err)
	}
	edit(raw)
	if err := os.WriteFile(f.vault, raw, 0o600); err != nil {
		f.t.Fatal(err)
	}
}

// Argon2 parameters out of range behind a valid checksum are a damaged header: exit 5,
// not the exit 2 of bad usage.
func TestDamagedHeaderParametersExitDamaged(t *testing.T) {
	f := newFixture(t)
	f.init()
	f.editFile(func(raw []byte) {
		at := bytes.Index(raw, []byte("FOLIOVLT"))
		if at < 0 {
			t.Fatal("no header in the file")
		}
		h := raw[at : at+140]
		binary.BigEndian.PutUint32(h[15:], 4<<20) // memory in KiB, over the cap
		sum := sha256.Sum256(h[:108])
		copy(h[108:], sum[:])
	})
	r := f.run("", "list")
	if r.status != ExitDamaged || !strings.Contains(r.stderr, "damaged") {
		t.Errorf("list: status %d, stderr %q; want %d", r.status, r.stderr, ExitDamaged)
	}
}

// passwd --kdf-memory 0 was taken as "no change" and ignored.
func TestPasswdRefusesZeroKDFSetting(t *testing.T) {
	f := newFixture(t)
	f.init()
	before := f.vaultSum()
	newPass := f.dir + "/newpass"
	os.WriteFile(newPass, []byte("another passphrase\n"), 0o600)
	for _, args := range [][]string{
		{"--kdf-memory", "0"},
		{"--kdf-time", "1", "--kdf-memory", "0", "--kdf-threads", "1"},
	} {
		r := f.run("", append([]string{"passwd", "--new-passphrase-file", newPass}, args...)...)
		if r.status != ExitUsage || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "kdf") {
			t.Errorf("passwd %v: status %d, stderr %q; want one sentence and status %d", args, r.status, r.stderr, ExitUsage)
		}
	}
	if f.vaultSum() != before {
		t.Error("a refused passwd changed the vault")
	}
}

// A vault that cannot be written is not called damaged, and gets no advice to restore
// a backup over it.
func TestReadOnlyVaultIsNotDamaged(t *testing.T) {
	err := fmt.Errorf("%w: vault.folio cannot be written (permission denied)", portfolio.ErrReadOnly)
	if got := ExitStatus(err); got != ExitFailure {
		t.Errorf("exit status %d, want %d", got, ExitFailure)
	}
	if msg := Message(err); strings.Contains(msg, "backup") || strings.Contains(msg, "damaged") {
		t.Errorf("message %q suggests damage", msg)
	}
}

// When the newest change cannot be read, reading commands show what is there, warn and
// exit 5, check and writing commands say so with exit 5, and --accept-rollback keeps
// the vault as it is.
func TestLostLastChange(t *testing.T) {
	f := newFixture(t)
	f.init()
	f.mustRun("a", "add", "--function", "n", "--title", "First")
	f.mustRun("b", "add", "--function", "n", "--title", "Second")
	f.editFile(func(raw []byte) {
		ps := os.Getpagesize()
		txn := func(page int) uint64 { return binary.NativeEndian.Uint64(raw[page*ps+16+48:]) }
		newest := 0
		if txn(1) > txn(0) {
			newest = 1
		}
		raw[newest*ps+16+16] ^= 1 // the root page number, under the meta checksum
	})
	before := f.vaultSum()
	if r := f.run("c", "add", "--function", "n", "--title", "Third"); r.status != ExitDamaged || !strings.Contains(r.stderr, "--accept-rollback") {
		t.Errorf("add: status %d, stderr %q", r.status, r.stderr)
	}
	if f.vaultSum() != before {
		t.Fatal("a refused add changed the vault")
	}
	r := f.run("", "list")
	if r.status != ExitDamaged || !strings.Contains(r.stderr, "could not be read") || !strings.Contains(r.stdout, "First") || strings.Contains(r.stdout, "Second") {
		t.Errorf("list: %+v", r)
	}
	if r := f.run("", "check"); r.status != ExitDamaged || !strings.Contains(r.stdout, "could not be read") ||
		!strings.Contains(r.stderr, "file is damaged") {
		t.Errorf("check: %+v", r)
	}
	f.mustRun("c", "add", "--function", "n", "--title", "Third", "--accept-rollback")
	f.mustRun("d", "add", "--function", "n", "--title", "Fourth")
	if out := f.mustRun("", "check"); !strings.Contains(out, "All 3 records") {
		t.Errorf("check after accepting: %q", out)
	}
}

// A damaged record is skipped with a warning, and the command still does its work;
// but what it showed is not all that was saved, so it exits 5 like lost structure.
func TestDamagedRecordExitsDamaged(t *testing.T) {
	f := newFixture(t)
	f.init()
	f.mustRun("", "add", "--function", "n", "--title", "Kept")
	f.mustRun("", "add", "--function", "n", "--title", "Lost")
	var lost string
	for _, e := range f.list() {
		if e.Title == "Lost" {
			lost = e.ID
		}
	}
	f.damageRecord(lost)
	r := f.run("", "list")
	if r.status != ExitDamaged || !strings.Contains(r.stdout, "Kept") || strings.Contains(r.stdout, "Lost") ||
		!strings.Contains(r.stderr, "record "+lost+" is damaged and was skipped") {
		t.Errorf("list: status %d, stdout %q, stderr %q; want the good entry listed, a warning, and status %d", r.status, r.stdout, r.stderr, ExitDamaged)
	}
}

// damageRecord flips a byte inside the sealed record of id, in every copy the
// file holds.
func (f *fixture) damageRecord(id string) {
	f.t.Helper()
	key, err := base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding).DecodeString(id)
	if err != nil || len(key) != 10 {
		f.t.Fatalf("id %q: %v", id, err)
	}
	f.editFile(func(raw []byte) {
		// The sealed record follows its key in the page.
		n := 0
		for at := 0; ; {
			i := bytes.Index(raw[at:], key)
			if i < 0 {
				break
			}
			raw[at+i+len(key)+40] ^= 0x5a
			at += i + len(key)
			n++
		}
		if n == 0 {
			f.t.Fatal("the record's key is not in the file")
		}
	})
}
