package share

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio"
)

// The contacts: named recipients kept in the vault, written through the core's
// store API. The core keeps the Contact type, its codec and the checks an import
// applies too.

// Contacts lists the contacts by name.
func Contacts(p *portfolio.Portfolio) []*portfolio.Contact {
	out := []*portfolio.Contact{}
	_ = p.View(func(tx *portfolio.Tx) error {
		out = slices.AppendSeq(out, portfolio.All[portfolio.Contact](tx))
		return nil
	})
	slices.SortFunc(out, func(a, b *portfolio.Contact) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// Contact finds a contact by name, ignoring case.
func Contact(p *portfolio.Portfolio, name string) (c *portfolio.Contact, ok bool) {
	_ = p.View(func(tx *portfolio.Tx) error {
		c, ok = named(tx, name)
		return nil
	})
	return c, ok
}

func named(tx *portfolio.Tx, name string) (*portfolio.Contact, bool) {
	name = strings.TrimSpace(name)
	for c := range portfolio.All[portfolio.Contact](tx) {
		if strings.EqualFold(c.Name, name) {
			return c, true
		}
	}
	return nil, false
}

// AddContact validates and saves a new contact.
func AddContact(p *portfolio.Portfolio, c portfolio.Contact) (*portfolio.Contact, error) {
	err := p.Update(func(tx *portfolio.Tx) error {
		c.ID = ""
		if err := portfolio.Validate(tx, &c); err != nil {
			return err
		}
		c.ID = tx.NewID()
		c.Created = tx.Now()
		c.Updated = c.Created
		return portfolio.Put(tx, &c)
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// DeleteContact removes the contact of that name (ignoring case).
func DeleteContact(p *portfolio.Portfolio, name string) (*portfolio.Contact, error) {
	var c *portfolio.Contact
	err := p.Update(func(tx *portfolio.Tx) error {
		var ok bool
		if c, ok = named(tx, name); !ok {
			return fmt.Errorf("%w: no contact named %q", portfolio.ErrNotFound, strings.TrimSpace(name))
		}
		return portfolio.Delete[portfolio.Contact](tx, c.ID)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// ResolveRecipients turns each of args, a contact's name (ignoring case) or a key,
// into a key: a name is replaced by its contact's recipient, a key is kept as typed
// for the caller to parse. Something that is neither is named in the error.
func ResolveRecipients(p *portfolio.Portfolio, args []string) ([]string, error) {
	out := make([]string, 0, len(args))
	for _, a := range args {
		a = strings.TrimSpace(a)
		if c, ok := Contact(p, a); ok {
			out = append(out, c.Recipient)
			continue
		}
		if looksLikeKey(a) {
			out = append(out, a)
			continue
		}
		return nil, portfolio.Invalid("%q is neither a contact nor a key; 'folio contacts' lists your contacts, and a key starts age1, ssh-ed25519 or ssh-rsa", a)
	}
	return out, nil
}

// looksLikeKey says whether s is meant as a key rather than a name, so a mistyped key
// is reported as a bad key, not as an unknown contact.
func looksLikeKey(s string) bool {
	return strings.HasPrefix(s, "age1") || strings.HasPrefix(s, "ssh-")
}
