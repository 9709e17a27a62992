package export

import (
	"errors"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/portfolio/share"
)

// typedRecipients reads what was typed in an export's "Encrypt to" field: contacts'
// names and keys, between commas (or spaces between age keys). It returns the keys,
// and the one key typed as a key rather than a name, if exactly one was.
func typedRecipients(p *portfolio.Portfolio, typed string) (keys []string, typedKey string, err error) {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return nil, "", nil
	}
	var pieces []string
	for _, piece := range strings.FieldsFunc(typed, func(r rune) bool { return r == ',' || r == '\n' }) {
		piece = strings.TrimSpace(piece)
		_, named := share.Contact(p, piece)
		switch {
		case piece == "":
		case named || strings.HasPrefix(piece, "ssh-"):
			pieces = append(pieces, piece)
		default:
			pieces = append(pieces, strings.Fields(piece)...)
		}
	}
	var asKeys []string
	for _, piece := range pieces {
		if _, named := share.Contact(p, piece); !named {
			asKeys = append(asKeys, piece)
		}
	}
	if keys, err = share.ResolveRecipients(p, pieces); err != nil {
		return nil, "", err
	}
	if len(asKeys) == 1 {
		typedKey = asKeys[0]
	}
	return keys, typedKey, nil
}

// parseRecipients reads resolved keys: age recipients, and SSH keys a contact holds.
func parseRecipients(keys []string) (share.Recipients, error) {
	if slices.ContainsFunc(keys, func(k string) bool { return strings.HasPrefix(k, "ssh-") }) {
		return share.ParseNamedRecipients(keys, nil)
	}
	return share.ParseRecipients(keys, nil)
}

// contactFor is the name of the first contact kept for a relationship, or "".
func contactFor(p *portfolio.Portfolio, relID portfolio.ID) string {
	if relID == "" {
		return ""
	}
	for _, c := range share.Contacts(p) {
		if c.RelationshipID == relID {
			return c.Name
		}
	}
	return ""
}

// rememberKey keeps a key typed for a relationship's export as a contact named after
// the other person, unless the relationship has one already. It returns what to tell
// the user, or "".
func rememberKey(p *portfolio.Portfolio, relID portfolio.ID, key string) string {
	if relID == "" || key == "" || contactFor(p, relID) != "" {
		return ""
	}
	r, ok := mentorship.Relationship(p, relID)
	if !ok {
		return ""
	}
	c, err := share.AddContact(p, portfolio.Contact{Name: r.Person, Recipient: key, RelationshipID: relID})
	switch {
	case errors.Is(err, portfolio.ErrExists):
		return "A contact named " + r.Person + " holds another key, so this one was not kept."
	case err != nil:
		return "The key was not kept as a contact: " + err.Error()
	}
	return "Kept the key as the contact " + c.Name + ": next time type " + c.Name + "."
}

// contactNames lists the contacts' names for the export's options, or "".
func contactNames(p *portfolio.Portfolio) string {
	var names []string
	for _, c := range share.Contacts(p) {
		names = append(names, c.Name)
	}
	return strings.Join(names, ", ")
}
