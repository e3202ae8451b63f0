package assessment

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// DependencyRule says that the actions selected by Before cannot be
// completed until Requires is met (DOMAIN C.6 rule 3).
type DependencyRule struct {
	ID          string           `yaml:"id" json:"id"`
	Description string           `yaml:"description" json:"description"`
	Before      []ActionSelector `yaml:"before" json:"before"`
	Requires    Requirement      `yaml:"requires" json:"requires"`
}

// ActionSelector selects actions of one or more indicators. Indicator is an
// id or a pattern with * ("BCP.5.*"). The optional filters narrow the
// selection: one action id, the actions that reach at least a level, or the
// actions whose cost range includes a class.
type ActionSelector struct {
	Indicator string    `yaml:"indicator" json:"indicator"`
	Action    string    `yaml:"action,omitempty" json:"action,omitempty"`
	Reaches   int       `yaml:"reaches,omitempty" json:"reaches,omitempty"`
	Cost      CostClass `yaml:"cost,omitempty" json:"cost,omitempty"`
}

// Requirement is met when Indicator is at least at Level, or when its Action
// (by default the first action that reaches Level) is completed.
type Requirement struct {
	Indicator string `yaml:"indicator" json:"indicator"`
	Level     int    `yaml:"level" json:"level"`
	Action    string `yaml:"action,omitempty" json:"action,omitempty"`
}

// ActionKey identifies an action of an indicator: "GOV.3.3 A1".
type ActionKey struct {
	Indicator string
	Action    string
}

func (k ActionKey) String() string { return k.Indicator + " " + k.Action }

// Matches reports whether the selector selects action a of indicator ind.
func (s ActionSelector) Matches(ind *Indicator, a *Action) bool {
	if ok, _ := path.Match(s.Indicator, ind.ID); !ok {
		return false
	}
	if s.Action != "" && s.Action != a.ID {
		return false
	}
	if s.Reaches > 0 && a.To < s.Reaches {
		return false
	}
	if s.Cost != "" && !a.Cost.Contains(s.Cost) {
		return false
	}
	return true
}

// RequiredAction returns the action whose completion meets the requirement:
// the named one, or else the first action of the indicator reaching Level.
func (r Requirement) RequiredAction(f *Framework) *Action {
	ind := f.Indicator(r.Indicator)
	if ind == nil {
		return nil
	}
	var best *Action
	for i := range ind.Actions {
		a := &ind.Actions[i]
		if r.Action != "" {
			if a.ID == r.Action {
				return a
			}
			continue
		}
		if a.To >= r.Level && (best == nil || a.To < best.To) {
			best = a
		}
	}
	return best
}

// Prerequisite is one resolved edge of the dependency graph.
type Prerequisite struct {
	Rule     string
	Requires Requirement
	Action   ActionKey // the action that meets the requirement
}

// DependencyGraph maps each action to its prerequisites, resolved from the
// framework's rules. Chaining within an indicator (A1 before A2) is implicit
// and not listed here.
type DependencyGraph map[ActionKey][]Prerequisite

// ResolveDependencies expands the rules against the indicators. It returns
// the graph and, for a rule that selects nothing or names an unknown
// indicator or action, a field error with the rule's path
// ("dependencies[2].before[0].indicator").
func (f *Framework) ResolveDependencies() (DependencyGraph, []FieldError) {
	g := DependencyGraph{}
	var errs []FieldError
	for ri, rule := range f.Dependencies {
		rp := fmt.Sprintf("dependencies[%d]", ri)
		req := f.Indicator(rule.Requires.Indicator)
		var reqAction *Action
		switch {
		case req == nil:
			errs = append(errs, FieldError{rp + ".requires.indicator", fmt.Sprintf("unknown indicator %q", rule.Requires.Indicator)})
		case rule.Requires.Level < 1 || rule.Requires.Level > MaxLevel:
			errs = append(errs, FieldError{rp + ".requires.level", fmt.Sprintf("level %d out of range: want 1 to 4", rule.Requires.Level)})
		default:
			reqAction = rule.Requires.RequiredAction(f)
			if reqAction == nil {
				msg := fmt.Sprintf("indicator %s has no action reaching level %d", req.ID, rule.Requires.Level)
				if rule.Requires.Action != "" {
					msg = fmt.Sprintf("indicator %s has no action %q", req.ID, rule.Requires.Action)
				}
				errs = append(errs, FieldError{rp + ".requires", msg})
			}
		}
		if len(rule.Before) == 0 {
			errs = append(errs, FieldError{rp + ".before", "at least one action selector is required"})
		}
		for si, sel := range rule.Before {
			sp := fmt.Sprintf("%s.before[%d]", rp, si)
			if _, err := path.Match(sel.Indicator, ""); err != nil || sel.Indicator == "" {
				errs = append(errs, FieldError{sp + ".indicator", fmt.Sprintf("%q is not an indicator id or pattern", sel.Indicator)})
				continue
			}
			if sel.Cost != "" && sel.Cost.rank() < 0 {
				errs = append(errs, FieldError{sp + ".cost", fmt.Sprintf("cost class %q: want S, M or L", sel.Cost)})
				continue
			}
			matchedIndicator, matched := false, 0
			for _, id := range f.IndicatorIDs() {
				ind := f.Indicator(id)
				if ok, _ := path.Match(sel.Indicator, id); !ok {
					continue
				}
				matchedIndicator = true
				for ai := range ind.Actions {
					a := &ind.Actions[ai]
					if !sel.Matches(ind, a) {
						continue
					}
					matched++
					if reqAction != nil {
						k := ActionKey{ind.ID, a.ID}
						g[k] = append(g[k], Prerequisite{Rule: rule.ID, Requires: rule.Requires, Action: ActionKey{req.ID, reqAction.ID}})
					}
				}
			}
			switch {
			case !matchedIndicator:
				errs = append(errs, FieldError{sp + ".indicator", fmt.Sprintf("unknown indicator %q", sel.Indicator)})
			case matched == 0:
				errs = append(errs, FieldError{sp, fmt.Sprintf("selects no action of %s", sel.Indicator)})
			}
		}
	}
	return g, errs
}

// Cycles returns every dependency cycle, each as the list of actions it
// passes through, first action repeated at the end. Within an indicator,
// actions are chained by level (A1 before A2), and those edges count too.
func (g DependencyGraph) Cycles(f *Framework) [][]ActionKey {
	next := map[ActionKey][]ActionKey{} // prerequisite → dependents
	add := func(from, to ActionKey) { next[from] = append(next[from], to) }
	for dep, pres := range g {
		for _, p := range pres {
			add(p.Action, dep)
		}
	}
	for _, id := range f.IndicatorIDs() {
		ind := f.Indicator(id)
		for i := range ind.Actions {
			for j := range ind.Actions {
				if ind.Actions[i].To < ind.Actions[j].To && ind.Actions[j].StartsFrom(ind.Actions[i].To) {
					add(ActionKey{id, ind.Actions[i].ID}, ActionKey{id, ind.Actions[j].ID})
				}
			}
		}
	}
	nodes := make([]ActionKey, 0, len(next))
	for k := range next {
		nodes = append(nodes, k)
	}
	sortKeys(nodes)
	for k := range next {
		sortKeys(next[k])
	}
	const (
		white = iota
		grey
		black
	)
	colour := map[ActionKey]int{}
	var stack []ActionKey
	var cycles [][]ActionKey
	seen := map[string]bool{}
	var visit func(k ActionKey)
	visit = func(k ActionKey) {
		colour[k] = grey
		stack = append(stack, k)
		for _, n := range next[k] {
			switch colour[n] {
			case white:
				visit(n)
			case grey:
				var cyc []ActionKey
				for i := len(stack) - 1; i >= 0; i-- {
					if stack[i] == n {
						cyc = append(append(cyc, stack[i:]...), n)
						break
					}
				}
				sig := cycleSignature(cyc)
				if !seen[sig] {
					seen[sig] = true
					cycles = append(cycles, cyc)
				}
			}
		}
		stack = stack[:len(stack)-1]
		colour[k] = black
	}
	for _, k := range nodes {
		if colour[k] == white {
			visit(k)
		}
	}
	return cycles
}

// FormatCycle renders a cycle as "GOV.3.3 A1 → TRV.1.1 A2 → GOV.3.3 A1".
func FormatCycle(c []ActionKey) string {
	parts := make([]string, len(c))
	for i, k := range c {
		parts[i] = k.String()
	}
	return strings.Join(parts, " → ")
}

func cycleSignature(c []ActionKey) string {
	ks := append([]ActionKey(nil), c[:len(c)-1]...)
	sortKeys(ks)
	return fmt.Sprint(ks)
}

func sortKeys(ks []ActionKey) {
	sort.Slice(ks, func(i, j int) bool {
		if ks[i].Indicator != ks[j].Indicator {
			return ks[i].Indicator < ks[j].Indicator
		}
		return ks[i].Action < ks[j].Action
	})
}
