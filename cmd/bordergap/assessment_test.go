package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// pillarCodes are the pillars of the default framework, in order.
var pillarCodes = []string{"GOV", "RSK", "BCP", "TRV", "SUR", "NAC", "INT", "ILF", "HRD", "RIG"}

// gapLines returns the rows of the "Top gaps" table of a scorecard.
func gapLines(scorecard string) []string {
	_, after, ok := strings.Cut(scorecard, "\nTop gaps (")
	if !ok {
		return nil
	}
	var out []string
	for i, line := range strings.Split(after, "\n") {
		if i < 2 { // the title line and the column header
			continue
		}
		if line == "" {
			break
		}
		out = append(out, line)
	}
	return out
}

// listRow is a row of 'assessment list'.
type listRow struct{ id, state, round string }

func assessmentRows(t *testing.T, db string) []listRow {
	t.Helper()
	var out []listRow
	for _, f := range rows(want(t, 0, "assessment", "list", "--db", db).stdout) {
		out = append(out, listRow{f[0], f[1], f[2]})
	}
	return out
}

func TestDemo(t *testing.T) {
	db := newDB(t)
	r := want(t, 0, "demo", "--db", db)
	mustContain(t, "demo", r.stdout,
		"created assessment 1: Republic of Meridia — IBM gaps and needs assessment 2024 (baseline) (round 1, published,",
		"created assessment 2: Republic of Meridia — IBM gaps and needs assessment 2026 (follow-up) (round 2, in review,",
		"created assessment 3: Valdoria — Border security and management assessment 2026 (round 1, validated,",
		"Demo users (fictional):",
		"helene.marchetti@example.org", "Hélène Marchetti, lead assessor (XAA)",
		"rafael.quintero@example.org", "Rafael Quintero, lead assessor (XAB)",
		"lucia.ferrer@example.org", "Lucía Ferrer, reviewer (XAB)",
		"admin@example.org", "Demo Administrator, admin",
		"focal.point@moi.xaa.example", "amal.rahimi@donor.example",
		"Next: bordergap scorecard <ID>",
	)
	if got := strings.Count(r.stdout, "created assessment "); got != 3 {
		t.Errorf("demo: got %d 'created assessment' lines, want 3", got)
	}
	// Every address is fictional: example.org, or a .example domain.
	for _, m := range regexp.MustCompile(`\S+@\S+`).FindAllString(r.stdout, -1) {
		if !strings.HasSuffix(m, "@example.org") && !strings.HasSuffix(m, ".example") {
			t.Errorf("demo prints a login on a real-looking domain: %s", m)
		}
	}

	t.Run("again", func(t *testing.T) {
		r := want(t, 0, "demo", "--db", db)
		if got, w := r.stdout, "The demo is already in "+db+" (assessments of XAA exist). Use --force to add it again.\n"; got != w {
			t.Errorf("demo again: got %q, want %q", got, w)
		}
		if got := len(assessmentRows(t, db)); got != 3 {
			t.Errorf("assessment list after demo twice: got %d rows, want 3", got)
		}
	})
	t.Run("again with --force", func(t *testing.T) {
		r := want(t, 0, "demo", "--force", "--db", db)
		mustContain(t, "demo --force", r.stdout, "created assessment 4:", "created assessment 6:")
		if got := len(assessmentRows(t, db)); got != 6 {
			t.Errorf("assessment list after demo --force: got %d rows, want 6", got)
		}
	})
}

func TestAssessmentListEmpty(t *testing.T) {
	r := want(t, 0, "assessment", "list", "--db", newDB(t))
	if got, w := r.stdout, "No assessments yet. Run 'bordergap demo' to create the demo states, or import a portable file.\n"; got != w {
		t.Errorf("got %q, want %q", got, w)
	}
}

func TestAssessmentList(t *testing.T) {
	db := sharedDemoDB(t)
	r := want(t, 0, "assessment", "list", "--db", db)
	if h := strings.Fields(strings.SplitN(r.stdout, "\n", 2)[0]); !slices.Equal(h, []string{"ID", "STATE", "ROUND", "STATUS", "FRAMEWORK", "LEAD", "TITLE"}) {
		t.Errorf("header: got %q", h)
	}
	got := assessmentRows(t, db)
	w := []listRow{{"3", "XAB", "1"}, {"2", "XAA", "2"}, {"1", "XAA", "1"}}
	if !reflect.DeepEqual(got, w) {
		t.Errorf("assessment list (id, state, round), newest first:\ngot  %v\nwant %v", got, w)
	}
	mustContain(t, "assessment list", r.stdout, "in review", "published", "validated", "ibm-default@0.1.0", "Hélène Marchetti", "Rafael Quintero")
}

func TestAssessmentShow(t *testing.T) {
	db := sharedDemoDB(t)
	t.Run("2", func(t *testing.T) {
		r := want(t, 0, "assessment", "show", "2", "--db", db)
		mustContain(t, "show 2", r.stdout,
			"IBM gaps and needs assessment 2026 (follow-up)\nRepublic of Meridia (XAA) · round 2 · in review\n",
			"Framework: ibm-default 0.1.0 — ",
			"Follows up assessment 1\n",
			"Scope: air, sea, land, rail\n",
			"Border crossing points: air 3, sea 4, land 11, rail 2\n",
			"Pillars marked critical by the risk profile (threat factor 1.5): TRV, SUR\n",
			"\nTeam:\n",
			"  lead      Hélène Marchetti <helene.marchetti@example.org>\n",
			"  assessor  Tomasz Wren <tomasz.wren@example.org>\n",
			"  assessor  Adaeze Okafor <adaeze.okafor@example.org>\n",
			"  reviewer  Ingrid Salo <ingrid.salo@example.org>\n",
			"\nAgency mapping:\n",
			"\nProgress (indicators scored by each assessor, of those applicable):\n",
			"112 of 112 applicable indicators scored;",
		)
		mapping := section(r.stdout, "Agency mapping:")
		if !regexp.MustCompile(`(?m)^  MOJ +Ministry of Justice; Prosecutor General's Office$`).MatchString(mapping) {
			t.Errorf("agency mapping: no MOJ line with both agencies:\n%s", mapping)
		}
		progress := section(r.stdout, "Progress (indicators scored by each assessor, of those applicable):")
		header := strings.Fields(strings.SplitN(progress, "\n", 2)[0])
		if w := []string{"Pillar", "Hélène", "Tomasz", "Adaeze", "Consensus"}; !slices.Equal(header, w) {
			t.Errorf("progress header: got %q, want %q", header, w)
		}
		for _, code := range pillarCodes {
			if !regexp.MustCompile(`(?m)^ +` + code + `( +\d+/\d+){4}$`).MatchString(progress) {
				t.Errorf("progress: no row for %s with four counts:\n%s", code, progress)
			}
		}
	})
	t.Run("3 has unmapped agencies", func(t *testing.T) {
		r := want(t, 0, "assessment", "show", "3", "--db", db)
		mustContain(t, "show 3", r.stdout, "Valdoria (XAB) · round 1 · validated", "Scope: air, land, rail\n")
		if strings.Contains(r.stdout, "Follows up") {
			t.Errorf("show 3: a first round mentions a baseline:\n%s", r.stdout)
		}
		mapping := section(r.stdout, "Agency mapping:")
		for _, line := range []string{`  BG +Valdorian Border Guard`, `  IMM +— not mapped`, `  PIU +— not mapped`, `  CG +— not mapped`, `  MAR +— not mapped`} {
			if !regexp.MustCompile(`(?m)^` + line + `$`).MatchString(mapping) {
				t.Errorf("agency mapping: no line matching %q:\n%s", line, mapping)
			}
		}
	})
	t.Run("not found", func(t *testing.T) {
		r := want(t, 1, "assessment", "show", "999", "--db", db)
		if got, w := r.stderr, "bordergap: assessment 999 not found\n"; got != w {
			t.Errorf("stderr: got %q, want %q", got, w)
		}
	})
}

// section returns the lines after title up to the next blank line.
func section(out, title string) string {
	_, after, ok := strings.Cut(out, title+"\n")
	if !ok {
		return ""
	}
	s, _, _ := strings.Cut(after, "\n\n")
	return s
}

func TestAssessmentShowProgressCountsOnlyApplicable(t *testing.T) {
	db := sharedDemoDB(t)
	progress := section(want(t, 0, "assessment", "show", "3", "--db", db).stdout,
		"Progress (indicators scored by each assessor, of those applicable):")
	for _, m := range regexp.MustCompile(`(\d+)/(\d+)`).FindAllStringSubmatch(progress, -1) {
		if len(m[1]) > len(m[2]) || (len(m[1]) == len(m[2]) && m[1] > m[2]) {
			t.Errorf("progress: %s scored of %s applicable", m[1], m[2])
		}
	}
}

func TestScorecard(t *testing.T) {
	db := sharedDemoDB(t)
	r := want(t, 0, "scorecard", "2", "--db", db)
	out := r.stdout
	mustContain(t, "scorecard 2", out,
		"IBM gaps and needs assessment 2026 (follow-up) — Republic of Meridia (XAA)\n",
		"Framework ibm-default 0.1.0 · round 2 · in review · 112 of 112 applicable indicators scored\n",
		"National index",
		"* pillar marked critical by the risk profile: gaps weigh 1.5 times",
		"\nTop gaps (",
		"\nUnmet binding obligations (weight-3 indicators at level 0 or 1): ",
		"with a spread of 2 or more between assessors.",
	)
	for _, code := range pillarCodes {
		if !regexp.MustCompile(`(?m)^` + code + `( \*)? +\S`).MatchString(out) {
			t.Errorf("scorecard 2: no row for pillar %s", code)
		}
	}
	for _, code := range []string{"TRV", "SUR"} {
		if !regexp.MustCompile(`(?m)^` + code + ` \* `).MatchString(out) {
			t.Errorf("scorecard 2: critical pillar %s not starred", code)
		}
	}
	if got := len(gapLines(out)); got != 10 {
		t.Errorf("scorecard 2: got %d gap lines, want the default 10", got)
	}
	if !regexp.MustCompile(`(?m)^ +National index +\d\.\d\d +\d+%`).MatchString(out) {
		t.Errorf("scorecard 2: national index line has no score and percentage:\n%s", out)
	}
	t.Run("--top 0 lists every gap", func(t *testing.T) {
		out := want(t, 0, "scorecard", "2", "--top", "0", "--db", db).stdout
		m := regexp.MustCompile(`Top gaps \((\d+) indicators below target`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no gap count in:\n%s", out)
		}
		if got := len(gapLines(out)); m[1] != strconv.Itoa(got) {
			t.Errorf("--top 0: %d gap lines, but the title says %s", got, m[1])
		}
	})
	t.Run("not found", func(t *testing.T) {
		r := want(t, 1, "scorecard", "999", "--db", db)
		if got, w := r.stderr, "bordergap: assessment 999 not found\n"; got != w {
			t.Errorf("stderr: got %q, want %q", got, w)
		}
		if r.stdout != "" {
			t.Errorf("stdout: got %q, want nothing", r.stdout)
		}
	})
}

// TestScorecardGolden pins the whole scorecard of the demo follow-up round.
// The demo is deterministic, so any change to the analysis, the default
// framework, the demo generator or the layout shows up here. Run
// 'go test ./cmd/bordergap -run TestScorecardGolden -update' after a change
// that is meant.
func TestScorecardGolden(t *testing.T) {
	db := sharedDemoDB(t)
	got := want(t, 0, "scorecard", "2", "--db", db).stdout
	golden := filepath.Join("testdata", "scorecard-2.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(w) {
		t.Errorf("scorecard 2 differs from %s (run with -update if the change is meant)\ngot:\n%s\nwant:\n%s", golden, got, w)
	}
}

// exportJSON exports assessment id to a file and returns the file's path
// and its decoded content without exported_at.
func exportJSON(t *testing.T, db, id string) (string, map[string]any) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "assessment-"+id+".json")
	r := want(t, 0, "assessment", "export", id, "-o", file, "--db", db)
	mustContain(t, "stderr", r.stderr, "wrote "+file)
	return file, readPortable(t, file)
}

func readPortable(t *testing.T, file string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s is not JSON: %v", file, err)
	}
	if _, ok := m["exported_at"]; !ok {
		t.Errorf("%s has no exported_at", file)
	}
	delete(m, "exported_at")
	return m
}

func TestAssessmentExportImportRoundTrip(t *testing.T) {
	db := demoDB(t)
	file, exported2 := exportJSON(t, db, "2")
	if got := exported2["format"]; got != "bordergap-assessment" {
		t.Errorf("format: got %v, want bordergap-assessment", got)
	}

	// The same export on standard output.
	var stdout2 map[string]any
	if err := json.Unmarshal([]byte(want(t, 0, "assessment", "export", "2", "--db", db).stdout), &stdout2); err != nil {
		t.Fatalf("export to standard output is not JSON: %v", err)
	}
	delete(stdout2, "exported_at")
	if !reflect.DeepEqual(stdout2, exported2) {
		t.Errorf("export to standard output differs from export -o FILE")
	}

	r := want(t, 0, "assessment", "import", file, "--db", db)
	if !regexp.MustCompile(`^imported .*assessment-2\.json as assessment 4: 336 responses, 14 consensus records, 4 team members\n$`).MatchString(r.stdout) {
		t.Errorf("import: got %q", r.stdout)
	}
	if got := len(assessmentRows(t, db)); got != 4 {
		t.Errorf("assessment list after import: got %d rows, want 4", got)
	}

	sc2 := want(t, 0, "scorecard", "2", "--db", db).stdout
	sc4 := want(t, 0, "scorecard", "4", "--db", db).stdout
	if sc4 != sc2 {
		t.Errorf("scorecard 4 (imported) differs from scorecard 2:\n--- 2:\n%s\n--- 4:\n%s", sc2, sc4)
	}

	_, exported4 := exportJSON(t, db, "4")
	if !reflect.DeepEqual(exported4, exported2) {
		a, _ := json.MarshalIndent(exported2, "", " ")
		b, _ := json.MarshalIndent(exported4, "", " ")
		t.Errorf("export of 4 differs from export of 2 beyond exported_at:\n%s", firstDiff(string(a), string(b)))
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < min(len(al), len(bl)); i++ {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n- " + al[i] + "\n+ " + bl[i]
		}
	}
	return "lengths differ: " + strconv.Itoa(len(al)) + " and " + strconv.Itoa(len(bl)) + " lines"
}

func TestAssessmentImportInvalid(t *testing.T) {
	db := demoDB(t)
	file, _ := exportJSON(t, db, "2")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	responses := m["responses"].([]any)
	responses[0].(map[string]any)["level"] = 9
	responses[5].(map[string]any)["indicator"] = "ZZZ.9.9"
	bad, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	badFile := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(badFile, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(dir, "garbage.json")
	if err := os.WriteFile(garbage, []byte("this is not JSON"), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		file   string
		stderr []string
	}{
		{"bad level and indicator", badFile, []string{
			"bordergap: the portable file cannot be imported\n",
			"  responses[0].level: 9: want 0 to 4, \"N/A\" or null\n",
			"  responses[5].indicator: unknown indicator \"ZZZ.9.9\" in framework ibm-default@0.1.0\n",
		}},
		{"not JSON", garbage, []string{"bordergap: "}},
		{"missing file", filepath.Join(dir, "missing.json"), []string{"missing.json", "no such file or directory"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := want(t, 1, "assessment", "import", tt.file, "--db", db)
			mustContain(t, "stderr", r.stderr, tt.stderr...)
			if r.stdout != "" {
				t.Errorf("stdout: got %q, want nothing", r.stdout)
			}
			if got := len(assessmentRows(t, db)); got != 3 {
				t.Errorf("assessment list after a refused import: got %d rows, want 3 (nothing written)", got)
			}
		})
	}
}
