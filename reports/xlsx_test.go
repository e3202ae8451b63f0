package reports

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"bordergap/assessment"
)

var xlsxFixtures = []string{"xaa-followup.json", "xab.json"}

// xlsxBytes writes the action-plan workbook of a plan.
func xlsxBytes(t testing.TB, p *assessment.Plan, e Edition) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteActionPlanXLSX(&buf, p, Options{Edition: e, Generated: testGenerated}); err != nil {
		t.Fatalf("WriteActionPlanXLSX(%s): %v", e, err)
	}
	return buf.Bytes()
}

// xlsxOpen writes the workbook and reads it back.
func xlsxOpen(t testing.TB, p *assessment.Plan, e Edition) (*excelize.File, []byte) {
	t.Helper()
	data := xlsxBytes(t, p, e)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("OpenReader: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f, data
}

// xlsxAdjusted is the XAA plan with funding decided for a few actions (one
// of them restricted), one action cancelled, and a lead assessor's text and
// note that look like formulas.
func xlsxAdjusted(t testing.TB) *assessment.Plan {
	t.Helper()
	base := loadPlan(t, "xaa-followup.json")
	var restricted string
	for _, pa := range base.Actions {
		if pa.Restricted {
			restricted = pa.ID
			break
		}
	}
	if restricted == "" {
		t.Fatal("the XAA plan has no restricted action")
	}
	return loadPlan(t, "xaa-followup.json",
		assessment.Adjustment{ActionID: "AP-GOV-2.1-A1", Text: `=HYPERLINK("http://x","y")`, Note: "@SUM(1)"},
		assessment.Adjustment{ActionID: "AP-GOV-3.2-A1", FundingSource: "State budget", FundingStatus: assessment.FundingSecured},
		assessment.Adjustment{ActionID: "AP-GOV-2.1-A2", FundingSource: "UNOCT CT Travel Programme", FundingStatus: assessment.FundingPledged},
		assessment.Adjustment{ActionID: "AP-GOV-3.2-A2", Status: assessment.StatusCancelled},
		assessment.Adjustment{ActionID: restricted, FundingSource: "State budget", FundingStatus: assessment.FundingPledged},
	)
}

// xlsxRowOf returns the Action plan row of an action id, or 0.
func xlsxRowOf(t testing.TB, f *excelize.File, id string) int {
	t.Helper()
	cols, err := f.GetCols(SheetActionPlan)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range cols[0] {
		if v == id {
			return i + 1
		}
	}
	return 0
}

func xlsxValue(t testing.TB, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	return v
}

func xlsxCalc(t testing.TB, f *excelize.File, sheet, cell string) float64 {
	t.Helper()
	v, err := f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("CalcCellValue(%s!%s): %v", sheet, cell, err)
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatalf("CalcCellValue(%s!%s) = %q, not a number", sheet, cell, v)
	}
	return x
}

// xlsxName returns the sheet and cell a workbook-level defined name refers to.
func xlsxName(t testing.TB, f *excelize.File, name string) (string, string) {
	t.Helper()
	for _, dn := range f.GetDefinedName() {
		if dn.Name == name && dn.Scope == "Workbook" {
			sheet, cell, ok := strings.Cut(dn.RefersTo, "!")
			if !ok {
				t.Fatalf("defined name %s refers to %q", name, dn.RefersTo)
			}
			return strings.ReplaceAll(strings.Trim(sheet, "'"), "''", "'"), strings.ReplaceAll(cell, "$", "")
		}
	}
	t.Fatalf("no defined name %s", name)
	return "", ""
}

func xlsxNear(got, want float64) bool { return math.Abs(got-want) <= 0.01+1e-9*math.Abs(want) }

var xlsxSheetNames = []string{SheetActionPlan, SheetIndicators, SheetBudget, SheetCostByYear, SheetGantt,
	SheetRisks, SheetScorecard, SheetReferences, SheetAgencies, SheetLists}

func TestActionPlanXLSXStructure(t *testing.T) {
	t.Parallel()
	for _, fx := range xlsxFixtures {
		p := loadPlan(t, fx)
		for _, e := range []Edition{Public, Restricted} {
			t.Run(fx+"/"+string(e), func(t *testing.T) {
				f, _ := xlsxOpen(t, p, e)
				if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(xlsxSheetNames, "|") {
					t.Fatalf("sheets = %q, want %q", got, xlsxSheetNames)
				}
				for _, name := range xlsxSheetNames {
					visible, err := f.GetSheetVisible(name)
					if err != nil {
						t.Fatal(err)
					}
					if visible != (name != SheetLists) {
						t.Errorf("%s: visible = %v", name, visible)
					}
					hf, err := f.GetHeaderFooter(name)
					if err != nil {
						t.Fatal(err)
					}
					if hf == nil || !strings.Contains(hf.OddHeader, e.Marking()) || !strings.Contains(hf.OddFooter, "Page &P of &N") {
						t.Errorf("%s: header/footer %+v lacks the marking or the page number", name, hf)
					}
					// The marking is visible in the title area too.
					top := xlsxValue(t, f, name, "A1") + xlsxValue(t, f, name, "A2")
					if !strings.Contains(top, e.Marking()) {
						t.Errorf("%s: title area %q lacks the marking", name, top)
					}
					layout, err := f.GetPageLayout(name)
					if err != nil || layout.Orientation == nil {
						t.Errorf("%s: no page layout (%v)", name, err)
					}
				}
				props, err := f.GetDocProps()
				if err != nil {
					t.Fatal(err)
				}
				a := p.Analysis.Assessment
				if !strings.Contains(props.Title, a.StateName) || !strings.Contains(props.Title, "action plan") {
					t.Errorf("Title = %q, want the action plan of %s", props.Title, a.StateName)
				}
				if !strings.Contains(props.Subject, a.Title) {
					t.Errorf("Subject = %q, want the assessment title %q", props.Subject, a.Title)
				}
				if props.Creator != "bordergap" {
					t.Errorf("Creator = %q", props.Creator)
				}
				want := testGenerated.Format("2006-01-02T15:04:05Z")
				if props.Created != want || props.Modified != want {
					t.Errorf("Created, Modified = %q, %q, want %q", props.Created, props.Modified, want)
				}
				if !strings.Contains(props.Keywords, e.Short()+" edition") || !strings.Contains(props.Keywords, a.State) {
					t.Errorf("Keywords = %q, want the edition and the state", props.Keywords)
				}

				// One row per action of the edition, under the header.
				n := 0
				for _, pa := range p.Actions {
					if e.Includes(pa.Restricted) {
						n++
					}
				}
				rows, err := f.GetRows(SheetActionPlan)
				if err != nil {
					t.Fatal(err)
				}
				if got := len(rows) - xlHeadRow; got != n {
					t.Errorf("Action plan has %d action rows, want %d", got, n)
				}
				panes, err := f.GetPanes(SheetActionPlan)
				if err != nil || !panes.Freeze || panes.XSplit != 1 || panes.YSplit != xlHeadRow {
					t.Errorf("panes = %+v (%v), want the header row and the ID column frozen", panes, err)
				}
				filter := false
				for _, dn := range f.GetDefinedName() {
					if dn.Name == "_xlnm._FilterDatabase" && dn.Scope == SheetActionPlan {
						filter = strings.Contains(dn.RefersTo, "$A$4:$AA$"+strconv.Itoa(xlHeadRow+n))
					}
				}
				if !filter {
					t.Errorf("no autofilter over the action table A4:AA%d", xlHeadRow+n)
				}
			})
		}
	}
}

func TestActionPlanXLSXHeader(t *testing.T) {
	t.Parallel()
	want := []string{"AP-ID", "Pillar / Strategic objective", "Specific objective", "Activity", "Sub-activities / milestones",
		"Lead institution", "Partner institutions", "International partners", "Start", "End", "Output indicator",
		"Outcome KPI, baseline, target", "Means of verification", "Estimated cost (USD)", "Funding source", "Funding status",
		"Priority", "Dependencies", "Risks and assumptions", "Linked indicators and references",
		"Human-rights / data-protection safeguard", "Sensitivity", "Status",
		// After the columns of DOMAIN C.5: notes and the planning data.
		"Notes", "Start date", "End date", "Pillar code"}
	f, _ := xlsxOpen(t, loadPlan(t, "xab.json"), Restricted)
	rows, err := f.GetRows(SheetActionPlan)
	if err != nil {
		t.Fatal(err)
	}
	if got := rows[xlHeadRow-1]; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("header row:\n got %q\nwant %q", got, want)
	}
	comments, err := f.GetComments(SheetActionPlan)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range comments {
		text := c.Text
		for _, r := range c.Paragraph {
			text += r.Text
		}
		if c.Cell == "N4" && strings.Contains(strings.ToLower(text), "capital/running split not estimated") {
			found = true
		}
	}
	if !found {
		t.Errorf("no comment on the cost header saying the capital/running split is not estimated: %+v", comments)
	}
}

func TestActionPlanXLSXKnownRow(t *testing.T) {
	t.Parallel()
	p := loadPlan(t, "xaa-followup.json")
	pa := p.Action("AP-GOV-3.2-A1")
	if pa == nil {
		t.Fatal("no AP-GOV-3.2-A1 in the XAA plan")
	}
	f, _ := xlsxOpen(t, p, Restricted)
	r := xlsxRowOf(t, f, pa.ID)
	if r == 0 {
		t.Fatal("AP-GOV-3.2-A1 is not on the Action plan sheet")
	}
	cell := func(col int) string { return xlsxValue(t, f, SheetActionPlan, xlCell(col, r)) }
	for _, c := range []struct {
		col  int
		want string
	}{
		{xlAID, "AP-GOV-3.2-A1"},
		{xlAActivity, pa.Text},
		{xlALead, "Ministry of Justice"},
		{xlAStart, "Q1 2027"},
		{xlAEnd, p.EndQuarter(pa.End)},
		{xlAFundingSource, "To be identified"},
		{xlAFundingStatus, "gap"},
		{xlAPriority, "High"},
		{xlASensitivity, "public"},
		{xlAStatus, "not started"},
		{xlAPillar, "GOV"},
	} {
		if got := cell(c.col); got != c.want {
			t.Errorf("%s: got %q, want %q", xlCell(c.col, r), got, c.want)
		}
	}
	for _, c := range []struct {
		col  int
		want string
	}{
		{xlAObjective, "SO-GOV — "},
		{xlASpecific, "SpO-GOV.3 — "},
		{xlASubActivities, "1. "},
		{xlAOutcome, "Maturity GOV.3.2 CT offences and FTF-related border powers: level 1 → 2"},
		{xlALinked, "GOV.3.2 CT offences and FTF-related border powers (weight 3)"},
		{xlALinked, "UNSCR 2178 OP5 (binding)"},
		{xlASafeguard, "HRDDP: no"},
		{xlARisks, pa.Risks[0].ID + " " + pa.Risks[0].Risk},
	} {
		if got := cell(c.col); !strings.Contains(got, c.want) {
			t.Errorf("%s = %q, want it to contain %q", xlCell(c.col, r), got, c.want)
		}
	}
	if got := strings.Count(cell(xlASubActivities), "\n") + 1; got != len(pa.SubActivities) {
		t.Errorf("%d numbered sub-activities, want %d", got, len(pa.SubActivities))
	}

	// The cost is a number with a currency format, not text.
	costCell := xlCell(xlACost, r)
	if typ, _ := f.GetCellType(SheetActionPlan, costCell); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
		t.Errorf("%s is text (type %v), want a number", costCell, typ)
	}
	if got, err := strconv.ParseFloat(cell(xlACost), 64); err != nil || got != pa.Cost {
		t.Errorf("%s = %q, want %v", costCell, cell(xlACost), pa.Cost)
	}
	styleID, _ := f.GetCellStyle(SheetActionPlan, costCell)
	style, err := f.GetStyle(styleID)
	if err != nil || style.CustomNumFmt == nil || !strings.Contains(*style.CustomNumFmt, `"USD "#,##0`) {
		t.Errorf("%s number format = %v (%v), want a USD format", costCell, style.CustomNumFmt, err)
	}
	if shown, _ := f.GetCellValue(SheetActionPlan, costCell); shown != "USD 400,000" {
		t.Errorf("%s shows %q, want USD 400,000", costCell, shown)
	}

	// Start and End are formulas over the dates; they compute the quarters.
	for _, c := range []struct {
		col  int
		want string
	}{{xlAStart, p.Quarter(pa.Start)}, {xlAEnd, p.EndQuarter(pa.End)}} {
		ref := xlCell(c.col, r)
		if fx, _ := f.GetCellFormula(SheetActionPlan, ref); fx == "" {
			t.Errorf("%s has no formula", ref)
		}
		if got, err := f.CalcCellValue(SheetActionPlan, ref); err != nil || got != c.want {
			t.Errorf("CalcCellValue(%s) = %q, %v, want %q", ref, got, err, c.want)
		}
	}
	if got := cell(xlAStartDate); got != "46388" { // 1 January 2027
		t.Errorf("start date serial = %s, want 46388", got)
	}
}

func TestActionPlanXLSXUnmappedLead(t *testing.T) {
	t.Parallel()
	p := loadPlan(t, "xab.json")
	if len(p.Unmapped) == 0 {
		t.Fatal("the XAB plan maps every role code; the test needs an unmapped one")
	}
	pa := p.Actions[0]
	pa.Lead, pa.LeadCode, pa.Unmapped = "", "", []string{"IMM", "CG"}
	pa.Indicator = &assessment.Indicator{ID: pa.Indicator.ID, Title: pa.Indicator.Title, Weight: pa.Indicator.Weight, Lead: []string{"IMM"}}
	f, _ := xlsxOpen(t, p, Restricted)
	r := xlsxRowOf(t, f, pa.ID)
	if got, want := xlsxValue(t, f, SheetActionPlan, xlCell(xlALead, r)), "UNMAPPED: IMM — map in the country profile"; got != want {
		t.Errorf("lead = %q, want %q", got, want)
	}
	if got := xlsxValue(t, f, SheetActionPlan, xlCell(xlAPartners, r)); !strings.Contains(got, "Unmapped role codes: CG") {
		t.Errorf("partners = %q, want the unmapped contributor flagged", got)
	}
	// The agency mapping flags every role code the profile does not map.
	rows, err := f.GetRows(SheetAgencies)
	if err != nil {
		t.Fatal(err)
	}
	flagged := map[string]string{}
	roles := 0
	for _, row := range rows[xlHeadRow:] {
		if len(row) >= 5 {
			roles++
			if strings.HasPrefix(row[4], "NOT MAPPED") {
				flagged[row[0]] = row[4]
			}
		}
	}
	if roles != len(p.Analysis.Framework.Roles) {
		t.Errorf("agency mapping lists %d role codes, want %d", roles, len(p.Analysis.Framework.Roles))
	}
	for _, code := range p.Unmapped {
		if flagged[code] == "" {
			t.Errorf("role code %s is not flagged as not mapped", code)
		}
	}
	for _, row := range rows[xlHeadRow:] {
		if len(row) >= 5 && row[0] == "BG" && (row[3] != "Valdorian Border Guard" || row[4] != "mapped") {
			t.Errorf("BG row = %q, want Valdorian Border Guard, mapped", row)
		}
	}
}

func TestActionPlanXLSXValidations(t *testing.T) {
	t.Parallel()
	p := loadPlan(t, "xaa-followup.json")
	f, _ := xlsxOpen(t, p, Public)
	last := xlHeadRow
	for _, pa := range p.Actions {
		if !pa.Restricted {
			last++
		}
	}
	dvs, err := f.GetDataValidations(SheetActionPlan)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*excelize.DataValidation{}
	for _, dv := range dvs {
		byName[strings.Trim(dv.Formula1, " ")] = dv
	}
	names := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		names[dn.Name] = dn.RefersTo
	}
	lists, err := f.GetCols(SheetLists)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		col  int
		list int
		want []string
	}{
		{NameListStatus, xlAStatus, 0, []string{"not started", "ongoing", "completed", "delayed", "cancelled"}},
		{NameListFundingStatus, xlAFundingStatus, 1, []string{"secured", "pledged", "gap"}},
		{NameListPriority, xlAPriority, 2, []string{"High", "Medium", "Low"}},
	} {
		dv := byName[c.name]
		if dv == nil {
			t.Errorf("no drop-down list fed from %s (validations: %+v)", c.name, dvs)
			continue
		}
		if want := xlCell(c.col, xlFirstRow) + ":" + xlCell(c.col, last); dv.Sqref != want || dv.Type != "list" {
			t.Errorf("%s validation: sqref %q type %q, want %q list", c.name, dv.Sqref, dv.Type, want)
		}
		// The defined name points at the hidden Lists sheet, not an inline list.
		if ref := names[c.name]; !strings.HasPrefix(ref, "'Lists'!$") {
			t.Errorf("%s refers to %q, want a range of the Lists sheet", c.name, ref)
		}
		var got []string
		for _, v := range lists[c.list][2:] {
			if v != "" {
				got = append(got, v)
			}
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s values = %q, want %q", c.name, got, c.want)
		}
	}
	cfs, err := f.GetConditionalFormats(SheetActionPlan)
	if err != nil {
		t.Fatal(err)
	}
	prio := xlCell(xlAPriority, xlFirstRow) + ":" + xlCell(xlAPriority, last)
	if len(cfs[prio]) != 3 {
		t.Errorf("priority column %s has %d conditional formats, want 3 (High, Medium, Low): %v", prio, len(cfs[prio]), cfs)
	}
}

func TestActionPlanXLSXBudgetFormulas(t *testing.T) {
	t.Parallel()
	plans := map[string]*assessment.Plan{"adjusted xaa": xlsxAdjusted(t)}
	for _, fx := range xlsxFixtures {
		plans[fx] = loadPlan(t, fx)
	}
	for name, p := range plans {
		tot := p.Totals()
		for _, e := range []Edition{Public, Restricted} {
			t.Run(name+"/"+string(e), func(t *testing.T) {
				f, _ := xlsxOpen(t, p, e)
				for _, c := range []struct {
					name string
					want float64
				}{
					{NameTotalCost, tot.Total},
					{NameNationalFunding, tot.National},
					{NameOtherFunding, tot.Donor},
					{NameFundingGap, tot.Gap},
				} {
					sheet, cell := xlsxName(t, f, c.name)
					if sheet != SheetBudget {
						t.Errorf("%s is on sheet %q", c.name, sheet)
					}
					if fx, _ := f.GetCellFormula(sheet, cell); fx == "" {
						t.Errorf("%s (%s) is not a formula", c.name, cell)
					}
					if got := xlsxCalc(t, f, sheet, cell); !xlsxNear(got, c.want) {
						t.Errorf("%s = %.2f, want %.2f", c.name, got, c.want)
					}
					// The cached value matches, for viewers that do not recalculate.
					if got, _ := strconv.ParseFloat(xlsxValue(t, f, sheet, cell), 64); !xlsxNear(got, c.want) {
						t.Errorf("%s cached value = %.2f, want %.2f", c.name, got, c.want)
					}
				}
				if e != Restricted {
					return
				}
				// Pillar by year, restricted edition: every cell a formula
				// equal to the plan's totals.
				rows, err := f.GetRows(SheetBudget)
				if err != nil {
					t.Fatal(err)
				}
				header := 0
				for i, row := range rows {
					if len(row) > 2 && row[0] == "Pillar" {
						header = i + 1
						break
					}
				}
				years := p.Years()
				for r := header + 1; r <= len(rows) && rows[r-1][0] != "Total"; r++ {
					code := rows[r-1][0]
					for i, y := range years {
						ref := xlCell(3+i, r)
						if fx, _ := f.GetCellFormula(SheetBudget, ref); !strings.HasPrefix(fx, "SUMIFS(") {
							t.Errorf("%s (%s %d) formula = %q, want SUMIFS", ref, code, y, fx)
						}
						if got, want := xlsxCalc(t, f, SheetBudget, ref), tot.ByPillarYear[code][y]; !xlsxNear(got, want) {
							t.Errorf("%s %d = %.2f, want %.2f", code, y, got, want)
						}
					}
					ref := xlCell(3+len(years)+1, r)
					if got, want := xlsxCalc(t, f, SheetBudget, ref), tot.ByPillar[code]; !xlsxNear(got, want) {
						t.Errorf("%s total = %.2f, want %.2f", code, got, want)
					}
				}
				if got := xlsxValue(t, f, SheetBudget, "A3"); got != "Indicative figures, for planning only." {
					t.Errorf("A3 = %q, want the planning-only label", got)
				}
			})
		}
	}
}

// TestActionPlanXLSXLiveTotals edits the Action plan as a ministry would and
// checks that the budget follows.
func TestActionPlanXLSXLiveTotals(t *testing.T) {
	t.Parallel()
	p := loadPlan(t, "xaa-followup.json")
	tot := p.Totals()
	f, _ := xlsxOpen(t, p, Restricted)
	sheet, total := xlsxName(t, f, NameTotalCost)
	_, gap := xlsxName(t, f, NameFundingGap)
	_, national := xlsxName(t, f, NameNationalFunding)
	pa := p.Action("AP-GOV-3.2-A1")
	r := xlsxRowOf(t, f, pa.ID)

	// A higher cost raises the total and the gap.
	if err := f.SetCellFloat(SheetActionPlan, xlCell(xlACost, r), pa.Cost+1000000, -1, 64); err != nil {
		t.Fatal(err)
	}
	if got := xlsxCalc(t, f, sheet, total); !xlsxNear(got, tot.Total+1000000) {
		t.Errorf("after +1,000,000: total = %.2f, want %.2f", got, tot.Total+1000000)
	}
	// Funding secured from the state budget moves the cost out of the gap.
	if err := f.SetCellStr(SheetActionPlan, xlCell(xlAFundingSource, r), "State budget"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStr(SheetActionPlan, xlCell(xlAFundingStatus, r), "secured"); err != nil {
		t.Fatal(err)
	}
	if got := xlsxCalc(t, f, sheet, national); !xlsxNear(got, pa.Cost+1000000) {
		t.Errorf("national = %.2f, want %.2f", got, pa.Cost+1000000)
	}
	if got := xlsxCalc(t, f, sheet, gap); !xlsxNear(got, tot.Total-pa.Cost) {
		t.Errorf("gap = %.2f, want %.2f", got, tot.Total-pa.Cost)
	}
	// A cancelled action leaves the totals.
	if err := f.SetCellStr(SheetActionPlan, xlCell(xlAStatus, r), "cancelled"); err != nil {
		t.Fatal(err)
	}
	if got := xlsxCalc(t, f, sheet, total); !xlsxNear(got, tot.Total-pa.Cost) {
		t.Errorf("after cancelling: total = %.2f, want %.2f", got, tot.Total-pa.Cost)
	}
}

func TestActionPlanXLSXCostByYear(t *testing.T) {
	t.Parallel()
	p := loadPlan(t, "xaa-followup.json")
	f, _ := xlsxOpen(t, p, Restricted)
	years := p.Years()
	for i, pa := range p.Actions {
		r := xlFirstRow + i
		if got := xlsxValue(t, f, SheetCostByYear, xlCell(xlCID, r)); got != pa.ID {
			t.Fatalf("Cost by year row %d is %q, want %s", r, got, pa.ID)
		}
		for j, y := range years {
			if got := xlsxCalc(t, f, SheetCostByYear, xlCell(xlCYear0+j, r)); !xlsxNear(got, pa.CostByYear[y]) {
				t.Errorf("%s %d = %.2f, want %.2f", pa.ID, y, got, pa.CostByYear[y])
			}
		}
		if i == 5 {
			break // the budget test covers the sums of every row
		}
	}
}

// xlsxCharts maps each sheet name to the XML of its charts.
func xlsxCharts(t testing.TB, data []byte) map[string][]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		for _, zf := range zr.File {
			if zf.Name == name {
				rc, err := zf.Open()
				if err != nil {
					t.Fatal(err)
				}
				defer rc.Close()
				b, _ := io.ReadAll(rc)
				return string(b)
			}
		}
		return ""
	}
	rel := regexp.MustCompile(`<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"`)
	rels := func(name string) map[string]string {
		out := map[string]string{}
		for _, m := range rel.FindAllStringSubmatch(read(name), -1) {
			out[m[1]] = m[2]
		}
		return out
	}
	resolve := func(base, target string) string {
		if strings.HasPrefix(target, "/") {
			return strings.TrimPrefix(target, "/")
		}
		return path.Clean(path.Join(path.Dir(base), target))
	}
	wbRels := rels("xl/_rels/workbook.xml.rels")
	out := map[string][]string{}
	sheet := regexp.MustCompile(`<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"`)
	for _, m := range sheet.FindAllStringSubmatch(read("xl/workbook.xml"), -1) {
		name := strings.ReplaceAll(m[1], "&amp;", "&")
		ws := resolve("xl/workbook.xml", wbRels[m[2]])
		for _, target := range rels(path.Dir(ws) + "/_rels/" + path.Base(ws) + ".rels") {
			if !strings.Contains(target, "drawing") || strings.Contains(target, "vml") {
				continue
			}
			dr := resolve(ws, target)
			for _, ct := range rels(path.Dir(dr) + "/_rels/" + path.Base(dr) + ".rels") {
				if strings.Contains(ct, "chart") {
					out[name] = append(out[name], read(resolve(dr, ct)))
				}
			}
		}
	}
	return out
}

func TestActionPlanXLSXCharts(t *testing.T) {
	t.Parallel()
	_, data := xlsxOpen(t, loadPlan(t, "xab.json"), Public)
	charts := xlsxCharts(t, data)
	if len(charts[SheetScorecard]) != 1 || !strings.Contains(charts[SheetScorecard][0], "<radarChart>") {
		t.Errorf("Scorecard charts: want one radar chart, got %d", len(charts[SheetScorecard]))
	} else if c := charts[SheetScorecard][0]; strings.Count(c, "<ser>") != 2 {
		t.Errorf("radar chart has %d series, want score and target", strings.Count(c, "<ser>"))
	}
	if len(charts[SheetBudget]) != 1 || !strings.Contains(charts[SheetBudget][0], "<barChart>") ||
		!strings.Contains(charts[SheetBudget][0], `<barDir val="col">`) {
		t.Errorf("Budget summary: want one column chart, got %v", charts[SheetBudget])
	}
	for name := range charts {
		if name != SheetScorecard && name != SheetBudget {
			t.Errorf("unexpected chart on %s", name)
		}
	}
}

func TestActionPlanXLSXScorecard(t *testing.T) {
	t.Parallel()
	p := loadPlan(t, "xab.json")
	f, _ := xlsxOpen(t, p, Public)
	rows, err := f.GetRows(SheetScorecard)
	if err != nil {
		t.Fatal(err)
	}
	an := p.Analysis
	for i, pr := range an.Pillars {
		row := rows[xlHeadRow+i]
		if row[0] != pr.Pillar.Code || row[1] != pr.Pillar.Title {
			t.Errorf("scorecard row %d = %q, want %s", xlHeadRow+1+i, row[:2], pr.Pillar.Code)
		}
		if got, _ := strconv.ParseFloat(xlsxValue(t, f, SheetScorecard, xlCell(3, xlHeadRow+1+i)), 64); !xlsxNear(got, pr.Score.Value) {
			t.Errorf("%s score = %v, want %v", pr.Pillar.Code, got, pr.Score.Value)
		}
	}
	nat := xlHeadRow + len(an.Pillars) + 1
	if got := xlsxValue(t, f, SheetScorecard, xlCell(1, nat)); got != "National" {
		t.Fatalf("row %d is %q, want the national index", nat, got)
	}
	if got := xlsxCalc(t, f, SheetScorecard, xlCell(3, nat)); math.Abs(got-an.National.Value) > 1e-9 {
		t.Errorf("national index = %v, want %v", got, an.National.Value)
	}
}

func TestActionPlanXLSXGantt(t *testing.T) {
	t.Parallel()
	p := loadPlan(t, "xaa-followup.json")
	f, _ := xlsxOpen(t, p, Restricted)
	years := p.Years()
	const firstQuarterCol = 8
	for i, pa := range p.Actions {
		r := 6 + i
		if got := xlsxValue(t, f, SheetGantt, xlCell(1, r)); got != pa.ID {
			t.Fatalf("Gantt row %d = %q, want %s", r, got, pa.ID)
		}
		for q := 0; q < 4*len(years); q++ {
			ref := xlCell(firstQuarterCol+q, r)
			id, _ := f.GetCellStyle(SheetGantt, ref)
			st, err := f.GetStyle(id)
			if err != nil {
				t.Fatal(err)
			}
			filled := len(st.Fill.Color) > 0
			if want := pa.Start < 3*q+3 && max(pa.End, pa.Start+1) > 3*q; filled != want {
				t.Errorf("%s quarter %d (%s): filled %v, want %v (months %d–%d)", pa.ID, q+1, ref, filled, want, pa.Start, pa.End)
			}
		}
	}
	cfs, err := f.GetConditionalFormats(SheetGantt)
	if err != nil || len(cfs) == 0 {
		t.Errorf("the Gantt grid has no conditional format over the dates (%v)", err)
	}
}

func TestActionPlanXLSXRiskRegisterAndReferences(t *testing.T) {
	t.Parallel()
	p := loadPlan(t, "xaa-followup.json")
	f, _ := xlsxOpen(t, p, Restricted)
	rows, err := f.GetRows(SheetRisks)
	if err != nil {
		t.Fatal(err)
	}
	risks := p.Analysis.Framework.Risks
	if got := len(rows) - xlHeadRow; got != len(risks) {
		t.Fatalf("risk register has %d rows, want %d", got, len(risks))
	}
	for i, r := range risks {
		row := rows[xlHeadRow+i]
		if row[0] != r.ID || row[1] != r.Risk || row[2] != r.Likelihood || row[3] != r.Impact || row[4] != r.Mitigation {
			t.Errorf("risk row %d = %q, want %s", i, row, r.ID)
		}
		n := 0
		for _, pa := range p.Actions {
			for _, x := range pa.Risks {
				if x.ID == r.ID {
					n++
					if !strings.Contains(row[6], pa.ID) {
						t.Errorf("risk %s: %s not listed", r.ID, pa.ID)
					}
				}
			}
		}
		if row[5] != strconv.Itoa(n) {
			t.Errorf("risk %s attached to %s actions, want %d", r.ID, row[5], n)
		}
	}
	refs, err := f.GetRows(SheetReferences)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range refs {
		if len(row) >= 6 && row[0] == "GOV.3.2" {
			found = true
			if !strings.Contains(row[5], "UNSCR 2178 OP5 (binding)") || !strings.Contains(row[4], "AP-GOV-3.2-A1") || row[3] != "1 → 3" {
				t.Errorf("GOV.3.2 references row = %q", row)
			}
		}
	}
	if !found {
		t.Error("GOV.3.2 is not on the References sheet")
	}
}

func TestActionPlanXLSXFormulaInjection(t *testing.T) {
	t.Parallel()
	p := xlsxAdjusted(t)
	for _, e := range []Edition{Public, Restricted} {
		f, _ := xlsxOpen(t, p, e)
		r := xlsxRowOf(t, f, "AP-GOV-2.1-A1")
		for _, c := range []struct {
			col  int
			want string
		}{{xlAActivity, `=HYPERLINK("http://x","y")`}, {xlANotes, "@SUM(1)"}} {
			ref := xlCell(c.col, r)
			got := xlsxValue(t, f, SheetActionPlan, ref)
			if !strings.HasPrefix(got, c.want) {
				t.Errorf("%s = %q, want the text %q kept as is", ref, got, c.want)
			}
			if fx, _ := f.GetCellFormula(SheetActionPlan, ref); fx != "" {
				t.Errorf("%s became a formula: %q", ref, fx)
			}
			if typ, _ := f.GetCellType(SheetActionPlan, ref); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
				t.Errorf("%s has type %v, want a string", ref, typ)
			}
			id, _ := f.GetCellStyle(SheetActionPlan, ref)
			if _, err := f.GetStyle(id); err != nil {
				t.Fatal(err)
			}
			if xf := f.Styles.CellXfs.Xf[id]; xf.QuotePrefix == nil || !*xf.QuotePrefix {
				t.Errorf("%s style %d has no quote prefix", ref, id)
			}
		}
		// No formula anywhere carries the injected text.
		for _, sheet := range f.GetSheetList() {
			rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			for i, row := range rows {
				for j := range row {
					ref := xlCell(j+1, i+1)
					fx, _ := f.GetCellFormula(sheet, ref)
					if strings.Contains(fx, "HYPERLINK") || strings.Contains(fx, "SUM(1)") || strings.Contains(fx, "http") {
						t.Errorf("%s!%s has the injected formula %q", sheet, ref, fx)
					}
				}
			}
		}
	}
}

func TestXLFormulaLike(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"=1+1", true}, {"+44 20", true}, {"-2", true}, {"@SUM(1)", true}, {"\tx", true}, {"\rx", true}, {"＝1", true},
		{"Draft a law", false}, {"", false}, {" =1", false}, {"1. Draft", false}, {"AP-GOV-1.1-A1", false},
	} {
		if got := xlFormulaLike(c.in); got != c.want {
			t.Errorf("xlFormulaLike(%q) = %v, want %v", c.in, got, c.want)
		}
	}
	if got := xlClean("a\x00b\x1fc\r\nd\re\tf"); got != "abc\nd\ne\tf" {
		t.Errorf("xlClean = %q", got)
	}
}

func TestXLLines(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text  string
		width float64
		want  int
	}{
		{"", 20, 1},
		{"Ministry of Interior", 20, 1},
		{"Ministry of Interior\nMinistry of Justice", 20, 2},
		{"Ministry of Interior Ministry of Justice Ministry of Finance", 20, 3},
		{strings.Repeat("W", 60), 10, 11}, // a long word breaks across lines
	} {
		if got := xlLines(c.text, c.width, 9, false); got != c.want {
			t.Errorf("xlLines(%q, %v) = %d, want %d", c.text, c.width, got, c.want)
		}
	}
}

// TestActionPlanXLSXRowHeights checks that no wrapped cell of the Action
// plan needs more lines than its row is high.
func TestActionPlanXLSXRowHeights(t *testing.T) {
	t.Parallel()
	p := loadPlan(t, "xab.json")
	f, _ := xlsxOpen(t, p, Restricted)
	rows, err := f.GetRows(SheetActionPlan)
	if err != nil {
		t.Fatal(err)
	}
	for i := xlFirstRow; i <= len(rows); i++ {
		h, err := f.GetRowHeight(SheetActionPlan, i)
		if err != nil {
			t.Fatal(err)
		}
		for j, v := range rows[i-1] {
			w, _ := f.GetColWidth(SheetActionPlan, xlCol(j+1))
			need := float64(strings.Count(v, "\n")+1) * xlLineHeight(9)
			if lines := xlLines(v, w, 9, j == 0); float64(lines)*xlLineHeight(9) > need {
				need = float64(lines) * xlLineHeight(9)
			}
			if h < need && need < 409 {
				t.Errorf("row %d is %.1f pt high; %s needs %.1f", i, h, xlCell(j+1, i), need)
			}
		}
	}
}

// TestActionPlanXLSXPublicEdition scans every cell of the public workbook
// for anything of the restricted annex.
func TestActionPlanXLSXPublicEdition(t *testing.T) {
	t.Parallel()
	for _, fx := range xlsxFixtures {
		t.Run(fx, func(t *testing.T) {
			p := loadPlan(t, fx)
			public := map[string]bool{}
			for _, pa := range p.Actions {
				if !pa.Restricted {
					public[pa.Text], public[pa.Output] = true, true
				}
			}
			var ids, texts []string
			indicators := map[string]bool{}
			for _, pa := range p.Actions {
				if !pa.Restricted {
					continue
				}
				ids = append(ids, pa.ID)
				indicators[pa.Indicator.ID] = true
				for _, s := range []string{pa.Text, pa.Output} {
					if !public[s] {
						texts = append(texts, s)
					}
				}
			}
			if len(ids) == 0 {
				t.Fatal("the fixture has no restricted action")
			}
			var indPattern []string
			for id := range indicators {
				indPattern = append(indPattern, regexp.QuoteMeta(id))
			}
			indRe := regexp.MustCompile(`(^|[^0-9A-Za-z.])(` + strings.Join(indPattern, "|") + `)($|[^0-9])`)

			f, data := xlsxOpen(t, p, Public)
			var cells []string
			for _, sheet := range f.GetSheetList() {
				rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				for i, row := range rows {
					for j, v := range row {
						cells = append(cells, sheet+"!"+xlCell(j+1, i+1)+" "+v)
					}
				}
				comments, _ := f.GetComments(sheet)
				for _, c := range comments {
					for _, r := range c.Paragraph {
						cells = append(cells, sheet+"!"+c.Cell+" comment "+r.Text)
					}
				}
				hf, _ := f.GetHeaderFooter(sheet)
				if hf != nil {
					cells = append(cells, sheet+" header "+hf.OddHeader+hf.OddFooter)
				}
			}
			for _, dn := range f.GetDefinedName() {
				cells = append(cells, "name "+dn.Name+" "+dn.RefersTo+" "+dn.Comment)
			}
			props, _ := f.GetDocProps()
			cells = append(cells, "props "+props.Title+props.Subject+props.Keywords+props.Description)
			checked := 0
			for _, c := range cells {
				checked++
				for _, id := range ids {
					if strings.Contains(c, id) {
						t.Errorf("restricted action %s in %s", id, c)
					}
				}
				for _, s := range texts {
					if strings.Contains(c, s) {
						t.Errorf("restricted text %q in %s", s, c)
					}
				}
				if m := indRe.FindStringSubmatch(c); m != nil {
					t.Errorf("restricted indicator %s in %s", m[2], c)
				}
			}
			if checked < 1000 {
				t.Errorf("only %d cells scanned", checked)
			}
			// The raw package too: shared strings, comments, charts.
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			for _, zf := range zr.File {
				rc, _ := zf.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				for _, id := range ids {
					if bytes.Contains(b, []byte(id)) {
						t.Errorf("restricted action %s in %s", id, zf.Name)
					}
				}
			}
			// The restricted edition does show them.
			fr, _ := xlsxOpen(t, p, Restricted)
			if xlsxRowOf(t, fr, ids[0]) == 0 {
				t.Errorf("restricted edition lacks %s", ids[0])
			}
		})
	}
}

func TestActionPlanXLSXReproducible(t *testing.T) {
	t.Parallel()
	p := loadPlan(t, "xab.json")
	a, b := xlsxBytes(t, p, Restricted), xlsxBytes(t, p, Restricted)
	if !bytes.Equal(a, b) {
		t.Error("two writes of the same plan differ")
	}
}

func TestActionPlanXLSXNoAnalysis(t *testing.T) {
	t.Parallel()
	if err := WriteActionPlanXLSX(io.Discard, &assessment.Plan{}, Options{Edition: Public}); err == nil {
		t.Error("want an error for a plan without analysis")
	}
}

func BenchmarkActionPlanXLSX(b *testing.B) {
	p := loadPlan(b, "xaa-followup.json")
	o := Options{Edition: Restricted, Generated: testGenerated}
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteActionPlanXLSX(io.Discard, p, o); err != nil {
			b.Fatal(err)
		}
	}
}
