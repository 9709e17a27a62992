package cli

import (
	"fmt"
	"os"
	"testing"
)

// childEnv names what a child started from this test binary does instead of running
// the tests: a real process is what tests of process-wide state (core dumps, signals)
// need, and re-running the test binary avoids building folio again.
const childEnv = "FOLIO_CLI_TEST_CHILD"

func TestMain(m *testing.M) {
	if role := os.Getenv(childEnv); role != "" {
		if err := runChild(role); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runChild plays role in a child process.
func runChild(role string) error {
	if f, ok := osChildRoles()[role]; ok {
		return f()
	}
	return fmt.Errorf("unknown child role %q", role)
}
