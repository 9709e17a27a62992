package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/share"
)

// exportKinds are the kinds of `folio export KIND`; each parses its own flags and
// writes through an exportDest, so every export is written the same careful way.
var exportKinds = map[string]struct {
	summary string
	run     func(*session, []string) error
}{
	"all":          {"everything in the vault, as a versioned JSON archive (docs/EXPORT.md)", runExportAll},
	"meeting":      {"a summary to share before or after a mentoring meeting", runExportMeeting},
	"summary":      {"a summary of a period, for appraisal or a supervisor", runExportSummary},
	"revalidation": {"the GPhC records for a renewal, ready to paste, with readiness", runExportRevalidation},
}

func runExport(s *session, args []string) error {
	var names []string
	for k := range exportKinds {
		names = append(names, k)
	}
	slices.Sort(names)
	kind, rest := subcommand(args)
	if kind == "" || kind == "help" {
		fmt.Fprintln(s.Stdout, "Usage: folio export KIND [--out FILE] [--format md|html|pdf] [--to age1...] [--to-file FILE] [--armor] [--force]\n\nKinds:")
		for _, k := range names {
			fmt.Fprintf(s.Stdout, "  %-13s %s\n", k, exportKinds[k].summary)
		}
		helpAsked := slices.ContainsFunc(args, func(a string) bool { return a == "-h" || a == "--help" || a == "-help" })
		if kind == "" && !helpAsked {
			return usagef("export needs a kind: %s", strings.Join(names, ", "))
		}
		return nil
	}
	k, ok := exportKinds[kind]
	if !ok {
		return usagef("%q is not a kind of export; use one of %s", kind, strings.Join(names, ", "))
	}
	return k.run(s, rest)
}

// exportDest is where an export goes and whether it is encrypted: the flags every
// kind of export shares.
type exportDest struct {
	out     string
	force   bool
	armor   bool
	to      stringList
	toFiles stringList
}

func (d *exportDest) register(fs *flag.FlagSet) {
	fs.StringVar(&d.out, "out", "", "write to this file (- for standard output); it is created with mode 0600")
	fs.BoolVar(&d.force, "force", false, "replace the file if it exists")
	fs.Var(&d.to, "to", "encrypt to this age recipient (age1...); repeatable")
	fs.Var(&d.toFiles, "to-file", "encrypt to the age recipients listed in this file; repeatable")
	fs.BoolVar(&d.armor, "armor", false, "write the encrypted file as ASCII text")
}

// check refuses a destination before any work is done.
func (d *exportDest) check() error {
	if d.out == "" {
		return usagef("say where to write the export with --out FILE (or --out - for standard output)")
	}
	if d.armor && len(d.to)+len(d.toFiles) == 0 {
		return usagef("--armor is for encrypted exports; add --to age1... or --to-file FILE")
	}
	return nil
}

// write encrypts data when recipients were given and writes it, complete or not at
// all. It reports whether the output is encrypted.
func (d *exportDest) write(s *session, data []byte) (bool, error) {
	if err := d.check(); err != nil {
		return false, err
	}
	encrypted := len(d.to)+len(d.toFiles) > 0
	if encrypted {
		var files [][]byte
		for _, f := range d.toFiles {
			b, err := os.ReadFile(f)
			if err != nil {
				return false, usagef("cannot read the recipients file %s: %v", f, err)
			}
			files = append(files, b)
		}
		to, err := share.ParseRecipients(d.to, files)
		if err != nil {
			return false, err
		}
		if data, err = to.Encrypt(data, d.armor); err != nil {
			return false, err
		}
	}
	if d.out == "-" {
		_, err := s.Stdout.Write(data)
		return encrypted, err
	}
	if err := portfolio.WriteFileAtomic(d.out, data, d.force); err != nil {
		if errors.Is(err, portfolio.ErrFileExists) {
			return false, usagef("%s already exists; nothing was written. Pass --force to replace it, or choose another name", d.out)
		}
		return false, err
	}
	return encrypted, nil
}
