package components

// entryFlaggedMsg is an entry saved with new flags; before is what they were, for
// undo, and undone says the save was itself an undo.
type entryFlaggedMsg struct {
	e      *portfolio.Entry
	before flagState
	undone bool
}

// flagState is an entry's sharing and "to discuss" flag: what u puts back.
type flagState struct {
	id      portfolio.ID
	sharing portfolio.Sharing
	discuss bool
}

func flagsOf(e *portfolio.Entry) flagState {
	return flagState{id: e.ID, sharing: e.Sharing, discuss: e.Discuss}
}

// toggleDiscuss flips an entry's "to discuss" flag. A private entry is never
// offered for an agenda, so flagging it is refused with the reason.
func toggleDiscuss(e portfolio.Entry) (portfolio.Entry, string) {
	if e.IsMentorReflection() {
		return e, "A mentor's own reflection stays private: it is never offered for an agenda."
	}
	e.Discuss = !e.Discuss
	if e.Discuss && e.Sharing == portfolio.SharingPrivate {
		return e, "This entry is private, so it is never offered for an agenda. S changes its sharing first."
	}
	return e, ""
}

// cycleSharing moves an entry on to the next sharing: unshared, shareable, private.
func cycleSharing(e portfolio.Entry) portfolio.Entry {
	e.Sharing = (e.Sharing + 1) % 3
	if e.Sharing == portfolio.SharingPrivate {
		// Private and "to discuss" contradict each other: private wins.
		e.Discuss = false
	}
	return e
}

// saveFlags stores an entry whose flags changed from before.
func saveFlags(p *portfolio.Portfolio, e portfolio.Entry, before flagState, undone bool) tea.Cmd {
	return func() tea.Msg {
		saved, err := p.UpdateEntry(e)
		if err != nil {
			return common.ErrMsg{Err: err}
		}
		return entryFlaggedMsg{e: saved, before: before, undone: undone}
	}
}

// flagUndo remembers the last flag change on a screen, so that a key pressed by
// mistake (sharing is a single letter) can be taken back with u.
type flagUndo struct{ last *flagState }

// saved notes a change and says what it did and how to take it back.
func (u *flagUndo) saved(msg entryFlaggedMsg) tea.Cmd {
	if msg.undone {
		u.last = nil
		return common.Flash("Undone. " + flagsNote(msg.e))
	}
	before := msg.before
	u.last = &before
	return common.Flash(flagsNote(msg.e) + " u undoes.")
}

// undo puts back the flags of the last change onto e, the entry as it is now.
func (u *flagUndo) undo(p *portfolio.Portfolio, find func(portfolio.ID) *portfolio.Entry) tea.Cmd {
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
	return saveFlags(p, c, flagsOf(e), true)
}

// flagsNote says what an entry's flags now mean.
func flagsNote(e *portfolio.Entry) string {
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
