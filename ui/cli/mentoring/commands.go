package mentoring

import (
	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/cli/clienv"
)

// Commands are the commands of the "Mentoring" group, in the order the root adds
// them.
func Commands(cs *clienv.Session) []*cobra.Command {
	s := &session{cs}
	return []*cobra.Command{mentorCmd(s), meetingCmd(s), agendaCmd(s), rateCmd(s), relationshipRatingsCmd(s), evaluationCmd(s), schemeCmd(s)}
}

// ContactsCmd is `folio contacts`, which the root lists with sharing.
func ContactsCmd(cs *clienv.Session) *cobra.Command { return contactsCmd(&session{cs}) }

// ShowRelationship prints a relationship, for `folio show ID`.
func ShowRelationship(cs *clienv.Session, p *portfolio.Portfolio, r *portfolio.Relationship, asJSON bool) error {
	return (&session{cs}).showRelationship(p, r, asJSON)
}

// ShowMeeting prints a meeting, for `folio show ID`.
func ShowMeeting(cs *clienv.Session, p *portfolio.Portfolio, id portfolio.ID, asJSON bool) error {
	return (&session{cs}).showMeeting(p, id, asJSON)
}
