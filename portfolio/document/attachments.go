package document

import (
	"fmt"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
)

// recordRef is a record a document prints, for its attachments appendix.
type recordRef struct {
	id    portfolio.ID
	title string
}

// attachmentsAppendix lists the files attached to the records the document prints,
// in the order it prints them, and notes them in d.Attachments for a bundle. It
// adds nothing when none of them has a file.
func attachmentsAppendix(p *portfolio.Portfolio, d *Doc, records []recordRef) {
	var rows [][]string
	seen := map[portfolio.ID]bool{}
	for _, r := range records {
		if seen[r.id] {
			continue
		}
		seen[r.id] = true
		list, err := attachment.Attachments(p, r.id)
		if err != nil {
			d.Sections = append(d.Sections, Section{Heading: "Attached files", Blocks: []Block{
				docPara("The files attached to the records could not be read: %v.", err)}})
			d.Attachments = nil
			return
		}
		for _, a := range list {
			rows = append(rows, []string{a.Name, sizeText(a.Size), a.MediaType, r.title})
			d.Attachments = append(d.Attachments, a)
		}
	}
	if len(rows) == 0 {
		return
	}
	t := docTable([]string{"File", "Size", "Type", "Attached to"}, rows)
	// File names and titles are the user's words: the identifier scan reads them.
	t.UserColumns = []int{0, 3}
	d.Sections = append(d.Sections, Section{Heading: "Attached files", Blocks: []Block{
		docPara("The records above keep these files as evidence. They are not printed here; a bundle made with --attachments holds them beside this document."),
		t,
	}})
}

// sizeText is a file size for people: bytes, KiB or MiB.
func sizeText(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KiB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1024*1024))
}
