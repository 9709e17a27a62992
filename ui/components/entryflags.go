package components

import (
	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/common"
)

// EntryFlaggedMsg is an entry saved with new flags; before is what they were, for
// undo, and undone says the save was itself an undo.
type EntryFlaggedMsg struct {
	E      *portfolio.Entry
	before FlagState
	undone bool
}

// FlagState is an entry's sharing and "to discuss" flag: what u puts back.
type FlagState struct {
	id      portfolio.ID
	sharing portfolio.Sharing
	discuss bool
}

func FlagsOf(e *portfolio.Entry) FlagState {
	return FlagState{id: e.ID, sharing: e.Sharing, discuss: e.Discuss}
}

// ToggleDiscuss flips an entry's "to discuss" flag. A private entry is never
// offered for an agenda, so flagging it is refused with the reason.
func ToggleDiscuss(e portfolio.Entry) (portfolio.Entry, string) {
	if e.IsMentorReflection() {
		return e, "A mentor's own reflection stays private: it is never offered for an agenda."
	}
	e.Discuss = !e.Discuss
	if e.Discuss && e.Sharing == portfolio.SharingPrivate {
		return e, "This entry is private, so it is never offered for an agenda. S changes its sharing first."
	}
	return e, ""
}

// CycleSharing moves an entry on to the next sharing: unshared, shareable, private.
func CycleSharing(e portfolio.Entry) portfolio.Entry {
	e.Sharing = (e.Sharing + 1) % 3
	if e.Sharing == portfolio.SharingPrivate {
		// Private and "to discuss" contradict each other: private wins.
		e.Discuss = false
	}
	return e
}

// SaveFlags stores an entry whose flags changed from before.
func SaveFlags(p *portfolio.Portfolio, e portfolio.Entry, before FlagState, undone bool) tea.Cmd {
	return func() tea.Msg {
		saved, err := p.UpdateEntry(e)
		if err != nil {
			return common.ErrMsg{Err: err}
		}
		return EntryFlaggedMsg{E: saved, before: before, undone: undone}
	}
}

// FlagUndo remembers the last flag change on a screen, so that a key pressed by
// mistake (sharing is a single letter) can be taken back with u.
type FlagUndo struct{ last *FlagState }

// Saved notes a change and says what it did and how to take it back.
func (u *FlagUndo) Saved(msg EntryFlaggedMsg) tea.Cmd {
	if msg.undone {
		u.last = nil
		return common.Flash("Undone. " + FlagsNote(msg.E))
	}
	before := msg.before
	u.last = &before
	return common.Flash(FlagsNote(msg.E) + " u undoes.")
}

// Undo puts back the flags of the last change onto e, the entry as it is now.
func (u *FlagUndo) Undo(p *portfolio.Portfolio, find func(portfolio.ID) *portfolio.Entry) tea.Cmd {
	if u.last == nil {
		return common.Flash("Nothing to undo.")
	}
	e := find(u.last.id)
	if e == nil {
		u.last = nil
		return common.Flash("Nothing to undo: the entry is no longer listed.")
	}
	c := *e
	c.Sharing, c.Discuss = u.last.sharing, u.last.discuss
	return SaveFlags(p, c, FlagsOf(e), true)
}

// FlagsNote says what an entry's flags now mean.
func FlagsNote(e *portfolio.Entry) string {
	switch {
	case e.Sharing == portfolio.SharingPrivate:
		return "Private: never offered for an agenda, and left out of exports unless you tick it."
	case e.Discuss:
		return "Flagged to discuss: it is proposed for the next meeting's agenda (" + e.Sharing.String() + ")."
	case e.Sharing == portfolio.SharingShareable:
		return "Shareable: its text goes in meeting summaries of its period."
	}
	return "Unshared and not flagged: shared only if you pick it."
}
