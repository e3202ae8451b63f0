package assessment

import (
	"slices"
	"testing"
)

func TestAnalyseConsensus(t *testing.T) {
	tests := []struct {
		name      string
		indicator string
		responses []Response
		consensus []Consensus
		modes     []Mode // scope; nil keeps land and sea

		applicable   bool
		level        Level
		proposed     Level
		min, max     Level
		spread       int
		spreadFlag   bool
		consensusSet bool
		target       Level
		scores       int
	}{
		{
			name: "odd count takes the median", indicator: "AAA.1.2",
			responses:  resps("AAA.1.2", 1, 3, 2),
			applicable: true, level: 2, proposed: 2, min: 1, max: 3, spread: 2, spreadFlag: true, target: 3, scores: 3,
		},
		{
			name: "even count takes the lower median", indicator: "AAA.1.2",
			responses:  resps("AAA.1.2", 3, 2),
			applicable: true, level: 2, proposed: 2, min: 2, max: 3, spread: 1, target: 3, scores: 2,
		},
		{
			name: "four assessors take the lower of the middle two", indicator: "AAA.1.2",
			responses:  resps("AAA.1.2", 4, 1, 3, 2),
			applicable: true, level: 2, proposed: 2, min: 1, max: 4, spread: 3, spreadFlag: true, target: 3, scores: 4,
		},
		{
			name: "one assessor", indicator: "AAA.1.3",
			responses:  resps("AAA.1.3", 4),
			applicable: true, level: 4, proposed: 4, min: 4, max: 4, target: 3, scores: 1,
		},
		{
			name: "unanimous has no spread", indicator: "AAA.1.3",
			responses:  resps("AAA.1.3", 2, 2, 2),
			applicable: true, level: 2, proposed: 2, min: 2, max: 2, target: 3, scores: 3,
		},
		{
			name: "spread of exactly 2 is flagged", indicator: "AAA.1.3",
			responses:  resps("AAA.1.3", 0, 2),
			applicable: true, level: 0, proposed: 0, min: 0, max: 2, spread: 2, spreadFlag: true, target: 3, scores: 2,
		},
		{
			name: "unscored answer with a note is shown but not counted", indicator: "AAA.1.3",
			responses:  append(resps("AAA.1.3", 1, 3), resp("AAA.1.3", 3, Unscored)),
			applicable: true, level: 1, proposed: 1, min: 1, max: 3, spread: 2, spreadFlag: true, target: 3, scores: 3,
		},
		{
			name: "unscored answer without a note is dropped", indicator: "AAA.1.3",
			responses:  []Response{resp("AAA.1.3", 1, 2), {IndicatorID: "AAA.1.3", AssessorID: 2, Level: Unscored, Target: Unscored}},
			applicable: true, level: 2, proposed: 2, min: 2, max: 2, target: 3, scores: 1,
		},
		{
			name: "lead's consensus overrides the proposed level", indicator: "AAA.1.2",
			responses:  resps("AAA.1.2", 1, 1, 2),
			consensus:  []Consensus{{IndicatorID: "AAA.1.2", Level: 3, Target: Unscored, Comment: "site visit showed more"}},
			applicable: true, level: 3, proposed: 1, min: 1, max: 2, spread: 1, consensusSet: true, target: 3, scores: 3,
		},
		{
			name: "consensus without a level keeps the proposed level but sets the target", indicator: "AAA.1.1",
			responses:  resps("AAA.1.1", 2, 2),
			consensus:  []Consensus{{IndicatorID: "AAA.1.1", Level: Unscored, Target: 4}},
			applicable: true, level: 2, proposed: 2, min: 2, max: 2, target: 4, scores: 2,
		},
		{
			name: "consensus target overrides the assessors' targets", indicator: "AAA.1.1",
			responses: func() []Response {
				rs := resps("AAA.1.1", 1, 1)
				rs[0].Target, rs[1].Target = 4, 4
				return rs
			}(),
			consensus:  []Consensus{{IndicatorID: "AAA.1.1", Level: 2, Target: 2}},
			applicable: true, level: 2, proposed: 1, min: 1, max: 1, consensusSet: true, target: 2, scores: 2,
		},
		{
			name: "consensus for another indicator is ignored", indicator: "AAA.1.2",
			responses:  resps("AAA.1.2", 1),
			consensus:  []Consensus{{IndicatorID: "AAA.1.3", Level: 4, Target: Unscored}},
			applicable: true, level: 1, proposed: 1, min: 1, max: 1, target: 3, scores: 1,
		},
		{
			name: "indicator outside the scope is N/A", indicator: "AAA.2.2",
			responses:  resps("AAA.2.2", NA, NA),
			consensus:  []Consensus{{IndicatorID: "AAA.2.2", Level: 2, Target: 3}},
			applicable: false, level: NA, proposed: NA, min: Unscored, max: Unscored, target: NA, scores: 2,
		},
		{
			name: "indicator outside the scope is N/A even if scored", indicator: "AAA.2.2",
			responses:  resps("AAA.2.2", 3, 1),
			applicable: false, level: NA, proposed: NA, min: Unscored, max: Unscored, target: NA, scores: 2,
		},
		{
			name: "mode-restricted indicator applies when the mode is in scope", indicator: "AAA.2.2",
			modes:      []Mode{ModeAir},
			responses:  resps("AAA.2.2", 3, 1),
			applicable: true, level: 1, proposed: 1, min: 1, max: 3, spread: 2, spreadFlag: true, target: 3, scores: 2,
		},
		{
			name: "nobody scored", indicator: "BBB.1.1",
			applicable: true, level: Unscored, proposed: Unscored, min: Unscored, max: Unscored, target: 3,
		},
		{
			name: "only N/A answers on an applicable indicator leave it unscored", indicator: "BBB.1.1",
			responses:  resps("BBB.1.1", NA),
			applicable: true, level: Unscored, proposed: Unscored, min: Unscored, max: Unscored, target: 3, scores: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, a := testFramework(), testAssessment()
			if tt.modes != nil {
				a.Scope.Modes = tt.modes
			}
			an := Analyse(f, a, tt.responses, tt.consensus)
			r := mustResult(t, an, tt.indicator)
			if r.Applicable != tt.applicable {
				t.Errorf("Applicable = %v, want %v", r.Applicable, tt.applicable)
			}
			if r.Level != tt.level {
				t.Errorf("Level = %v, want %v", r.Level, tt.level)
			}
			if r.Proposed != tt.proposed {
				t.Errorf("Proposed = %v, want %v", r.Proposed, tt.proposed)
			}
			if r.Min != tt.min || r.Max != tt.max {
				t.Errorf("Min, Max = %v, %v, want %v, %v", r.Min, r.Max, tt.min, tt.max)
			}
			if r.Spread != tt.spread {
				t.Errorf("Spread = %d, want %d", r.Spread, tt.spread)
			}
			if r.SpreadFlag != tt.spreadFlag {
				t.Errorf("SpreadFlag = %v, want %v", r.SpreadFlag, tt.spreadFlag)
			}
			if r.ConsensusSet != tt.consensusSet {
				t.Errorf("ConsensusSet = %v, want %v", r.ConsensusSet, tt.consensusSet)
			}
			if r.Target != tt.target {
				t.Errorf("Target = %v, want %v", r.Target, tt.target)
			}
			if len(r.Scores) != tt.scores {
				t.Errorf("len(Scores) = %d, want %d", len(r.Scores), tt.scores)
			}
			if r.Scored() != tt.level.Scored() {
				t.Errorf("Scored() = %v, want %v", r.Scored(), tt.level.Scored())
			}
			if !r.Scored() && (r.Gap != 0 || r.Priority != PriorityNone || r.PriorityIndex != 0) {
				t.Errorf("unscored: Gap, Index, Priority = %d, %v, %q, want 0, 0, none", r.Gap, r.PriorityIndex, r.Priority)
			}
		})
	}
}

func TestAnalyseConsensusComment(t *testing.T) {
	f, a := testFramework(), testAssessment()
	an := Analyse(f, a, resps("AAA.1.2", 1), []Consensus{{IndicatorID: "AAA.1.2", Level: 2, Target: Unscored, Comment: "agreed"}})
	if got, want := mustResult(t, an, "AAA.1.2").Comment, "agreed"; got != want {
		t.Errorf("Comment = %q, want %q", got, want)
	}
}

func TestAnalyseScoresSortedByAssessor(t *testing.T) {
	f, a := testFramework(), testAssessment()
	rs := []Response{resp("AAA.1.2", 3, 1), resp("AAA.1.2", 1, 2), resp("AAA.1.2", 2, 3)}
	an := Analyse(f, a, rs, nil)
	var got []int64
	for _, s := range mustResult(t, an, "AAA.1.2").Scores {
		got = append(got, s.AssessorID)
	}
	if want := []int64{1, 2, 3}; !slices.Equal(got, want) {
		t.Errorf("assessor order = %v, want %v", got, want)
	}
	if rs[0].AssessorID != 3 {
		t.Errorf("Analyse reordered the caller's responses: first is assessor %d, want 3", rs[0].AssessorID)
	}
}

func TestAnalyseIgnoresUnknownIndicators(t *testing.T) {
	f, a := testFramework(), testAssessment()
	an := Analyse(f, a, append(resps("ZZZ.9.9", 4), resps("AAA.1.3", 2)...), []Consensus{{IndicatorID: "ZZZ.9.9", Level: 4}})
	if an.Indicator("ZZZ.9.9") != nil {
		t.Errorf("Indicator(ZZZ.9.9) = non-nil, want nil")
	}
	if an.Scored != 1 {
		t.Errorf("Scored = %d, want 1", an.Scored)
	}
}

// The responses and expected values of the aggregation tests:
//
//	AAA.1.1 w3 → 1   AAA.1.2 w2 → 2   AAA.1.3 w1 → 4      capacity (1+2+4)/3
//	AAA.2.1 w2 → 3   AAA.2.2 w3 [air] → N/A (scored 0, ignored)   capacity 3
//	pillar AAA = (3·1 + 2·2 + 1·4 + 2·3) / 8 = 17/8
//	BBB.1.1 w1 → unscored   BBB.1.2 w3 → 2   capacity 2
//	BBB.2.1 w2 → 0   capacity 0
//	pillar BBB = (3·2 + 2·0) / 5 = 6/5
//	national = (17/8 + 6/5) / 2
func aggregationResponses() []Response {
	var rs []Response
	for id, l := range map[string]Level{"AAA.1.1": 1, "AAA.1.2": 2, "AAA.1.3": 4, "AAA.2.1": 3, "AAA.2.2": 0, "BBB.1.2": 2, "BBB.2.1": 0} {
		rs = append(rs, resp(id, 2, l))
	}
	return rs
}

func TestAnalyseAggregation(t *testing.T) {
	f, a := testFramework(), testAssessment()
	an := Analyse(f, a, aggregationResponses(), nil)

	capacities := map[string]struct {
		value         float64
		n, applicable int
	}{
		"AAA.1": {7.0 / 3, 3, 3},
		"AAA.2": {3, 1, 1},
		"BBB.1": {2, 1, 2},
		"BBB.2": {0, 1, 1},
	}
	pillars := map[string]struct {
		value         float64
		n, applicable int
	}{
		"AAA": {17.0 / 8, 4, 4},
		"BBB": {6.0 / 5, 2, 3},
	}
	if got, want := len(an.Pillars), 2; got != want {
		t.Fatalf("len(Pillars) = %d, want %d", got, want)
	}
	for _, pr := range an.Pillars {
		want := pillars[pr.Pillar.Code]
		t.Run("pillar "+pr.Pillar.Code, func(t *testing.T) {
			if !near(pr.Score.Value, want.value) || pr.Score.N != want.n {
				t.Errorf("Score = %v (N %d), want %v (N %d)", pr.Score.Value, pr.Score.N, want.value, want.n)
			}
			if pr.Applicable != want.applicable {
				t.Errorf("Applicable = %d, want %d", pr.Applicable, want.applicable)
			}
			if !near(pr.Target.Value, 3) {
				t.Errorf("Target = %v, want 3", pr.Target.Value)
			}
		})
		for _, cr := range pr.Capacities {
			want := capacities[cr.Capacity.ID]
			t.Run("capacity "+cr.Capacity.ID, func(t *testing.T) {
				if !near(cr.Score.Value, want.value) || cr.Score.N != want.n {
					t.Errorf("Score = %v (N %d), want %v (N %d)", cr.Score.Value, cr.Score.N, want.value, want.n)
				}
				if cr.Applicable != want.applicable {
					t.Errorf("Applicable = %d, want %d", cr.Applicable, want.applicable)
				}
			})
		}
	}
	t.Run("national", func(t *testing.T) {
		want := (17.0/8 + 6.0/5) / 2
		if !near(an.National.Value, want) || an.National.N != 2 {
			t.Errorf("National = %v (N %d), want %v (N 2)", an.National.Value, an.National.N, want)
		}
		if got := an.National.Percent(); !near(got, want/4*100) {
			t.Errorf("National.Percent() = %v, want %v", got, want/4*100)
		}
		if an.Applicable != 7 || an.Scored != 6 {
			t.Errorf("Applicable, Scored = %d, %d, want 7, 6", an.Applicable, an.Scored)
		}
	})
	t.Run("framework order", func(t *testing.T) {
		var got []string
		for _, r := range an.Indicators {
			got = append(got, r.Indicator.ID)
		}
		if want := f.IndicatorIDs(); !slices.Equal(got, want) {
			t.Errorf("Indicators = %v, want %v", got, want)
		}
	})
}

func TestAnalyseNationalExcludesUnscoredPillars(t *testing.T) {
	tests := []struct {
		name      string
		responses []Response
		value     float64
		n         int
	}{
		{"no scores at all", nil, 0, 0},
		{"only pillar AAA scored", append(resps("AAA.1.1", 2), resps("AAA.1.3", 4)...), (3*2 + 1*4) / 4.0, 1},
		{"only pillar BBB scored", resps("BBB.2.1", 1), 1, 1},
		{"N/A indicator does not make its pillar scored", resps("AAA.2.2", 4), 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			an := Analyse(testFramework(), testAssessment(), tt.responses, nil)
			if !near(an.National.Value, tt.value) || an.National.N != tt.n {
				t.Errorf("National = %v (N %d), want %v (N %d)", an.National.Value, an.National.N, tt.value, tt.n)
			}
			if an.National.Valid() != (tt.n > 0) {
				t.Errorf("National.Valid() = %v, want %v", an.National.Valid(), tt.n > 0)
			}
			for _, pr := range an.Pillars {
				if pr.Score.N == 0 && (pr.Score.Value != 0 || pr.Score.Valid()) {
					t.Errorf("pillar %s without scores: Score = %+v, want zero", pr.Pillar.Code, pr.Score)
				}
			}
		})
	}
}

func TestScorePercent(t *testing.T) {
	tests := []struct {
		value, want float64
	}{
		{0, 0}, {1, 25}, {2, 50}, {2.125, 53.125}, {3.2, 80}, {4, 100},
	}
	for _, tt := range tests {
		if got := (Score{Value: tt.value, N: 1}).Percent(); !near(got, tt.want) {
			t.Errorf("Score{%v}.Percent() = %v, want %v", tt.value, got, tt.want)
		}
	}
}

func TestAnalysePriority(t *testing.T) {
	tests := []struct {
		name      string
		indicator string // weight: AAA.1.1 3, AAA.1.2 2, AAA.1.3 1 (pillar AAA)
		level     Level
		target    Level // Unscored: default 3
		critical  bool  // pillar AAA critical

		gap      int
		factor   float64
		index    float64
		priority Priority
		binding  bool
	}{
		{"w1 gap 1 is Low", "AAA.1.3", 2, Unscored, false, 1, 1, 1, PriorityLow, false},
		{"w2 gap 1 is Low", "AAA.1.2", 2, Unscored, false, 1, 1, 2, PriorityLow, false},
		{"w3 gap 1 at level 2 is Medium, not binding", "AAA.1.1", 2, Unscored, false, 1, 1, 3, PriorityMedium, false},
		{"w2 gap 2 is Medium", "AAA.1.2", 1, Unscored, false, 2, 1, 4, PriorityMedium, false},
		{"w2 gap 3 reaches High at 6", "AAA.1.2", 0, Unscored, false, 3, 1, 6, PriorityHigh, false},
		{"w1 gap 3 is Medium", "AAA.1.3", 0, Unscored, false, 3, 1, 3, PriorityMedium, false},
		{"w3 level 1 target 2 is High and binding despite index 3", "AAA.1.1", 1, 2, false, 1, 1, 3, PriorityHigh, true},
		{"w3 level 0 target 2 is binding", "AAA.1.1", 0, 2, false, 2, 1, 6, PriorityHigh, true},
		{"w3 level 1 default target", "AAA.1.1", 1, Unscored, false, 2, 1, 6, PriorityHigh, true},
		{"w3 level 2 target 4", "AAA.1.1", 2, 4, false, 2, 1, 6, PriorityHigh, false},
		{"w3 level 4 target 4 has no gap", "AAA.1.1", 4, 4, false, 0, 1, 0, PriorityNone, false},
		{"at target has no gap", "AAA.1.3", 3, Unscored, false, 0, 1, 0, PriorityNone, false},
		{"above target has no negative gap", "AAA.1.2", 4, Unscored, false, 0, 1, 0, PriorityNone, false},
		{"above an interim target of 2", "AAA.1.2", 3, 2, false, 0, 1, 0, PriorityNone, false},
		{"critical w1 gap 1 stays Low", "AAA.1.3", 2, Unscored, true, 1, 1.5, 1.5, PriorityLow, false},
		{"critical w2 gap 1 becomes Medium", "AAA.1.2", 2, Unscored, true, 1, 1.5, 3, PriorityMedium, false},
		{"critical w1 gap 2 becomes Medium", "AAA.1.3", 1, Unscored, true, 2, 1.5, 3, PriorityMedium, false},
		{"critical w2 gap 2 becomes High", "AAA.1.2", 1, Unscored, true, 2, 1.5, 6, PriorityHigh, false},
		{"critical w3 gap 1 at level 2", "AAA.1.1", 2, Unscored, true, 1, 1.5, 4.5, PriorityMedium, false},
		{"critical at target", "AAA.1.1", 3, Unscored, true, 0, 1.5, 0, PriorityNone, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, a := testFramework(), testAssessment()
			if tt.critical {
				a.Profile.CriticalPillars = []string{"AAA"}
			}
			r := resp(tt.indicator, 2, tt.level)
			r.Target = tt.target
			an := Analyse(f, a, []Response{r}, nil)
			got := mustResult(t, an, tt.indicator)
			if got.Gap != tt.gap {
				t.Errorf("Gap = %d, want %d", got.Gap, tt.gap)
			}
			if got.ThreatFactor != tt.factor {
				t.Errorf("ThreatFactor = %v, want %v", got.ThreatFactor, tt.factor)
			}
			if !near(got.PriorityIndex, tt.index) {
				t.Errorf("PriorityIndex = %v, want %v", got.PriorityIndex, tt.index)
			}
			if got.Priority != tt.priority {
				t.Errorf("Priority = %q, want %q", got.Priority, tt.priority)
			}
			if got.BindingUnmet != tt.binding {
				t.Errorf("BindingUnmet = %v, want %v", got.BindingUnmet, tt.binding)
			}
			if crit := an.Pillars[0].Critical; crit != tt.critical {
				t.Errorf("pillar AAA Critical = %v, want %v", crit, tt.critical)
			}
		})
	}
}

func TestAnalyseCriticalPillarOnlyAffectsItsOwnIndicators(t *testing.T) {
	f, a := testFramework(), testAssessment()
	a.Profile.CriticalPillars = []string{"BBB"}
	an := Analyse(f, a, append(resps("AAA.1.2", 2), resps("BBB.2.1", 2)...), nil)
	if got := mustResult(t, an, "AAA.1.2").PriorityIndex; got != 2 {
		t.Errorf("AAA.1.2 PriorityIndex = %v, want 2", got)
	}
	if got := mustResult(t, an, "BBB.2.1").PriorityIndex; got != 3 {
		t.Errorf("BBB.2.1 PriorityIndex = %v, want 3", got)
	}
}

func TestClassifyPriority(t *testing.T) {
	tests := []struct {
		index  float64
		weight int
		level  Level
		want   Priority
	}{
		{0, 1, 3, PriorityNone},
		{-1, 2, 4, PriorityNone},
		{0.5, 1, 2, PriorityLow},
		{2.99, 1, 2, PriorityLow},
		{3, 1, 0, PriorityMedium},
		{5.99, 2, 1, PriorityMedium},
		{6, 2, 0, PriorityHigh},
		{9, 3, 2, PriorityHigh},
		{2.99, 3, 2, PriorityLow},
		{3, 3, 2, PriorityMedium},
		// weight 3 at level 0 or 1: High whatever the index.
		{3, 3, 1, PriorityHigh},
		{1.5, 3, 1, PriorityHigh},
		{0, 3, 0, PriorityHigh},
		// weights 1 and 2 at low levels follow the index.
		{2, 2, 1, PriorityLow},
		{1, 1, 0, PriorityLow},
		// markers are not levels 0 or 1.
		{0, 3, NA, PriorityNone},
		{0, 3, Unscored, PriorityNone},
	}
	for _, tt := range tests {
		if got := ClassifyPriority(tt.index, tt.weight, tt.level); got != tt.want {
			t.Errorf("ClassifyPriority(%v, %d, %v) = %q, want %q", tt.index, tt.weight, tt.level, got, tt.want)
		}
	}
}

func TestPriorityRank(t *testing.T) {
	tests := []struct {
		p    Priority
		want int
	}{
		{PriorityHigh, 3}, {PriorityMedium, 2}, {PriorityLow, 1}, {PriorityNone, 0}, {"Urgent", 0},
	}
	for _, tt := range tests {
		if got := tt.p.Rank(); got != tt.want {
			t.Errorf("Priority(%q).Rank() = %d, want %d", tt.p, got, tt.want)
		}
	}
}

func TestAnalyseConfidenceAndSources(t *testing.T) {
	type answer struct {
		level   Level
		conf    Confidence
		sources []string
	}
	tests := []struct {
		name          string
		indicator     string
		answers       []answer
		confidence    Confidence
		lowConfidence bool
		singleSource  bool
	}{
		{"L M H gives M", "AAA.1.2", []answer{{2, "L", nil}, {2, "M", nil}, {2, "H", nil}}, ConfidenceMedium, false, false},
		{"L H gives the lower median L", "AAA.1.2", []answer{{2, "H", nil}, {2, "L", nil}}, ConfidenceLow, true, false},
		{"H H L gives H", "AAA.1.2", []answer{{2, "H", nil}, {2, "L", nil}, {2, "H", nil}}, ConfidenceHigh, false, false},
		{"L L M gives L", "AAA.1.2", []answer{{1, "L", nil}, {2, "L", nil}, {2, "M", nil}}, ConfidenceLow, true, false},
		{"single L", "AAA.1.3", []answer{{2, "L", nil}}, ConfidenceLow, true, false},
		{"unrated confidence is ignored", "AAA.1.3", []answer{{2, "", nil}, {2, "H", nil}}, ConfidenceHigh, false, false},
		{"no rating at all", "AAA.1.3", []answer{{2, "", nil}}, "", false, false},
		{"N/A answer's confidence is ignored", "AAA.1.3", []answer{{NA, "L", nil}, {2, "H", nil}}, ConfidenceHigh, false, false},
		{"weight 3 with one source", "AAA.1.1", []answer{{2, "H", []string{"law"}}}, ConfidenceHigh, false, true},
		{"weight 3 with no source", "AAA.1.1", []answer{{2, "H", nil}}, ConfidenceHigh, false, true},
		{"weight 3 with the same source twice", "AAA.1.1", []answer{{2, "H", []string{"law"}}, {2, "H", []string{"law"}}}, ConfidenceHigh, false, true},
		{"weight 3 with two sources from one assessor", "AAA.1.1", []answer{{2, "H", []string{"law", "demo at airport"}}}, ConfidenceHigh, false, false},
		{"weight 3 with two sources from two assessors", "AAA.1.1", []answer{{2, "H", []string{"law"}}, {3, "H", []string{"demo"}}}, ConfidenceHigh, false, false},
		{"weight 2 with one source is not flagged", "AAA.1.2", []answer{{2, "H", []string{"law"}}}, ConfidenceHigh, false, false},
		{"weight 3 low confidence and single source", "BBB.1.2", []answer{{0, "L", []string{"self-assessment"}}}, ConfidenceLow, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rs []Response
			for i, an := range tt.answers {
				r := resp(tt.indicator, int64(i+1), an.level)
				r.Confidence, r.Sources = an.conf, an.sources
				rs = append(rs, r)
			}
			got := mustResult(t, Analyse(testFramework(), testAssessment(), rs, nil), tt.indicator)
			if got.Confidence != tt.confidence {
				t.Errorf("Confidence = %q, want %q", got.Confidence, tt.confidence)
			}
			if got.LowConfidence != tt.lowConfidence {
				t.Errorf("LowConfidence = %v, want %v", got.LowConfidence, tt.lowConfidence)
			}
			if got.SingleSource != tt.singleSource {
				t.Errorf("SingleSource = %v, want %v", got.SingleSource, tt.singleSource)
			}
		})
	}
}

func TestAnalyseFlagsNotSetWhenNA(t *testing.T) {
	r := resp("AAA.2.2", 2, NA)
	r.Confidence, r.Sources = ConfidenceLow, nil
	got := mustResult(t, Analyse(testFramework(), testAssessment(), []Response{r}, nil), "AAA.2.2")
	if got.LowConfidence || got.SingleSource || got.BindingUnmet {
		t.Errorf("N/A indicator: LowConfidence, SingleSource, BindingUnmet = %v, %v, %v, want all false",
			got.LowConfidence, got.SingleSource, got.BindingUnmet)
	}
}

func TestAnalyseRightsCap(t *testing.T) {
	concern := func(r Response) Response { r.RightsConcern = true; return r }
	tests := []struct {
		name      string
		indicator string
		responses []Response
		consensus []Consensus
		level     Level
		concern   bool
		capped    bool
		gap       int
	}{
		{"proposed 3 is capped at 2", "AAA.1.1",
			[]Response{resp("AAA.1.1", 1, 3), concern(resp("AAA.1.1", 2, 3))}, nil, 2, true, true, 1},
		{"proposed 4 is capped at 2", "AAA.1.3",
			[]Response{concern(resp("AAA.1.3", 1, 4))}, nil, 2, true, true, 1},
		{"lead's consensus of 3 is capped at 2", "AAA.1.1",
			[]Response{concern(resp("AAA.1.1", 1, 2)), resp("AAA.1.1", 2, 2)},
			[]Consensus{{IndicatorID: "AAA.1.1", Level: 3, Target: Unscored}}, 2, true, true, 1},
		{"concern on a note-only answer still caps", "AAA.1.2",
			[]Response{resp("AAA.1.2", 1, 3), concern(resp("AAA.1.2", 2, Unscored))}, nil, 2, true, true, 1},
		{"level 2 is not capped", "AAA.1.2",
			[]Response{concern(resp("AAA.1.2", 1, 2))}, nil, 2, true, false, 1},
		{"level 1 is not capped", "AAA.1.2",
			[]Response{concern(resp("AAA.1.2", 1, 1))}, nil, 1, true, false, 2},
		{"no concern, no cap", "AAA.1.2",
			[]Response{resp("AAA.1.2", 1, 4)}, nil, 4, false, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustResult(t, Analyse(testFramework(), testAssessment(), tt.responses, tt.consensus), tt.indicator)
			if got.Level != tt.level {
				t.Errorf("Level = %v, want %v", got.Level, tt.level)
			}
			if got.RightsConcern != tt.concern {
				t.Errorf("RightsConcern = %v, want %v", got.RightsConcern, tt.concern)
			}
			if got.RightsCapped != tt.capped {
				t.Errorf("RightsCapped = %v, want %v", got.RightsCapped, tt.capped)
			}
			if got.Gap != tt.gap {
				t.Errorf("Gap = %d, want %d", got.Gap, tt.gap)
			}
		})
	}
}

func TestAnalyseTargets(t *testing.T) {
	withTargets := func(id string, targets ...Level) []Response {
		rs := make([]Response, len(targets))
		for i, tg := range targets {
			rs[i] = resp(id, int64(i+1), 1)
			rs[i].Target = tg
		}
		return rs
	}
	tests := []struct {
		name      string
		indicator string
		responses []Response
		consensus []Consensus
		want      Level
	}{
		{"default is 3", "AAA.1.2", withTargets("AAA.1.2", Unscored, Unscored), nil, 3},
		{"4 on weight 3 is kept", "AAA.1.1", withTargets("AAA.1.1", 4), nil, 4},
		{"4 on weight 2 falls back to 3", "AAA.1.2", withTargets("AAA.1.2", 4), nil, 3},
		{"4 on weight 1 falls back to 3", "AAA.1.3", withTargets("AAA.1.3", 4, 4), nil, 3},
		{"interim target 2", "AAA.1.2", withTargets("AAA.1.2", 2), nil, 2},
		{"lower median of targets", "AAA.1.1", withTargets("AAA.1.1", 4, 2, 3, 4), nil, 3},
		{"unset targets are skipped", "AAA.1.1", withTargets("AAA.1.1", Unscored, 4), nil, 4},
		{"consensus 4 on weight 2 falls back to 3", "AAA.1.2", withTargets("AAA.1.2", 2),
			[]Consensus{{IndicatorID: "AAA.1.2", Level: Unscored, Target: 4}}, 3},
		{"consensus 4 on weight 3", "BBB.1.2", withTargets("BBB.1.2", 3),
			[]Consensus{{IndicatorID: "BBB.1.2", Level: Unscored, Target: 4}}, 4},
		{"consensus N/A target is ignored", "BBB.1.2", withTargets("BBB.1.2", 2),
			[]Consensus{{IndicatorID: "BBB.1.2", Level: Unscored, Target: NA}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustResult(t, Analyse(testFramework(), testAssessment(), tt.responses, tt.consensus), tt.indicator)
			if got.Target != tt.want {
				t.Errorf("Target = %v, want %v", got.Target, tt.want)
			}
			if wantGap := int(tt.want) - 1; got.Gap != wantGap {
				t.Errorf("Gap = %d, want %d", got.Gap, wantGap)
			}
		})
	}
}

// gapsScenario scores every indicator (scope includes air):
//
//	AAA.1.1 w3 level 1 target 2 → index 3, High (binding)
//	AAA.1.2 w2 level 0          → index 6, High
//	AAA.1.3 w1 level 2          → index 1, Low
//	AAA.2.1 w2 level 3          → no gap
//	AAA.2.2 w3 level 0          → index 9, High (binding)
//	BBB.1.1 w1 level 2          → index 1, Low
//	BBB.1.2 w3 level 1          → index 6, High (binding)
//	BBB.2.1 w2 level 1          → index 4, Medium
func gapsScenario() *Analysis {
	f, a := testFramework(), testAssessment()
	a.Scope.Modes = []Mode{ModeAir, ModeLand}
	var rs []Response
	for id, l := range map[string]Level{"AAA.1.1": 1, "AAA.1.2": 0, "AAA.1.3": 2, "AAA.2.1": 3, "AAA.2.2": 0, "BBB.1.1": 2, "BBB.1.2": 1, "BBB.2.1": 1} {
		r := resp(id, 2, l)
		if id == "AAA.1.1" {
			r.Target = 2
		}
		rs = append(rs, r)
	}
	return Analyse(f, a, rs, nil)
}

func TestAnalysisGaps(t *testing.T) {
	an := gapsScenario()
	var got []string
	for _, r := range an.Gaps() {
		got = append(got, r.Indicator.ID)
	}
	// High 9, High 6 binding before High 6 by id, High 3 before Medium 4,
	// Low 1 by id; AAA.2.1 has no gap.
	want := []string{"AAA.2.2", "BBB.1.2", "AAA.1.2", "AAA.1.1", "BBB.2.1", "AAA.1.3", "BBB.1.1"}
	if !slices.Equal(got, want) {
		t.Errorf("Gaps() = %v, want %v", got, want)
	}
}

func TestAnalysisBindingUnmet(t *testing.T) {
	an := gapsScenario()
	var got []string
	for _, r := range an.BindingUnmet() {
		got = append(got, r.Indicator.ID)
	}
	if want := []string{"AAA.1.1", "AAA.2.2", "BBB.1.2"}; !slices.Equal(got, want) {
		t.Errorf("BindingUnmet() = %v, want %v", got, want)
	}
	counts := map[string][2]int{"AAA": {3, 2}, "BBB": {1, 1}}
	for _, pr := range an.Pillars {
		want := counts[pr.Pillar.Code]
		if pr.HighGaps != want[0] || pr.BindingUnmet != want[1] {
			t.Errorf("pillar %s HighGaps, BindingUnmet = %d, %d, want %d, %d",
				pr.Pillar.Code, pr.HighGaps, pr.BindingUnmet, want[0], want[1])
		}
	}
}

func TestAnalysisGapsEmpty(t *testing.T) {
	an := Analyse(testFramework(), testAssessment(), resps("AAA.1.1", 3), nil)
	if got := an.Gaps(); len(got) != 0 {
		t.Errorf("Gaps() has %d entries, want 0", len(got))
	}
	if got := an.BindingUnmet(); len(got) != 0 {
		t.Errorf("BindingUnmet() has %d entries, want 0", len(got))
	}
}

func TestAnalyseFlaggedCount(t *testing.T) {
	rs := append(resps("AAA.1.1", 0, 2), resps("AAA.1.2", 1, 2)...)
	rs = append(rs, resps("AAA.2.2", 0, 4)...) // N/A: not counted
	rs = append(rs, resps("BBB.2.1", 4, 1, 2)...)
	an := Analyse(testFramework(), testAssessment(), rs, nil)
	if an.Flagged != 2 {
		t.Errorf("Flagged = %d, want 2", an.Flagged)
	}
}

func TestAnalyseIsDeterministic(t *testing.T) {
	rs := aggregationResponses()
	a1 := Analyse(testFramework(), testAssessment(), rs, nil)
	slices.Reverse(rs)
	a2 := Analyse(testFramework(), testAssessment(), rs, nil)
	if a1.National != a2.National {
		t.Errorf("National differs with response order: %+v vs %+v", a1.National, a2.National)
	}
	for i := range a1.Indicators {
		if a1.Indicators[i].Level != a2.Indicators[i].Level || a1.Indicators[i].PriorityIndex != a2.Indicators[i].PriorityIndex {
			t.Errorf("%s differs with response order", a1.Indicators[i].Indicator.ID)
		}
	}
}

func TestLowerMedian(t *testing.T) {
	tests := []struct {
		in   []int
		want int
	}{
		{[]int{3}, 3}, {[]int{3, 1}, 1}, {[]int{2, 0, 1}, 1}, {[]int{4, 3, 2, 1}, 2}, {[]int{0, 4, 4, 4}, 4},
	}
	for _, tt := range tests {
		in := slices.Clone(tt.in)
		if got := lowerMedian(in); got != tt.want {
			t.Errorf("lowerMedian(%v) = %d, want %d", tt.in, got, tt.want)
		}
		if !slices.Equal(in, tt.in) {
			t.Errorf("lowerMedian(%v) modified its argument to %v", tt.in, in)
		}
	}
}
