package sync

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/portfolio/sync/store"
	"github.com/foliohq/folio/portfolio/sync/wire"
)

// git runs git in dir for the test, with the test's environment.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return strings.TrimSpace(string(out))
}

// gitPair is two devices whose sync folders are clones of one bare repository, cloned
// while it was empty, with git configured as on a machine where no one set it up: no
// identity, no global or system configuration.
func gitPair(t *testing.T) (a, b *device, remote string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("these tests need the git command (CI installs it)")
	}
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(dir, "no-gitconfig"))
	for _, k := range []string{"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	remote = filepath.Join(dir, "remote.git")
	git(t, dir, "init", "--quiet", "--bare", remote)
	clk := &simClock{t: time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)}
	opts := portfolio.Options{KDF: cheapKDF, Now: clk.now}
	p, err := portfolio.Create(filepath.Join(dir, "a.folio"), testPass, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Backup(filepath.Join(dir, "b.folio"), false); err != nil {
		t.Fatal(err)
	}
	p.Close()
	var devs []*device
	for i, name := range []string{"a", "b"} {
		folder := filepath.Join(dir, "clone-"+name)
		git(t, dir, "clone", "--quiet", remote, folder)
		q, err := portfolio.Open(filepath.Join(dir, name+".folio"), testPass, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { q.Close() })
		d := &device{name: name, p: q, folder: folder, s: &Syncer{P: q, Folder: folder, Now: clk.now}}
		if err := d.s.Init(i > 0); err != nil {
			t.Fatal(err)
		}
		devs = append(devs, d)
	}
	return devs[0], devs[1], remote
}

func mustExchange(t *testing.T, d *device) (*Report, *GitReport) {
	t.Helper()
	rep, gr, err := d.s.Exchange(context.Background())
	if err != nil {
		t.Fatalf("%s: Exchange: %v", d.name, err)
	}
	if gr == nil {
		t.Fatalf("%s: the clone was not taken for a git work tree", d.name)
	}
	if len(rep.Refused) > 0 {
		t.Fatalf("%s: refused %v", d.name, rep.Refused)
	}
	return rep, gr
}

// branchLog is the remote branch's commits, newest first.
func branchLog(t *testing.T, remote string) []string {
	t.Helper()
	out := git(t, remote, "log", "--format=%H", "HEAD")
	return strings.Fields(out)
}

// noRewrite fails if any commit the remote had is no longer in its branch's history.
func noRewrite(t *testing.T, remote string, before []string) []string {
	t.Helper()
	after := branchLog(t, remote)
	for _, c := range before {
		if !slices.Contains(after, c) {
			t.Fatalf("commit %s left the remote's history: it was rewritten", c)
		}
	}
	if len(before) > 0 {
		git(t, remote, "merge-base", "--is-ancestor", before[0], "HEAD")
	}
	return after
}

func addEntry(t *testing.T, d *device, title, body string) portfolio.ID {
	t.Helper()
	e, err := d.p.AddEntry(portfolio.Entry{Title: title, Body: body, Functions: portfolio.Functions(portfolio.Formative)})
	if err != nil {
		t.Fatal(err)
	}
	return e.ID
}

// Two devices sync through clones of one bare repository: edits and deletions on
// both sides converge, concurrent edits are a conflict on both, each commit holds one
// device's files only, files of the user's in the clone are left alone, and the
// remote's history only grows.
func TestGitTransportConverges(t *testing.T) {
	a, b, remote := gitPair(t)
	if err := os.WriteFile(filepath.Join(a.folder, "notes.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	shared := addEntry(t, a, "Near miss", "first words")
	gone := addEntry(t, a, "To delete", "soon gone")
	_, gr := mustExchange(t, a)
	if gr.Committed != 1 || !gr.Pushed {
		t.Fatalf("a's first sync: %+v, want one commit pushed", gr)
	}
	log := noRewrite(t, remote, nil)
	rep, gr := mustExchange(t, b)
	if gr.Pulled != 1 || rep.Versions == 0 {
		t.Fatalf("b's first sync pulled %d commits and applied %d versions", gr.Pulled, rep.Versions)
	}
	if body(b, shared) != "first words" {
		t.Fatalf("b has %q", body(b, shared))
	}
	log = noRewrite(t, remote, log)
	mustExchange(t, a) // a takes b's acknowledgement

	// Offline from each other: both edit the shared entry, each adds one, b deletes one.
	edit(t, a, shared, "a's words")
	edit(t, b, shared, "b's words")
	fromA := addEntry(t, a, "From a", "written on a")
	fromB := addEntry(t, b, "From b", "written on b")
	if err := b.p.DeleteEntry(gone); err != nil {
		t.Fatal(err)
	}
	// Both commit; a pushes first, so b's push must merge a's commit, not replace it.
	mustExchange(t, a)
	log = noRewrite(t, remote, log)
	_, gr = mustExchange(t, b)
	if gr.Pulled == 0 || !gr.Pushed {
		t.Fatalf("b's sync after a's push: %+v, want a's commit merged and b's pushed", gr)
	}
	log = noRewrite(t, remote, log)
	for range 2 {
		mustExchange(t, a)
		log = noRewrite(t, remote, log)
		mustExchange(t, b)
		log = noRewrite(t, remote, log)
	}
	for _, id := range []portfolio.ID{shared, gone, fromA, fromB} {
		if body(a, id) != body(b, id) {
			t.Errorf("%s: a has %q, b has %q", id, body(a, id), body(b, id))
		}
	}
	if body(a, gone) != "(in the trash)" || body(a, fromB) != "written on b" || body(b, fromA) != "written on a" {
		t.Fatalf("not every change reached both: %q %q %q", body(a, gone), body(a, fromB), body(b, fromA))
	}
	if !inConflict(t, a, shared) || !inConflict(t, b, shared) {
		t.Fatal("concurrent edits are not a conflict on both devices")
	}

	if st := git(t, a.folder, "status", "--porcelain"); st != "?? notes.txt" {
		t.Fatalf("a's clone after syncs: %q, want only the user's own file, untouched", st)
	}
	// Every commit but a merge carries one device's files, never the user's.
	out := git(t, remote, "log", "--no-merges", "--format=tformat:@@", "--name-only", "HEAD")
	for c := range strings.SplitSeq(out, "@@") {
		dirs := map[string]bool{}
		for f := range strings.FieldsSeq(c) {
			top, _, _ := strings.Cut(f, "/")
			dirs[top] = true
		}
		if len(dirs) > 1 || dirs["notes.txt"] {
			t.Fatalf("a commit holds %v", dirs)
		}
	}
}

// Both devices attach a file through the remote, one of them over a chunk; one
// device removes the other's; both end with the same files byte for byte, the
// removal on both, and no byte of the files readable in either clone or the remote.
func TestGitTransportAttachments(t *testing.T) {
	a, b, remote := gitPair(t)
	rec := addEntry(t, a, "Placement", "evidence to follow")
	mustExchange(t, a)
	mustExchange(t, b)
	const canary = "CANARY-certificate-7d1f"
	content := map[portfolio.ID][]byte{}
	big := evidence(wire.DefaultChunkSize+wire.DefaultChunkSize/3, 1, canary)
	small := evidence(5000, 2, canary)
	fromA := attach(t, a, rec, "certificate.pdf", big)
	fromB := attach(t, b, rec, "feedback.png", small)
	content[fromA], content[fromB] = big, small
	for range 2 {
		mustExchange(t, a)
		mustExchange(t, b)
	}
	sameFiles(t, a, b, content, []portfolio.ID{fromA, fromB}, nil)
	if _, err := os.Stat(filepath.Join(a.folder, wire.ChunkName(a.s.dev(), mustSID(t, a.p, fromA), 1))); err != nil {
		t.Fatalf("the larger file was not sent in two chunks: %v", err)
	}
	if err := attachment.RemoveAttachment(a.p, fromB); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		mustExchange(t, a)
		mustExchange(t, b)
	}
	sameFiles(t, a, b, content, []portfolio.ID{fromA}, []portfolio.ID{fromB})
	for _, dir := range []string{a.folder, b.folder, remote} {
		noCanary(t, dir, canary)
	}
}

// mustSID is the attachment's ID as sync names it.
func mustSID(t *testing.T, p *portfolio.Portfolio, id portfolio.ID) store.RecordID {
	t.Helper()
	all, _, err := attachment.SyncManifests(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		if m.ID.String() == string(id) {
			return m.ID
		}
	}
	t.Fatalf("no attachment %s", id)
	return store.RecordID{}
}

// With the remote out of reach, a sync still merges what the folder has and commits
// this device's change sets, and fails in one sentence; the next sync pushes them.
func TestGitTransportOffline(t *testing.T) {
	a, b, remote := gitPair(t)
	addEntry(t, a, "Before", "online")
	mustExchange(t, a)
	log := branchLog(t, remote)
	hidden := remote + ".away"
	if err := os.Rename(remote, hidden); err != nil {
		t.Fatal(err)
	}
	id := addEntry(t, a, "Offline", "on the train")
	rep, gr, err := a.s.Exchange(context.Background())
	if !errors.Is(err, ErrGit) {
		t.Fatalf("offline: %v, want ErrGit", err)
	}
	if strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "fetch from origin") {
		t.Fatalf("offline error is not one sentence naming the fetch: %q", err)
	}
	if len(rep.Sealed) != 1 || gr.Committed != 1 || gr.Pushed {
		t.Fatalf("offline: sealed %v, git %+v; want the change set committed here, not pushed", rep.Sealed, gr)
	}
	if n := git(t, a.folder, "rev-list", "--count", "HEAD"); n != "2" {
		t.Fatalf("a's clone has %s commits, want 2", n)
	}
	if err := os.Rename(hidden, remote); err != nil {
		t.Fatal(err)
	}
	_, gr = mustExchange(t, a)
	if !gr.Pushed {
		t.Fatalf("back online: %+v, want the offline commit pushed", gr)
	}
	noRewrite(t, remote, log)
	mustExchange(t, b)
	if body(b, id) != "on the train" {
		t.Fatalf("b has %q", body(b, id))
	}
}

// A push the remote refuses (it moved since the pull) is never forced: the remote
// keeps the other device's commit, and the next sync merges it and pushes.
func TestGitTransportNeverForces(t *testing.T) {
	a, b, remote := gitPair(t)
	addEntry(t, a, "First", "one")
	mustExchange(t, a)
	mustExchange(t, b)
	ctx := context.Background()
	g, err := OpenGit(ctx, b.folder)
	if err != nil || g == nil {
		t.Fatalf("OpenGit: %v, %v", g, err)
	}
	if _, err := g.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	idB := addEntry(t, b, "From b", "late push")
	rep := mustSync(t, b)
	if ok, err := g.Commit(ctx, rep.Device, "test"); err != nil || !ok {
		t.Fatalf("commit: %v %v", ok, err)
	}
	idA := addEntry(t, a, "From a", "pushed meanwhile")
	mustExchange(t, a)
	log := branchLog(t, remote)
	if _, err := g.Push(ctx); !errors.Is(err, ErrGit) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("pushing behind the remote: %v, want a refusal in one sentence", err)
	}
	if got := branchLog(t, remote); !slices.Equal(got, log) {
		t.Fatal("a refused push changed the remote")
	}
	mustExchange(t, b)
	noRewrite(t, remote, log)
	mustExchange(t, a)
	if body(a, idB) != "late push" || body(b, idA) != "pushed meanwhile" {
		t.Fatalf("a has %q, b has %q", body(a, idB), body(b, idA))
	}
}

// A folder that is not the top of a work tree (a directory inside a home kept in
// git), or a work tree with no remote, is a plain folder: folio commits nothing.
func TestGitTransportOnlyForItsOwnWorkTree(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("these tests need the git command (CI installs it)")
	}
	dir := t.TempDir()
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(dir, "no-gitconfig"))
	git(t, dir, "init", "--quiet", "home")
	git(t, dir, "init", "--quiet", "--bare", "remote.git")
	git(t, filepath.Join(dir, "home"), "remote", "add", "origin", filepath.Join(dir, "remote.git"))
	inside := filepath.Join(dir, "home", "sync")
	if err := os.Mkdir(inside, 0o700); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if g, err := OpenGit(ctx, inside); g != nil || err != nil {
		t.Fatalf("a folder inside a work tree: %+v, %v; want a plain folder", g, err)
	}
	git(t, dir, "init", "--quiet", "alone")
	if g, err := OpenGit(ctx, filepath.Join(dir, "alone")); g != nil || err != nil {
		t.Fatalf("a work tree without a remote: %+v, %v; want a plain folder", g, err)
	}
	if g, err := OpenGit(ctx, filepath.Join(dir, "home")); g == nil || err != nil || g.Remote != "origin" {
		t.Fatalf("a work tree with a remote: %+v, %v", g, err)
	}
}

// git variables that point at another repository (folio run from a git hook, say)
// do not redirect folio's commits: it commits in the sync folder's work tree only.
func TestGitTransportIgnoresRepositoryVariables(t *testing.T) {
	a, _, remote := gitPair(t)
	decoy := filepath.Join(t.TempDir(), "decoy")
	git(t, filepath.Dir(decoy), "init", "--quiet", decoy)
	t.Setenv("GIT_DIR", filepath.Join(decoy, ".git"))
	t.Setenv("GIT_WORK_TREE", decoy)
	addEntry(t, a, "Through the hook", "x")
	_, gr := mustExchange(t, a)
	if !gr.Pushed || gr.Committed != 1 {
		t.Fatalf("with GIT_DIR set: %+v", gr)
	}
	os.Unsetenv("GIT_DIR")
	os.Unsetenv("GIT_WORK_TREE")
	if n := len(branchLog(t, remote)); n != 1 {
		t.Fatalf("the remote has %d commits, want 1", n)
	}
	if out, err := exec.Command("git", "-C", decoy, "rev-parse", "--verify", "--quiet", "HEAD").Output(); err == nil {
		t.Fatalf("folio committed into the repository GIT_DIR named: %s", out)
	}
}
