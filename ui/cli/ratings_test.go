package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/mentorship"
)

// A rating is listed with its ID and can be deleted from the command line.
func TestRatingsListAndDelete(t *testing.T) {
	f := newFixture(t)
	f.seedMentoring(false)
	pass, _ := os.ReadFile(f.passFile)
	p, err := portfolio.Open(f.vault, bytes.TrimSpace(pass), portfolio.Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	rel := mentorship.Relationships(p)[0]
	r, err := mentorship.AddRating(p, portfolio.Rating{Kind: portfolio.RatingSkills, RelationshipID: rel.ID, Date: calendar.DateOf(fixedNow),
		Scores: []portfolio.Score{{Name: portfolio.MentorSkills[0], Value: 4}}})
	p.Close()
	if err != nil {
		t.Fatal(err)
	}
	out := f.mustRun("", "mentor", "ratings")
	if !strings.Contains(out, r.ID.Short()) || !strings.Contains(out, portfolio.MentorSkills[0]+" 4") {
		t.Fatalf("mentor ratings: %q", out)
	}
	if res := f.run("", "rm", string(r.ID[:6])); res.status != ExitUsage || !strings.Contains(res.stderr, "nothing was deleted") {
		t.Errorf("rm without --yes and no terminal: %+v", res)
	}
	if out := f.mustRun("", "rm", string(r.ID[:6]), "--yes"); !strings.Contains(out, "Moved rating") {
		t.Errorf("rm --yes: %q", out)
	}
	if out := f.mustRun("", "mentor", "ratings"); strings.Contains(out, r.ID.Short()) {
		t.Errorf("the rating is still listed: %q", out)
	}
}
