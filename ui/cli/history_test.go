package cli

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

// runAt runs folio as f.run does, with the clock at now.
func (f *fixture) runAt(now time.Time, args ...string) result {
	f.t.Helper()
	var out, errOut bytes.Buffer
	err := Run(Env{
		Args:   append(args, "--vault", f.vault, "--passphrase-file", f.passFile),
		Stdin:  strings.NewReader(""),
		Stdout: &out, Stderr: &errOut,
		Now:            func() time.Time { return now },
		Getenv:         func(k string) string { return f.env[k] },
		StdoutTerminal: true,
		RunTUI:         func(AppOptions) error { f.t.Fatal("the TUI was started"); return nil },
		OpenTTY:        func() (TTY, error) { return TTY{}, errors.New("no terminal in tests") },
	})
	if err != nil {
		errOut.WriteString(Message(err) + "\n")
	}
	return result{out.String(), errOut.String(), ExitStatus(err)}
}

// With history kept 30 days, the first change after 40 days erases the older versions
// and says so; commands that only read erase nothing.
func TestRetentionNoticeAtOpen(t *testing.T) {
	f := newFixture(t)
	f.init()
	id := strings.TrimSpace(f.mustRun("Body.", "add", "--function", "formative", "--title", "First"))
	f.mustRun("", "edit", id, "--title", "Second")
	f.mustRun("", "settings", "--keep-history", "30")
	later := fixedNow.Add(40 * 24 * time.Hour)
	if r := f.runAt(later, "list"); r.status != 0 || strings.Contains(r.stderr, "erased") {
		t.Fatalf("a read-only command: %+v", r)
	}
	r := f.runAt(later, "edit", id, "--title", "Third")
	if r.status != 0 || !strings.Contains(r.stderr, "folio: erased 1 version older than 30 days, as the history setting asks.") {
		t.Fatalf("the first change after the period: %+v", r)
	}
	r = f.runAt(later, "history", id)
	if strings.Contains(r.stdout, "First") || !strings.Contains(r.stdout, "Second") || !strings.Contains(r.stdout, "Third") {
		t.Errorf("history after retention: %q", r.stdout)
	}
}
