package archive

import (
	"fmt"
	"slices"
	"time"

	"github.com/foliohq/folio/portfolio"
)

// archiveEvaluations are the filled-in questionnaires for the archive, oldest first,
// with times as the vault keeps them. They are read from the vault now, as they are
// not kept in memory; one that cannot be read is listed by Damaged, as an entry's
// body would be.
func archiveEvaluations(p *portfolio.Portfolio) []portfolio.Evaluation {
	evs, damaged, err := portfolio.LoadStored[portfolio.Evaluation](p)
	if err != nil {
		p.NoteDamage(portfolio.Damage{Collection: "evaluations", Err: err})
		return []portfolio.Evaluation{}
	}
	for _, d := range damaged {
		p.NoteDamage(d)
	}
	out := make([]portfolio.Evaluation, 0, len(evs))
	for _, e := range evs {
		c := *e
		c.Created = vaultTime(c.Created)
		out = append(out, c)
	}
	slices.SortFunc(out, byCreated(func(e *portfolio.Evaluation) time.Time { return e.Created }, func(e *portfolio.Evaluation) ID { return e.ID }))
	return out
}

// readEvaluations reads the vault's questionnaires, which are not kept in memory, so
// that their IDs are checked like every record's.
func (im *importer) readEvaluations() error {
	have, _, err := portfolio.LoadStored[portfolio.Evaluation](im.p)
	if err != nil {
		return fmt.Errorf("cannot read the vault's evaluations to import beside it: %w", err)
	}
	im.evaluations = map[ID]*portfolio.Evaluation{}
	for _, e := range have {
		im.evaluations[e.ID] = e
		im.vaultKinds[e.ID] = "evaluation"
	}
	return nil
}

// stageEvaluations stages the archive's new questionnaires. A questionnaire is never
// edited, so one the vault has under the same ID is kept as it is, the same or not.
func (im *importer) stageEvaluations() error {
	k, _ := portfolio.KindOf(portfolio.KindEvaluation)
	return im.stageKind(k)
}
