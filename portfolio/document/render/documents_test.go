package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/revalidation"
)

// markdownBody is an entry written in Markdown as people write in the app.
const markdownBody = `## What happened

Checked the **inhaler technique** of a patient with _poor control_ and found ~~nothing~~ three faults.

- Shake the inhaler
- Breathe out first
  1. slowly
  2. fully

| Step | Done |
| --- | --- |
| Spacer | yes |

See [the guideline](https://www.brit-thoracic.org.uk/) and ` + "`SABA`" + ` use.

> Ask, do not tell.

<script>alert(1)</script> and <b>bold</b> stay text.`

// documentsVault holds a mentee's meeting, a period of entries and a planned CPD
// record, all with Markdown bodies and names in Latin with accents, Arabic,
// Hebrew, CJK and emoji (CJK and emoji come from system fonts, which these tests
// leave out, so they print as the missing-glyph notice names them).
func documentsVault(t *testing.T) (*portfolio.Portfolio, *portfolio.Relationship, *portfolio.Meeting) {
	t.Helper()
	p, _ := testvault.New(t)
	rel, err := mentorship.AddRelationship(p, portfolio.Relationship{Role: portfolio.RoleMentee, Person: "Siân Ŵyn ap Gwilym", Start: calendar.MakeDate(2026, 1, 1), IntervalDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.AddEntry(portfolio.Entry{Title: "Inhaler <script> technique", Body: markdownBody, Date: calendar.MakeDate(2026, 2, 10),
		Functions: portfolio.Functions(portfolio.Formative), Sharing: portfolio.SharingShareable, Tags: []string{"respiratory"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.AddEntry(portfolio.Entry{Title: "Planned: asthma reviews", Date: calendar.MakeDate(2026, 2, 12), RecordKind: portfolio.RecordPlannedCPD, Template: "planned-cpd",
		Functions: portfolio.Functions(portfolio.Formative),
		Fields:    []portfolio.FieldValue{{Name: "hours", Label: "Time spent", Values: []string{"2.5"}}},
		Sections: []portfolio.Section{
			{Heading: "What are you planning to learn?", Body: "How to run an **asthma review**:\n\n1. history\n2. technique"},
			{Heading: "How did you learn it?", Body: "With *Zoë Ó Briain*, محمد عبد الله, דוד בן גוריון and 山田 はなこ 🙂."},
		}}); err != nil {
		t.Fatal(err)
	}
	m, _, err := mentorship.RecordMeeting(p, mentorship.MeetingRecord{
		RelationshipID: rel.ID, Date: calendar.MakeDate(2026, 2, 20),
		Notes: []portfolio.Section{{Heading: "Goal", Body: "Get **confident** with reviews:\n- one a week\n- with محمد عبد الله, דוד בן גוריון and 山田 はなこ 🙂"}}, Shared: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return p, rel, m
}

func renderedDocs(t *testing.T) map[string]document.Doc {
	p, rel, m := documentsVault(t)
	meeting, err := document.MeetingSummary(p, rel.ID, m.ID, document.Options{Picked: nil})
	if err != nil {
		t.Fatal(err)
	}
	period, err := document.PeriodSummary(p, document.SummaryQuery{Since: calendar.MakeDate(2026, 2, 1), Until: calendar.MakeDate(2026, 2, 28)})
	if err != nil {
		t.Fatal(err)
	}
	rules, err := revalidation.LoadRules("")
	if err != nil {
		t.Fatal(err)
	}
	pack, _ := document.RevalidationPack(p, calendar.MakeDate(2026, 3, 31), rules, false)
	pinIDs(pack, p.Find(portfolio.Query{}))
	return map[string]document.Doc{"meeting": meeting, "period": period, "revalidation": pack}
}

// pinIDs writes the entries' random IDs where the pack names them as a fixed one per
// title, so the goldens do not change from run to run.
func pinIDs(d document.Doc, entries []*portfolio.Entry) {
	fix := func(s string) string {
		for i, e := range entries {
			s = strings.ReplaceAll(s, string(e.ID), fmt.Sprintf("%016d", i))
		}
		return s
	}
	for _, sec := range d.Sections {
		for _, b := range sec.Blocks {
			if b.Record != nil {
				b.Record.Meta = fix(b.Record.Meta)
			}
			for _, row := range b.Rows {
				for i := range row {
					row[i] = fix(row[i])
				}
			}
		}
	}
}

// Entries' Markdown is rendered in HTML and PDF: no Markdown markers are left, the
// structure is there, raw HTML stays text and links show their targets.
func TestDocumentsRenderMarkdown(t *testing.T) {
	for name, d := range renderedDocs(t) {
		t.Run(name, func(t *testing.T) {
			h, err := Render(d, HTML)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, name+".html", h)
			out, err := RenderPDF(d, nil)
			if err != nil {
				t.Fatal(err)
			}
			pdf := readPDF(t, out)
			text := pdf.text
			golden(t, name+".pdf.txt", []byte(text))
			md, err := Render(d, Markdown)
			if err != nil {
				t.Fatal(err)
			}

			if bytes.Contains(h, []byte("<script")) || bytes.Contains(h, []byte("<b>")) {
				t.Error("raw HTML passed through into the HTML")
			}
			if rendered := toHTML(t, md); strings.Contains(rendered, "<script") || strings.Contains(rendered, "<b>") || strings.Contains(rendered, "raw HTML omitted") {
				t.Errorf("raw HTML in the Markdown export is markup once rendered:\n%s", rendered)
			}
			for _, marker := range []string{"**", "~~", "| ---", "](http"} {
				if strings.Contains(text, marker) || bytes.Contains(h, []byte(marker)) {
					t.Errorf("Markdown marker %q left in the HTML or PDF", marker)
				}
			}
			switch name {
			case "meeting":
				for _, want := range []string{"<strong>confident</strong>", "<li>one a week</li>"} {
					if !bytes.Contains(h, []byte(want)) {
						t.Errorf("the meeting's notes lack %s", want)
					}
				}
			default:
				for _, want := range []string{"<strong>asthma review</strong>", "<ol>\n<li>history</li>"} {
					if !bytes.Contains(h, []byte(want)) {
						t.Errorf("the HTML lacks %s", want)
					}
				}
			}
			if name == "period" {
				for _, want := range []string{"<h2>What happened</h2>", "<strong>inhaler technique</strong>", "<em>poor control</em>", "<del>nothing</del>",
					"<table>", "<td>Spacer</td>", `<span class="link">the guideline</span> (<span class="target">https://www.brit-thoracic.org.uk/</span>)`,
					"<code>SABA</code>", "<blockquote>", "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;bold&lt;/b&gt;"} {
					if !bytes.Contains(h, []byte(want)) {
						t.Errorf("the HTML lacks %s", want)
					}
				}
				// Emphasis is drawn in its own face.
				for face, want := range map[string]string{"Go-Bold": "inhaler technique", "Go-Italic": "poor control", "Go-Mono": "SABA"} {
					if !strings.Contains(pdf.byFont[face], want) {
						t.Errorf("%q is not drawn in %s: %q", want, face, pdf.byFont[face])
					}
				}
				for _, want := range []string{"What happened", "Checked the inhaler technique of a patient", "the guideline (https://www.brit-thoracic.org.uk/)",
					"Spacer", "<script>alert(1)</script> and <b>bold</b> stay text.", "Ask, do not tell."} {
					if !strings.Contains(text, want) {
						t.Errorf("the PDF's text lacks %q", want)
					}
				}
			}
		})
	}
}

// A link target in HTML is text, not a link: the page refers to nothing outside it.
func TestMarkdownLinksAreNotFollowed(t *testing.T) {
	d := document.Doc{Title: "t", Sections: []document.Section{{Heading: "h", Blocks: []document.Block{{Kind: document.BlockRecord, Record: &document.Record{
		Title: "r", Body: "[x](javascript:alert(1)) ![pic](https://tracker.example/p.png) <https://a.example/>",
	}}}}}}
	h, err := Render(d, HTML)
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"href=", "src=", "<img", "<a "} {
		if bytes.Contains(h, []byte(ref)) {
			t.Errorf("the HTML holds %s", ref)
		}
	}
	if !bytes.Contains(h, []byte("[image: pic] (")) || !bytes.Contains(h, []byte("https://a.example/")) {
		t.Errorf("the image or autolink is not shown as text:\n%s", h)
	}
}

func TestNoRawHTML(t *testing.T) {
	p := newMarkdown().Parser()
	for in, want := range map[string]string{
		"plain < text":                  "plain < text",
		"a <b>tag</b>":                  `a \<b>tag\</b>`,
		"`<b>` in code":                 "`<b>` in code",
		"<div>\nblock <i>x</i>\n</div>": "\\<div>\nblock \\<i>x\\</i>\n\\</div>",
		"```\n<b>\n```":                 "```\n<b>\n```",
		"<https://a.example/>":          "<https://a.example/>",
	} {
		if got := noRawHTML(p, in); got != want {
			t.Errorf("noRawHTML(%q) = %q, want %q", in, got, want)
		}
	}
}
