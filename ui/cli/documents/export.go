package documents

import (
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/spf13/cobra"
)

func exportCmd(s *session) *cobra.Command {
	c := clienv.Group("export", "Write an export: all (a JSON archive), meeting, summary, revalidation, calendar, markdown or jrnl",
		`folio export all --out folio.json --to age1...
folio export meeting "Dr Adebayo" --format pdf --out meeting.pdf
folio export summary --since "1 April" --out summary.md`,
		exportAllCmd(s), exportMeetingCmd(s), exportSummaryCmd(s), exportRevalidationCmd(s), exportCalendarCmd(s),
		exportMarkdownCmd(s), exportJrnlCmd(s))
	kinds := "all, calendar, jrnl, markdown, meeting, revalidation, summary"
	c.RunE = func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return clienv.Usagef("export needs a kind: %s", kinds)
		}
		return clienv.Usagef("%q is not a kind of export; use one of %s", args[0], kinds)
	}
	return c
}
