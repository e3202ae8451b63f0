package reports

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"bordergap/assessment"
)

// The -update flag rewrites the golden files. Other test files of the
// package may define it too, so it is registered only if nobody has.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files in testdata/golden")
	}
}

func strategyUpdate() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

var strategyCases = []struct {
	name, fixture string
	edition       Edition
}{
	{"xaa-public", "xaa-followup.json", Public},
	{"xaa-restricted", "xaa-followup.json", Restricted},
	{"xab-public", "xab.json", Public},
	{"xab-restricted", "xab.json", Restricted},
}

func strategyPDF(t testing.TB, p *assessment.Plan, ed Edition) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteStrategyPDF(&buf, p, Options{Edition: ed, Generated: testGenerated}); err != nil {
		t.Fatalf("WriteStrategyPDF: %v", err)
	}
	return buf.Bytes()
}

// strategyTool finds an external checker; without it the test is skipped,
// except in CI where it must be installed.
func strategyTool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI: install poppler-utils and qpdf", name)
		}
		t.Skipf("%s is not installed: install poppler-utils (pdftotext) or qpdf to run this check", name)
	}
	return path
}

// strategyText extracts the text of a PDF with pdftotext. With layout it
// keeps the page layout (for golden files); without, it keeps the order of
// the content stream (-raw), in which every table cell and paragraph is
// contiguous, so that a sentence can be searched for after flattening.
func strategyText(t testing.TB, pdf []byte, layout bool) string {
	t.Helper()
	bin := strategyTool(t, "pdftotext")
	file := filepath.Join(t.TempDir(), "strategy.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"-enc", "UTF-8", "-raw"}
	if layout {
		args[2] = "-layout"
	}
	out, err := exec.Command(bin, append(args, file, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

var strategySpaces = regexp.MustCompile(`\s+`)

func strategyFlat(s string) string { return strategySpaces.ReplaceAllString(s, " ") }

func TestStrategyPDFGenerates(t *testing.T) {
	for _, c := range strategyCases {
		t.Run(c.name, func(t *testing.T) {
			out := strategyPDF(t, loadPlan(t, c.fixture), c.edition)
			if !bytes.HasPrefix(out, []byte("%PDF-")) || len(out) < 20000 {
				t.Fatalf("got %d bytes starting %q, want a PDF", len(out), out[:min(8, len(out))])
			}
			if dir := os.Getenv("BORDERGAP_STRATEGY_OUT"); dir != "" {
				if err := os.WriteFile(filepath.Join(dir, "strategy-"+c.name+".pdf"), out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func TestStrategyPDFReproducible(t *testing.T) {
	for _, c := range strategyCases {
		t.Run(c.name, func(t *testing.T) {
			p := loadPlan(t, c.fixture)
			a, b := strategyPDF(t, p, c.edition), strategyPDF(t, p, c.edition)
			if !bytes.Equal(a, b) {
				t.Fatalf("two runs differ (%d and %d bytes)", len(a), len(b))
			}
			if c2 := strategyPDF(t, loadPlan(t, c.fixture), c.edition); !bytes.Equal(a, c2) {
				t.Fatal("a freshly generated plan gives different bytes")
			}
		})
	}
}

func TestStrategyPDFNoPlan(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteStrategyPDF(&buf, nil, Options{}); err == nil {
		t.Fatal("got no error for a nil plan")
	}
	if err := WriteStrategyPDF(&buf, &assessment.Plan{}, Options{}); err == nil {
		t.Fatal("got no error for a plan without analysis")
	}
}

func TestStrategyPDFContent(t *testing.T) {
	headings := []string{
		"Foreword", "Contents", "Executive summary",
		"1. Introduction", "2. Context and situation analysis", "3. Assessment findings", "4. Strategic framework",
		"5. Implementation arrangements", "6. Monitoring, evaluation and reporting", "7. Financing", "8. Risk management",
		"Annex A — Action plan summary", "Annex B — Indicator matrix", "Annex C — Assessment scorecard", "Annex F — Glossary",
	}
	for _, c := range strategyCases {
		t.Run(c.name, func(t *testing.T) {
			p := loadPlan(t, c.fixture)
			a := p.Analysis.Assessment
			raw := strategyText(t, strategyPDF(t, p, c.edition), false)
			text := strategyFlat(raw)
			want := func(s string) {
				t.Helper()
				if !strings.Contains(text, strategyFlat(s)) {
					t.Errorf("text lacks %q", s)
				}
			}
			wantNot := func(s, why string) {
				t.Helper()
				if strings.Contains(text, strategyFlat(s)) {
					t.Errorf("text contains %q (%s)", s, why)
				}
			}
			for _, h := range headings {
				want(h)
			}
			want("National Integrated Border Management Strategy 2027–2031")
			want("Draft for the national working group")
			want("[to be adopted by")
			want("[Minister responsible for border management]")
			// The vision and mission are filled from the profile.
			want(a.StateName + " that are open to legitimate travellers and trade")
			want(a.Profile.CoordinationBody)
			if i := strings.IndexAny(raw, "{}"); i >= 0 {
				t.Errorf("a placeholder brace is left: %q", raw[max(0, i-60):min(len(raw), i+60)])
			}
			// Totals.
			tot := p.Totals()
			want(FormatMoney(tot.Total, ""))
			want(FormatMoney(tot.Gap, ""))
			want("indicative")
			// Unmapped role codes are flagged, never guessed.
			for _, code := range p.Unmapped {
				if code == "PIU" {
					want("Lead institution to be designated (role code PIU not mapped)")
				}
			}
			// Restricted material.
			var restricted []*assessment.PlanAction
			for _, pa := range p.Actions {
				if pa.Restricted {
					restricted = append(restricted, pa)
				}
			}
			if len(restricted) == 0 {
				t.Fatal("fixture has no restricted action; the edition checks would prove nothing")
			}
			if c.edition == Public {
				wantNot("Annex R", "the public edition has no restricted annex")
				want("further activities are set out in the restricted annex")
				for _, pa := range restricted {
					wantNot(pa.ID, "restricted action")
				}
				for _, r := range p.Analysis.Indicators {
					if !r.Indicator.Restricted {
						continue
					}
					for _, sc := range r.Scores {
						if note := strategyFlat(stFirstSentence(sc.Note)); len(note) >= 20 {
							wantNot(note, "evidence note of restricted indicator "+r.Indicator.ID)
						}
					}
					if c := strategyFlat(r.Comment); c != "" && !strings.HasPrefix(c, "Spread ") {
						wantNot(c, "consensus comment of restricted indicator "+r.Indicator.ID)
					}
				}
			} else {
				want("Annex R — Restricted annex")
				want("R.1 Restricted findings")
				for _, pa := range restricted {
					want(pa.ID)
				}
				for _, r := range p.Analysis.Indicators {
					if r.Indicator.Restricted && r.Scored() {
						if note := strategyFlat(stTeamNote(r)); note != "" {
							want(note)
						}
					}
				}
			}
		})
	}
}

// TestStrategyPDFFunding checks that committed funding moves money from the
// gap to the national and external columns.
func TestStrategyPDFFunding(t *testing.T) {
	p0 := loadPlan(t, "xaa-followup.json")
	nat, don := p0.Actions[0].ID, p0.Actions[1].ID
	p := loadPlan(t, "xaa-followup.json",
		assessment.Adjustment{ActionID: nat, FundingSource: assessment.NationalBudget, FundingStatus: assessment.FundingSecured},
		assessment.Adjustment{ActionID: don, FundingSource: "EU (IPA)", FundingStatus: assessment.FundingPledged})
	tot := p.Totals()
	if tot.National == 0 || tot.Donor == 0 {
		t.Fatalf("adjustments not applied: %+v", tot)
	}
	text := strategyFlat(strategyText(t, strategyPDF(t, p, Public), false))
	for _, s := range []string{
		"National budget (secured or pledged) " + FormatMoney(tot.National, ""),
		"External funding (secured or pledged) " + FormatMoney(tot.Donor, ""),
		"Funding gap (not yet committed) " + FormatMoney(tot.Gap, ""),
	} {
		if !strings.Contains(text, s) {
			t.Errorf("text lacks %q", s)
		}
	}
}

func TestStrategyPDFGolden(t *testing.T) {
	for _, c := range strategyCases {
		t.Run(c.name, func(t *testing.T) {
			got := strategyText(t, strategyPDF(t, loadPlan(t, c.fixture), c.edition), true)
			file := filepath.Join("testdata", "golden", "strategy-"+c.name+".txt")
			if strategyUpdate() {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -run Strategy ./reports/ -update to create it)", err)
			}
			if got != string(want) {
				gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
				for i := 0; i < min(len(gl), len(wl)); i++ {
					if gl[i] != wl[i] {
						t.Fatalf("%s differs at line %d:\n got: %q\nwant: %q\n(run with -update if the change is intended)", file, i+1, gl[i], wl[i])
					}
				}
				t.Fatalf("%s: got %d lines, want %d (run with -update if the change is intended)", file, len(gl), len(wl))
			}
		})
	}
}

func TestStrategyPDFQPDFCheck(t *testing.T) {
	bin := strategyTool(t, "qpdf")
	for _, c := range strategyCases {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "strategy.pdf")
			if err := os.WriteFile(file, strategyPDF(t, loadPlan(t, c.fixture), c.edition), 0o600); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(bin, "--check", file).CombinedOutput(); err != nil {
				t.Fatalf("qpdf --check: %v\n%s", err, out)
			}
		})
	}
}

func TestStrategyTextHelpers(t *testing.T) {
	tests := []struct{ name, got, want string }{
		{"article before Republic", stStateInText("Republic of Meridia"), "the Republic of Meridia"},
		{"no article before a plain name", stStateInText("Valdoria"), "Valdoria"},
		{"lower first word", assessment.LowerFirst("High-level IBM coordination body"), "high-level IBM coordination body"},
		{"keep acronym", assessment.LowerFirst("CT offences and FTF-related border powers"), "CT offences and FTF-related border powers"},
		{"keep INTERPOL", assessment.LowerFirst("INTERPOL databases at the border"), "INTERPOL databases at the border"},
		{"keep iAPI", assessment.LowerFirst("iAPI roll-out"), "iAPI roll-out"},
		{"first sentence", stFirstSentence("No decree. Meetings ad hoc."), "No decree."},
		{"abbreviation Art.", stFirstSentence("Penal Code Art. 301 covers travel. Nothing else."), "Penal Code Art. 301 covers travel."},
		{"no full stop", stFirstSentence("Paper registers only"), "Paper registers only."},
		{"join three", assessment.JoinAnd([]string{"a", "b", "c"}), "a, b and c"},
		{"millions", stMillions(52950000, "USD"), "USD 52.95 million"},
		{"small amount", stMillions(50000, "USD"), "USD 50,000"},
		{"thousands", stThousands(3605555.6), "3,606"},
		{"count", stCount(3), "three"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	if !stNaturalLess("OP2", "OP11") || stNaturalLess("OP11", "OP2") {
		t.Error("natural order: want OP2 before OP11")
	}
	if !stContainsTerm("uses API data", "API") || stContainsTerm("uses iAPI data", "API") || stContainsTerm("PNRGOV", "PNR") {
		t.Error("stContainsTerm must match whole words only")
	}
}

func BenchmarkStrategyPDF(b *testing.B) {
	p := loadPlan(b, "xaa-followup.json")
	o := Options{Edition: Restricted, Generated: testGenerated}
	var buf bytes.Buffer
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		buf.Reset()
		if err := WriteStrategyPDF(&buf, p, o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/doc")
}
