package storage

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

type corpusEntry struct {
	file, outcome, what string
	damaged, gone       []string
}

func readCorpus(t *testing.T) []corpusEntry {
	t.Helper()
	var entries []corpusEntry
	for _, line := range strings.Split(string(readFile(t, filepath.Join(corpusDir, corpusManifest))), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			t.Fatalf("manifest line %q", line)
		}
		list := func(s string) []string {
			if s == "-" {
				return nil
			}
			return strings.Split(s, ",")
		}
		entries = append(entries, corpusEntry{file: f[0], outcome: f[1], damaged: list(f[2]), gone: list(f[3]), what: f[4]})
	}
	return entries
}

// Every vault in the corpus gives exactly the outcome it is labelled with, opened for
// writing and read-only. A damaged vault is never taken for a wrong passphrase, no
// failed open changes the file, and only authenticated plaintext ever comes back.
func TestCorpus(t *testing.T) {
	entries := readCorpus(t)
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*"+corpusExt))
	var listed []string
	count := map[string]int{}
	for _, e := range entries {
		listed = append(listed, filepath.Join(corpusDir, e.file))
		count[e.outcome]++
		if !strings.HasPrefix(e.file, e.outcome+".") {
			t.Errorf("%s is labelled %s", e.file, e.outcome)
		}
	}
	slices.Sort(listed)
	if !slices.Equal(files, listed) {
		t.Fatalf("the corpus files and its manifest differ:\nfiles  %v\nlisted %v", files, listed)
	}
	for _, o := range []string{outOpens, outWrongPass, outBadHeader, outUnsupported, outBadRecord, outBadFile} {
		if count[o] == 0 {
			t.Errorf("no corpus vault for outcome %s", o)
		}
	}
	if len(entries) < 30 {
		t.Errorf("only %d corpus vaults", len(entries))
	}
	for _, e := range entries {
		t.Run(strings.TrimSuffix(e.file, corpusExt), func(t *testing.T) {
			// A copy, so that nothing done here can change the checked-in file.
			path := filepath.Join(t.TempDir(), e.file)
			if err := os.WriteFile(path, readFile(t, filepath.Join(corpusDir, e.file)), 0o600); err != nil {
				t.Fatal(err)
			}
			before := fileSum(t, path)
			for _, ro := range []bool{true, false} {
				v, err := Open(path, []byte(corpusPass), Options{ReadOnly: ro})
				if err != nil {
					if v != nil {
						t.Error("Open returned a vault with an error")
					}
					checkOpenError(t, e.outcome, err)
					continue
				}
				if e.outcome != outOpens && e.outcome != outBadRecord {
					v.Close()
					t.Fatalf("read-only %v: opened, want %s", ro, e.outcome)
				}
				checkCorpusRecords(t, v, e)
				if err := v.Close(); err != nil {
					t.Fatal(err)
				}
			}
			if fileSum(t, path) != before {
				t.Error("opening changed the file")
			}
		})
	}
}

var outcomeErrs = map[string]error{
	outWrongPass:   ErrWrongPassphrase,
	outBadHeader:   ErrDamaged,
	outBadFile:     ErrDamaged,
	outUnsupported: ErrUnsupportedVersion,
}

func checkOpenError(t *testing.T, outcome string, err error) {
	t.Helper()
	want, ok := outcomeErrs[outcome]
	if !ok {
		t.Fatalf("open: %v, want it to open", err)
	}
	for _, e := range []error{ErrWrongPassphrase, ErrDamaged, ErrUnsupportedVersion, ErrInUse, ErrNotFound} {
		if errors.Is(err, e) != (e == want) {
			t.Errorf("open: %v; want %v and nothing else", err, want)
		}
	}
}

// checkCorpusRecords loads both collections and checks the vault: exactly the listed
// records are damaged, the removed ones are gone, and every other record comes back
// with its original plaintext.
func checkCorpusRecords(t *testing.T, v *Vault, e corpusEntry) {
	t.Helper()
	want := map[string]string{} // collection/record -> plaintext
	for _, r := range corpusRecords {
		want[r.collection+"/"+r.id] = r.plain
	}
	for _, k := range append(slices.Clone(e.damaged), e.gone...) {
		delete(want, k)
	}
	var loaded, loadDamage []string
	for _, c := range []string{"entries", "goals"} {
		got, damaged, err := loadMap(v, c)
		if err != nil {
			t.Fatalf("load %s: %v", c, err)
		}
		for id, plain := range got {
			k := c + "/" + id.String()
			if w, ok := want[k]; !ok || w != plain {
				t.Errorf("load passed %s as %q", k, plain)
			}
			loaded = append(loaded, k)
		}
		for _, d := range damaged {
			if !errors.Is(d.Err, ErrDamaged) || d.Collection != c {
				t.Errorf("load: %v", d)
			}
			loadDamage = append(loadDamage, c+"/"+d.ID)
		}
	}
	if len(loaded) != len(want) {
		t.Errorf("loaded %v, want %d records", loaded, len(want))
	}
	var inKnown []string // damage Load can see: in the two collections
	for _, k := range e.damaged {
		if strings.HasPrefix(k, "entries/") || strings.HasPrefix(k, "goals/") {
			inKnown = append(inKnown, k)
		}
	}
	if !sameSet(loadDamage, inKnown) {
		t.Errorf("load found damage %v, want %v", loadDamage, inKnown)
	}

	for k := range want {
		c, id, _ := strings.Cut(k, "/")
		if plain, err := v.Get(c, ID(mustID(id))); err != nil || string(plain) != want[k] {
			t.Errorf("get %s: %q %v", k, plain, err)
		}
	}
	for _, k := range inKnown {
		c, id, _ := strings.Cut(k, "/")
		if pid, err := ParseID(id); err == nil {
			if plain, err := v.Get(c, pid); !errors.Is(err, ErrDamaged) || plain != nil {
				t.Errorf("get %s: %q %v, want ErrDamaged", k, plain, err)
			}
		}
	}
	for _, k := range e.gone {
		c, id, _ := strings.Cut(k, "/")
		if _, err := v.Get(c, ID(mustID(id))); !errors.Is(err, ErrNotFound) {
			t.Errorf("get %s: %v, want ErrNotFound", k, err)
		}
	}

	rep, err := v.Check([]string{"entries", "goals"})
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	var checkDamage []string
	for _, d := range rep.Damaged {
		checkDamage = append(checkDamage, d.Collection+"/"+d.ID)
	}
	if !sameSet(checkDamage, e.damaged) || rep.Records != len(want) || len(rep.Structure) != 0 {
		t.Errorf("check: %d records, damage %v, structure %v; want %d records, damage %v",
			rep.Records, checkDamage, rep.Structure, len(want), e.damaged)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
