package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlanCommand(t *testing.T) {
	db := sharedDemoDB(t)
	r := want(t, 0, "plan", "2", "--db", db)
	mustContain(t, "plan 2", r.stdout, "Action plan 2027–2031 — Republic of Meridia (XAA)", "SO-TRV", "Cost by year", "First actions")
	r = want(t, 0, "plan", "3", "--db", db)
	mustContain(t, "plan 3", r.stdout, "Role codes not mapped to a national institution", "PIU")
	want(t, 2, "plan", "--db", db)
	want(t, 1, "plan", "99", "--db", db)
}

func TestPlanAdjustSurvivesAndIsLeadOnly(t *testing.T) {
	db := demoDB(t)
	// Pick the first action of the generated plan.
	out := want(t, 0, "plan", "2", "--db", db).stdout
	var action string
	for _, f := range strings.Fields(out) {
		if strings.HasPrefix(f, "AP-") {
			action = f
			break
		}
	}
	if action == "" {
		t.Fatalf("no action in plan output:\n%s", out)
	}
	r := want(t, 0, "plan", "adjust", "2", action, "--as", "helene.marchetti@example.org",
		"--funding-source", "State budget", "--funding-status", "secured", "--cost", "120000", "--db", db)
	mustContain(t, "adjust", r.stdout, "adjusted "+action+" (version 1)")
	after := want(t, 0, "plan", "2", "--db", db).stdout
	mustContain(t, "plan after adjustment", after, "national USD 120,000")
	// Only the lead may adjust; bad values are refused with the field named.
	r = want(t, 1, "plan", "adjust", "2", action, "--as", "tomasz.wren@example.org", "--cost", "1", "--db", db)
	mustContain(t, "stderr", r.stderr, "only the lead assessor")
	r = want(t, 1, "plan", "adjust", "2", action, "--as", "helene.marchetti@example.org", "--funding-status", "maybe", "--db", db)
	mustContain(t, "stderr", r.stderr, "funding_status")
	r = want(t, 1, "plan", "adjust", "2", action, "--as", "helene.marchetti@example.org", "--start", "2019-Q1", "--db", db)
	mustContain(t, "stderr", r.stderr, "--start")
	want(t, 2, "plan", "adjust", "2", action, "--db", db) // --as missing
	want(t, 1, "plan", "adjust", "2", "AP-NOPE-1.1-A1", "--as", "helene.marchetti@example.org", "--db", db)
}

func TestReportCommand(t *testing.T) {
	db := sharedDemoDB(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		args  []string
		magic string
	}{
		{[]string{"report", "assessment", "2", "--edition", "restricted"}, "%PDF-"},
		{[]string{"report", "strategy", "2"}, "%PDF-"},
		{[]string{"report", "action-plan", "2", "--format", "pdf"}, "%PDF-"},
		{[]string{"report", "action-plan", "2", "--format", "xlsx", "--edition", "restricted"}, "PK"},
	} {
		out := filepath.Join(dir, strings.Join(tc.args[1:3], "-")+"-"+tc.magic[:2]+".out")
		r := want(t, 0, append(tc.args, "--db", db, "-o", out)...)
		mustContain(t, "stderr", r.stderr, "wrote "+out)
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte(tc.magic)) {
			t.Errorf("%v: file starts %q, want %q", tc.args, b[:8], tc.magic)
		}
		if tc.magic == "PK" {
			if _, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err != nil {
				t.Errorf("xlsx is not a zip: %v", err)
			}
		}
	}
	// From a portable file, without a database.
	exp := filepath.Join(dir, "xab.json")
	want(t, 0, "assessment", "export", "3", "-o", exp, "--db", db)
	nodb := filepath.Join(dir, "none.db")
	out := filepath.Join(dir, "xab-strategy.pdf")
	want(t, 0, "report", "strategy", "--file", exp, "-o", out, "--db", nodb)
	if _, err := os.Stat(nodb); err == nil {
		t.Errorf("report --file opened a database")
	}
	// Default output name in the current folder.
	t.Chdir(dir)
	want(t, 0, "report", "assessment", "1", "--db", db)
	if _, err := os.Stat(filepath.Join(dir, "XAA-round1-assessment-public.pdf")); err != nil {
		t.Errorf("default output name: %v", err)
	}
	// Usage errors.
	for _, args := range [][]string{
		{"report"}, {"report", "memo", "2"}, {"report", "strategy"}, {"report", "strategy", "x"},
		{"report", "assessment", "2", "--format", "xlsx"}, {"report", "strategy", "2", "--edition", "secret"},
		{"report", "strategy", "2", "--file", exp},
	} {
		want(t, 2, append(args, "--db", db)...)
	}
}
