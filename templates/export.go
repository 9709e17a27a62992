package templates

import (
	htmltemplate "html/template"
	texttemplate "text/template"
)

// The export templates: one text file per format in export/. The functions they
// call are the renderer's; here they are only parsed.
const (
	markdownExport = "export/markdown.tmpl"
	htmlExport     = "export/html.tmpl"
	pdfLayout      = "export/pdf.toml"
)

// MarkdownExport parses the Markdown export template with the renderer's functions.
func MarkdownExport(funcs texttemplate.FuncMap) (*texttemplate.Template, error) {
	data, err := exportData.ReadFile(markdownExport)
	if err != nil {
		return nil, err
	}
	return texttemplate.New("markdown").Funcs(funcs).Option("missingkey=error").Parse(string(data))
}

// HTMLExport parses the HTML export template with the renderer's functions.
func HTMLExport(funcs htmltemplate.FuncMap) (*htmltemplate.Template, error) {
	data, err := exportData.ReadFile(htmlExport)
	if err != nil {
		return nil, err
	}
	return htmltemplate.New("html").Funcs(funcs).Option("missingkey=error").Parse(string(data))
}

// PDFLayout is the page, type sizes (points) and spacing of a PDF export.
type PDFLayout struct {
	Page string `toml:"page"`
	// Margin in millimetres on every side.
	Margin float64 `toml:"margin"`
	// Footer is the text at the foot of each page; {date}, {page} and {pages} are
	// filled in.
	Footer string `toml:"footer"`
	Size   struct {
		Title    float64 `toml:"title"`
		Subtitle float64 `toml:"subtitle"`
		Heading  float64 `toml:"heading"`
		Record   float64 `toml:"record"`
		Part     float64 `toml:"part"`
		Body     float64 `toml:"body"`
		Meta     float64 `toml:"meta"`
		Footer   float64 `toml:"footer"`
	} `toml:"size"`
	Spacing struct {
		Line float64 `toml:"line"`
	} `toml:"spacing"`
}

// PDFExportLayout parses the PDF layout.
func PDFExportLayout() (PDFLayout, error) {
	var l PDFLayout
	data, err := exportData.ReadFile(pdfLayout)
	if err != nil {
		return l, err
	}
	if err := decodeStrict(pdfLayout, data, &l, ""); err != nil {
		return l, err
	}
	sizes := []float64{l.Size.Title, l.Size.Subtitle, l.Size.Heading, l.Size.Record, l.Size.Part, l.Size.Body, l.Size.Meta, l.Size.Footer}
	for _, s := range sizes {
		if s < 4 || s > 72 {
			return l, &Error{File: pdfLayout, Msg: "type sizes must be from 4 to 72 points"}
		}
	}
	if l.Margin < 5 || l.Margin > 50 || l.Spacing.Line < 1 || l.Spacing.Line > 3 || l.Page != "A4" {
		return l, &Error{File: pdfLayout, Msg: "the page must be A4, with margins of 5 to 50 mm and line spacing of 1 to 3"}
	}
	return l, nil
}
