// Package gitfolder runs the git command that carries a sync folder which is the top
// of a git work tree with a remote (docs/SYNC.md "git"): pull by merging, commit only
// one device's files, push without force. It knows nothing of change sets.
package gitfolder

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/foliohq/folio/portfolio"
)

// ErrGit marks a failure of the git command that carries a sync folder.
var ErrGit = errors.New("git failed")

// Git is a sync folder that is the top of a git work tree with a remote: folio carries
// its change sets to the other devices by committing its own files and pulling and
// pushing with the git command the user has. It merges and never rebases or forces:
// each device writes only its own files, so merges never collide, and no commit is
// ever rewritten (docs/SYNC.md "git").
type Git struct {
	Dir    string // the work tree: the sync folder
	Remote string
	Branch string // the branch on the remote
	// upstream: the local branch already tracks Remote/Branch.
	upstream bool
	// ident is -c user.name/user.email when git has no identity of the user's.
	ident []string
}

// OpenGit finds out whether folder is a git work tree with a remote, and returns nil,
// nil if it is not: a folder inside a larger work tree (a home directory kept in git)
// is a plain folder, so folio never commits into a repository it was not given.
func OpenGit(ctx context.Context, folder string) (*Git, error) {
	if _, err := os.Lstat(filepath.Join(folder, ".git")); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	g := &Git{Dir: folder}
	if _, err := g.run(ctx, "look at", "rev-parse", "--is-inside-work-tree"); err != nil {
		return nil, err
	}
	branch, err := g.run(ctx, "", "symbolic-ref", "--quiet", "--short", "HEAD")
	if err != nil {
		return nil, &gitError{code: -1, msg: fmt.Sprintf("the sync folder %s is a git work tree that is not on a branch; check out the branch folio should use", folder)}
	}
	remotes, err := g.run(ctx, "look at", "remote")
	if err != nil {
		return nil, err
	}
	names := strings.Fields(remotes)
	if len(names) == 0 {
		return nil, nil
	}
	g.Remote, g.Branch = "origin", branch
	if len(names) == 1 {
		g.Remote = names[0]
	}
	if r, err := g.run(ctx, "", "config", "branch."+branch+".remote"); err == nil && r != "" && r != "." {
		if m, err := g.run(ctx, "", "config", "branch."+branch+".merge"); err == nil && strings.HasPrefix(m, "refs/heads/") {
			g.Remote, g.Branch, g.upstream = r, strings.TrimPrefix(m, "refs/heads/"), true
		}
	}
	name, _ := g.run(ctx, "", "config", "user.name")
	email, _ := g.run(ctx, "", "config", "user.email")
	if (name == "" || email == "") && os.Getenv("GIT_AUTHOR_EMAIL") == "" && os.Getenv("EMAIL") == "" {
		// git would guess from the host name or refuse; folio's commits say whose
		// they are in their message, so a plain identity is enough.
		g.ident = []string{"-c", "user.name=folio", "-c", "user.email=folio@localhost"}
	}
	return g, nil
}

// env is the user's environment with nothing that points git at another repository,
// and with every prompt off: folio runs git without a terminal of its own.
func gitEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
			"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE",
			"GIT_PREFIX", "GIT_TERMINAL_PROMPT", "GIT_EDITOR", "GIT_MERGE_AUTOEDIT":
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "GIT_TERMINAL_PROMPT=0", "GIT_EDITOR=true", "GIT_MERGE_AUTOEDIT=no")
	if os.Getenv("GIT_SSH_COMMAND") == "" && os.Getenv("GIT_SSH") == "" {
		// ssh asks for passphrases and host keys on /dev/tty, not stdin.
		env = append(env, "GIT_SSH_COMMAND=ssh -o BatchMode=yes")
	}
	return env
}

// run runs git in the work tree and returns its output, trimmed. A failure is one
// sentence: "git could not OP in DIR: what git said"; with op "" the caller words it.
func (g *Git) run(ctx context.Context, op string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", g.Dir}, args...)...)
	cmd.Env = gitEnv()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if errors.Is(err, exec.ErrNotFound) {
		return "", &gitError{code: -1, msg: fmt.Sprintf("the sync folder %s is a git work tree, but the git command was not found; install git or sync through a plain folder", g.Dir)}
	}
	if err != nil {
		if ctx.Err() != nil {
			return "", &gitError{code: -1, msg: fmt.Sprintf("git took too long to %s in %s and was stopped", op, g.Dir)}
		}
		code := -1
		if ee, ok := errors.AsType[*exec.ExitError](err); ok {
			code = ee.ExitCode()
		}
		return strings.TrimSpace(out.String()), &gitError{code: code, msg: fmt.Sprintf("git could not %s in %s: %s", op, g.Dir, said(errb.String(), err))}
	}
	return strings.TrimSpace(out.String()), nil
}

// gitError is git's exit status and what it said.
type gitError struct {
	code int
	msg  string
}

func (e *gitError) Error() string { return e.msg }
func (e *gitError) Unwrap() error { return ErrGit }

// said is the line of git's error output that says what went wrong, inert.
func said(stderr string, err error) string {
	var last string
	for line := range strings.Lines(stderr) {
		line = strings.TrimSpace(line)
		for _, p := range []string{"fatal: ", "error: "} {
			if msg, ok := strings.CutPrefix(line, p); ok {
				return inert(msg)
			}
		}
		if line != "" && !strings.HasPrefix(line, "hint:") {
			last = line
		}
	}
	if last == "" {
		return err.Error()
	}
	return inert(last)
}

// inert drops control characters: a remote's messages reach the user's terminal.
func inert(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	return strings.TrimSuffix(s, ".")
}

func (g *Git) remoteRef() string { return "refs/remotes/" + g.Remote + "/" + g.Branch }

// hasRef says whether ref names a commit here.
func (g *Git) hasRef(ctx context.Context, ref string) bool {
	_, err := g.run(ctx, "", "rev-parse", "--verify", "--quiet", ref+"^{commit}")
	return err == nil
}

// count is the number of commits in a range, the commits of to when from has none.
func (g *Git) count(ctx context.Context, from, to string) (int, error) {
	rng := to
	if g.hasRef(ctx, from) {
		rng = from + ".." + to
	}
	out, err := g.run(ctx, "count commits", "rev-list", "--count", rng)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(out)
}

// Pull fetches the remote and merges its branch (a fast-forward when it can be) and
// returns how many commits came. A merge git cannot finish is undone, and said.
func (g *Git) Pull(ctx context.Context) (int, error) {
	if _, err := g.run(ctx, "fetch from "+g.Remote, "fetch", "--quiet", "--no-tags", g.Remote); err != nil {
		return 0, err
	}
	ref := g.remoteRef()
	if !g.hasRef(ctx, ref) {
		return 0, nil // an empty remote: this device's first push makes the branch
	}
	n, err := g.count(ctx, "HEAD", ref)
	if err != nil || n == 0 {
		return 0, err
	}
	args := append(append([]string{}, g.ident...), "merge", "--quiet", "--ff", "--no-edit", "--no-verify",
		"-m", "folio: merge "+g.Remote+"/"+g.Branch, ref)
	if _, err := g.run(ctx, "merge "+g.Remote+"/"+g.Branch, args...); err != nil {
		if g.hasRef(ctx, "MERGE_HEAD") {
			g.run(ctx, "", "merge", "--abort")
		}
		return 0, fmt.Errorf("%w; folio only adds files of its own, so another file in the folder differs: resolve it with git", err)
	}
	return n, nil
}

// Commit commits this device's own files in the folder (new change sets, and those
// compaction removed), and nothing else, and says whether there was anything to commit.
func (g *Git) Commit(ctx context.Context, dev portfolio.DeviceID, what string) (bool, error) {
	own := []string{"--", ":(literal)" + dev.String(), ":(exclude)" + dev.String() + "/.*"}
	if _, err := os.Stat(filepath.Join(g.Dir, dev.String())); errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if _, err := g.run(ctx, "add this device's change sets", append([]string{"add", "--all"}, own...)...); err != nil {
		return false, err
	}
	_, err := g.run(ctx, "compare this device's change sets", append([]string{"diff", "--cached", "--quiet"}, own...)...)
	if err == nil {
		return false, nil // nothing new
	}
	if ge, ok := errors.AsType[*gitError](err); !ok || ge.code != 1 {
		return false, err
	}
	args := append(append([]string{}, g.ident...), "commit", "--quiet", "--no-verify", "-m", "folio: "+what)
	if _, err := g.run(ctx, "commit this device's change sets", append(args, own...)...); err != nil {
		return false, err
	}
	return true, nil
}

// Push pushes the branch if it has commits the remote has not, and says whether it did.
// It never forces: a remote that moved meanwhile is refused by git, and the caller pulls
// and pushes again.
func (g *Git) Push(ctx context.Context) (bool, error) {
	if !g.hasRef(ctx, "HEAD") {
		return false, nil
	}
	n, err := g.count(ctx, g.remoteRef(), "HEAD")
	if err != nil || n == 0 {
		return false, err
	}
	args := []string{"push", "--quiet"}
	if !g.upstream {
		args = append(args, "--set-upstream")
	}
	args = append(args, g.Remote, "HEAD:refs/heads/"+g.Branch)
	if _, err := g.run(ctx, "push to "+g.Remote, args...); err != nil {
		return false, err
	}
	g.upstream = true
	return true, nil
}

// GitState is what `folio sync status` says of a sync folder that is a git work tree
// with a remote, from what the clone knows: it does not fetch.
type GitState struct {
	Remote  string `json:"remote"` // where folio pulls from and pushes to
	Branch  string `json:"branch"`
	Local   string `json:"local"`   // the branch checked out
	Fetched bool   `json:"fetched"` // the clone has the remote's branch (it has been fetched or pushed)
	// Ahead and Behind are the commits here and not on the remote, and there and not
	// here, as of the last fetch.
	Ahead  int `json:"ahead"`
	Behind int `json:"behind"`
	// Uncommitted are this device's own files that differ from the last commit: the
	// next sync commits them.
	Uncommitted []string `json:"uncommitted"`
}

// State is what the clone knows of the remote, and which of the device dev's own
// files differ from the last commit (none looked for when dev is nil). It does not
// fetch.
func (g *Git) State(ctx context.Context, dev *portfolio.DeviceID) (*GitState, error) {
	gs := &GitState{Remote: g.Remote, Branch: g.Branch}
	var err error
	if gs.Local, err = g.run(ctx, "look at", "symbolic-ref", "--quiet", "--short", "HEAD"); err != nil {
		return nil, err
	}
	head := g.hasRef(ctx, "HEAD")
	if gs.Fetched = g.hasRef(ctx, g.remoteRef()); gs.Fetched && head {
		out, err := g.run(ctx, "compare with "+g.Remote, "rev-list", "--left-right", "--count", "HEAD..."+g.remoteRef())
		if err != nil {
			return nil, err
		}
		if f := strings.Fields(out); len(f) == 2 {
			gs.Ahead, _ = strconv.Atoi(f[0])
			gs.Behind, _ = strconv.Atoi(f[1])
		}
	} else if head {
		if gs.Ahead, err = g.count(ctx, g.remoteRef(), "HEAD"); err != nil {
			return nil, err
		}
	}
	if dev == nil {
		return gs, nil
	}
	own := []string{"--", ":(literal)" + dev.String(), ":(exclude)" + dev.String() + "/.*"}
	seen := map[string]bool{}
	lists := [][]string{{"ls-files", "--others"}}
	if head {
		lists = append(lists, []string{"diff", "--name-only", "--no-renames", "HEAD"})
	} else {
		lists = append(lists, []string{"ls-files", "--cached"})
	}
	for _, args := range lists {
		out, err := g.run(ctx, "look at this device's files", append(args, own...)...)
		if err != nil {
			return nil, err
		}
		for _, f := range strings.Fields(out) {
			if !seen[f] {
				seen[f] = true
				gs.Uncommitted = append(gs.Uncommitted, f)
			}
		}
	}
	slices.Sort(gs.Uncommitted)
	return gs, nil
}
