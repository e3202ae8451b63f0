package reports

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"bordergap/assessment"
)

// WriteActionPlanPDF writes the action plan for printing (landscape A4):
// cover, contents with a reading guide, a summary (totals by funding, phase,
// pillar and year, lead institutions, unmapped role codes, activities
// pending funding), one chapter per strategic objective with the key
// columns of DOMAIN C.5, an implementation schedule drawn as a Gantt chart
// and an annex of monitoring indicators.
//
// The public edition leaves restricted activities out entirely (its totals
// cover the activities it shows) and says how many the restricted edition
// holds; the restricted edition includes them, marked. The output depends
// only on the plan and o.
func WriteActionPlanPDF(w io.Writer, p *assessment.Plan, o Options) error {
	if p == nil || p.Analysis == nil || p.Analysis.Assessment == nil || p.Analysis.Framework == nil {
		return errors.New("action plan: no plan to report")
	}
	d := rptRenderWithTOC(func(prev []rptTOCEntry) (*doc, []rptTOCEntry) {
		r := newActionPlanReport(p, o, prev)
		r.build()
		return r.d, r.toc.cur
	})
	return d.output(w)
}

type actionPlanReport struct {
	d       *doc
	p       *assessment.Plan
	a       *assessment.Assessment
	o       Options
	toc     *rptTOC
	actions []*assessment.PlanAction // shown in this edition, plan order
	hidden  []*assessment.PlanAction // restricted, left out of the public edition
	shown   map[string]bool
	totals  assessment.Totals // of the actions shown
	hiddenT assessment.Totals
	cur     string
}

// Colours of the action plan.
var (
	plpRestrictedRow = [3]int{251, 235, 235}
	plpPhaseTint     = [4][3]int{{0, 0, 0}, {232, 240, 248}, {240, 246, 236}, {250, 243, 230}}
	plpAfterTint     = [3]int{236, 236, 236}
)

func newActionPlanReport(p *assessment.Plan, o Options, prev []rptTOCEntry) *actionPlanReport {
	a := p.Analysis.Assessment
	title := fmt.Sprintf("%s — IBM action plan %d–%d", pdfLine(a.StateName), p.StartYear, p.EndYear)
	r := &actionPlanReport{
		d:     newDoc(title, "Integrated border management action plan (draft)", o, "L"),
		p:     p,
		a:     a,
		o:     o,
		toc:   &rptTOC{prev: prev},
		shown: map[string]bool{},
		cur:   p.Costs.Currency,
	}
	for _, pa := range p.Actions {
		if o.Edition.Includes(pa.Restricted) {
			r.actions = append(r.actions, pa)
			r.shown[pa.ID] = true
		} else {
			r.hidden = append(r.hidden, pa)
		}
	}
	r.totals = plpTotals(p, r.actions)
	r.hiddenT = plpTotals(p, r.hidden)
	return r
}

// plpTotals sums the costs of some of the plan's actions.
func plpTotals(p *assessment.Plan, actions []*assessment.PlanAction) assessment.Totals {
	sub := assessment.Plan{Analysis: p.Analysis, Costs: p.Costs, StartYear: p.StartYear, EndYear: p.EndYear, Actions: actions}
	return sub.Totals()
}

func (r *actionPlanReport) money(v float64) string { return FormatMoney(v, r.cur) }

func (r *actionPlanReport) build() {
	r.cover()
	r.contents()
	r.summary()
	r.objectives()
	r.gantt()
	r.annexKPIs()
}

func (r *actionPlanReport) chapter(title string) {
	r.d.h1(title)
	r.toc.add(r.d, 0, title)
}

func (r *actionPlanReport) section(title string, keep float64) {
	r.d.need(keep)
	r.d.h2(title)
	r.toc.add(r.d, 1, title)
}

// ---------------------------------------------------------------- cover and contents

func (r *actionPlanReport) cover() {
	p, a := r.p, r.a
	acts := fmt.Sprintf("%d in this edition", len(r.actions))
	if len(r.hidden) > 0 {
		acts += fmt.Sprintf("; %d more in the restricted edition", len(r.hidden))
	} else if r.o.Edition == Restricted {
		acts += fmt.Sprintf(" (%d of them restricted)", plpCountRestricted(r.actions))
	}
	facts := [][2]string{
		{"State", fmt.Sprintf("%s (%s)", pdfLine(a.StateName), pdfLine(a.State))},
		{"Period", fmt.Sprintf("%d–%d: %d quarters in three phases", p.StartYear, p.EndYear, 4*(p.EndYear-p.StartYear+1))},
		{"Based on", fmt.Sprintf("%s — round %d, %s", pdfLine(a.Title), a.Round, a.Status.Label())},
		{"Strategic objectives", strconv.Itoa(len(r.objectivesShown()))},
		{"Activities", acts},
		{"Indicative cost", r.money(r.totals.Total) + " (activities in this edition)"},
	}
	if cb := pdfLine(a.Profile.CoordinationBody); cb != "" {
		facts = append(facts, [2]string{"Owner", cb})
	}
	facts = append(facts,
		[2]string{"Edition", r.o.Edition.Short() + " edition"},
		[2]string{"Generated", r.o.generatedText()})
	r.d.cover("Integrated border management · Action plan", pdfLine(a.StateName),
		fmt.Sprintf("National IBM action plan %d–%d — draft for the national working group", p.StartYear, p.EndYear), facts)
}

func plpCountRestricted(as []*assessment.PlanAction) int {
	n := 0
	for _, a := range as {
		if a.Restricted {
			n++
		}
	}
	return n
}

func (r *actionPlanReport) contents() {
	d := r.d
	d.addPage()
	r.toc.draw(d, "Contents")
}

var plpGuide = [][]string{
	{"AP-ID", "Activity code AP-pillar-capacity.indicator-action: AP-XXX-2.1-A1 is the first action for indicator XXX.2.1. Below it, the specific objective (SpO) the activity serves."},
	{"Activity and sub-activities", "What is to be done, and the milestones that show progress; a safeguard step is added where rights or data protection are weak."},
	{"Lead / partners", "The national institution accountable, the institutions that contribute and the international partners usually involved."},
	{"Start / end", "Start and end quarter, and the phase: 1 = first year (governance, law, procedures, quick wins); 2 = years 2–3 (systems, institutions, roll-outs); 3 = years 4–5 (extension, level-4 consolidation)."},
	{"Output / maturity", "The deliverable that closes the activity, and the indicator's maturity level now → after the activity."},
	{"Cost and funding", "Indicative amount (cost class S, M or L, spread over the duration), funding source and status: secured, pledged or gap."},
	{"Depends on", "Activities that must be completed first, and prerequisites that are not in the plan."},
	{"Safeguard", "Yes when a safeguard sub-activity applies; HRDDP when UN funding requires human-rights due diligence."},
}

// ---------------------------------------------------------------- 1 summary

func (r *actionPlanReport) summary() {
	d, p, t := r.d, r.p, r.totals
	r.chapter("1  Summary")
	objs := r.objectivesShown()
	rptPara(d, fmt.Sprintf("This action plan turns the gaps found by the %s into %d costed and sequenced activities under %d strategic objectives, for %d to %d. "+
		"It is a generated draft: the national working group confirms each activity, its lead institution, timing and cost, and the funding sources. "+
		"Costs are indicative planning figures (%s for cost class S, %s for M and %s for L), spread evenly over the duration of each activity.",
		pdfLine(r.a.Title), len(r.actions), len(objs), p.StartYear, p.EndYear, r.money(p.Costs.S), r.money(p.Costs.M), r.money(p.Costs.L)))

	high, medium, low := 0, 0, 0
	pending := 0
	for _, a := range r.actions {
		switch a.Priority {
		case assessment.PriorityHigh:
			high++
		case assessment.PriorityMedium:
			medium++
		case assessment.PriorityLow:
			low++
		}
		if a.PendingFunding {
			pending++
		}
	}
	gapShare := 0.0
	if t.Total > 0 {
		gapShare = 100 * t.Gap / t.Total
	}
	rptTiles(d, []rptTile{
		{strconv.Itoa(len(r.actions)), "Activities", fmt.Sprintf("%d High · %d Medium · %d Low priority", high, medium, low), colHead},
		{r.money(t.Total), "Indicative cost", fmt.Sprintf("%d–%d, all sources", p.StartYear, p.EndYear), colAccent},
		{r.money(t.Gap), "Funding gap", fmt.Sprintf("%.0f%% of the cost not yet secured or pledged", gapShare), colHigh},
		{strconv.Itoa(pending), "Pending funding", "L-cost activities that cannot start until funded", colMedium},
	})
	if len(r.hidden) > 0 {
		d.callout("Restricted annex", fmt.Sprintf("This public edition leaves out %d activities that would reveal specific vulnerabilities (named crossing points, surveillance coverage, watchlist and targeting details). "+
			"Their indicative cost of %s is not included in the figures below. They are in the restricted edition, which has limited distribution.",
			len(r.hidden), r.money(r.hiddenT.Total)), colMuted)
	} else if n := plpCountRestricted(r.actions); n > 0 {
		d.callout("Restricted content", fmt.Sprintf("This edition includes %d restricted activities, marked RESTRICTED and shaded. Do not circulate it beyond the distribution list; use the public edition for wider consultation.", n), colRestr)
	}

	share := func(v float64) string {
		if t.Total == 0 {
			return "—"
		}
		return fmt.Sprintf("%.0f%%", 100*v/t.Total)
	}
	fundCols := []column{{"Source", 90, "L"}, {"Amount", 40, "R"}, {"Share", 22, "R"}, {"Remarks", 109, "L"}}
	fundRows := [][]string{
		{"National budget (secured or pledged)", r.money(t.National), share(t.National), "Activities whose source is the state budget"},
		{"International partners (secured or pledged)", r.money(t.Donor), share(t.Donor), "Any other source, once committed"},
		{"Not yet committed (funding gap)", r.money(t.Gap), share(t.Gap), "Activities with no source, or a source not yet committed"},
		{"Total", r.money(t.Total), share(t.Total), ""},
	}
	r.section("1.1  Funding", 12+rptTableKeep(d, fundCols, fundRows, 0))
	rptTable(d, fundCols, fundRows, tableStyle{bold: func(row, col int) bool { return row == 3 }, cellColour: func(row, col int) *[3]int {
		if row == 2 && col > 0 && t.Gap > 0 {
			c := colHigh
			return &c
		}
		return nil
	}})

	r.phaseTable("1.2  Phasing")
	r.pillarYearTable("1.3  Indicative cost by pillar and year")
	r.leadTable("1.4  Lead institutions")
	r.pendingTable("1.5  Activities pending funding")
	r.workingGroupPoints("1.6  Points for the working group")
	gcols := []column{{"Column", 40, "L"}, {"Meaning", 221, "L"}}
	r.section("1.7  Reading the activity tables", 12+rptTableHeight(d, gcols, plpGuide, 8))
	rptTable(d, gcols, plpGuide, tableStyle{size: 8})
}

func (r *actionPlanReport) phaseTable(title string) {
	p := r.p
	type phase struct {
		n, high int
		spend   float64
	}
	var ph [4]phase
	for _, a := range r.actions {
		if a.Phase >= 1 && a.Phase <= 3 {
			ph[a.Phase].n++
			if a.Priority == assessment.PriorityHigh {
				ph[a.Phase].high++
			}
		}
	}
	// Spending in each phase from the yearly totals: phase 1 = year 1, phase 2 = years 2–3, phase 3 = the rest.
	for y, v := range r.totals.ByYear {
		switch i := y - p.StartYear; {
		case i <= 0:
			ph[1].spend += v
		case i <= 2:
			ph[2].spend += v
		default:
			ph[3].spend += v
		}
	}
	focus := []string{"",
		"Governance, legal drafting, procedures, pilots and quick wins",
		"Systems, institutions and main roll-outs",
		"Nationwide extension, optimisation and level-4 consolidation"}
	period := []string{"",
		fmt.Sprintf("%d", p.StartYear),
		fmt.Sprintf("%d–%d", p.StartYear+1, p.StartYear+2),
		fmt.Sprintf("%d–%d", p.StartYear+3, p.EndYear)}
	months := []string{"", "0–12", "12–36", "36–60"}
	var rows [][]string
	for i := 1; i <= 3; i++ {
		rows = append(rows, []string{fmt.Sprintf("Phase %d", i), months[i], period[i], focus[i], strconv.Itoa(ph[i].n), strconv.Itoa(ph[i].high), r.money(ph[i].spend)})
	}
	cols := []column{{"Phase", 22, "L"}, {"Months", 20, "C"}, {"Years", 24, "C"}, {"Focus", 100, "L"}, {"Activities starting", 30, "R"}, {"of which High", 25, "R"}, {"Spending in the phase", 40, "R"}}
	r.section(title, 12+rptTableKeep(r.d, cols, rows, 0))
	rptTable(r.d, cols, rows, tableStyle{})
}

func (r *actionPlanReport) pillarYearTable(title string) {
	p, t := r.p, r.totals
	years := p.Years()
	cols := []column{{"Pillar", 90, "L"}}
	for _, y := range years {
		cols = append(cols, column{strconv.Itoa(y), 24, "R"})
	}
	cols = append(cols, column{"Total", 30, "R"})
	var rows [][]string
	for _, pl := range p.Analysis.Framework.Pillars {
		tot, ok := t.ByPillar[pl.Code]
		if !ok {
			continue
		}
		row := []string{pl.Code + "  " + arShortTitle(pl.Title)}
		for _, y := range years {
			row = append(row, FormatMoney(t.ByPillarYear[pl.Code][y], ""))
		}
		rows = append(rows, append(row, FormatMoney(tot, "")))
	}
	row := []string{"Total (" + r.cur + ")"}
	for _, y := range years {
		row = append(row, FormatMoney(t.ByYear[y], ""))
	}
	rows = append(rows, append(row, FormatMoney(t.Total, "")))
	last := len(rows) - 1
	r.section(title, 12+rptTableKeep(r.d, cols, rows, 8))
	rptTable(r.d, cols, rows, tableStyle{size: 8, bold: func(row, col int) bool { return row == last || col == len(cols)-1 }})
	r.d.note(fmt.Sprintf("Amounts in %s, rounded to the unit; each activity's cost is spread evenly over its months. Indicative planning figures, to be replaced by costed estimates as activities are prepared.", r.cur))
}

func (r *actionPlanReport) leadTable(title string) {
	type lead struct {
		name          string
		n, high       int
		cost          float64
		pillarsSeen   map[string]bool
		pillarsSorted []string
	}
	by := map[string]*lead{}
	var order []*lead
	for _, a := range r.actions {
		name := pdfLine(a.Lead)
		if name == "" {
			name = "Not mapped: " + strings.Join(a.Unmapped, ", ")
			if len(a.Unmapped) == 0 {
				name = "Not assigned"
			}
		}
		l := by[name]
		if l == nil {
			l = &lead{name: name, pillarsSeen: map[string]bool{}}
			by[name] = l
			order = append(order, l)
		}
		l.n++
		if a.Priority == assessment.PriorityHigh {
			l.high++
		}
		if a.Status != assessment.StatusCancelled {
			l.cost += a.Cost
		}
		if !l.pillarsSeen[a.Pillar.Code] {
			l.pillarsSeen[a.Pillar.Code] = true
			l.pillarsSorted = append(l.pillarsSorted, a.Pillar.Code)
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].cost != order[j].cost {
			return order[i].cost > order[j].cost
		}
		return order[i].name < order[j].name
	})
	var rows [][]string
	for _, l := range order {
		rows = append(rows, []string{l.name, strings.Join(l.pillarsSorted, ", "), strconv.Itoa(l.n), strconv.Itoa(l.high), r.money(l.cost)})
	}
	if len(rows) == 0 {
		r.section(title, 20)
		rptPara(r.d, "No activity in this edition.")
		return
	}
	cols := []column{{"Lead institution", 100, "L"}, {"Pillars", 71, "L"}, {"Activities", 25, "R"}, {"of which High", 25, "R"}, {"Indicative cost", 40, "R"}}
	r.section(title, 12+rptTableKeep(r.d, cols, rows, 0))
	rptTable(r.d, cols, rows, tableStyle{})
	if len(r.p.Unmapped) == 0 {
		r.d.note("Every agency role code the plan uses is mapped to a national institution in the country profile.")
		return
	}
	f := r.p.Analysis.Framework
	count := map[string]int{}
	for _, a := range r.actions {
		for _, c := range a.Unmapped {
			count[c]++
		}
	}
	var urows [][]string
	elsewhere := 0
	for _, code := range r.p.Unmapped {
		if count[code] == 0 {
			elsewhere++ // used only by activities of the restricted edition
			continue
		}
		name := ""
		if role := f.Role(code); role != nil {
			name = role.Name
		}
		urows = append(urows, []string{code, name, strconv.Itoa(count[code])})
	}
	if len(urows) == 0 {
		r.d.note("Every agency role code the activities of this edition use is mapped to a national institution in the country profile.")
		return
	}
	ucols := []column{{"Code", 20, "L"}, {"Generic role", 191, "L"}, {"Activities concerned", 50, "R"}}
	r.d.need(22 + rptTableKeep(r.d, ucols, urows, 0))
	r.d.h3("Role codes not mapped to a national institution")
	rptPara(r.d, "The plan does not guess who is responsible. Map these codes in the country profile and regenerate the plan; until then the activities concerned have no lead or miss a partner.")
	rptTable(r.d, ucols, urows, tableStyle{})
	if elsewhere > 0 {
		r.d.note(fmt.Sprintf("%s more unmapped code%s %s used only by activities of the restricted edition.", arCapital(arNumber(elsewhere)), assessment.Plural(elsewhere, "", "s"), assessment.Plural(elsewhere, "is", "are")))
	}
}

func (r *actionPlanReport) pendingTable(title string) {
	var rows [][]string
	for _, a := range r.actions {
		if !a.PendingFunding {
			continue
		}
		src := pdfLine(a.FundingSource)
		if src == "" {
			src = "To be identified"
		}
		rows = append(rows, []string{a.ID, plpShorten(pdfLine(a.Text), 220), plpLead(a), r.p.Quarter(a.Start), r.money(a.Cost), src + " (" + string(a.FundingStatus) + ")"})
	}
	if len(rows) == 0 {
		r.section(title, 20)
		rptPara(r.d, "No activity is waiting for funding: every L-cost activity in this edition has funding secured or pledged.")
		return
	}
	cols := []column{{"AP-ID", 26, "L"}, {"Activity", 110, "L"}, {"Lead", 45, "L"}, {"Planned start", 22, "L"}, {"Cost", 28, "R"}, {"Funding", 30, "L"}}
	r.section(title, 24+rptTableKeep(r.d, cols, rows, 8))
	rptPara(r.d, fmt.Sprintf("L-cost activities start only once their funding is secured or pledged. These %s activities are scheduled but cannot start until a source is committed; they are the first items to discuss with international partners.", arNumber(len(rows))))
	rptTable(r.d, cols, rows, tableStyle{size: 8})
}

func plpLead(a *assessment.PlanAction) string {
	if l := pdfLine(a.Lead); l != "" {
		return l
	}
	if len(a.Unmapped) > 0 {
		return "Not mapped (" + strings.Join(a.Unmapped, ", ") + ")"
	}
	return "Not assigned"
}

// workingGroupPoints lists what the generator could not settle.
func (r *actionPlanReport) workingGroupPoints(title string) {
	var items []string
	for _, a := range r.actions {
		for _, pre := range a.Prerequisites {
			items = append(items, fmt.Sprintf("%s needs %s.", a.ID, pdfLine(pre)))
		}
		for _, w := range a.Warnings {
			items = append(items, fmt.Sprintf("%s %s.", a.ID, pdfLine(w)))
		}
	}
	if n := len(r.p.Orphans); n > 0 {
		var ids []string
		for _, o := range r.p.Orphans {
			ids = append(ids, pdfLine(o.ActionID))
		}
		items = append(items, fmt.Sprintf("%s saved adjustment%s no longer match%s an activity of the plan: %s.", arCapital(arNumber(n)), assessment.Plural(n, "", "s"), assessment.Plural(n, "es", ""), strings.Join(ids, ", ")))
	}
	if n := len(r.p.Cycles); n > 0 {
		items = append(items, fmt.Sprintf("%s dependency cycle%s met while scheduling: check the framework's dependency rules.", arCapital(arNumber(n)), assessment.Plural(n, " was", "s were")))
	}
	adjusted := 0
	for _, a := range r.actions {
		if len(a.Adjusted) > 0 {
			adjusted++
		}
	}
	if len(items) == 0 && adjusted == 0 {
		return
	}
	r.section(title, 30)
	if adjusted > 0 {
		rptPara(r.d, fmt.Sprintf("The lead assessor adjusted %s activit%s of the generated plan (marked “adjusted” in the tables).", arNumber(adjusted), assessment.Plural(adjusted, "y", "ies")))
	}
	if len(items) > 0 {
		if len(items) > 25 {
			more := len(items) - 25
			items = append(items[:25], fmt.Sprintf("… and %d more.", more))
		}
		r.d.bullets(items)
	}
}

// ---------------------------------------------------------------- objectives

func (r *actionPlanReport) objectivesShown() []*assessment.Objective {
	var out []*assessment.Objective
	for _, o := range r.p.Objectives {
		for _, so := range o.Specific {
			if r.anyShown(so.Actions) {
				out = append(out, o)
				break
			}
		}
	}
	return out
}

func (r *actionPlanReport) anyShown(as []*assessment.PlanAction) bool {
	for _, a := range as {
		if r.shown[a.ID] {
			return true
		}
	}
	return false
}

func (r *actionPlanReport) objectives() {
	objs := r.objectivesShown()
	if len(objs) == 0 {
		r.chapter("2  Strategic objectives and activities")
		rptPara(r.d, "The assessment found no gap that calls for an activity in this edition.")
		return
	}
	for i, o := range objs {
		r.objective(i+2, o)
	}
}

func (r *actionPlanReport) objective(n int, o *assessment.Objective) {
	d := r.d
	r.chapter(fmt.Sprintf("%d  %s — %s", n, o.Code, arShortTitle(o.Pillar.Title)))
	var acts []*assessment.PlanAction
	for _, so := range o.Specific {
		for _, a := range so.Actions {
			if r.shown[a.ID] {
				acts = append(acts, a)
			}
		}
	}
	high, cost := 0, 0.0
	for _, a := range acts {
		if a.Priority == assessment.PriorityHigh {
			high++
		}
		if a.Status != assessment.StatusCancelled {
			cost += a.Cost
		}
	}
	facts := [][2]string{{"Strategic objective", pdfLine(o.Text)}}
	if o.Result != nil && o.Result.Score.Valid() {
		facts = append(facts, [2]string{"Pillar score", fmt.Sprintf("%.2f now (%.0f%%); target %.2f at the final re-assessment", o.Result.Score.Value, o.Result.Score.Percent(), o.Result.Target.Value)})
	}
	facts = append(facts, [2]string{"Activities", fmt.Sprintf("%d (%d High priority), indicative cost %s", len(acts), high, r.money(cost))})
	hiddenHere := 0
	for _, so := range o.Specific {
		for _, a := range so.Actions {
			if !r.shown[a.ID] {
				hiddenHere++
			}
		}
	}
	if hiddenHere > 0 {
		facts[len(facts)-1][1] += fmt.Sprintf("; %d more in the restricted edition", hiddenHere)
	}
	if len(o.References) > 0 {
		refs := o.References
		if len(refs) > 8 {
			refs = refs[:8]
		}
		facts = append(facts, [2]string{"Responds to", strings.Join(refs, "; ")})
	}
	var spo [][]string
	var rows [][]string
	var shown []*assessment.PlanAction
	for _, so := range o.Specific {
		n, high, cost := 0, 0, 0.0
		for _, a := range so.Actions {
			if r.shown[a.ID] {
				shown = append(shown, a)
				rows = append(rows, r.actionRow(a, so.Code))
				n++
				if a.Priority == assessment.PriorityHigh {
					high++
				}
				if a.Status != assessment.StatusCancelled {
					cost += a.Cost
				}
			}
		}
		if n == 0 {
			continue
		}
		spo = append(spo, []string{so.Code, pdfLine(so.Capacity.Title), pdfLine(so.Text), fmt.Sprintf("%d (%d High)", n, high), r.money(cost)})
	}
	d.keyValues(facts)
	rptTable(d, []column{{"Specific objective", 24, "L"}, {"Capacity", 50, "L"}, {"Objective", 127, "L"}, {"Activities", 25, "L"}, {"Cost", 35, "R"}}, spo,
		tableStyle{size: 7.5, bold: func(row, col int) bool { return col == 0 }})
	rptTable(d, plpColumns, rows, tableStyle{size: 7,
		rowColour: func(i int) *[3]int {
			if shown[i].Restricted {
				c := plpRestrictedRow
				return &c
			}
			if i%2 == 1 {
				c := colShade
				return &c
			}
			return nil
		},
		cellColour: func(row, col int) *[3]int {
			switch {
			case col == 7:
				return priorityColour(string(shown[row].Priority))
			case col == 0 && shown[row].Restricted:
				c := colRestr
				return &c
			}
			return nil
		},
		bold: func(row, col int) bool { return col == 0 || col == 7 },
	})
}

var plpColumns = []column{
	{"AP-ID", 26, "L"},
	{"Activity and sub-activities", 64, "L"},
	{"Lead / partners", 44, "L"},
	{"Start / end", 19, "L"},
	{"Output indicator", 27, "L"},
	{"Maturity", 13, "L"},
	{"Cost and funding", 22, "L"},
	{"Priority", 12, "L"},
	{"Depends on", 24, "L"},
	{"Safe- guard", 10, "L"},
}

// plpMaxCell bounds a table cell so that no row can outgrow a page.
const plpMaxCell = 900

func (r *actionPlanReport) actionRow(a *assessment.PlanAction, spo string) []string {
	p := r.p
	id := a.ID + "\n" + spo
	if a.Restricted {
		id += "\nRESTRICTED"
	}
	if len(a.Adjusted) > 0 {
		id += "\nadjusted"
	}
	if a.Status != "" && a.Status != assessment.StatusNotStarted {
		id += "\n" + string(a.Status)
	}

	var act strings.Builder
	act.WriteString(plpShorten(pdfLine(a.Text), plpMaxCell))
	lead := pdfLine(a.Lead)
	for _, s := range a.SubActivities {
		s = strings.ReplaceAll(s, "{lead}", lead)
		act.WriteString("\n– " + plpShorten(pdfLine(s), 300))
	}
	if n := pdfLine(a.Note); n != "" {
		act.WriteString("\nNote: " + plpShorten(n, 400))
	}

	var who strings.Builder
	who.WriteString("Lead: " + plpLead(a))
	if len(a.Partners) > 0 {
		who.WriteString("\nPartners: " + plpShorten(plpJoinClean(a.Partners, "; "), 400))
	}
	if len(a.International) > 0 {
		who.WriteString("\nInternational: " + plpShorten(plpJoinClean(a.International, ", "), 200))
	}
	if len(a.Unmapped) > 0 {
		who.WriteString("\nNot mapped: " + strings.Join(a.Unmapped, ", "))
	}

	timing := fmt.Sprintf("%s –\n%s\nPhase %d\n%d months", p.Quarter(a.Start), p.EndQuarter(a.End), a.Phase, max(1, a.End-a.Start))

	maturity := fmt.Sprintf("%s\n%s → %s", a.Indicator.ID, a.MaturityKPI.Baseline, a.MaturityKPI.Target)

	src := pdfLine(a.FundingSource)
	if src == "" {
		src = "To be identified"
	}
	cost := fmt.Sprintf("%s\nClass %s\n%s\nStatus: %s", r.money(a.Cost), a.Action.Cost, plpShorten(src, 120), a.FundingStatus)
	if a.PendingFunding {
		cost += "\nPending funding"
	}

	var deps []string
	hidden := 0
	for _, dep := range a.Dependencies {
		if r.shown[dep] {
			deps = append(deps, dep)
		} else {
			hidden++
		}
	}
	if hidden > 0 {
		deps = append(deps, fmt.Sprintf("%d restricted activit%s", hidden, assessment.Plural(hidden, "y", "ies")))
	}
	for _, pre := range a.Prerequisites {
		deps = append(deps, "Not planned: "+plpShorten(pdfLine(pre), 160))
	}
	dep := strings.Join(deps, "\n")
	if dep == "" {
		dep = "—"
	}

	safe := "—"
	if a.Safeguard != "" {
		safe = "Yes"
	}
	if a.HRDDP {
		if safe == "—" {
			safe = "HRDDP"
		} else {
			safe += "\nHRDDP"
		}
	}
	return []string{id, act.String(), who.String(), timing, plpShorten(pdfLine(a.Output), 400), maturity, cost, string(a.Priority), dep, safe}
}

func plpJoinClean(items []string, sep string) string {
	var out []string
	for _, s := range items {
		if s = pdfLine(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}

// plpShorten cuts s to at most n runes, at a word boundary, with an ellipsis.
func plpShorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + " … [shortened; full text in the XLSX]"
}

// ---------------------------------------------------------------- Gantt

func (r *actionPlanReport) gantt() {
	d, p := r.d, r.p
	pdf := d.pdf
	r.chapter(fmt.Sprintf("%d  Implementation schedule", len(r.objectivesShown())+2))
	rptPara(d, "Each bar runs from the start to the end quarter of an activity, coloured by priority; an outlined bar is an L-cost activity waiting for funding. "+
		"The background shows the three phases. Activities are grouped by pillar and ordered by start date.")
	if len(r.actions) == 0 {
		rptPara(d, "No activity in this edition.")
		return
	}
	quarters := 4 * (p.EndYear - p.StartYear + 1)
	horizonQ := assessment.PlanHorizon / 3
	quarters = max(quarters, horizonQ)
	l, _, _, _ := pdf.GetMargins()
	W := d.width()
	idW, textW, leadW := 24.5, 69.0, 33.5
	gx := l + idW + textW + leadW
	qw := (W - idW - textW - leadW) / float64(quarters)
	mw := qw / 3
	rowH := 4.3
	_, pageH := pdf.GetPageSize()
	bottom := pageH - 18 - 9 // room for the legend

	header := func() {
		y := pdf.GetY()
		// Phase band.
		phases := [][3]int{{1, 0, 12}, {2, 12, 36}, {3, 36, assessment.PlanHorizon}}
		for _, ph := range phases {
			x := gx + float64(ph[1])*mw
			w := float64(ph[2]-ph[1]) * mw
			c := plpPhaseTint[ph[0]]
			pdf.SetFillColor(c[0], c[1], c[2])
			pdf.Rect(x, y, w, 4.6, "F")
			d.font("B", 7, colHead)
			pdf.SetXY(x, y)
			pdf.CellFormat(w, 4.6, fmt.Sprintf("Phase %d", ph[0]), "", 0, "C", false, 0, "")
		}
		if quarters > horizonQ {
			x := gx + float64(assessment.PlanHorizon)*mw
			pdf.SetFillColor(plpAfterTint[0], plpAfterTint[1], plpAfterTint[2])
			pdf.Rect(x, y, float64(quarters-horizonQ)*qw, 4.6, "F")
		}
		y += 4.6
		pdf.SetFillColor(colHead[0], colHead[1], colHead[2])
		pdf.Rect(l, y, W, 8.6, "F")
		d.font("B", 7.5, [3]int{255, 255, 255})
		pdf.SetXY(l+1.2, y)
		pdf.CellFormat(idW, 8.6, "AP-ID", "", 0, "L", false, 0, "")
		pdf.CellFormat(textW, 8.6, "Activity", "", 0, "L", false, 0, "")
		pdf.CellFormat(leadW, 8.6, "Lead", "", 0, "L", false, 0, "")
		for yi := 0; yi*4 < quarters; yi++ {
			x := gx + float64(yi*4)*qw
			pdf.SetXY(x, y)
			pdf.CellFormat(4*qw, 4.3, strconv.Itoa(p.StartYear+yi), "", 0, "C", false, 0, "")
			d.font("", 6, [3]int{255, 255, 255})
			for q := 0; q < 4 && yi*4+q < quarters; q++ {
				pdf.SetXY(x+float64(q)*qw, y+4.3)
				pdf.CellFormat(qw, 4.3, fmt.Sprintf("Q%d", q+1), "", 0, "C", false, 0, "")
			}
			d.font("B", 7.5, [3]int{255, 255, 255})
		}
		pdf.SetXY(l, y+8.6)
	}
	legend := func(y float64) {
		x := l
		item := func(c [3]int, outline bool, label string) {
			if outline {
				pdf.SetFillColor(255, 255, 255)
				pdf.SetDrawColor(c[0], c[1], c[2])
				pdf.SetLineWidth(0.4)
				pdf.Rect(x, y-2.6, 8, 3, "FD")
			} else {
				pdf.SetFillColor(c[0], c[1], c[2])
				pdf.Rect(x, y-2.6, 8, 3, "F")
			}
			d.font("", 7, colInk)
			pdf.Text(x+9.5, y, label)
			x += 9.5 + pdf.GetStringWidth(label) + 5
		}
		item(colHigh, false, "High priority")
		item(colMedium, false, "Medium priority")
		item(colLow, false, "Low priority")
		item(colMuted, true, "Pending funding (L-cost, not yet funded)")
		for i := 1; i <= 3; i++ {
			item(plpPhaseTint[i], false, fmt.Sprintf("Phase %d", i))
		}
		if r.o.Edition == Restricted {
			d.font("B", 7, colRestr)
			pdf.Text(x, y, "Red AP-ID: restricted")
		}
		pdf.SetLineWidth(0.2)
	}
	grid := func(y, h float64) {
		for ph := 1; ph <= 3; ph++ {
			from, to := []int{0, 0, 12, 36}[ph], []int{0, 12, 36, assessment.PlanHorizon}[ph]
			c := plpPhaseTint[ph]
			pdf.SetFillColor(c[0], c[1], c[2])
			pdf.Rect(gx+float64(from)*mw, y, float64(to-from)*mw, h, "F")
		}
		if quarters > horizonQ {
			pdf.SetFillColor(plpAfterTint[0], plpAfterTint[1], plpAfterTint[2])
			pdf.Rect(gx+float64(assessment.PlanHorizon)*mw, y, float64(quarters-horizonQ)*qw, h, "F")
		}
		pdf.SetLineWidth(0.1)
		for q := 0; q <= quarters; q++ {
			if q%4 == 0 {
				pdf.SetDrawColor(150, 158, 166)
			} else {
				pdf.SetDrawColor(colRule[0], colRule[1], colRule[2])
			}
			x := gx + float64(q)*qw
			pdf.Line(x, y, x, y+h)
		}
	}

	// Order: by pillar (framework order), then start, then id.
	acts := append([]*assessment.PlanAction(nil), r.actions...)
	porder := map[string]int{}
	for i, pl := range p.Analysis.Framework.Pillars {
		porder[pl.Code] = i
	}
	sort.SliceStable(acts, func(i, j int) bool {
		a, b := acts[i], acts[j]
		if porder[a.Pillar.Code] != porder[b.Pillar.Code] {
			return porder[a.Pillar.Code] < porder[b.Pillar.Code]
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.ID < b.ID
	})

	d.need(40)
	header()
	pillar := ""
	for _, a := range acts {
		newPillar := a.Pillar.Code != pillar
		need := rowH
		if newPillar {
			need += 2*rowH + 0.8
		}
		if pdf.GetY()+need > bottom {
			legend(bottom + 5)
			pdf.AddPage()
			header()
		}
		if newPillar {
			pillar = a.Pillar.Code
			y := pdf.GetY() + 0.8
			d.font("B", 7.5, colHead)
			pdf.SetXY(l+1.2, y)
			pdf.CellFormat(W, rowH, a.Pillar.Code+" — "+arShortTitle(a.Pillar.Title), "", 0, "L", false, 0, "")
			pdf.SetDrawColor(colHead[0], colHead[1], colHead[2])
			pdf.SetLineWidth(0.3)
			pdf.Line(l, y+rowH, l+W, y+rowH)
			pdf.SetXY(l, y+rowH)
		}
		y := pdf.GetY()
		grid(y, rowH)
		pdf.SetDrawColor(colRule[0], colRule[1], colRule[2])
		pdf.SetLineWidth(0.1)
		pdf.Line(l, y+rowH, l+W, y+rowH)
		idCol := colInk
		if a.Restricted {
			idCol = colRestr
		}
		d.font("B", 6.8, idCol)
		pdf.SetXY(l+1.2, y)
		pdf.CellFormat(idW-1.2, rowH, a.ID, "", 0, "L", false, 0, "")
		d.font("", 6.8, colInk)
		pdf.CellFormat(textW, rowH, fitText(pdf, pdfLine(a.Text), textW-2), "", 0, "L", false, 0, "")
		d.font("", 6.8, colMuted)
		pdf.CellFormat(leadW, rowH, fitText(pdf, plpLead(a), leadW-2), "", 0, "L", false, 0, "")
		c := colMuted
		if pc := priorityColour(string(a.Priority)); pc != nil {
			c = *pc
		}
		start, end := max(0, a.Start), min(max(a.End, a.Start+1), quarters*3)
		bx, bw := gx+float64(start)*mw, float64(end-start)*mw
		if a.PendingFunding {
			pdf.SetFillColor(255, 255, 255)
			pdf.SetDrawColor(c[0], c[1], c[2])
			pdf.SetLineWidth(0.45)
			pdf.Rect(bx, y+0.9, bw, rowH-1.8, "FD")
		} else {
			pdf.SetFillColor(c[0], c[1], c[2])
			pdf.Rect(bx, y+0.9, bw, rowH-1.8, "F")
		}
		pdf.SetXY(l, y+rowH)
	}
	legend(pdf.GetY() + 5)
	pdf.SetXY(l, pdf.GetY()+8)
	pdf.SetLineWidth(0.2)
	d.font("", 9.5, colInk)
}

// ---------------------------------------------------------------- annex

func (r *actionPlanReport) annexKPIs() {
	d := r.d
	objs := r.objectivesShown()
	if len(objs) == 0 {
		return
	}
	r.chapter("Annex A  Monitoring indicators by strategic objective")
	rptPara(d, "Every activity has an output indicator (in the tables) and contributes to its objective's outcome indicators below. "+
		"The headline outcome is the change in maturity scores at the mid-term and final re-assessments; the other baselines are measured in the first year of implementation.")
	var rows [][]string
	var first []bool
	for _, o := range objs {
		for i, k := range o.KPIs {
			so := ""
			if i == 0 {
				so = o.Code
			}
			rows = append(rows, []string{so, pdfLine(k.Name), pdfLine(k.Unit), pdfLine(k.Source), pdfLine(k.Baseline), pdfLine(k.Target)})
			first = append(first, i == 0)
		}
	}
	rptTable(d, []column{{"Objective", 22, "L"}, {"Indicator", 88, "L"}, {"Unit", 20, "L"}, {"Source", 47, "L"}, {"Baseline", 42, "L"}, {"Target", 42, "L"}}, rows,
		tableStyle{size: 8, bold: func(row, col int) bool { return col == 0 || first[row] }})
}
