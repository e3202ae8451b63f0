package assessment

import (
	"fmt"
	"math"
	"path"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
)

// FundingStatus says whether the money for an action is there.
type FundingStatus string

// The funding statuses of action-plan column 15.
const (
	FundingSecured FundingStatus = "secured"
	FundingPledged FundingStatus = "pledged"
	FundingGap     FundingStatus = "gap"
)

// FundingStatuses lists the valid funding statuses.
var FundingStatuses = []FundingStatus{FundingSecured, FundingPledged, FundingGap}

// Valid reports whether s is a known funding status.
func (s FundingStatus) Valid() bool {
	return s == FundingSecured || s == FundingPledged || s == FundingGap
}

// Committed reports whether the funding is secured or pledged.
func (s FundingStatus) Committed() bool { return s == FundingSecured || s == FundingPledged }

// ImplStatus is the implementation status of an action (column 22).
type ImplStatus string

// The implementation statuses.
const (
	StatusNotStarted ImplStatus = "not started"
	StatusOngoing    ImplStatus = "ongoing"
	StatusCompleted  ImplStatus = "completed"
	StatusDelayed    ImplStatus = "delayed"
	StatusCancelled  ImplStatus = "cancelled"
)

// ImplStatuses lists the valid implementation statuses.
var ImplStatuses = []ImplStatus{StatusNotStarted, StatusOngoing, StatusCompleted, StatusDelayed, StatusCancelled}

// Valid reports whether s is a known implementation status.
func (s ImplStatus) Valid() bool {
	for _, v := range ImplStatuses {
		if v == s {
			return true
		}
	}
	return false
}

// NationalBudget is the funding source that counts as national funding.
const NationalBudget = "State budget"

// PlanHorizon is the length of the plan in months: a five-year strategy.
const PlanHorizon = 60

// Phase boundaries in months from the start of the plan (C.6 rule 4).
var phaseStarts = [4]int{0, 0, 12, 36}

// Adjustment is a lead assessor's change to one generated action. Empty
// fields (and nil pointers) keep the generated value. Adjustments are keyed
// by action id and survive regeneration as long as the action exists.
type Adjustment struct {
	AssessmentID  int64         `json:"assessment_id"`
	ActionID      string        `json:"action_id"` // AP-TRV-1.1-A1
	Priority      Priority      `json:"priority,omitempty"`
	Lead          string        `json:"lead,omitempty"`
	StartMonth    *int          `json:"start_month,omitempty"` // months from the plan start
	EndMonth      *int          `json:"end_month,omitempty"`
	Cost          *float64      `json:"cost,omitempty"`
	FundingSource string        `json:"funding_source,omitempty"`
	FundingStatus FundingStatus `json:"funding_status,omitempty"`
	Text          string        `json:"text,omitempty"`
	Status        ImplStatus    `json:"status,omitempty"`
	Note          string        `json:"note,omitempty"`
	Version       int           `json:"version"`
	UpdatedBy     int64         `json:"updated_by"`
	UpdatedAt     time.Time     `json:"updated_at"`
}

// Validate checks an adjustment on its own; every problem is returned.
func (a *Adjustment) Validate() []FieldError {
	var errs []FieldError
	add := func(f, format string, args ...any) { errs = append(errs, FieldError{f, fmt.Sprintf(format, args...)}) }
	if !strings.HasPrefix(a.ActionID, "AP-") {
		add("action_id", "%q is not an action-plan id (AP-...)", a.ActionID)
	}
	if a.Priority != PriorityNone && a.Priority.Rank() == 0 {
		add("priority", "%q: want High, Medium or Low", a.Priority)
	}
	if a.StartMonth != nil && (*a.StartMonth < 0 || *a.StartMonth > 2*PlanHorizon) {
		add("start_month", "%d: want 0 to %d months from the plan start", *a.StartMonth, 2*PlanHorizon)
	}
	if a.EndMonth != nil && (*a.EndMonth < 1 || *a.EndMonth > 2*PlanHorizon) {
		add("end_month", "%d: want 1 to %d months from the plan start", *a.EndMonth, 2*PlanHorizon)
	}
	if a.StartMonth != nil && a.EndMonth != nil && *a.EndMonth <= *a.StartMonth {
		add("end_month", "the end (month %d) must come after the start (month %d)", *a.EndMonth, *a.StartMonth)
	}
	if a.Cost != nil && (*a.Cost < 0 || math.IsNaN(*a.Cost) || math.IsInf(*a.Cost, 0) || *a.Cost > 1e12) {
		add("cost", "want an amount between 0 and 1,000,000,000,000")
	}
	if a.FundingStatus != "" && !a.FundingStatus.Valid() {
		add("funding_status", "%q: want secured, pledged or gap", a.FundingStatus)
	}
	if a.Status != "" && !a.Status.Valid() {
		add("status", "%q: want not started, ongoing, completed, delayed or cancelled", a.Status)
	}
	if len(a.Text) > 4000 || len(a.Note) > 4000 || len(a.Lead) > 300 || len(a.FundingSource) > 300 {
		add("text", "too long: at most 4000 characters for text and note, 300 for lead and funding source")
	}
	return errs
}

// PlanOptions set what the generator cannot know from the assessment.
type PlanOptions struct {
	// StartYear is the first year of the plan (month 0 is 1 January).
	StartYear int
	// Costs overrides the framework's default amounts per cost class;
	// zero amounts keep the framework's.
	Costs CostDefaults
}

// KPIValue is an indicator with its baseline and target.
type KPIValue struct {
	Name     string
	Unit     string
	Source   string
	Baseline string
	Target   string
}

// PlanAction is one row of the action plan (DOMAIN C.5).
type PlanAction struct {
	ID        string // AP-TRV-1.1-A1
	Key       ActionKey
	Indicator *Indicator
	Capacity  *Capacity
	Pillar    *Pillar
	Result    *IndicatorResult
	Action    Action
	// Consolidation marks the generic level-4 action (C.6 rule 1).
	Consolidation bool

	Text          string
	SubActivities []string
	Lead          string   // national institution
	LeadCode      string   // role code it came from
	Partners      []string // national institutions and other actors
	International []string
	Unmapped      []string // role codes with no national institution
	Start, End    int      // months from the plan start
	Phase         int      // 1, 2 or 3
	Output        string
	OutcomeKPI    KPIValue
	MaturityKPI   KPIValue
	Verification  string
	Cost          float64
	CostByYear    map[int]float64
	FundingSource string
	FundingStatus FundingStatus
	// PendingFunding: an L-cost action without secured or pledged funding
	// does not start (C.6 rule 4).
	PendingFunding bool
	Priority       Priority
	PriorityIndex  float64
	Dependencies   []string // AP ids of prerequisites in the plan
	// Prerequisites names requirements not met and not planned.
	Prerequisites []string
	Risks         []Risk
	References    []string
	Safeguard     string // the safeguard sub-activity, if any (C.6 rule 10)
	HRDDP         bool
	Restricted    bool
	Status        ImplStatus
	Note          string
	// Adjusted lists the fields a lead assessor changed.
	Adjusted []string
	// Warnings about this action (a start before its prerequisites end...).
	Warnings []string

	adjStart, adjEnd *int
}

// SpecificObjective is the capacity-level objective with its actions.
type SpecificObjective struct {
	Code     string // SpO-TRV.1
	Capacity *Capacity
	Result   *CapacityResult
	Text     string
	Actions  []*PlanAction
}

// Objective is a strategic objective: one per pillar with gaps.
type Objective struct {
	Code            string // SO-TRV
	Pillar          *Pillar
	Result          *PillarResult
	Text            string
	Specific        []*SpecificObjective
	Rationale       string
	References      []string
	ExpectedResults []string
	KPIs            []KPIValue
	Cost            float64
	Restricted      bool
}

// Plan is the generated, costed and sequenced action plan with its
// strategic framework.
type Plan struct {
	Analysis   *Analysis
	Costs      CostDefaults
	StartYear  int
	EndYear    int
	Objectives []*Objective
	Actions    []*PlanAction // pillar order, then priority and start
	// Unmapped lists role codes the plan needs but the profile does not map.
	Unmapped []string
	// Orphans are adjustments whose action no longer exists.
	Orphans []Adjustment
	// Cycles are dependency cycles met while scheduling (a sound framework
	// has none).
	Cycles [][]ActionKey
	byID   map[string]*PlanAction
}

// Action returns the plan action with the given id, or nil.
func (p *Plan) Action(id string) *PlanAction { return p.byID[id] }

// Years returns the calendar years the plan spends money in, in order.
func (p *Plan) Years() []int {
	var ys []int
	for y := p.StartYear; y <= p.EndYear; y++ {
		ys = append(ys, y)
	}
	return ys
}

// ActionID formats the action-plan id of an indicator's action:
// "TRV.1.1", "A1" → "AP-TRV-1.1-A1".
func ActionID(indicatorID, action string) string {
	p, rest, _ := strings.Cut(indicatorID, ".")
	return "AP-" + p + "-" + rest + "-" + action
}

// Quarter renders a month offset as "Q1 2027".
func (p *Plan) Quarter(month int) string {
	return fmt.Sprintf("Q%d %d", month%12/3+1, p.StartYear+month/12)
}

// EndQuarter renders the quarter in which an action ending at month end
// (exclusive) finishes.
func (p *Plan) EndQuarter(end int) string { return p.Quarter(max(0, end-1)) }

// Totals sums the plan's indicative costs.
type Totals struct {
	ByPillar map[string]float64
	ByYear   map[int]float64
	// National: state budget, secured or pledged; Donor: any other source,
	// secured or pledged; Gap: everything not committed.
	National, Donor, Gap, Total float64
	// ByPillarYear[pillar][year].
	ByPillarYear map[string]map[int]float64
}

// Totals computes cost totals; cancelled actions are left out.
func (p *Plan) Totals() Totals {
	t := Totals{ByPillar: map[string]float64{}, ByYear: map[int]float64{}, ByPillarYear: map[string]map[int]float64{}}
	for _, a := range p.Actions {
		if a.Status == StatusCancelled {
			continue
		}
		code := a.Pillar.Code
		t.ByPillar[code] += a.Cost
		t.Total += a.Cost
		if t.ByPillarYear[code] == nil {
			t.ByPillarYear[code] = map[int]float64{}
		}
		for y, v := range a.CostByYear {
			t.ByYear[y] += v
			t.ByPillarYear[code][y] += v
		}
		switch {
		case !a.FundingStatus.Committed():
			t.Gap += a.Cost
		case strings.EqualFold(a.FundingSource, NationalBudget):
			t.National += a.Cost
		default:
			t.Donor += a.Cost
		}
	}
	return t
}

// unEntities funds actions that carry the HRDDP flag (C.6 rule 10); each
// is a sequence of whole words.
var unEntities = [][]string{{"UNOCT"}, {"UNCCT"}, {"UNODC"}, {"UNDP"}, {"IOM"}, {"UNHCR"}, {"UNICEF"}, {"UN", "WOMEN"},
	{"OHCHR"}, {"UNITED", "NATIONS"}, {"UN"}, {"UNOPS"}, {"CTED"}}

// IsUNFunding reports whether a funding source names a UN entity, matching
// whole words ("UNODC project", "UN-funded", not "Donor (unconfirmed)").
func IsUNFunding(source string) bool {
	words := strings.FieldsFunc(strings.ToUpper(source), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i := range words {
		for _, e := range unEntities {
			if i+len(e) <= len(words) && slicesEqual(words[i:i+len(e)], e) {
				return true
			}
		}
	}
	return false
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// safeguardAreas are the indicator prefixes whose actions receive a
// safeguard sub-activity when a RIG indicator is below 3.
var safeguardAreas = []string{"TRV.", "BCP.3.", "RSK.2.", "SUR.3.", "NAC.5.", "ILF.4."}

func safeguardFor(indicatorID string) string {
	switch {
	case strings.HasPrefix(indicatorID, "RSK.2."):
		return "Safeguard: review the risk indicators and targeting rules for discriminatory profiling with the data-protection authority and the national human rights institution before they are used"
	case strings.HasPrefix(indicatorID, "SUR.3."):
		return "Safeguard: train crews in obligations at sea (rescue, non-refoulement, disembarkation, vulnerable persons) and have interceptions monitored independently"
	case strings.HasPrefix(indicatorID, "NAC.5."), strings.HasPrefix(indicatorID, "ILF.4."):
		return "Safeguard: train officers in human-rights standards for questioning, detention and the referral of victims, and arrange independent monitoring"
	}
	return "Safeguard: carry out a legal review and a data-protection impact assessment of the processing, with the data-protection authority, before go-live"
}

// GeneratePlan turns an analysis into an action plan (DOMAIN C.6 rules
// 1–10) and applies the lead assessor's adjustments. It is deterministic:
// the same inputs give the same plan.
func GeneratePlan(an *Analysis, adjustments []Adjustment, opts PlanOptions) *Plan {
	f, a := an.Framework, an.Assessment
	costs := f.Costs
	if opts.Costs.Currency != "" {
		costs.Currency = opts.Costs.Currency
	}
	if opts.Costs.S > 0 {
		costs.S = opts.Costs.S
	}
	if opts.Costs.M > 0 {
		costs.M = opts.Costs.M
	}
	if opts.Costs.L > 0 {
		costs.L = opts.Costs.L
	}
	start := opts.StartYear
	if start == 0 {
		start = a.Profile.StrategyStart
	}
	p := &Plan{Analysis: an, Costs: costs, StartYear: start, EndYear: start + PlanHorizon/12 - 1, byID: map[string]*PlanAction{}}

	rigBelow3 := false
	for _, r := range an.Indicators {
		if strings.HasPrefix(r.Indicator.ID, "RIG.") && r.Scored() && r.Level < 3 {
			rigBelow3 = true
		}
	}
	unmapped := map[string]bool{}

	// Rule 1: select and chain actions from the current level to the target.
	for _, r := range an.Indicators {
		if !r.Applicable || !r.Scored() || r.Gap <= 0 {
			continue
		}
		ind := r.Indicator
		cap := f.Capacity(CapacityID(ind.ID))
		pil := f.Pillar(PillarCode(ind.ID))
		for level := r.Level; level < r.Target; {
			var act *Action
			consolidation := false
			for i := range ind.Actions {
				if ind.Actions[i].StartsFrom(int(level)) {
					act = &ind.Actions[i]
					break
				}
			}
			if act == nil && level >= 3 && r.Target == MaxLevel {
				c := f.Strategy.Consolidation
				act, consolidation = &c, true
			}
			if act == nil {
				break
			}
			pa := p.newAction(r, cap, pil, *act, consolidation, rigBelow3, unmapped)
			p.Actions = append(p.Actions, pa)
			p.byID[pa.ID] = pa
			level = Level(act.To)
		}
	}

	// Rule 7 summary.
	for code := range unmapped {
		p.Unmapped = append(p.Unmapped, code)
	}
	sort.Strings(p.Unmapped)

	// Adjustments: apply those whose action exists, report the others.
	adj := map[string]Adjustment{}
	for _, x := range adjustments {
		if p.byID[x.ActionID] == nil {
			p.Orphans = append(p.Orphans, x)
			continue
		}
		adj[x.ActionID] = x
	}
	for _, pa := range p.Actions {
		if x, ok := adj[pa.ID]; ok {
			pa.applyAdjustment(x)
		}
		pa.HRDDP = IsUNFunding(pa.FundingSource)
		pa.PendingFunding = pa.Action.Cost.High == CostL && !pa.FundingStatus.Committed()
	}

	// Rule 3: dependencies from the framework's rules, plus chaining.
	graph, _ := f.ResolveDependencies()
	for _, pa := range p.Actions {
		seen := map[string]bool{}
		for _, pre := range graph[pa.Key] {
			req := an.Indicator(pre.Requires.Indicator)
			if req == nil || (req.Scored() && req.Level >= Level(pre.Requires.Level)) {
				continue // already met
			}
			id := ActionID(pre.Action.Indicator, pre.Action.Action)
			if p.byID[id] != nil {
				if !seen[id] {
					pa.Dependencies = append(pa.Dependencies, id)
					seen[id] = true
				}
				continue
			}
			pa.Prerequisites = append(pa.Prerequisites, fmt.Sprintf("%s at level %d or more (%s is not in the plan)",
				pre.Requires.Indicator, pre.Requires.Level, id))
		}
	}
	// Chaining: an indicator's later action waits for its earlier one.
	for i, pa := range p.Actions {
		if i > 0 && p.Actions[i-1].Indicator == pa.Indicator {
			pa.Dependencies = append([]string{p.Actions[i-1].ID}, pa.Dependencies...)
		}
	}

	p.schedule()

	// Rule 5: costs spread evenly over the months of the action.
	for _, pa := range p.Actions {
		pa.CostByYear = map[int]float64{}
		months := pa.End - pa.Start
		if months <= 0 {
			months = 1
		}
		per := pa.Cost / float64(months)
		for m := pa.Start; m < pa.Start+months; m++ {
			pa.CostByYear[start+m/12] += per
		}
		if y := start + (pa.Start+months-1)/12; y > p.EndYear {
			p.EndYear = y
		}
	}

	p.sortActions()
	p.buildObjectives()
	return p
}

func (p *Plan) newAction(r *IndicatorResult, cap *Capacity, pil *Pillar, act Action, consolidation, rigBelow3 bool, unmapped map[string]bool) *PlanAction {
	f, prof := p.Analysis.Framework, p.Analysis.Assessment.Profile
	ind := r.Indicator
	capName := LowerFirst(cap.Title)
	if consolidation {
		act.Text = strings.ReplaceAll(act.Text, "{capacity}", capName)
		act.Output = strings.ReplaceAll(act.Output, "{capacity}", capName)
	}
	pa := &PlanAction{
		ID: ActionID(ind.ID, act.ID), Key: ActionKey{ind.ID, act.ID}, Indicator: ind, Capacity: cap, Pillar: pil, Result: r,
		Action: act, Consolidation: consolidation, Text: act.Text, Output: act.Output,
		Priority: r.Priority, PriorityIndex: r.PriorityIndex, Restricted: ind.Restricted,
		FundingStatus: FundingGap, Status: StatusNotStarted, International: ind.Partners,
	}
	// Rule 7: responsibilities through the agency mapping; never guess.
	for _, code := range ind.Lead {
		if name, ok := prof.Institution(code); ok {
			if pa.Lead == "" {
				pa.Lead, pa.LeadCode = name, code
			} else if name != pa.Lead && !slices.Contains(pa.Partners, name) {
				pa.Partners = append(pa.Partners, name)
			}
		} else {
			pa.Unmapped = append(pa.Unmapped, code)
			unmapped[code] = true
		}
	}
	for _, code := range ind.Contributors {
		if name, ok := prof.Institution(code); ok {
			if name != pa.Lead && !slices.Contains(pa.Partners, name) {
				pa.Partners = append(pa.Partners, name)
			}
		} else {
			pa.Unmapped = append(pa.Unmapped, code)
			unmapped[code] = true
		}
	}
	pa.Partners = append(pa.Partners, ind.Actors...)
	// Rule 5: the default amount of the class; a range takes its midpoint.
	pa.Cost = (p.Costs.Amount(act.Cost.Low) + p.Costs.Amount(act.Cost.High)) / 2
	// Rule 6: output, outcome and maturity indicators.
	if len(pil.KPIs) > 0 {
		k := pil.KPIs[0]
		pa.OutcomeKPI = KPIValue{Name: k.Name, Unit: k.Unit, Source: k.Source, Baseline: "to be measured in year 1", Target: "set at the baseline review"}
	}
	pa.MaturityKPI = KPIValue{Name: fmt.Sprintf("%s %s: maturity level", ind.ID, ind.Title), Unit: "level 0–4",
		Source: "re-assessment with bordergap", Baseline: r.Level.String(), Target: fmt.Sprint(act.To)}
	if len(ind.Evidence) > 0 {
		pa.Verification = ind.Evidence[0]
	}
	pa.SubActivities = append(pa.SubActivities, f.Strategy.Milestones[act.Type]...)
	// Rule 10: safeguards where rights or data protection are weak.
	if rigBelow3 {
		for _, prefix := range safeguardAreas {
			if strings.HasPrefix(ind.ID, prefix) {
				pa.Safeguard = safeguardFor(ind.ID)
				pa.SubActivities = append(pa.SubActivities, pa.Safeguard)
				break
			}
		}
	}
	for _, ref := range ind.References {
		pa.References = append(pa.References, f.Cite(ref))
	}
	// Column 18: risks of the library that threaten this kind of action.
	for _, risk := range f.Risks {
		match := false
		for _, t := range risk.ActionTypes {
			match = match || t == act.Type
		}
		for _, pat := range risk.Indicators {
			ok, _ := path.Match(pat, ind.ID)
			match = match || ok
		}
		if match && len(pa.Risks) < 3 {
			pa.Risks = append(pa.Risks, risk)
		}
	}
	return pa
}

func (pa *PlanAction) applyAdjustment(x Adjustment) {
	if x.Priority != PriorityNone {
		pa.Priority, pa.Adjusted = x.Priority, append(pa.Adjusted, "priority")
	}
	if x.Lead != "" {
		pa.Lead, pa.Adjusted = x.Lead, append(pa.Adjusted, "lead")
	}
	if x.Cost != nil {
		pa.Cost, pa.Adjusted = *x.Cost, append(pa.Adjusted, "cost")
	}
	if x.FundingSource != "" {
		pa.FundingSource, pa.Adjusted = x.FundingSource, append(pa.Adjusted, "funding source")
	}
	if x.FundingStatus != "" {
		pa.FundingStatus, pa.Adjusted = x.FundingStatus, append(pa.Adjusted, "funding status")
	}
	if x.Text != "" {
		pa.Text, pa.Adjusted = x.Text, append(pa.Adjusted, "text")
	}
	if x.Status != "" {
		pa.Status, pa.Adjusted = x.Status, append(pa.Adjusted, "status")
	}
	if x.StartMonth != nil {
		pa.adjStart, pa.Adjusted = x.StartMonth, append(pa.Adjusted, "start")
	}
	if x.EndMonth != nil {
		pa.adjEnd, pa.Adjusted = x.EndMonth, append(pa.Adjusted, "end")
	}
	pa.Note = x.Note
}

// plannedPhase is the phase an action belongs to by its nature (rule 4):
// phase 1 for governance, legal drafting, procedures, reviews and quick wins
// (S-cost, 6 months or less); phase 3 for level-4 consolidation; phase 2 for
// systems, institutions and roll-outs.
func (pa *PlanAction) plannedPhase() int {
	a := pa.Action
	switch {
	case pa.Consolidation || a.To >= MaxLevel:
		return 3
	case a.Cost.High == CostS && a.Months.Max <= 6:
		return 1
	case a.Type == ActionLegal || a.Type == ActionGovernance || a.Type == ActionProcedure || a.Type == ActionReview:
		return 1
	}
	return 2
}

// schedule sets Start, End and Phase: start at the later of the phase start
// and the end of the prerequisites, in dependency order; a lead assessor's
// dates win, with a warning when they start before a prerequisite ends.
func (p *Plan) schedule() {
	done := map[string]bool{}
	visiting := map[string]bool{}
	var visit func(pa *PlanAction, stack []ActionKey)
	visit = func(pa *PlanAction, stack []ActionKey) {
		if done[pa.ID] {
			return
		}
		if visiting[pa.ID] {
			p.Cycles = append(p.Cycles, append(stack, pa.Key))
			return
		}
		visiting[pa.ID] = true
		earliest := phaseStarts[pa.plannedPhase()]
		latestPre := 0
		for _, dep := range pa.Dependencies {
			d := p.byID[dep]
			visit(d, append(stack, pa.Key))
			latestPre = max(latestPre, d.End)
		}
		pa.Start = max(earliest, latestPre)
		pa.End = pa.Start + pa.Action.Months.Typical()
		if s := pa.adjStart; s != nil {
			pa.Start = *s
			if pa.Start < latestPre {
				pa.Warnings = append(pa.Warnings, fmt.Sprintf("starts before its prerequisites end (%s)", p.Quarter(latestPre)))
			}
			pa.End = pa.Start + pa.Action.Months.Typical()
		}
		if e := pa.adjEnd; e != nil && *e > pa.Start {
			pa.End = *e
		}
		switch {
		case pa.Start >= phaseStarts[3]:
			pa.Phase = 3
		case pa.Start >= phaseStarts[2]:
			pa.Phase = 2
		default:
			pa.Phase = 1
		}
		if pa.End > PlanHorizon {
			pa.Warnings = append(pa.Warnings, "ends after the five-year horizon")
		}
		visiting[pa.ID] = false
		done[pa.ID] = true
	}
	for _, pa := range p.Actions {
		visit(pa, nil)
	}
}

func (p *Plan) sortActions() {
	order := map[string]int{}
	for i, pl := range p.Analysis.Framework.Pillars {
		order[pl.Code] = i
	}
	sort.SliceStable(p.Actions, func(i, j int) bool {
		a, b := p.Actions[i], p.Actions[j]
		if order[a.Pillar.Code] != order[b.Pillar.Code] {
			return order[a.Pillar.Code] < order[b.Pillar.Code]
		}
		if a.Priority.Rank() != b.Priority.Rank() {
			return a.Priority.Rank() > b.Priority.Rank()
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.ID < b.ID
	})
}

// buildObjectives groups actions under strategic and specific objectives
// and writes the narrative of rule 8.
func (p *Plan) buildObjectives() {
	an := p.Analysis
	byCap := map[string][]*PlanAction{}
	for _, pa := range p.Actions {
		byCap[pa.Capacity.ID] = append(byCap[pa.Capacity.ID], pa)
	}
	for _, pr := range an.Pillars {
		var specific []*SpecificObjective
		var cost float64
		restricted := true
		for _, cr := range pr.Capacities {
			acts := byCap[cr.Capacity.ID]
			if len(acts) == 0 {
				continue
			}
			for _, a := range acts {
				if a.Status != StatusCancelled {
					cost += a.Cost
				}
				restricted = restricted && a.Restricted
			}
			specific = append(specific, &SpecificObjective{Code: "SpO-" + cr.Capacity.ID, Capacity: cr.Capacity, Result: cr,
				Text: cr.Capacity.Objective, Actions: acts})
		}
		if len(specific) == 0 {
			continue
		}
		o := &Objective{Code: "SO-" + pr.Pillar.Code, Pillar: pr.Pillar, Result: pr, Text: pr.Pillar.Objective,
			Specific: specific, Cost: cost, Restricted: restricted}
		o.Rationale, o.References = p.rationale(pr)
		o.ExpectedResults = append([]string(nil), pr.Pillar.ExpectedResults...)
		o.ExpectedResults = append(o.ExpectedResults, fmt.Sprintf("The %s pillar score rises from %.1f to at least %.1f at the final re-assessment in %d",
			pr.Pillar.Code, pr.Score.Value, pr.Target.Value, p.StartYear+PlanHorizon/12-1))
		o.KPIs = append(o.KPIs, KPIValue{Name: fmt.Sprintf("%s pillar maturity score", pr.Pillar.Code), Unit: "0–4",
			Source: "re-assessment with bordergap", Baseline: fmt.Sprintf("%.2f", pr.Score.Value), Target: fmt.Sprintf("%.2f", pr.Target.Value)})
		for _, k := range pr.Pillar.KPIs {
			o.KPIs = append(o.KPIs, KPIValue{Name: k.Name, Unit: k.Unit, Source: k.Source, Baseline: "to be measured in year 1", Target: "set at the baseline review"})
		}
		p.Objectives = append(p.Objectives, o)
	}
}

// rationale summarises a pillar's gaps from the scores and the assessors'
// notes, and lists the references the objective responds to, binding
// obligations first.
func (p *Plan) rationale(pr *PillarResult) (string, []string) {
	f := p.Analysis.Framework
	var gaps []*IndicatorResult
	applicable := 0
	for _, c := range pr.Capacities {
		for _, r := range c.Indicators {
			if r.Applicable {
				applicable++
			}
			if r.Gap > 0 {
				gaps = append(gaps, r)
			}
		}
	}
	sort.SliceStable(gaps, func(i, j int) bool {
		if gaps[i].PriorityIndex != gaps[j].PriorityIndex {
			return gaps[i].PriorityIndex > gaps[j].PriorityIndex
		}
		return gaps[i].Indicator.ID < gaps[j].Indicator.ID
	})
	var b strings.Builder
	fmt.Fprintf(&b, "The assessment scored the %s pillar at %.1f out of 4 (%.0f%%). %d of its %d applicable indicators are below target",
		LowerFirst(pr.Pillar.Title), pr.Score.Value, pr.Score.Percent(), len(gaps), applicable)
	if pr.BindingUnmet > 0 {
		// Restricted indicators are counted but not named: naming them
		// would reveal a specific vulnerability in the public edition.
		var ids []string
		hidden := 0
		for _, g := range gaps {
			switch {
			case !g.BindingUnmet:
			case g.Indicator.Restricted:
				hidden++
			default:
				ids = append(ids, g.Indicator.ID+" ("+LowerFirst(g.Indicator.Title)+")")
			}
		}
		fmt.Fprintf(&b, ", and %d binding obligation%s or core counter-terrorism capabilit%s %s not met",
			pr.BindingUnmet, Plural(pr.BindingUnmet, "", "s"), Plural(pr.BindingUnmet, "y", "ies"), Plural(pr.BindingUnmet, "is", "are"))
		switch {
		case len(ids) > 0 && hidden > 0:
			fmt.Fprintf(&b, ": %s, and %d set out in the restricted annex", strings.Join(ids, "; "), hidden)
		case len(ids) > 0:
			fmt.Fprintf(&b, ": %s", strings.Join(ids, "; "))
		default:
			b.WriteString(" (set out in the restricted annex)")
		}
	}
	b.WriteString(".")
	// The findings behind the highest-priority gaps, in the assessors' words.
	n := 0
	for _, g := range gaps {
		if n == 2 || g.Indicator.Restricted {
			continue
		}
		if note := findingNote(g); note != "" {
			fmt.Fprintf(&b, " On %s (%s), the team found: %s", LowerFirst(g.Indicator.Title), g.Indicator.ID, note)
			n++
		}
	}
	var binding, other []string
	seen := map[string]bool{}
	for _, g := range gaps {
		for _, ref := range g.Indicator.References {
			c := f.Cite(ref)
			if seen[c] {
				continue
			}
			seen[c] = true
			in := f.Instrument(ref.Instrument)
			switch {
			case ref.Binding:
				binding = append(binding, c)
			case in != nil && (in.Kind == "unscr" || in.Kind == "icao" || in.Kind == "gctf"):
				other = append(other, c)
			}
		}
	}
	refs := append(binding, other...)
	if len(refs) > 0 {
		shown := refs
		if len(shown) > 6 {
			shown = shown[:6]
		}
		fmt.Fprintf(&b, " The objective responds to %s.", JoinAnd(shown))
	}
	return b.String(), refs
}

// findingNote picks the evidence behind the team's level: the note of an
// assessor who gave that level, else the lead's consensus comment, cut to its
// first sentence.
func findingNote(r *IndicatorResult) string {
	for _, s := range r.Scores {
		if s.Level == r.Level && strings.TrimSpace(s.Note) != "" {
			return FirstSentence(s.Note)
		}
	}
	if r.Comment != "" {
		return FirstSentence(r.Comment)
	}
	return ""
}

// abbreviations that end with a full stop without ending a sentence.
var abbreviations = map[string]bool{"art": true, "arts": true, "no": true, "nos": true, "para": true, "paras": true,
	"std": true, "e.g": true, "i.e": true, "cf": true, "etc": true, "approx": true, "vol": true, "ch": true, "sect": true,
	"dr": true, "mr": true, "ms": true, "op": true, "rev": true, "fig": true}

// FirstSentence returns the first sentence of s, not cut after common
// abbreviations ("Art. 12") or initials.
func FirstSentence(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i+2 < len(s); i++ {
		if s[i] != '.' || !unicode.IsSpace(rune(s[i+1])) {
			continue
		}
		k := i + 1
		for k < len(s) && unicode.IsSpace(rune(s[k])) {
			k++
		}
		if k == len(s) || s[k] < 'A' || s[k] > 'Z' {
			continue
		}
		j := strings.LastIndexAny(s[:i], " (") + 1
		word := strings.ToLower(s[j:i])
		if abbreviations[word] || len(word) <= 1 {
			continue
		}
		return s[:i+1]
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// LowerFirst lower-cases the first letter of a title for use inside a
// sentence, unless its first word is an acronym or a name ("High-level IBM
// body" → "high-level IBM body"; "CT offences", "API system" and "INTERPOL
// databases" stay as they are).
func LowerFirst(s string) string {
	word := s
	if i := strings.IndexAny(s, " -/"); i > 0 {
		word = s[:i]
	}
	upper := 0
	for _, r := range word {
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			upper++
		}
	}
	r := []rune(s)
	if upper > 1 || len(r) < 2 {
		return s
	}
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

// JoinAnd joins items as an English list: "a, b and c".
func JoinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// Plural returns one or many by n.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
