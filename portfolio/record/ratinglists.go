package record

import "github.com/foliohq/folio/templates"

// builtinRatingLists reads the rated lists from templates/ratings.toml. The file is
// embedded and parsed by 'go test ./templates', so a failure here is a broken build.
func builtinRatingLists() templates.RatingLists {
	l, err := templates.BuiltinRatingLists()
	if err != nil {
		panic("folio's built-in rating lists are broken: " + err.Error())
	}
	return l
}

// The rated lists, read once from the embedded data and never changed.
var (
	// MentorSkills are what a mentor rates in the skills log.
	MentorSkills = builtinRatingLists().Skills
	// ProgressOutcomes are the outcomes schemes measure, for progress self-assessments.
	ProgressOutcomes = builtinRatingLists().Outcomes
)
