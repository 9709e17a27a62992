package clienv

import (
	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
)

// EntrySummary is one row of `list --json` and `search --json`: the stable fields of
// an entry without its body (docs/CLI.md).
type EntrySummary struct {
	ID        portfolio.ID        `json:"id"`
	Title     string              `json:"title"`
	Date      calendar.Date       `json:"date"`
	Functions portfolio.Functions `json:"functions"`
	Tags      []string            `json:"tags"`
	Template  string              `json:"template,omitempty"`
	GoalIDs   []portfolio.ID      `json:"goal_ids,omitempty"`
	ActionIDs []portfolio.ID      `json:"action_ids,omitempty"`
	Created   string              `json:"created"`
	Updated   string              `json:"updated"`
}

func SummarizeEntry(e *portfolio.Entry) EntrySummary {
	tags := e.Tags
	if tags == nil {
		tags = []string{}
	}
	return EntrySummary{
		ID: e.ID, Title: e.Title, Date: e.Date, Functions: e.Functions, Tags: tags,
		Template: e.Template, GoalIDs: e.GoalIDs, ActionIDs: e.ActionIDs,
		Created: e.Created.Format(TimeFormat), Updated: e.Updated.Format(TimeFormat),
	}
}
