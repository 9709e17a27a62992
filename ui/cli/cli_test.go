package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fixedNow is the clock of every test: a Saturday.
var fixedNow = time.Date(2026, 11, 21, 10, 30, 0, 0, time.UTC)

// cheapKDF makes vaults quick to open in tests; the default parameters are tested in
// storage.
var cheapKDF = []string{"--kdf-time", "1", "--kdf-memory", "1", "--kdf-threads", "1"}

type fixture struct {
	t        *testing.T
	dir      string
	vault    string
	passFile string
	env      map[string]string
	// lightImportFrom is Env.LightImportFrom: 0 for folio's own bound.
	lightImportFrom int64
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	f := &fixture{t: t, dir: dir, vault: filepath.Join(dir, "data", "vault.folio"), passFile: filepath.Join(dir, "pass"),
		// The user's own templates and rules must not change what tests see.
		env: map[string]string{"XDG_CONFIG_HOME": filepath.Join(dir, "config"), "HOME": dir}}
	if err := os.WriteFile(f.passFile, []byte("correct horse battery\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// result is what one run of folio printed and its exit status.
type result struct {
	stdout, stderr string
	status         int
}

// run runs folio in process with the fixture's vault and passphrase file.
func (f *fixture) run(stdin string, args ...string) result {
	f.t.Helper()
	full := append([]string{}, args...)
	full = append(full, "--vault", f.vault, "--passphrase-file", f.passFile)
	return f.runRaw(stdin, full...)
}

func (f *fixture) runRaw(stdin string, args ...string) result {
	f.t.Helper()
	var out, errOut bytes.Buffer
	err := Run(Env{
		Args: args, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		Now:    func() time.Time { return fixedNow },
		Getenv: func(k string) string { return f.env[k] },
		// Output is read as a person at a terminal would; pipes are tested in the scripts.
		StdoutTerminal: true,
		RunTUI:         func(AppOptions) error { f.t.Fatal("the TUI was started"); return nil },
		// A test run from a terminal must not ask on it.
		OpenTTY:         func() (TTY, error) { return TTY{}, errors.New("no terminal in tests") },
		LightImportFrom: f.lightImportFrom,
	})
	if err != nil {
		errOut.WriteString(Message(err) + "\n")
	}
	return result{out.String(), errOut.String(), ExitStatus(err)}
}

func (f *fixture) mustRun(stdin string, args ...string) string {
	f.t.Helper()
	r := f.run(stdin, args...)
	if r.status != 0 {
		f.t.Fatalf("folio %s: status %d, stderr %q", strings.Join(args, " "), r.status, r.stderr)
	}
	return r.stdout
}

func (f *fixture) init() {
	f.t.Helper()
	f.mustRun("", append([]string{"init"}, cheapKDF...)...)
}

func (f *fixture) vaultSum() [32]byte {
	f.t.Helper()
	b, err := os.ReadFile(f.vault)
	if err != nil {
		f.t.Fatal(err)
	}
	return sha256.Sum256(b)
}

type listed struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Date      string   `json:"date"`
	Functions []string `json:"functions"`
	Tags      []string `json:"tags"`
	GoalIDs   []string `json:"goal_ids"`
	ActionIDs []string `json:"action_ids"`
}

func (f *fixture) list(args ...string) []listed {
	f.t.Helper()
	var out []listed
	if err := json.Unmarshal([]byte(f.mustRun("", append([]string{"list", "--json"}, args...)...)), &out); err != nil {
		f.t.Fatal(err)
	}
	return out
}

func TestInitCreatesPrivateVault(t *testing.T) {
	f := newFixture(t)
	f.init()
	st, err := os.Stat(f.vault)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("vault mode %v, want 0600", st.Mode().Perm())
	}
	dst, _ := os.Stat(filepath.Dir(f.vault))
	if dst.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v, want 0700", dst.Mode().Perm())
	}
	before := f.vaultSum()
	r := f.run("", append([]string{"init"}, cheapKDF...)...)
	if r.status != ExitUsage || !strings.Contains(r.stderr, "already") {
		t.Errorf("second init: status %d, stderr %q", r.status, r.stderr)
	}
	if f.vaultSum() != before {
		t.Error("a second init changed the vault")
	}
}

func TestAddListShowSearch(t *testing.T) {
	f := newFixture(t)
	f.init()
	id := strings.TrimSpace(f.mustRun("Counselled a patient on inhaler technique.\nUsed teach-back.",
		"add", "--function", "formative,Normative", "--title", "Inhaler counselling", "--tag", "respiratory", "--tag", "CPD", "--date", "yesterday"))
	f.mustRun("# Night shift\nA hard night on the ward.", "add", "--function", "restorative")

	got := f.list()
	if len(got) != 2 {
		t.Fatalf("list has %d entries, want 2: %+v", len(got), got)
	}
	// Newest first: the night shift is today, the counselling yesterday.
	if got[0].Title != "Night shift" || got[1].ID != id {
		t.Errorf("order or titles wrong: %+v", got)
	}
	e := got[1]
	if e.Date != "2026-11-20" || strings.Join(e.Functions, ",") != "normative,formative" || strings.Join(e.Tags, ",") != "respiratory,CPD" {
		t.Errorf("listed entry = %+v", e)
	}

	if out := f.mustRun("", "show", id[:6]); !strings.Contains(out, "teach-back") || !strings.Contains(out, "Inhaler counselling") {
		t.Errorf("show by prefix printed %q", out)
	}
	var shown struct {
		Body string `json:"body"`
	}
	json.Unmarshal([]byte(f.mustRun("", "show", id, "--json")), &shown)
	if !strings.HasPrefix(shown.Body, "Counselled a patient") {
		t.Errorf("show --json body = %q", shown.Body)
	}
	if out := f.mustRun("", "search", "TEACH-back"); !strings.Contains(out, id[:8]) || strings.Contains(out, "Night shift") {
		t.Errorf("search printed %q", out)
	}
	if got := f.list("--function", "restorative"); len(got) != 1 || got[0].Title != "Night shift" {
		t.Errorf("function filter: %+v", got)
	}
	if got := f.list("--tag", "cpd"); len(got) != 1 || got[0].ID != id {
		t.Errorf("tag filter: %+v", got)
	}
	if got := f.list("--until", "2026-11-20"); len(got) != 1 || got[0].ID != id {
		t.Errorf("until filter: %+v", got)
	}
	if got := f.list("--since", "today"); len(got) != 1 || got[0].Title != "Night shift" {
		t.Errorf("since filter: %+v", got)
	}
}

func TestGlobalFlagsAnywhereAndEnvironment(t *testing.T) {
	f := newFixture(t)
	f.init()
	f.mustRun("body", "add", "--function", "n", "--title", "One")
	r := f.runRaw("", "--vault", f.vault, "list", "--passphrase-file", f.passFile, "--json")
	if r.status != 0 || !strings.Contains(r.stdout, `"One"`) {
		t.Errorf("global flags before and after: %+v", r)
	}
	f.env["FOLIO_VAULT"] = f.vault
	r = f.runRaw("", "list", "--passphrase-file", f.passFile)
	if r.status != 0 || !strings.Contains(r.stdout, "One") {
		t.Errorf("FOLIO_VAULT: %+v", r)
	}
}

func TestPassphraseAndBodyOnStdin(t *testing.T) {
	f := newFixture(t)
	f.init()
	r := f.runRaw("correct horse battery\nThe body\non two lines\n", "add", "--vault", f.vault, "--passphrase-file", "-", "--function", "formative", "--title", "From stdin")
	if r.status != 0 {
		t.Fatalf("add with passphrase on stdin: %+v", r)
	}
	out := f.mustRun("", "show", strings.TrimSpace(r.stdout))
	if !strings.Contains(out, "The body\non two lines") || strings.Contains(out, "correct horse") {
		t.Errorf("show printed %q", out)
	}
}

// Every kind of bad input is one sentence on stderr, status 2, and no change on disk.
func TestBadInputChangesNothing(t *testing.T) {
	f := newFixture(t)
	f.init()
	f.mustRun("body", "add", "--function", "formative", "--title", "Existing")
	big := strings.Repeat("x", 1<<20+1)
	cases := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"unknown function", "b", []string{"add", "--function", "supportive", "--title", "T"}, "not one of normative"},
		{"no function", "b", []string{"add", "--title", "T"}, "needs --function"},
		{"invalid date", "b", []string{"add", "--function", "n", "--title", "T", "--date", "2026-02-30"}, "no such day"},
		{"unreadable date", "b", []string{"add", "--function", "n", "--title", "T", "--date", "soonish"}, "not a date"},
		{"future date", "b", []string{"add", "--function", "n", "--title", "T", "--date", "2027-06-01"}, "future"},
		{"invalid UTF-8 body", "b\xff\xfe", []string{"add", "--function", "n", "--title", "T"}, "UTF-8"},
		{"invalid UTF-8 title", "b", []string{"add", "--function", "n", "--title", "T\xff"}, "UTF-8"},
		{"oversize body", big, []string{"add", "--function", "n", "--title", "T"}, "1 MiB"},
		{"no title", "", []string{"add", "--function", "n"}, "no title"},
		{"control in title", "b", []string{"add", "--function", "n", "--title", "T\x1b[2J"}, "control characters"},
		{"unknown template", "b", []string{"add", "--function", "n", "--title", "T", "--template", "nope"}, "no template"},
		{"unknown flag", "", []string{"list", "--colour"}, "flag provided but not defined"},
		{"unknown command", "", []string{"frobnicate"}, "not a folio command"},
		{"bad since", "", []string{"list", "--since", "31/02/2026"}, "no such day"},
		{"since after until", "", []string{"list", "--since", "2026-05-01", "--until", "2026-04-01"}, "after --until"},
		{"unknown ID", "", []string{"show", "zzzzzzzz"}, "no record"},
		{"short ID", "", []string{"show", "ab"}, "too short"},
		{"goal without title", "", []string{"goal", "add"}, "needs a title: the words after 'goal add', or --title"},
		{"goal with a blank title", "", []string{"goal", "add", "   "}, "needs a title"},
		{"goal bad target", "", []string{"goal", "add", "--title", "G", "--target", "2026-13-01"}, "no such month"},
		{"action unknown goal", "", []string{"action", "add", "--goal", "zzzzzz", "--what", "x"}, "no goal"},
		{"bad goal status", "", []string{"goal", "list", "--status", "finished"}, "not one of open"},
		{"bad kdf", "", []string{"passwd", "--kdf-time", "0", "--kdf-memory", "1", "--kdf-threads", "1"}, "give all three"},
		{"search nothing", "", []string{"search"}, "needs words"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := f.vaultSum()
			r := f.run(c.stdin, c.args...)
			if r.status != ExitUsage {
				t.Errorf("status %d, want %d; stderr %q", r.status, ExitUsage, r.stderr)
			}
			if !strings.Contains(r.stderr, c.want) {
				t.Errorf("stderr %q does not say %q", r.stderr, c.want)
			}
			if r.stdout != "" {
				t.Errorf("bad input printed to stdout: %q", r.stdout)
			}
			if lines := strings.Count(strings.TrimSpace(r.stderr), "\n"); lines != 0 {
				t.Errorf("stderr is %d lines, want one sentence: %q", lines+1, r.stderr)
			}
			if f.vaultSum() != before {
				t.Error("the vault changed")
			}
		})
	}
	if got := f.list(); len(got) != 1 {
		t.Errorf("after bad input the vault has %d entries, want 1", len(got))
	}
}

func TestWrongPassphraseAndMissingVault(t *testing.T) {
	f := newFixture(t)
	r := f.run("", "list")
	if r.status != ExitUsage || !strings.Contains(r.stderr, "folio init") {
		t.Errorf("missing vault: %+v", r)
	}
	if _, err := os.Stat(f.vault); err == nil {
		t.Error("listing a missing vault created one")
	}
	f.init()
	before := f.vaultSum()
	os.WriteFile(f.passFile, []byte("wrong\n"), 0o600)
	r = f.run("body", "add", "--function", "n", "--title", "T")
	if r.status != ExitPassphrase || !strings.Contains(r.stderr, "passphrase is wrong") {
		t.Errorf("wrong passphrase: %+v", r)
	}
	if f.vaultSum() != before {
		t.Error("a wrong passphrase changed the vault")
	}
	r = f.runRaw("", "list", "--vault", f.vault)
	if r.status != ExitUsage || !strings.Contains(r.stderr, "--passphrase-file") {
		t.Errorf("no passphrase and no terminal: %+v", r)
	}
}

func TestFormativeCycle(t *testing.T) {
	f := newFixture(t)
	f.init()
	goal := strings.TrimSpace(f.mustRun("", "goal", "add", "--title", "Confident with DOAC dosing", "--why", "Frequent queries", "--target", "in 90 days"))
	var actions []string
	for _, what := range []string{"Read the renal dosing guideline", "Shadow the anticoagulation clinic", "Audit ten prescriptions"} {
		actions = append(actions, strings.TrimSpace(f.mustRun("", "action", "add", "--goal", goal[:6], "--what", what, "--due", "in 2 weeks")))
	}
	f.mustRun("", "action", "start", actions[0])
	out := f.mustRun("# What I learned\nCreatinine clearance, not eGFR, for dosing.", "action", "done", actions[0], "--reflect")
	if !strings.Contains(out, "Reflection saved") {
		t.Fatalf("action done --reflect printed %q", out)
	}
	entries := f.list("--goal", goal)
	if len(entries) != 1 || entries[0].Title != "What I learned" || strings.Join(entries[0].Functions, ",") != "formative" || len(entries[0].ActionIDs) != 1 || entries[0].ActionIDs[0] != actions[0] {
		t.Fatalf("the reflection is not linked: %+v", entries)
	}
	var g struct {
		Status  string `json:"status"`
		Done    int    `json:"actions_done"`
		Total   int    `json:"actions_total"`
		Actions []struct {
			ID           string `json:"id"`
			Status       string `json:"status"`
			ReflectionID string `json:"reflection_id"`
		} `json:"actions"`
	}
	json.Unmarshal([]byte(f.mustRun("", "goal", "show", goal, "--json")), &g)
	if g.Done != 1 || g.Total != 3 || g.Status != "open" {
		t.Errorf("goal progress: %+v", g)
	}
	for _, a := range g.Actions {
		if a.ID == actions[0] && (a.Status != "done" || a.ReflectionID != entries[0].ID) {
			t.Errorf("done action: %+v", a)
		}
	}
	f.mustRun("", "action", "done", actions[1])
	out = f.mustRun("", "action", "done", actions[2])
	if !strings.Contains(out, "review it") {
		t.Errorf("finishing the last action did not prompt a review: %q", out)
	}
	f.mustRun("", "goal", "done", goal, "--review", "Achieved; now the go-to person on the ward.")
	if out := f.mustRun("", "goal", "list", "--status", "achieved"); !strings.Contains(out, "Confident with DOAC dosing") || !strings.Contains(out, "3/3") {
		t.Errorf("achieved goals: %q", out)
	}
	if out := f.mustRun("", "action", "list"); strings.TrimSpace(out) != "" {
		t.Errorf("open actions after all done: %q", out)
	}
}

func TestBackupAndPasswd(t *testing.T) {
	f := newFixture(t)
	f.init()
	f.mustRun("kept", "add", "--function", "n", "--title", "Before backup")
	backup := filepath.Join(f.dir, "backup.folio")
	f.mustRun("", "backup", backup)
	st, err := os.Stat(backup)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup: %v, mode %v", err, st.Mode())
	}
	if r := f.run("", "backup", backup); r.status != ExitUsage || !strings.Contains(r.stderr, "--force") {
		t.Errorf("backup over an existing file: %+v", r)
	}
	fromBackup := &fixture{t: t, vault: backup, passFile: f.passFile, env: f.env}
	if got := fromBackup.list(); len(got) != 1 || got[0].Title != "Before backup" {
		t.Errorf("backup lists %+v", got)
	}

	newPass := filepath.Join(f.dir, "newpass")
	os.WriteFile(newPass, []byte("a new long passphrase\n"), 0o600)
	f.mustRun("", "passwd", "--new-passphrase-file", newPass)
	if r := f.run("", "list"); r.status != ExitPassphrase {
		t.Errorf("old passphrase after passwd: status %d", r.status)
	}
	f.passFile = newPass
	if got := f.list(); len(got) != 1 {
		t.Errorf("after passwd the vault lists %+v", got)
	}
	if out := f.mustRun("", "check"); !strings.Contains(out, "All 1 records") {
		t.Errorf("check printed %q", out)
	}
}

// A backup named where it cannot go is the user's input: status 2, a sentence that
// names what is wrong (not a temporary file's name, not --force for a folder), and
// nothing written.
func TestBackupToABadPlace(t *testing.T) {
	f := newFixture(t)
	f.init()
	for _, c := range []struct{ out, want string }{
		{filepath.Join(f.dir, "no-such-folder", "b.folio"), "no such folder"},
		{f.dir, "is a folder"},
		{"", "needs the name of the file"},
	} {
		before := f.vaultSum()
		r := f.run("", "backup", c.out)
		if r.status != ExitUsage || !strings.Contains(r.stderr, c.want) || strings.Contains(r.stderr, ".folio-tmp") ||
			strings.Contains(r.stderr, "--force") || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("backup %q: status %d, stderr %q; want 2 and %q", c.out, r.status, r.stderr, c.want)
		}
		if f.vaultSum() != before {
			t.Errorf("backup %q changed the vault", c.out)
		}
	}
	if r := f.run("", "backup", f.dir, "--force"); r.status != ExitUsage || !strings.Contains(r.stderr, "is a folder") {
		t.Errorf("backup over a folder with --force: status %d, stderr %q", r.status, r.stderr)
	}
	if _, err := os.Stat(f.dir); err != nil {
		t.Fatal(err)
	}
}

// Text shown on a terminal is inert: an escape sequence in a title never reaches it.
func TestOutputIsInert(t *testing.T) {
	f := newFixture(t)
	f.init()
	id := strings.TrimSpace(f.mustRun("body \x1b]0;pwned\x07 with \u009b31m C1 and a bell \a", "add", "--function", "n", "--title", "Safe title", "--tag", "t"))
	for _, args := range [][]string{{"list"}, {"show", id}, {"search", "body"}} {
		out := f.mustRun("", args...)
		if strings.ContainsAny(out, "\x1b\a\u009b") {
			t.Errorf("%v printed a control character: %q", args, out)
		}
	}
	// JSON keeps the text exactly, with the C1 and bidi controls as \u escapes.
	id = strings.TrimSpace(f.mustRun("C1 \u009b31m and \u202eoverride", "add", "--function", "n", "--title", "Bidi"))
	for _, args := range [][]string{{"show", id, "--json"}} {
		out := f.mustRun("", args...)
		if strings.ContainsAny(out, "\u009b\u202e") || !strings.Contains(out, `C1 \u009b31m and \u202eoverride`) {
			t.Errorf("%v wrote C1 or bidi controls raw: %q", args, out)
		}
	}
}

func TestHelpAndVersion(t *testing.T) {
	f := newFixture(t)
	if r := f.runRaw("", "help"); r.status != 0 || !strings.Contains(r.stdout, "passwd") {
		t.Errorf("help: %+v", r)
	}
	if r := f.runRaw("", "add", "-h"); r.status != 0 || !strings.Contains(r.stdout, "-function") {
		t.Errorf("add -h: %+v", r)
	}
	if r := f.runRaw("", "version"); r.status != 0 || !strings.HasPrefix(r.stdout, "folio ") {
		t.Errorf("version: %+v", r)
	}
}

func TestNoCommandStartsTUI(t *testing.T) {
	var got AppOptions
	err := Run(Env{Args: []string{"--vault", "/tmp/x.folio", "--lock-after", "5m"}, Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{},
		RunTUI: func(o AppOptions) error { got = o; return nil }})
	if err != nil || got.VaultPath != "/tmp/x.folio" || got.LockAfter != 5*time.Minute {
		t.Errorf("TUI options %+v, err %v", got, err)
	}
}

func TestSubcommandsAfterGlobalFlags(t *testing.T) {
	f := newFixture(t)
	f.init()
	r := f.runRaw("", "--passphrase-file", f.passFile, "--vault", f.vault, "goal", "add", "--title", "Learn")
	if r.status != 0 {
		t.Fatalf("goal add after global flags: %+v", r)
	}
	r = f.runRaw("", "goal", "--vault", f.vault, "list", "--passphrase-file", f.passFile)
	if r.status != 0 || !strings.Contains(r.stdout, "Learn") {
		t.Errorf("goal list with a global flag before the subcommand: %+v", r)
	}
}

func TestExportKindAfterGlobalFlags(t *testing.T) {
	f := newFixture(t)
	f.init()
	out := filepath.Join(f.dir, "all.json")
	r := f.runRaw("", "export", "--vault", f.vault, "--passphrase-file", f.passFile, "all", "--out", out)
	if r.status != 0 {
		t.Fatalf("export with global flags before the kind: %+v", r)
	}
	if _, err := os.Stat(out); err != nil {
		t.Error(err)
	}
	if r := f.runRaw("", "export", "-h"); r.status != 0 || !strings.Contains(r.stdout, "revalidation") {
		t.Errorf("export -h: %+v", r)
	}
	if r := f.runRaw("", "export"); r.status != ExitUsage {
		t.Errorf("export with no kind: %+v", r)
	}
}

func TestAddSharingFlags(t *testing.T) {
	f := newFixture(t)
	f.init()
	id := strings.TrimSpace(f.mustRun("b", "add", "--function", "n", "--title", "For the mentor", "--sharing", "shareable", "--discuss"))
	var e struct {
		Sharing string `json:"sharing"`
		Discuss bool   `json:"discuss"`
	}
	json.Unmarshal([]byte(f.mustRun("", "show", id, "--json")), &e)
	if e.Sharing != "shareable" || !e.Discuss {
		t.Errorf("saved sharing %q, discuss %v", e.Sharing, e.Discuss)
	}
	for _, args := range [][]string{
		{"add", "--function", "n", "--title", "x", "--sharing", "public"},
		{"add", "--function", "n", "--title", "x", "--sharing", "private", "--discuss"},
	} {
		if r := f.run("b", args...); r.status != ExitUsage {
			t.Errorf("%v: %+v", args, r)
		}
	}
}

func TestReflectionWarnsOfIdentifiers(t *testing.T) {
	f := newFixture(t)
	f.init()
	goal := strings.TrimSpace(f.mustRun("", "goal", "add", "--title", "G"))
	action := strings.TrimSpace(f.mustRun("", "action", "add", "--goal", goal, "--what", "Do it"))
	// 943 476 5919 is a valid NHS number (its check digit holds).
	r := f.run("Saw the patient, NHS number 943 476 5919, on the ward.", "action", "done", action, "--reflect")
	if r.status != 0 || !strings.Contains(r.stderr, "NHS number") {
		t.Errorf("action done --reflect with an NHS number: %+v", r)
	}
}

// failWriter fails every write, as standard output redirected to a full disk does.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestListOutputErrorIsReported: a listing written all at once must still say when
// the write failed, rather than exit 0 with nothing shown.
func TestListOutputErrorIsReported(t *testing.T) {
	f := newFixture(t)
	f.init()
	f.mustRun("body", "add", "--function", "formative", "--title", "One", "--tag", "audit")
	for _, args := range [][]string{{"list"}, {"list", "--tag", "audit"}, {"search", "body"}} {
		var errOut bytes.Buffer
		err := Run(Env{
			Args:  append(args, "--vault", f.vault, "--passphrase-file", f.passFile),
			Stdin: strings.NewReader(""), Stdout: failWriter{}, Stderr: &errOut,
			Now:    func() time.Time { return fixedNow },
			Getenv: func(k string) string { return f.env[k] },
			RunTUI: func(AppOptions) error { t.Fatal("the TUI was started"); return nil },
		})
		if err == nil || ExitStatus(err) == 0 {
			t.Errorf("folio %s into a failing writer: %v, status %d; want the write's error", strings.Join(args, " "), err, ExitStatus(err))
		}
	}
}

// An error sentence often quotes what the user typed (a path, a flag, a name);
// a control sequence in it must reach the terminal inert, as text in output does.
func TestErrorsAreInert(t *testing.T) {
	f := newFixture(t)
	f.init()
	id := strings.TrimSpace(f.mustRun("text", "add", "--function", "n", "--title", "T"))
	for _, args := range [][]string{
		{"list", "--b\x1b[2Jogus"},
		{"attach", id, filepath.Join(f.dir, "no\x1b]0;pwned\aname.pdf")},
		{"import", filepath.Join(f.dir, "gone\x1b[31m.json")},
	} {
		before := f.vaultSum()
		r := f.run("", args...)
		if r.status != 2 || r.stderr == "" {
			t.Errorf("%q: status %d, stderr %q; want 2 and a sentence", args, r.status, r.stderr)
		}
		if strings.ContainsAny(r.stderr, "\x1b\a\u009b") {
			t.Errorf("%q: the error printed a control character: %q", args, r.stderr)
		}
		if f.vaultSum() != before {
			t.Errorf("%q changed the vault", args)
		}
	}
	r := f.runRaw("", "list", "--vault", filepath.Join(f.dir, "x\x1b[31m", "v.folio"), "--passphrase-file", f.passFile)
	if r.status != 2 || strings.ContainsAny(r.stderr, "\x1b\a") {
		t.Errorf("a missing vault's path: status %d, stderr %q", r.status, r.stderr)
	}
}

// The list filters name every value they take when one is wrong, and a negative
// --due-within is refused rather than read as "not given".
func TestActionAndGoalListFilters(t *testing.T) {
	f := newFixture(t)
	f.init()
	goal := strings.TrimSpace(f.mustRun("", "goal", "add", "--title", "G"))
	f.mustRun("", "action", "add", "--goal", goal, "--what", "Late", "--due", "3 days ago")
	f.mustRun("", "action", "add", "--goal", goal, "--what", "Later", "--due", "in 30 days")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"action", "list", "--due-within", "-5"}, "--due-within"},
		{[]string{"action", "list", "--status", "bogus"}, "open or all"},
		{[]string{"goal", "list", "--status", "bogus"}, "dropped or all"},
	} {
		r := f.run("", c.args...)
		if r.status != ExitUsage || !strings.Contains(r.stderr, c.want) || r.stdout != "" {
			t.Errorf("%q: status %d, stdout %q, stderr %q; want 2 naming %q", c.args, r.status, r.stdout, r.stderr, c.want)
		}
	}
	if out := f.mustRun("", "action", "list", "--due-within", "0"); !strings.Contains(out, "Late") || strings.Contains(out, "Later") {
		t.Errorf("--due-within 0 listed %q; want the overdue action only", out)
	}
}

// A filter given with nothing in it (a script's empty variable) is refused: it
// listed every entry, as if the filter had not been asked for.
func TestEmptyListFilterIsRefused(t *testing.T) {
	f := newFixture(t)
	f.init()
	f.mustRun("b", "add", "--function", "n", "--title", "One", "--tag", "CPD")
	for _, args := range [][]string{
		{"list", "--tag", ""},
		{"list", "--tag", "#"},
		{"list", "--function", ""},
		{"list", "--since", ""},
		{"list", "--goal", " "},
		{"search", "One", "--tag", ""},
	} {
		r := f.run("", args...)
		if r.status != ExitUsage || r.stdout != "" || !strings.Contains(r.stderr, "is empty") {
			t.Errorf("%q: status %d, stdout %q, stderr %q; want 2 saying the filter is empty", args, r.status, r.stdout, r.stderr)
		}
	}
}

// attachment save --out naming a folder says it is a folder; it offered --force,
// which could not replace a folder either.
func TestAttachmentSaveToAFolder(t *testing.T) {
	f := newFixture(t)
	f.init()
	id := strings.TrimSpace(f.mustRun("b", "add", "--function", "n", "--title", "T"))
	file := filepath.Join(f.dir, "cert.pdf")
	if err := os.WriteFile(file, []byte("%PDF-1.4 cert"), 0o600); err != nil {
		t.Fatal(err)
	}
	f.mustRun("", "attach", id, file)
	var list []struct{ ID string }
	if err := json.Unmarshal([]byte(f.mustRun("", "attachments", "--json")), &list); err != nil || len(list) != 1 {
		t.Fatalf("attachments: %v %+v", err, list)
	}
	r := f.run("", "attachment", "save", list[0].ID, "--out", f.dir)
	if r.status != ExitUsage || !strings.Contains(r.stderr, "is a folder") || strings.Contains(r.stderr, "--force") {
		t.Errorf("save into a folder: status %d, stderr %q; want 2 saying it is a folder", r.status, r.stderr)
	}
}
