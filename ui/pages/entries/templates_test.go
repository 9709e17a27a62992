package entries

import (
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/ui/common"
)

// A picker opened before the app has its library says it is loading until the
// library arrives, so the root holds the keys typed meanwhile: on the one-line
// list shown until then, a down would move nothing and be lost.
func TestPickerWaitsForItsFirstLibrary(t *testing.T) {
	ctx := common.NewContext(common.Options{})
	pk := NewPicker(ctx)
	if !pk.Loading() {
		t.Fatal("a picker with no library yet is not loading: keys typed now would be read by the one-line list")
	}
	lib, err := fill.LoadLibrary(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	pk.Update(LibraryMsg{lib})
	if pk.Loading() || len(pk.List) < 2 {
		t.Fatalf("after the library: loading %v, %d templates", pk.Loading(), len(pk.List))
	}

	failed := NewPicker(ctx)
	_, cmd := failed.Update(libraryFailedMsg{errors.New("unreadable folder")})
	if failed.Loading() || len(failed.List) != 1 {
		t.Fatalf("after a failed load: loading %v, %d templates; want free text alone", failed.Loading(), len(failed.List))
	}
	if cmd == nil {
		t.Fatal("a failed load says nothing")
	}
	if m, ok := cmd().(common.ErrMsg); !ok || m.Err == nil {
		t.Fatalf("a failed load gives %T, want the error for the root", cmd())
	}
}

// A picker opened on the library the app already has is ready at once.
func TestPickerOnAKeptLibraryIsReady(t *testing.T) {
	lib, err := fill.LoadLibrary(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := common.NewContext(common.Options{})
	ctx.Lib = lib
	if pk := NewPicker(ctx); pk.Loading() {
		t.Fatal("a picker on a kept library waits")
	}
}

// After a failed load the picker offers free text alone (moved from the app's
// tests when the picker began to wait for its first library); it is the built-in
// template, not marked as the user's own.
func TestPickerStandInIsBuiltIn(t *testing.T) {
	ctx := common.NewContext(common.Options{})
	ctx.Width, ctx.Height = 80, 24
	pk := NewPicker(ctx)
	pk.Update(libraryFailedMsg{errors.New("unreadable folder")})
	v := ansi.Strip(pk.View())
	if !strings.Contains(v, "Free reflection") || strings.Contains(v, "your template") || strings.Contains(v, "▸+") {
		t.Fatalf("the stand-in reads as the user's own template:\n%s", v)
	}
}
