package components

import (
	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/common"
)

// EntryFlaggedMsg is an entry saved with new flags.
type EntryFlaggedMsg struct{ E *portfolio.Entry }

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

// SaveFlags stores an entry whose flags changed.
func SaveFlags(p *portfolio.Portfolio, e portfolio.Entry) tea.Cmd {
	return func() tea.Msg {
		saved, err := p.UpdateEntry(e)
		if err != nil {
			return common.ErrMsg{Err: err}
		}
		return EntryFlaggedMsg{E: saved}
	}
}

// FlaggedNote says what a flag change did and how to take it back: sharing is a
// single letter, so a key pressed by mistake is one u away from undone (the root's
// undo, which takes back the newest change wherever it was made).
func FlaggedNote(msg EntryFlaggedMsg) tea.Cmd {
	return common.Flash(FlagsNote(msg.E) + " u undoes.")
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
