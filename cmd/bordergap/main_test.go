package main

// End-to-end tests of the command: each test drives run() as the shell
// would, on a SQLite file in t.TempDir(), and checks the exit status that
// exitCode gives (0 ok, 1 failed, 2 wrong usage) and what is printed.

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// testDir is a directory for the whole test run, removed by TestMain.
var testDir string

func TestMain(m *testing.M) {
	// A safety net: a command run without --db must never create
	// bordergap.db in the package directory. Tests that exercise the
	// environment fallback set their own value with t.Setenv.
	dir, err := os.MkdirTemp("", "bordergap-cmd-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testDir = dir
	os.Setenv("BORDERGAP_DB", filepath.Join(dir, "stray.db"))
	for _, name := range []string{"BORDERGAP_LOG_LEVEL", "BORDERGAP_FORMAT", "BORDERGAP_TOP", "BORDERGAP_FORCE", "BORDERGAP_O"} {
		os.Unsetenv(name)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one invocation of the command produced.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s--- stderr:\n%s", r.code, r.stdout, r.stderr)
}

// bg runs the command with args, as "bordergap args..." would.
func bg(t *testing.T, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, &stdout, &stderr)
	code := exitCode(&stderr, err)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// want runs the command and fails the test unless it exits with code.
func want(t *testing.T, code int, args ...string) result {
	t.Helper()
	r := bg(t, args...)
	if r.code != code {
		t.Fatalf("bordergap %s: got exit %d, want %d\n%s", strings.Join(args, " "), r.code, code, r)
	}
	return r
}

// mustContain fails the test for each want not found in got.
func mustContain(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s does not contain %q; got:\n%s", what, w, got)
		}
	}
}

// newDB returns the path of a database file that does not exist yet.
func newDB(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "bordergap.db")
}

// demoDB returns a fresh database holding the demo (assessments 1–3), for
// tests that write to it.
func demoDB(t *testing.T) string {
	t.Helper()
	db := newDB(t)
	want(t, 0, "demo", "--db", db)
	return db
}

var shared struct {
	once sync.Once
	path string
	err  error
}

// sharedDemoDB returns a demo database shared by the tests that only read
// it, created on first use in testDir.
func sharedDemoDB(t *testing.T) string {
	t.Helper()
	shared.once.Do(func() {
		shared.path = filepath.Join(testDir, "demo.db")
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), []string{"demo", "--db", shared.path}, &stdout, &stderr); err != nil {
			shared.err = fmt.Errorf("demo: %v\n%s", err, stderr.String())
		}
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.path
}

// rows splits tabular output into lines of fields, without the header.
func rows(out string) [][]string {
	var rs [][]string
	for i, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if i == 0 || strings.TrimSpace(line) == "" {
			continue
		}
		rs = append(rs, strings.Fields(line))
	}
	return rs
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}, {"-help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := want(t, 0, args...)
			mustContain(t, "stdout", r.stdout, "Usage:", "Commands:", "framework validate FILE...", "scorecard ID",
				"[BORDERGAP_DB]", "[BORDERGAP_LOG_LEVEL]", "Exit status: 0 ok, 1 failed, 2 wrong usage.")
			if r.stderr != "" {
				t.Errorf("stderr: got %q, want nothing", r.stderr)
			}
		})
	}
}

func TestNoArgumentsPrintsUsage(t *testing.T) {
	r := want(t, 2)
	mustContain(t, "stdout", r.stdout, "Usage:", "Commands:")
	mustContain(t, "stderr", r.stderr, "bordergap: no command given", "Run 'bordergap help' for usage.")
}

func TestUsageErrors(t *testing.T) {
	db := newDB(t)
	tests := []struct {
		name   string
		args   []string
		stderr []string
	}{
		{"unknown command", []string{"nosuch"}, []string{`unknown command "nosuch"`}},
		{"group alone", []string{"framework"}, []string{"framework needs a subcommand: framework list, framework validate, framework export, framework install"}},
		{"group help", []string{"assessment", "--help"}, []string{"assessment needs a subcommand: assessment list, assessment show, assessment export, assessment import"}},
		{"unknown subcommand", []string{"framework", "nosuch"}, []string{`unknown command "framework nosuch"; framework takes: framework list,`}},
		{"scorecard without ID", []string{"scorecard", "--db", db}, []string{"scorecard needs exactly one assessment ID (see 'bordergap assessment list')"}},
		{"scorecard two IDs", []string{"scorecard", "1", "2", "--db", db}, []string{"scorecard needs exactly one assessment ID"}},
		{"scorecard abc", []string{"scorecard", "abc", "--db", db}, []string{`scorecard: "abc" is not an assessment ID (a positive number)`}},
		{"scorecard 0", []string{"scorecard", "0", "--db", db}, []string{`scorecard: "0" is not an assessment ID`}},
		{"show abc", []string{"assessment", "show", "x1", "--db", db}, []string{`assessment show: "x1" is not an assessment ID`}},
		{"export without ID", []string{"assessment", "export", "--db", db}, []string{"assessment export needs exactly one assessment ID"}},
		{"import without file", []string{"assessment", "import", "--db", db}, []string{"assessment import needs exactly one FILE"}},
		{"list with argument", []string{"assessment", "list", "extra", "--db", db}, []string{"assessment list takes no arguments"}},
		{"framework list with argument", []string{"framework", "list", "extra", "--db", db}, []string{"framework list takes no arguments"}},
		{"validate without file", []string{"framework", "validate"}, []string{"framework validate needs at least one FILE"}},
		{"install without file", []string{"framework", "install", "--db", db}, []string{"framework install needs exactly one FILE"}},
		{"export two refs", []string{"framework", "export", "a", "b", "--db", db}, []string{"framework export takes at most one ID[@VERSION]"}},
		{"demo with argument", []string{"demo", "extra", "--db", db}, []string{"demo takes no arguments"}},
		{"unknown flag", []string{"scorecard", "1", "--bogus", "--db", db}, []string{"scorecard: flag provided but not defined: -bogus"}},
		{"flag of another command", []string{"assessment", "list", "--top", "3", "--db", db}, []string{"assessment list: flag provided but not defined: -top"}},
		{"flag without value", []string{"scorecard", "1", "--db"}, []string{"scorecard: flag needs an argument: -db"}},
		{"bad int flag", []string{"scorecard", "1", "--top", "many", "--db", db}, []string{`scorecard: invalid value "many" for flag -top`}},
		{"bad log level", []string{"assessment", "list", "--log-level", "loud", "--db", db}, []string{`log level "loud": want debug, info, warn or error`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := want(t, 2, tt.args...)
			mustContain(t, "stderr", r.stderr, tt.stderr...)
			mustContain(t, "stderr", r.stderr, "Run 'bordergap help' for usage.")
			if !strings.HasPrefix(r.stderr, "bordergap: ") {
				t.Errorf("stderr: got %q, want it to start with %q", r.stderr, "bordergap: ")
			}
		})
	}
}

func TestCommandHelpListsFlagsWithEnvironmentNames(t *testing.T) {
	// Help is printed before the database is opened: no --db is needed and
	// none is created.
	extra := map[string][]string{
		"framework export": {"--format", "[BORDERGAP_FORMAT]", `(default "yaml")`},
		"demo":             {"--force", "[BORDERGAP_FORCE]"},
		"scorecard":        {"--top", "[BORDERGAP_TOP]", `(default "10")`},
	}
	for _, c := range commands() {
		for _, h := range []string{"--help", "-h"} {
			args := append(strings.Fields(c.name), h)
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				r := want(t, 0, args...)
				mustContain(t, "stdout", r.stdout, "Usage: bordergap "+c.name+" "+c.args, c.help, "Flags:",
					"--db", `(default "bordergap.db") [BORDERGAP_DB]`, "--log-level", `(default "warn") [BORDERGAP_LOG_LEVEL]`)
				mustContain(t, "stdout", r.stdout, extra[c.name]...)
			})
		}
	}
	t.Run("help scorecard", func(t *testing.T) {
		got := want(t, 0, "help", "scorecard").stdout
		if w := want(t, 0, "scorecard", "--help").stdout; got != w {
			t.Errorf("help scorecard:\n%s\nwant the same as scorecard --help:\n%s", got, w)
		}
	})
	t.Run("help after arguments", func(t *testing.T) {
		r := want(t, 0, "scorecard", "1", "--help")
		mustContain(t, "stdout", r.stdout, "Usage: bordergap scorecard ID")
	})
}

func TestCommandHelpForOutputFlag(t *testing.T) {
	for _, name := range []string{"framework export", "assessment export"} {
		r := want(t, 0, append(strings.Fields(name), "--help")...)
		if strings.Contains(r.stdout, "BORDERGAP_O") {
			t.Errorf("%s --help mentions BORDERGAP_O, which is ignored:\n%s", name, r.stdout)
		}
		mustContain(t, name+" --help", r.stdout, "  -o ")
	}
}

func TestUsageErrorDoesNotCreateDatabase(t *testing.T) {
	db := newDB(t)
	want(t, 2, "scorecard", "abc", "--db", db)
	if _, err := os.Stat(db); err == nil {
		t.Errorf("scorecard abc created %s", db)
	}
}

func TestVersion(t *testing.T) {
	db := newDB(t)
	r := want(t, 0, "version", "--db", db)
	if got, w := r.stdout, "bordergap "+Version+"\n"; got != w {
		t.Errorf("version: got %q, want %q", got, w)
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("version created the database %s; it should not open it", db)
	}
}

func TestFlagsAnywhere(t *testing.T) {
	db := sharedDemoDB(t)
	base := want(t, 0, "scorecard", "1", "--db", db).stdout
	mustContain(t, "scorecard 1", base, "IBM gaps and needs assessment 2024 (baseline) — Republic of Meridia (XAA)")
	for _, args := range [][]string{
		{"scorecard", "--db", db, "1"},
		{"scorecard", "--db=" + db, "1"},
		{"scorecard", "-db", db, "1", "--log-level", "error"},
		{"scorecard", "--db", db, "--", "1"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			if got := want(t, 0, args...).stdout; got != base {
				t.Errorf("got:\n%s\nwant the same as 'scorecard 1 --db X':\n%s", got, base)
			}
		})
	}
	t.Run("top between arguments", func(t *testing.T) {
		r := want(t, 0, "scorecard", "--top", "3", "1", "--db", db)
		if got := len(gapLines(r.stdout)); got != 3 {
			t.Errorf("scorecard --top 3: got %d gap lines, want 3\n%s", got, r.stdout)
		}
	})
}

func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		args    []string
		pos     []string
		db, top string
	}{
		{nil, nil, "bordergap.db", "10"},
		{[]string{"1"}, []string{"1"}, "bordergap.db", "10"},
		{[]string{"1", "--db", "x", "2"}, []string{"1", "2"}, "x", "10"},
		{[]string{"--top", "3", "a", "--db=y", "b"}, []string{"a", "b"}, "y", "3"},
		{[]string{"a", "--", "--db", "z"}, []string{"a", "--db", "z"}, "bordergap.db", "10"},
		{[]string{"-", "a"}, []string{"-", "a"}, "bordergap.db", "10"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			db := fs.String("db", "bordergap.db", "")
			top := fs.Int("top", 10, "")
			pos, err := parseInterspersed(fs, tt.args)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(pos, tt.pos) {
				t.Errorf("positional: got %q, want %q", pos, tt.pos)
			}
			if *db != tt.db || fmt.Sprint(*top) != tt.top {
				t.Errorf("flags: got db=%q top=%d, want db=%q top=%s", *db, *top, tt.db, tt.top)
			}
		})
	}
}

func TestEnvironmentFallback(t *testing.T) {
	demo := sharedDemoDB(t)
	other := newDB(t)

	t.Run("BORDERGAP_DB", func(t *testing.T) {
		t.Setenv("BORDERGAP_DB", demo)
		if got := len(rows(want(t, 0, "assessment", "list").stdout)); got != 3 {
			t.Errorf("assessment list with BORDERGAP_DB: got %d rows, want 3", got)
		}
		want(t, 0, "scorecard", "2")
	})
	t.Run("--db overrides BORDERGAP_DB", func(t *testing.T) {
		t.Setenv("BORDERGAP_DB", demo)
		r := want(t, 0, "assessment", "list", "--db", other)
		mustContain(t, "stdout", r.stdout, "No assessments yet.")
		if _, err := os.Stat(other); err != nil {
			t.Errorf("--db %s was not used: %v", other, err)
		}
	})
	t.Run("BORDERGAP_LOG_LEVEL bogus", func(t *testing.T) {
		t.Setenv("BORDERGAP_LOG_LEVEL", "bogus")
		r := want(t, 2, "assessment", "list", "--db", demo)
		mustContain(t, "stderr", r.stderr, `log level "bogus": want debug, info, warn or error`)
	})
	t.Run("--log-level overrides BORDERGAP_LOG_LEVEL", func(t *testing.T) {
		t.Setenv("BORDERGAP_LOG_LEVEL", "bogus")
		want(t, 0, "assessment", "list", "--db", demo, "--log-level", "warn")
	})
	t.Run("BORDERGAP_LOG_LEVEL debug", func(t *testing.T) {
		t.Setenv("BORDERGAP_LOG_LEVEL", "debug")
		r := want(t, 0, "assessment", "list", "--db", demo)
		mustContain(t, "stderr", r.stderr, "level=DEBUG", "database open")
	})
	t.Run("BORDERGAP_TOP", func(t *testing.T) {
		t.Setenv("BORDERGAP_TOP", "2")
		if got := len(gapLines(want(t, 0, "scorecard", "2", "--db", demo).stdout)); got != 2 {
			t.Errorf("BORDERGAP_TOP=2: got %d gap lines, want 2", got)
		}
		if got := len(gapLines(want(t, 0, "scorecard", "2", "--db", demo, "--top", "4").stdout)); got != 4 {
			t.Errorf("BORDERGAP_TOP=2 --top 4: got %d gap lines, want 4", got)
		}
	})
	t.Run("BORDERGAP_TOP not a number", func(t *testing.T) {
		t.Setenv("BORDERGAP_TOP", "many")
		r := want(t, 2, "scorecard", "2", "--db", demo)
		mustContain(t, "stderr", r.stderr, `BORDERGAP_TOP="many"`)
	})
	t.Run("BORDERGAP_FORMAT", func(t *testing.T) {
		t.Setenv("BORDERGAP_FORMAT", "json")
		r := want(t, 0, "framework", "export", "--db", demo)
		if !strings.HasPrefix(r.stdout, "{") {
			t.Errorf("BORDERGAP_FORMAT=json: output does not start with '{': %.80q", r.stdout)
		}
	})
	t.Run("BORDERGAP_O is ignored", func(t *testing.T) {
		// -o is not taken from the environment (main.go envFallback): a
		// stray variable must not redirect every export.
		out := filepath.Join(t.TempDir(), "out.yaml")
		t.Setenv("BORDERGAP_O", out)
		r := want(t, 0, "framework", "export", "--db", demo)
		mustContain(t, "stdout", r.stdout, "id: ibm-default")
		if _, err := os.Stat(out); err == nil {
			t.Errorf("BORDERGAP_O=%s: file written", out)
		}
	})
}
