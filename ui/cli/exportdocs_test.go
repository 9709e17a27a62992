package cli

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"filippo.io/age/agessh"
	"filippo.io/age/armor"
	"golang.org/x/crypto/ssh"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/mentorship"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files")

// seedMentoring fills the fixture's vault through the domain, for what the command
// line cannot set (sharing flags, record kinds): a mentee relationship with a meeting
// held on 1 November and an agenda for 25 November.
func (f *fixture) seedMentoring(nhsInShared bool) {
	f.t.Helper()
	f.init()
	pass, _ := os.ReadFile(f.passFile)
	p, err := portfolio.Open(f.vault, bytes.TrimSpace(pass), portfolio.Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		f.t.Fatal(err)
	}
	defer p.Close()
	must := func(err error) {
		f.t.Helper()
		if err != nil {
			f.t.Fatal(err)
		}
	}
	rel, err := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Dr Adébáyọ̀", Start: calendar.MakeDate(2026, 9, 1)})
	must(err)
	held, _, err := mentorship.RecordMeeting(p, mentorship.MeetingRecord{RelationshipID: rel.ID, Date: calendar.MakeDate(2026, 11, 1),
		AgreedActions: []portfolio.Action{{What: "Read the NICE guidance on deprescribing", Due: calendar.MakeDate(2026, 11, 15), Status: portfolio.ActionTodo}}})
	must(err)
	add := func(e portfolio.Entry) *portfolio.Entry {
		f.t.Helper()
		if e.Functions.Empty() {
			e.Functions = portfolio.Functions(portfolio.Formative)
		}
		saved, err := p.AddEntry(e)
		must(err)
		return saved
	}
	body := "I asked more open questions and waited for the answers."
	if nhsInShared {
		body += "\nThe patient's NHS number was 943 476 5919."
	}
	add(portfolio.Entry{Title: "Counselling on a new inhaler", Body: body, Date: calendar.MakeDate(2026, 11, 10), Sharing: portfolio.SharingShareable, Tags: []string{"respiratory"}})
	add(portfolio.Entry{Title: "Private worry", Body: "PRIVATE-BODY", Date: calendar.MakeDate(2026, 11, 12), Sharing: portfolio.SharingPrivate, Functions: portfolio.Functions(portfolio.Restorative)})
	add(portfolio.Entry{Title: "Unshared note", Body: "UNSHARED-BODY", Date: calendar.MakeDate(2026, 11, 13), Functions: portfolio.Functions(portfolio.Normative)})
	_, err = mentorship.AddSessionReflection(p, held.ID, portfolio.Entry{Body: "SESSION-REFLECTION-BODY"})
	must(err)
	_, err = mentorship.SaveAgenda(p, rel.ID, calendar.MakeDate(2026, 11, 25), []portfolio.AgendaItem{{Text: "Night shifts and rest"}})
	must(err)
	add(portfolio.Entry{Title: "Planned: asthma reviews", Date: calendar.MakeDate(2026, 6, 1), RecordKind: portfolio.RecordPlannedCPD,
		Sections: []portfolio.Section{{Heading: "What are you planning to learn?", Body: "Asthma reviews."}}})
	add(portfolio.Entry{Title: "Private account", Body: "PRIVATE-ACCOUNT", Date: calendar.MakeDate(2026, 7, 1), RecordKind: portfolio.RecordReflectiveAccount, Sharing: portfolio.SharingPrivate,
		Fields: []portfolio.FieldValue{{Name: "standards", Label: "Standards", Values: []string{"1. Pharmacy professionals must provide person-centred care"}}}})
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff\n got:\n%s", name, got)
	}
}

// files lists what is in dir, so a test can prove a refusal left nothing behind.
func files(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, de := range des {
		out = append(out, de.Name())
	}
	return out
}

func TestExportMeeting(t *testing.T) {
	f := newFixture(t)
	f.seedMentoring(false)
	out := f.mustRun("", "export", "meeting", "Dr Adébáyọ̀")
	checkGolden(t, "export_meeting.md", []byte(out))
	for _, never := range []string{"PRIVATE-BODY", "Private worry", "UNSHARED-BODY", "SESSION-REFLECTION-BODY", "Session reflection"} {
		if strings.Contains(out, never) {
			t.Errorf("the meeting export includes %q", never)
		}
	}
	// Even --include-private never lets a mentor's session reflection out.
	if out := f.mustRun("", "export", "meeting", "Dr Adébáyọ̀", "--include-private"); strings.Contains(out, "SESSION-REFLECTION-BODY") {
		t.Error("--include-private exported a session reflection")
	}

	for _, name := range []string{"meeting.md", "meeting.html", "meeting.pdf"} {
		file := filepath.Join(f.dir, name)
		f.mustRun("", "export", "meeting", "Dr Adébáyọ̀", "--out", file)
		st, err := os.Stat(file)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", name, st.Mode().Perm())
		}
		data, _ := os.ReadFile(file)
		switch filepath.Ext(name) {
		case ".html":
			if !bytes.HasPrefix(data, []byte("<!DOCTYPE html>")) || !bytes.Contains(data, []byte("Counselling on a new inhaler")) {
				t.Errorf("%s is not the HTML export", name)
			}
		case ".pdf":
			if !bytes.HasPrefix(data, []byte("%PDF-")) {
				t.Errorf("%s is not a PDF", name)
			}
		}
	}
	// A file already there is kept unless --force.
	file := filepath.Join(f.dir, "meeting.md")
	os.WriteFile(file, []byte("mine"), 0o600)
	if r := f.run("", "export", "meeting", "Dr Adébáyọ̀", "--out", file); r.status != ExitUsage || !strings.Contains(r.stderr, "--force") {
		t.Errorf("export over a file: %+v", r)
	}
	if b, _ := os.ReadFile(file); string(b) != "mine" {
		t.Error("a refused export changed the file")
	}
	f.mustRun("", "export", "meeting", "Dr Adébáyọ̀", "--out", file, "--force")
	if b, _ := os.ReadFile(file); !bytes.Contains(b, []byte("Night shifts and rest")) {
		t.Error("--force did not replace the file")
	}
}

func TestExportRefusesOnIdentifiers(t *testing.T) {
	f := newFixture(t)
	f.seedMentoring(true)
	outDir := filepath.Join(f.dir, "out")
	os.Mkdir(outDir, 0o700)
	file := filepath.Join(outDir, "meeting.md")
	for _, args := range [][]string{
		{"export", "meeting", "Dr Adébáyọ̀", "--out", file},
		{"export", "meeting", "Dr Adébáyọ̀", "--out", filepath.Join(outDir, "m.pdf")},
		{"export", "summary", "--since", "2026-11-01", "--out", file, "--to", testRecipient(t)},
	} {
		r := f.run("", args...)
		if r.status != ExitUsage || !strings.Contains(r.stderr, `an NHS number ("943 476 5919")`) || !strings.Contains(r.stderr, "Counselling on a new inhaler") || !strings.Contains(r.stderr, "--yes") {
			t.Errorf("%v without --yes and no terminal: %+v", args, r)
		}
		if got := files(t, outDir); len(got) != 0 {
			t.Errorf("a refused export left %q", got)
		}
	}
	// Nor is anything printed to standard output.
	if r := f.run("", "export", "meeting", "Dr Adébáyọ̀"); r.status != ExitUsage || r.stdout != "" {
		t.Errorf("refused export to stdout: %+v", r)
	}
	// The mentor's own name is not reported as an identifier.
	if r := f.run("", "export", "meeting", "Dr Adébáyọ̀"); strings.Contains(r.stderr, "a title and name") {
		t.Errorf("the mentor's name was reported: %s", r.stderr)
	}
	r := f.run("", "export", "meeting", "Dr Adébáyọ̀", "--out", file, "--yes")
	if r.status != 0 || !strings.Contains(r.stderr, "an NHS number") {
		t.Errorf("with --yes: %+v", r)
	}
	if b, _ := os.ReadFile(file); !bytes.Contains(b, []byte("943 476 5919")) {
		t.Error("--yes did not write the export")
	}
}

var testIdentity *age.X25519Identity

func testRecipient(t *testing.T) string {
	if testIdentity == nil {
		var err error
		if testIdentity, err = age.GenerateX25519Identity(); err != nil {
			t.Fatal(err)
		}
	}
	return testIdentity.Recipient().String()
}

func decrypt(t *testing.T, data []byte, armored bool) string {
	t.Helper()
	var src io.Reader = bytes.NewReader(data)
	if armored {
		src = armor.NewReader(src)
	}
	r, err := age.Decrypt(src, testIdentity)
	if err != nil {
		t.Fatalf("decrypt: %v", err)
	}
	b, _ := io.ReadAll(r)
	return string(b)
}

func TestExportEncrypted(t *testing.T) {
	f := newFixture(t)
	f.seedMentoring(false)
	plain := f.mustRun("", "export", "meeting", "Dr Adébáyọ̀")
	to := testRecipient(t)

	file := filepath.Join(f.dir, "meeting.md.age")
	f.mustRun("", "export", "meeting", "Dr Adébáyọ̀", "--to", to, "--out", file)
	data, _ := os.ReadFile(file)
	if bytes.Contains(data, []byte("inhaler")) {
		t.Fatal("the encrypted export holds plain text")
	}
	if got := decrypt(t, data, false); got != plain {
		t.Errorf("decrypted export differs from the plain one:\n%s", got)
	}

	// Armoured text may go to standard output; recipients may come from a file.
	list := filepath.Join(f.dir, "recipients.txt")
	os.WriteFile(list, []byte("# my mentor\n"+to+"\n"), 0o600)
	armored := f.mustRun("", "export", "meeting", "Dr Adébáyọ̀", "--to-file", list, "--armor")
	if !strings.HasPrefix(armored, "-----BEGIN AGE ENCRYPTED FILE-----") || decrypt(t, []byte(armored), true) != plain {
		t.Error("the armoured export does not decrypt to the plain one")
	}
	// A PDF encrypted to a file decrypts to a PDF.
	pdfFile := filepath.Join(f.dir, "meeting.pdf.age")
	f.mustRun("", "export", "meeting", "Dr Adébáyọ̀", "--to", to, "--out", pdfFile)
	data, _ = os.ReadFile(pdfFile)
	if got := decrypt(t, data, false); !strings.HasPrefix(got, "%PDF-") {
		t.Error("the encrypted PDF does not decrypt to a PDF")
	}

	// Binary output or a PDF to a terminal-bound stdout is refused before anything.
	for _, args := range [][]string{
		{"export", "meeting", "Dr Adébáyọ̀", "--to", to},
		{"export", "meeting", "Dr Adébáyọ̀", "--format", "pdf"},
		{"export", "meeting", "Dr Adébáyọ̀", "--to", "age1notakey", "--out", filepath.Join(f.dir, "x.age")},
	} {
		if r := f.run("", args...); r.status != ExitUsage || r.stdout != "" {
			t.Errorf("%v: %+v", args, r)
		}
	}
	if _, err := os.Stat(filepath.Join(f.dir, "x.age")); err == nil {
		t.Error("a refused export left a file")
	}
}

// A mentee encrypts a summary to the mentor's vault key; the mentor's folio reads it.
func TestExportToAnotherVault(t *testing.T) {
	mentee := newFixture(t)
	mentee.seedMentoring(false)
	mentor := newFixture(t)
	mentor.init()
	key := strings.TrimSpace(mentor.mustRun("", "key"))
	file := filepath.Join(mentee.dir, "for-mentor.age")
	mentee.mustRun("", "export", "meeting", "Dr Adébáyọ̀", "--to", key, "--out", file)
	id := strings.TrimSpace(mentor.mustRun("", "receive", file))
	if out := mentor.mustRun("", "show", id); !strings.Contains(out, "Counselling on a new inhaler") || !strings.Contains(out, "Night shifts and rest") {
		t.Errorf("the mentor's folio shows %q", out)
	}
}

func TestExportSummary(t *testing.T) {
	f := newFixture(t)
	f.seedMentoring(false)
	out := f.mustRun("", "export", "summary", "--since", "2026-11-01", "--until", "2026-11-30")
	if !strings.Contains(out, "UNSHARED-BODY") || !strings.Contains(out, "Counselling on a new inhaler") || strings.Contains(out, "PRIVATE-BODY") {
		t.Errorf("summary:\n%s", out)
	}
	if out := f.mustRun("", "export", "summary", "--since", "2026-11-01", "--include-private"); !strings.Contains(out, "PRIVATE-BODY") {
		t.Error("--include-private left the private entry out")
	}
	out = f.mustRun("", "export", "summary", "--since", "2026-11-01", "--function", "normative")
	if !strings.Contains(out, "UNSHARED-BODY") || strings.Contains(out, "Counselling on a new inhaler") {
		t.Errorf("function filter:\n%s", out)
	}
	out = f.mustRun("", "export", "summary", "--since", "2026-11-01", "--tag", "#respiratory")
	if strings.Contains(out, "UNSHARED-BODY") || !strings.Contains(out, "Counselling on a new inhaler") {
		t.Errorf("tag filter:\n%s", out)
	}
	for _, args := range [][]string{
		{"export", "summary"},
		{"export", "summary", "--since", "2026-12-01", "--until", "2026-11-01"},
		{"export", "summary", "--since", "someday"},
		{"export", "summary", "--since", "2026-11-01", "--function", "clerical"},
	} {
		if r := f.run("", args...); r.status != ExitUsage {
			t.Errorf("%v: %+v", args, r)
		}
	}
}

func TestExportRevalidationAndSettings(t *testing.T) {
	f := newFixture(t)
	f.seedMentoring(false)
	if r := f.run("", "export", "revalidation"); r.status != ExitUsage || !strings.Contains(r.stderr, "settings --renewal") {
		t.Errorf("no renewal date: %+v", r)
	}
	f.mustRun("", "settings", "--renewal", "2026-12-31", "--organisation", "St Elsewhere")
	out := f.mustRun("", "settings")
	if !strings.Contains(out, "renewal on 2026-12-31, in 40 days") || !strings.Contains(out, "1 of 4 CPD records (1 planned; at least 2 needed); peer discussion: none yet; reflective account: 1") || !strings.Contains(out, "St Elsewhere") {
		t.Errorf("settings printed %q", out)
	}
	r := f.run("", "export", "revalidation")
	if r.status != 0 || !strings.Contains(r.stderr, "Not ready yet: 1 of 4 CPD records") {
		t.Fatalf("export revalidation: %+v", r)
	}
	// The pack names each record's random ID: pinned, so the golden holds still.
	pinned := regexp.MustCompile(`\b[0-9a-z]{16}\b`).ReplaceAllStringFunc(r.stdout, func(s string) string {
		if strings.ContainsAny(s, "0123456789") {
			return "0000000000000000"
		}
		return s
	})
	checkGolden(t, "export_revalidation.md", []byte(pinned))
	if strings.Contains(r.stdout, "PRIVATE-ACCOUNT") {
		t.Error("a private record was exported without --include-private")
	}
	if out := f.mustRun("", "export", "revalidation", "--renewal", "2027-06-30", "--include-private"); !strings.Contains(out, "PRIVATE-ACCOUNT") {
		t.Error("--include-private left the private record out")
	}
	f.mustRun("", "settings", "--renewal", "none")
	if out := f.mustRun("", "settings"); !strings.Contains(out, "not set") {
		t.Errorf("clearing the renewal date: %q", out)
	}
	if r := f.run("", "settings", "--renewal", "31/02/2026"); r.status != ExitUsage {
		t.Errorf("an impossible date: %+v", r)
	}
}

// At a terminal the person is asked, and only "y" or "yes" writes.
func TestExportAsksAtATerminal(t *testing.T) {
	f := newFixture(t)
	f.seedMentoring(true)
	file := filepath.Join(f.dir, "meeting.md")
	run := func(answer string) (int, string) {
		var out, errOut bytes.Buffer
		err := Run(Env{
			Args:  []string{"export", "meeting", "Dr Adébáyọ̀", "--out", file, "--vault", f.vault, "--passphrase-file", f.passFile},
			Stdin: strings.NewReader(answer), Stdout: &out, Stderr: &errOut, Terminal: true,
			Now: func() time.Time { return fixedNow }, Getenv: func(string) string { return "" },
		})
		return ExitStatus(err), errOut.String()
	}
	if status, stderr := run("\n"); status != ExitUsage || !strings.Contains(stderr, "Write the export anyway? [y/N]") {
		t.Errorf("answering nothing: status %d, %q", status, stderr)
	}
	if _, err := os.Stat(file); err == nil {
		t.Fatal("a declined export was written")
	}
	if status, _ := run("yes\n"); status != 0 {
		t.Errorf("answering yes: status %d", status)
	}
	if _, err := os.Stat(file); err != nil {
		t.Error("a confirmed export was not written")
	}
}

// Documents write dates as "28 November 2026" unless the settings ask for ISO;
// a date style folio does not know is refused and changes nothing.
func TestSettingsDateStyle(t *testing.T) {
	f := newFixture(t)
	f.seedMentoring(false)
	if out := f.mustRun("", "export", "meeting", "Dr Adébáyọ̀"); !strings.Contains(out, "Meeting on 25 November 2026") {
		t.Errorf("the default is not the long form:\n%s", out)
	}
	f.mustRun("", "settings", "--date-style", "iso")
	if out := f.mustRun("", "settings"); !strings.Contains(out, "Dates:        iso") {
		t.Errorf("settings printed %q", out)
	}
	if out := f.mustRun("", "export", "meeting", "Dr Adébáyọ̀"); !strings.Contains(out, "Meeting on 2026-11-25") {
		t.Errorf("the ISO style was not followed:\n%s", out)
	}
	before := f.vaultSum()
	if r := f.run("", "settings", "--date-style", "us"); r.status != ExitUsage || !strings.Contains(r.stderr, "--date-style is long") {
		t.Errorf("an unknown style: %+v", r)
	}
	if f.vaultSum() != before {
		t.Error("a refused setting changed the vault")
	}
	f.mustRun("", "settings", "--date-style", "long")
	if out := f.mustRun("", "settings"); !strings.Contains(out, "Dates:        long") {
		t.Errorf("settings printed %q", out)
	}
}

func TestExportCalendar(t *testing.T) {
	f := newFixture(t)
	f.seedMentoring(false)
	if r := f.run("", "export", "calendar"); r.status != ExitUsage || !strings.Contains(r.stderr, "--out") {
		t.Errorf("no --out: %+v", r)
	}
	file := filepath.Join(t.TempDir(), "folio.ics")
	f.mustRun("", "export", "calendar", "--out", file)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(file); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", info.Mode().Perm())
	}
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "SUMMARY:Mentoring meeting\r\n", "DTSTART;VALUE=DATE:20261125\r\n", "SUMMARY:Action due\r\n"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("the calendar lacks %q:\n%s", want, data)
		}
	}
	if bytes.Contains(data, []byte("Adébáyọ̀")) || bytes.Contains(data, []byte("NICE")) {
		t.Error("names or actions' words in a calendar without --details")
	}
	out := f.mustRun("", "export", "calendar", "--with", "Dr Adébáyọ̀", "--details", "--out", "-")
	if !strings.Contains(out, "Due: Read the NICE guidance on deprescribing") || !strings.Contains(out, "Night shifts and rest") {
		t.Errorf("--details left out the words:\n%s", out)
	}
	if r := f.run("", "export", "calendar", "--with", "nobody", "--out", "-"); r.status == 0 {
		t.Errorf("an unknown relationship: %+v", r)
	}
}

// A password-protected PDF for a mentor without age: the file is the PDF standard's
// AES-256, and bad password flags are refused before the vault is opened.
func TestExportPDFWithPassword(t *testing.T) {
	f := newFixture(t)
	f.seedMentoring(false)
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte("mentor-reads-this\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "meeting.pdf")
	r := f.run("", "export", "meeting", "Dr Adébáyọ̀", "--out", out, "--password-file", pwFile)
	if r.status != 0 || !strings.Contains(r.stderr, "send the password another way") || strings.Contains(r.stderr, "not encrypted") {
		t.Fatalf("export with a password: %+v", r)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-2.0")) || !bytes.Contains(data, []byte("/Encrypt")) {
		t.Error("the PDF is not encrypted")
	}
	short := filepath.Join(t.TempDir(), "short")
	os.WriteFile(short, []byte("abc\n"), 0o600)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--out", filepath.Join(t.TempDir(), "m.md"), "--password-file", pwFile}, "protects a PDF"},
		{[]string{"--out", filepath.Join(t.TempDir(), "m.pdf"), "--password-file", short}, "at least 10"},
		{[]string{"--out", filepath.Join(t.TempDir(), "m.pdf"), "--password-file", pwFile, "--password"}, "give the password once"},
		{[]string{"--out", filepath.Join(t.TempDir(), "m.pdf"), "--password-file", pwFile, "--to", "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"}, "not both"},
		{[]string{"--out", filepath.Join(t.TempDir(), "m.pdf"), "--password"}, "use --password-file"},
	} {
		r := f.run("", append([]string{"export", "meeting", "Dr Adébáyọ̀"}, c.args...)...)
		if r.status != ExitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: %+v, want %q", c.args, r, c.want)
		}
	}
}

// An SSH key is a recipient, as it is to the age tool, and a bad recipients file is
// named in the error.
func TestExportToSSHKey(t *testing.T) {
	f := newFixture(t)
	f.seedMentoring(false)
	plain := f.mustRun("", "export", "meeting", "Dr Adébáyọ̀")
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	key := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k)))
	file := filepath.Join(f.dir, "meeting.md.age")
	f.mustRun("", "export", "meeting", "Dr Adébáyọ̀", "--to", key, "--out", file)
	data, _ := os.ReadFile(file)
	id, err := agessh.NewEd25519Identity(priv)
	if err != nil {
		t.Fatal(err)
	}
	r, err := age.Decrypt(bytes.NewReader(data), id)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(r)
	if string(got) != plain {
		t.Error("the export does not open with the SSH key")
	}
	bad := filepath.Join(f.dir, "mentors.txt")
	os.WriteFile(bad, []byte(key+"\nnot a key\n"), 0o600)
	res := f.run("", "export", "meeting", "Dr Adébáyọ̀", "--to-file", bad, "--out", filepath.Join(f.dir, "y.age"))
	if res.status != ExitUsage || !strings.Contains(res.stderr, "recipients file "+bad+", line 2") {
		t.Errorf("a bad recipients file: %+v", res)
	}
}

// A PDF that cannot draw a character says so on standard error, naming it.
func TestExportPDFNamesWhatItCannotDraw(t *testing.T) {
	f := newFixture(t)
	f.seedMentoring(false)
	out := filepath.Join(t.TempDir(), "meeting.pdf")
	// Dr Adébáyọ̀'s ọ̀ (o, dot below, grave) is drawn by the embedded fonts.
	r := f.run("", "export", "meeting", "Dr Adébáyọ̀", "--out", out)
	if r.status != 0 || strings.Contains(r.stderr, "cannot draw") {
		t.Errorf("a notice for characters the PDF draws: %+v", r)
	}
	// U+0378 is unassigned, so no font anywhere draws it.
	f.mustRun("A note\n", "add", "--function", "formative", "--title", "Odd \u0378 title")
	r = f.run("", "export", "summary", "--since", "2026-01-01", "--out", filepath.Join(t.TempDir(), "s.pdf"))
	if r.status != 0 || !strings.Contains(r.stderr, "folio: This PDF cannot draw") || !strings.Contains(r.stderr, "U+0378") {
		t.Errorf("no notice on standard error: %+v", r)
	}
	if r := f.run("", "export", "meeting", "Dr Adébáyọ̀", "--out", filepath.Join(t.TempDir(), "m.html")); strings.Contains(r.stderr, "cannot draw") {
		t.Errorf("an HTML export warned about the PDF's fonts: %s", r.stderr)
	}
}

// A document named for a format folio does not write (.docx) is refused, not
// written as Markdown under that name; a name with no extension, or --format, is
// Markdown as before.
func TestExportRefusesAnotherFormatsName(t *testing.T) {
	f := newFixture(t)
	f.init()
	f.mustRun("b", "add", "--function", "n", "--title", "One")
	out := filepath.Join(f.dir, "year.docx")
	r := f.run("", "export", "summary", "--since", "2026-01-01", "--out", out)
	if r.status != ExitUsage || !strings.Contains(r.stderr, ".docx") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("export to year.docx: status %d, stderr %q; want 2 and a sentence naming .docx", r.status, r.stderr)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("year.docx was written: %v", err)
	}
	f.mustRun("", "export", "summary", "--since", "2026-01-01", "--out", out, "--format", "md")
	for _, name := range []string{"year", "year.txt", "year.markdown"} {
		f.mustRun("", "export", "summary", "--since", "2026-01-01", "--out", filepath.Join(f.dir, name))
	}
}
