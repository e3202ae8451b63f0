package main

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBinary builds the real command and checks the exit statuses a shell
// sees, which run() alone cannot show: main must pass exitCode to os.Exit.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not found:", err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bordergap")
	build := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "demo.db")

	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"demo", "--db", db}, 0, "created assessment 3:", ""},
		{[]string{"scorecard", "1", "--db", db}, 0, "National index", ""},
		{[]string{"scorecard", "999", "--db", db}, 1, "", "bordergap: assessment 999 not found"},
		{[]string{"nosuch"}, 2, "", `bordergap: unknown command "nosuch"`},
		{[]string{"help"}, 0, "Usage:", ""},
		{nil, 2, "Usage:", "no command given"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(append([]string{"bordergap"}, tt.args...), " "), func(t *testing.T) {
			cmd := exec.Command(bin, tt.args...)
			cmd.Dir = dir // a stray default bordergap.db lands in the temporary directory
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			var ee *exec.ExitError
			switch {
			case errors.As(err, &ee):
				code = ee.ExitCode()
			case err != nil:
				t.Fatal(err)
			}
			if code != tt.code {
				t.Errorf("exit status: got %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout.String(), stderr.String())
			}
			mustContain(t, "stdout", stdout.String(), tt.stdout)
			mustContain(t, "stderr", stderr.String(), tt.stderr)
		})
	}
}
