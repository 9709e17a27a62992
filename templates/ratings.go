package templates

import (
	"embed"
	"fmt"
	"strings"
	"unicode"
)

//go:embed ratings.toml
var ratingsFile embed.FS

// RatingLists are what self-ratings rate: outcomes and a mentor's skills.
type RatingLists struct {
	Outcomes []string `toml:"outcomes"`
	Skills   []string `toml:"skills"`
}

// BuiltinRatingLists are the lists shipped with folio.
func BuiltinRatingLists() (RatingLists, error) {
	data, err := ratingsFile.ReadFile("ratings.toml")
	if err != nil {
		return RatingLists{}, err
	}
	return ParseRatingLists("ratings.toml", data)
}

// ParseRatingLists reads rating lists. Every error is an *Error.
func ParseRatingLists(file string, data []byte) (RatingLists, error) {
	var l RatingLists
	if len(data) > MaxFileBytes {
		return l, &Error{File: file, Msg: fmt.Sprintf("it is %d bytes; the most is %d", len(data), MaxFileBytes)}
	}
	if err := decodeStrict(file, data, &l, "the lists are outcomes and skills"); err != nil {
		return RatingLists{}, err
	}
	for _, list := range []struct {
		name  string
		items *[]string
	}{{"outcomes", &l.Outcomes}, {"skills", &l.Skills}} {
		seen := map[string]bool{}
		for i, it := range *list.items {
			it = strings.TrimSpace(it)
			key := strings.ToLower(it)
			if it == "" || strings.ContainsFunc(it, unicode.IsControl) || strings.Contains(it, "=") || seen[key] {
				return RatingLists{}, &Error{File: file, Msg: fmt.Sprintf("%s: item %d is empty, repeated, unprintable or holds '='", list.name, i+1)}
			}
			seen[key] = true
			(*list.items)[i] = it
		}
		if len(*list.items) == 0 {
			return RatingLists{}, &Error{File: file, Msg: fmt.Sprintf("%s is empty", list.name)}
		}
	}
	return l, nil
}
