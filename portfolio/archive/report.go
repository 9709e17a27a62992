package archive

import (
	"fmt"
	"strings"
)

// Import kinds, in the order a report lists them.
var importKinds = []string{"entries", "goals", "actions", "relationships", "meetings", "ratings", "received documents", "contacts", "evaluations", "settings", "attachments"}

// Counts are what became of the records of one kind.
type Counts struct {
	// Added are new to the vault; Replaced were in it under the same ID and the
	// archive's copy was updated later; Unchanged were already there as they are;
	// Kept were in the vault under the same ID, with the vault's copy kept because it
	// was updated at the same time or later.
	Added, Replaced, Unchanged, Kept int
	// Versions are the versions an archive's history added to the vault's.
	Versions int
}

// Report says what an import did, the archive's or other programs' files'
// (interchange.ImportEntries). Nothing is changed unless it returns no error.
type Report struct {
	Counts map[string]*Counts
	// Skipped names files of a folder that were not imported, and why.
	Skipped []string
	// AttachmentsLeftOut counts the attachments an archive names without their
	// files (a .json archive), which were not imported.
	AttachmentsLeftOut int
}

// NewReport is an empty report, with a line for every kind.
func NewReport() *Report {
	r := &Report{Counts: map[string]*Counts{}}
	for _, k := range importKinds {
		r.Counts[k] = &Counts{}
	}
	return r
}

// Changed is how many records the import wrote.
func (r *Report) Changed() int {
	n := 0
	for _, c := range r.Counts {
		n += c.Added + c.Replaced + c.Versions
	}
	return n
}

// Lines says what was done, one line per kind that had records.
func (r *Report) Lines() []string {
	var out []string
	for _, k := range importKinds {
		c := r.Counts[k]
		var parts []string
		for _, n := range []struct {
			n    int
			what string
		}{{c.Added, "added"}, {c.Replaced, "replaced by a newer copy"}, {c.Unchanged, "already in the vault"}, {c.Kept, "kept as in the vault, which has the same or a newer copy"}} {
			if n.n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n.n, n.what))
			}
		}
		if c.Versions > 0 {
			parts = append(parts, versionsAdded(c.Versions))
		}
		if len(parts) > 0 {
			out = append(out, k+": "+strings.Join(parts, ", "))
		}
	}
	if len(out) == 0 {
		out = append(out, "nothing to import")
	}
	if n := r.AttachmentsLeftOut; n > 0 {
		out = append(out, fmt.Sprintf("not imported: %d attached file%s the archive names but does not hold (a .json archive leaves them out; import the .zip export to bring them)", n, map[bool]string{true: "", false: "s"}[n == 1]))
	}
	for _, s := range r.Skipped {
		out = append(out, "not imported: "+s)
	}
	return out
}

func versionsAdded(n int) string {
	if n == 1 {
		return "1 version added to the history"
	}
	return fmt.Sprintf("%d versions added to the history", n)
}
