package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"

	"bordergap/assessment"
	"bordergap/reports"

	"github.com/gin-gonic/gin"
)

// routesResults registers the results of an assessment: the scorecard, the
// plan with its actions (adjustments by the lead assessor, implementation
// status by the ministry focal point) and the documents.
func (s *Server) routesResults(r gin.IRoutes) {
	r.GET("/assessments/:id/scorecard", s.scorecardPage)
	r.GET("/assessments/:id/plan", s.planPage)
	r.GET("/assessments/:id/plan/:action", s.actionPage)
	r.POST("/assessments/:id/plan/:action", s.adjustAction)
	r.POST("/assessments/:id/plan/:action/status", s.saveImplStatus)
	r.GET("/assessments/:id/documents", s.documentsPage)
	r.GET("/assessments/:id/documents/:doc", s.downloadDocument)
}

// ------------------------------------------------------------- scorecard

// scorecardData is what scorecard.html shows.
type scorecardData struct {
	National           assessment.Score
	Scored, Applicable int
	Chart              template.HTML
	Pillars            []scPillar
	Gaps               []scGap
	GapsTotal          int
	AllGaps            bool
	Binding            []scBinding
	// Restricted: the person may read restricted findings.
	Restricted bool
	// Withheld counts the findings not shown to this person.
	Withheld int
	Final    bool // validated or published: no longer provisional
}

type scPillar struct {
	Code, Title     string
	Score, Target   assessment.Score
	Critical        bool
	Applicable      int
	HighGaps, Unmet int
}

type scGap struct {
	Rank          int
	ID, Title     string
	Level, Target assessment.Level
	Weight        int
	Index         float64
	Priority      assessment.Priority
	Flags         []string
	Finding       string
	Restricted    bool // the indicator is marked restricted
	Withheld      bool // its finding is not shown to this person
}

type scBinding struct {
	ID, Title  string
	Level      assessment.Level
	Target     assessment.Level
	Priority   assessment.Priority
	References []string
	Restricted bool
}

// topGaps is how many gaps the scorecard lists unless asked for all.
const topGaps = 15

func (s *Server) scorecardPage(c *gin.Context) {
	v, ok := s.loadView(c, assessment.PermView)
	if !ok {
		return
	}
	an, _, err := s.analysis(c, v)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := buildScorecard(an, v.Can[assessment.PermViewRestricted], c.Query("gaps") == "all")
	s.render(c, "scorecard", "Scorecard — "+v.A.StateName, v.page("scorecard", d))
}

// buildScorecard prepares the scorecard of an analysis. Without restricted
// access, the findings (evidence notes and comments) of restricted
// indicators are left out: the person sees their level and priority only.
func buildScorecard(an *assessment.Analysis, restricted, all bool) scorecardData {
	d := scorecardData{National: an.National, Scored: an.Scored, Applicable: an.Applicable, Restricted: restricted, AllGaps: all,
		Final: !an.Assessment.Status.Editable()}
	var axes []radarAxis
	cur := radarSeries{Name: "Current level", Colour: radarCurrent}
	tgt := radarSeries{Name: "Target", Colour: radarTarget}
	for _, p := range an.Pillars {
		row := scPillar{Code: p.Pillar.Code, Title: p.Pillar.Title, Score: p.Score, Target: p.Target, Critical: p.Critical,
			Applicable: p.Applicable, HighGaps: p.HighGaps, Unmet: p.BindingUnmet}
		d.Pillars = append(d.Pillars, row)
		axes = append(axes, radarAxis{Code: p.Pillar.Code, Title: p.Pillar.Title})
		cur.Values = append(cur.Values, p.Score.Value)
		tgt.Values = append(tgt.Values, p.Target.Value)
	}
	if an.Scored > 0 {
		d.Chart = radarSVG("radar", "Radar chart: current level and target of each pillar", axes, []radarSeries{tgt, cur})
	}
	gaps := an.Gaps()
	d.GapsTotal = len(gaps)
	if !all && len(gaps) > topGaps {
		gaps = gaps[:topGaps]
	}
	for i, r := range gaps {
		g := scGap{Rank: i + 1, ID: r.Indicator.ID, Title: r.Indicator.Title, Level: r.Level, Target: r.Target, Weight: r.Indicator.Weight,
			Index: r.PriorityIndex, Priority: r.Priority, Flags: gapFlags(r, d.Final), Restricted: r.Indicator.Restricted}
		if r.Indicator.Restricted && !restricted {
			g.Withheld = true
			d.Withheld++
		} else {
			g.Finding = finding(r)
		}
		d.Gaps = append(d.Gaps, g)
	}
	f := an.Framework
	for _, r := range an.BindingUnmet() {
		b := scBinding{ID: r.Indicator.ID, Title: r.Indicator.Title, Level: r.Level, Target: r.Target, Priority: r.Priority,
			Restricted: r.Indicator.Restricted}
		for _, ref := range r.Indicator.References {
			if ref.Binding {
				b.References = append(b.References, f.Cite(ref))
			}
		}
		d.Binding = append(d.Binding, b)
	}
	return d
}

// gapFlags lists what a reader should know about a gap besides its numbers;
// a missing consensus matters only while the team still reviews.
func gapFlags(r *assessment.IndicatorResult, final bool) []string {
	var out []string
	if r.BindingUnmet {
		out = append(out, "binding obligation not met")
	}
	if r.ThreatFactor > 1 {
		out = append(out, "critical pillar (×1.5)")
	}
	if r.SpreadFlag {
		out = append(out, fmt.Sprintf("assessors differ by %d levels", r.Spread))
	}
	if !r.ConsensusSet && !final {
		out = append(out, "no consensus yet")
	}
	if r.LowConfidence {
		out = append(out, "low confidence")
	}
	if r.SingleSource {
		out = append(out, "single source")
	}
	if r.RightsCapped {
		out = append(out, "human-rights concern: level capped at 2")
	} else if r.RightsConcern {
		out = append(out, "human-rights concern")
	}
	if r.Indicator.Restricted {
		out = append(out, "restricted")
	}
	return out
}

// finding is the evidence behind the team's level: the note of an assessor
// who gave that level, else the lead's consensus comment, cut to its first
// sentence (as in the plan's rationale).
func finding(r *assessment.IndicatorResult) string {
	for _, sc := range r.Scores {
		if sc.Level == r.Level && strings.TrimSpace(sc.Note) != "" {
			return assessment.FirstSentence(sc.Note)
		}
	}
	if strings.TrimSpace(r.Comment) != "" {
		return assessment.FirstSentence(r.Comment)
	}
	return ""
}

// ------------------------------------------------------------------ plan

// planFilter is the filter form of the plan page (GET parameters).
type planFilter struct {
	Pillar   string `form:"pillar" validate:"omitempty,max=12"`
	Priority string `form:"priority" validate:"omitempty,oneof=High Medium Low"`
	Phase    string `form:"phase" validate:"omitempty,oneof=1 2 3"`
}

// planData is what plan.html shows.
type planData struct {
	Filter     planFilter
	Filtered   bool
	Pillars    []choice
	Priorities []string
	Currency   string
	StartYear  int
	EndYear    int
	// Shown counts the actions in the tables; Visible those the person may
	// see; Withheld the restricted actions left out, and their cost.
	Shown, Visible int
	Withheld       int
	WithheldCost   float64
	Totals         assessment.Totals
	Pending        int
	Unmapped       []choice
	Objectives     []plObjective
	Orphans        []string
	CanEdit        bool
}

type choice struct {
	Value, Label string
}

type plObjective struct {
	Code, Text, Pillar string
	Groups             []plGroup
	Count              int
	Cost               float64
}

type plGroup struct {
	Code, Text string
	Rows       []plRow
}

type plRow struct {
	ID, Text       string
	Lead           string
	LeadMissing    string // "to be designated — ..." when no institution is mapped
	Start, End     string
	Phase          int
	Cost           float64
	FundingSource  string
	FundingStatus  assessment.FundingStatus
	Priority       assessment.Priority
	Status         assessment.ImplStatus
	Flags          []string
	Restricted     bool
	PendingFunding bool
}

func (s *Server) planPage(c *gin.Context) {
	v, ok := s.loadView(c, assessment.PermView)
	if !ok {
		return
	}
	p, err := s.plan(c, v)
	if err != nil {
		s.fail(c, err)
		return
	}
	f := planFilter{Pillar: c.Query("pillar"), Priority: c.Query("priority"), Phase: c.Query("phase")}
	errs := checkStruct(f)
	if f.Pillar != "" && v.F.Pillar(f.Pillar) == nil && errorMap(errs)["pillar"] == "" {
		errs = append(errs, assessment.FieldError{Field: "pillar", Message: "Choose a pillar from the list."})
	}
	// A bad filter is reported beside its field and not applied.
	for _, e := range errs {
		switch e.Field {
		case "pillar":
			f.Pillar = ""
		case "priority":
			f.Priority = ""
		case "phase":
			f.Phase = ""
		}
	}
	d := buildPlan(p, v.Can[assessment.PermViewRestricted], f)
	d.CanEdit = v.Can[assessment.PermEdit]
	pg := v.page("plan", d)
	pg.Errors = errorMap(errs)
	pg.Title = "Action plan — " + v.A.StateName
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	s.renderPage(c, status, "plan", pg)
}

// buildPlan prepares the plan page: the actions the person may see that
// match the filter, grouped by strategic and specific objective, and the
// summary figures of those actions.
func buildPlan(p *assessment.Plan, restricted bool, f planFilter) planData {
	d := planData{Filter: f, Filtered: f != planFilter{}, Currency: p.Costs.Currency, StartYear: p.StartYear, EndYear: p.EndYear,
		Priorities: []string{"High", "Medium", "Low"}}
	for _, pl := range p.Analysis.Framework.Pillars {
		d.Pillars = append(d.Pillars, choice{pl.Code, pl.Code + " — " + pl.Title})
	}
	match := func(pa *assessment.PlanAction) bool {
		return (f.Pillar == "" || pa.Pillar.Code == f.Pillar) &&
			(f.Priority == "" || string(pa.Priority) == f.Priority) &&
			(f.Phase == "" || strconv.Itoa(pa.Phase) == f.Phase)
	}
	var shown, hidden []*assessment.PlanAction
	for _, pa := range p.Actions {
		if pa.Restricted && !restricted {
			hidden = append(hidden, pa)
			continue
		}
		d.Visible++
		if match(pa) {
			shown = append(shown, pa)
		}
	}
	d.Shown = len(shown)
	d.Withheld = len(hidden)
	d.WithheldCost = subTotals(p, hidden).Total
	d.Totals = subTotals(p, shown)
	inShown := map[string]bool{}
	for _, pa := range shown {
		inShown[pa.ID] = true
		if pa.PendingFunding && pa.Status != assessment.StatusCancelled {
			d.Pending++
		}
	}
	fw := p.Analysis.Framework
	for _, code := range p.Unmapped {
		label := code
		if r := fw.Role(code); r != nil {
			label = code + " (" + r.Name + ")"
		}
		d.Unmapped = append(d.Unmapped, choice{code, label})
	}
	for _, o := range p.Objectives {
		po := plObjective{Code: o.Code, Text: o.Text, Pillar: o.Pillar.Code + " — " + o.Pillar.Title}
		for _, so := range o.Specific {
			g := plGroup{Code: so.Code, Text: so.Text}
			for _, pa := range so.Actions {
				if !inShown[pa.ID] {
					continue
				}
				g.Rows = append(g.Rows, planRow(p, pa))
				if pa.Status != assessment.StatusCancelled {
					po.Cost += pa.Cost
				}
			}
			if len(g.Rows) > 0 {
				po.Count += len(g.Rows)
				po.Groups = append(po.Groups, g)
			}
		}
		if po.Count > 0 {
			d.Objectives = append(d.Objectives, po)
		}
	}
	// Orphaned adjustments name actions; they may be restricted ones.
	if restricted {
		for _, o := range p.Orphans {
			d.Orphans = append(d.Orphans, o.ActionID)
		}
	}
	return d
}

// subTotals sums the costs of some of the plan's actions (as the public
// edition of the action plan does).
func subTotals(p *assessment.Plan, actions []*assessment.PlanAction) assessment.Totals {
	sub := assessment.Plan{Analysis: p.Analysis, Costs: p.Costs, StartYear: p.StartYear, EndYear: p.EndYear, Actions: actions}
	return sub.Totals()
}

func planRow(p *assessment.Plan, pa *assessment.PlanAction) plRow {
	r := plRow{ID: pa.ID, Text: pa.Text, Lead: pa.Lead, Start: p.Quarter(pa.Start), End: p.EndQuarter(pa.End), Phase: pa.Phase,
		Cost: pa.Cost, FundingSource: pa.FundingSource, FundingStatus: pa.FundingStatus, Priority: pa.Priority, Status: pa.Status,
		Restricted: pa.Restricted, PendingFunding: pa.PendingFunding}
	if pa.Lead == "" {
		r.LeadMissing = missingLead(p.Analysis.Framework, pa)
	}
	r.Flags = actionFlags(pa)
	return r
}

// missingLead says why an action has no lead institution: the role codes
// that would lead it are not mapped in the country profile (the generator
// never guesses).
func missingLead(f *assessment.Framework, pa *assessment.PlanAction) string {
	var codes []string
	for _, code := range pa.Indicator.Lead {
		for _, u := range pa.Unmapped {
			if u == code {
				label := code
				if r := f.Role(code); r != nil {
					label += " (" + r.Name + ")"
				}
				codes = append(codes, label)
				break
			}
		}
	}
	switch len(codes) {
	case 0:
		return "to be designated"
	case 1:
		return "to be designated — role code " + codes[0] + " not mapped"
	}
	return "to be designated — role codes " + strings.Join(codes, ", ") + " not mapped"
}

func actionFlags(pa *assessment.PlanAction) []string {
	var out []string
	if pa.PendingFunding {
		out = append(out, "pending funding")
	}
	if pa.Safeguard != "" {
		out = append(out, "safeguard")
	}
	if pa.HRDDP {
		out = append(out, "HRDDP")
	}
	if pa.Restricted {
		out = append(out, "restricted")
	}
	if len(pa.Adjusted) > 0 {
		out = append(out, "adjusted: "+strings.Join(pa.Adjusted, ", "))
	}
	out = append(out, pa.Warnings...)
	return out
}

// ---------------------------------------------------------------- action

// adjustForm is the lead assessor's form on an action. Empty fields (and
// the "as generated" choices) keep the generated value.
type adjustForm struct {
	Priority      string `form:"priority" validate:"omitempty,oneof=High Medium Low"`
	Lead          string `form:"lead" validate:"max=300"`
	Start         string `form:"start" validate:"omitempty,number"`
	End           string `form:"end" validate:"omitempty,number"`
	Cost          string `form:"cost" validate:"max=30"`
	FundingSource string `form:"funding_source" validate:"max=300"`
	FundingStatus string `form:"funding_status" validate:"omitempty,oneof=secured pledged gap"`
	Text          string `form:"text" validate:"max=4000"`
	Note          string `form:"note" validate:"max=4000"`
	Version       string `form:"version" validate:"required,number"`
}

// statusForm is the implementation-status form.
type statusForm struct {
	Status  string `form:"status" validate:"required"`
	Note    string `form:"note" validate:"max=4000"`
	Version string `form:"version" validate:"required,number"`
}

// actionData is what action.html shows.
type actionData struct {
	P          *assessment.Plan
	A          *assessment.PlanAction
	Gen        *assessment.PlanAction // the action as generated, without its adjustment
	Objective  *assessment.Objective
	Specific   *assessment.SpecificObjective
	Currency   string
	Start, End string
	Lead       string
	Missing    string
	Deps       []choice // Value: id; Label: "" when the person may not open it
	CostByYear []yearCost
	Adj        assessment.Adjustment
	AdjBy      string
	Flags      []string

	CanAdjust, CanStatus bool
	Form                 adjustForm
	Status               statusForm
	// Failed names the form the errors belong to ("adjust" or "status");
	// AdjErr and StErr hold the field messages of each form.
	Failed        string
	AdjErr, StErr map[string]string
	// Conflict is the message of a save over someone else's change, and
	// Diffs the fields where their version and the person's differ.
	Conflict     string
	Diffs        []conflictDiff
	StartOptions []choice
	EndOptions   []choice
	GenStart     string
	GenEnd       string
	GenCost      string
	Statuses     []assessment.ImplStatus
	Fundings     []assessment.FundingStatus
}

// conflictDiff is one field where the stored version and the person's
// input differ.
type conflictDiff struct {
	Field, Theirs, Yours string
}

type yearCost struct {
	Year int
	Cost float64
}

// actionContext is what the action handlers share: the view, the plan with
// every adjustment, the action and its stored adjustment.
type actionContext struct {
	v   *view
	p   *assessment.Plan
	pa  *assessment.PlanAction
	gen *assessment.PlanAction
	adj assessment.Adjustment
}

// loadAction loads the :action of the assessment's plan; it answers 404 for
// an unknown action and for a restricted action the person may not see.
func (s *Server) loadAction(c *gin.Context, perm assessment.Permission) (*actionContext, bool) {
	v, ok := s.loadView(c, perm)
	if !ok {
		return nil, false
	}
	p, err := s.plan(c, v)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	pa := p.Action(c.Param("action"))
	if pa == nil || pa.Restricted && !v.Can[assessment.PermViewRestricted] {
		s.fail(c, notFound())
		return nil, false
	}
	all, err := s.store.FindAdjustments(c.Request.Context(), v.A.ID)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	ac := &actionContext{v: v, p: p, pa: pa, adj: assessment.Adjustment{AssessmentID: v.A.ID, ActionID: pa.ID}}
	var others []assessment.Adjustment
	for _, x := range all {
		if x.ActionID == pa.ID {
			ac.adj = x
		} else {
			others = append(others, x)
		}
	}
	// The action as generated: the plan with every adjustment but this one.
	ac.gen = pa
	if ac.adj.Version > 0 {
		if g := assessment.GeneratePlan(p.Analysis, others, assessment.PlanOptions{StartYear: p.StartYear, Costs: p.Costs}).Action(pa.ID); g != nil {
			ac.gen = g
		}
	}
	return ac, true
}

func (s *Server) actionPage(c *gin.Context) {
	ac, ok := s.loadAction(c, assessment.PermView)
	if !ok {
		return
	}
	d := s.actionData(c, ac)
	d.Form = formFromAdjustment(ac)
	d.Status = statusForm{Status: string(ac.pa.Status), Note: ac.adj.Note, Version: strconv.Itoa(ac.adj.Version)}
	s.renderAction(c, http.StatusOK, ac, d, nil)
}

// actionData prepares the page of one action.
func (s *Server) actionData(c *gin.Context, ac *actionContext) actionData {
	p, pa, v := ac.p, ac.pa, ac.v
	d := actionData{P: p, A: pa, Gen: ac.gen, Currency: p.Costs.Currency, Start: p.Quarter(pa.Start), End: p.EndQuarter(pa.End),
		Lead: pa.Lead, Adj: ac.adj, Flags: actionFlags(pa),
		CanAdjust: v.Can[assessment.PermAdjustPlan], CanStatus: v.Can[assessment.PermImplementation],
		GenStart: p.Quarter(ac.gen.Start), GenEnd: p.EndQuarter(ac.gen.End), GenCost: formatMoney(ac.gen.Cost, p.Costs.Currency),
		Statuses: assessment.ImplStatuses, Fundings: assessment.FundingStatuses}
	if pa.Lead == "" {
		d.Missing = missingLead(v.F, pa)
	}
	for _, o := range p.Objectives {
		for _, so := range o.Specific {
			for _, x := range so.Actions {
				if x == pa {
					d.Objective, d.Specific = o, so
				}
			}
		}
	}
	for _, id := range pa.Dependencies {
		dep := p.Action(id)
		if dep != nil && dep.Restricted && !v.Can[assessment.PermViewRestricted] {
			d.Deps = append(d.Deps, choice{Value: id})
			continue
		}
		d.Deps = append(d.Deps, choice{Value: id, Label: id})
	}
	for _, y := range p.Years() {
		if c := pa.CostByYear[y]; c > 0.5 {
			d.CostByYear = append(d.CostByYear, yearCost{y, c})
		}
	}
	if ac.adj.UpdatedBy != 0 {
		if u, err := s.store.FindUserByID(c.Request.Context(), ac.adj.UpdatedBy); err == nil {
			d.AdjBy = u.Name
		}
	}
	// Quarters over the plan horizon, plus a stored value outside it.
	for m := 0; m < assessment.PlanHorizon; m += 3 {
		d.StartOptions = append(d.StartOptions, choice{strconv.Itoa(m), p.Quarter(m)})
		d.EndOptions = append(d.EndOptions, choice{strconv.Itoa(m + 3), p.Quarter(m)})
	}
	if x := ac.adj.StartMonth; x != nil && (*x >= assessment.PlanHorizon || *x%3 != 0) {
		d.StartOptions = append(d.StartOptions, choice{strconv.Itoa(*x), p.Quarter(*x)})
	}
	if x := ac.adj.EndMonth; x != nil && (*x > assessment.PlanHorizon || *x%3 != 0) {
		d.EndOptions = append(d.EndOptions, choice{strconv.Itoa(*x), p.EndQuarter(*x)})
	}
	return d
}

// formFromAdjustment fills the adjustment form: text fields show the
// current value (an adjusted one, else the generated one), choices show
// the stored adjustment ("" = as generated).
func formFromAdjustment(ac *actionContext) adjustForm {
	x, pa := ac.adj, ac.pa
	f := adjustForm{Priority: string(x.Priority), Lead: pa.Lead, Cost: strconv.FormatFloat(pa.Cost, 'f', -1, 64),
		FundingSource: pa.FundingSource, FundingStatus: string(x.FundingStatus), Text: pa.Text, Note: x.Note,
		Version: strconv.Itoa(x.Version)}
	if x.StartMonth != nil {
		f.Start = strconv.Itoa(*x.StartMonth)
	}
	if x.EndMonth != nil {
		f.End = strconv.Itoa(*x.EndMonth)
	}
	return f
}

func (s *Server) renderAction(c *gin.Context, status int, ac *actionContext, d actionData, errs []assessment.FieldError) {
	switch d.Failed {
	case "adjust":
		d.AdjErr = errorMap(errs)
	case "status":
		d.StErr = errorMap(errs)
	}
	pg := ac.v.page("plan", d)
	pg.Title = ac.pa.ID + " — action plan"
	s.renderPage(c, status, "action", pg)
}

// adjustAction saves the lead assessor's adjustment of one action.
func (s *Server) adjustAction(c *gin.Context) {
	ac, ok := s.loadAction(c, assessment.PermAdjustPlan)
	if !ok {
		return
	}
	var f adjustForm
	f.Priority, f.Lead, f.Start, f.End = c.PostForm("priority"), strings.TrimSpace(c.PostForm("lead")), c.PostForm("start"), c.PostForm("end")
	f.Cost, f.FundingSource, f.FundingStatus = strings.TrimSpace(c.PostForm("cost")), strings.TrimSpace(c.PostForm("funding_source")), c.PostForm("funding_status")
	f.Text, f.Note, f.Version = strings.TrimSpace(c.PostForm("text")), strings.TrimSpace(c.PostForm("note")), c.PostForm("version")
	errs := reloadMessage(checkStruct(f))
	x, more := adjustmentFrom(ac, f, errorMap(errs))
	errs = append(errs, more...)
	if len(errs) == 0 {
		_, err := s.store.SaveAdjustment(c.Request.Context(), currentUser(c).ID, x)
		switch assessment.ErrorCode(err) {
		case "":
			c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d/plan/%s?done=adjusted", ac.v.A.ID, ac.pa.ID))
			return
		case assessment.EINVALID:
			errs = formFields(assessment.ErrorFields(err))
		case assessment.ECONFLICT:
			s.actionConflict(c, "adjust", f, statusForm{}, err)
			return
		default:
			s.fail(c, err)
			return
		}
	}
	d := s.actionData(c, ac)
	d.Form, d.Failed = f, "adjust"
	d.Status = statusForm{Status: string(ac.pa.Status), Note: ac.adj.Note, Version: strconv.Itoa(ac.adj.Version)}
	s.renderAction(c, http.StatusUnprocessableEntity, ac, d, errs)
}

// adjustmentFrom turns the form into an adjustment of the stored one. A
// text field equal to the generated value, or empty, is not an adjustment.
// The implementation status is kept.
func adjustmentFrom(ac *actionContext, f adjustForm, bad map[string]string) (assessment.Adjustment, []assessment.FieldError) {
	var errs []assessment.FieldError
	gen := ac.gen
	x := ac.adj
	x.AssessmentID, x.ActionID = ac.v.A.ID, ac.pa.ID
	x.Version, _ = strconv.Atoi(f.Version)
	x.Priority = assessment.Priority(f.Priority)
	x.Lead = ""
	if f.Lead != gen.Lead {
		x.Lead = f.Lead
	}
	x.FundingSource = ""
	if f.FundingSource != gen.FundingSource {
		x.FundingSource = f.FundingSource
	}
	x.FundingStatus = assessment.FundingStatus(f.FundingStatus)
	x.Text = ""
	if f.Text != "" && f.Text != strings.TrimSpace(gen.Text) {
		x.Text = f.Text
	}
	x.Note = f.Note
	month := func(field, s string) *int {
		if s == "" || bad[field] != "" {
			return nil
		}
		m, err := strconv.Atoi(s)
		if err != nil {
			return nil
		}
		return &m
	}
	x.StartMonth, x.EndMonth = month("start", f.Start), month("end", f.End)
	x.Cost = nil
	if f.Cost != "" && bad["cost"] == "" {
		clean := strings.NewReplacer(",", "", " ", "", "\u00a0", "", "_", "").Replace(f.Cost)
		clean = strings.TrimPrefix(strings.ToUpper(clean), strings.ToUpper(ac.p.Costs.Currency))
		v, err := strconv.ParseFloat(clean, 64)
		switch {
		case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
			errs = append(errs, assessment.FieldError{Field: "cost", Message: fmt.Sprintf("Enter an amount in %s with digits only, for example 250000.", ac.p.Costs.Currency)})
		case v < 0 || v > 1e12:
			errs = append(errs, assessment.FieldError{Field: "cost", Message: "Enter an amount of 0 or more, up to 1,000,000,000,000."})
		case v != gen.Cost:
			x.Cost = &v
		}
	}
	// The end must come after the start, whichever of them is generated.
	if x.EndMonth != nil && x.StartMonth == nil && *x.EndMonth <= gen.Start {
		errs = append(errs, assessment.FieldError{Field: "end", Message: fmt.Sprintf("The end must come after the start (%s).", ac.p.Quarter(gen.Start))})
	}
	if x.StartMonth != nil && x.EndMonth != nil && *x.EndMonth <= *x.StartMonth {
		errs = append(errs, assessment.FieldError{Field: "end", Message: "The end quarter must not come before the start quarter."})
		x.EndMonth = nil
	}
	if len(errs) == 0 && len(bad) == 0 {
		errs = formFields(x.Validate())
	}
	return x, errs
}

// reloadMessage replaces the message of a missing or mangled version
// field, which a person cannot fix in the form.
func reloadMessage(errs []assessment.FieldError) []assessment.FieldError {
	for i := range errs {
		if errs[i].Field == "version" {
			errs[i].Message = "The form is incomplete: reload the page and try again."
		}
	}
	return errs
}

// formFields renames the domain's field names to the form's.
func formFields(errs []assessment.FieldError) []assessment.FieldError {
	names := map[string]string{"start_month": "start", "end_month": "end", "action_id": ""}
	out := make([]assessment.FieldError, len(errs))
	for i, e := range errs {
		if n, ok := names[e.Field]; ok {
			e.Field = n
		}
		e.Message = sentence(e.Message)
		out[i] = e
	}
	return out
}

// actionConflict answers a save over someone else's change: 409, the
// action as it is now, the message, and the person's input kept in the
// form with the current version, so that they choose: submit again to
// replace the other change, or leave the page to keep it.
func (s *Server) actionConflict(c *gin.Context, form string, af adjustForm, sf statusForm, cause error) {
	ac, ok := s.loadAction(c, assessment.PermView)
	if !ok {
		return
	}
	d := s.actionData(c, ac)
	d.Conflict, d.Failed = sentence(assessment.ErrorMessage(cause)), form
	d.Form = formFromAdjustment(ac)
	d.Status = statusForm{Status: string(ac.pa.Status), Note: ac.adj.Note, Version: strconv.Itoa(ac.adj.Version)}
	diff := func(field, theirs, yours string) {
		if theirs != yours {
			d.Diffs = append(d.Diffs, conflictDiff{field, theirs, yours})
		}
	}
	if form == "adjust" {
		now := d.Form
		quarter := func(m string, end bool) string {
			n, err := strconv.Atoi(m)
			switch {
			case m == "" || err != nil:
				return "as generated"
			case end:
				return ac.p.EndQuarter(n)
			}
			return ac.p.Quarter(n)
		}
		orGen := func(v string) string {
			if v == "" {
				return "as generated"
			}
			return v
		}
		diff("Priority", orGen(now.Priority), orGen(af.Priority))
		diff("Lead institution", now.Lead, af.Lead)
		diff("Start quarter", quarter(now.Start, false), quarter(af.Start, false))
		diff("End quarter", quarter(now.End, true), quarter(af.End, true))
		diff("Estimated cost", now.Cost, af.Cost)
		diff("Funding source", now.FundingSource, af.FundingSource)
		diff("Funding status", orGen(now.FundingStatus), orGen(af.FundingStatus))
		diff("Activity", now.Text, af.Text)
		diff("Note", now.Note, af.Note)
		af.Version = strconv.Itoa(ac.adj.Version)
		d.Form = af
	} else {
		diff("Status", d.Status.Status, sf.Status)
		diff("Note", d.Status.Note, sf.Note)
		sf.Version = strconv.Itoa(ac.adj.Version)
		d.Status = sf
	}
	s.renderAction(c, http.StatusConflict, ac, d, nil)
}

// sentence starts a message with a capital and ends it with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// saveImplStatus records the implementation status of one action.
func (s *Server) saveImplStatus(c *gin.Context) {
	ac, ok := s.loadAction(c, assessment.PermImplementation)
	if !ok {
		return
	}
	f := statusForm{Status: c.PostForm("status"), Note: strings.TrimSpace(c.PostForm("note")), Version: c.PostForm("version")}
	errs := reloadMessage(checkStruct(f))
	if f.Status != "" && !assessment.ImplStatus(f.Status).Valid() {
		errs = append(errs, assessment.FieldError{Field: "status", Message: "Choose one of: not started, ongoing, completed, delayed or cancelled."})
	}
	if len(errs) == 0 {
		version, _ := strconv.Atoi(f.Version)
		_, err := s.store.SaveActionStatus(c.Request.Context(), currentUser(c).ID, ac.v.A.ID, ac.pa.ID, assessment.ImplStatus(f.Status), f.Note, version)
		switch assessment.ErrorCode(err) {
		case "":
			c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d/plan/%s?done=impl", ac.v.A.ID, ac.pa.ID))
			return
		case assessment.EINVALID:
			errs = formFields(assessment.ErrorFields(err))
		case assessment.ECONFLICT:
			s.actionConflict(c, "status", adjustForm{}, f, err)
			return
		default:
			s.fail(c, err)
			return
		}
	}
	d := s.actionData(c, ac)
	d.Form, d.Status, d.Failed = formFromAdjustment(ac), f, "status"
	s.renderAction(c, http.StatusUnprocessableEntity, ac, d, errs)
}

// ------------------------------------------------------------- documents

// docKind is a document of the generator and the formats it comes in.
type docKind struct {
	Key, Title, About string
	Formats           []string
}

// docKinds are the documents, in the order the page lists them; the keys
// are those of 'bordergap report'.
var docKinds = []docKind{
	{"assessment", "Assessment report", "The findings: national scorecard, pillar and capacity scores, gaps in priority order, binding obligations not met, the evidence behind the levels.", []string{"pdf"}},
	{"strategy", "National IBM strategy (draft)", "Vision, mission, principles, strategic and specific objectives with their rationale, expected results and indicators, for the national working group to adapt and adopt.", []string{"pdf"}},
	{"action-plan", "Action plan", "Every action with lead and partner institutions, timeline, cost, funding, priority, indicators and dependencies. The spreadsheet is editable.", []string{"pdf", "xlsx"}},
}

var docTypes = map[string]string{
	"pdf":  "application/pdf",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

func findDocKind(key string) *docKind {
	for i := range docKinds {
		if docKinds[i].Key == key {
			return &docKinds[i]
		}
	}
	return nil
}

type documentsData struct {
	Docs       []docKind
	Restricted bool
	Final      bool
	Published  bool
	Prefix     string // XAA-round2
}

func (s *Server) documentsPage(c *gin.Context) {
	v, ok := s.loadView(c, assessment.PermView)
	if !ok {
		return
	}
	d := documentsData{Docs: docKinds, Restricted: v.Can[assessment.PermViewRestricted],
		Final:     v.A.Status == assessment.StatusValidated || v.A.Status == assessment.StatusPublished,
		Published: v.A.Status == assessment.StatusPublished, Prefix: fmt.Sprintf("%s-round%d", v.A.State, v.A.Round)}
	s.render(c, "documents", "Documents — "+v.A.StateName, v.page("documents", d))
}

// docQuery is the query of a download.
type docQuery struct {
	Format  string `form:"format" validate:"omitempty,oneof=pdf xlsx"`
	Edition string `form:"edition" validate:"omitempty,oneof=public restricted"`
}

// editionAllowed refuses the restricted edition to people without
// restricted access.
func editionAllowed(v *view, e reports.Edition) error {
	if e == reports.Restricted && !v.Can[assessment.PermViewRestricted] {
		return assessment.Errorf(assessment.EFORBIDDEN, "The restricted edition is only for the assessment team, the lead assessor and the state's focal point. You may download the public edition.")
	}
	return nil
}

// downloadDocument streams one document. It is rendered into memory first:
// an error gives an error page, never half a file.
func (s *Server) downloadDocument(c *gin.Context) {
	v, ok := s.loadView(c, assessment.PermView)
	if !ok {
		return
	}
	kind := findDocKind(c.Param("doc"))
	if kind == nil {
		s.fail(c, notFound())
		return
	}
	q := docQuery{Format: c.DefaultQuery("format", "pdf"), Edition: c.DefaultQuery("edition", "public")}
	if errs := checkStruct(q); len(errs) > 0 {
		s.fail(c, assessment.Invalid("This document cannot be made like that.", errs...))
		return
	}
	offered := false
	for _, f := range kind.Formats {
		offered = offered || f == q.Format
	}
	if !offered {
		s.fail(c, assessment.Invalid("This document cannot be made like that.", assessment.FieldError{Field: "format",
			Message: fmt.Sprintf("%s: available as %s only.", kind.Title, strings.ToUpper(strings.Join(kind.Formats, " or ")))}))
		return
	}
	edition, _ := reports.ParseEdition(q.Edition)
	if err := editionAllowed(v, edition); err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := s.writeDocument(c, v, kind.Key, q.Format, edition, &buf); err != nil {
		s.fail(c, err)
		return
	}
	name := fmt.Sprintf("%s-round%d-%s-%s.%s", v.A.State, v.A.Round, kind.Key, edition, q.Format)
	s.log.Info("document", "assessment", v.A.ID, "doc", kind.Key, "format", q.Format, "edition", string(edition),
		"user", currentUser(c).ID, "bytes", buf.Len())
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, docTypes[q.Format], buf.Bytes())
}

// writeDocument generates one document of the assessment.
func (s *Server) writeDocument(c *gin.Context, v *view, key, format string, edition reports.Edition, w io.Writer) error {
	p, err := s.plan(c, v)
	if err != nil {
		return err
	}
	o := reports.Options{Edition: edition, Generated: s.cfg.Now()}
	switch key + "." + format {
	case "assessment.pdf":
		err = reports.WriteAssessmentPDF(w, p.Analysis, o)
	case "strategy.pdf":
		err = reports.WriteStrategyPDF(w, p, o)
	case "action-plan.pdf":
		err = reports.WriteActionPlanPDF(w, p, o)
	case "action-plan.xlsx":
		err = reports.WriteActionPlanXLSX(w, p, o)
	default:
		return notFound()
	}
	if err != nil && assessment.ErrorCode(err) == assessment.EINTERNAL {
		return assessment.Internal(fmt.Errorf("%s.%s: %w", key, format, err))
	}
	return err
}
