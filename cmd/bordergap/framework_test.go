package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// frameworkRow returns the fields of the framework list row for id.
func frameworkRow(t *testing.T, db, id string) []string {
	t.Helper()
	for _, f := range rows(want(t, 0, "framework", "list", "--db", db).stdout) {
		if f[0] == id {
			return f
		}
	}
	return nil
}

func TestFrameworkList(t *testing.T) {
	db := newDB(t)
	r := want(t, 0, "framework", "list", "--db", db)
	if h := strings.Fields(strings.SplitN(r.stdout, "\n", 2)[0]); !slices.Equal(h, []string{"ID", "VERSION", "PILLARS", "CAPACITIES", "INDICATORS", "ACTIONS", "SOURCE", "TITLE"}) {
		t.Errorf("header: got %q", h)
	}
	got := frameworkRow(t, db, "ibm-default")
	if len(got) < 8 || !slices.Equal(got[:8], []string{"ibm-default", "0.1.0", "10", "44", "112", "224", "built", "in"}) {
		t.Errorf("ibm-default row: got %q, want ibm-default 0.1.0 10 44 112 224 built in ...", got)
	}
}

func TestFrameworkExportValidate(t *testing.T) {
	db, dir := newDB(t), t.TempDir()
	file := filepath.Join(dir, "ibm-default.yaml")
	r := want(t, 0, "framework", "export", "-o", file, "--db", db)
	if r.stdout != "" {
		t.Errorf("export -o: stdout got %d bytes, want none", len(r.stdout))
	}
	mustContain(t, "stderr", r.stderr, "wrote "+file)
	written, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if got := want(t, 0, "framework", "export", "ibm-default@0.1.0", "--db", db).stdout; got != string(written) {
		t.Errorf("export ibm-default@0.1.0 to stdout differs from export -o FILE (%d vs %d bytes)", len(got), len(written))
	}
	if got := want(t, 0, "framework", "export", "ibm-default", "--format", "yaml", "--db", db).stdout; got != string(written) {
		t.Errorf("export ibm-default --format yaml differs from the default export")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("export -o left %d files in %s, want 1 (no temporary file)", len(entries), dir)
	}

	r = want(t, 0, "framework", "validate", file)
	if got, w := r.stdout, file+": ok — ibm-default 0.1.0, 10 pillars, 44 capacities, 112 indicators, 224 actions\n"; got != w {
		t.Errorf("validate: got %q, want %q", got, w)
	}
}

func TestFrameworkValidate(t *testing.T) {
	brokenErrors := []string{
		"bordergap: testdata/broken.yaml: 2 errors\n",
		"  testdata/broken.yaml:55: pillars[0].capacities[0].indicators[0].weight: 0: want 1, 2 or 3\n",
		`  testdata/broken.yaml:134: pillars[1].capacities[0].indicators[0].lead[0]: unknown role code "CUS"` + "\n",
	}
	t.Run("valid", func(t *testing.T) {
		r := want(t, 0, "framework", "validate", "testdata/tiny.yaml", "testdata/tiny-retitled.yaml")
		mustContain(t, "stdout", r.stdout,
			"testdata/tiny.yaml: ok — tiny 1.0.0, 2 pillars, 2 capacities, 3 indicators, 5 actions\n",
			"testdata/tiny-retitled.yaml: ok — tiny 1.0.0")
	})
	t.Run("broken", func(t *testing.T) {
		r := want(t, 1, "framework", "validate", "testdata/broken.yaml")
		if got, w := r.stdout, strings.Join(brokenErrors, ""); got != w {
			t.Errorf("stdout:\ngot:\n%s\nwant:\n%s", got, w)
		}
		if got, w := r.stderr, "bordergap: 1 of 1 files invalid\n"; got != w {
			t.Errorf("stderr: got %q, want %q", got, w)
		}
	})
	t.Run("every file is checked", func(t *testing.T) {
		r := want(t, 1, "framework", "validate", "testdata/broken.yaml", "testdata/tiny.yaml", "testdata/missing.yaml")
		mustContain(t, "stdout", r.stdout, brokenErrors...)
		mustContain(t, "stdout", r.stdout, "testdata/tiny.yaml: ok", "testdata/missing.yaml", "no such file or directory")
		mustContain(t, "stderr", r.stderr, "bordergap: 2 of 3 files invalid")
	})
	t.Run("not a framework", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "notes.yaml")
		if err := os.WriteFile(file, []byte("- just\n- a list\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		r := want(t, 1, "framework", "validate", file)
		mustContain(t, "stdout", r.stdout, "notes.yaml:1")
	})
}

func TestFrameworkExportJSON(t *testing.T) {
	db := newDB(t)
	r := want(t, 0, "framework", "export", "--format", "json", "--db", db)
	var f struct {
		ID      string `json:"id"`
		Version string `json:"version"`
		Pillars []struct {
			Code string `json:"code"`
		} `json:"pillars"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &f); err != nil {
		t.Fatalf("export --format json is not JSON: %v\n%.300s", err, r.stdout)
	}
	if f.ID != "ibm-default" || f.Version != "0.1.0" || len(f.Pillars) != 10 {
		t.Errorf("got %s %s with %d pillars, want ibm-default 0.1.0 with 10", f.ID, f.Version, len(f.Pillars))
	}
	var codes []string
	for _, p := range f.Pillars {
		codes = append(codes, p.Code)
	}
	if w := pillarCodes; !slices.Equal(codes, w) {
		t.Errorf("pillar codes: got %q, want %q", codes, w)
	}
}

func TestFrameworkExportErrors(t *testing.T) {
	db := newDB(t)
	t.Run("unknown format", func(t *testing.T) {
		r := want(t, 2, "framework", "export", "--format", "xml", "--db", db)
		mustContain(t, "stderr", r.stderr, `bordergap: --format "xml": want yaml or json`)
		if r.stdout != "" {
			t.Errorf("stdout: got %.80q, want nothing", r.stdout)
		}
	})
	t.Run("unknown format keeps the existing output file", func(t *testing.T) {
		dir := t.TempDir()
		out := filepath.Join(dir, "framework.xml")
		if err := os.WriteFile(out, []byte("keep me\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		want(t, 2, "framework", "export", "--format", "xml", "-o", out, "--db", db)
		if b, _ := os.ReadFile(out); string(b) != "keep me\n" {
			t.Errorf("%s: got %q, want it untouched", out, b)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("%s holds %d files, want 1 (no temporary file left)", dir, len(entries))
		}
	})
	t.Run("unknown framework", func(t *testing.T) {
		r := want(t, 1, "framework", "export", "xaa-nosuch", "--db", db)
		mustContain(t, "stderr", r.stderr, "xaa-nosuch")
	})
	t.Run("unknown version", func(t *testing.T) {
		r := want(t, 1, "framework", "export", "ibm-default@9.9.9", "--db", db)
		mustContain(t, "stderr", r.stderr, "ibm-default", "9.9.9")
	})
}

func TestOutputFileIsWrittenAtomically(t *testing.T) {
	db := sharedDemoDB(t)
	dir := t.TempDir()
	missing := filepath.Join(dir, "nodir")
	for _, args := range [][]string{
		{"framework", "export", "-o", filepath.Join(missing, "f.yaml")},
		{"assessment", "export", "2", "-o", filepath.Join(missing, "a.json")},
	} {
		t.Run(strings.Join(args[:2], " "), func(t *testing.T) {
			r := want(t, 1, append(args, "--db", db)...)
			mustContain(t, "stderr", r.stderr, "bordergap: cannot write "+args[len(args)-1]+":", "does not exist")
			if r.stdout != "" {
				t.Errorf("stdout: got %.80q, want nothing", r.stdout)
			}
			if _, err := os.Stat(missing); !os.IsNotExist(err) {
				t.Errorf("%s: got %v, want it not created", missing, err)
			}
		})
	}
	t.Run("failed export creates no file", func(t *testing.T) {
		out := filepath.Join(dir, "a999.json")
		want(t, 1, "assessment", "export", "999", "-o", out, "--db", db)
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%s: got %d entries, want none", dir, len(entries))
		}
	})
	t.Run("-o - is standard output", func(t *testing.T) {
		r := want(t, 0, "framework", "export", "-o", "-", "--db", db)
		mustContain(t, "stdout", r.stdout, "id: ibm-default")
	})
}

func TestOutputDirectoryMissingMessage(t *testing.T) {
	db := sharedDemoDB(t)
	out := filepath.Join(t.TempDir(), "nodir", "a.json")
	r := want(t, 1, "assessment", "export", "2", "-o", out, "--db", db)
	if strings.Contains(r.stderr, ".bordergap-") {
		t.Errorf("stderr names the temporary file: %q", r.stderr)
	}
}

func TestFrameworkInstall(t *testing.T) {
	db := newDB(t)
	if row := frameworkRow(t, db, "tiny"); row != nil {
		t.Fatalf("tiny listed before install: %q", row)
	}
	r := want(t, 0, "framework", "install", "testdata/tiny.yaml", "--db", db)
	if got, w := r.stdout, "installed tiny 1.0.0 (Tiny test framework)\n"; got != w {
		t.Errorf("install: got %q, want %q", got, w)
	}
	row := frameworkRow(t, db, "tiny")
	if len(row) < 7 || !slices.Equal(row[:7], []string{"tiny", "1.0.0", "2", "2", "3", "5", "installed"}) {
		t.Errorf("framework list row for tiny: got %q, want tiny 1.0.0 2 2 3 5 installed ...", row)
	}
	if row := frameworkRow(t, db, "ibm-default"); row == nil {
		t.Errorf("ibm-default no longer listed after installing tiny")
	}

	src, err := os.ReadFile("testdata/tiny.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := want(t, 0, "framework", "export", "tiny@1.0.0", "--db", db).stdout; got != string(src) {
		t.Errorf("export tiny@1.0.0 is not the installed file byte for byte")
	}
	if got := want(t, 0, "framework", "export", "tiny", "--db", db).stdout; got != string(src) {
		t.Errorf("export tiny (latest) is not the installed file")
	}

	t.Run("same file again", func(t *testing.T) {
		want(t, 0, "framework", "install", "testdata/tiny.yaml", "--db", db)
	})
	t.Run("same id and version, other content", func(t *testing.T) {
		r := want(t, 1, "framework", "install", "testdata/tiny-retitled.yaml", "--db", db)
		mustContain(t, "stderr", r.stderr, "framework tiny@1.0.0 is already installed with different content; give the new file another version")
		if got := want(t, 0, "framework", "export", "tiny", "--db", db).stdout; got != string(src) {
			t.Errorf("the installed tiny changed after a refused install")
		}
	})
	t.Run("built-in id and version", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "ibm-default.yaml")
		want(t, 0, "framework", "export", "-o", file, "--db", db)
		r := want(t, 1, "framework", "install", file, "--db", db)
		mustContain(t, "stderr", r.stderr, "framework ibm-default@0.1.0 is built in; give your file another id or version")
	})
	t.Run("invalid file", func(t *testing.T) {
		r := want(t, 1, "framework", "install", "testdata/broken.yaml", "--db", db)
		mustContain(t, "stderr", r.stderr, "broken.yaml:55:", "broken.yaml:134:")
		if row := frameworkRow(t, db, "tiny"); row == nil || row[6] != "installed" {
			t.Errorf("tiny row after a refused install: %q", row)
		}
	})
	t.Run("missing file", func(t *testing.T) {
		r := want(t, 1, "framework", "install", "testdata/missing.yaml", "--db", db)
		mustContain(t, "stderr", r.stderr, "testdata/missing.yaml", "no such file or directory")
	})
	// An installed framework can be listed from a fresh process: it is
	// read back from the database, not kept in memory.
	if got := len(rows(want(t, 0, "framework", "list", "--db", db).stdout)); got != 2 {
		t.Errorf("framework list: got %d rows, want 2 (ibm-default, tiny)", got)
	}
}
