package reports

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
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

func ptUpdate() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

var ptCases = []struct {
	name, fixture string
	edition       Edition
}{
	{"xaa-public", "xaa-followup.json", Public},
	{"xaa-restricted", "xaa-followup.json", Restricted},
	{"xab-public", "xab.json", Public},
}

// ptAssessment and ptActionPlan render a fixture; the PDFs are cached, as
// several tests read the same documents.
var ptCache = map[string][]byte{}

func ptAssessment(t testing.TB, fixture string, ed Edition) []byte {
	t.Helper()
	key := "assessment/" + fixture + "/" + string(ed)
	if b, ok := ptCache[key]; ok {
		return b
	}
	var buf bytes.Buffer
	if err := WriteAssessmentPDF(&buf, loadFixture(t, fixture), Options{Edition: ed, Generated: testGenerated}); err != nil {
		t.Fatalf("WriteAssessmentPDF: %v", err)
	}
	ptCache[key] = buf.Bytes()
	return buf.Bytes()
}

func ptActionPlan(t testing.TB, fixture string, ed Edition) []byte {
	t.Helper()
	key := "actionplan/" + fixture + "/" + string(ed)
	if b, ok := ptCache[key]; ok {
		return b
	}
	var buf bytes.Buffer
	if err := WriteActionPlanPDF(&buf, loadPlan(t, fixture), Options{Edition: ed, Generated: testGenerated}); err != nil {
		t.Fatalf("WriteActionPlanPDF: %v", err)
	}
	ptCache[key] = buf.Bytes()
	return buf.Bytes()
}

// ptTool finds an external checker; without it the test is skipped, except
// in CI where it must be installed.
func ptTool(t testing.TB, name string) string {
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

// ptText extracts the text of a PDF with pdftotext; layout keeps the page
// layout (for golden files). Pages are separated by form feeds.
func ptText(t testing.TB, pdf []byte, layout bool) string {
	t.Helper()
	bin := ptTool(t, "pdftotext")
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"-enc", "UTF-8"}
	if layout {
		args = append(args, "-layout")
	}
	out, err := exec.Command(bin, append(args, file, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// ptFlat collapses all runs of white space, so that wrapped lines compare
// with the text they came from.
func ptFlat(s string) string { return strings.Join(strings.Fields(s), " ") }

func ptGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".txt")
	if ptUpdate() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -run %s -update to create it)", err, t.Name())
	}
	if got == string(want) {
		return
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(gl), len(wl)); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("%s differs from the golden file at line %d:\n got: %q\nwant: %q\n(run with -update if the change is intended)", path, i+1, g, w)
		}
	}
}

func TestAssessmentPDFGolden(t *testing.T) {
	for _, c := range ptCases {
		t.Run(c.name, func(t *testing.T) {
			ptGolden(t, "assessment-"+c.name, ptText(t, ptAssessment(t, c.fixture, c.edition), true))
		})
	}
}

func TestActionPlanPDFGolden(t *testing.T) {
	for _, c := range ptCases {
		t.Run(c.name, func(t *testing.T) {
			ptGolden(t, "actionplan-"+c.name, ptText(t, ptActionPlan(t, c.fixture, c.edition), true))
		})
	}
}

// TestPDFReproducible: the same input and generation time give the same
// bytes; another generation time gives other bytes.
func TestPDFReproducible(t *testing.T) {
	for _, ed := range []Edition{Public, Restricted} {
		t.Run("assessment-"+string(ed), func(t *testing.T) {
			an := loadFixture(t, "xaa-followup.json")
			var a, b, c bytes.Buffer
			o := Options{Edition: ed, Generated: testGenerated}
			for _, buf := range []*bytes.Buffer{&a, &b} {
				if err := WriteAssessmentPDF(buf, an, o); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatal("two renderings of the same assessment differ")
			}
			o.Generated = testGenerated.AddDate(0, 0, 1)
			if err := WriteAssessmentPDF(&c, an, o); err != nil {
				t.Fatal(err)
			}
			if bytes.Equal(a.Bytes(), c.Bytes()) {
				t.Fatal("the generation time does not reach the document")
			}
		})
		t.Run("actionplan-"+string(ed), func(t *testing.T) {
			p := loadPlan(t, "xaa-followup.json")
			var a, b bytes.Buffer
			o := Options{Edition: ed, Generated: testGenerated}
			for _, buf := range []*bytes.Buffer{&a, &b} {
				if err := WriteActionPlanPDF(buf, p, o); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatal("two renderings of the same plan differ")
			}
		})
	}
}

// ptRestrictedNotes returns the evidence notes, comments and sources of
// restricted indicators that no public indicator shares (only those can
// be looked for in the public text).
func ptRestrictedNotes(an *assessment.Analysis) []string {
	public := map[string]bool{}
	for _, ir := range an.Indicators {
		if ir.Indicator.Restricted {
			continue
		}
		public[ptFlat(ir.Comment)] = true
		for _, s := range ir.Scores {
			public[ptFlat(s.Note)] = true
			for _, src := range s.Sources {
				public[ptFlat(src)] = true
			}
		}
	}
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		s = ptFlat(s)
		if len(s) < 25 || public[s] || seen[s] {
			return
		}
		seen[s] = true
		out = append(out, s)
	}
	for _, ir := range an.Indicators {
		if !ir.Indicator.Restricted {
			continue
		}
		add(ir.Comment)
		for _, s := range ir.Scores {
			add(s.Note)
			for _, src := range s.Sources {
				add(src)
			}
		}
	}
	return out
}

func TestAssessmentPDFRestrictedEvidence(t *testing.T) {
	for _, fixture := range []string{"xaa-followup.json", "xab.json"} {
		t.Run(fixture, func(t *testing.T) {
			an := loadFixture(t, fixture)
			secret := ptRestrictedNotes(an)
			if len(secret) < 20 {
				t.Fatalf("fixture has only %d restricted notes: the test would prove little", len(secret))
			}
			pub := ptBody(ptText(t, ptAssessment(t, fixture, Public), false), an.Assessment, Public)
			res := ptBody(ptText(t, ptAssessment(t, fixture, Restricted), false), an.Assessment, Restricted)
			for _, s := range secret {
				if strings.Contains(pub, s) {
					t.Errorf("public edition contains restricted evidence: %q", s)
				}
				if !strings.Contains(res, s) {
					t.Errorf("restricted edition misses restricted evidence: %q", s)
				}
			}
			if !strings.Contains(pub, "Details in the restricted annex.") {
				t.Error("public edition does not say where the withheld details are")
			}
			// Levels and priorities of restricted indicators stay in the public edition.
			for _, ir := range an.Indicators {
				if ir.Indicator.Restricted && ir.Scored() && !strings.Contains(pub, ir.Indicator.ID+" "+ptFlat(ir.Indicator.Title)) {
					t.Errorf("public edition leaves out restricted indicator %s entirely", ir.Indicator.ID)
				}
			}
			if strings.Contains(pub, "RESTRICTED") {
				t.Error("public edition carries a RESTRICTED marking")
			}
		})
	}
}

// ptBody drops the running header and footer from extracted text and
// flattens it, so that a paragraph broken across pages reads as one.
func ptBody(text string, a *assessment.Assessment, ed Edition) string {
	furniture := regexp.MustCompile(`^(Page \d+ of \d+|bordergap · \d{4}-\d\d-\d\d \d\d:\d\d UTC)$`)
	var keep []string
	for _, line := range strings.Split(text, "\n") {
		l := strings.TrimSpace(line)
		l = strings.TrimPrefix(l, "\f")
		if furniture.MatchString(l) || l == ed.Marking() || l == ed.Short() || strings.HasPrefix(l, a.StateName+" — IBM assessment report") {
			continue
		}
		keep = append(keep, l)
	}
	return ptFlat(strings.Join(keep, "\n"))
}

func TestActionPlanPDFRestrictedActions(t *testing.T) {
	for _, fixture := range []string{"xaa-followup.json", "xab.json"} {
		t.Run(fixture, func(t *testing.T) {
			p := loadPlan(t, fixture)
			pub := ptText(t, ptActionPlan(t, fixture, Public), false)
			res := ptText(t, ptActionPlan(t, fixture, Restricted), false)
			hidden := 0
			var shown []*assessment.PlanAction
			for _, a := range p.Actions {
				re := regexp.MustCompile(`(^|[^\w.-])` + regexp.QuoteMeta(a.ID) + `($|[^\w.-])`)
				if !re.MatchString(res) {
					t.Errorf("restricted edition misses %s", a.ID)
				}
				if a.Restricted {
					hidden++
					if re.MatchString(pub) {
						t.Errorf("public edition names restricted activity %s", a.ID)
					}
					continue
				}
				shown = append(shown, a)
				if !re.MatchString(pub) {
					t.Errorf("public edition misses %s", a.ID)
				}
			}
			if hidden == 0 {
				t.Fatal("fixture has no restricted activity: the test would prove little")
			}
			if want := fmt.Sprintf("leaves out %d activities", hidden); !strings.Contains(ptFlat(pub), want) {
				t.Errorf("public edition does not say %q", want)
			}
			// The public totals are those of the activities it shows.
			visible := assessment.Plan{Analysis: p.Analysis, Costs: p.Costs, StartYear: p.StartYear, EndYear: p.EndYear, Actions: shown}
			if want := FormatMoney(visible.Totals().Total, p.Costs.Currency); !strings.Contains(pub, want) {
				t.Errorf("public edition does not show its total %s", want)
			}
			if want := FormatMoney(p.Totals().Total, p.Costs.Currency); !strings.Contains(res, want) {
				t.Errorf("restricted edition does not show the plan total %s", want)
			}
			if !strings.Contains(res, "RESTRICTED") || strings.Contains(pub, "RESTRICTED") {
				t.Error("restricted activities are not marked, or the public edition carries a RESTRICTED marking")
			}
		})
	}
}

// TestPDFUserTextVerbatim: notes, names and plan texts are plain text:
// markup and formula-like input come out as typed, and nothing active
// enters the file.
func TestPDFUserTextVerbatim(t *testing.T) {
	const script = `<script>alert("x")</script>`
	const formula = `=CMD()|'/c calc'!A0`
	an := loadFixture(t, "xaa-followup.json")
	var target *assessment.IndicatorResult
	for _, ir := range an.Indicators {
		if !ir.Indicator.Restricted && len(ir.Scores) > 0 {
			target = ir
			break
		}
	}
	target.Scores[0].Note = "Note with " + script + " and " + formula + " and an emoji 😀\tand a tab\x00."
	target.Comment = "Consensus " + formula
	an.Assessment.Team[1].Name = "<b>Eve</b> =1+1"
	checks := []string{script, formula, "Consensus " + formula, "<b>Eve</b> =1+1"}

	var buf bytes.Buffer
	if err := WriteAssessmentPDF(&buf, an, Options{Edition: Public, Generated: testGenerated}); err != nil {
		t.Fatal(err)
	}
	ptNoActiveContent(t, buf.Bytes())
	text := ptFlat(ptText(t, buf.Bytes(), false))
	for _, want := range checks {
		if !strings.Contains(text, want) {
			t.Errorf("assessment report: %q does not come out verbatim", want)
		}
	}

	first := loadPlan(t, "xaa-followup.json")
	var id string
	for _, a := range first.Actions {
		if !a.Restricted {
			id = a.ID
			break
		}
	}
	p := assessment.GeneratePlan(loadFixture(t, "xaa-followup.json"), []assessment.Adjustment{{
		ActionID: id, Text: "Activity " + script + " " + formula, Lead: "<i>Lead</i> =SUM(A1)", Note: "Note " + formula,
		FundingSource: "=HYPERLINK(\"http://x\")", FundingStatus: assessment.FundingPledged,
	}}, assessment.PlanOptions{StartYear: 2027})
	buf.Reset()
	if err := WriteActionPlanPDF(&buf, p, Options{Edition: Public, Generated: testGenerated}); err != nil {
		t.Fatal(err)
	}
	ptNoActiveContent(t, buf.Bytes())
	text = ptFlat(ptText(t, buf.Bytes(), false))
	for _, want := range []string{"Activity " + script + " " + formula, "<i>Lead</i> =SUM(A1)", "Note " + formula, `=HYPERLINK("http://x")`} {
		if !strings.Contains(text, want) {
			t.Errorf("action plan: %q does not come out verbatim", want)
		}
	}
}

// ptNoActiveContent fails if the PDF has scripts, launch actions or
// automatic actions.
func ptNoActiveContent(t *testing.T, pdf []byte) {
	t.Helper()
	for _, bad := range []string{"/JavaScript", "/JS", "/Launch", "/OpenAction", "/AA", "/URI", "/FileAttachment", "/Filespec", "/SubmitForm", "/RichMedia"} {
		if bytes.Contains(pdf, []byte(bad)) {
			t.Errorf("PDF contains %s", bad)
		}
	}
}

func TestPDFQPDFCheck(t *testing.T) {
	bin := ptTool(t, "qpdf")
	docs := map[string][]byte{
		"assessment-public":     ptAssessment(t, "xaa-followup.json", Public),
		"assessment-restricted": ptAssessment(t, "xaa-followup.json", Restricted),
		"actionplan-public":     ptActionPlan(t, "xaa-followup.json", Public),
		"actionplan-restricted": ptActionPlan(t, "xaa-followup.json", Restricted),
	}
	for _, name := range []string{"assessment-public", "assessment-restricted", "actionplan-public", "actionplan-restricted"} {
		file := filepath.Join(t.TempDir(), name+".pdf")
		if err := os.WriteFile(file, docs[name], 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(bin, "--check", file).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check %s: %v\n%s", name, err, out)
		}
	}
}

// TestPDFPageFurniture: every page carries its page number and the
// edition marking; the contents page sends each heading to its page.
func TestPDFPageFurniture(t *testing.T) {
	docs := []struct {
		name string
		pdf  []byte
		ed   Edition
	}{
		{"assessment-public", ptAssessment(t, "xaa-followup.json", Public), Public},
		{"assessment-restricted", ptAssessment(t, "xaa-followup.json", Restricted), Restricted},
		{"actionplan-public", ptActionPlan(t, "xaa-followup.json", Public), Public},
		{"actionplan-restricted", ptActionPlan(t, "xaa-followup.json", Restricted), Restricted},
	}
	tocLine := regexp.MustCompile(`^\s*((?:\d+(?:\.\d+)?|Annex [A-Z]|[A-Z]\.\d+)\s.*?)\s{2,}(\d+)\s*$`)
	for _, doc := range docs {
		t.Run(doc.name, func(t *testing.T) {
			pages := strings.Split(strings.TrimRight(ptText(t, doc.pdf, true), "\f"), "\f")
			for i, pg := range pages {
				if !strings.Contains(pg, fmt.Sprintf("Page %d of %d", i+1, len(pages))) {
					t.Errorf("page %d has no page number of %d", i+1, len(pages))
				}
				if !strings.Contains(pg, doc.ed.Short()) {
					t.Errorf("page %d lacks the %s marking", i+1, doc.ed.Short())
				}
			}
			entries := 0
			for _, line := range strings.Split(pages[1], "\n") {
				m := tocLine.FindStringSubmatch(line)
				if m == nil {
					continue
				}
				entries++
				n, _ := strconv.Atoi(m[2])
				if n < 1 || n > len(pages) {
					t.Errorf("contents: %q points to page %d of %d", m[1], n, len(pages))
					continue
				}
				if title := ptFlat(m[1]); !strings.Contains(ptFlat(pages[n-1]), title) {
					t.Errorf("contents: %q is not on page %d", title, n)
				}
			}
			if entries < 5 {
				t.Errorf("contents page lists %d entries", entries)
			}
		})
	}
}

// TestAssessmentPDFFigures checks the computed figures against the analysis.
func TestAssessmentPDFFigures(t *testing.T) {
	an := loadFixture(t, "xaa-followup.json")
	text := ptFlat(ptText(t, ptAssessment(t, "xaa-followup.json", Restricted), false))
	high := 0
	for _, g := range an.Gaps() {
		if g.Priority == assessment.PriorityHigh {
			high++
		}
	}
	for _, want := range []string{
		fmt.Sprintf("%.2f / 4", an.National.Value),
		fmt.Sprintf("Of the %d applicable indicators, %d are below target: %d High", an.Applicable, len(an.Gaps()), high),
		"Strongest pillars", "Weakest pillars", "Key messages",
		"Main international airport", "INTERPOL NCB Calderan",
		"Annex A Indicator scores and assessor notes",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("assessment report lacks %q", want)
		}
	}
	for _, ir := range an.BindingUnmet() {
		for _, ref := range ir.Indicator.References {
			if ref.Binding && !strings.Contains(text, an.Framework.Cite(ref)) {
				t.Errorf("binding reference %s of %s is not cited", an.Framework.Cite(ref), ir.Indicator.ID)
			}
		}
	}
}

// TestPDFEmptyInputs: nothing to report is an error; an assessment with no
// scores and a plan with no actions still give valid documents.
func TestPDFEmptyInputs(t *testing.T) {
	if err := WriteAssessmentPDF(io.Discard, nil, Options{}); err == nil {
		t.Error("WriteAssessmentPDF(nil): want an error")
	}
	if err := WriteActionPlanPDF(io.Discard, nil, Options{}); err == nil {
		t.Error("WriteActionPlanPDF(nil): want an error")
	}
	full := loadFixture(t, "xab.json")
	a := *full.Assessment
	a.Team = nil
	a.StartedOn = ""
	empty := assessment.Analyse(full.Framework, &a, nil, nil)
	var buf bytes.Buffer
	if err := WriteAssessmentPDF(&buf, empty, Options{Edition: Public, Generated: testGenerated}); err != nil {
		t.Fatalf("unscored assessment: %v", err)
	}
	ptValidPDF(t, buf.Bytes())
	buf.Reset()
	plan := assessment.GeneratePlan(empty, nil, assessment.PlanOptions{StartYear: 2027})
	if len(plan.Actions) != 0 {
		t.Fatalf("an unscored assessment gave %d actions", len(plan.Actions))
	}
	if err := WriteActionPlanPDF(&buf, plan, Options{Edition: Public, Generated: testGenerated}); err != nil {
		t.Fatalf("empty plan: %v", err)
	}
	ptValidPDF(t, buf.Bytes())
}

func ptValidPDF(t *testing.T, pdf []byte) {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf[max(0, len(pdf)-32):], []byte("%%EOF")) {
		t.Fatalf("not a complete PDF (%d bytes)", len(pdf))
	}
	if bin, err := exec.LookPath("qpdf"); err == nil {
		file := filepath.Join(t.TempDir(), "doc.pdf")
		if err := os.WriteFile(file, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(bin, "--check", file).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check: %v\n%s", err, out)
		}
	}
}

func BenchmarkAssessmentPDF(b *testing.B) {
	an := loadFixture(b, "xaa-followup.json")
	o := Options{Edition: Restricted, Generated: testGenerated}
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteAssessmentPDF(io.Discard, an, o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkActionPlanPDF(b *testing.B) {
	p := loadPlan(b, "xaa-followup.json")
	o := Options{Edition: Restricted, Generated: testGenerated}
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteActionPlanPDF(io.Discard, p, o); err != nil {
			b.Fatal(err)
		}
	}
}
