package assessment_test

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"bordergap/assessment"
	"bordergap/frameworks"
)

// Tests of the action-plan generator on the default framework: the
// dependency table of DOMAIN C.6 rule 3 and the other rules at full size.

// defaultAssessment is an assessment of the default framework for a state
// with every mode, starting its strategy in 2026, with the given agency
// mapping (nil maps every role code to "National <code>").
func defaultAssessment(f *assessment.Framework, agencies map[string][]string) *assessment.Assessment {
	if agencies == nil {
		agencies = map[string][]string{}
		for _, r := range f.Roles {
			agencies[r.Code] = []string{"National " + r.Code}
		}
	}
	return &assessment.Assessment{
		ID: 1, State: "XAA", StateName: "Examplestan", Title: "Baseline",
		FrameworkID: f.ID, FrameworkVersion: f.Version, Status: assessment.StatusInReview,
		Scope:   assessment.Scope{Modes: assessment.Modes},
		Profile: assessment.Profile{Agencies: agencies, StrategyStart: 2026},
		Team:    []assessment.Member{{UserID: 1, Role: assessment.RoleLead}, {UserID: 2, Role: assessment.RoleAssessor}},
	}
}

// defaultConsensus sets the team's level of every indicator: levels gives
// "level" or "level>target" per indicator, fill the value of the others
// ("" leaves them unscored). Each record carries the comment
// "Finding on <id>. Second sentence."
func defaultConsensus(t testing.TB, f *assessment.Framework, levels map[string]string, fill string) []assessment.Consensus {
	t.Helper()
	for id := range levels {
		if f.Indicator(id) == nil {
			t.Fatalf("no indicator %s in the default framework", id)
		}
	}
	var out []assessment.Consensus
	for _, id := range f.IndicatorIDs() {
		v, ok := levels[id]
		if !ok {
			v = fill
		}
		if v == "" {
			continue
		}
		lv, tg, _ := strings.Cut(v, ">")
		level, err := assessment.ParseLevel(lv)
		if err != nil {
			t.Fatal(err)
		}
		target := assessment.Unscored
		if tg != "" {
			if target, err = assessment.ParseLevel(tg); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, assessment.Consensus{AssessmentID: 1, IndicatorID: id, Level: level, Target: target,
			Comment: "Finding on " + id + ". Second sentence.", Version: 1, SetBy: 1})
	}
	return out
}

// defaultPlan generates the plan of the default framework for the given
// levels (see defaultConsensus), every role code mapped.
func defaultPlan(t testing.TB, levels map[string]string, fill string, adj ...assessment.Adjustment) *assessment.Plan {
	t.Helper()
	f := frameworks.Default()
	an := assessment.Analyse(f, defaultAssessment(f, nil), nil, defaultConsensus(t, f, levels, fill))
	return assessment.GeneratePlan(an, adj, assessment.PlanOptions{StartYear: 2026})
}

func mustPlanAction(t testing.TB, p *assessment.Plan, id string) *assessment.PlanAction {
	t.Helper()
	pa := p.Action(id)
	if pa == nil {
		t.Fatalf("plan has no action %s", id)
	}
	return pa
}

// Rule 3, first row: traveller-data systems wait for their legal basis.
func TestDefaultPlanTravellerDataWaitsForLegalBasis(t *testing.T) {
	const missing = "GOV.3.3 at level 2 or more (AP-GOV-3.3-A1 is not in the plan)"
	tests := []struct {
		name     string
		gov33    string
		wantDeps []string
		wantPre  []string
	}{
		{"GOV.3.3 at 0", "0", []string{"AP-GOV-3.3-A1"}, nil},
		{"GOV.3.3 at 1", "1", []string{"AP-GOV-3.3-A1"}, nil},
		{"GOV.3.3 at 2", "2", nil, nil},
		{"GOV.3.3 at 3", "3", nil, nil},
		{"GOV.3.3 at 4", "4", nil, nil},
		{"GOV.3.3 at 1 with target 1", "1>1", nil, []string{missing}},
		{"GOV.3.3 unscored", "", nil, []string{missing}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			levels := map[string]string{"TRV.1.1": "2"}
			if tt.gov33 != "" {
				levels["GOV.3.3"] = tt.gov33
			}
			p := defaultPlan(t, levels, "")
			pa := mustPlanAction(t, p, "AP-TRV-1.1-A2")
			if !slices.Equal(pa.Dependencies, tt.wantDeps) {
				t.Errorf("Dependencies = %q, want %q", pa.Dependencies, tt.wantDeps)
			}
			if !slices.Equal(pa.Prerequisites, tt.wantPre) {
				t.Errorf("Prerequisites = %q, want %q", pa.Prerequisites, tt.wantPre)
			}
			for _, dep := range pa.Dependencies {
				if d := mustPlanAction(t, p, dep); pa.Start < d.End {
					t.Errorf("starts at month %d, before %s ends at month %d", pa.Start, dep, d.End)
				}
			}
			if a1 := p.Action("AP-TRV-1.1-A1"); a1 != nil {
				t.Errorf("AP-TRV-1.1-A1 is in the plan for TRV.1.1 at level 2")
			}
		})
	}
}

// The rows of the DOMAIN C.6 rule-3 table, as action-plan ids: every
// dependent waits for the prerequisite action.
var ruleThreeTable = []struct {
	row          string
	dependents   []string
	prerequisite string
}{
	{"GOV.3.3 legal basis for traveller data", []string{"AP-TRV-1.1-A2", "AP-TRV-2.1-A1", "AP-TRV-2.1-A2", "AP-TRV-3.1-A2", "AP-TRV-4.1-A2"}, "AP-GOV-3.3-A1"},
	{"RIG.2.1 data-protection law and authority", []string{"AP-TRV-2.1-A2", "AP-TRV-4.1-A2"}, "AP-RIG-2.1-A1"},
	{"TRV.2.2 PIU established", []string{"AP-TRV-2.1-A2"}, "AP-TRV-2.2-A1"},
	{"BCP.5.2 connectivity", []string{"AP-BCP-1.2-A2", "AP-BCP-3.1-A2", "AP-BCP-3.2-A2"}, "AP-BCP-5.2-A1"},
	{"INT.3.1 NCB 24/7", []string{"AP-BCP-3.2-A1", "AP-BCP-3.2-A2", "AP-BCP-1.3-A2"}, "AP-INT-3.1-A1"},
	{"TRV.3.1 consolidated watchlist", []string{"AP-BCP-3.1-A2", "AP-TRV-1.2-A1"}, "AP-TRV-3.1-A1"},
	{"TRV.5.1 PKD", []string{"AP-BCP-2.1-A2"}, "AP-TRV-5.1-A1"},
	{"RSK.1.1 risk model", []string{"AP-RSK-3.1-A2"}, "AP-RSK-1.1-A1"},
	{"GOV.2.1 coordination body", []string{"AP-GOV-1.2-A2", "AP-GOV-1.3-A1", "AP-GOV-1.3-A2"}, "AP-GOV-2.1-A1"},
	{"HRD.2.3 trainers available", []string{"AP-HRD-2.2-A2"}, "AP-HRD-2.3-A1"},
	{"GOV.4.2 asset management before L-cost equipment", []string{"AP-BCP-5.1-A2", "AP-BCP-5.3-A2", "AP-SUR-1.3-A2",
		"AP-SUR-3.1-A2", "AP-SUR-3.2-A2", "AP-ILF-2.1-A2", "AP-ILF-2.2-A2"}, "AP-GOV-4.2-A1"},
	{"RIG.4.2 non-discrimination review", []string{"AP-TRV-2.1-A2", "AP-RSK-2.1-A2"}, "AP-RIG-4.2-A1"},
}

// Rule 3 on the default framework with every indicator at 0, so that every
// prerequisite is in the plan.
func TestDefaultPlanDependencyTable(t *testing.T) {
	p := defaultPlan(t, nil, "0")
	if got, want := len(p.Actions), 112*2; got != want {
		t.Fatalf("len(Actions) = %d, want %d (A1 and A2 of every indicator)", got, want)
	}
	for _, row := range ruleThreeTable {
		t.Run(row.row, func(t *testing.T) {
			pre := mustPlanAction(t, p, row.prerequisite)
			for _, id := range row.dependents {
				pa := mustPlanAction(t, p, id)
				if !slices.Contains(pa.Dependencies, row.prerequisite) {
					t.Errorf("%s: Dependencies = %q, want %s among them", id, pa.Dependencies, row.prerequisite)
				}
				if pa.Start < pre.End {
					t.Errorf("%s starts at month %d, before %s ends at month %d", id, pa.Start, row.prerequisite, pre.End)
				}
			}
		})
	}

	// Nothing else: each action depends on exactly the table's
	// prerequisites and, for A2, its own A1 (listed first).
	want := map[string][]string{}
	for _, row := range ruleThreeTable {
		for _, id := range row.dependents {
			want[id] = append(want[id], row.prerequisite)
		}
	}
	for _, pa := range p.Actions {
		exp := slices.Clone(want[pa.ID])
		if pa.Action.ID != "A1" {
			a1 := assessment.ActionID(pa.Indicator.ID, "A1")
			exp = append(exp, a1)
			if len(pa.Dependencies) == 0 || pa.Dependencies[0] != a1 {
				t.Errorf("%s: Dependencies = %q, want its own %s first", pa.ID, pa.Dependencies, a1)
			}
		}
		got := slices.Clone(pa.Dependencies)
		sort.Strings(got)
		sort.Strings(exp)
		if !slices.Equal(got, exp) {
			t.Errorf("%s: Dependencies = %q, want %q", pa.ID, got, exp)
		}
		if len(pa.Prerequisites) > 0 {
			t.Errorf("%s: Prerequisites = %q, want none: every prerequisite is planned", pa.ID, pa.Prerequisites)
		}
		for _, dep := range pa.Dependencies {
			if d := mustPlanAction(t, p, dep); pa.Start < d.End {
				t.Errorf("%s starts at month %d, before %s ends at month %d", pa.ID, pa.Start, dep, d.End)
			}
		}
	}
	if len(p.Cycles) > 0 {
		t.Errorf("Cycles = %v, want none", p.Cycles)
	}
}

// Rule 3, D11: large equipment purchases wait for asset management.
func TestDefaultPlanEquipmentWaitsForAssetManagement(t *testing.T) {
	tests := []struct {
		name   string
		levels map[string]string
		id     string
		want   bool
	}{
		{"BCP.5.1 A2 (L), GOV.4.2 at 1", map[string]string{"GOV.4.2": "1", "BCP.5.1": "2"}, "AP-BCP-5.1-A2", true},
		{"BCP.5.1 A2 (L), GOV.4.2 at 2", map[string]string{"GOV.4.2": "2", "BCP.5.1": "2"}, "AP-BCP-5.1-A2", false},
		{"SUR.1.3 A2 (L), GOV.4.2 at 0", map[string]string{"GOV.4.2": "0", "SUR.1.3": "2"}, "AP-SUR-1.3-A2", true},
		{"SUR.1.3 A1 (M), GOV.4.2 at 0", map[string]string{"GOV.4.2": "0", "SUR.1.3": "1"}, "AP-SUR-1.3-A1", false},
		{"SUR.3.2 A2 (L procedure), GOV.4.2 at 1", map[string]string{"GOV.4.2": "1", "SUR.3.2": "2"}, "AP-SUR-3.2-A2", true},
		{"ILF.2.2 A2 (L), GOV.4.2 at 1", map[string]string{"GOV.4.2": "1", "ILF.2.2": "2"}, "AP-ILF-2.2-A2", true},
		{"ILF.2.2 A1 (S–M), GOV.4.2 at 1", map[string]string{"GOV.4.2": "1", "ILF.2.2": "1"}, "AP-ILF-2.2-A1", false},
		{"BCP.5.2 A2 (M), GOV.4.2 at 1", map[string]string{"GOV.4.2": "1", "BCP.5.2": "2"}, "AP-BCP-5.2-A2", false},
		{"SUR.2.2 A2 (L, not in the rule), GOV.4.2 at 1", map[string]string{"GOV.4.2": "1", "SUR.2.2": "2"}, "AP-SUR-2.2-A2", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := defaultPlan(t, tt.levels, "")
			pa := mustPlanAction(t, p, tt.id)
			if got := slices.Contains(pa.Dependencies, "AP-GOV-4.2-A1"); got != tt.want {
				t.Errorf("depends on AP-GOV-4.2-A1 = %v, want %v (Dependencies %q)", got, tt.want, pa.Dependencies)
			}
			if tt.want {
				if gov := mustPlanAction(t, p, "AP-GOV-4.2-A1"); pa.Start < gov.End {
					t.Errorf("starts at month %d, before AP-GOV-4.2-A1 ends at month %d", pa.Start, gov.End)
				}
			}
		})
	}
}

// plannedStart is rule 4 as DOMAIN states it: phase 1 (month 0) for
// governance, legal drafting, procedures, reviews and S-cost actions of six
// months or less; phase 3 (month 36) for level-4 actions; phase 2 (month
// 12) for the rest.
func plannedStart(pa *assessment.PlanAction) int {
	a := pa.Action
	switch {
	case pa.Consolidation || a.To == assessment.MaxLevel:
		return 36
	case a.Cost.High == assessment.CostS && a.Months.Max <= 6:
		return 0
	}
	switch a.Type {
	case assessment.ActionLegal, assessment.ActionGovernance, assessment.ActionProcedure, assessment.ActionReview:
		return 0
	}
	return 12
}

// Rule 4 on every action of the default framework: start at the later of
// the phase start and the end of the prerequisites; End = Start + typical
// months.
func TestDefaultPlanSchedule(t *testing.T) {
	levels := map[string]string{}
	f := frameworks.Default()
	for _, id := range f.IndicatorIDs() {
		if f.Indicator(id).Weight == 3 && strings.HasPrefix(id, "GOV.") {
			levels[id] = "0>4" // bring in some consolidation actions
		}
	}
	p := defaultPlan(t, levels, "0")
	for _, pa := range p.Actions {
		want := plannedStart(pa)
		for _, dep := range pa.Dependencies {
			want = max(want, mustPlanAction(t, p, dep).End)
		}
		if pa.Start != want {
			t.Errorf("%s (%s, %s, %s months): Start = %d, want %d", pa.ID, pa.Action.Type, pa.Action.Cost, pa.Action.Months, pa.Start, want)
		}
		if got, want := pa.End, pa.Start+pa.Action.Months.Typical(); got != want {
			t.Errorf("%s: End = %d, want Start + %d = %d", pa.ID, pa.Action.Months.Typical(), got, want)
		}
		wantPhase := 1
		switch {
		case pa.Start >= 36:
			wantPhase = 3
		case pa.Start >= 12:
			wantPhase = 2
		}
		if pa.Phase != wantPhase {
			t.Errorf("%s: Phase = %d, want %d for a start at month %d", pa.ID, pa.Phase, wantPhase, pa.Start)
		}
		if pa.Consolidation && pa.Start < 36 {
			t.Errorf("%s: consolidation starts at month %d, want 36 or later", pa.ID, pa.Start)
		}
		if wantPending := pa.Action.Cost.High == assessment.CostL; pa.PendingFunding != wantPending {
			t.Errorf("%s (%s): PendingFunding = %v, want %v", pa.ID, pa.Action.Cost, pa.PendingFunding, wantPending)
		}
	}
	// Spot checks, by hand.
	tests := []struct {
		id         string
		start, end int
	}{
		{"AP-GOV-3.3-A1", 0, 9},   // legal, 6–12 months: planned as 9
		{"AP-GOV-2.1-A1", 0, 5},   // institutional but S-cost, 3–6 months: a quick win
		{"AP-TRV-1.1-A1", 12, 24}, // ict, M, 12 months
		{"AP-TRV-1.1-A2", 24, 39}, // after A1 (24) and GOV.3.3 A1 (9); 12–18 months: 15
		{"AP-GOV-1.3-A1", 5, 8},   // procedure, but after GOV.2.1 A1 (5)
		{"AP-GOV-1.1-A4", 36, 54}, // consolidation after A2 (GOV.1.1 A2 ends at 8 + 6 = 14)
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			pa := mustPlanAction(t, p, tt.id)
			if pa.Start != tt.start || pa.End != tt.end {
				t.Errorf("Start, End = %d, %d, want %d, %d", pa.Start, pa.End, tt.start, tt.end)
			}
		})
	}
}

// Rule 4: funding committed through an adjustment lifts the pending flag.
func TestDefaultPlanPendingFunding(t *testing.T) {
	levels := map[string]string{"BCP.5.1": "2", "BCP.1.2": "2", "SUR.2.2": "2"}
	p := defaultPlan(t, levels, "",
		assessment.Adjustment{ActionID: "AP-BCP-1.2-A2", FundingSource: "European Union", FundingStatus: assessment.FundingPledged},
		assessment.Adjustment{ActionID: "AP-SUR-2.2-A2", FundingSource: "State budget", FundingStatus: assessment.FundingSecured},
	)
	tests := []struct {
		id   string
		want bool
	}{
		{"AP-BCP-5.1-A2", true},
		{"AP-BCP-1.2-A2", false},
		{"AP-SUR-2.2-A2", false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			if got := mustPlanAction(t, p, tt.id).PendingFunding; got != tt.want {
				t.Errorf("PendingFunding = %v, want %v", got, tt.want)
			}
		})
	}
}

// Rule 5 on the default framework.
func TestDefaultPlanCosts(t *testing.T) {
	f := frameworks.Default()
	if want := (assessment.CostDefaults{Currency: "USD", S: 50000, M: 400000, L: 2500000}); f.Costs != want {
		t.Errorf("default costs = %+v, want %+v", f.Costs, want)
	}
	p := defaultPlan(t, nil, "0")
	amount := map[assessment.CostClass]float64{assessment.CostS: 50000, assessment.CostM: 400000, assessment.CostL: 2500000}
	var total float64
	for _, pa := range p.Actions {
		want := (amount[pa.Action.Cost.Low] + amount[pa.Action.Cost.High]) / 2
		if pa.Cost != want {
			t.Errorf("%s (%s): Cost = %v, want %v", pa.ID, pa.Action.Cost, pa.Cost, want)
		}
		var spread float64
		for y, v := range pa.CostByYear {
			spread += v
			if y < p.StartYear || y > p.EndYear {
				t.Errorf("%s spends in %d, outside the plan's %d–%d", pa.ID, y, p.StartYear, p.EndYear)
			}
		}
		if !near(spread, pa.Cost) {
			t.Errorf("%s: CostByYear sums to %v, want %v", pa.ID, spread, pa.Cost)
		}
		total += pa.Cost
	}
	tot := p.Totals()
	if !near(tot.Total, total) || !near(tot.Gap, total) || tot.National != 0 || tot.Donor != 0 {
		t.Errorf("Total, Gap, National, Donor = %v, %v, %v, %v, want %v, %v, 0, 0 (nothing funded)", tot.Total, tot.Gap, tot.National, tot.Donor, total, total)
	}
	var byPillar, byYear float64
	for _, v := range tot.ByPillar {
		byPillar += v
	}
	for _, v := range tot.ByYear {
		byYear += v
	}
	if !near(byPillar, total) || !near(byYear, total) {
		t.Errorf("ByPillar sums to %v, ByYear to %v, want %v", byPillar, byYear, total)
	}
	if got := len(tot.ByPillar); got != 10 {
		t.Errorf("len(ByPillar) = %d, want 10", got)
	}
	var objectives float64
	for _, o := range p.Objectives {
		objectives += o.Cost
		if !near(o.Cost, tot.ByPillar[o.Pillar.Code]) {
			t.Errorf("%s: Cost = %v, want ByPillar %v", o.Code, o.Cost, tot.ByPillar[o.Pillar.Code])
		}
	}
	if !near(objectives, total) {
		t.Errorf("objective costs sum to %v, want %v", objectives, total)
	}
}

func near(a, b float64) bool {
	d := a - b
	if d < 0 {
		d = -d
	}
	return d <= 1e-6*max(1, b)
}

// Rules 6 and 9 on every action of the default framework.
func TestDefaultPlanKPIsAndSensitivity(t *testing.T) {
	p := defaultPlan(t, map[string]string{"GOV.1.1": "2>4", "TRV.1.1": "3>4"}, "1")
	for _, pa := range p.Actions {
		if pa.Output == "" || strings.Contains(pa.Output, "{") {
			t.Errorf("%s: Output = %q, want a deliverable without placeholders", pa.ID, pa.Output)
		}
		if strings.Contains(pa.Text, "{") {
			t.Errorf("%s: Text = %q, want no placeholders", pa.ID, pa.Text)
		}
		if len(pa.Pillar.KPIs) == 0 || pa.OutcomeKPI.Name != pa.Pillar.KPIs[0].Name || pa.OutcomeKPI.Name == "" {
			t.Errorf("%s: OutcomeKPI = %q, want the %s pillar's first KPI", pa.ID, pa.OutcomeKPI.Name, pa.Pillar.Code)
		}
		if got, want := pa.MaturityKPI.Baseline, pa.Result.Level.String(); got != want {
			t.Errorf("%s: MaturityKPI.Baseline = %q, want %q", pa.ID, got, want)
		}
		if got, want := pa.MaturityKPI.Target, fmt.Sprint(pa.Action.To); got != want {
			t.Errorf("%s: MaturityKPI.Target = %q, want %q", pa.ID, got, want)
		}
		if pa.Restricted != pa.Indicator.Restricted {
			t.Errorf("%s: Restricted = %v, want the indicator's %v", pa.ID, pa.Restricted, pa.Indicator.Restricted)
		}
		if len(pa.SubActivities) == 0 {
			t.Errorf("%s: no sub-activities", pa.ID)
		}
	}
	for id, want := range map[string]bool{"AP-BCP-3.1-A1": true, "AP-TRV-1.1-A4": true, "AP-GOV-1.2-A1": false, "AP-GOV-1.1-A2": false, "AP-GOV-4.2-A1": true, "AP-RIG-1.1-A2": false} {
		if got := mustPlanAction(t, p, id).Restricted; got != want {
			t.Errorf("%s: Restricted = %v, want %v", id, got, want)
		}
	}
	a4 := mustPlanAction(t, p, "AP-GOV-1.1-A4")
	if !a4.Consolidation || !strings.Contains(a4.Text, "national IBM strategy and action plan") || a4.MaturityKPI.Baseline != "2" || a4.MaturityKPI.Target != "4" {
		t.Errorf("AP-GOV-1.1-A4: Consolidation %v, Text %q, maturity %s → %s, want the consolidation of GOV.1, 2 → 4",
			a4.Consolidation, a4.Text, a4.MaturityKPI.Baseline, a4.MaturityKPI.Target)
	}
}

// Rule 7 on the default framework with only BG and MOI mapped.
func TestDefaultPlanResponsibilities(t *testing.T) {
	f := frameworks.Default()
	agencies := map[string][]string{"BG": {"Border Police"}, "MOI": {"Ministry of Interior"}}
	an := assessment.Analyse(f, defaultAssessment(f, agencies), nil, defaultConsensus(t, f, nil, "1"))
	p := assessment.GeneratePlan(an, nil, assessment.PlanOptions{StartYear: 2026})
	tests := []struct {
		id, lead, code string
		unmapped       []string
	}{
		{"AP-GOV-1.1-A1", "Ministry of Interior", "MOI", []string{"IBM-CB", "CUS", "IMM", "CG", "NSI", "CTC", "MFA", "MOF"}},
		{"AP-TRV-1.1-A1", "Border Police", "BG", []string{"PIU", "CAA", "CUS"}},
		{"AP-GOV-1.2-A1", "", "", []string{"IBM-CB", "MOF", "CUS", "IMM", "CG"}},
		{"AP-RIG-2.1-A2", "", "", []string{"DPA", "MOJ"}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			pa := mustPlanAction(t, p, tt.id)
			if pa.Lead != tt.lead || pa.LeadCode != tt.code {
				t.Errorf("Lead, LeadCode = %q, %q, want %q, %q", pa.Lead, pa.LeadCode, tt.lead, tt.code)
			}
			if !slices.Equal(pa.Unmapped, tt.unmapped) {
				t.Errorf("Unmapped = %q, want %q", pa.Unmapped, tt.unmapped)
			}
		})
	}
	for _, pa := range p.Actions {
		mapped := ""
		for _, c := range pa.Indicator.Lead {
			if c == "BG" || c == "MOI" {
				mapped = c
				break
			}
		}
		if pa.LeadCode != mapped {
			t.Errorf("%s: LeadCode = %q, want the first mapped lead code %q of %v", pa.ID, pa.LeadCode, mapped, pa.Indicator.Lead)
		}
		seen := map[string]bool{}
		for _, name := range pa.Partners {
			if seen[name] || (name == pa.Lead && name != "") {
				t.Errorf("%s: Partners = %q repeat %q (lead %q)", pa.ID, pa.Partners, name, pa.Lead)
			}
			seen[name] = true
		}
		for _, c := range pa.Unmapped {
			if c == "BG" || c == "MOI" {
				t.Errorf("%s: Unmapped lists the mapped %s", pa.ID, c)
			}
		}
	}
	if !sort.StringsAreSorted(p.Unmapped) || slices.Contains(p.Unmapped, "BG") || !slices.Contains(p.Unmapped, "PIU") || !slices.Contains(p.Unmapped, "IBM-CB") {
		t.Errorf("Plan.Unmapped = %q, want sorted role codes without BG and MOI", p.Unmapped)
	}
	if got, want := len(slices.Compact(slices.Clone(p.Unmapped))), len(p.Unmapped); got != want {
		t.Errorf("Plan.Unmapped = %q has duplicates", p.Unmapped)
	}
}

// Rule 8 on the default framework.
func TestDefaultPlanRationale(t *testing.T) {
	f := frameworks.Default()
	p := defaultPlan(t, nil, "0")
	if got := len(p.Objectives); got != 10 {
		t.Fatalf("len(Objectives) = %d, want 10", got)
	}
	gov := p.Objectives[0]
	if gov.Code != "SO-GOV" {
		t.Fatalf("first objective %s, want SO-GOV", gov.Code)
	}
	for _, want := range []string{
		"The assessment scored the strategy, governance and legal framework pillar at 0.0 out of 4 (0%).",
		"14 of its 14 applicable indicators are below target",
		"5 binding obligations or core counter-terrorism capabilities are not met: ",
		"GOV.3.3 (legal basis for traveller data and sharing)",
		"the team found: Finding on GOV.",
		"The objective responds to ",
	} {
		if !strings.Contains(gov.Rationale, want) {
			t.Errorf("SO-GOV rationale lacks %q:\n%s", want, gov.Rationale)
		}
	}
	for _, o := range p.Objectives {
		t.Run(o.Code, func(t *testing.T) {
			binding := map[string]bool{}
			for _, s := range o.Specific {
				for _, ind := range s.Capacity.Indicators {
					for _, ref := range ind.References {
						if ref.Binding {
							binding[f.Cite(ref)] = true
						}
					}
				}
			}
			other := false
			for _, ref := range o.References {
				switch {
				case !binding[ref]:
					other = true
				case other:
					t.Errorf("binding reference %q after a non-binding one: %q", ref, o.References)
				}
			}
			if len(binding) > 0 && (len(o.References) == 0 || !binding[o.References[0]]) {
				t.Errorf("References = %q, want a binding reference first", o.References)
			}
			if len(o.References) > 0 && !strings.Contains(o.Rationale, "The objective responds to "+o.References[0]) {
				t.Errorf("rationale does not respond to %q first:\n%s", o.References[0], o.Rationale)
			}
			quoted := 0
			for _, s := range o.Specific {
				for _, ind := range s.Capacity.Indicators {
					note := "Finding on " + ind.ID + "."
					if !strings.Contains(o.Rationale, note) {
						continue
					}
					quoted++
					if ind.Restricted {
						t.Errorf("rationale quotes the restricted %s: %s", ind.ID, o.Rationale)
					}
				}
			}
			if quoted == 0 || quoted > 2 || strings.Contains(o.Rationale, "Second sentence") {
				t.Errorf("rationale quotes %d first sentences of notes, want 1 or 2:\n%s", quoted, o.Rationale)
			}
		})
	}
}

// Rule 10 on the default framework.
func TestDefaultPlanSafeguards(t *testing.T) {
	areas := []string{"TRV.", "BCP.3.", "RSK.2.", "SUR.3.", "NAC.5.", "ILF.4."}
	inArea := func(id string) bool {
		return slices.ContainsFunc(areas, func(a string) bool { return strings.HasPrefix(id, a) })
	}
	rigAt3 := map[string]string{}
	for _, id := range frameworks.Default().IndicatorIDs() {
		if strings.HasPrefix(id, "RIG.") {
			rigAt3[id] = "3"
		}
	}
	oneWeak := map[string]string{}
	for k, v := range rigAt3 {
		oneWeak[k] = v
	}
	oneWeak["RIG.3.2"] = "2"
	tests := []struct {
		name   string
		levels map[string]string
		want   bool
	}{
		{"every indicator at 0", nil, true},
		{"RIG at 3, the rest at 0", rigAt3, false},
		{"RIG.3.2 at 2, the rest of RIG at 3", oneWeak, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := defaultPlan(t, tt.levels, "0")
			n := 0
			for _, pa := range p.Actions {
				want := tt.want && inArea(pa.Indicator.ID)
				if got := pa.Safeguard != ""; got != want {
					t.Errorf("%s: Safeguard = %q, want one: %v", pa.ID, pa.Safeguard, want)
				}
				if want {
					n++
					if !slices.Contains(pa.SubActivities, pa.Safeguard) {
						t.Errorf("%s: the safeguard is not among the sub-activities", pa.ID)
					}
				}
			}
			if tt.want && n < 2*15 {
				t.Errorf("%d actions with a safeguard, want at least the 30 TRV actions", n)
			}
		})
	}
}

// renderDefaultPlan renders what the exports show of a plan.
func renderDefaultPlan(p *assessment.Plan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d–%d %v\n", p.StartYear, p.EndYear, p.Unmapped)
	for _, a := range p.Actions {
		years := make([]int, 0, len(a.CostByYear))
		for y := range a.CostByYear {
			years = append(years, y)
		}
		sort.Ints(years)
		fmt.Fprintf(&b, "%s %s %s–%s %.2f %s %q %v %v", a.ID, a.Priority, p.Quarter(a.Start), p.EndQuarter(a.End), a.Cost,
			a.Lead, a.Partners, a.Dependencies, a.Safeguard != "")
		for _, y := range years {
			fmt.Fprintf(&b, " %d:%.2f", y, a.CostByYear[y])
		}
		b.WriteString("\n")
	}
	for _, o := range p.Objectives {
		fmt.Fprintf(&b, "%s %.2f %s %q\n", o.Code, o.Cost, o.Rationale, o.References)
	}
	return b.String()
}

// Rule 12: the same inputs give the same plan, sorted by pillar, priority
// and start.
func TestDefaultPlanIsDeterministic(t *testing.T) {
	f, a, rs, cs := benchInput(t)
	a.Profile.Agencies = map[string][]string{"BG": {"Border Police"}, "CUS": {"Customs"}, "MOI": {"Ministry of Interior"}}
	adj := []assessment.Adjustment{{ActionID: "AP-GOV-1.1-A1", FundingSource: "UNOCT", FundingStatus: assessment.FundingPledged}}
	an := assessment.Analyse(f, a, rs, cs)
	first := assessment.GeneratePlan(an, adj, assessment.PlanOptions{StartYear: 2026})
	if len(first.Actions) == 0 {
		t.Fatal("empty plan")
	}
	for i := range 5 {
		again := assessment.GeneratePlan(assessment.Analyse(f, a, rs, cs), adj, assessment.PlanOptions{StartYear: 2026})
		if got, want := renderDefaultPlan(again), renderDefaultPlan(first); got != want {
			t.Fatalf("run %d renders differently", i)
		}
	}
	if again := assessment.GeneratePlan(an, adj, assessment.PlanOptions{StartYear: 2026}); !reflect.DeepEqual(again, first) {
		t.Errorf("two plans from the same analysis are not deeply equal")
	}
	order := map[string]int{}
	for i, pl := range f.Pillars {
		order[pl.Code] = i
	}
	for i := 1; i < len(first.Actions); i++ {
		x, y := first.Actions[i-1], first.Actions[i]
		px, py := order[x.Pillar.Code], order[y.Pillar.Code]
		switch {
		case px > py:
			t.Errorf("%s before %s: pillars out of order", x.ID, y.ID)
		case px == py && x.Priority.Rank() < y.Priority.Rank():
			t.Errorf("%s (%s) before %s (%s)", x.ID, x.Priority, y.ID, y.Priority)
		case px == py && x.Priority == y.Priority && x.Start > y.Start:
			t.Errorf("%s (month %d) before %s (month %d)", x.ID, x.Start, y.ID, y.Start)
		}
	}
	if pa := first.Action("AP-GOV-1.1-A1"); pa != nil && !pa.HRDDP {
		t.Errorf("AP-GOV-1.1-A1 funded by UNOCT: HRDDP = false, want true")
	}
}

func BenchmarkGeneratePlan(b *testing.B) {
	f, a, rs, cs := benchInput(b)
	a.Profile.Agencies = map[string][]string{"BG": {"Border Police"}, "CUS": {"Customs"}, "MOI": {"Ministry of Interior"}, "PIU": {"Passenger Information Unit"}}
	an := assessment.Analyse(f, a, rs, cs)
	adj := []assessment.Adjustment{
		{ActionID: "AP-GOV-3.3-A1", FundingSource: "State budget", FundingStatus: assessment.FundingSecured},
		{ActionID: "AP-TRV-1.1-A2", FundingSource: "UNOCT", FundingStatus: assessment.FundingPledged},
	}
	opts := assessment.PlanOptions{StartYear: 2026}
	p := assessment.GeneratePlan(an, adj, opts)
	if len(p.Actions) == 0 || len(p.Objectives) == 0 {
		b.Fatalf("plan has %d actions and %d objectives", len(p.Actions), len(p.Objectives))
	}
	b.ReportAllocs()
	for b.Loop() {
		p = assessment.GeneratePlan(an, adj, opts)
		_ = p.Totals()
	}
}
