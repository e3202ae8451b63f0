package assessment

import (
	"sort"
)

// Priority is the priority class of a gap (B.0.3 rule 8).
type Priority string

// The priority classes. PriorityNone is for indicators without a gap.
const (
	PriorityHigh   Priority = "High"
	PriorityMedium Priority = "Medium"
	PriorityLow    Priority = "Low"
	PriorityNone   Priority = ""
)

// Rank orders priorities: High 3, Medium 2, Low 1, none 0.
func (p Priority) Rank() int {
	switch p {
	case PriorityHigh:
		return 3
	case PriorityMedium:
		return 2
	case PriorityLow:
		return 1
	}
	return 0
}

// SpreadFlagAt is the spread between assessors from which an indicator is
// flagged for discussion.
const SpreadFlagAt = 2

// ClassifyPriority turns a priority index into a class: High ≥ 6, Medium
// 3–5.9, Low < 3 (and none without a gap). A weight-3 indicator scored 0 or
// 1 is High whatever its index: a binding obligation is not met.
func ClassifyPriority(index float64, weight int, level Level) Priority {
	if weight >= 3 && level.Scored() && level <= 1 {
		return PriorityHigh
	}
	switch {
	case index <= 0:
		return PriorityNone
	case index >= 6:
		return PriorityHigh
	case index >= 3:
		return PriorityMedium
	}
	return PriorityLow
}

// AssessorScore is one assessor's view of an indicator, for side-by-side
// display.
type AssessorScore struct {
	AssessorID    int64
	Level         Level
	Target        Level
	Confidence    Confidence
	RightsConcern bool
	Note          string
	Sources       []string
	Version       int
}

// IndicatorResult is the analysed state of one indicator.
type IndicatorResult struct {
	Indicator  *Indicator
	Applicable bool
	Scores     []AssessorScore // sorted by assessor id; scored and N/A answers
	// Min and Max are the lowest and highest levels given; Spread is Max−Min.
	Min, Max   Level
	Spread     int
	SpreadFlag bool
	// Proposed is the lower median of the assessors' levels: with cumulative
	// scoring, a tie goes to the level everyone can defend.
	Proposed Level
	// Level is the consensus set by the lead, else Proposed; NA where the
	// indicator does not apply; Unscored where nobody scored it.
	Level        Level
	ConsensusSet bool
	Comment      string
	Target       Level
	Confidence   Confidence
	// LowConfidence is set when the team's confidence is L.
	LowConfidence bool
	// SingleSource flags a weight-3 indicator supported by fewer than two
	// sources (B.0.3 rule 3: triangulate).
	SingleSource bool
	// RightsConcern is set when an assessor recorded a human-rights concern;
	// RightsCapped when that lowered the level to 2.
	RightsConcern bool
	RightsCapped  bool
	Gap           int
	ThreatFactor  float64
	PriorityIndex float64
	Priority      Priority
	// BindingUnmet marks a weight-3 indicator at level 0 or 1.
	BindingUnmet bool
}

// Scored reports whether the indicator has a level on the 0–4 scale.
func (r *IndicatorResult) Scored() bool { return r.Level.Scored() }

// Score is an aggregate on the 0–4 scale; N counts the scored indicators it
// rests on (0 means no score).
type Score struct {
	Value float64
	N     int
}

// Percent returns the score as a percentage of 4.
func (s Score) Percent() float64 { return s.Value / MaxLevel * 100 }

// Valid reports whether at least one indicator was scored.
func (s Score) Valid() bool { return s.N > 0 }

// CapacityResult aggregates a capacity: the mean of its applicable
// indicators.
type CapacityResult struct {
	Capacity   *Capacity
	Score      Score
	Applicable int
	Indicators []*IndicatorResult
}

// PillarResult aggregates a pillar: the weight-weighted mean of its
// indicators.
type PillarResult struct {
	Pillar       *Pillar
	Score        Score
	Target       Score // weighted mean of targets, for the radar chart
	Applicable   int
	Critical     bool
	Capacities   []*CapacityResult
	HighGaps     int
	BindingUnmet int
}

// Analysis is the scored view of an assessment: per indicator, capacity and
// pillar, the national index and the gaps in priority order.
type Analysis struct {
	Framework  *Framework
	Assessment *Assessment
	Indicators []*IndicatorResult // framework order
	Pillars    []*PillarResult
	// National is the mean of the pillar scores.
	National Score
	// Applicable and Scored count indicators; Flagged counts spreads ≥ 2.
	Applicable, Scored, Flagged int
	byID                        map[string]*IndicatorResult
}

// Indicator returns the result for an indicator id, or nil.
func (an *Analysis) Indicator(id string) *IndicatorResult { return an.byID[id] }

// Gaps returns the indicators with a gap, by priority index (highest first),
// then binding obligations, weight and id.
func (an *Analysis) Gaps() []*IndicatorResult {
	var out []*IndicatorResult
	for _, r := range an.Indicators {
		if r.Gap > 0 {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Priority.Rank() != b.Priority.Rank() {
			return a.Priority.Rank() > b.Priority.Rank()
		}
		if a.PriorityIndex != b.PriorityIndex {
			return a.PriorityIndex > b.PriorityIndex
		}
		if a.BindingUnmet != b.BindingUnmet {
			return a.BindingUnmet
		}
		return a.Indicator.ID < b.Indicator.ID
	})
	return out
}

// BindingUnmet returns the weight-3 indicators scored 0 or 1, framework order.
func (an *Analysis) BindingUnmet() []*IndicatorResult {
	var out []*IndicatorResult
	for _, r := range an.Indicators {
		if r.BindingUnmet {
			out = append(out, r)
		}
	}
	return out
}

// Analyse applies the consensus, aggregation and priority rules of B.0.3 to
// the responses and consensus records of an assessment. It is a pure
// function: same inputs, same analysis. Responses for indicators the
// framework does not know are ignored (the store rejects them on save).
func Analyse(f *Framework, a *Assessment, responses []Response, consensus []Consensus) *Analysis {
	an := &Analysis{Framework: f, Assessment: a, byID: map[string]*IndicatorResult{}}
	byInd := map[string][]Response{}
	for _, r := range responses {
		byInd[r.IndicatorID] = append(byInd[r.IndicatorID], r)
	}
	cons := map[string]Consensus{}
	for _, c := range consensus {
		cons[c.IndicatorID] = c
	}
	var pillarSum float64
	for pi := range f.Pillars {
		p := &f.Pillars[pi]
		pr := &PillarResult{Pillar: p, Critical: a.Profile.ThreatFactor(p.Code) > 1}
		var wsum, wlevel, wtarget float64
		for ci := range p.Capacities {
			c := &p.Capacities[ci]
			cr := &CapacityResult{Capacity: c}
			var sum float64
			for ii := range c.Indicators {
				ind := &c.Indicators[ii]
				r := analyseIndicator(ind, a, byInd[ind.ID], cons, p.Code)
				an.Indicators = append(an.Indicators, r)
				an.byID[ind.ID] = r
				cr.Indicators = append(cr.Indicators, r)
				if !r.Applicable {
					continue
				}
				cr.Applicable++
				an.Applicable++
				if r.SpreadFlag {
					an.Flagged++
				}
				if !r.Scored() {
					continue
				}
				an.Scored++
				sum += float64(r.Level)
				cr.Score.N++
				w := float64(ind.Weight)
				wsum += w
				wlevel += w * float64(r.Level)
				wtarget += w * float64(r.Target)
				if r.Priority == PriorityHigh {
					pr.HighGaps++
				}
				if r.BindingUnmet {
					pr.BindingUnmet++
				}
			}
			if cr.Score.N > 0 {
				cr.Score.Value = sum / float64(cr.Score.N)
			}
			pr.Applicable += cr.Applicable
			pr.Score.N += cr.Score.N
			pr.Capacities = append(pr.Capacities, cr)
		}
		if wsum > 0 {
			pr.Score.Value = wlevel / wsum
			pr.Target = Score{Value: wtarget / wsum, N: pr.Score.N}
			pillarSum += pr.Score.Value
			an.National.N++
		}
		an.Pillars = append(an.Pillars, pr)
	}
	if an.National.N > 0 {
		an.National.Value = pillarSum / float64(an.National.N)
	}
	return an
}

func analyseIndicator(ind *Indicator, a *Assessment, rs []Response, cons map[string]Consensus, pillar string) *IndicatorResult {
	r := &IndicatorResult{Indicator: ind, Applicable: ind.AppliesTo(a.Scope.Modes), Level: Unscored,
		Proposed: Unscored, Min: Unscored, Max: Unscored, Target: DefaultTarget, ThreatFactor: a.Profile.ThreatFactor(pillar)}
	sort.Slice(rs, func(i, j int) bool { return rs[i].AssessorID < rs[j].AssessorID })
	var levels, targets []int
	var confs []int
	sources := map[string]bool{}
	for _, resp := range rs {
		if resp.Level == Unscored && resp.Note == "" {
			continue
		}
		r.Scores = append(r.Scores, AssessorScore{AssessorID: resp.AssessorID, Level: resp.Level, Target: resp.Target,
			Confidence: resp.Confidence, RightsConcern: resp.RightsConcern, Note: resp.Note, Sources: resp.Sources, Version: resp.Version})
		if resp.RightsConcern {
			r.RightsConcern = true
		}
		if !resp.Level.Scored() {
			continue
		}
		levels = append(levels, int(resp.Level))
		if resp.Target != Unscored {
			targets = append(targets, int(resp.Target))
		}
		if resp.Confidence != "" {
			confs = append(confs, resp.Confidence.rank())
		}
		for _, s := range resp.Sources {
			sources[s] = true
		}
	}
	if !r.Applicable {
		r.Level, r.Proposed, r.Target = NA, NA, NA
		return r
	}
	if len(levels) > 0 {
		sort.Ints(levels)
		r.Min, r.Max = Level(levels[0]), Level(levels[len(levels)-1])
		r.Spread = levels[len(levels)-1] - levels[0]
		r.SpreadFlag = r.Spread >= SpreadFlagAt
		r.Proposed = Level(lowerMedian(levels))
		r.Level = r.Proposed
	}
	if len(targets) > 0 {
		r.Target = Level(lowerMedian(targets))
	}
	if len(confs) > 0 {
		r.Confidence = Confidence("LMH"[lowerMedian(confs)])
	}
	if c, ok := cons[ind.ID]; ok {
		if c.Level.Scored() {
			r.Level, r.ConsensusSet = c.Level, true
		}
		if c.Target != Unscored && c.Target != NA {
			r.Target = c.Target
		}
		r.Comment = c.Comment
	}
	if r.Target == MaxLevel && ind.Weight < 3 {
		r.Target = DefaultTarget
	}
	if r.RightsConcern && r.Level.Scored() && r.Level > RightsCap {
		r.Level, r.RightsCapped = RightsCap, true
	}
	if !r.Level.Scored() {
		return r
	}
	r.LowConfidence = r.Confidence == ConfidenceLow
	r.SingleSource = ind.Weight >= 3 && len(sources) < 2
	if gap := int(r.Target - r.Level); gap > 0 {
		r.Gap = gap
	}
	r.PriorityIndex = float64(r.Gap) * float64(ind.Weight) * r.ThreatFactor
	r.BindingUnmet = ind.Weight >= 3 && r.Level <= 1
	r.Priority = ClassifyPriority(r.PriorityIndex, ind.Weight, r.Level)
	return r
}

// lowerMedian returns the median of sorted-or-not values; with an even count
// it returns the lower of the two middle values.
func lowerMedian(v []int) int {
	s := append([]int(nil), v...)
	sort.Ints(s)
	return s[(len(s)-1)/2]
}
