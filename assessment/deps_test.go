package assessment

import (
	"os/exec"
	"strings"
	"testing"
)

// TestStandardLibraryOnly enforces the package boundary: assessment imports
// nothing but the standard library.
func TestStandardLibraryOnly(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	out, err := exec.Command(goCmd, "list", "-deps", "bordergap/assessment").Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list -deps: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) == 0 {
		t.Fatal("go list -deps printed nothing")
	}
	for _, dep := range deps {
		if dep == "bordergap/assessment" {
			continue
		}
		first, _, _ := strings.Cut(dep, "/")
		if strings.Contains(first, ".") || strings.HasPrefix(dep, "bordergap") {
			t.Errorf("assessment depends on %s, which is not in the standard library", dep)
		}
	}
}
