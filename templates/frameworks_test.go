package templates

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBuiltinFrameworks(t *testing.T) {
	fs, err := BuiltinFrameworks()
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) == 0 || fs[0].Name != "gphc" {
		t.Fatalf("built-in frameworks: %+v", fs)
	}
	g := fs[0]
	if len(g.Outcomes) != 9 || !g.Builtin || !strings.Contains(g.Source, "General Pharmaceutical Council") {
		t.Errorf("the GPhC standards: %d outcomes, builtin %v, source %q", len(g.Outcomes), g.Builtin, g.Source)
	}
	if o, ok := g.Outcome("9"); !ok || o.Text != "Pharmacy professionals must demonstrate leadership" {
		t.Errorf("standard 9: %+v", o)
	}
}

func TestParseFramework(t *testing.T) {
	good := "title = \"Foundation\"\nsource = \"RPS curriculum 2021\"\n[[outcome]]\nid = \"1.1\"\ntext = \"Person-centred care\"\narea = \"Domain 1\"\n"
	f, err := ParseFramework("dir/foundation.toml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "foundation" || f.Outcomes[0].Area != "Domain 1" {
		t.Errorf("parsed: %+v", f)
	}
	if _, ok := f.Outcome("1.1"); !ok {
		t.Error("outcome 1.1 not found")
	}
	for name, src := range map[string]string{
		"no source":    "title = \"T\"\n[[outcome]]\nid = \"1\"\ntext = \"x\"\n",
		"no outcomes":  "title = \"T\"\nsource = \"s\"\n",
		"bad id":       "title = \"T\"\nsource = \"s\"\n[[outcome]]\nid = \"a:b\"\ntext = \"x\"\n",
		"repeated id":  "title = \"T\"\nsource = \"s\"\n[[outcome]]\nid = \"A\"\ntext = \"x\"\n[[outcome]]\nid = \"a\"\ntext = \"y\"\n",
		"unknown key":  "title = \"T\"\nsource = \"s\"\nlevel = 2\n[[outcome]]\nid = \"1\"\ntext = \"x\"\n",
		"control":      "title = \"T\\u001b[2J\"\nsource = \"s\"\n[[outcome]]\nid = \"1\"\ntext = \"x\"\n",
		"bad name":     "name = \"Bad Name\"\ntitle = \"T\"\nsource = \"s\"\n[[outcome]]\nid = \"1\"\ntext = \"x\"\n",
		"bad checked":  "title = \"T\"\nsource = \"s\"\nchecked = \"May 2026\"\n[[outcome]]\nid = \"1\"\ntext = \"x\"\n",
		"empty text":   "title = \"T\"\nsource = \"s\"\n[[outcome]]\nid = \"1\"\ntext = \" \"\n",
		"not toml":     "[[outcome",
		"invalid utf8": "title = \"\xff\"\n",
	} {
		if _, err := ParseFramework("f.toml", []byte(src)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestLoadFrameworkDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("a.toml", "title = \"A\"\nsource = \"s\"\n[[outcome]]\nid = \"1\"\ntext = \"x\"\n")
	write("b.toml", "title = \"B\"\n")
	write("notes.txt", "ignored")
	fs, problems := LoadFrameworkDir(dir)
	if len(fs) != 1 || fs[0].Name != "a" {
		t.Errorf("loaded %+v", fs)
	}
	if len(problems) != 1 || !strings.Contains(problems[0].Error(), "b.toml") {
		t.Errorf("problems %v", problems)
	}
	if fs, problems := LoadFrameworkDir(filepath.Join(dir, "none")); fs != nil || problems != nil {
		t.Error("a missing folder is not a problem")
	}
}

func FuzzParseFramework(f *testing.F) {
	data, _ := frameworkFiles.ReadFile("frameworks/gphc-standards.toml")
	f.Add(data)
	f.Fuzz(func(t *testing.T, b []byte) {
		fw, err := ParseFramework("f.toml", b)
		if err == nil && (len(fw.Outcomes) == 0 || !ValidFrameworkName(fw.Name)) {
			t.Errorf("accepted a framework that breaks its rules: %+v", fw)
		}
	})
}
