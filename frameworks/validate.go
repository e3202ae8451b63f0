package frameworks

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"bordergap/assessment"
)

var (
	reFrameworkID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)
	reVersion     = regexp.MustCompile(`^\d+\.\d+(\.\d+)?$`)
	rePillar      = regexp.MustCompile(`^[A-Z]{2,5}$`)
	reRole        = regexp.MustCompile(`^[A-Z][A-Z0-9-]{0,9}$`)
	reActionID    = regexp.MustCompile(`^A\d{1,2}$`)
	reCurrency    = regexp.MustCompile(`^[A-Z]{3}$`)
)

// Validate checks a decoded framework and returns every problem with its
// field path. It does not stop at the first problem.
func Validate(f *assessment.Framework) []assessment.FieldError {
	v := &validator{}
	v.framework(f)
	return v.errs
}

type validator struct {
	errs []assessment.FieldError
}

func (v *validator) add(path, format string, args ...any) {
	v.errs = append(v.errs, assessment.FieldError{Field: path, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) required(path, value string) {
	if strings.TrimSpace(value) == "" {
		v.add(path, "is required")
	}
}

func (v *validator) framework(f *assessment.Framework) {
	switch {
	case f.ID == "":
		v.add("id", "is required")
	case !reFrameworkID.MatchString(f.ID):
		v.add("id", "%q: want lower-case letters, digits and hyphens (e.g. ibm-default)", f.ID)
	}
	switch {
	case f.Version == "":
		v.add("version", "is required")
	case !reVersion.MatchString(f.Version):
		v.add("version", "%q: want a version number such as 0.1.0", f.Version)
	}
	v.required("title", f.Title)
	v.required("language", f.Language)

	// The maturity scale: exactly the levels 0–4, each named.
	seen := map[int]bool{}
	for i, s := range f.Scale {
		p := fmt.Sprintf("scale[%d]", i)
		if s.Level < assessment.MinLevel || s.Level > assessment.MaxLevel {
			v.add(p+".level", "%d is out of range: want 0 to 4", s.Level)
		} else if seen[s.Level] {
			v.add(p+".level", "level %d appears twice", s.Level)
		}
		seen[s.Level] = true
		v.required(p+".name", s.Name)
	}
	for l := assessment.MinLevel; l <= assessment.MaxLevel; l++ {
		if !seen[l] {
			v.add("scale", "level %d missing", l)
		}
	}

	roles := map[string]bool{}
	for i, r := range f.Roles {
		p := fmt.Sprintf("roles[%d]", i)
		switch {
		case !reRole.MatchString(r.Code):
			v.add(p+".code", "%q: want an upper-case code such as BG or IBM-CB", r.Code)
		case roles[r.Code]:
			v.add(p+".code", "duplicate role code %q", r.Code)
		}
		roles[r.Code] = true
		v.required(p+".name", r.Name)
	}
	if len(f.Roles) == 0 {
		v.add("roles", "at least one agency role code is required")
	}
	instruments := map[string]bool{}
	for i, in := range f.Instruments {
		p := fmt.Sprintf("instruments[%d]", i)
		if in.ID == "" {
			v.add(p+".id", "is required")
		} else if instruments[in.ID] {
			v.add(p+".id", "duplicate instrument %q", in.ID)
		}
		instruments[in.ID] = true
		v.required(p+".title", in.Title)
	}

	c := f.Costs
	if !reCurrency.MatchString(c.Currency) {
		v.add("costs.currency", "%q: want an ISO 4217 code such as USD", c.Currency)
	}
	if !(c.S > 0 && c.S < c.M && c.M < c.L) {
		v.add("costs", "want positive amounts with S < M < L, got S=%g M=%g L=%g", c.S, c.M, c.L)
	}

	if len(f.Strategy.Vision) == 0 {
		v.add("strategy.vision", "at least one vision statement is required")
	}
	for i, s := range f.Strategy.Vision {
		v.required(fmt.Sprintf("strategy.vision[%d]", i), s)
	}
	v.required("strategy.mission", f.Strategy.Mission)
	for i, p := range f.Strategy.Principles {
		v.required(fmt.Sprintf("strategy.principles[%d].name", i), p.Name)
	}
	con := f.Strategy.Consolidation
	v.action("strategy.consolidation", &con, nil)
	if con.To != assessment.MaxLevel {
		v.add("strategy.consolidation.to", "the consolidation action must reach level 4, not %d", con.To)
	}

	for t, steps := range f.Strategy.Milestones {
		p := "strategy.milestones." + string(t)
		if !t.Valid() {
			v.add(p, "%q is not an action type: want one of %s", t, actionTypeList())
		}
		if len(steps) < 2 || len(steps) > 5 {
			v.add(p, "want 2 to 5 sub-activities, got %d", len(steps))
		}
		for i, st := range steps {
			v.required(fmt.Sprintf("%s[%d]", p, i), st)
		}
	}

	risks := map[string]bool{}
	for i, r := range f.Risks {
		p := fmt.Sprintf("risks[%d]", i)
		if r.ID == "" || risks[r.ID] {
			v.add(p+".id", "missing or duplicate risk id %q", r.ID)
		}
		risks[r.ID] = true
		v.required(p+".risk", r.Risk)
		v.required(p+".mitigation", r.Mitigation)
		for j, t := range r.ActionTypes {
			if !t.Valid() {
				v.add(fmt.Sprintf("%s.action_types[%d]", p, j), "%q: want one of %s", t, actionTypeList())
			}
		}
	}

	if len(f.Pillars) == 0 {
		v.add("pillars", "at least one pillar is required")
	}
	pillars := map[string]bool{}
	capacities := map[string]bool{}
	indicators := map[string]string{} // id → path of first use
	for pi := range f.Pillars {
		p := &f.Pillars[pi]
		pp := fmt.Sprintf("pillars[%d]", pi)
		switch {
		case !rePillar.MatchString(p.Code):
			v.add(pp+".code", "%q: want 2 to 5 capital letters such as GOV", p.Code)
		case pillars[p.Code]:
			v.add(pp+".code", "duplicate pillar %q", p.Code)
		}
		pillars[p.Code] = true
		v.required(pp+".title", p.Title)
		v.required(pp+".objective", p.Objective)
		if len(p.KPIs) == 0 {
			v.add(pp+".kpis", "at least one outcome KPI is required")
		}
		for ki, k := range p.KPIs {
			v.required(fmt.Sprintf("%s.kpis[%d].name", pp, ki), k.Name)
		}
		if len(p.Capacities) == 0 {
			v.add(pp+".capacities", "at least one capacity is required")
		}
		for ci := range p.Capacities {
			c := &p.Capacities[ci]
			cp := fmt.Sprintf("%s.capacities[%d]", pp, ci)
			switch {
			case !hasNumberedPrefix(c.ID, p.Code):
				v.add(cp+".id", "%q: want %s.<number>", c.ID, p.Code)
			case capacities[c.ID]:
				v.add(cp+".id", "duplicate capacity %q", c.ID)
			}
			capacities[c.ID] = true
			v.required(cp+".title", c.Title)
			v.required(cp+".objective", c.Objective)
			if len(c.Indicators) == 0 {
				v.add(cp+".indicators", "at least one indicator is required")
			}
			for ii := range c.Indicators {
				ind := &c.Indicators[ii]
				ip := fmt.Sprintf("%s.indicators[%d]", cp, ii)
				switch {
				case !hasNumberedPrefix(ind.ID, c.ID):
					v.add(ip+".id", "%q: want %s.<number>", ind.ID, c.ID)
				case indicators[ind.ID] != "":
					v.add(ip+".id", "duplicate indicator %q (first at %s)", ind.ID, indicators[ind.ID])
				default:
					indicators[ind.ID] = ip
				}
				v.indicator(ip, ind, roles, instruments)
			}
		}
	}

	// Dependency rules: they must name known indicators and actions and
	// form no cycle. Checked only on a structurally sound framework.
	if len(v.errs) == 0 {
		ruleIDs := map[string]bool{}
		for i, r := range f.Dependencies {
			if r.ID == "" || ruleIDs[r.ID] {
				v.add(fmt.Sprintf("dependencies[%d].id", i), "missing or duplicate rule id %q", r.ID)
			}
			ruleIDs[r.ID] = true
		}
		for i, r := range f.Risks {
			for j, pat := range r.Indicators {
				if len(matchIndicators(f, pat)) == 0 {
					v.add(fmt.Sprintf("risks[%d].indicators[%d]", i, j), "%q matches no indicator", pat)
				}
			}
		}
		g, errs := f.ResolveDependencies()
		v.errs = append(v.errs, errs...)
		if len(errs) == 0 {
			for _, cyc := range g.Cycles(f) {
				v.add("dependencies", "dependency cycle: %s", assessment.FormatCycle(cyc))
			}
		}
	}
}

func hasNumberedPrefix(id, prefix string) bool {
	rest, ok := strings.CutPrefix(id, prefix+".")
	if !ok {
		return false
	}
	n, err := strconv.Atoi(rest)
	return err == nil && n > 0 && strconv.Itoa(n) == rest
}

func (v *validator) indicator(ip string, ind *assessment.Indicator, roles, instruments map[string]bool) {
	v.required(ip+".title", ind.Title)
	v.required(ip+".question", ind.Question)
	v.required(ip+".guidance", ind.Guidance)
	if ind.Weight < 1 || ind.Weight > 3 {
		v.add(ip+".weight", "%d: want 1, 2 or 3", ind.Weight)
	}
	seenMode := map[assessment.Mode]bool{}
	for i, m := range ind.Applies {
		if mm, ok := assessment.ParseMode(string(m)); !ok || mm != m {
			v.add(fmt.Sprintf("%s.applies[%d]", ip, i), "%q: want air, sea, land or rail (write land for bus and coach travel)", m)
		} else if seenMode[m] {
			v.add(fmt.Sprintf("%s.applies[%d]", ip, i), "%q appears twice", m)
		}
		seenMode[m] = true
	}
	if ind.Levels == nil {
		v.add(ip+".levels", "is required: one descriptor per level 0 to 4")
	} else {
		for l := assessment.MinLevel; l <= assessment.MaxLevel; l++ {
			if d, ok := ind.Levels[l]; !ok {
				v.add(ip+".levels", "level %d missing", l)
			} else if strings.TrimSpace(d) == "" {
				v.add(fmt.Sprintf("%s.levels.%d", ip, l), "descriptor is empty")
			}
		}
		for l := range ind.Levels {
			if l < assessment.MinLevel || l > assessment.MaxLevel {
				v.add(fmt.Sprintf("%s.levels.%d", ip, l), "level %d is out of range: want 0 to 4", l)
			}
		}
	}
	if len(ind.Evidence) == 0 {
		v.add(ip+".evidence", "at least one item of evidence to look for is required")
	}
	if len(ind.Lead) == 0 {
		v.add(ip+".lead", "at least one lead role code is required")
	}
	for i, r := range ind.Lead {
		if !roles[r] {
			v.add(fmt.Sprintf("%s.lead[%d]", ip, i), "unknown role code %q", r)
		}
	}
	for i, r := range ind.Contributors {
		if !roles[r] {
			v.add(fmt.Sprintf("%s.contributors[%d]", ip, i), "unknown role code %q", r)
		}
	}
	if len(ind.References) == 0 {
		v.add(ip+".references", "at least one reference is required")
	}
	for i, r := range ind.References {
		if !instruments[r.Instrument] {
			v.add(fmt.Sprintf("%s.references[%d].instrument", ip, i), "unknown instrument %q (declare it under instruments)", r.Instrument)
		}
	}
	if len(ind.Actions) == 0 {
		v.add(ip+".actions", "at least one recommended action is required")
		return
	}
	ids := map[string]bool{}
	startsAt := map[int]string{}
	for ai := range ind.Actions {
		a := &ind.Actions[ai]
		ap := fmt.Sprintf("%s.actions[%d]", ip, ai)
		switch {
		case !reActionID.MatchString(a.ID):
			v.add(ap+".id", "%q: want A1, A2, ...", a.ID)
		case ids[a.ID]:
			v.add(ap+".id", "duplicate action %q", a.ID)
		}
		ids[a.ID] = true
		v.action(ap, a, startsAt)
	}
	// The library must take an indicator from any level below 3 to 3: every
	// level 0–2 is the start of some action, and each action either reaches
	// 3 or hands over to another action.
	for l := 0; l < int(assessment.DefaultTarget); l++ {
		if _, ok := startsAt[l]; !ok {
			v.add(ip+".actions", "no action starts from level %d, so an indicator scored %d has no path to level 3", l, l)
		}
	}
	for ai, a := range ind.Actions {
		if a.To < int(assessment.DefaultTarget) {
			if _, ok := startsAt[a.To]; !ok {
				v.add(fmt.Sprintf("%s.actions[%d].to", ip, ai), "action %s reaches level %d but no action starts from %d", a.ID, a.To, a.To)
			}
		}
	}
}

// action checks one action; startsAt, when not nil, collects the from levels
// of an indicator's actions to detect overlaps.
func (v *validator) action(ap string, a *assessment.Action, startsAt map[int]string) {
	if len(a.From) == 0 {
		v.add(ap+".from", "at least one starting level is required")
	}
	maxFrom := -1
	for i, l := range a.From {
		if l < 0 || l >= assessment.MaxLevel {
			v.add(fmt.Sprintf("%s.from[%d]", ap, i), "%d: an action starts from a level between 0 and 3", l)
			continue
		}
		if startsAt != nil {
			if other, dup := startsAt[l]; dup {
				v.add(fmt.Sprintf("%s.from[%d]", ap, i), "level %d is already the start of action %s", l, other)
			}
			startsAt[l] = a.ID
		}
		maxFrom = max(maxFrom, l)
	}
	if a.To < 1 || a.To > assessment.MaxLevel {
		v.add(ap+".to", "%d: want a level between 1 and 4", a.To)
	} else if maxFrom >= 0 && a.To <= maxFrom {
		v.add(ap+".to", "action goes from level %d to level %d: the target must be above every starting level", maxFrom, a.To)
	}
	if a.Cost.Low == "" {
		v.add(ap+".cost", "is required: S, M or L (or a range such as S–M)")
	}
	if a.Months.Min == 0 {
		v.add(ap+".months", "is required: typical months, e.g. 12 or 6–12")
	}
	if !a.Type.Valid() {
		v.add(ap+".type", "%q: want one of %s", a.Type, actionTypeList())
	}
	v.required(ap+".text", a.Text)
	v.required(ap+".output", a.Output)
}

func actionTypeList() string {
	s := make([]string, len(assessment.ActionTypes))
	for i, t := range assessment.ActionTypes {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

func matchIndicators(f *assessment.Framework, pattern string) []string {
	var out []string
	for _, id := range f.IndicatorIDs() {
		if ok, _ := path.Match(pattern, id); ok {
			out = append(out, id)
		}
	}
	return out
}
