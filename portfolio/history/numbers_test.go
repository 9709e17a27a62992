package history_test

import (
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/history"
	"github.com/foliohq/folio/portfolio/internal/testvault"
)

func TestVersionNumbersAreEachRecordsNewest(t *testing.T) {
	p, c := testvault.New(t)
	a := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "a", Functions: portfolio.Functions(portfolio.Normative)})
	b := testvault.MustAddEntry(t, p, portfolio.Entry{Title: "b", Functions: portfolio.Functions(portfolio.Normative)})
	g := testvault.MustAddGoal(t, p, portfolio.Goal{Title: "g"})
	for _, title := range []string{"a2", "a3"} {
		ch := *a
		ch.Title = title
		if _, err := p.UpdateEntry(ch); err != nil {
			t.Fatal(err)
		}
	}
	n, err := history.VersionNumbers(p, portfolio.KindEntry)
	if err != nil {
		t.Fatal(err)
	}
	if n[a.ID] != 3 || n[b.ID] != 1 {
		t.Errorf("version numbers %v, want %s at 3 and %s at 1", n, a.ID, b.ID)
	}
	if _, ok := n[g.ID]; ok {
		t.Errorf("the entries' numbers name the goal %s: %v", g.ID, n)
	}
	// Reopened, the numbers come from the vault's keys, not from memory.
	q := testvault.Reopen(t, p, c)
	if m, err := history.VersionNumbers(q, portfolio.KindEntry); err != nil || m[a.ID] != 3 || m[b.ID] != 1 {
		t.Errorf("after reopening: %v %v", m, err)
	}
	if _, err := history.VersionNumbers(q, portfolio.Kind("catalogue")); err == nil {
		t.Error("a kind without history has version numbers")
	}
}
