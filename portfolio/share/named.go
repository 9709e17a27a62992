package share

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"filippo.io/age"
	"filippo.io/age/agessh"
)

// RecipientsFile is a recipients file as the user named it, so errors can say
// which file and which line.
type RecipientsFile struct {
	Name string
	Data []byte
}

// maxRecipientLine bounds a line of a recipients file: an ssh-rsa key of 16384 bits
// is about 2.8 KB.
const maxRecipientLine = 16 << 10

// ParseNamedRecipients reads recipients as the age tool does: on the command line
// and in recipients files (one a line, # comments and blank lines allowed), each an
// age recipient (age1...) or an SSH public key (ssh-ed25519 or ssh-rsa, as in
// ~/.ssh/id_ed25519.pub or authorized_keys), so a mentor can be sent a file to
// open with the SSH key they already have. Errors name the file and the line.
func ParseNamedRecipients(args []string, files []RecipientsFile) (Recipients, error) {
	var out Recipients
	for _, a := range args {
		r, err := parseRecipient(strings.TrimSpace(a))
		if err != nil {
			return out, invalid("%q is not a recipient: %v", a, err)
		}
		out.list = append(out.list, r)
	}
	for _, f := range files {
		sc := bufio.NewScanner(bytes.NewReader(f.Data))
		sc.Buffer(make([]byte, 0, 4096), maxRecipientLine)
		n, found := 0, 0
		for sc.Scan() {
			n++
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			r, err := parseRecipient(line)
			if err != nil {
				return out, invalid("recipients file %s, line %d: %v", f.Name, n, err)
			}
			out.list = append(out.list, r)
			found++
		}
		if err := sc.Err(); err != nil {
			return out, invalid("recipients file %s, line %d: %v", f.Name, n+1, err)
		}
		if found == 0 {
			return out, invalid("recipients file %s holds no recipient", f.Name)
		}
	}
	return out, nil
}

// parseRecipient reads one recipient: an SSH public key, or anything age parses.
func parseRecipient(s string) (age.Recipient, error) {
	if strings.HasPrefix(s, "ssh-") {
		r, err := agessh.ParseRecipient(s)
		if err != nil {
			return nil, fmt.Errorf("not an SSH public key age can use (ssh-ed25519 or ssh-rsa): %v", err)
		}
		return r, nil
	}
	rs, err := age.ParseRecipients(strings.NewReader(s))
	if err != nil || len(rs) != 1 {
		return nil, fmt.Errorf("not an age recipient (age1...) or an SSH public key (ssh-ed25519, ssh-rsa)")
	}
	return rs[0], nil
}
