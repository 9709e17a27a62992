package archive_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio/archive"
	"github.com/foliohq/folio/portfolio/interchange"
)

// sameArchive compares two archives whole, but for when they were made: any field a
// round trip loses, including fields added to the types later, fails the test.
func sameArchive(t *testing.T, want, got *archive.Archive) {
	t.Helper()
	w, g := *want, *got
	w.ExportedAt, g.ExportedAt = time.Time{}, time.Time{}
	w.Name, g.Name = "", ""
	if reflect.DeepEqual(w, g) {
		return
	}
	wv, gv := reflect.ValueOf(w), reflect.ValueOf(g)
	for i := range wv.NumField() {
		if !reflect.DeepEqual(wv.Field(i).Interface(), gv.Field(i).Interface()) {
			// Quoted, so text with escape sequences prints inert.
			t.Errorf("%s differ:\nwant %q\n got %q", wv.Type().Field(i).Name, fmt.Sprintf("%+v", wv.Field(i).Interface()), fmt.Sprintf("%+v", gv.Field(i).Interface()))
		}
	}
}

// roundTrip is a through the file format, as an export and an import see it.
func roundTrip(t *testing.T, a *archive.Archive) *archive.Archive {
	t.Helper()
	data, err := interchange.MarshalArchive(a)
	if err != nil {
		t.Fatal(err)
	}
	back, err := interchange.ParseArchive(data, "archive.json")
	if err != nil {
		t.Fatalf("ParseArchive of our own archive: %v", err)
	}
	return back
}
