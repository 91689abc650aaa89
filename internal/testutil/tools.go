package testutil

import (
	"os"
	"os/exec"
	"testing"
)

// RequireTools reports whether tests must fail, rather than skip, when a
// command-line tool they check files with (rsvg-convert, soffice) is missing: env CI
// is non-empty or MUTU_REQUIRE_TOOLS=1 (scripts/test sets it and installs
// the tools).
func RequireTools() bool {
	return os.Getenv("CI") != "" || os.Getenv("MUTU_REQUIRE_TOOLS") == "1"
}

// Tool returns the path of the named program in PATH. When it is missing
// the test is skipped, or fails if RequireTools() is true.
func Tool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		unavailable(t, RequireTools(), name, "MUTU_REQUIRE_TOOLS", err)
	}
	return path
}
