package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Version is set by release builds with
// -ldflags "-X github.com/foliohq/folio/ui/cli.Version=v1.2.3"; it is the one
// package variable, because the linker can only set variables.
var Version = ""

// version is the version to report: the one the build was stamped with, else the
// module version `go install ...@version` records, else the commit a source build was
// made from.
func version() string {
	if Version != "" {
		return Version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, kv := range info.Settings {
		switch kv.Key {
		case "vcs.revision":
			rev = kv.Value
		case "vcs.modified":
			modified = kv.Value
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		rev += "-dirty"
	}
	return "devel-" + rev
}

// versionLine is what `folio version` and `folio --version` print.
func versionLine() string {
	return fmt.Sprintf("folio %s (%s, %s/%s)", version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
