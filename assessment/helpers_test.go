package assessment

import (
	"math"
	"sort"
	"testing"
)

// testFramework returns a small synthetic framework:
//
//	AAA  AAA.1: AAA.1.1 (w3), AAA.1.2 (w2), AAA.1.3 (w1)
//	     AAA.2: AAA.2.1 (w2), AAA.2.2 (w3, [air] only)
//	BBB  BBB.1: BBB.1.1 (w1), BBB.1.2 (w3)
//	     BBB.2: BBB.2.1 (w2, its A2 costs M–L)
//
// Every indicator has A1 {from 0,1 to 2 | S | 6} and A2 {from 2 to 3 | M | 12–24}.
func testFramework() *Framework {
	ind := func(id string, weight int, a2cost CostRange, applies ...Mode) Indicator {
		return Indicator{
			ID: id, Title: "Indicator " + id, Weight: weight, Applies: applies, Lead: []string{"BG"},
			Actions: []Action{
				{ID: "A1", From: []int{0, 1}, To: 2, Cost: CostRange{CostS, CostS}, Months: MonthRange{6, 6}, Type: ActionProcedure, Text: "Adopt procedures for " + id},
				{ID: "A2", From: []int{2}, To: 3, Cost: a2cost, Months: MonthRange{12, 24}, Type: ActionICT, Text: "Roll out " + id + " nationwide"},
			},
		}
	}
	m := CostRange{CostM, CostM}
	f := &Framework{
		ID: "test", Version: "1.0.0", Title: "Test framework", Language: "en",
		Roles: []Role{{Code: "BG", Name: "Border guard"}, {Code: "CUS", Name: "Customs"}},
		Pillars: []Pillar{
			{Code: "AAA", Title: "Pillar A", Capacities: []Capacity{
				{ID: "AAA.1", Title: "Capacity A1", Indicators: []Indicator{
					ind("AAA.1.1", 3, m), ind("AAA.1.2", 2, m), ind("AAA.1.3", 1, m),
				}},
				{ID: "AAA.2", Title: "Capacity A2", Indicators: []Indicator{
					ind("AAA.2.1", 2, m), ind("AAA.2.2", 3, m, ModeAir),
				}},
			}},
			{Code: "BBB", Title: "Pillar B", Capacities: []Capacity{
				{ID: "BBB.1", Title: "Capacity B1", Indicators: []Indicator{
					ind("BBB.1.1", 1, m), ind("BBB.1.2", 3, m),
				}},
				{ID: "BBB.2", Title: "Capacity B2", Indicators: []Indicator{
					ind("BBB.2.1", 2, CostRange{CostM, CostL}),
				}},
			}},
		},
	}
	f.Index()
	return f
}

// testAssessment returns a valid assessment of testFramework for a state
// with land and sea borders only (so AAA.2.2 [air] is N/A). Users 1 (lead),
// 2 and 3 (assessors) score; 4 reviews.
func testAssessment() *Assessment {
	return &Assessment{
		ID: 7, State: "XAA", StateName: "Examplestan", Title: "Baseline",
		FrameworkID: "test", FrameworkVersion: "1.0.0", Status: StatusDraft,
		Scope: Scope{Modes: []Mode{ModeLand, ModeSea}},
		Profile: Profile{
			Agencies: map[string][]string{"BG": {"State Border Service"}},
			BCPs:     map[Mode]int{ModeLand: 12, ModeSea: 2},
		},
		Team: []Member{
			{UserID: 1, Role: RoleLead}, {UserID: 2, Role: RoleAssessor},
			{UserID: 3, Role: RoleAssessor}, {UserID: 4, Role: RoleReviewer},
		},
		Round: 1,
	}
}

// resp is a response with no target set, confidence M and one source.
func resp(indicator string, assessor int64, level Level) Response {
	return Response{AssessmentID: 7, IndicatorID: indicator, AssessorID: assessor, Level: level,
		Target: Unscored, Confidence: ConfidenceMedium, Note: "note", Sources: []string{"interview"}}
}

// resps returns one response per level, from assessors 1, 2, 3...
func resps(indicator string, levels ...Level) []Response {
	out := make([]Response, len(levels))
	for i, l := range levels {
		out[i] = resp(indicator, int64(i+1), l)
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func fieldNames(fs []FieldError) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Field
	}
	return out
}

func sortedFieldNames(fs []FieldError) []string {
	out := fieldNames(fs)
	sort.Strings(out)
	return out
}

func mustResult(t *testing.T, an *Analysis, id string) *IndicatorResult {
	t.Helper()
	r := an.Indicator(id)
	if r == nil {
		t.Fatalf("Indicator(%q) = nil", id)
	}
	return r
}
