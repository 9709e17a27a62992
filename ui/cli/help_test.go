package cli

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/spf13/cobra"
)

// Every command and group answers -h with its own help, with examples, and exits 0.
func TestEveryCommandHasHelpWithExamples(t *testing.T) {
	f := newFixture(t)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if strings.HasPrefix(sub.Name(), "__") {
				continue
			}
			path := strings.Fields(sub.CommandPath())[1:]
			// fang shows the long description where there is one, else the short.
			intro := sub.Short
			if sub.Long != "" {
				intro = sub.Long[:30]
			}
			if sub.Example == "" {
				t.Errorf("folio %s has no examples", strings.Join(path, " "))
			}
			for _, h := range []string{"-h", "--help"} {
				r := f.runRaw("", append(path, h)...)
				if r.status != 0 || !strings.Contains(r.stdout, intro) || !strings.Contains(strings.ToUpper(r.stdout), "EXAMPLES") {
					t.Errorf("folio %s %s: status %d, stdout %q, stderr %q", strings.Join(path, " "), h, r.status, r.stdout, r.stderr)
				}
				// Piped help carries no padding: fang pads every line to the width.
				for _, line := range strings.Split(r.stdout, "\n") {
					if strings.HasSuffix(line, " ") {
						t.Errorf("folio %s %s: line with trailing blanks %q", strings.Join(path, " "), h, line)
						break
					}
				}
			}
			r := f.runRaw("", append([]string{"help"}, path...)...)
			if r.status != 0 || !strings.Contains(r.stdout, intro) {
				t.Errorf("folio help %s: status %d, stdout %q", strings.Join(path, " "), r.status, r.stdout)
			}
			walk(sub)
		}
	}
	walk(newRoot(&clienv.Session{}))
}

// An unknown help topic or shell is bad usage, with a suggestion where there is one.
func TestUnknownHelpTopicAndShell(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"help", "frob"}, `"frob" is not a folio command`},
		{[]string{"help", "lsit"}, "'folio list'?"},
		{[]string{"help", "goal", "frob"}, `"frob" is not a goal subcommand`},
		{[]string{"completion", "tcsh"}, `"tcsh" is not a completion subcommand`},
		{[]string{"completion"}, "completion needs a shell"},
		// A mistyped command asked for help is still a mistyped command, not the
		// whole of folio's help with status 0.
		{[]string{"tags", "--help"}, `"tags" is not a folio command`},
		{[]string{"lsit", "-h"}, "'folio list'?"},
		{[]string{"goal", "frob", "--help"}, `"frob" is not a goal subcommand`},
	} {
		r := f.runRaw("", c.args...)
		if r.status != ExitUsage || !strings.Contains(r.stderr, c.want) || r.stdout != "" {
			t.Errorf("folio %s: %+v; want status 2 saying %q", strings.Join(c.args, " "), r, c.want)
		}
	}
}

// Usage lines name every flag, so `list` shows --goal and --limit.
func TestHelpListsEveryFlag(t *testing.T) {
	f := newFixture(t)
	r := f.runRaw("", "list", "--help")
	for _, flag := range []string{"--function", "--tag", "--since", "--until", "--goal", "--limit", "--json", "--vault", "--passphrase-file"} {
		if !strings.Contains(r.stdout, flag) {
			t.Errorf("list --help does not show %s", flag)
		}
	}
}

// A date in a command's examples is one the command takes: help that shows
// a date the parser refuses sends a new user straight into an error.
func TestExampleDatesParse(t *testing.T) {
	dateFlag := regexp.MustCompile(`--(target|due|date|next|start|since|until)[ =]("[^"]*"|\S+)`)
	today := calendar.MakeDate(2026, time.April, 3)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, m := range dateFlag.FindAllStringSubmatch(c.Example, -1) {
			v := strings.Trim(m[2], `"`)
			if _, err := calendar.ParseDate(v, today); err != nil {
				t.Errorf("%s example --%s %q: %v", c.CommandPath(), m[1], v, err)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRoot(&clienv.Session{}))
}

// TestHelpListsFitEightyColumns checks that folio --help lists the commands within
// 80 columns, with no usage line widening the command column (rate's named all
// its flags), and that a long description wraps under itself.
func TestHelpListsFitEightyColumns(t *testing.T) {
	f := newFixture(t)
	for _, args := range [][]string{{"--help"}, {"goal", "--help"}, {"rate", "--help"}} {
		out := f.runRaw("", args...).stdout
		inList := false
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   ") && strings.ToUpper(line) == line && strings.TrimSpace(line) != "" {
				inList = line != "  USAGE" && line != "  EXAMPLES"
				continue
			}
			if inList && len([]rune(line)) > 80 {
				t.Errorf("folio %s: a list line is %d columns wide: %q", strings.Join(args, " "), len([]rune(line)), line)
			}
		}
	}
	out := f.runRaw("", "--help").stdout
	if !regexp.MustCompile(`\n    rate RELATIONSHIP \[--flags\] +Rate yourself`).MatchString(out) {
		t.Errorf("folio --help does not list rate by its short usage:\n%s", out)
	}
	if !regexp.MustCompile(`attach RECORD FILE\.\.\. +Keep files[^\n]*\n {20,}\S`).MatchString(out) {
		t.Errorf("folio --help does not wrap attach's description under itself:\n%s", out)
	}
	if r := f.runRaw("", "rate", "--help"); !strings.Contains(r.stdout, "--stage") || !strings.Contains(r.stdout, "--score") {
		t.Errorf("rate --help lost its flags:\n%s", r.stdout)
	}
}
