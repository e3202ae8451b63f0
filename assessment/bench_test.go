package assessment_test

import (
	"fmt"
	"testing"

	"bordergap/assessment"
	"bordergap/frameworks"
)

// benchInput builds an assessment of the default framework scoped to every
// mode, scored by three assessors with deterministic, varied answers, and a
// consensus record on every fifth indicator.
func benchInput(tb testing.TB) (*assessment.Framework, *assessment.Assessment, []assessment.Response, []assessment.Consensus) {
	tb.Helper()
	f := frameworks.Default()
	a := &assessment.Assessment{
		ID: 1, State: "XAA", StateName: "Examplestan", Title: "Baseline",
		FrameworkID: f.ID, FrameworkVersion: f.Version, Status: assessment.StatusInReview,
		Scope:   assessment.Scope{Modes: assessment.Modes},
		Profile: assessment.Profile{CriticalPillars: []string{"TRV", "BCP"}},
		Team: []assessment.Member{
			{UserID: 1, Role: assessment.RoleLead},
			{UserID: 2, Role: assessment.RoleAssessor},
			{UserID: 3, Role: assessment.RoleAssessor},
		},
	}
	confs := []assessment.Confidence{assessment.ConfidenceHigh, assessment.ConfidenceMedium, assessment.ConfidenceLow}
	sources := []string{"national law", "SOP manual", "site visit", "interview with BCP chief", "system demonstration"}
	var rs []assessment.Response
	var cs []assessment.Consensus
	for i, id := range f.IndicatorIDs() {
		for who := int64(1); who <= 3; who++ {
			n := i*7 + int(who)*3
			target := assessment.Unscored
			switch n % 6 {
			case 0:
				target = 4
			case 1:
				target = 2
			}
			rs = append(rs, assessment.Response{
				AssessmentID: 1, IndicatorID: id, AssessorID: who,
				Level:         assessment.Level(n % 5),
				Target:        target,
				Confidence:    confs[n%3],
				Note:          fmt.Sprintf("Assessor %d on %s: evidence seen at %d sites.", who, id, n%4),
				Sources:       sources[:1+n%len(sources)],
				RightsConcern: n%17 == 0,
				Version:       1,
			})
		}
		if i%5 == 0 {
			cs = append(cs, assessment.Consensus{AssessmentID: 1, IndicatorID: id, Level: assessment.Level(i % 5),
				Target: assessment.Unscored, Comment: "agreed in plenary", Version: 1, SetBy: 1})
		}
	}
	if got, want := len(rs), 112*3; got != want {
		tb.Fatalf("built %d responses, want %d", got, want)
	}
	return f, a, rs, cs
}

func BenchmarkAnalyse(b *testing.B) {
	f, a, rs, cs := benchInput(b)
	an := assessment.Analyse(f, a, rs, cs)
	if len(an.Indicators) != 112 || an.Scored != 112 || an.National.N != 10 {
		b.Fatalf("analysis has %d indicators, %d scored, %d pillars, want 112, 112, 10",
			len(an.Indicators), an.Scored, an.National.N)
	}
	b.ReportAllocs()
	for b.Loop() {
		an = assessment.Analyse(f, a, rs, cs)
		_ = an.Gaps()
	}
}

// TestAnalyseDefaultFramework checks the benchmark input once, so that a
// broken default framework fails the suite and not only the benchmark.
func TestAnalyseDefaultFramework(t *testing.T) {
	f, a, rs, cs := benchInput(t)
	an := assessment.Analyse(f, a, rs, cs)
	if got := len(an.Pillars); got != 10 {
		t.Errorf("len(Pillars) = %d, want 10", got)
	}
	if an.Applicable != 112 || an.Scored != 112 {
		t.Errorf("Applicable, Scored = %d, %d, want 112, 112", an.Applicable, an.Scored)
	}
	if v := an.National.Value; v < 0 || v > 4 {
		t.Errorf("National = %v, want within 0–4", v)
	}
	gaps := an.Gaps()
	for i := 1; i < len(gaps); i++ {
		if gaps[i-1].Priority.Rank() < gaps[i].Priority.Rank() {
			t.Errorf("Gaps()[%d] %s (%s) before a higher priority %s (%s)", i-1,
				gaps[i-1].Indicator.ID, gaps[i-1].Priority, gaps[i].Indicator.ID, gaps[i].Priority)
		}
	}
	for _, r := range an.Indicators {
		if r.RightsConcern && r.Level > assessment.RightsCap {
			t.Errorf("%s has a rights concern but level %v", r.Indicator.ID, r.Level)
		}
		if r.Target == 4 && r.Indicator.Weight < 3 {
			t.Errorf("%s has weight %d but target 4", r.Indicator.ID, r.Indicator.Weight)
		}
	}
}
