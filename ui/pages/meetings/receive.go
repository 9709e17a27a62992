package meetings

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/foliohq/folio/portfolio/validate"

	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/interchange"
	"github.com/foliohq/folio/portfolio/share"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/components"
	"github.com/foliohq/folio/ui/sanitize"
)

// receiveForm asks for the path of a file someone encrypted to this vault's key,
// and whom it is from; saving reads, decrypts and keeps it, as 'folio receive'
// does, which cannot run while the app holds the vault.
func receiveForm(ctx *common.Context, rels []relChoice) *components.Form {
	p := ctx.Portfolio
	choices := []string{"nobody in particular"}
	for _, r := range rels {
		choices = append(choices, sanitize.Line(r.title))
	}
	var f *components.Form
	f = components.NewForm(ctx, "Receive a file", "A file someone encrypted to your sharing key (.age). It is kept in your vault, read-only.", func(v components.FormValues) tea.Cmd {
		path := filePath(v["File"])
		if path == "" {
			return components.FailForm(fmt.Errorf("%w: give the path of the file to receive", portfolio.ErrInvalid))
		}
		var relID portfolio.ID
		if i := f.Fields[1].Choice; i > 0 && i <= len(rels) {
			relID = rels[i-1].id
		}
		return func() tea.Msg {
			data, err := readShared(path)
			if err != nil {
				return components.FormFailedMsg{Err: err}
			}
			doc, err := share.Receive(p, data, filepath.Base(path), relID)
			if errors.Is(err, share.ErrAlreadyReceived) && doc != nil {
				// Nothing is wrong and nothing was added: say where the one held is.
				return components.SavedMsg{Note: "You have \"" + sanitize.Line(doc.Title) + "\" already: it was received on " +
					calendar.DateOf(doc.ReceivedAt.Local()).String() + " and is kept once."}
			}
			if err != nil {
				return components.FormFailedMsg{Err: err}
			}
			return components.SavedMsg{Note: "Kept \"" + sanitize.Line(doc.Title) + "\" in your vault, read-only."}
		}
	})
	f.Line("File", "", "e.g. ~/Downloads/summary.md.age; paste or type the path", 4096)
	f.Choice("From", choices, 0)
	return f
}

// filePath is a path as typed or pasted: without the quotes a terminal adds to a
// dropped file, and with ~ for the home folder.
func filePath(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		s = s[1 : len(s)-1]
	}
	if rest, ok := strings.CutPrefix(s, "~"+string(filepath.Separator)); ok {
		if home, err := os.UserHomeDir(); err == nil {
			s = filepath.Join(home, rest)
		}
	}
	return s
}

// readShared reads a shared file, refusing one larger than an import may be, so a
// wrong path to a huge file cannot fill memory. It runs inside a command.
func readShared(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: there is no file %s", portfolio.ErrInvalid, path)
		}
		return nil, err
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, portfolio.MaxImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > portfolio.MaxImportBytes {
		return nil, fmt.Errorf("%w: %s is larger than a shared file can be", portfolio.ErrInvalid, path)
	}
	return data, nil
}

// saveCopyForm writes a received document, as it was sent, to a file the user
// names: the way to open a PDF, which a terminal cannot show. The file is readable
// by its owner alone, written whole or not at all, and an existing file is never
// replaced: the user is asked for another name.
func saveCopyForm(ctx *common.Context, doc *portfolio.Received) *components.Form {
	data := doc.Data
	if doc.MediaType != portfolio.MediaPDF {
		data = []byte(doc.Body)
	}
	title := sanitize.Line(doc.Title)
	return components.NewForm(ctx, "Save a copy", "\""+title+"\" as it was sent, to a file only you can read. Your vault keeps its own copy.", func(v components.FormValues) tea.Cmd {
		path := filePath(v["File"])
		if path == "" {
			return components.FailForm(fmt.Errorf("%w: give the path of the file to write", portfolio.ErrInvalid))
		}
		return func() tea.Msg {
			err := interchange.WriteFileAtomic(path, data, false)
			if errors.Is(err, interchange.ErrFileExists) {
				return components.FormFailedMsg{Err: fmt.Errorf("%w: there is a file at %s already; give another name", portfolio.ErrInvalid, path)}
			}
			if err != nil {
				return components.FormFailedMsg{Err: err}
			}
			return components.SavedMsg{Note: "Saved a copy of \"" + title + "\" to " + sanitize.Line(path) + "."}
		}
	}).Line("File", "", "e.g. ~/Documents/"+savedName(doc), 4096)
}

// savedName suggests a file name for a received document: the name it was sent
// under without the .age, or one from its kind.
func savedName(doc *portfolio.Received) string {
	name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(sanitize.Line(doc.FileName)), ".asc"), ".age")
	if name == "" || name == "." {
		switch doc.MediaType {
		case portfolio.MediaPDF:
			return "shared.pdf"
		case portfolio.MediaHTML:
			return "shared.html"
		}
		return "shared.md"
	}
	return name
}

// receivedEditForm changes what a received document may change: its title and the
// relationship it is kept with. What was sent stays as it was.
func receivedEditForm(ctx *common.Context, doc *portfolio.Received, rels []relChoice) *components.Form {
	p, id := ctx.Portfolio, doc.ID
	choices := []string{"nobody in particular"}
	chosen := 0
	for i, r := range rels {
		choices = append(choices, sanitize.Line(r.title))
		if r.id == doc.RelationshipID {
			chosen = i + 1
		}
	}
	var f *components.Form
	f = components.NewForm(ctx, "Edit received document", "Its title and whom it is from. What was sent stays as it was.", func(v components.FormValues) tea.Cmd {
		title := v["Title"]
		relID := doc.RelationshipID
		// A choice left as it was keeps the link, even to a relationship not offered.
		switch i := f.Fields[1].Choice; {
		case i == chosen:
		case i == 0:
			relID = ""
		case i <= len(rels):
			relID = rels[i-1].id
		}
		return func() tea.Msg {
			d, err := share.UpdateReceived(p, id, share.ReceivedChange{Title: &title, RelationshipID: &relID})
			if err != nil {
				return components.FormFailedMsg{Err: err}
			}
			return components.SavedMsg{Note: "Saved “" + sanitize.Line(d.Title) + "”: u undoes, h shows its history."}
		}
	})
	f.Line("Title", doc.Title, "what to call it", validate.MaxTitleRunes)
	f.Choice("From", choices, chosen)
	return f
}
