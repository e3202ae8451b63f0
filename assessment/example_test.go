package assessment_test

import (
	"fmt"

	"bordergap/assessment"
)

func ExampleAnalyse() {
	f := &assessment.Framework{ID: "demo", Version: "1", Pillars: []assessment.Pillar{{
		Code: "TRV", Title: "Traveller data",
		Capacities: []assessment.Capacity{{ID: "TRV.1", Indicators: []assessment.Indicator{
			{ID: "TRV.1.1", Title: "API system", Weight: 3, Applies: []assessment.Mode{assessment.ModeAir}},
			{ID: "TRV.1.2", Title: "Data-quality feedback", Weight: 1},
		}}},
	}}}
	f.Index()
	a := &assessment.Assessment{
		State: "XAA", StateName: "Examplestan", Title: "Baseline",
		Scope:   assessment.Scope{Modes: []assessment.Mode{assessment.ModeAir, assessment.ModeLand}},
		Profile: assessment.Profile{CriticalPillars: []string{"TRV"}},
	}
	level := func(id string, assessor int64, l assessment.Level) assessment.Response {
		return assessment.Response{IndicatorID: id, AssessorID: assessor, Level: l, Target: assessment.Unscored}
	}
	responses := []assessment.Response{
		level("TRV.1.1", 1, 1), level("TRV.1.1", 2, 2), // lower median: 1
		level("TRV.1.2", 1, 3),
	}

	an := assessment.Analyse(f, a, responses, nil)
	for _, p := range an.Pillars {
		fmt.Printf("%s %.2f of 4 (%.1f%%)\n", p.Pillar.Code, p.Score.Value, p.Score.Percent())
	}
	for _, g := range an.Gaps() {
		fmt.Printf("%s level %v target %v: index %.1f, %s (binding unmet: %v)\n",
			g.Indicator.ID, g.Level, g.Target, g.PriorityIndex, g.Priority, g.BindingUnmet)
	}
	// Output:
	// TRV 1.50 of 4 (37.5%)
	// TRV.1.1 level 1 target 3: index 9.0, High (binding unmet: true)
}
