package clienv

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/foliohq/folio/portfolio"
)

// TrashNote is " (in the trash)" for a link to a record in the trash, "" otherwise.
func TrashNote(p *portfolio.Portfolio, id portfolio.ID) string {
	if p.InTrash(id) {
		return " (in the trash)"
	}
	return ""
}

// HistoryDays reads --keep-history: forever (0) or a number of days.
func HistoryDays(arg string, set bool) (int, error) {
	if !set {
		return 0, nil
	}
	if strings.EqualFold(strings.TrimSpace(arg), "forever") {
		return 0, nil
	}
	days, err := strconv.Atoi(strings.TrimSpace(arg))
	if err != nil || days < 1 || days > portfolio.MaxHistoryDays {
		return 0, Usagef("--keep-history is forever or a number of days from 1 to %d, not %q", portfolio.MaxHistoryDays, arg)
	}
	return days, nil
}

func DescribeHistory(days int) string {
	if days == 0 {
		return "versions and the trash kept forever"
	}
	return fmt.Sprintf("versions and the trash kept %d day%s", days, Plural(days))
}

// NoteRetention tells what opening the vault erased under the retention setting.
func (s *Session) NoteRetention(p *portfolio.Portfolio) {
	n, days, err := p.RetentionAtOpen()
	switch {
	case err != nil:
		fmt.Fprintf(s.Stderr, "folio: warning: versions older than %d days could not be erased: %v.\n", days, err)
	case n > 0:
		fmt.Fprintf(s.Stderr, "folio: erased %d version%s older than %d days, as the history setting asks.\n", n, Plural(n), days)
	}
}
