package records

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/portfolio/diff"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

// Versions and the trash on the command line (docs/HISTORY.md): history, show
// --version, restore and trash.

func historyCmd(s *session) *cobra.Command {
	var asJSON bool
	var diff int
	c := &cobra.Command{
		Use:   "history ID",
		Short: "List the versions of a record, or show what one version changed",
		Long: "List every version kept of a record (live or in the trash): its number, when it was saved, " +
			"and whether it was a save, a deletion or the record as it was before history began. " +
			"--diff N shows, word by word, what version N changed from the version before it: " +
			"[-removed-] and {+added+}.",
		Example: `folio history 3kq9
folio history 3kq9 --diff 2
folio history 3kq9 --json`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "record ID, as in: folio history 3kq9")
			if err != nil {
				return err
			}
			// Versions count from 1: --diff 0 is refused, not read as no --diff.
			if diff < 0 || (diff == 0 && c.Flags().Changed("diff")) {
				return clienv.Usagef("--diff needs a version number from 1 up, as %q lists them", "folio history "+arg)
			}
			return runHistory(s, arg, diff, asJSON)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().IntVar(&diff, "diff", 0, "show what version `N` changed from the one before it")
	return c
}

func runHistory(s *session, arg string, diff int, asJSON bool) error {
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	id, _, err := history.ResolveAny(p, arg)
	if err != nil {
		return err
	}
	vs, err := history.History(p, id)
	if err != nil {
		return err
	}
	if diff > 0 {
		return writeVersionDiff(s.Stdout, vs, id, diff, asJSON)
	}
	if asJSON {
		return clienv.WriteJSON(s.Stdout, versionsJSON(vs))
	}
	if len(vs) == 0 {
		fmt.Fprintf(s.Stdout, "No versions are kept of %s.\n", id.Short())
		return nil
	}
	for _, v := range vs {
		fmt.Fprintln(s.Stdout, historyLine(v))
	}
	return nil
}

// versionJSON is a version without its record, as history --json lists it.
type versionJSON struct {
	Version  int       `json:"version"`
	Kind     string    `json:"kind"`
	ID       string    `json:"id"`
	Saved    time.Time `json:"saved,omitzero"`
	Device   string    `json:"device,omitempty"`
	Deleted  bool      `json:"deleted,omitempty"`
	Baseline bool      `json:"baseline,omitempty"`
	Title    string    `json:"title,omitempty"`
}

func versionsJSON(vs []portfolio.Version) []versionJSON {
	out := make([]versionJSON, 0, len(vs))
	for _, v := range vs {
		out = append(out, versionJSON{Version: v.Seq, Kind: string(v.Kind), ID: string(v.ID), Saved: v.Saved,
			Device: v.Device, Deleted: v.Deleted, Baseline: v.Baseline, Title: v.Title})
	}
	return out
}

func historyLine(v portfolio.Version) string {
	when := "before history began"
	if !v.Baseline {
		when = v.Saved.Local().Format("2006-01-02 15:04:05")
	}
	what := "saved  "
	switch {
	case v.Deleted:
		what = "deleted"
	case v.Baseline:
		what = "kept   "
	}
	line := fmt.Sprintf("%3d  %s  %-19s", v.Seq, what, when)
	if v.Title != "" {
		line += "  " + sanitize.Line(v.Title)
	}
	return strings.TrimRight(line, " ")
}

func writeVersionDiff(w io.Writer, vs []portfolio.Version, id portfolio.ID, n int, asJSON bool) error {
	var before, after *portfolio.Version
	for i := range vs {
		if vs[i].Seq == n {
			after = &vs[i]
			if i > 0 {
				before = &vs[i-1]
			}
		}
	}
	if after == nil {
		return clienv.Usagef("%s has no version %d; `folio history %s` lists them", id.Short(), n, id.Short())
	}
	old := ""
	if before != nil {
		old = diff.RecordText(*before)
	}
	parts := diff.WordDiff(old, diff.RecordText(*after))
	if asJSON {
		return clienv.WriteJSON(w, parts)
	}
	var b strings.Builder
	for _, part := range parts {
		text := sanitize.Text(part.Text)
		switch part.Op {
		case diff.DiffDelete:
			fmt.Fprintf(&b, "[-%s-]", text)
		case diff.DiffInsert:
			fmt.Fprintf(&b, "{+%s+}", text)
		default:
			b.WriteString(text)
		}
	}
	fmt.Fprintln(w, b.String())
	return nil
}

// runShowVersion is `folio show ID --version N`: the record as version N held it.
func runShowVersion(s *session, arg string, n int, asJSON bool) error {
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	id, _, err := history.ResolveAny(p, arg)
	if err != nil {
		return err
	}
	v, err := history.VersionOf(p, id, n)
	if err != nil {
		return err
	}
	if asJSON {
		return clienv.WriteJSON(s.Stdout, v)
	}
	fmt.Fprintln(s.Stdout, historyLine(v))
	if v.Deleted {
		fmt.Fprintf(s.Stdout, "\nVersion %d is the deletion of %s %s; the version before it holds the record.\n", n, v.Kind, id.Short())
		return nil
	}
	fmt.Fprintf(s.Stdout, "\n%s\n", sanitize.Text(diff.RecordText(v)))
	return nil
}

func restoreCmd(s *session) *cobra.Command {
	var asJSON bool
	var version int
	c := &cobra.Command{
		Use:   "restore ID",
		Short: "Make an earlier version of a record its current one, or bring it back from the trash",
		Long: "Restore version N of a record (`folio history ID` lists them) as its current value: " +
			"a new version, so nothing is lost and the restore can itself be undone by restoring again. " +
			"Without --version, a record in the trash comes back as it was when it was deleted.",
		Example: `folio restore 3kq9 --version 2
folio restore 3kq9`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "record ID, as in: folio restore 3kq9 --version 2")
			if err != nil {
				return err
			}
			// Versions count from 1: --version 0 is refused, not read as no --version.
			if version < 0 || (version == 0 && c.Flags().Changed("version")) {
				return clienv.Usagef("--version needs a version number from 1 up, as %q lists them", "folio history "+arg)
			}
			return runRestore(s, arg, version, false, asJSON)
		},
	}
	c.Flags().IntVar(&version, "version", 0, "the version `N` to restore (default: from the trash, the last before deletion)")
	c.Flags().BoolVar(&asJSON, "json", false, "print the new version as JSON")
	return c
}

// runRestore restores version of the record arg names, or with version 0 brings it
// back from the trash; fromTrash is whether it was asked for as trash restore.
func runRestore(s *session, arg string, version int, fromTrash, asJSON bool) error {
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	id, _, err := history.ResolveAny(p, arg)
	if errors.Is(err, portfolio.ErrNotFound) && version == 0 && !asJSON {
		// folio trash lists attachments moved there on their own too.
		if a, aerr := attachment.ResolveRemovedAttachment(p, arg); aerr == nil {
			return s.restoreAttachment(p, a)
		}
	}
	if err != nil {
		return err
	}
	if fromTrash && !p.InTrash(id) {
		return clienv.Usagef("%s is not in the trash; `folio restore %s --version N` brings back an earlier version of it (`folio history %s` lists them)", id.Short(), id.Short(), id.Short())
	}
	if version == 0 && !p.InTrash(id) {
		return clienv.Usagef("%s is not in the trash; give --version N to restore an earlier version (`folio history %s` lists them)", id.Short(), id.Short())
	}
	v, err := history.Restore(p, id, version)
	if err != nil {
		return err
	}
	if asJSON {
		return clienv.WriteJSON(s.Stdout, versionsJSON([]portfolio.Version{v})[0])
	}
	from := "from the trash"
	if version > 0 {
		from = "version " + strconv.Itoa(version)
	}
	fmt.Fprintf(s.Stdout, "Restored %s %s %q (%s) as version %d.\n", v.Kind, id.Short(), sanitize.Line(v.Title), from, v.Seq)
	return nil
}

func trashCmd(s *session) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "trash",
		Short: "List the records in the trash; restore one, or empty it",
		Long: "Deleted records go to the trash with their history. `folio trash` (or `trash list`) lists them, " +
			"most recently deleted first; `trash restore ID` brings one back; `trash empty` erases them all " +
			"and their history, after asking (--yes in scripts).",
		Example: `folio trash
folio trash restore 3kq9
folio trash empty --yes`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return clienv.UnknownCommand(c, args[0])
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error { return runTrashList(s, asJSON) },
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	list := &cobra.Command{
		Use:     "list",
		Short:   "List the records in the trash",
		Example: "folio trash list --json",
		Args:    cobra.NoArgs,
		RunE:    func(c *cobra.Command, args []string) error { return runTrashList(s, asJSON) },
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	var restoreJSON bool
	restore := &cobra.Command{
		Use:     "restore ID",
		Short:   "Bring a record back from the trash, as it was when deleted",
		Example: "folio trash restore 3kq9",
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "record ID, as in: folio trash restore 3kq9")
			if err != nil {
				return err
			}
			return runRestore(s, arg, 0, true, restoreJSON)
		},
	}
	restore.Flags().BoolVar(&restoreJSON, "json", false, "print the new version as JSON")
	var yes, emptyJSON bool
	empty := &cobra.Command{
		Use:     "empty",
		Short:   "Erase every record in the trash, with its history, after asking",
		Example: "folio trash empty --yes",
		Args:    cobra.NoArgs,
		RunE:    func(c *cobra.Command, args []string) error { return runTrashEmpty(s, yes, emptyJSON) },
	}
	empty.Flags().BoolVarP(&yes, "yes", "y", false, "empty without asking")
	empty.Flags().BoolVar(&emptyJSON, "json", false, "print how many records were erased as JSON")
	c.AddCommand(list, restore, empty)
	return c
}

func runTrashList(s *session, asJSON bool) error {
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	items, err := history.Trash(p)
	if err != nil {
		return err
	}
	removed, with, err := attachment.InTrash(p)
	if err != nil {
		return err
	}
	if asJSON {
		return clienv.WriteJSON(s.Stdout, trashJSON(items, removed, with))
	}
	if len(items)+len(removed) == 0 {
		fmt.Fprintln(s.Stdout, "The trash is empty.")
		return nil
	}
	for _, it := range items {
		files := ""
		if n := with[it.ID]; n > 0 {
			files = fmt.Sprintf(" (with %d attached file%s)", n, clienv.Plural(n))
		}
		fmt.Fprintf(s.Stdout, "%s  %-12s  deleted %s  %s%s\n", it.ID.Short(), it.Kind, it.Deleted.Local().Format("2006-01-02 15:04"), sanitize.Line(it.Title), files)
	}
	listRemovedAttachments(s, removed)
	return nil
}

func runTrashEmpty(s *session, yes, asJSON bool) error {
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	items, err := history.Trash(p)
	if err != nil {
		return err
	}
	removed, with, err := attachment.InTrash(p)
	if err != nil {
		return err
	}
	if len(items)+len(removed) == 0 {
		if asJSON {
			return clienv.WriteJSON(s.Stdout, map[string]int{"erased": 0, "attachments": 0})
		}
		fmt.Fprintln(s.Stdout, "The trash is empty.")
		return nil
	}
	// The files that went to the trash with their records are erased with them,
	// as are those removed on their own: the question counts both.
	files := len(removed)
	for _, it := range items {
		files += with[it.ID]
	}
	what := fmt.Sprintf("%d record%s and %s history", len(items), clienv.Plural(len(items)), map[bool]string{true: "its", false: "their"}[len(items) == 1])
	if files > 0 {
		what += fmt.Sprintf(", and %d attached file%s", files, clienv.Plural(files))
	}
	if ok, err := s.ConfirmDelete("Erase "+what+" for good?", "emptying the trash of", what, yes); !ok {
		return err
	}
	n, err := history.EmptyTrash(p)
	if err != nil {
		return err
	}
	if asJSON {
		return clienv.WriteJSON(s.Stdout, map[string]int{"erased": n, "attachments": files})
	}
	if withRecords := files - len(removed); withRecords > 0 {
		fmt.Fprintf(s.Stdout, "Erased %d record%s from the trash, with %d attached file%s.\n", n, clienv.Plural(n), withRecords, clienv.Plural(withRecords))
	} else {
		fmt.Fprintf(s.Stdout, "Erased %d record%s from the trash.\n", n, clienv.Plural(n))
	}
	if len(removed) > 0 {
		fmt.Fprintf(s.Stdout, "Erased %d attached file%s moved to the trash on %s own.\n", len(removed), clienv.Plural(len(removed)), map[bool]string{true: "its", false: "their"}[len(removed) == 1])
	}
	return nil
}

// trashItemJSON is one line of trash --json: a record, or an attachment moved to the
// trash on its own (kind "attachment", its file name as title, and the record it
// hangs on), so a script sees everything that emptying the trash would erase.
type trashItemJSON struct {
	Kind       string    `json:"kind"`
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	Deleted    time.Time `json:"deleted"`
	Versions   int       `json:"versions,omitempty"`
	Record     string    `json:"record,omitempty"`
	RecordKind string    `json:"record_kind,omitempty"`
	MediaType  string    `json:"media_type,omitempty"`
	Size       *int64    `json:"size,omitempty"`
	// Attachments counts the files that went to the trash with the record.
	Attachments int `json:"attachments,omitempty"`
}

// trashJSON merges the records and the attachments in the trash, newest deletion
// first, as trash lists them.
func trashJSON(items []history.TrashItem, removed []portfolio.Attachment, with map[portfolio.ID]int) []trashItemJSON {
	out := make([]trashItemJSON, 0, len(items)+len(removed))
	for _, it := range items {
		out = append(out, trashItemJSON{Kind: string(it.Kind), ID: string(it.ID), Title: it.Title, Deleted: it.Deleted, Versions: it.Versions, Attachments: with[it.ID]})
	}
	for _, a := range removed {
		size := a.Size
		out = append(out, trashItemJSON{Kind: "attachment", ID: string(a.ID), Title: a.Name, Deleted: a.Removed,
			Record: string(a.Record), RecordKind: string(a.Kind), MediaType: a.MediaType, Size: &size})
	}
	slices.SortStableFunc(out, func(a, b trashItemJSON) int { return b.Deleted.Compare(a.Deleted) })
	return out
}
