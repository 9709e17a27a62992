package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// trash --json and trash empty --json count an attachment moved to the trash on its
// own, as the text output does: a script sees all that emptying would erase.
func TestTrashJSONHasRemovedAttachments(t *testing.T) {
	f := newFixture(t)
	f.init()
	kept := strings.TrimSpace(f.mustRun("Body.", "add", "--function", "formative", "--title", "With evidence"))
	gone := strings.TrimSpace(f.mustRun("Body.", "add", "--function", "formative", "--title", "Deleted"))
	cert := filepath.Join(f.dir, "certificate.pdf")
	if err := os.WriteFile(cert, []byte("%PDF-1.4\ncertificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	f.mustRun("", "attach", kept, cert)
	var atts []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(f.mustRun("", "attachments", kept, "--json")), &atts); err != nil || len(atts) != 1 {
		t.Fatalf("attachments --json: %v %v", atts, err)
	}
	f.mustRun("", "attachment", "rm", atts[0].ID, "--yes")
	f.mustRun("", "rm", gone, "--yes")

	type item struct {
		Kind       string `json:"kind"`
		ID         string `json:"id"`
		Title      string `json:"title"`
		Versions   int    `json:"versions"`
		Record     string `json:"record"`
		RecordKind string `json:"record_kind"`
		MediaType  string `json:"media_type"`
		Size       *int64 `json:"size"`
	}
	var trash []item
	if err := json.Unmarshal([]byte(f.mustRun("", "trash", "--json")), &trash); err != nil {
		t.Fatal(err)
	}
	var sawEntry, sawFile bool
	for _, it := range trash {
		switch it.Kind {
		case "entry":
			sawEntry = it.Title == "Deleted" && it.Versions > 0 && it.Size == nil
		case "attachment":
			sawFile = it.ID == atts[0].ID && it.Title == "certificate.pdf" && it.Record == kept &&
				it.RecordKind == "entry" && it.MediaType == "application/pdf" && it.Size != nil && *it.Size == 20
		}
	}
	if len(trash) != 2 || !sawEntry || !sawFile {
		t.Fatalf("trash --json: %+v", trash)
	}

	var erased map[string]int
	if err := json.Unmarshal([]byte(f.mustRun("", "trash", "empty", "--yes", "--json")), &erased); err != nil {
		t.Fatal(err)
	}
	if erased["erased"] != 1 || erased["attachments"] != 1 || len(erased) != 2 {
		t.Errorf("trash empty --json: %v", erased)
	}
	if got := strings.TrimSpace(f.mustRun("", "trash", "--json")); got != "[]" {
		t.Errorf("trash --json after emptying: %s", got)
	}
	if err := json.Unmarshal([]byte(f.mustRun("", "trash", "empty", "--yes", "--json")), &erased); err != nil || erased["erased"] != 0 || erased["attachments"] != 0 {
		t.Errorf("emptying an empty trash: %v %v", erased, err)
	}
}

// A record's attachments go to the trash with it and are erased with it: rm, trash
// and trash empty say so, in text and JSON, so no file is erased unannounced.
func TestTrashNamesTheFilesThatGoWithARecord(t *testing.T) {
	f := newFixture(t)
	f.init()
	id := strings.TrimSpace(f.mustRun("Body.", "add", "--function", "formative", "--title", "CPD course"))
	for _, name := range []string{"certificate.pdf", "slides.pdf"} {
		path := filepath.Join(f.dir, name)
		if err := os.WriteFile(path, []byte("%PDF-1.4\n"+name), 0o600); err != nil {
			t.Fatal(err)
		}
		f.mustRun("", "attach", id, path)
	}
	if r := f.run("", "rm", id); r.status == 0 || !strings.Contains(r.stderr, `"CPD course" with its 2 attached files needs a yes`) {
		t.Fatalf("rm without --yes: status %d, stderr %q", r.status, r.stderr)
	}
	if out := f.mustRun("", "rm", id, "--yes"); !strings.Contains(out, `"CPD course" with its 2 attached files to the trash`) {
		t.Fatalf("rm: %q", out)
	}
	if out := f.mustRun("", "trash"); !strings.Contains(out, "CPD course (with 2 attached files)") {
		t.Fatalf("trash: %q", out)
	}
	var trash []struct {
		Attachments int `json:"attachments"`
	}
	if err := json.Unmarshal([]byte(f.mustRun("", "trash", "--json")), &trash); err != nil || len(trash) != 1 || trash[0].Attachments != 2 {
		t.Fatalf("trash --json: %+v %v", trash, err)
	}
	if r := f.run("", "trash", "empty"); r.status == 0 || !strings.Contains(r.stderr, "1 record and its history, and 2 attached files needs a yes") {
		t.Fatalf("trash empty without --yes: status %d, stderr %q", r.status, r.stderr)
	}
	if out := f.mustRun("", "trash", "empty", "--yes"); out != "Erased 1 record from the trash, with 2 attached files.\n" {
		t.Fatalf("trash empty: %q", out)
	}
}
