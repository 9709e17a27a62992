package clienv

import "github.com/foliohq/folio/portfolio/share"

// Recipients parses the recipients --to and --to-file give (after Resolve), and
// reports whether there are any.
func (d *ExportDest) Recipients(s *Session) (share.Recipients, bool, error) {
	if len(d.To)+len(d.ToFiles) == 0 {
		return share.Recipients{}, false, nil
	}
	var files []share.RecipientsFile
	for _, f := range d.ToFiles {
		b, err := s.ReadInput(f, maxRecipientsFile)
		if err != nil {
			return share.Recipients{}, false, err
		}
		files = append(files, share.RecipientsFile{Name: f, Data: b})
	}
	to, err := share.ParseNamedRecipients(d.To, files)
	return to, err == nil, err
}
