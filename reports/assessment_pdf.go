package reports

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"bordergap/assessment"
)

// WriteAssessmentPDF writes the assessment report of DOMAIN C.9 (portrait
// A4): cover, contents, executive summary, method and sample, national
// scorecard with radar chart, findings per pillar, unmet binding
// obligations, priority recommendations and Annex A with every indicator and
// the assessors' notes.
//
// In the public edition the evidence notes and consensus comments of
// restricted indicators are withheld (their level and priority are shown);
// the restricted edition shows everything and marks what is restricted.
// The output depends only on the analysis and o: the same input and
// o.Generated give the same bytes.
func WriteAssessmentPDF(w io.Writer, an *assessment.Analysis, o Options) error {
	if an == nil || an.Assessment == nil || an.Framework == nil {
		return errors.New("assessment report: no analysis to report")
	}
	d := rptRenderWithTOC(func(prev []rptTOCEntry) (*doc, []rptTOCEntry) {
		r := newAssessmentReport(an, o, prev)
		r.build()
		return r.d, r.toc.cur
	})
	return d.output(w)
}

// assessmentReport holds the state of one rendering pass.
type assessmentReport struct {
	d     *doc
	an    *assessment.Analysis
	a     *assessment.Assessment
	o     Options
	toc   *rptTOC
	names map[int64]string
	gaps  []*assessment.IndicatorResult
}

func newAssessmentReport(an *assessment.Analysis, o Options, prev []rptTOCEntry) *assessmentReport {
	a := an.Assessment
	title := pdfLine(a.StateName) + " — IBM assessment report"
	r := &assessmentReport{
		d:     newDoc(title, "Integrated border management gaps and needs assessment report", o, "P"),
		an:    an,
		a:     a,
		o:     o,
		toc:   &rptTOC{prev: prev},
		names: map[int64]string{},
		gaps:  an.Gaps(),
	}
	for _, m := range a.Team {
		n := pdfLine(m.Name)
		if n == "" {
			n = fmt.Sprintf("Team member %d", m.UserID)
		}
		r.names[m.UserID] = n
	}
	return r
}

func (r *assessmentReport) build() {
	r.cover()
	r.contents()
	r.executiveSummary()
	r.method()
	r.scorecard()
	r.findings()
	r.binding()
	r.recommendations()
	r.annexA()
}

// chapter and section wrap the page furniture's headings and record them
// for the table of contents.
func (r *assessmentReport) chapter(title string) {
	r.d.h1(title)
	r.toc.add(r.d, 0, title)
}

func (r *assessmentReport) section(title string, keep float64) {
	r.d.need(keep)
	r.d.h2(title)
	r.toc.add(r.d, 1, title)
}

// ---------------------------------------------------------------- cover

func (r *assessmentReport) cover() {
	a := r.a
	round := fmt.Sprintf("Round %d", a.Round)
	switch {
	case a.Round <= 1:
		round += " (baseline assessment)"
	default:
		round += " (follow-up assessment)"
	}
	facts := [][2]string{
		{"State", fmt.Sprintf("%s (%s)", pdfLine(a.StateName), pdfLine(a.State))},
		{"Assessment", pdfLine(a.Title)},
		{"Round", round},
		{"Status", arStatusText(a.Status)},
		{"Framework", fmt.Sprintf("%s, version %s (%s)", pdfLine(r.an.Framework.Title), pdfLine(a.FrameworkVersion), pdfLine(a.FrameworkID))},
		{"Mission", arMissionText(a.StartedOn)},
	}
	for _, role := range []assessment.TeamRole{assessment.RoleLead, assessment.RoleAssessor, assessment.RoleReviewer} {
		var ns []string
		for _, m := range a.Team {
			if m.Role == role {
				ns = append(ns, r.names[m.UserID])
			}
		}
		if len(ns) > 0 {
			facts = append(facts, [2]string{arRoleLabel(role, len(ns)), strings.Join(ns, ", ")})
		}
	}
	facts = append(facts,
		[2]string{"Edition", r.o.Edition.Short() + " edition"},
		[2]string{"Generated", r.o.generatedText()})
	r.d.cover("Integrated border management · Gaps and needs assessment", pdfLine(a.StateName),
		"Assessment report: "+pdfLine(a.Title), facts)
}

func arStatusText(s assessment.Status) string {
	switch s {
	case assessment.StatusDraft:
		return "Draft: scoring in progress; findings are provisional"
	case assessment.StatusInReview:
		return "In review: findings to be confirmed at the validation workshop"
	case assessment.StatusValidated:
		return "Validated by the assessment team"
	case assessment.StatusPublished:
		return "Published"
	}
	return string(s)
}

func arMissionText(started string) string {
	if started == "" {
		return "Mission dates not recorded"
	}
	return "Field mission from " + rptDate(started)
}

// rptDate renders YYYY-MM-DD as "14 September 2026"; other text is kept.
func rptDate(s string) string {
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"}
	p := strings.Split(s, "-")
	if len(p) == 3 {
		y, e1 := strconv.Atoi(p[0])
		m, e2 := strconv.Atoi(p[1])
		dd, e3 := strconv.Atoi(p[2])
		if e1 == nil && e2 == nil && e3 == nil && m >= 1 && m <= 12 {
			return fmt.Sprintf("%d %s %d", dd, months[m-1], y)
		}
	}
	return pdfLine(s)
}

func arRoleLabel(role assessment.TeamRole, n int) string {
	switch role {
	case assessment.RoleLead:
		return "Lead assessor"
	case assessment.RoleAssessor:
		if n > 1 {
			return "Assessors"
		}
		return "Assessor"
	case assessment.RoleReviewer:
		if n > 1 {
			return "Reviewers"
		}
		return "Reviewer"
	}
	return string(role)
}

// ---------------------------------------------------------------- contents

func (r *assessmentReport) contents() {
	d := r.d
	d.addPage()
	r.toc.draw(d, "Contents")
}

// ---------------------------------------------------------------- 1 summary

func (r *assessmentReport) executiveSummary() {
	d, an, a := r.d, r.an, r.a
	r.chapter("1  Executive summary")
	assessors := len(a.Assessors())
	rptPara(d, fmt.Sprintf("This report sets out the findings of the %s of the integrated border management (IBM) capacities of %s. "+
		"%s scored %d indicators in %d pillars of the %s (version %s), on a maturity scale from 0 (absent) to 4 (advanced), "+
		"with evidence from documents, interviews and site visits%s. %s",
		arRoundPhrase(a.Round), arStateRef(a.StateName), arCapital(arTeamPhrase(assessors)), an.Applicable, len(an.Pillars),
		pdfLine(an.Framework.Title), pdfLine(a.FrameworkVersion), arSincePhrase(a.StartedOn), arStatusSentence(a.Status)))

	high, medium, low := arCountPriorities(r.gaps)
	binding := len(an.BindingUnmet())
	rptTiles(d, []rptTile{
		{fmt.Sprintf("%.2f / 4", an.National.Value), "National index", fmt.Sprintf("%.0f%% of the maximum; target %.1f", an.National.Percent(), arMeanTarget(an)), colHead},
		{strconv.Itoa(len(r.gaps)), "Gaps to target", fmt.Sprintf("%d High · %d Medium · %d Low", high, medium, low), colHigh},
		{strconv.Itoa(binding), "Unmet obligations", "binding or core CT indicators at level 0–1", colRestr},
		{fmt.Sprintf("%d / %d", an.Scored, an.Applicable), "Indicators scored", arNAPhrase(an), colLow},
	})

	strong, weak := arRankPillars(an)
	if len(strong) > 0 {
		d.keyValues([][2]string{
			{"Strongest pillars", arPillarList(strong)},
			{"Weakest pillars", arPillarList(weak)},
		})
	}

	r.section("Key messages", 30)
	d.bullets(r.keyMessages())

	r.section("Maturity by pillar", 80)
	r.pillarBars()
	r.topGaps(8)
	if !r.o.Edition.Includes(true) {
		if n := arCountRestricted(an); n > 0 {
			d.callout("Public edition", fmt.Sprintf("The evidence behind %d indicators that reveal specific vulnerabilities (named crossing points, surveillance coverage, watchlist and targeting details) is withheld from this edition. "+
				"Their levels and priorities are shown; the notes are in the restricted edition.", n), colMuted)
		}
	}
}

func arRoundPhrase(round int) string {
	if round <= 1 {
		return "baseline gaps and needs assessment"
	}
	return fmt.Sprintf("follow-up gaps and needs assessment (round %d)", round)
}

func arTeamPhrase(assessors int) string {
	if assessors == 1 {
		return "one assessor"
	}
	return "a team of " + arNumber(assessors) + " assessors"
}

func arSincePhrase(started string) string {
	if started == "" {
		return ""
	}
	return ", during a field mission that started on " + rptDate(started)
}

func arStatusSentence(s assessment.Status) string {
	switch s {
	case assessment.StatusDraft:
		return "Scoring is still in progress: the findings are provisional."
	case assessment.StatusInReview:
		return "The findings are in review and are to be confirmed with the national authorities at the validation workshop."
	case assessment.StatusValidated:
		return "The findings have been validated by the assessment team."
	case assessment.StatusPublished:
		return "This is the published version of the findings."
	}
	return ""
}

func arNAPhrase(an *assessment.Analysis) string {
	na := 0
	for _, ir := range an.Indicators {
		if !ir.Applicable {
			na++
		}
	}
	if na == 0 {
		return "all framework indicators apply"
	}
	return fmt.Sprintf("%d not applicable", na)
}

func arCountPriorities(gaps []*assessment.IndicatorResult) (high, medium, low int) {
	for _, g := range gaps {
		switch g.Priority {
		case assessment.PriorityHigh:
			high++
		case assessment.PriorityMedium:
			medium++
		case assessment.PriorityLow:
			low++
		}
	}
	return
}

func arCountRestricted(an *assessment.Analysis) int {
	n := 0
	for _, ir := range an.Indicators {
		if ir.Indicator.Restricted && ir.Applicable {
			n++
		}
	}
	return n
}

// arMeanTarget is the mean of the pillar targets.
func arMeanTarget(an *assessment.Analysis) float64 {
	var sum float64
	n := 0
	for _, p := range an.Pillars {
		if p.Score.Valid() {
			sum += p.Target.Value
			n++
		}
	}
	if n == 0 {
		return float64(assessment.DefaultTarget)
	}
	return sum / float64(n)
}

// arRankPillars returns the two strongest and two weakest scored pillars.
func arRankPillars(an *assessment.Analysis) (strong, weak []*assessment.PillarResult) {
	var ps []*assessment.PillarResult
	for _, p := range an.Pillars {
		if p.Score.Valid() {
			ps = append(ps, p)
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Score.Value > ps[j].Score.Value })
	k := min(2, len(ps))
	strong = ps[:k]
	for i := len(ps) - 1; i >= 0 && len(weak) < k; i-- {
		weak = append(weak, ps[i])
	}
	return
}

func arPillarList(ps []*assessment.PillarResult) string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s — %s: %.2f (%.0f%%)", p.Pillar.Code, p.Pillar.Title, p.Score.Value, p.Score.Percent()))
	}
	return strings.Join(out, "\n")
}

// arStateRef is a state's name in running text: "the Republic of Meridia", "Valdoria".
func arStateRef(name string) string {
	name = pdfLine(name)
	lower := strings.ToLower(name)
	for _, p := range []string{"republic", "kingdom", "federation", "federal ", "united ", "state of", "principality", "grand duchy",
		"commonwealth", "islamic republic", "democratic ", "people's", "plurinational", "sultanate", "union ", "emirate", "independent state"} {
		if strings.HasPrefix(lower, p) {
			return "the " + name
		}
	}
	return name
}

// topGaps lists the n gaps with the highest priority index.
func (r *assessmentReport) topGaps(n int) {
	if len(r.gaps) == 0 {
		return
	}
	d := r.d
	gs := r.gaps[:min(n, len(r.gaps))]
	r.section(fmt.Sprintf("The %s highest-priority gaps", arNumber(len(gs))), 50)
	var rows [][]string
	for _, g := range gs {
		rows = append(rows, []string{g.Indicator.ID, g.Indicator.Title, fmt.Sprintf("%s → %s", g.Level, g.Target), arIndex(g.PriorityIndex), string(g.Priority)})
	}
	rptTable(d, []column{{"Indicator", 20, "L"}, {"Capacity", 98, "L"}, {"Level → target", 22, "C"}, {"Index", 16, "R"}, {"Priority", 18, "L"}}, rows,
		tableStyle{cellColour: func(row, col int) *[3]int {
			if col == 4 {
				return priorityColour(rows[row][4])
			}
			return nil
		}, bold: func(row, col int) bool { return col == 4 }})
	d.note("Full list by pillar in section 4; the first recommended action for each High-priority gap in section 6.")
}

// keyMessages writes four to six messages from the data.
func (r *assessmentReport) keyMessages() []string {
	an, a := r.an, r.a
	var msgs []string
	scored := 0
	reach := 0
	for _, p := range an.Pillars {
		if p.Score.Valid() {
			scored++
			if p.Score.Value >= p.Target.Value-1e-9 {
				reach++
			}
		}
	}
	if scored == 0 {
		return []string{"No indicator has been scored yet: the scorecard, gaps and recommendations will appear once the assessors have entered their levels."}
	}

	// 1. Overall maturity.
	reachText := "none of the " + arNumber(scored) + " pillars reaches its target yet"
	switch {
	case reach == scored:
		reachText = "every pillar reaches its target"
	case reach > 0:
		reachText = fmt.Sprintf("%s of the %s pillars reach their target", arNumber(reach), arNumber(scored))
	}
	msgs = append(msgs, fmt.Sprintf("Overall, border management in %s is %s: the national index stands at %.1f out of 4 (%.0f%%) against a target of %.1f, and %s.",
		arStateRef(a.StateName), r.bandPhrase(an.National.Value), an.National.Value, an.National.Percent(), arMeanTarget(an), reachText))

	// 2. Strengths.
	strong, weak := arRankPillars(an)
	var met []*assessment.IndicatorResult
	for _, ir := range an.Indicators {
		if ir.Applicable && ir.Scored() && ir.Level >= ir.Target {
			met = append(met, ir)
		}
	}
	sort.SliceStable(met, func(i, j int) bool {
		if met[i].Indicator.Weight != met[j].Indicator.Weight {
			return met[i].Indicator.Weight > met[j].Indicator.Weight
		}
		return met[i].Level > met[j].Level
	})
	if len(met) > 0 {
		var ex []string
		for _, ir := range met[:min(3, len(met))] {
			ex = append(ex, assessment.LowerFirst(ir.Indicator.Title)+" ("+ir.Indicator.ID+")")
		}
		msgs = append(msgs, fmt.Sprintf("There is a base to build on. The strongest pillars are %s, and %d indicators already meet or exceed their target, among them %s. "+
			"These capacities need to be sustained from the national budget rather than rebuilt.",
			arPillarPhrase(strong), len(met), assessment.JoinAnd(ex)))
	}

	// 3. Weakest pillars and the risk profile.
	if len(weak) > 0 {
		crit := 0
		for _, p := range weak {
			if p.Critical {
				crit++
			}
		}
		s := fmt.Sprintf("The weakest pillars are %s.", arPillarPhrase(weak))
		switch {
		case crit == len(weak) && crit > 1:
			s += " Both are marked critical in the national risk profile, which raises the priority of their gaps by half: they are where the gap between threat and capacity is widest."
		case crit == 1:
			s += " The national risk profile marks " + arCriticalCode(weak) + " as critical, which raises the priority of its gaps by half."
		default:
			s += " They are not marked critical in the national risk profile, but their gaps weigh on the whole chain of border controls."
		}
		if hw := weak[0]; hw.HighGaps > 0 {
			s += fmt.Sprintf(" In %s alone, %d of %d applicable indicators are High-priority gaps.", hw.Pillar.Code, hw.HighGaps, hw.Applicable)
		}
		msgs = append(msgs, s)
	}

	// 4. Binding obligations.
	bu := an.BindingUnmet()
	if len(bu) > 0 {
		msgs = append(msgs, fmt.Sprintf("%s binding international obligation%s or core counter-terrorism capabilit%s %s not met (level 0 or 1), mostly in %s. "+
			"They concern %s, and should be addressed first, whatever the funding outlook, as they are obligations rather than good practice.",
			arCapital(arNumber(len(bu))), assessment.Plural(len(bu), "", "s"), assessment.Plural(len(bu), "y", "ies"), assessment.Plural(len(bu), "is", "are"),
			arConcentration(bu), r.topInstruments(bu, 3)))
	} else {
		msgs = append(msgs, "No binding international obligation or core counter-terrorism capability is at level 0 or 1: every weight-3 indicator is at least partly in place. The remaining gaps are about coverage, consistency and sustainability.")
	}

	// 5. Gap profile.
	high, medium, low := arCountPriorities(r.gaps)
	if len(r.gaps) > 0 {
		var highs []*assessment.IndicatorResult
		for _, g := range r.gaps {
			if g.Priority == assessment.PriorityHigh {
				highs = append(highs, g)
			}
		}
		s := fmt.Sprintf("Of the %d applicable indicators, %d are below target: %d High, %d Medium and %d Low priority.",
			an.Applicable, len(r.gaps), high, medium, low)
		if len(highs) > 0 {
			s += fmt.Sprintf(" The High-priority gaps cluster in %s; they should form the core of the first phase of the action plan, starting with the legal and governance steps on which systems and roll-outs depend.", arConcentration(highs))
		}
		msgs = append(msgs, s)
	}

	// 6. Evidence quality.
	msgs = append(msgs, r.evidenceMessage())
	if len(msgs) > 6 {
		msgs = msgs[:6]
	}
	return msgs
}

func (r *assessmentReport) bandPhrase(v float64) string {
	name := func(l int) string {
		for _, s := range r.an.Framework.Scale {
			if s.Level == l {
				return s.Name
			}
		}
		return strconv.Itoa(l)
	}
	lo := int(math.Floor(v + 1e-9))
	if math.Abs(v-math.Round(v)) < 0.05 || lo >= assessment.MaxLevel {
		l := int(math.Round(v))
		return fmt.Sprintf("at the %s level (%d)", strings.ToLower(name(l)), l)
	}
	return fmt.Sprintf("between the %s (%d) and %s (%d) levels", strings.ToLower(name(lo)), lo, strings.ToLower(name(lo+1)), lo+1)
}

func arPillarPhrase(ps []*assessment.PillarResult) string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s (%s, %.1f)", assessment.LowerFirst(p.Pillar.Title), p.Pillar.Code, p.Score.Value))
	}
	return assessment.JoinAnd(out)
}

func arCriticalCode(ps []*assessment.PillarResult) string {
	for _, p := range ps {
		if p.Critical {
			return p.Pillar.Code
		}
	}
	return ""
}

// arConcentration names the pillars holding most of the indicators: "TRV (3), GOV (2) and BCP (2)".
func arConcentration(rs []*assessment.IndicatorResult) string {
	count := map[string]int{}
	var order []string
	for _, ir := range rs {
		c := assessment.PillarCode(ir.Indicator.ID)
		if count[c] == 0 {
			order = append(order, c)
		}
		count[c]++
	}
	sort.SliceStable(order, func(i, j int) bool { return count[order[i]] > count[order[j]] })
	var out []string
	for i, c := range order {
		if i == 3 {
			break
		}
		out = append(out, fmt.Sprintf("%s (%d)", c, count[c]))
	}
	return assessment.JoinAnd(out)
}

// topInstruments names the instruments most often cited as binding by the indicators.
func (r *assessmentReport) topInstruments(rs []*assessment.IndicatorResult, n int) string {
	f := r.an.Framework
	count := map[string]int{}
	var order []string
	for _, ir := range rs {
		seen := map[string]bool{}
		for _, ref := range ir.Indicator.References {
			if !ref.Binding {
				continue
			}
			name := ref.Instrument
			if in := f.Instrument(ref.Instrument); in != nil && in.Short != "" {
				name = in.Short
			}
			if seen[name] {
				continue
			}
			seen[name] = true
			if count[name] == 0 {
				order = append(order, name)
			}
			count[name]++
		}
	}
	if len(order) == 0 {
		return "core counter-terrorism capabilities that the framework weights as essential"
	}
	sort.SliceStable(order, func(i, j int) bool { return count[order[i]] > count[order[j]] })
	if len(order) > n {
		order = order[:n]
	}
	return "requirements of " + assessment.JoinAnd(order)
}

func (r *assessmentReport) evidenceMessage() string {
	an := r.an
	var h, total, low, flagged, settled, capped int
	var open []string
	for _, ir := range an.Indicators {
		if !ir.Applicable || !ir.Scored() {
			continue
		}
		total++
		if ir.Confidence == assessment.ConfidenceHigh {
			h++
		}
		if ir.LowConfidence {
			low++
		}
		if ir.SpreadFlag {
			flagged++
			if ir.ConsensusSet {
				settled++
			} else {
				open = append(open, ir.Indicator.ID)
			}
		}
		if ir.RightsCapped {
			capped++
		}
	}
	if total == 0 {
		return "No indicator has been scored yet."
	}
	quality := "solid"
	switch pct := float64(h) / float64(total); {
	case pct < 0.35:
		quality = "uneven"
	case pct < 0.6:
		quality = "reasonably solid"
	}
	s := fmt.Sprintf("The evidence base is %s: %.0f%% of the team levels rest on documents confirmed by observation or testing (confidence H).", quality, 100*float64(h)/float64(total))
	if flagged > 0 {
		s += fmt.Sprintf(" Assessors differed by two levels or more on %d indicator%s; %d %s settled by a recorded consensus", flagged, assessment.Plural(flagged, "", "s"), settled, assessment.Plural(settled, "was", "were"))
		if len(open) > 0 {
			s += " and " + strings.Join(open, ", ") + " remain" + assessment.Plural(len(open), "s", "") + " open"
		}
		s += "."
	}
	if low > 0 {
		when := "before the findings are validated"
		if r.a.Status == assessment.StatusValidated || r.a.Status == assessment.StatusPublished {
			when = "at the next review"
		}
		s += fmt.Sprintf(" %s low-confidence score%s should be confirmed %s.", arCapital(arNumber(low)), assessment.Plural(low, "", "s"), when)
	}
	if capped > 0 {
		s += fmt.Sprintf(" A human-rights concern capped %s at level 2 (scoring rule 9).", assessment.Plural(capped, "one indicator", arNumber(capped)+" indicators"))
	}
	return s
}

// pillarBars draws a horizontal bar per pillar: the score, with a marker at the target.
func (r *assessmentReport) pillarBars() {
	d, pdf := r.d, r.d.pdf
	ps := r.an.Pillars
	l, _, _, _ := pdf.GetMargins()
	labelW, valueW := 88.0, 30.0
	barW := d.width() - labelW - valueW - 4
	rowH := 6.4
	d.need(rowH*float64(len(ps)) + 18)
	y0 := pdf.GetY() + 1
	x0 := l + labelW
	top := y0 + 4
	bottom := top + rowH*float64(len(ps))
	pdf.SetLineWidth(0.15)
	for lv := 0; lv <= assessment.MaxLevel; lv++ {
		x := x0 + barW*float64(lv)/assessment.MaxLevel
		pdf.SetDrawColor(colRule[0], colRule[1], colRule[2])
		pdf.Line(x, top-0.5, x, bottom)
		d.font("", 7, colMuted)
		s := strconv.Itoa(lv)
		pdf.Text(x-pdf.GetStringWidth(s)/2, y0+1.8, s)
	}
	for i, p := range ps {
		y := top + float64(i)*rowH
		if i%2 == 1 {
			pdf.SetFillColor(colShade[0], colShade[1], colShade[2])
			pdf.Rect(l, y, d.width(), rowH, "F")
		}
		d.font("B", 8.5, colInk)
		pdf.Text(l+1, y+rowH/2+1.2, p.Pillar.Code)
		d.font("", 8.5, colInk)
		pdf.Text(l+11, y+rowH/2+1.2, fitText(pdf, arShortTitle(p.Pillar.Title), labelW-14))
		if p.Score.Valid() {
			w := barW * p.Score.Value / assessment.MaxLevel
			pdf.SetFillColor(colAccent[0], colAccent[1], colAccent[2])
			pdf.Rect(x0, y+1.5, w, rowH-3, "F")
			tx := x0 + barW*p.Target.Value/assessment.MaxLevel
			pdf.SetDrawColor(colTarget[0], colTarget[1], colTarget[2])
			pdf.SetLineWidth(0.8)
			pdf.Line(tx, y+0.6, tx, y+rowH-0.6)
			pdf.SetLineWidth(0.15)
			d.font("B", 8.5, colInk)
			pdf.Text(x0+barW+3, y+rowH/2+1.2, fmt.Sprintf("%.2f", p.Score.Value))
			d.font("", 8, colMuted)
			pdf.Text(x0+barW+12, y+rowH/2+1.2, fmt.Sprintf("%.0f%%", p.Score.Percent()))
		} else {
			d.font("I", 8, colMuted)
			pdf.Text(x0+2, y+rowH/2+1.2, "not scored")
		}
		if p.Critical {
			d.font("B", 7, colHigh)
			pdf.Text(x0+barW+20, y+rowH/2+1.1, "critical")
		}
	}
	// Legend.
	ly := bottom + 5
	lx := l + 11
	pdf.SetFillColor(colAccent[0], colAccent[1], colAccent[2])
	pdf.Rect(lx, ly-2.4, 5, 2.8, "F")
	d.font("", 7.5, colInk)
	pdf.Text(lx+6.5, ly, "Pillar score (0–4)")
	lx += 6.5 + pdf.GetStringWidth("Pillar score (0–4)") + 6
	pdf.SetDrawColor(colTarget[0], colTarget[1], colTarget[2])
	pdf.SetLineWidth(0.8)
	pdf.Line(lx, ly-2.8, lx, ly+0.6)
	pdf.SetLineWidth(0.2)
	pdf.Text(lx+2, ly, "Target")
	lx += 2 + pdf.GetStringWidth("Target") + 6
	if len(r.a.Profile.CriticalPillars) > 0 {
		d.font("B", 7, colHigh)
		pdf.Text(lx, ly, "critical")
		lx += pdf.GetStringWidth("critical") + 1.5
		d.font("", 7.5, colInk)
		pdf.Text(lx, ly, "= marked critical in the national risk profile (threat factor 1.5)")
	}
	pdf.SetXY(l, ly+5)
	d.font("", 9.5, colInk)
}

// ---------------------------------------------------------------- 2 method

func (r *assessmentReport) method() {
	d, an, a := r.d, r.an, r.a
	f := an.Framework
	r.chapter("2  Method and sample")

	r.section("2.1  Framework and maturity scale", 40)
	pillars, capacities, indicators, _ := f.Counts()
	w3 := 0
	for _, ir := range an.Indicators {
		if ir.Indicator.Weight >= 3 {
			w3++
		}
	}
	rptPara(d, fmt.Sprintf("The assessment used the %s, version %s: %d pillars, %d capacities and %d indicators. "+
		"Each indicator asks one question, describes what each level from 0 to 4 looks like, lists the evidence to collect and names the agencies responsible. "+
		"Indicators carry a weight: 3 for a binding international obligation or a core counter-terrorism capability (%d indicators), 2 for core good practice and 1 for enabling or advanced practice.",
		pdfLine(f.Title), pdfLine(f.Version), pillars, capacities, indicators, w3))
	var scale [][]string
	for _, sc := range f.Scale {
		scale = append(scale, []string{strconv.Itoa(sc.Level), pdfLine(sc.Name), pdfLine(sc.Meaning)})
	}
	if len(scale) > 0 {
		rptTable(d, []column{{"Level", 12, "C"}, {"Name", 24, "L"}, {"What the level means", 138, "L"}}, scale, tableStyle{size: 8})
	}

	r.section("2.2  Scoring rules in brief", 40)
	d.bullets([]string{
		"Cumulative levels: an indicator gets the highest level whose descriptor is fully met, with all lower levels met; what is missing goes into the note and feeds the recommended action.",
		"Evidence first: every score carries an evidence note, its sources and a confidence rating (H, M or L). Weight-3 indicators must be triangulated with at least two sources.",
		"Not applicable: indicators for a travel mode or border type the state does not have are N/A and excluded from every average; a capacity that exists but is not used scores 0, not N/A.",
		fmt.Sprintf("Targets: level %d by default; the team may set 4 for weight-3 indicators where the risk profile is high, or 2 as an interim target.", int(assessment.DefaultTarget)),
		"Aggregation: capacity score = mean of its indicators; pillar score = weight-weighted mean of its indicators; national index = mean of the pillar scores.",
		"Priority: gap to target × weight × threat factor (1.5 for critical pillars). High from 6, Medium from 3, Low below 3; a weight-3 indicator at level 0 or 1 is always High.",
		"Human rights: no indicator may score above 2 where an assessor has credible evidence that the capacity is used in violation of human rights.",
	})

	r.section("2.3  Team and consensus process", 50)
	var rows [][]string
	for _, m := range a.Team {
		task := "Scores every applicable indicator independently"
		switch m.Role {
		case assessment.RoleLead:
			task = "Scores; leads the mission and sets the consensus level where assessors differ"
		case assessment.RoleReviewer:
			task = "Quality review of evidence and scores; does not score"
		}
		rows = append(rows, []string{r.names[m.UserID], arRoleLabel(m.Role, 1), task})
	}
	if len(rows) > 0 {
		rptTable(d, []column{{"Name", 30, "L"}, {"Role", 20, "L"}, {"Task", 50, "L"}}, rows, tableStyle{})
	}
	consensus, flagged, settled := 0, 0, 0
	for _, ir := range an.Indicators {
		if ir.ConsensusSet {
			consensus++
		}
		if ir.Applicable && ir.SpreadFlag {
			flagged++
			if ir.ConsensusSet {
				settled++
			}
		}
	}
	assessors := len(a.Assessors())
	rptPara(d, fmt.Sprintf("%s scored each applicable indicator on their own, with a note, sources and a confidence rating. "+
		"The proposed team level is the lower median of the individual levels: with cumulative scoring, a tie goes to the level every assessor can defend. "+
		"Where assessors differed by two levels or more the indicator was flagged for discussion, and the lead assessor recorded the level the team settled on, with a comment. "+
		"The lead assessor recorded %s consensus decision%s, covering %d of the %d flagged indicators.",
		arCapital(arAssessorsPhrase(assessors)), arNumber(consensus), assessment.Plural(consensus, "", "s"), settled, flagged))

	r.section("2.4  Coverage, confidence and flags", 60)
	na, unscored := 0, 0
	naModes := map[assessment.Mode]int{}
	for _, ir := range an.Indicators {
		if !ir.Applicable {
			na++
			for _, m := range ir.Indicator.Applies {
				naModes[m]++
			}
			continue
		}
		if !ir.Scored() {
			unscored++
		}
	}
	naWhy := "—"
	if na > 0 {
		var why []string
		for _, m := range assessment.Modes {
			if naModes[m] > 0 && !a.Scope.Has(m) {
				why = append(why, arModeAbsent(m))
			}
		}
		naWhy = "The state has " + assessment.JoinAnd(why)
	}
	cov := [][]string{
		{"Indicators in the framework", strconv.Itoa(len(an.Indicators)), ""},
		{"Applicable", strconv.Itoa(an.Applicable), "Used in every score and average"},
		{"Scored", strconv.Itoa(an.Scored), fmt.Sprintf("%d applicable indicator%s not scored yet", unscored, assessment.Plural(unscored, "", "s"))},
		{"Not applicable (N/A)", strconv.Itoa(na), naWhy},
	}
	if unscored == 0 {
		cov[2][2] = "Every applicable indicator has a team level"
	}
	rptTable(d, []column{{"Coverage", 54, "L"}, {"Indicators", 22, "R"}, {"Remarks", 98, "L"}}, cov, tableStyle{})

	var teamConf, indivConf [4]int // H, M, L, not rated
	idx := func(c assessment.Confidence) int {
		switch c {
		case assessment.ConfidenceHigh:
			return 0
		case assessment.ConfidenceMedium:
			return 1
		case assessment.ConfidenceLow:
			return 2
		}
		return 3
	}
	var lowC, single, rights, capped int
	for _, ir := range an.Indicators {
		if !ir.Applicable || !ir.Scored() {
			continue
		}
		teamConf[idx(ir.Confidence)]++
		for _, s := range ir.Scores {
			if s.Level.Scored() {
				indivConf[idx(s.Confidence)]++
			}
		}
		if ir.LowConfidence {
			lowC++
		}
		if ir.SingleSource {
			single++
		}
		if ir.RightsConcern {
			rights++
		}
		if ir.RightsCapped {
			capped++
		}
	}
	pct := func(n int, arr [4]int) string {
		t := arr[0] + arr[1] + arr[2] + arr[3]
		if t == 0 {
			return "0"
		}
		return fmt.Sprintf("%d (%.0f%%)", n, 100*float64(n)/float64(t))
	}
	labels := []string{"H — documents and observation or test", "M — documents or consistent interviews", "L — single interview or self-assessment", "Not rated"}
	var conf [][]string
	for i, lab := range labels {
		if i == 3 && teamConf[3] == 0 && indivConf[3] == 0 {
			continue
		}
		conf = append(conf, []string{lab, pct(teamConf[i], teamConf), pct(indivConf[i], indivConf)})
	}
	d.need(40)
	rptTable(d, []column{{"Confidence", 94, "L"}, {"Team level (indicators)", 40, "R"}, {"Individual scores", 40, "R"}}, conf, tableStyle{})
	d.keyValues([][2]string{
		{"Spread flags", fmt.Sprintf("%d indicator%s with assessors two levels or more apart; %d settled by consensus", flagged, assessment.Plural(flagged, "", "s"), settled)},
		{"Low confidence", fmt.Sprintf("%d indicator%s where the team's confidence is L", lowC, assessment.Plural(lowC, "", "s"))},
		{"Triangulation", fmt.Sprintf("%d weight-3 indicator%s supported by fewer than two sources", single, assessment.Plural(single, "", "s"))},
		{"Human-rights concerns", fmt.Sprintf("%d indicator%s with a concern recorded; %d capped at level 2", rights, assessment.Plural(rights, "", "s"), capped)},
	})

	r.section("2.5  Scope and site sample", 60)
	rptPara(d, r.scopeText())
	rptPara(d, "The framework sets a minimum sample of sites to visit (scoring rule 4). Adapted to the state's scope, it is the recommended sample below; the lead assessor confirms in the mission report which sites were visited.")
	rptTable(d, []column{{"Site", 64, "L"}, {"In scope", 24, "L"}, {"Basis in the state profile", 86, "L"}}, r.siteSample(), tableStyle{})
	visits, inds := r.siteVisits()
	if visits > 0 {
		d.note(fmt.Sprintf("The evidence log cites %d distinct site-visit sources, supporting %d indicators.", visits, inds))
	}
}

func arAssessorsPhrase(n int) string {
	if n == 1 {
		return "the assessor"
	}
	return "the " + arNumber(n) + " assessors"
}

func arModeAbsent(m assessment.Mode) string {
	switch m {
	case assessment.ModeAir:
		return "no international airport"
	case assessment.ModeSea:
		return "no coastline, sea port or major inland waterway"
	case assessment.ModeLand:
		return "no land border"
	case assessment.ModeRail:
		return "no international rail link"
	}
	return "no " + string(m)
}

func (r *assessmentReport) scopeText() string {
	a := r.a
	p := a.Profile
	var parts []string
	var modes []string
	for _, m := range assessment.Modes {
		if a.Scope.Has(m) {
			modes = append(modes, string(m))
		}
	}
	parts = append(parts, fmt.Sprintf("The assessment covers %s borders and crossing points.", assessment.JoinAnd(modes)))
	var geo []string
	if p.LandBorderKm > 0 {
		s := FormatMoney(float64(p.LandBorderKm), "") + " km of land border"
		if len(p.Neighbours) > 0 {
			var ns []string
			for _, n := range p.Neighbours {
				ns = append(ns, arStateRef(n))
			}
			s += " with " + assessment.JoinAnd(ns)
		}
		geo = append(geo, s)
	}
	if p.CoastlineKm > 0 {
		geo = append(geo, FormatMoney(float64(p.CoastlineKm), "")+" km of coastline")
	}
	if len(geo) > 0 {
		parts = append(parts, "The state has "+strings.Join(geo, " and ")+".")
	}
	var bcps []string
	total := 0
	for _, m := range assessment.Modes {
		if n := p.BCPs[m]; n > 0 {
			bcps = append(bcps, fmt.Sprintf("%d %s", n, string(m)))
			total += n
		}
	}
	if total > 0 {
		parts = append(parts, fmt.Sprintf("It has %d official border crossing points (%s).", total, strings.Join(bcps, ", ")))
	}
	if len(p.CriticalPillars) > 0 {
		parts = append(parts, fmt.Sprintf("The national risk profile marks %s as critical (threat factor 1.5).", assessment.JoinAnd(p.CriticalPillars)))
	}
	if c := pdfLine(p.Context); c != "" {
		parts = append(parts, "Context: "+c)
	}
	return strings.Join(parts, " ")
}

func (r *assessmentReport) siteSample() [][]string {
	a := r.a
	p := a.Profile
	yes := func(ok bool) string {
		if ok {
			return "Yes"
		}
		return "Not applicable"
	}
	bcp := func(m assessment.Mode, what string) string {
		if n := p.BCPs[m]; n > 0 {
			return fmt.Sprintf("%d %s in the profile", n, what)
		}
		if a.Scope.Has(m) {
			return "In scope; number not recorded in the profile"
		}
		return "The state has " + arModeAbsent(m)
	}
	air, sea, land := a.Scope.Has(assessment.ModeAir), a.Scope.Has(assessment.ModeSea), a.Scope.Has(assessment.ModeLand)
	rows := [][]string{
		{"Main international airport", yes(air), bcp(assessment.ModeAir, "air crossing points")},
		{"One sea port", yes(sea), bcp(assessment.ModeSea, "sea crossing points")},
		{"Two land crossing points: one high-traffic, one remote", yes(land), bcp(assessment.ModeLand, "land crossing points")},
		{"One green-border surveillance unit", yes(land), arKm(p.LandBorderKm, "land border")},
		{"One maritime unit", yes(sea), arKm(p.CoastlineKm, "coastline")},
		{"The risk-analysis unit", "Yes", "Required in every assessment"},
	}
	if name, ok := p.Institution("PIU"); ok {
		rows = append(rows, []string{"The Passenger Information Unit", "Yes", pdfLine(name)})
	} else {
		rows = append(rows, []string{"The Passenger Information Unit", "If one exists", "No PIU mapped in the profile"})
	}
	if name, ok := p.Institution("NCB"); ok {
		rows = append(rows, []string{"The INTERPOL National Central Bureau", "Yes", pdfLine(name)})
	} else {
		rows = append(rows, []string{"The INTERPOL National Central Bureau", "Yes", "Required in every assessment"})
	}
	return rows
}

func arKm(km int, what string) string {
	if km <= 0 {
		return "—"
	}
	return FormatMoney(float64(km), "") + " km of " + what
}

// siteVisits counts the distinct site-visit sources and the indicators they support.
func (r *assessmentReport) siteVisits() (sources, indicators int) {
	seen := map[string]bool{}
	for _, ir := range r.an.Indicators {
		found := false
		for _, s := range ir.Scores {
			for _, src := range s.Sources {
				if strings.HasPrefix(strings.ToLower(strings.TrimSpace(src)), "site visit") {
					seen[strings.TrimSpace(src)] = true
					found = true
				}
			}
		}
		if found {
			indicators++
		}
	}
	return len(seen), indicators
}

// ---------------------------------------------------------------- 3 scorecard

func (r *assessmentReport) scorecard() {
	d, an := r.d, r.an
	pdf := d.pdf
	r.chapter("3  National scorecard")
	intro := fmt.Sprintf("The national index is %.2f out of 4 (%.0f%%). The chart compares each pillar's score with its target; "+
		"the distance between the two shapes is the ground the action plan has to cover.", an.National.Value, an.National.Percent())
	if len(r.a.Profile.CriticalPillars) > 0 {
		intro += " Pillars marked * are critical in the national risk profile: the priority index of their gaps is multiplied by 1.5."
	}
	rptPara(d, intro)
	var labels []string
	var cur, tgt []float64
	for _, p := range an.Pillars {
		labels = append(labels, p.Pillar.Code)
		cur = append(cur, p.Score.Value)
		tgt = append(tgt, p.Target.Value)
	}
	radius := 44.0
	d.need(2*radius + 30)
	l, _, _, _ := pdf.GetMargins()
	cx := l + d.width()/2
	cy := pdf.GetY() + radius + 10
	d.radar(cx, cy, radius, labels, []RadarSeries{
		{Name: "Target", Values: tgt, Colour: colTarget},
		{Name: "Current level", Values: cur, Colour: colAccent},
	})
	pdf.SetXY(l, cy+radius+18)

	var rows [][]string
	for _, p := range an.Pillars {
		name := p.Pillar.Code + "  " + arShortTitle(p.Pillar.Title)
		if p.Critical {
			name += " *"
		}
		below := 0
		for _, c := range p.Capacities {
			for _, ir := range c.Indicators {
				if ir.Gap > 0 {
					below++
				}
			}
		}
		score, pct, target := "—", "—", "—"
		if p.Score.Valid() {
			score, pct, target = fmt.Sprintf("%.2f", p.Score.Value), fmt.Sprintf("%.0f%%", p.Score.Percent()), fmt.Sprintf("%.2f", p.Target.Value)
		}
		rows = append(rows, []string{name, score, pct, target, strconv.Itoa(p.Applicable), strconv.Itoa(below), strconv.Itoa(p.HighGaps), strconv.Itoa(p.BindingUnmet)})
	}
	high, _, _ := arCountPriorities(r.gaps)
	rows = append(rows, []string{"National index", fmt.Sprintf("%.2f", an.National.Value), fmt.Sprintf("%.0f%%", an.National.Percent()),
		fmt.Sprintf("%.2f", arMeanTarget(an)), strconv.Itoa(an.Applicable), strconv.Itoa(len(r.gaps)), strconv.Itoa(high), strconv.Itoa(len(an.BindingUnmet()))})
	last := len(rows) - 1
	rptTable(d, []column{{"Pillar", 76, "L"}, {"Score", 13, "R"}, {"% of 4", 13, "R"}, {"Target", 13, "R"}, {"Indic.", 13, "R"},
		{"Below target", 15, "R"}, {"High gaps", 15, "R"}, {"Binding unmet", 16, "R"}}, rows, tableStyle{size: 8,
		bold: func(row, col int) bool { return row == last || col == 1 },
		cellColour: func(row, col int) *[3]int {
			if (col == 6 || col == 7) && rows[row][col] != "0" {
				c := colHigh
				return &c
			}
			return nil
		},
	})

	r.section("3.1  Scores by capacity", 50)
	var crows [][]string
	for _, p := range an.Pillars {
		for _, c := range p.Capacities {
			below, high := 0, 0
			for _, ir := range c.Indicators {
				if ir.Gap > 0 {
					below++
				}
				if ir.Priority == assessment.PriorityHigh {
					high++
				}
			}
			score := "—"
			if c.Score.Valid() {
				score = fmt.Sprintf("%.2f", c.Score.Value)
			}
			crows = append(crows, []string{c.Capacity.ID, pdfLine(c.Capacity.Title), score, r.levelName(c.Score), fmt.Sprintf("%d / %d", c.Score.N, c.Applicable), strconv.Itoa(below), strconv.Itoa(high)})
		}
	}
	rptTable(d, []column{{"Capacity", 18, "L"}, {"Title", 74, "L"}, {"Score", 13, "R"}, {"Level reached", 22, "L"}, {"Scored", 17, "R"}, {"Below target", 15, "R"}, {"High gaps", 15, "R"}},
		crows, tableStyle{size: 8, cellColour: func(row, col int) *[3]int {
			if col == 6 && crows[row][col] != "0" {
				c := colHigh
				return &c
			}
			return nil
		}})
}

// levelName names the level a score has fully reached: 1.6 → "Initial".
func (r *assessmentReport) levelName(s assessment.Score) string {
	if !s.Valid() {
		return "not scored"
	}
	l := int(math.Floor(s.Value + 1e-9))
	for _, sc := range r.an.Framework.Scale {
		if sc.Level == l {
			return sc.Name
		}
	}
	return strconv.Itoa(l)
}

// ---------------------------------------------------------------- 4 findings

func (r *assessmentReport) findings() {
	d, an := r.d, r.an
	r.chapter("4  Findings by pillar")
	rptPara(d, "For each pillar: its score, the capacities that already meet their target (strengths), and the gaps in order of priority, "+
		"each with the team's evidence, its confidence and any flag raised during scoring.")
	for i, p := range an.Pillars {
		if i > 0 {
			d.need(60)
		}
		title := fmt.Sprintf("4.%d  %s — %s", i+1, p.Pillar.Code, p.Pillar.Title)
		r.section(title, 50)
		rptPara(d, r.pillarSummary(p))
		var strengths, unscored []*assessment.IndicatorResult
		var gaps []*assessment.IndicatorResult
		for _, g := range r.gaps {
			if assessment.PillarCode(g.Indicator.ID) == p.Pillar.Code {
				gaps = append(gaps, g)
			}
		}
		for _, c := range p.Capacities {
			for _, ir := range c.Indicators {
				switch {
				case !ir.Applicable:
				case !ir.Scored():
					unscored = append(unscored, ir)
				case ir.Level >= ir.Target:
					strengths = append(strengths, ir)
				}
			}
		}
		if len(strengths) > 0 {
			d.h3("Strengths")
			var items []string
			for _, ir := range strengths {
				s := fmt.Sprintf("%s  %s — level %d", ir.Indicator.ID, ir.Indicator.Title, int(ir.Level))
				if ir.Level > ir.Target {
					s += fmt.Sprintf(", above its target of %d", int(ir.Target))
				} else {
					s += " (target met)"
				}
				items = append(items, s)
			}
			d.bullets(items)
		}
		if len(gaps) > 0 {
			d.need(40)
			d.h3("Gaps, in order of priority")
			for _, g := range gaps {
				r.gapBlock(g)
			}
		}
		if len(unscored) > 0 {
			d.h3("Not scored")
			var ids []string
			for _, ir := range unscored {
				ids = append(ids, ir.Indicator.ID+" "+ir.Indicator.Title)
			}
			rptPara(d, strings.Join(ids, "; ")+".")
		}
	}
}

func (r *assessmentReport) pillarSummary(p *assessment.PillarResult) string {
	if !p.Score.Valid() {
		return "No indicator of this pillar has been scored yet."
	}
	met, below, high := 0, 0, 0
	for _, c := range p.Capacities {
		for _, ir := range c.Indicators {
			if !ir.Applicable || !ir.Scored() {
				continue
			}
			if ir.Gap > 0 {
				below++
			} else {
				met++
			}
			if ir.Priority == assessment.PriorityHigh {
				high++
			}
		}
	}
	s := fmt.Sprintf("The pillar scores %.2f out of 4 (%.0f%%), at the %s level, against a target of %.2f. Of its %d applicable indicators, %d meet their target and %d are below it",
		p.Score.Value, p.Score.Percent(), r.levelName(p.Score), p.Target.Value, p.Applicable, met, below)
	if high > 0 {
		s += fmt.Sprintf(", %d of them High priority", high)
	}
	s += "."
	if p.BindingUnmet > 0 {
		s += fmt.Sprintf(" %s binding obligation%s or core counter-terrorism capabilit%s %s not met.", arCapital(arNumber(p.BindingUnmet)),
			assessment.Plural(p.BindingUnmet, "", "s"), assessment.Plural(p.BindingUnmet, "y", "ies"), assessment.Plural(p.BindingUnmet, "is", "are"))
	}
	if p.Critical {
		s += " The national risk profile marks this pillar as critical."
	}
	// The weakest capacity.
	var weakest *assessment.CapacityResult
	for _, c := range p.Capacities {
		if c.Score.Valid() && (weakest == nil || c.Score.Value < weakest.Score.Value) {
			weakest = c
		}
	}
	if weakest != nil && len(p.Capacities) > 1 && weakest.Score.Value < p.Target.Value {
		s += fmt.Sprintf(" The weakest capacity is %s (%s, %.1f).", assessment.LowerFirst(weakest.Capacity.Title), weakest.Capacity.ID, weakest.Score.Value)
	}
	return s
}

// arEvidence picks the team's evidence: the note of an assessor whose level
// is the team level (the lead's first), else the closest level's note.
func (r *assessmentReport) evidence(ir *assessment.IndicatorResult) (note, who string) {
	lead := int64(-1)
	for _, m := range r.a.Team {
		if m.Role == assessment.RoleLead {
			lead = m.UserID
		}
	}
	best, bestDist := -1, 99
	for i, s := range ir.Scores {
		if !s.Level.Scored() || strings.TrimSpace(s.Note) == "" {
			continue
		}
		dist := int(math.Abs(float64(s.Level - ir.Level)))
		if dist < bestDist || (dist == bestDist && s.AssessorID == lead) {
			best, bestDist = i, dist
		}
	}
	if best < 0 {
		return "", ""
	}
	s := ir.Scores[best]
	who = r.names[s.AssessorID]
	if who == "" {
		who = fmt.Sprintf("Assessor %d", s.AssessorID)
	}
	if bestDist > 0 {
		who += fmt.Sprintf(", who scored %d", int(s.Level))
	}
	return pdfSafe(strings.TrimSpace(s.Note)), who
}

func (r *assessmentReport) flags(ir *assessment.IndicatorResult) []string {
	var fl []string
	if ir.BindingUnmet {
		fl = append(fl, "binding obligation not met")
	}
	if ir.SpreadFlag {
		if ir.ConsensusSet {
			fl = append(fl, "spread settled by consensus")
		} else {
			fl = append(fl, "spread ≥ 2, open")
		}
	}
	if ir.LowConfidence {
		fl = append(fl, "low confidence")
	}
	if ir.SingleSource {
		fl = append(fl, "single source")
	}
	if ir.RightsConcern {
		if ir.RightsCapped {
			fl = append(fl, "human-rights concern: capped at 2")
		} else {
			fl = append(fl, "human-rights concern")
		}
	}
	return fl
}

func (r *assessmentReport) metaLine(ir *assessment.IndicatorResult) string {
	parts := []string{fmt.Sprintf("Level %s, target %s", ir.Level, ir.Target), fmt.Sprintf("weight %d", ir.Indicator.Weight)}
	if ir.Min.Scored() {
		parts = append(parts, fmt.Sprintf("assessors %s–%s", ir.Min, ir.Max))
	}
	if ir.Confidence != "" {
		parts = append(parts, "confidence "+string(ir.Confidence))
	}
	if ir.PriorityIndex > 0 {
		parts = append(parts, fmt.Sprintf("priority index %s", arIndex(ir.PriorityIndex)))
	}
	parts = append(parts, r.flags(ir)...)
	return strings.Join(parts, " · ")
}

func arIndex(v float64) string {
	if v == math.Trunc(v) {
		return strconv.Itoa(int(v))
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// gapBlock writes one gap: title, priority tag, facts line, evidence and consensus.
func (r *assessmentReport) gapBlock(ir *assessment.IndicatorResult) {
	d, pdf := r.d, r.d.pdf
	l, _, _, _ := pdf.GetMargins()
	show := r.o.Edition.Includes(ir.Indicator.Restricted)
	indent := 4.0
	w := d.width() - indent
	note, who := "", ""
	if show {
		note, who = r.evidence(ir)
	}
	meta := r.metaLine(ir)
	d.font("", 7.8, colMuted)
	metaLines := len(pdf.SplitText(meta, w))
	d.font("", 9, colInk)
	noteLines := 1
	if note != "" {
		noteLines = len(pdf.SplitText(note, w)) + 1
	}
	full := 5.5 + float64(metaLines)*3.6 + 0.8 + float64(noteLines)*4.2 + 3
	if show && strings.TrimSpace(ir.Comment) != "" {
		d.font("I", 8.5, colInk)
		full += 0.6 + float64(len(pdf.SplitText("Consensus: "+pdfSafe(strings.TrimSpace(ir.Comment)), w)))*4
	}
	if full < 70 {
		d.need(full)
	} else {
		d.need(5.5 + float64(metaLines)*3.6 + 3*4.2 + 3)
	}

	y := pdf.GetY()
	col := colMuted
	if c := priorityColour(string(ir.Priority)); c != nil {
		col = *c
	}
	tag := strings.ToUpper(string(ir.Priority))
	if tag == "" {
		tag = "—"
	}
	tagW := rptPill(d, l+d.width(), y+0.4, tag, col, true)
	if ir.Indicator.Restricted && r.o.Edition == Restricted {
		rptPill(d, l+d.width()-tagW-1.5, y+0.4, "RESTRICTED", colRestr, true)
		tagW += 22
	}
	d.font("B", 9.5, colInk)
	pdf.SetXY(l+indent, y)
	pdf.CellFormat(w-tagW-2, 5, fitText(pdf, ir.Indicator.ID+"  "+ir.Indicator.Title, w-tagW-3), "", 2, "L", false, 0, "")
	d.font("", 7.8, colMuted)
	pdf.SetX(l + indent)
	pdf.MultiCell(w, 3.6, meta, "", "L", false)
	y1 := pdf.GetY()
	pdf.SetFillColor(col[0], col[1], col[2])
	pdf.Rect(l, y, 1.2, y1-y, "F")
	pdf.Ln(0.8)
	d.font("", 9, colInk)
	switch {
	case !show:
		pdf.SetX(l + indent)
		d.font("I", 9, colMuted)
		pdf.MultiCell(w, 4.2, "Details in the restricted annex.", "", "L", false)
	case note != "":
		pdf.SetX(l + indent)
		pdf.MultiCell(w, 4.2, note, "", "L", false)
		d.font("I", 7.8, colMuted)
		pdf.SetX(l + indent)
		pdf.MultiCell(w, 3.6, "Evidence note by "+who, "", "L", false)
	}
	if show && strings.TrimSpace(ir.Comment) != "" {
		pdf.Ln(0.6)
		d.font("I", 8.5, colInk)
		pdf.SetX(l + indent)
		pdf.MultiCell(w, 4, "Consensus: "+pdfSafe(strings.TrimSpace(ir.Comment)), "", "L", false)
	}
	pdf.Ln(3)
	d.font("", 9.5, colInk)
}

// ---------------------------------------------------------------- 5 binding

func (r *assessmentReport) binding() {
	d, an := r.d, r.an
	f := an.Framework
	r.chapter("5  Unmet binding obligations")
	bu := an.BindingUnmet()
	if len(bu) == 0 {
		rptPara(d, "No weight-3 indicator is at level 0 or 1: every binding international obligation and core counter-terrorism capability covered by the framework is at least partly in place.")
		return
	}
	rptPara(d, fmt.Sprintf("Weight-3 indicators translate binding international obligations (UN Security Council decisions under Chapter VII, Standards of the ICAO annexes) "+
		"or core counter-terrorism capabilities. %s of them %s at level 0 or 1. Whatever the other priorities, they are High priority by rule: "+
		"the state is expected to meet them, and international partners and monitoring bodies such as CTED will look for them first.",
		arCapital(arNumber(len(bu))), assessment.Plural(len(bu), "is", "are")))
	var rows [][]string
	for _, ir := range bu {
		var binding, other []string
		for _, ref := range ir.Indicator.References {
			if ref.Binding {
				binding = append(binding, f.Cite(ref))
			} else if len(other) < 3 {
				other = append(other, f.Cite(ref))
			}
		}
		refs := strings.Join(binding, "; ")
		if refs == "" {
			refs = "Core counter-terrorism capability"
		}
		if len(other) > 0 {
			refs += "\nSee also: " + strings.Join(other, "; ")
		}
		rows = append(rows, []string{ir.Indicator.ID, ir.Indicator.Title, fmt.Sprintf("%s → %s", ir.Level, ir.Target), refs})
	}
	rptTable(d, []column{{"Indicator", 18, "L"}, {"Capacity required", 52, "L"}, {"Level → target", 20, "C"}, {"Binding references", 84, "L"}}, rows, tableStyle{size: 8})
	d.note("References use the framework's short citations: OP = operative paragraph of a UN Security Council resolution; Std = Standard of an ICAO annex.")
}

// ---------------------------------------------------------------- 6 recommendations

func (r *assessmentReport) recommendations() {
	d := r.d
	r.chapter("6  Priority recommendations")
	var highs []*assessment.IndicatorResult
	for _, g := range r.gaps {
		if g.Priority == assessment.PriorityHigh {
			highs = append(highs, g)
		}
	}
	if len(highs) == 0 {
		rptPara(d, "No gap is High priority. The Medium-priority gaps listed in section 4 should be taken up in the action plan.")
		return
	}
	rptPara(d, fmt.Sprintf("The %s High-priority gaps, in order of priority index, with the first action the framework recommends for the current level. "+
		"The action plan turns them into costed activities with a lead institution, a schedule and indicators; where the target is not reached by the first action, the plan chains the next one. "+
		"Cost classes: S under about USD 100,000; M about USD 100,000 to 1 million; L over about USD 1 million.", arNumber(len(highs))))
	var rows [][]string
	for i, g := range highs {
		act, cost, months := r.firstAction(g)
		rows = append(rows, []string{strconv.Itoa(i + 1), g.Indicator.ID + "\n" + g.Indicator.Title, fmt.Sprintf("%s → %s", g.Level, g.Target), arIndex(g.PriorityIndex), act, cost, months})
	}
	rptTable(d, []column{{"#", 7, "R"}, {"Indicator", 46, "L"}, {"Level → target", 15, "C"}, {"Index", 13, "R"}, {"First recommended action", 65, "L"}, {"Cost", 12, "C"}, {"Months", 16, "C"}},
		rows, tableStyle{size: 8})
}

// firstAction is the framework action the plan would take first.
func (r *assessmentReport) firstAction(ir *assessment.IndicatorResult) (text, cost, months string) {
	ind := ir.Indicator
	for _, a := range ind.Actions {
		if a.StartsFrom(int(ir.Level)) {
			return pdfLine(a.Text), a.Cost.String(), a.Months.String()
		}
	}
	if ir.Level >= 3 && ir.Target == assessment.MaxLevel {
		c := r.an.Framework.Strategy.Consolidation
		capTitle := ""
		if cp := r.an.Framework.Capacity(assessment.CapacityID(ind.ID)); cp != nil {
			capTitle = assessment.LowerFirst(cp.Title)
		}
		return pdfLine(strings.ReplaceAll(c.Text, "{capacity}", capTitle)), c.Cost.String(), c.Months.String()
	}
	return "No action in the framework library for this level: to be defined by the working group.", "—", "—"
}

// ---------------------------------------------------------------- annex A

func (r *assessmentReport) annexA() {
	d, an := r.d, r.an
	r.chapter("Annex A  Indicator scores and assessor notes")
	s := "Every indicator of the framework with the team level, the target, the range of the assessors' levels, the team's confidence, the flags raised, " +
		"and each assessor's note (identical notes are shown once, with the names of the assessors who gave them). Sources are listed as recorded in the evidence log."
	if !r.o.Edition.Includes(true) {
		s += " In this public edition the notes and sources of indicators that reveal specific vulnerabilities are withheld."
	}
	rptPara(d, s)
	for i, p := range an.Pillars {
		r.section(fmt.Sprintf("A.%d  %s — %s", i+1, p.Pillar.Code, p.Pillar.Title), 45)
		for _, c := range p.Capacities {
			for _, ir := range c.Indicators {
				r.annexIndicator(ir)
			}
		}
	}
}

type arNoteGroup struct {
	note    string
	who     []string
	sources []string
}

func (r *assessmentReport) annexIndicator(ir *assessment.IndicatorResult) {
	d, pdf := r.d, r.d.pdf
	l, _, _, _ := pdf.GetMargins()
	show := r.o.Edition.Includes(ir.Indicator.Restricted)
	w := d.width()
	d.need(24)
	y := pdf.GetY()
	pdf.SetFillColor(colShade[0], colShade[1], colShade[2])
	pdf.Rect(l, y, w, 5.6, "F")
	right := ""
	switch {
	case !ir.Applicable:
		right = "Not applicable"
	case !ir.Scored():
		right = "Not scored"
	default:
		right = fmt.Sprintf("Level %s · target %s", ir.Level, ir.Target)
	}
	d.font("B", 8.5, colInk)
	rw := pdf.GetStringWidth(right) + 3
	pdf.SetXY(l+w-rw-1, y+0.3)
	pdf.CellFormat(rw, 5, right, "", 0, "R", false, 0, "")
	tagW := 0.0
	if ir.Indicator.Restricted && r.o.Edition == Restricted {
		tagW = rptPill(d, l+w-rw-2, y+0.8, "RESTRICTED", colRestr, false) + 2
	}
	if ir.Priority != assessment.PriorityNone {
		if c := priorityColour(string(ir.Priority)); c != nil {
			tagW += rptPill(d, l+w-rw-2-tagW, y+0.8, strings.ToUpper(string(ir.Priority)), *c, false) + 2
		}
	}
	d.font("B", 8.5, colHead)
	pdf.SetXY(l+1, y+0.3)
	pdf.CellFormat(w-rw-tagW-3, 5, fitText(pdf, ir.Indicator.ID+"  "+ir.Indicator.Title, w-rw-tagW-4), "", 0, "L", false, 0, "")
	pdf.SetXY(l, y+6.2)

	if !ir.Applicable {
		d.font("I", 8, colMuted)
		var why []string
		for _, m := range ir.Indicator.Applies {
			why = append(why, strings.ToUpper(string(m)))
		}
		pdf.MultiCell(w, 3.8, fmt.Sprintf("Applies only to states with %s; the state has none, so the indicator is excluded from every average.", strings.Join(why, " or ")), "", "L", false)
		pdf.Ln(2.5)
		return
	}
	var meta []string
	if ir.Min.Scored() {
		meta = append(meta, fmt.Sprintf("Assessors %s–%s (proposed %s)", ir.Min, ir.Max, ir.Proposed))
	}
	if ir.Confidence != "" {
		meta = append(meta, "confidence "+string(ir.Confidence))
	}
	meta = append(meta, fmt.Sprintf("weight %d", ir.Indicator.Weight))
	if ir.ConsensusSet {
		meta = append(meta, "consensus level set")
	}
	fl := r.flags(ir)
	if len(fl) == 0 {
		fl = []string{"no flags"}
	}
	meta = append(meta, "flags: "+strings.Join(fl, ", "))
	d.font("", 7.8, colMuted)
	pdf.MultiCell(w, 3.6, strings.Join(meta, " · "), "", "L", false)
	pdf.Ln(0.6)
	if !show {
		d.font("I", 8.5, colMuted)
		pdf.MultiCell(w, 4, "Notes and sources withheld: details in the restricted annex.", "", "L", false)
		pdf.Ln(2.5)
		return
	}
	// Group identical notes.
	var groups []*arNoteGroup
	byNote := map[string]*arNoteGroup{}
	for _, s := range ir.Scores {
		note := strings.TrimSpace(pdfSafe(s.Note))
		name := r.names[s.AssessorID]
		if name == "" {
			name = fmt.Sprintf("Assessor %d", s.AssessorID)
		}
		who := fmt.Sprintf("%s (%s", name, s.Level)
		if s.Confidence != "" {
			who += ", " + string(s.Confidence)
		}
		if s.RightsConcern {
			who += ", human-rights concern"
		}
		who += ")"
		g := byNote[note]
		if g == nil {
			g = &arNoteGroup{note: note}
			byNote[note] = g
			groups = append(groups, g)
		}
		g.who = append(g.who, who)
		for _, src := range s.Sources {
			src = pdfLine(src)
			if src != "" && !slices.Contains(g.sources, src) {
				g.sources = append(g.sources, src)
			}
		}
	}
	if len(groups) == 0 {
		d.font("I", 8.5, colMuted)
		pdf.MultiCell(w, 4, "No assessor has scored this indicator yet.", "", "L", false)
	}
	for _, g := range groups {
		d.need(12)
		d.font("B", 7.8, colInk)
		pdf.MultiCell(w, 3.8, strings.Join(g.who, "; "), "", "L", false)
		d.font("", 8.5, colInk)
		note := g.note
		if note == "" {
			note = "(no note)"
		}
		pdf.SetX(l + 3)
		pdf.MultiCell(w-3, 4, note, "", "L", false)
		if len(g.sources) > 0 {
			d.font("I", 7.5, colMuted)
			pdf.SetX(l + 3)
			pdf.MultiCell(w-3, 3.4, "Sources: "+strings.Join(g.sources, "; "), "", "L", false)
		}
		pdf.Ln(0.8)
	}
	if c := strings.TrimSpace(ir.Comment); c != "" {
		d.font("I", 8.5, colInk)
		pdf.MultiCell(w, 4, "Consensus: "+pdfSafe(c), "", "L", false)
	}
	pdf.Ln(2.5)
}

// ---------------------------------------------------------------- helpers shared with the action plan

// pdfSafe makes user text safe for fpdf: line endings normalised, tabs and
// control characters replaced, characters outside the Basic Multilingual
// Plane (which fpdf's UTF-8 fonts cannot address) replaced by U+FFFD.
func pdfSafe(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, c := range s {
		switch {
		case c == '\n':
			b.WriteRune(c)
		case c == '\t' || c == '\r' || c == '\u00a0':
			b.WriteByte(' ')
		case unicode.IsControl(c) || c > 0xFFFF || c == unicode.ReplacementChar:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// pdfLine is pdfSafe text on one line, with runs of spaces collapsed.
func pdfLine(s string) string { return strings.Join(strings.Fields(pdfSafe(s)), " ") }

// rptTOCEntry is a heading of a document and the page it is on.
type rptTOCEntry struct {
	level int
	text  string
	page  int
}

// rptTOC collects the headings of one rendering pass (cur) and prints those
// of the previous pass (prev): the documents are rendered twice so that the
// contents page shows right-aligned page numbers (fpdf measures a page
// alias before it is replaced).
type rptTOC struct {
	prev, cur []rptTOCEntry
}

func (t *rptTOC) add(d *doc, level int, text string) {
	t.cur = append(t.cur, rptTOCEntry{level, text, d.pdf.PageNo()})
}

// draw writes the contents on the current page, with dot leaders and links.
// It never runs past the page: entries that do not fit are left out, lowest
// level first, so that the page count does not change between passes.
func (t *rptTOC) draw(d *doc, title string) {
	pdf := d.pdf
	l, _, _, _ := pdf.GetMargins()
	d.font("B", 16, colHead)
	pdf.MultiCell(d.width(), 8, title, "", "L", false)
	pdf.Ln(3)
	entries := t.prev
	height := func(es []rptTOCEntry) float64 {
		h := 0.0
		for _, e := range es {
			if e.level == 0 {
				h += 6.4
			} else {
				h += 5
			}
		}
		return h
	}
	if height(entries) > d.spaceLeft()-2 {
		var top []rptTOCEntry
		for _, e := range entries {
			if e.level == 0 {
				top = append(top, e)
			}
		}
		entries = top
	}
	numW := 12.0
	for _, e := range entries {
		if height([]rptTOCEntry{e}) > d.spaceLeft() {
			break
		}
		indent, h := 0.0, 5.0
		if e.level == 0 {
			pdf.Ln(1.4)
			d.font("B", 10, colHead)
		} else {
			indent = 8
			d.font("", 9, colInk)
		}
		y := pdf.GetY()
		link := pdf.AddLink()
		pdf.SetLink(link, 0, e.page)
		tw := d.width() - indent - numW - 6
		txt := fitText(pdf, e.text, tw)
		pdf.SetXY(l+indent, y)
		pdf.CellFormat(pdf.GetStringWidth(txt)+1, h, txt, "", 0, "L", false, link, "")
		x1 := l + indent + pdf.GetStringWidth(txt) + 2.5
		x2 := l + d.width() - numW + 1
		if x2 > x1 {
			pdf.SetDrawColor(colMuted[0], colMuted[1], colMuted[2])
			pdf.SetLineWidth(0.25)
			pdf.SetDashPattern([]float64{0.25, 1.1}, 0)
			pdf.Line(x1, y+h*0.72, x2, y+h*0.72)
			pdf.SetDashPattern([]float64{}, 0)
		}
		pdf.SetXY(l+d.width()-numW, y)
		pdf.CellFormat(numW, h, strconv.Itoa(e.page), "", 0, "R", false, link, "")
		pdf.SetXY(l, y+h)
	}
	d.font("", 9.5, colInk)
}

// rptRenderWithTOC renders a document until its contents page shows the
// pages its headings are on: twice, or three times if the second pass moved
// a heading.
func rptRenderWithTOC(build func(prev []rptTOCEntry) (*doc, []rptTOCEntry)) *doc {
	d, got := build(nil)
	for pass := 0; pass < 2; pass++ {
		var again []rptTOCEntry
		d, again = build(got)
		if rptSameTOC(got, again) {
			break
		}
		got = again
	}
	return d
}

func rptSameTOC(a, b []rptTOCEntry) bool {
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

// rptTile is a key figure in a row of tiles.
type rptTile struct {
	value, label, sub string
	colour            [3]int
}

// rptTiles draws key figures side by side.
func rptTiles(d *doc, tiles []rptTile) {
	pdf := d.pdf
	if len(tiles) == 0 {
		return
	}
	l, _, _, _ := pdf.GetMargins()
	gap := 3.0
	tw := (d.width() - gap*float64(len(tiles)-1)) / float64(len(tiles))
	h := 25.0
	d.need(h + 4)
	y := pdf.GetY() + 1
	for i, t := range tiles {
		x := l + float64(i)*(tw+gap)
		pdf.SetFillColor(colShade[0], colShade[1], colShade[2])
		pdf.Rect(x, y, tw, h, "F")
		pdf.SetFillColor(t.colour[0], t.colour[1], t.colour[2])
		pdf.Rect(x, y, tw, 1.2, "F")
		d.font("B", 17, t.colour)
		pdf.SetXY(x+3, y+3)
		pdf.CellFormat(tw-6, 8, fitText(pdf, t.value, tw-6), "", 2, "L", false, 0, "")
		d.font("B", 8.3, colInk)
		pdf.SetX(x + 3)
		pdf.CellFormat(tw-6, 4.5, fitText(pdf, t.label, tw-6), "", 2, "L", false, 0, "")
		d.font("", 7.3, colMuted)
		for i, line := range pdf.SplitText(t.sub, tw-6) {
			if i == 2 {
				break
			}
			pdf.SetX(x + 3)
			pdf.CellFormat(tw-6, 3.4, line, "", 2, "L", false, 0, "")
		}
	}
	pdf.SetXY(l, y+h+5)
	d.font("", 9.5, colInk)
}

// rptPill draws a small coloured label ending at x (right-aligned) and
// returns its width.
func rptPill(d *doc, right, y float64, text string, c [3]int, large bool) float64 {
	pdf := d.pdf
	size, h := 6.5, 3.8
	if large {
		size, h = 7, 4.2
	}
	d.font("B", size, [3]int{255, 255, 255})
	w := pdf.GetStringWidth(text) + 3
	pdf.SetFillColor(c[0], c[1], c[2])
	pdf.Rect(right-w, y, w, h, "F")
	pdf.SetXY(right-w, y)
	pdf.CellFormat(w, h, text, "", 0, "C", false, 0, "")
	return w
}

func arNumber(n int) string {
	words := []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
	if n >= 0 && n < len(words) {
		return words[n]
	}
	return strconv.Itoa(n)
}

func arCapital(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// arShortTitle drops a trailing parenthesis: "Border checks at crossing points (all modes)" → "Border checks at crossing points".
func arShortTitle(t string) string {
	if i := strings.Index(t, " ("); i > 0 {
		return t[:i]
	}
	return t
}

// rptTable draws a table through the page furniture after widening the
// columns whose longest word (header or body) would otherwise be broken,
// and keeps the header with the first row.
func rptTable(d *doc, cols []column, rows [][]string, st tableStyle) {
	d.need(rptTableKeep(d, cols, rows, st.size))
	d.table(rptFitColumns(d, cols, rows, st.size), rows, st)
}

// rptTableKeep is the room a table needs at the start: all of it when it
// is short (under 60 mm), else its header and first row.
func rptTableKeep(d *doc, cols []column, rows [][]string, size float64) float64 {
	out := rptFitColumns(d, cols, rows, size)
	if th := rptTableHeight(d, out, rows, size); th < 60 {
		return th + 2
	}
	h := rptRowHeight(d, out, rptTitles(out), "B", size)
	if len(rows) > 0 {
		h += rptRowHeight(d, out, rows[0], "", size)
	}
	return h + 2
}

// rptTableHeight is the height rptTable will take if no page break falls
// inside it.
func rptTableHeight(d *doc, cols []column, rows [][]string, size float64) float64 {
	out := rptFitColumns(d, cols, rows, size)
	h := rptRowHeight(d, out, rptTitles(out), "B", size) + 3
	for _, r := range rows {
		h += rptRowHeight(d, out, r, "", size)
	}
	return h
}

func rptTitles(cols []column) []string {
	t := make([]string, len(cols))
	for i, c := range cols {
		t[i] = c.title
	}
	return t
}

// rptRowHeight measures a row as the page furniture's table draws it;
// cols must be fitted (widths in millimetres).
func rptRowHeight(d *doc, cols []column, cells []string, style string, size float64) float64 {
	if size == 0 {
		size = 8.5
	}
	pdf := d.pdf
	pdf.SetFont(fontFamily, style, size)
	n := 1
	for i := range cols {
		if i < len(cells) {
			lines := 0
			for _, para := range strings.Split(cells[i], "\n") {
				lines += max(1, len(pdf.SplitText(para, cols[i].width-2.6)))
			}
			n = max(n, lines)
		}
	}
	return float64(n)*size*0.48 + 2.6
}

// rptFitColumns turns column shares into millimetres across the usable
// width, widening any column whose longest word would be broken (taking
// the room from columns with slack).
func rptFitColumns(d *doc, cols []column, rows [][]string, size float64) []column {
	if size == 0 {
		size = 8.5
	}
	pdf := d.pdf
	total := 0.0
	for _, c := range cols {
		total += c.width
	}
	W := d.width()
	out := make([]column, len(cols))
	need := make([]float64, len(cols))
	pdf.SetFont(fontFamily, "B", size)
	word := func(i int, text string) {
		for _, w := range strings.Fields(text) {
			need[i] = max(need[i], pdf.GetStringWidth(w))
		}
	}
	for i, c := range cols {
		out[i] = c
		out[i].width = c.width / total * W
		word(i, c.title)
		for _, r := range rows {
			if i < len(r) {
				word(i, r[i])
			}
		}
		// 1.3 mm padding each side in the table, 1 mm cell margin each side in SplitText.
		need[i] = min(need[i]+5.2, 0.4*W)
	}
	for i := range out {
		short := need[i] - out[i].width
		if short <= 0 {
			continue
		}
		slack := 0.0
		for j := range out {
			if j != i && out[j].width > need[j] {
				slack += out[j].width - need[j]
			}
		}
		if slack <= 0 {
			continue
		}
		take := min(short, slack)
		for j := range out {
			if j != i && out[j].width > need[j] {
				out[j].width -= take * (out[j].width - need[j]) / slack
			}
		}
		out[i].width += take
	}
	return out
}

// rptPara writes a paragraph that is not left with a single line at the
// bottom or the top of a page: short paragraphs are kept whole.
func rptPara(d *doc, text string) {
	d.font("", 9.5, colInk)
	n := len(d.pdf.SplitText(text, d.width()))
	if n <= 8 {
		d.need(float64(n)*d.lineH + 1)
	} else {
		d.need(3 * d.lineH)
	}
	d.para(text)
}
