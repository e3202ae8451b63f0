package frameworks

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"bordergap/assessment"
)

// defaultFramework returns the embedded default framework, failing the test
// rather than panicking if it does not load.
func defaultFramework(t *testing.T) *assessment.Framework {
	t.Helper()
	list, err := Embedded()
	if err != nil {
		t.Fatalf("Embedded(): %v", err)
	}
	for _, s := range list {
		if s.Framework.ID == DefaultID {
			return s.Framework
		}
	}
	t.Fatalf("Embedded() has no framework %q", DefaultID)
	return nil
}

func TestEmbedded(t *testing.T) {
	list, err := Embedded()
	if err != nil {
		t.Fatalf("Embedded(): %v", err)
	}
	if len(list) == 0 {
		t.Fatal("Embedded() returned no framework")
	}
	for _, s := range list {
		if !s.Embedded {
			t.Errorf("%s: Embedded = false, want true", s.Name)
		}
		want := readFile(t, "default/"+s.Name)
		if !bytes.Equal(s.Data, want) {
			t.Errorf("%s: Data differs from default/%s: the source must keep the file byte for byte", s.Name, s.Name)
		}
	}
	again, err := Embedded()
	if err != nil || len(again) != len(list) || again[0] != list[0] {
		t.Errorf("second Embedded() = %v, %v: want the same sources, parsed once", again, err)
	}
	f := Default()
	if f != defaultFramework(t) {
		t.Error("Default() is not the embedded ibm-default framework")
	}
	if got, want := f.Key(), "ibm-default@0.1.0"; got != want {
		t.Errorf("Default().Key() = %q, want %q", got, want)
	}
}

func TestDefaultCounts(t *testing.T) {
	f := defaultFramework(t)
	p, c, i, a := f.Counts()
	if got, want := [4]int{p, c, i, a}, [4]int{10, 44, 112, 224}; got != want {
		t.Errorf("pillars, capacities, indicators, actions = %v, want %v (DOMAIN B)", got, want)
	}
	var codes []string
	for _, p := range f.Pillars {
		codes = append(codes, p.Code)
	}
	if got, want := strings.Join(codes, " "), "GOV RSK BCP TRV SUR NAC INT ILF HRD RIG"; got != want {
		t.Errorf("pillar codes = %s, want %s", got, want)
	}
	weight3 := 0
	for _, id := range f.IndicatorIDs() {
		if f.Indicator(id).Weight == 3 {
			weight3++
		}
	}
	if weight3 != 28 {
		t.Errorf("%d indicators of weight 3, want 28", weight3)
	}
	if got := len(f.IndicatorIDs()); got != 112 {
		t.Errorf("IndicatorIDs() has %d ids, want 112 (no duplicates)", got)
	}
}

func TestDefaultIndicators(t *testing.T) {
	f := defaultFramework(t)
	reID := regexp.MustCompile(`^[A-Z]{2,5}\.[1-9][0-9]*\.[1-9][0-9]*$`)
	for _, p := range f.Pillars {
		for ci, c := range p.Capacities {
			if want := fmt.Sprintf("%s.%d", p.Code, ci+1); c.ID != want {
				t.Errorf("capacity %d of %s has id %s, want %s", ci+1, p.Code, c.ID, want)
			}
			for ii := range c.Indicators {
				ind := &c.Indicators[ii]
				if want := fmt.Sprintf("%s.%d", c.ID, ii+1); ind.ID != want || !reID.MatchString(ind.ID) {
					t.Errorf("indicator %d of %s has id %s, want %s", ii+1, c.ID, ind.ID, want)
				}
				checkIndicator(t, f, ind)
			}
		}
	}
}

// checkIndicator checks that an indicator of the default framework carries
// everything the questionnaire and the plan generator need.
func checkIndicator(t *testing.T, f *assessment.Framework, ind *assessment.Indicator) {
	t.Helper()
	id := ind.ID
	if len(ind.Levels) != 5 {
		t.Errorf("%s: %d level descriptors, want 5", id, len(ind.Levels))
	}
	for l := assessment.MinLevel; l <= assessment.MaxLevel; l++ {
		if strings.TrimSpace(ind.Levels[l]) == "" {
			t.Errorf("%s: level %d descriptor is empty", id, l)
		}
	}
	for name, s := range map[string]string{"title": ind.Title, "question": ind.Question, "guidance": ind.Guidance} {
		if strings.TrimSpace(s) == "" {
			t.Errorf("%s: %s is empty", id, name)
		}
	}
	if ind.Weight < 1 || ind.Weight > 3 {
		t.Errorf("%s: weight %d, want 1 to 3", id, ind.Weight)
	}
	if len(ind.Evidence) == 0 || slices.Contains(ind.Evidence, "") {
		t.Errorf("%s: evidence = %q, want non-empty items", id, ind.Evidence)
	}
	if len(ind.Lead) == 0 {
		t.Errorf("%s: no lead role", id)
	}
	for _, r := range append(slices.Clone(ind.Lead), ind.Contributors...) {
		if f.Role(r) == nil {
			t.Errorf("%s: role %q is not declared", id, r)
		}
	}
	if len(ind.References) == 0 {
		t.Errorf("%s: no reference", id)
	}
	for _, r := range ind.References {
		if f.Instrument(r.Instrument) == nil {
			t.Errorf("%s: instrument %q is not declared", id, r.Instrument)
		}
	}
	if len(ind.Actions) == 0 {
		t.Errorf("%s: no action", id)
	}
	for _, a := range ind.Actions {
		if !a.Type.Valid() {
			t.Errorf("%s %s: type %q is not valid", id, a.ID, a.Type)
		}
		if strings.TrimSpace(a.Output) == "" || strings.TrimSpace(a.Text) == "" {
			t.Errorf("%s %s: text or output is empty", id, a.ID)
		}
		if a.Cost.Low == "" || a.Months.Min == 0 {
			t.Errorf("%s %s: cost %q, months %q: want both", id, a.ID, a.Cost, a.Months)
		}
	}
	// Every level below 3 starts some action (DOMAIN C.6 rule 1).
	for l := 0; l < 3; l++ {
		if !slices.ContainsFunc(ind.Actions, func(a assessment.Action) bool { return a.StartsFrom(l) }) {
			t.Errorf("%s: no action starts from level %d", id, l)
		}
	}
}

func TestDefaultValidates(t *testing.T) {
	f := defaultFramework(t)
	if errs := Validate(f); len(errs) > 0 {
		t.Errorf("Validate(default) = %v, want no error", errs)
	}
	g, errs := f.ResolveDependencies()
	if len(errs) > 0 {
		t.Fatalf("ResolveDependencies() errors: %v", errs)
	}
	if cycles := g.Cycles(f); len(cycles) > 0 {
		for _, c := range cycles {
			t.Errorf("dependency cycle: %s", assessment.FormatCycle(c))
		}
	}
}

func key(s string) assessment.ActionKey {
	ind, act, _ := strings.Cut(s, " ")
	return assessment.ActionKey{Indicator: ind, Action: act}
}

// requires returns the indicators the action requires under the default
// dependency rules, sorted.
func requires(g assessment.DependencyGraph, action string) []string {
	var out []string
	for _, p := range g[key(action)] {
		out = append(out, p.Requires.Indicator)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestDefaultDependencies checks the prerequisite table of DOMAIN C.6 rule
// 3, row by row: the action must require the indicator, met by its A1.
func TestDefaultDependencies(t *testing.T) {
	f := defaultFramework(t)
	g, errs := f.ResolveDependencies()
	if len(errs) > 0 {
		t.Fatalf("ResolveDependencies() errors: %v", errs)
	}
	tests := []struct {
		requires string
		before   []string
	}{
		{"GOV.3.3", []string{"TRV.1.1 A2", "TRV.2.1 A1", "TRV.2.1 A2", "TRV.3.1 A2", "TRV.4.1 A2"}},
		{"RIG.2.1", []string{"TRV.2.1 A2", "TRV.4.1 A2"}},
		{"TRV.2.2", []string{"TRV.2.1 A2"}},
		{"BCP.5.2", []string{"BCP.1.2 A2", "BCP.3.1 A2", "BCP.3.2 A2"}},
		{"INT.3.1", []string{"BCP.3.2 A1", "BCP.3.2 A2", "BCP.1.3 A2"}},
		{"TRV.3.1", []string{"BCP.3.1 A2", "TRV.1.2 A1"}},
		{"TRV.5.1", []string{"BCP.2.1 A2"}},
		{"RSK.1.1", []string{"RSK.3.1 A2"}},
		{"GOV.2.1", []string{"GOV.1.2 A2", "GOV.1.3 A1", "GOV.1.3 A2"}},
		{"HRD.2.3", []string{"HRD.2.2 A2"}},
		{"GOV.4.2", []string{"BCP.5.1 A2", "SUR.1.3 A2", "SUR.3.1 A2"}},
		{"RIG.4.2", []string{"TRV.2.1 A2", "RSK.2.1 A2"}},
	}
	for _, tt := range tests {
		for _, before := range tt.before {
			t.Run(before+" needs "+tt.requires, func(t *testing.T) {
				want := assessment.ActionKey{Indicator: tt.requires, Action: "A1"}
				for _, p := range g[key(before)] {
					if p.Requires.Indicator == tt.requires {
						if p.Action != want {
							t.Errorf("requirement met by %s, want %s", p.Action, want)
						}
						return
					}
				}
				t.Errorf("prerequisites of %s = %v, want %s among them", before, requires(g, before), tt.requires)
			})
		}
	}

	// Exact sets where DOMAIN names them, and actions the rules must leave alone.
	exact := []struct {
		action string
		want   []string
	}{
		{"TRV.2.1 A2", []string{"GOV.3.3", "RIG.2.1", "RIG.4.2", "TRV.2.2"}},
		{"BCP.3.1 A2", []string{"BCP.5.2", "TRV.3.1"}}, // reaches level 3
		{"BCP.3.1 A1", nil},                 // reaches level 2 only
		{"BCP.5.1 A2", []string{"GOV.4.2"}}, // cost L
		{"BCP.5.1 A1", nil},                 // cost S
		{"GOV.3.3 A1", nil},
	}
	for _, tt := range exact {
		if got := requires(g, tt.action); !slices.Equal(got, tt.want) {
			t.Errorf("prerequisites of %s = %v, want %v", tt.action, got, tt.want)
		}
	}
}

// TestDefaultLargeEquipment checks rule D11 against the indicators: every
// L-cost action of BCP.5.x, SUR.1.3, SUR.3.x and ILF.2.x requires GOV.4.2 A1,
// and no other action of theirs does.
func TestDefaultLargeEquipment(t *testing.T) {
	f := defaultFramework(t)
	g, _ := f.ResolveDependencies()
	found := 0
	for _, id := range f.IndicatorIDs() {
		var matched bool
		for _, pat := range []string{"BCP.5.*", "SUR.1.3", "SUR.3.*", "ILF.2.*"} {
			if ok, _ := path.Match(pat, id); ok {
				matched = true
			}
		}
		if !matched {
			continue
		}
		for _, a := range f.Indicator(id).Actions {
			k := id + " " + a.ID
			got := slices.Contains(requires(g, k), "GOV.4.2")
			if want := a.Cost.Contains(assessment.CostL); got != want {
				t.Errorf("%s (cost %s): requires GOV.4.2 = %v, want %v", k, a.Cost, got, want)
			}
			if got {
				found++
			}
		}
	}
	if found == 0 {
		t.Error("no L-cost equipment action requires GOV.4.2")
	}
}

func TestDefaultApplicability(t *testing.T) {
	f := defaultFramework(t)
	tests := []struct {
		id   string
		want []assessment.Mode
	}{
		{"BCP.4.1", []assessment.Mode{assessment.ModeAir}},
		{"SUR.3.1", []assessment.Mode{assessment.ModeSea}},
		{"TRV.6.2", []assessment.Mode{assessment.ModeSea, assessment.ModeRail, assessment.ModeLand}},
		{"GOV.1.1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			ind := f.Indicator(tt.id)
			if ind == nil {
				t.Fatalf("Indicator(%s) = nil", tt.id)
			}
			if !slices.Equal(ind.Applies, tt.want) {
				t.Errorf("applies = %v, want %v", ind.Applies, tt.want)
			}
			for _, m := range assessment.Modes {
				want := len(tt.want) == 0 || slices.Contains(tt.want, m)
				if got := ind.AppliesTo([]assessment.Mode{m}); got != want {
					t.Errorf("AppliesTo(%s) = %v, want %v", m, got, want)
				}
			}
		})
	}
}
