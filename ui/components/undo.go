package components

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/diff"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/sanitize"
)

// UndoneMsg is the newest change since unlock taken back (or nothing to take back);
// Text says which, for the status line. The root shows it and refreshes the screen.
type UndoneMsg struct {
	Text    string
	Nothing bool
}

// Undo takes back the newest change of the vault's undo log, whatever screen made
// it, and says what it was.
func Undo(p *portfolio.Portfolio) tea.Cmd {
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		step, err := history.Undo(p)
		if errors.Is(err, history.ErrNothingToUndo) {
			return UndoneMsg{Text: "Nothing to undo: no change since the vault was unlocked.", Nothing: true}
		}
		if err != nil {
			return common.ErrMsg{Err: fmt.Errorf("could not undo: %w", err)}
		}
		return UndoneMsg{Text: DescribeUndo(p, step)}
	}
}

// DescribeUndo says what an undone step had done, by the record's title and what
// changed in it: a deletion, a creation, a sharing or flag change, a status change,
// or an edit. It reads versions, so it runs inside a command.
func DescribeUndo(p *portfolio.Portfolio, step history.Step) string {
	if len(step.Changes) == 0 {
		return "Undone."
	}
	c := mainChange(step.Changes)
	kind := string(c.Kind)
	after, errAfter := history.VersionOf(p, c.ID, c.Version)
	var before portfolio.Version
	hadBefore := false
	if c.Version > 1 {
		if v, err := history.VersionOf(p, c.ID, c.Version-1); err == nil {
			before, hadBefore = v, true
		}
	}
	title := after.Title
	if title == "" || errAfter != nil {
		title = before.Title
	}
	name := kind
	switch {
	case strings.Contains(title, kind+" on "):
		// A meeting or a rating is titled by its kind and date already.
		name = sanitize.Line(title)
	case title != "":
		name += " “" + sanitize.Line(title) + "”"
	}
	var what, then string
	switch {
	case c.Deleted:
		what, then = "the deletion of "+name, " It is back."
	case !hadBefore:
		what, then = "the new "+name, " It is in the trash."
	case before.Deleted:
		what, then = "the restore of "+name, " It is back in the trash."
	default:
		what = changeOf(before, after) + name
	}
	if n := len(step.Changes) - 1; n > 0 {
		what += " and " + common.Plural(n, "record", "records") + " with it"
	}
	text := "Undone: " + what + "." + then
	// A flag change undone says what the entry's flags mean now.
	if a, ok := after.Record.(*portfolio.Entry); ok && hadBefore && !before.Deleted {
		if b, ok := before.Record.(*portfolio.Entry); ok && (b.Sharing != a.Sharing || b.Discuss != a.Discuss) {
			if e, ok := p.Entry(c.ID); ok {
				text += " " + FlagsNote(e)
			}
		}
	}
	return text
}

// mainChange is the record a step was about: a goal rather than the actions that
// went with it, a relationship rather than its meetings and ratings.
func mainChange(changes []history.Change) history.Change {
	rank := func(k portfolio.Kind) int {
		switch k {
		case portfolio.KindRelationship:
			return 3
		case portfolio.KindGoal:
			return 2
		case portfolio.KindMeeting:
			return 1
		}
		return 0
	}
	best := changes[0]
	for _, c := range changes[1:] {
		if rank(c.Kind) > rank(best.Kind) {
			best = c
		}
	}
	return best
}

// changeOf names what a save changed, from the versions before and after it.
func changeOf(before, after portfolio.Version) string {
	switch b := before.Record.(type) {
	case *portfolio.Entry:
		if a, ok := after.Record.(*portfolio.Entry); ok {
			onlyFlags := diff.RecordText(before) == diff.RecordText(after)
			switch {
			case onlyFlags && a.Sharing != b.Sharing:
				return "the sharing change of "
			case onlyFlags && a.Discuss != b.Discuss:
				return "the “to discuss” flag of "
			}
		}
	case *portfolio.Goal:
		if a, ok := after.Record.(*portfolio.Goal); ok && a.Status != b.Status {
			return "the status change of "
		}
	case *portfolio.Action:
		if a, ok := after.Record.(*portfolio.Action); ok && a.Status != b.Status {
			return "the status change of "
		}
	case *portfolio.Relationship:
		if a, ok := after.Record.(*portfolio.Relationship); ok && a.Status != b.Status {
			return "the status change of "
		}
	}
	return "the edit of "
}
