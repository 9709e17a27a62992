package portfolio

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/foliohq/folio/storage"
	"github.com/foliohq/folio/storage/memscan"
)

// Environment of the child half of TestNoRecordTextAfterClose. The parent passes
// every secret complemented, so the child never holds one it has not decrypted.
const (
	memChildEnv   = "FOLIO_TEST_MEMORY_CHILD"
	memVaultEnv   = "FOLIO_TEST_MEMORY_VAULT"
	memPassEnv    = "FOLIO_TEST_MEMORY_NOT_PASS"
	memCanaryEnv  = "FOLIO_TEST_MEMORY_NOT_CANARY"
	memEntryIDEnv = "FOLIO_TEST_MEMORY_ENTRY"
)

// TestNoRecordTextAfterClose: the parent writes a vault holding a canary in an entry's
// title and body, a goal and an action; a child process opens it, as the app does at unlock,
// reads the entry and the goals, closes the portfolio, collects, and scans its own
// memory through /proc/self/mem for the canary and the passphrase. A control secret
// the child keeps alive must be found. The storage package's TestNoSecretsAfterClose
// covers the keys.
//
// What it proves: after Close the decrypted records the portfolio loaded are
// overwritten (entries, goals and actions, whose strings share the decrypted
// record) and unreachable, in this run. The passphrase is
// allowed one copy, in Argon2's own freed BLAKE2b state (see storage's test).
func TestNoRecordTextAfterClose(t *testing.T) {
	if os.Getenv(memChildEnv) == "1" {
		memChild(t)
		return
	}
	if !memscan.Supported() {
		t.Skip("reading the process's own memory needs /proc/self/mem (Linux)")
	}
	raw := make([]byte, 20)
	rand.Read(raw)
	canary := "canary" + hex.EncodeToString(raw)
	pass := "pass" + hex.EncodeToString(raw[:8])
	path := filepath.Join(t.TempDir(), "vault.folio")
	p, err := Create(path, []byte(pass), Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	e := mustAddEntry(t, p, Entry{Title: "title " + canary, Body: "body " + canary, Functions: Functions(Formative)})
	g := mustAddGoal(t, p, Goal{Title: "goal " + canary})
	mustAddAction(t, p, Action{GoalID: g.ID, What: "action " + canary})
	for range 50 {
		mustAddEntry(t, p, Entry{Title: "other", Body: strings.Repeat("words ", 300), Functions: Functions(Normative)})
	}
	// Versions and the trash hold the canary too, read back in the child.
	edited := *e
	edited.Body = "edited body " + canary
	if _, err := p.UpdateEntry(edited); err != nil {
		t.Fatal(err)
	}
	gone := mustAddEntry(t, p, Entry{Title: "gone " + canary, Body: "deleted " + canary, Functions: Functions(Formative)})
	if err := p.DeleteEntry(gone.ID); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoRecordTextAfterClose$", "-test.v")
	cmd.Env = append(os.Environ(), memChildEnv+"=1", memVaultEnv+"="+path,
		memPassEnv+"="+hex.EncodeToString(memscan.Complement([]byte(pass))),
		memCanaryEnv+"="+hex.EncodeToString(memscan.Complement([]byte(canary))),
		memEntryIDEnv+"="+string(e.ID))
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "memory scan clean") {
		t.Fatalf("the child found record text in its memory after Close (%v):\n%s", err, out)
	}
}

func memChild(t *testing.T) {
	notPass, err1 := hex.DecodeString(os.Getenv(memPassEnv))
	notCanary, err2 := hex.DecodeString(os.Getenv(memCanaryEnv))
	if err1 != nil || err2 != nil {
		t.Fatal("bad secrets from the parent")
	}
	control := make([]byte, 24)
	rand.Read(control)
	for i := range control {
		control[i] = 'a' + control[i]%26
	}
	pass := memscan.Complement(notPass)
	p, err := Open(os.Getenv(memVaultEnv), pass, Options{KDF: cheapKDF})
	clear(pass)
	if err != nil {
		t.Fatal(err)
	}
	e, ok := p.Entry(ID(os.Getenv(memEntryIDEnv)))
	if !ok || !endsWithNot(e.Body, notCanary) || !endsWithNot(e.Title, notCanary) {
		t.Fatal("the canary entry did not load")
	}
	if n := len(goalsOf(p, GoalOpen)); n != 1 {
		t.Fatalf("%d goals loaded, want 1", n)
	}
	// Versions and the trash decoded as package history reads them, through the
	// core's lower-level calls: the records they share Close must overwrite.
	sid, err := storageID(e.ID)
	var vs []storage.Version
	var bad []Damage
	if err == nil {
		vs, bad, err = p.StoredHistory().Versions(collEntries, sid)
	}
	// Every version is decoded, as history.Versions does: a plaintext handed out
	// and never decoded is the caller's to clear, and left lying it was found.
	var first Version
	for i := range vs {
		if err != nil || len(bad) != 0 || len(vs) != 2 {
			break
		}
		var v Version
		if v, err = p.DecodeVersion(KindEntry, e.ID, vs[i]); i == 0 {
			first = v
		}
	}
	if err != nil || len(bad) != 0 || len(vs) != 2 || !endsWithNot(first.Record.(*Entry).Body, notCanary) {
		t.Fatalf("the canary entry's history: %d versions, %v", len(vs), err)
	}
	trash, bad, err := p.StoredHistory().Trash()
	var last Version
	if err == nil && len(bad) == 0 && len(trash) == 1 {
		kind, _ := historyKind(trash[0].Collection)
		last, err = p.DecodeVersion(kind, ID(trash[0].ID.String()), trash[0].Last)
	}
	if err != nil || len(bad) != 0 || len(trash) != 1 || !endsWithNot(last.Title, notCanary) {
		t.Fatalf("the trash: %+v %v", trash, err)
	}
	e = nil
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	p = nil
	runtime.GC()
	debug.FreeOSMemory()
	hits, err := memscan.Scan([]memscan.Needle{
		{Name: "passphrase", Not: notPass},
		{Name: "canary", Not: notCanary},
		{Name: "control", Not: memscan.Complement(control)},
	})
	if err != nil {
		t.Fatal(err)
	}
	sawControl, passHits := false, 0
	for _, h := range hits {
		switch h.Needle {
		case "control":
			sawControl = true
		case "passphrase":
			if passHits++; passHits > 1 {
				t.Errorf("found %s", h)
			} else {
				t.Logf("residue of Argon2's own state: %s", h)
			}
		default:
			t.Errorf("found %s", h)
		}
	}
	if !sawControl {
		t.Error("the scan did not find the control secret kept alive: the scanner is blind")
	}
	runtime.KeepAlive(control)
	if !t.Failed() {
		t.Log("memory scan clean")
	}
}

// endsWithNot reports whether s ends with the complement of not, without making it.
func endsWithNot(s string, not []byte) bool {
	if len(s) < len(not) {
		return false
	}
	s = s[len(s)-len(not):]
	for i := range not {
		if s[i] != ^not[i] {
			return false
		}
	}
	return true
}
