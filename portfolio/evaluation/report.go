package evaluation

import (
	"fmt"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/document"
)

// Tally is one item's answers at one stage from one role: how many answered, how
// many gave the favourable answer, and the count of each option.
type Tally struct {
	Answered, Favourable int
	Counts               map[string]int
}

// Tallies counts answers by role, item and stage.
type Tallies map[string]map[string]map[string]*Tally

// Count adds the questionnaires up against q. Each must have passed Check.
func Count(q Questionnaire, files []Anonymous) Tallies {
	t := Tallies{}
	for _, a := range files {
		for _, ans := range a.Answers {
			i := slices.IndexFunc(q.Items, func(it Item) bool { return it.ID == ans.Item })
			if i < 0 || q.Items[i].Scale == "" {
				continue
			}
			s, _ := q.Scale(q.Items[i].Scale)
			if t[a.Role] == nil {
				t[a.Role] = map[string]map[string]*Tally{}
			}
			if t[a.Role][ans.Item] == nil {
				t[a.Role][ans.Item] = map[string]*Tally{}
			}
			c := t[a.Role][ans.Item][a.Stage]
			if c == nil {
				c = &Tally{Counts: map[string]int{}}
				t[a.Role][ans.Item][a.Stage] = c
			}
			c.Answered++
			c.Counts[ans.Choice]++
			if slices.Index(s.Options, ans.Choice) < s.Favourable {
				c.Favourable++
			}
		}
	}
	return t
}

// Cell is the paper's form of one tally, or "–" where no one answered.
func (t Tallies) Cell(role, item, stage string) string {
	c := t[role][item][stage]
	if c == nil {
		return Percent(0, 0)
	}
	return Percent(c.Favourable, c.Answered)
}

var roleHeadings = map[string]string{"mentee": "Mentees", "mentor": "Mentors"}

// Report is the scheme lead's report: per role, each rated item's favourable answers
// at the start and the end, then every option's count, then the free-text answers.
func Report(q Questionnaire, files []Anonymous, today calendar.Date) document.Doc {
	t := Count(q, files)
	n := map[string]map[string]int{}
	for _, a := range files {
		if n[a.Role] == nil {
			n[a.Role] = map[string]int{}
		}
		n[a.Role][a.Stage]++
	}
	d := document.Doc{
		Title:     "Scheme evaluation report",
		Subtitle:  fmt.Sprintf("%d anonymous questionnaires", len(files)),
		Generated: today,
	}
	for _, role := range Roles {
		if len(n[role]) == 0 {
			continue
		}
		sec := document.Section{Heading: roleHeadings[role]}
		sec.Blocks = append(sec.Blocks, document.Block{Kind: document.BlockParagraph,
			Text: fmt.Sprintf("%d questionnaires at the start and %d at the end. Each cell is the share who gave the favourable answer, of those who answered the item.", n[role]["start"], n[role]["end"])})
		var rows, counts [][]string
		for _, it := range q.Items {
			if it.Scale == "" || !it.Asked(role, "") {
				continue
			}
			s, _ := q.Scale(it.Scale)
			row := []string{it.Text + " (" + s.FavourableLabel + ")"}
			for _, stage := range Stages {
				if it.Asked(role, stage) {
					row = append(row, t.Cell(role, it.ID, stage))
				} else {
					row = append(row, "not asked")
				}
			}
			rows = append(rows, row)
			for _, stage := range Stages {
				c := t[role][it.ID][stage]
				if c == nil {
					continue
				}
				var parts []string
				for _, o := range s.Options {
					parts = append(parts, fmt.Sprintf("%s %d", o, c.Counts[o]))
				}
				counts = append(counts, []string{it.Text, stage, strings.Join(parts, "; ")})
			}
		}
		sec.Blocks = append(sec.Blocks,
			document.Block{Kind: document.BlockTable, Header: []string{"Item", "Start", "End"}, Rows: rows},
			document.Block{Kind: document.BlockParagraph, Text: "The favourable answers as a chart, start and end:"},
			document.Block{Kind: document.BlockChart, Chart: chartOf(q, t, role)},
			document.Block{Kind: document.BlockParagraph, Text: "Every answer, by option:"},
			document.Block{Kind: document.BlockTable, Header: []string{"Item", "Stage", "Answers"}, Rows: counts})
		d.Sections = append(d.Sections, sec)
	}
	if free := freeText(q, files); len(free.Blocks) > 0 {
		d.Sections = append(d.Sections, free)
	}
	return d
}

// freeText lists the free answers under their question, by role and stage. They are
// participants' words: the identifier scan reads them.
func freeText(q Questionnaire, files []Anonymous) document.Section {
	sec := document.Section{Heading: "Free-text answers"}
	for _, it := range q.Items {
		if it.Scale != "" {
			continue
		}
		var items []string
		var quotes [][]string
		for _, a := range files {
			for _, ans := range a.Answers {
				if ans.Item == it.ID && ans.Text != "" {
					text := strings.Join(strings.Fields(ans.Text), " ")
					items = append(items, fmt.Sprintf("(%s, %s) %s", a.Role, a.Stage, text))
					quotes = append(quotes, []string{text})
				}
			}
		}
		if len(items) > 0 {
			sec.Blocks = append(sec.Blocks,
				document.Block{Kind: document.BlockParagraph, Text: it.Text},
				document.Block{Kind: document.BlockList, Items: items, Quotes: quotes})
		}
	}
	return sec
}
