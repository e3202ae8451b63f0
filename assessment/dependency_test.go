package assessment

import (
	"slices"
	"strings"
	"testing"
)

func key(indicator, action string) ActionKey { return ActionKey{indicator, action} }

func TestResolveDependencies(t *testing.T) {
	tests := []struct {
		name  string
		rules []DependencyRule
		want  map[ActionKey][]ActionKey // dependent → prerequisite actions
	}{
		{
			name: "by action",
			rules: []DependencyRule{{ID: "R1", Before: []ActionSelector{{Indicator: "BBB.1.2", Action: "A2"}},
				Requires: Requirement{Indicator: "AAA.1.1", Level: 2}}},
			want: map[ActionKey][]ActionKey{key("BBB.1.2", "A2"): {key("AAA.1.1", "A1")}},
		},
		{
			name: "any action of an indicator",
			rules: []DependencyRule{{ID: "R1", Before: []ActionSelector{{Indicator: "BBB.1.2"}},
				Requires: Requirement{Indicator: "AAA.1.1", Level: 2}}},
			want: map[ActionKey][]ActionKey{
				key("BBB.1.2", "A1"): {key("AAA.1.1", "A1")},
				key("BBB.1.2", "A2"): {key("AAA.1.1", "A1")},
			},
		},
		{
			name: "by level reached",
			rules: []DependencyRule{{ID: "R1", Before: []ActionSelector{{Indicator: "BBB.1.2", Reaches: 3}},
				Requires: Requirement{Indicator: "AAA.1.1", Level: 2}}},
			want: map[ActionKey][]ActionKey{key("BBB.1.2", "A2"): {key("AAA.1.1", "A1")}},
		},
		{
			name: "reaches 2 selects both",
			rules: []DependencyRule{{ID: "R1", Before: []ActionSelector{{Indicator: "AAA.1.3", Reaches: 2}},
				Requires: Requirement{Indicator: "AAA.1.1", Level: 2}}},
			want: map[ActionKey][]ActionKey{
				key("AAA.1.3", "A1"): {key("AAA.1.1", "A1")},
				key("AAA.1.3", "A2"): {key("AAA.1.1", "A1")},
			},
		},
		{
			name: "by cost class",
			rules: []DependencyRule{{ID: "R1", Before: []ActionSelector{{Indicator: "*", Cost: CostL}},
				Requires: Requirement{Indicator: "AAA.1.1", Level: 2}}},
			want: map[ActionKey][]ActionKey{key("BBB.2.1", "A2"): {key("AAA.1.1", "A1")}},
		},
		{
			name: "by pattern",
			rules: []DependencyRule{{ID: "R1", Before: []ActionSelector{{Indicator: "AAA.1.*", Action: "A2"}},
				Requires: Requirement{Indicator: "BBB.2.1", Level: 2}}},
			want: map[ActionKey][]ActionKey{
				key("AAA.1.1", "A2"): {key("BBB.2.1", "A1")},
				key("AAA.1.2", "A2"): {key("BBB.2.1", "A1")},
				key("AAA.1.3", "A2"): {key("BBB.2.1", "A1")},
			},
		},
		{
			name: "by pattern and cost",
			rules: []DependencyRule{{ID: "R1", Before: []ActionSelector{{Indicator: "BBB.*", Cost: CostM}},
				Requires: Requirement{Indicator: "AAA.1.1", Level: 2}}},
			want: map[ActionKey][]ActionKey{
				key("BBB.1.1", "A2"): {key("AAA.1.1", "A1")},
				key("BBB.1.2", "A2"): {key("AAA.1.1", "A1")},
				key("BBB.2.1", "A2"): {key("AAA.1.1", "A1")},
			},
		},
		{
			name: "requirement level 3 is met by the action reaching 3",
			rules: []DependencyRule{{ID: "R1", Before: []ActionSelector{{Indicator: "BBB.1.2", Action: "A1"}},
				Requires: Requirement{Indicator: "AAA.1.1", Level: 3}}},
			want: map[ActionKey][]ActionKey{key("BBB.1.2", "A1"): {key("AAA.1.1", "A2")}},
		},
		{
			name: "requirement naming its action",
			rules: []DependencyRule{{ID: "R1", Before: []ActionSelector{{Indicator: "BBB.1.2", Action: "A1"}},
				Requires: Requirement{Indicator: "AAA.1.1", Level: 2, Action: "A2"}}},
			want: map[ActionKey][]ActionKey{key("BBB.1.2", "A1"): {key("AAA.1.1", "A2")}},
		},
		{
			name: "rules add up on one action",
			rules: []DependencyRule{
				{ID: "R1", Before: []ActionSelector{{Indicator: "BBB.1.2", Action: "A2"}}, Requires: Requirement{Indicator: "AAA.1.1", Level: 2}},
				{ID: "R2", Before: []ActionSelector{{Indicator: "BBB.1.2", Action: "A2"}, {Indicator: "BBB.1.1", Action: "A1"}}, Requires: Requirement{Indicator: "AAA.1.2", Level: 2}},
			},
			want: map[ActionKey][]ActionKey{
				key("BBB.1.2", "A2"): {key("AAA.1.1", "A1"), key("AAA.1.2", "A1")},
				key("BBB.1.1", "A1"): {key("AAA.1.2", "A1")},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := testFramework()
			f.Dependencies = tt.rules
			g, errs := f.ResolveDependencies()
			if len(errs) > 0 {
				t.Fatalf("ResolveDependencies() errors = %v, want none", errs)
			}
			if len(g) != len(tt.want) {
				t.Errorf("graph has %d actions %v, want %d", len(g), g, len(tt.want))
			}
			for dep, want := range tt.want {
				var got []ActionKey
				for _, p := range g[dep] {
					got = append(got, p.Action)
				}
				if !slices.Equal(got, want) {
					t.Errorf("prerequisites of %v = %v, want %v", dep, got, want)
				}
			}
		})
	}
}

func TestResolveDependenciesPrerequisiteRecord(t *testing.T) {
	f := testFramework()
	req := Requirement{Indicator: "AAA.1.1", Level: 2}
	f.Dependencies = []DependencyRule{{ID: "legal-basis", Before: []ActionSelector{{Indicator: "BBB.1.2", Action: "A2"}}, Requires: req}}
	g, errs := f.ResolveDependencies()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := []Prerequisite{{Rule: "legal-basis", Requires: req, Action: key("AAA.1.1", "A1")}}
	if got := g[key("BBB.1.2", "A2")]; !slices.Equal(got, want) {
		t.Errorf("prerequisites = %+v, want %+v", got, want)
	}
}

func TestResolveDependenciesErrors(t *testing.T) {
	ok := []ActionSelector{{Indicator: "BBB.1.2", Action: "A2"}}
	okReq := Requirement{Indicator: "AAA.1.1", Level: 2}
	tests := []struct {
		name string
		rule DependencyRule
		want []string
	}{
		{"unknown required indicator", DependencyRule{Before: ok, Requires: Requirement{Indicator: "ZZZ.1.1", Level: 2}},
			[]string{"dependencies[1].requires.indicator"}},
		{"required level 0", DependencyRule{Before: ok, Requires: Requirement{Indicator: "AAA.1.1", Level: 0}},
			[]string{"dependencies[1].requires.level"}},
		{"required level 5", DependencyRule{Before: ok, Requires: Requirement{Indicator: "AAA.1.1", Level: 5}},
			[]string{"dependencies[1].requires.level"}},
		{"no action reaches the required level", DependencyRule{Before: ok, Requires: Requirement{Indicator: "AAA.1.1", Level: 4}},
			[]string{"dependencies[1].requires"}},
		{"required action does not exist", DependencyRule{Before: ok, Requires: Requirement{Indicator: "AAA.1.1", Level: 2, Action: "A9"}},
			[]string{"dependencies[1].requires"}},
		{"no selector", DependencyRule{Requires: okReq}, []string{"dependencies[1].before"}},
		{"unknown selected indicator", DependencyRule{Before: []ActionSelector{{Indicator: "ZZZ.1.1"}}, Requires: okReq},
			[]string{"dependencies[1].before[0].indicator"}},
		{"pattern matching no indicator", DependencyRule{Before: []ActionSelector{{Indicator: "CCC.*"}}, Requires: okReq},
			[]string{"dependencies[1].before[0].indicator"}},
		{"empty selector", DependencyRule{Before: []ActionSelector{{}}, Requires: okReq},
			[]string{"dependencies[1].before[0].indicator"}},
		{"bad pattern", DependencyRule{Before: []ActionSelector{{Indicator: "AAA.[1"}}, Requires: okReq},
			[]string{"dependencies[1].before[0].indicator"}},
		{"selector matching no action", DependencyRule{Before: []ActionSelector{ok[0], {Indicator: "BBB.1.2", Action: "A9"}}, Requires: okReq},
			[]string{"dependencies[1].before[1]"}},
		{"no action reaches 4", DependencyRule{Before: []ActionSelector{{Indicator: "BBB.1.*", Reaches: 4}}, Requires: okReq},
			[]string{"dependencies[1].before[0]"}},
		{"no action costs L", DependencyRule{Before: []ActionSelector{{Indicator: "AAA.*", Cost: CostL}}, Requires: okReq},
			[]string{"dependencies[1].before[0]"}},
		{"bad cost class", DependencyRule{Before: []ActionSelector{{Indicator: "AAA.1.1", Cost: "XL"}}, Requires: okReq},
			[]string{"dependencies[1].before[0].cost"}},
		{"every problem at once", DependencyRule{
			Before:   []ActionSelector{{Indicator: "ZZZ.1.1"}, {Indicator: "AAA.1.1", Action: "A7"}, {Indicator: "AAA.1.1", Cost: "Q"}},
			Requires: Requirement{Indicator: "AAA.1.1", Level: 9}},
			[]string{"dependencies[1].requires.level", "dependencies[1].before[0].indicator",
				"dependencies[1].before[1]", "dependencies[1].before[2].cost"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := testFramework()
			f.Dependencies = []DependencyRule{{ID: "fine", Before: ok, Requires: okReq}, tt.rule}
			g, errs := f.ResolveDependencies()
			if got := fieldNames(errs); !slices.Equal(got, tt.want) {
				t.Errorf("fields = %q, want %q (errors %v)", got, tt.want, errs)
			}
			for _, e := range errs {
				if e.Message == "" {
					t.Errorf("%s: empty message", e.Field)
				}
			}
			if len(g[key("BBB.1.2", "A2")]) == 0 {
				t.Errorf("the sound rule was not resolved alongside the broken one")
			}
		})
	}
}

func TestResolveDependenciesMessages(t *testing.T) {
	f := testFramework()
	f.Dependencies = []DependencyRule{{Before: []ActionSelector{{Indicator: "ZZZ.1.1"}, {Indicator: "BBB.1.2", Action: "A9"}},
		Requires: Requirement{Indicator: "AAA.1.1", Level: 2, Action: "A9"}}}
	_, errs := f.ResolveDependencies()
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.String())
	}
	joined := strings.Join(msgs, "\n")
	for _, want := range []string{`unknown indicator "ZZZ.1.1"`, "selects no action of BBB.1.2", `has no action "A9"`} {
		if !strings.Contains(joined, want) {
			t.Errorf("messages %q do not contain %q", joined, want)
		}
	}
}

func TestRequiredAction(t *testing.T) {
	f := testFramework()
	tests := []struct {
		r    Requirement
		want string // "" for nil
	}{
		{Requirement{Indicator: "AAA.1.1", Level: 1}, "A1"},
		{Requirement{Indicator: "AAA.1.1", Level: 2}, "A1"},
		{Requirement{Indicator: "AAA.1.1", Level: 3}, "A2"},
		{Requirement{Indicator: "AAA.1.1", Level: 4}, ""},
		{Requirement{Indicator: "AAA.1.1", Level: 2, Action: "A2"}, "A2"},
		{Requirement{Indicator: "AAA.1.1", Level: 2, Action: "A3"}, ""},
		{Requirement{Indicator: "ZZZ.1.1", Level: 2}, ""},
	}
	for _, tt := range tests {
		got := ""
		if a := tt.r.RequiredAction(f); a != nil {
			got = a.ID
		}
		if got != tt.want {
			t.Errorf("RequiredAction(%+v) = %q, want %q", tt.r, got, tt.want)
		}
	}
}

func TestActionSelectorMatches(t *testing.T) {
	f := testFramework()
	ind := f.Indicator("BBB.2.1")
	a1, a2 := &ind.Actions[0], &ind.Actions[1]
	tests := []struct {
		s      ActionSelector
		a1, a2 bool
	}{
		{ActionSelector{Indicator: "BBB.2.1"}, true, true},
		{ActionSelector{Indicator: "BBB.*"}, true, true},
		{ActionSelector{Indicator: "BBB.1.*"}, false, false},
		{ActionSelector{Indicator: "BBB.2.1", Action: "A2"}, false, true},
		{ActionSelector{Indicator: "BBB.2.1", Reaches: 3}, false, true},
		{ActionSelector{Indicator: "BBB.2.1", Cost: CostS}, true, false},
		{ActionSelector{Indicator: "BBB.2.1", Cost: CostM}, false, true},
		{ActionSelector{Indicator: "BBB.2.1", Cost: CostL}, false, true},
		{ActionSelector{Indicator: "BBB.2.1", Action: "A1", Reaches: 3}, false, false},
	}
	for _, tt := range tests {
		if got := tt.s.Matches(ind, a1); got != tt.a1 {
			t.Errorf("%+v.Matches(A1) = %v, want %v", tt.s, got, tt.a1)
		}
		if got := tt.s.Matches(ind, a2); got != tt.a2 {
			t.Errorf("%+v.Matches(A2) = %v, want %v", tt.s, got, tt.a2)
		}
	}
}

func TestCycles(t *testing.T) {
	rule := func(id, beforeInd, beforeAct, reqInd string, reqLevel int) DependencyRule {
		return DependencyRule{ID: id, Before: []ActionSelector{{Indicator: beforeInd, Action: beforeAct}},
			Requires: Requirement{Indicator: reqInd, Level: reqLevel}}
	}
	tests := []struct {
		name  string
		rules []DependencyRule
		want  []string // FormatCycle of each cycle
	}{
		{"no rules", nil, nil},
		{"sound rule set", []DependencyRule{
			rule("R1", "BBB.1.2", "A2", "AAA.1.1", 2),
			rule("R2", "BBB.2.1", "A1", "BBB.1.2", 3),
			rule("R3", "AAA.1.3", "A2", "AAA.1.1", 3),
		}, nil},
		{"two-rule cycle", []DependencyRule{
			rule("R1", "AAA.1.1", "A2", "BBB.1.2", 2), // AAA.1.1 A2 needs BBB.1.2 A1
			rule("R2", "BBB.1.2", "A1", "AAA.1.1", 3), // BBB.1.2 A1 needs AAA.1.1 A2
		}, []string{"AAA.1.1 A2 → BBB.1.2 A1 → AAA.1.1 A2"}},
		{"cycle through A1 → A2 of one indicator", []DependencyRule{
			rule("R1", "AAA.1.1", "A1", "BBB.1.2", 2), // AAA.1.1 A1 needs BBB.1.2 A1
			rule("R2", "BBB.1.2", "A1", "AAA.1.1", 3), // BBB.1.2 A1 needs AAA.1.1 A2, which follows AAA.1.1 A1
		}, []string{"AAA.1.1 A1 → AAA.1.1 A2 → BBB.1.2 A1 → AAA.1.1 A1"}},
		{"action needing a later action of its own indicator", []DependencyRule{
			rule("R1", "AAA.1.2", "A1", "AAA.1.2", 3),
		}, []string{"AAA.1.2 A1 → AAA.1.2 A2 → AAA.1.2 A1"}},
		{"action needing itself", []DependencyRule{
			rule("R1", "AAA.1.2", "A2", "AAA.1.2", 3),
		}, []string{"AAA.1.2 A2 → AAA.1.2 A2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := testFramework()
			f.Dependencies = tt.rules
			g, errs := f.ResolveDependencies()
			if len(errs) > 0 {
				t.Fatalf("ResolveDependencies() errors = %v", errs)
			}
			cycles := g.Cycles(f)
			var got []string
			for _, c := range cycles {
				if len(c) < 2 || c[0] != c[len(c)-1] {
					t.Errorf("cycle %v does not end where it starts", c)
				}
				s := FormatCycle(c)
				if !strings.Contains(s, " → ") {
					t.Errorf("FormatCycle(%v) = %q, want arrows", c, s)
				}
				got = append(got, s)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("cycles = %q, want %q", got, tt.want)
			}
		})
	}
}

// The rules of the chaining case form no cycle on their own: the cycle only
// closes through the implicit A1 → A2 edge.
func TestCyclesNeedIntraIndicatorChaining(t *testing.T) {
	f := testFramework()
	f.Dependencies = []DependencyRule{
		{ID: "R1", Before: []ActionSelector{{Indicator: "AAA.1.1", Action: "A1"}}, Requires: Requirement{Indicator: "BBB.1.2", Level: 2}},
		{ID: "R2", Before: []ActionSelector{{Indicator: "BBB.1.2", Action: "A1"}}, Requires: Requirement{Indicator: "AAA.1.1", Level: 3}},
	}
	g, _ := f.ResolveDependencies()
	if got := len(g.Cycles(f)); got != 1 {
		t.Fatalf("with A2 starting from 2: %d cycles, want 1", got)
	}
	// Make AAA.1.1 A2 start from level 3 only: A1 (to 2) no longer leads to it.
	f.Pillars[0].Capacities[0].Indicators[0].Actions[1].From = []int{3}
	f.Index()
	g, _ = f.ResolveDependencies()
	if got := g.Cycles(f); len(got) != 0 {
		t.Errorf("without chaining: cycles %v, want none", got)
	}
}

func TestCyclesReportsEachCycleOnce(t *testing.T) {
	f := testFramework()
	// Two separate two-node cycles, and every action reaches them.
	f.Dependencies = []DependencyRule{
		{ID: "R1", Before: []ActionSelector{{Indicator: "AAA.1.1", Action: "A2"}}, Requires: Requirement{Indicator: "BBB.1.2", Level: 2}},
		{ID: "R2", Before: []ActionSelector{{Indicator: "BBB.1.2", Action: "A1"}}, Requires: Requirement{Indicator: "AAA.1.1", Level: 3}},
		{ID: "R3", Before: []ActionSelector{{Indicator: "AAA.1.3", Action: "A2"}}, Requires: Requirement{Indicator: "BBB.1.1", Level: 2}},
		{ID: "R4", Before: []ActionSelector{{Indicator: "BBB.1.1", Action: "A1"}}, Requires: Requirement{Indicator: "AAA.1.3", Level: 3}},
		{ID: "R5", Before: []ActionSelector{{Indicator: "*", Action: "A1"}}, Requires: Requirement{Indicator: "BBB.2.1", Level: 2}},
	}
	g, errs := f.ResolveDependencies()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, c := range g.Cycles(f) {
		got = append(got, FormatCycle(c))
	}
	// BBB.2.1 A1 needs itself through R5 as well.
	want := []string{"AAA.1.1 A2 → BBB.1.2 A1 → AAA.1.1 A2", "AAA.1.3 A2 → BBB.1.1 A1 → AAA.1.3 A2", "BBB.2.1 A1 → BBB.2.1 A1"}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("cycles = %q, want %q", got, want)
	}
}

func TestFormatCycle(t *testing.T) {
	c := []ActionKey{key("GOV.3.3", "A1"), key("TRV.1.1", "A2"), key("GOV.3.3", "A1")}
	if got, want := FormatCycle(c), "GOV.3.3 A1 → TRV.1.1 A2 → GOV.3.3 A1"; got != want {
		t.Errorf("FormatCycle = %q, want %q", got, want)
	}
	if got, want := key("GOV.3.3", "A1").String(), "GOV.3.3 A1"; got != want {
		t.Errorf("ActionKey.String() = %q, want %q", got, want)
	}
}
