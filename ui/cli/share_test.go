package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/share"
)

func TestKeyAndReceive(t *testing.T) {
	f := newFixture(t)
	f.init()
	pub := strings.TrimSpace(f.mustRun("", "key"))
	if !strings.HasPrefix(pub, "age1") || strings.TrimSpace(f.mustRun("", "key")) != pub {
		t.Fatalf("key printed %q, and must print the same key each time", pub)
	}
	rel := strings.TrimSpace(f.mustRun("", "mentor", "add", "--role", "mentor", "--with", "Sam"))
	to, _ := share.ParseRecipients([]string{pub}, nil)
	sealed, _ := to.Encrypt([]byte("# Sam's agenda\n\n1. Night shifts \x1b[31m\n"), true)
	file := filepath.Join(f.dir, "agenda.age")
	os.WriteFile(file, sealed, 0o600)
	id := strings.TrimSpace(f.mustRun("", "receive", file, "--with", "Sam"))
	if out := f.mustRun("", "received"); !strings.Contains(out, "Sam's agenda") || !strings.Contains(out, "mentor to Sam") {
		t.Errorf("received lists %q", out)
	}
	out := f.mustRun("", "show", id)
	if !strings.Contains(out, "1. Night shifts") || strings.Contains(out, "\x1b") {
		t.Errorf("show of a received document: %q", out)
	}
	for _, args := range [][]string{{"show", rel}, {"mentor", "show", rel}} {
		if out := f.mustRun("", args...); !strings.Contains(out, "mentor to Sam") {
			t.Errorf("%v printed %q", args, out)
		}
	}
	before := f.vaultSum()
	os.WriteFile(file, []byte("not an age file"), 0o600)
	for _, args := range [][]string{{"receive", file}, {"receive", filepath.Join(f.dir, "missing.age")}, {"receive", file, "--with", "nobody"}} {
		if r := f.run("", args...); r.status != ExitUsage {
			t.Errorf("%v: %+v", args, r)
		}
	}
	if f.vaultSum() != before {
		t.Error("a refused receive changed the vault")
	}
}

// A name that matches no relationship is said to match none, not to be a short ID.
func TestReceiveWithUnknownPersonNamesTheProblem(t *testing.T) {
	f := newFixture(t)
	f.init()
	pub := strings.TrimSpace(f.mustRun("", "key"))
	to, _ := share.ParseRecipients([]string{pub}, nil)
	sealed, _ := to.Encrypt([]byte("# Agenda\n"), false)
	file := filepath.Join(f.dir, "agenda.age")
	os.WriteFile(file, sealed, 0o600)
	for _, who := range []string{"Sam", "Alexandra"} {
		r := f.run("", "receive", file, "--with", who)
		if r.status != ExitUsage || !strings.Contains(r.stderr, `no relationship matches "`+who+`"`) || strings.Contains(r.stderr, "too short") || strings.Contains(r.stderr, "ID starting") {
			t.Errorf("--with %s: %+v", who, r)
		}
	}
}

func TestReceiveTwiceSaysSo(t *testing.T) {
	f := newFixture(t)
	f.init()
	pub := strings.TrimSpace(f.mustRun("", "key"))
	to, _ := share.ParseRecipients([]string{pub}, nil)
	sealed, _ := to.Encrypt([]byte("# Agenda\n"), false)
	file := filepath.Join(f.dir, "agenda.age")
	os.WriteFile(file, sealed, 0o600)
	id := f.mustRun("", "receive", file)
	before := f.vaultSum()
	r := f.run("", "receive", file)
	if r.status != 0 || r.stdout != id || !strings.Contains(r.stderr, "Nothing kept: agenda.age is already received") {
		t.Errorf("a second receive: %+v", r)
	}
	if f.vaultSum() != before {
		t.Error("a second receive changed the vault")
	}
}

// While the app holds the vault, receive says to close the app or receive the
// file inside it, and exits as the vault in use does.
func TestReceiveWhileTheAppIsOpen(t *testing.T) {
	f := newFixture(t)
	f.init()
	p, err := portfolio.Open(f.vault, []byte("correct horse battery"), portfolio.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	file := filepath.Join(f.dir, "summary.md.age")
	if err := os.WriteFile(file, []byte("not read"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := f.run("", "receive", file)
	if r.status != ExitInUse || !strings.Contains(r.stderr, "close the app") || !strings.Contains(r.stderr, "m, then i, then r") {
		t.Fatalf("status %d, stderr %q", r.status, r.stderr)
	}
}

// A received HTML document is shown as its text, as the app shows it, not as markup.
func TestShowReceivedHTMLAsText(t *testing.T) {
	f := newFixture(t)
	f.init()
	pub := strings.TrimSpace(f.mustRun("", "key"))
	to, _ := share.ParseRecipients([]string{pub}, nil)
	html := "<!DOCTYPE html><html><head><title>Summary</title></head><body><h1>Summary</h1><p>We <b>talked</b> about exams.</p></body></html>"
	sealed, _ := to.Encrypt([]byte(html), false)
	file := filepath.Join(f.dir, "summary.html.age")
	os.WriteFile(file, sealed, 0o600)
	id := strings.TrimSpace(f.mustRun("", "receive", file))
	out := f.mustRun("", "show", id)
	if strings.Contains(out, "<p>") || strings.Contains(out, "<!DOCTYPE") || !strings.Contains(out, "talked about exams") {
		t.Errorf("show of a received HTML document:\n%s", out)
	}
}
