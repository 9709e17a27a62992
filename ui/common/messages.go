package common

import (
	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/goals"
)

// Messages shared between the root and the screens.
type (
	// FlashMsg is a short note for the footer, cleared by the next key.
	FlashMsg struct{ Text string }
	// ErrMsg is a failure to show; the screen that caused it keeps its state.
	ErrMsg struct{ Err error }
)

func Flash(text string) tea.Cmd { return func() tea.Msg { return FlashMsg{text} } }
func Fail(err error) tea.Cmd    { return func() tea.Msg { return ErrMsg{err} } }

// Counts are what the status bar shows of the vault.
type Counts struct{ Entries, OpenGoals int }

// CountsOf reads the counts; it takes the vault's read lock, so it runs inside a
// command.
func CountsOf(p *portfolio.Portfolio) Counts {
	return Counts{Entries: p.EntryCount(), OpenGoals: len(goals.List(p, portfolio.GoalOpen))}
}

// UnlockedMsg: the vault is open, with the counts the status bar shows.
type UnlockedMsg struct {
	P      *portfolio.Portfolio
	Counts Counts
}
