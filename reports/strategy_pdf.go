package reports

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"bordergap/assessment"
)

// WriteStrategyPDF writes the draft national IBM strategy (DOMAIN C.2): cover
// and foreword, executive summary, introduction, context, assessment
// findings, strategic framework, implementation, monitoring and evaluation,
// financing, risk management and annexes. The public edition leaves out
// every restricted finding and action and says how many are withheld; the
// restricted edition adds Annex R with them in detail.
func WriteStrategyPDF(w io.Writer, p *assessment.Plan, o Options) error {
	if p == nil || p.Analysis == nil || p.Analysis.Assessment == nil || p.Analysis.Framework == nil {
		return errors.New("strategy: the plan has no analysis to draw on")
	}
	if o.Edition == "" {
		o.Edition = Public
	}
	s := newStrategyDoc(p, o)
	s.build()
	return s.d.output(w)
}

// strategyDoc holds what every chapter of the strategy needs.
type strategyDoc struct {
	d   *doc
	p   *assessment.Plan
	o   Options
	an  *assessment.Analysis
	a   *assessment.Assessment
	f   *assessment.Framework
	tot assessment.Totals

	start, end int
	currency   string
	// country is the state's name as it reads inside a sentence ("the
	// Republic of Meridia"); body is the coordination body likewise.
	country, body string

	objectives []*assessment.Objective // objectives with their SO sections
	withheld   int                     // restricted actions left out of this edition

	chapter, section int
	toc              []stTOCEntry
	tocPage          int
	corpus           strings.Builder // every text written, for the glossary
}

type stTOCEntry struct {
	level     int
	title     string
	page      int
	link      int
	objective bool // a strategic objective's section
}

func newStrategyDoc(p *assessment.Plan, o Options) *strategyDoc {
	an := p.Analysis
	a := an.Assessment
	s := &strategyDoc{p: p, o: o, an: an, a: a, f: an.Framework, tot: p.Totals(), start: p.StartYear, end: p.EndYear, currency: p.Costs.Currency}
	if s.end == 0 {
		s.end = s.start + assessment.PlanHorizon/12 - 1
	}
	s.country = stStateInText(a.StateName)
	if cb := strings.TrimSpace(a.Profile.CoordinationBody); cb != "" {
		s.body = stWithArticle(cb)
	} else {
		s.body = "the national IBM coordination body"
	}
	s.objectives = p.Objectives
	for _, pa := range p.Actions {
		if !o.Edition.Includes(pa.Restricted) {
			s.withheld++
		}
	}
	title := fmt.Sprintf("National Integrated Border Management Strategy %d–%d", s.start, s.end)
	s.d = newDoc(fmt.Sprintf("IBM Strategy %d–%d — %s (draft)", s.start, s.end, a.StateName), title+" (draft)", o, "P")
	return s
}

func (s *strategyDoc) build() {
	s.writeCover()
	s.writeForeword()
	s.reserveContents()
	s.writeExecutiveSummary()
	s.writeIntroduction()
	s.writeContext()
	s.writeFindings()
	s.writeFramework()
	s.writeImplementation()
	s.writeMonitoring()
	s.writeFinancing()
	s.writeRisks()
	s.writeAnnexA()
	s.writeAnnexB()
	s.writeAnnexC()
	if s.o.Edition == Restricted {
		// Annex R's words count for the glossary, which comes before it.
		s.record(s.annexRText())
	}
	s.writeAnnexF()
	if s.o.Edition == Restricted {
		s.writeAnnexR()
	}
	s.drawContents()
}

// ---------------------------------------------------------------------------
// Writing primitives: the shared page furniture, plus a record of the text
// for the glossary and of the headings for the table of contents.

func (s *strategyDoc) record(texts ...string) {
	for _, t := range texts {
		s.corpus.WriteString(t)
		s.corpus.WriteByte('\n')
	}
}

// chapterHeading starts a chapter; numbered chapters get "n." before the
// title and reset the section counter.
func (s *strategyDoc) chapterHeading(title string, numbered bool) {
	if numbered {
		s.chapter++
		s.section = 0
		title = fmt.Sprintf("%d. %s", s.chapter, title)
	}
	s.d.h1(title)
	s.addTOC(0, title, 20)
	s.record(title)
}

// sectionHeading writes a numbered section heading (1.1, 1.2...) kept with
// at least keep millimetres of what follows.
func (s *strategyDoc) sectionHeading(title string, keep float64) {
	s.section++
	if s.chapter > 0 {
		title = fmt.Sprintf("%d.%d %s", s.chapter, s.section, title)
	}
	s.d.need(max(keep, 22))
	s.addTOC(1, title, s.d.pdf.GetY())
	s.d.h2(title)
	s.record(title)
}

// plainHeading is an unnumbered section heading (executive summary, annexes).
func (s *strategyDoc) plainHeading(title string, keep float64, inTOC bool) {
	s.d.need(max(keep, 22))
	if inTOC {
		s.addTOC(1, title, s.d.pdf.GetY())
	}
	s.d.h2(title)
	s.record(title)
}

func (s *strategyDoc) sub(title string, keep float64) {
	s.d.need(max(keep, 16))
	s.d.h3(title)
	s.record(title)
}

func (s *strategyDoc) addTOC(level int, title string, y float64) {
	link := s.d.pdf.AddLink()
	s.d.pdf.SetLink(link, y, s.d.pdf.PageNo())
	s.toc = append(s.toc, stTOCEntry{level: level, title: title, page: s.d.pdf.PageNo(), link: link})
}

func (s *strategyDoc) para(text string) {
	s.record(text)
	s.d.para(text)
}

// paraKeep writes a paragraph that is not split from the next few lines.
func (s *strategyDoc) paraKeep(text string, after float64) {
	s.d.font("", 9.5, colInk)
	lines := len(s.d.pdf.SplitText(text, s.d.width()))
	s.d.need(float64(lines)*s.d.lineH + after)
	s.para(text)
}

// placeholder writes text the working group must complete, in italics.
func (s *strategyDoc) placeholder(text string) {
	s.record(text)
	s.d.font("I", 9.5, colMuted)
	s.d.pdf.MultiCell(s.d.width(), s.d.lineH, text, "", "L", false)
	s.d.pdf.Ln(1.8)
	s.d.font("", 9.5, colInk)
}

func (s *strategyDoc) note(text string) {
	s.record(text)
	s.d.font("I", 8, colMuted)
	s.d.need(float64(len(s.d.pdf.SplitText(text, s.d.width())))*3.8 + 1)
	s.d.note(text)
}

func (s *strategyDoc) bullets(items []string) {
	s.record(items...)
	s.d.bullets(items)
}

// bulletsHeight estimates the height of a bulleted list.
func (s *strategyDoc) bulletsHeight(items []string) float64 {
	s.d.font("", 9.5, colInk)
	h := 1.0
	for _, it := range items {
		h += float64(len(s.d.pdf.SplitText(it, s.d.width()-5)))*s.d.lineH + 0.8
	}
	return h
}

// bulletsKeep writes a short list on one page.
func (s *strategyDoc) bulletsKeep(items []string) {
	if h := s.bulletsHeight(items); h < 90 {
		s.d.need(h)
	}
	s.bullets(items)
}

// tableKeep draws a table that fits on a page without splitting it.
func (s *strategyDoc) tableKeep(cols []column, rows [][]string, st tableStyle) {
	if h := s.tableHeight(cols, rows, st); h < 200 {
		s.d.need(h)
	}
	s.table(cols, rows, st)
}

// tableHeight estimates the height of a table drawn by doc.table.
func (s *strategyDoc) tableHeight(cols []column, rows [][]string, st tableStyle) float64 {
	size := st.size
	if size == 0 {
		size = 8.5
	}
	lh, pad := size*0.48, 1.3
	total := 0.0
	for _, c := range cols {
		total += c.width
	}
	height := func(cells []string, style string) float64 {
		s.d.pdf.SetFont(fontFamily, style, size)
		n := 1
		for i, c := range cols {
			if i < len(cells) {
				n = max(n, len(s.d.pdf.SplitText(cells[i], c.width/total*s.d.width()-2*pad)))
			}
		}
		return float64(n)*lh + 2*pad
	}
	var titles []string
	for _, c := range cols {
		titles = append(titles, c.title)
	}
	h := height(titles, "B") + 3
	for _, r := range rows {
		h += height(r, "")
	}
	s.d.font("", 9.5, colInk)
	return h
}

func (s *strategyDoc) keyValues(pairs [][2]string) {
	for _, kv := range pairs {
		s.record(kv[0], kv[1])
	}
	s.d.keyValues(pairs)
}

func (s *strategyDoc) table(cols []column, rows [][]string, st tableStyle) {
	for _, c := range cols {
		s.record(c.title)
	}
	for _, r := range rows {
		s.record(r...)
	}
	s.d.table(s.fitColumns(cols, rows, st), rows, st)
}

// fitColumns widens any column whose longest word would be broken (a
// header such as "Priority" or a value such as "Medium"), taking the width
// from the columns with room to spare.
func (s *strategyDoc) fitColumns(cols []column, rows [][]string, st tableStyle) []column {
	pdf := s.d.pdf
	size := st.size
	if size == 0 {
		size = 8.5
	}
	total := 0.0
	for _, c := range cols {
		total += c.width
	}
	W := s.d.width()
	extra := 2*1.3 + 2*pdf.GetCellMargin() + 0.4
	width := make([]float64, len(cols))
	need := make([]float64, len(cols))
	longest := func(text string) float64 {
		m := 0.0
		for _, w := range strings.Fields(text) {
			m = math.Max(m, pdf.GetStringWidth(w))
		}
		return m
	}
	for i, c := range cols {
		width[i] = c.width / total * W
		pdf.SetFont(fontFamily, "B", size)
		need[i] = longest(c.title) + extra
		for ri, r := range rows {
			if i >= len(r) {
				continue
			}
			style := ""
			if st.bold != nil && st.bold(ri, i) {
				style = "B"
			}
			pdf.SetFont(fontFamily, style, size)
			need[i] = math.Max(need[i], longest(r[i])+extra)
		}
	}
	s.d.font("", 9.5, colInk)
	deficit, slack := 0.0, 0.0
	for i := range cols {
		if need[i] > width[i] {
			deficit += need[i] - width[i]
		} else {
			slack += width[i] - need[i]
		}
	}
	if deficit == 0 || slack <= deficit {
		return cols
	}
	out := make([]column, len(cols))
	for i, c := range cols {
		w := width[i]
		if need[i] > w {
			w = need[i]
		} else {
			w -= (width[i] - need[i]) / slack * deficit
		}
		out[i] = column{title: c.title, width: w, align: c.align}
	}
	return out
}

func (s *strategyDoc) callout(title, text string, c [3]int) {
	s.record(title, text)
	s.d.callout(title, text, c)
}

// labelled writes "Label: text" with a bold label, as one wrapped paragraph.
func (s *strategyDoc) labelled(label, text string) {
	s.record(label, text)
	pdf := s.d.pdf
	s.d.font("B", 9.5, colInk)
	lw := pdf.GetStringWidth(label+" ") + 0.5
	s.d.font("", 9.5, colInk)
	lines := pdf.SplitText(text, s.d.width()-lw)
	s.d.need(math.Min(float64(len(lines)), 3) * s.d.lineH)
	l, _, _, _ := pdf.GetMargins()
	y := pdf.GetY()
	s.d.font("B", 9.5, colInk)
	pdf.SetXY(l, y)
	pdf.CellFormat(lw, s.d.lineH, label, "", 0, "L", false, 0, "")
	s.d.font("", 9.5, colInk)
	pdf.SetXY(l+lw, y)
	pdf.MultiCell(s.d.width()-lw, s.d.lineH, text, "", "L", false)
	pdf.Ln(1.8)
}

// ---------------------------------------------------------------------------
// Cover, foreword and contents.

func (s *strategyDoc) writeCover() {
	a := s.a
	facts := [][2]string{
		{"State", a.StateName},
		{"Period", fmt.Sprintf("%d–%d", s.start, s.end)},
		{"Status", "Draft for the national working group"},
		{"Adopting act", fmt.Sprintf("[to be adopted by decision of the Government of %s — reference and date]", s.country)},
		{"Coordination body", s.coordinationBodyName()},
		{"Evidence base", s.assessmentLine()},
		{"Edition", s.o.Edition.Marking()},
		{"Generated", s.o.generatedText()},
	}
	for _, kv := range facts {
		s.record(kv[0], kv[1])
	}
	title := fmt.Sprintf("National Integrated Border Management Strategy %d–%d", s.start, s.end)
	s.record(title, a.StateName)
	s.d.cover("Draft for the national working group", title, a.StateName+"\nStrategy and costed action plan", facts)
}

func (s *strategyDoc) coordinationBodyName() string {
	if cb := strings.TrimSpace(s.a.Profile.CoordinationBody); cb != "" {
		return cb
	}
	return "[national IBM coordination body — to be designated]"
}

func (s *strategyDoc) assessmentLine() string {
	a := s.a
	line := a.Title
	if when := stMonthYear(a.StartedOn); when != "" {
		line += ", " + when
	}
	if a.Round > 1 {
		line += fmt.Sprintf(" (round %d)", a.Round)
	}
	return line
}

func (s *strategyDoc) writeForeword() {
	s.chapterHeading("Foreword", false)
	s.placeholder("[Draft foreword for the Minister's signature, to be adapted by the Minister's office.]")
	s.para(fmt.Sprintf("The borders of %s are where its security, its economy and its relations with its neighbours meet. "+
		"This strategy sets out how the institutions responsible for the border will work as one system from %d to %d: to stop "+
		"the movement of terrorists, criminals and illicit goods, to keep the border open to legitimate travellers and trade, and "+
		"to do both with full respect for human rights and for our international obligations.", s.country, s.start, s.end))
	s.para("The strategy rests on an assessment of our capacities against international standards and on the work of the national " +
		"working group, and it comes with a costed action plan. I ask every institution named in it to take ownership of its " +
		"actions, and our international partners to align their support with its priorities.")
	s.d.pdf.Ln(8)
	s.placeholder("[Minister responsible for border management]\n[Place, date]")
}

func (s *strategyDoc) reserveContents() {
	s.chapterHeading("Contents", false)
	s.toc = s.toc[:len(s.toc)-1] // the contents do not list themselves
	s.tocPage = s.d.pdf.PageNo()
}

// drawContents fills the page reserved after the foreword, now that every
// heading's page is known, and returns to the last page.
func (s *strategyDoc) drawContents() {
	pdf := s.d.pdf
	last := pdf.PageNo()
	entries := s.toc
	top, bottom := 34.0, 297.0-24
	// Chapters get a little space before them: 0.35 of a line each.
	lineHeight := func(es []stTOCEntry) float64 {
		units := 0.0
		for i, e := range es {
			units++
			if e.level == 0 && i > 0 {
				units += 0.35
			}
		}
		return math.Min(6, (bottom-top)/units)
	}
	lh := lineHeight(entries)
	// Too many entries for one page: keep the chapters and the strategic
	// objectives (every section stays in the PDF bookmarks), then only the
	// chapters.
	for _, keep := range []func(stTOCEntry) bool{
		func(e stTOCEntry) bool { return e.level == 0 || e.objective },
		func(e stTOCEntry) bool { return e.level == 0 },
	} {
		if lh >= 4.6 {
			break
		}
		var kept []stTOCEntry
		for _, e := range s.toc {
			if keep(e) {
				kept = append(kept, e)
			}
		}
		entries = kept
		lh = lineHeight(entries)
	}
	pdf.SetPage(s.tocPage)
	pdf.SetAutoPageBreak(false, 0)
	defer pdf.SetAutoPageBreak(true, 18)
	// Force the font and colours into this page's content stream.
	pdf.SetFont(fontFamily, "", 1)
	pdf.SetFillColor(255, 255, 255)
	l, _, _, _ := pdf.GetMargins()
	w := s.d.width()
	numW := 10.0
	y := top
	for _, e := range entries {
		indent, size, style := 0.0, 9.5, "B"
		if e.level > 0 {
			indent, size, style = 6, 9, ""
		}
		if e.level == 0 && y > top {
			y += lh * 0.35
		}
		s.d.font(style, size, colInk)
		tw := w - indent - numW - 4
		title := fitText(pdf, e.title, tw)
		pdf.SetXY(l+indent, y)
		pdf.CellFormat(pdf.GetStringWidth(title)+1, lh, title, "", 0, "L", false, 0, "")
		x0 := l + indent + pdf.GetStringWidth(title) + 2
		x1 := l + w - numW - 1
		if x1 > x0 {
			pdf.SetDrawColor(colRule[0], colRule[1], colRule[2])
			pdf.SetLineWidth(0.25)
			pdf.SetDashPattern([]float64{0.4, 1.1}, 0)
			pdf.Line(x0, y+lh*0.72, x1, y+lh*0.72)
			pdf.SetDashPattern([]float64{}, 0)
		}
		pdf.SetXY(l+w-numW, y)
		pdf.CellFormat(numW, lh, fmt.Sprint(e.page), "", 0, "R", false, 0, "")
		pdf.Link(l, y, w, lh, e.link)
		y += lh
	}
	pdf.SetPage(last)
}

// ---------------------------------------------------------------------------
// Executive summary.

func (s *strategyDoc) writeExecutiveSummary() {
	s.chapterHeading("Executive summary", false)
	an := s.an
	bindingAll := an.BindingUnmet()

	s.sub("Why a national IBM strategy", 20)
	weakest := s.pillarsByScore()
	var weak []string
	weakCodes := map[string]bool{}
	for _, pr := range weakest[:min(3, len(weakest))] {
		weak = append(weak, fmt.Sprintf("%s (%s, %.1f)", stPillarName(pr.Pillar.Title), pr.Pillar.Code, pr.Score.Value))
		weakCodes[pr.Pillar.Code] = true
	}
	why := fmt.Sprintf("The gaps-and-needs assessment %sfound that border management in %s stands at %.1f on the 0–4 maturity scale "+
		"(%.0f %%), short of level 3, the level at which a capacity is in place nationwide, resourced from the national budget and "+
		"compliant with the international standard. The weakest pillars are %s.",
		stWhen(s.a.StartedOn), s.country, an.National.Value, an.National.Percent(), assessment.JoinAnd(weak))
	if n := len(bindingAll); n > 0 {
		why += fmt.Sprintf(" %s binding international %s or core counter-terrorism %s not met", stUpperFirst(stSpell(n)),
			assessment.Plural(n, "obligation", "obligations"), assessment.Plural(n, "capability is", "capabilities are"))
		if src := s.bindingSources(bindingAll); src != "" {
			why += ", including obligations under " + src
		}
		why += "."
	}
	var crit []string
	allWeak := true
	for _, pr := range an.Pillars {
		if pr.Critical {
			crit = append(crit, pr.Pillar.Code)
			allWeak = allWeak && weakCodes[pr.Pillar.Code]
		}
	}
	switch {
	case len(crit) > 0 && allWeak:
		why += fmt.Sprintf(" %s %s also %s the national risk profile marks as critical.", assessment.JoinAnd(crit),
			assessment.Plural(len(crit), "is", "are"), assessment.Plural(len(crit), "the pillar", "the pillars"))
	case len(crit) > 0:
		why += fmt.Sprintf(" The national risk profile marks %s as critical.", assessment.JoinAnd(crit))
	}
	s.para(why)

	s.sub("What the strategy will achieve", 20)
	nSpO, phases := 0, map[int]int{}
	for _, o := range s.objectives {
		nSpO += len(o.Specific)
	}
	for _, pa := range s.p.Actions {
		phases[pa.Phase]++
	}
	var steps []string
	if n := phases[1]; n > 0 {
		steps = append(steps, fmt.Sprintf("governance, legal drafting, procedures and quick wins first (%d %s starting in %d)", n, assessment.Plural(n, "activity", "activities"), s.start))
	}
	if n := phases[2]; n > 0 {
		steps = append(steps, fmt.Sprintf("systems, institutions and the main roll-outs next (%d %s starting in %d–%d)", n, assessment.Plural(n, "activity", "activities"), s.start+1, s.start+2))
	}
	if n := phases[3]; n > 0 {
		steps = append(steps, fmt.Sprintf("nationwide extension and consolidation last (%d %s from %d)", n, assessment.Plural(n, "activity", "activities"), s.start+3))
	}
	phasing := stJoinList(steps)
	if len(steps) == 2 {
		phasing = steps[0] + ", and " + steps[1]
	}
	s.para(fmt.Sprintf("The strategy sets a shared vision and %s strategic objectives, one for each pillar with gaps, broken down "+
		"into %d specific objectives. They are implemented through an action plan of %d activities over %d–%d, phased as "+
		"follows: %s. By %d every pillar is to reach at least level 3.",
		stCount(len(s.objectives)), nSpO, len(s.p.Actions), s.start, s.end, phasing, s.end))

	s.sub("Key priorities", 40)
	s.para("The priorities are the strategic objectives with the most high-priority activities and unmet binding obligations:")
	s.priorityTable(4)

	s.sub("Cost envelope", 40)
	t := s.tot
	s.keyValues([][2]string{
		{"Total indicative cost", fmt.Sprintf("%s over %d–%d", stMillions(t.Total, s.currency), s.start, s.end)},
		{"National budget", fmt.Sprintf("%s secured or pledged (%s)", stMillions(t.National, s.currency), stShare(t.National, t.Total))},
		{"External funding", fmt.Sprintf("%s secured or pledged (%s)", stMillions(t.Donor, s.currency), stShare(t.Donor, t.Total))},
		{"Funding gap", fmt.Sprintf("%s not yet committed (%s)", stMillions(t.Gap, s.currency), stShare(t.Gap, t.Total))},
	})
	s.note(fmt.Sprintf("Indicative planning figures from the cost class of each activity (S = %s, M = %s, L = %s), spread evenly "+
		"over its duration; to be replaced by costed estimates as activities are prepared. The totals include the activities of the restricted annex.",
		FormatMoney(s.p.Costs.S, s.currency), FormatMoney(s.p.Costs.M, s.currency), FormatMoney(s.p.Costs.L, s.currency)))

	decisions := []string{
		"Choose the vision statement (section 4.1) and confirm the strategic and specific objectives.",
		"Confirm the priorities, lead institutions and timing of the activities in Annex A.",
	}
	if len(s.p.Unmapped) > 0 {
		decisions = append(decisions, fmt.Sprintf("Designate the national institutions for the role %s %s, which the country profile does not map; the activities they lead show the lead as to be designated.",
			assessment.Plural(len(s.p.Unmapped), "code", "codes"), assessment.JoinAnd(s.p.Unmapped)))
	}
	decisions = append(decisions,
		"Confirm national budget lines and approach international partners for the funding gap (chapter 7).",
		"Agree the handling of the restricted annex, which sets out specific vulnerabilities and is not published.")
	s.sub("Decisions for the working group", s.bulletsHeight(decisions)+8)
	s.bulletsKeep(decisions)
}

// bindingSources names the instruments whose binding provisions the given
// indicators leave unmet: "UNSCR 1373, 2178 and 2396 and ICAO Annex 9".
func (s *strategyDoc) bindingSources(rs []*assessment.IndicatorResult) string {
	var resolutions, others []string
	seen := map[string]bool{}
	for _, r := range rs {
		for _, ref := range r.Indicator.References {
			in := s.f.Instrument(ref.Instrument)
			if !ref.Binding || in == nil || seen[in.ID] {
				continue
			}
			seen[in.ID] = true
			if in.Kind == "unscr" {
				resolutions = append(resolutions, strings.TrimSpace(strings.TrimPrefix(in.Short, "UNSCR")))
			} else {
				others = append(others, in.Short)
			}
		}
	}
	sort.SliceStable(resolutions, func(i, j int) bool { return stNaturalLess(resolutions[i], resolutions[j]) })
	sort.SliceStable(others, func(i, j int) bool { return stNaturalLess(others[i], others[j]) })
	var parts []string
	switch len(resolutions) {
	case 0:
	case 1:
		parts = append(parts, "Security Council resolution "+resolutions[0])
	default:
		parts = append(parts, "Security Council resolutions "+assessment.JoinAnd(resolutions))
	}
	parts = append(parts, others...)
	if len(parts) == 0 {
		return ""
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + ", and " + parts[len(parts)-1]
}

// priorityTable lists the n objectives with the most High activities and
// unmet binding obligations.
func (s *strategyDoc) priorityTable(n int) {
	type row struct {
		o             *assessment.Objective
		high, binding int
	}
	var rows []row
	for _, o := range s.objectives {
		r := row{o: o, binding: o.Result.BindingUnmet}
		for _, sp := range o.Specific {
			for _, pa := range sp.Actions {
				if pa.Priority == assessment.PriorityHigh {
					r.high++
				}
			}
		}
		rows = append(rows, r)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].high+rows[i].binding != rows[j].high+rows[j].binding {
			return rows[i].high+rows[i].binding > rows[j].high+rows[j].binding
		}
		return rows[i].o.Result.Score.Value < rows[j].o.Result.Score.Value
	})
	var out [][]string
	for _, r := range rows[:min(n, len(rows))] {
		out = append(out, []string{r.o.Code, r.o.Text, fmt.Sprint(r.high), fmt.Sprint(r.binding), stMillions(r.o.Cost, "")})
	}
	s.table([]column{{"SO", 11, "L"}, {"Strategic objective", 50, "L"}, {"High priority activities", 13, "R"},
		{"Binding unmet", 13, "R"}, {s.currency + " million", 13, "R"}}, out, tableStyle{})
}

// ---------------------------------------------------------------------------
// 1 Introduction.

func (s *strategyDoc) writeIntroduction() {
	s.chapterHeading("Introduction", true)
	a, prof := s.a, s.a.Profile

	s.sectionHeading("Purpose", 30)
	s.para(fmt.Sprintf("This document is the draft National Integrated Border Management (IBM) Strategy of %s for %d–%d, with its "+
		"costed action plan. It sets the vision, mission and guiding principles for the management of the state's borders; %s "+
		"strategic objectives with their specific objectives and activities; and the arrangements for implementation, monitoring, "+
		"financing and risk management.", s.country, s.start, s.end, stCount(len(s.objectives))))
	s.para("It was drafted from the results of the gaps-and-needs assessment. It is a working draft: the national working group " +
		"reviews, amends and validates it before it is submitted to the Government for adoption.")

	s.sectionHeading("Scope", 30)
	scope := fmt.Sprintf("The strategy covers every institution with border-related tasks (%d institutions in the agency mapping, "+
		"section 2.2) and all of the state's borders: %s. It covers the movement of persons and of goods, before, at and beyond "+
		"the border line, and every travel mode in scope: %s.", len(s.institutions()), s.borderTypes(), s.modesText())
	if na := len(s.an.Indicators) - s.an.Applicable; na > 0 {
		scope += fmt.Sprintf(" Of the framework's %d indicators, %d %s not apply", len(s.an.Indicators), na, assessment.Plural(na, "does", "do"))
		var absent []string
		for _, m := range assessment.Modes {
			if !a.Scope.Has(m) {
				absent = append(absent, map[assessment.Mode]string{assessment.ModeAir: "international airport",
					assessment.ModeSea: "sea border", assessment.ModeLand: "land border", assessment.ModeRail: "international rail link"}[m])
			}
		}
		if len(absent) > 0 {
			scope += fmt.Sprintf(", as %s has no %s", s.country, assessment.JoinAnd(absent))
		}
		scope += "."
	}
	s.para(scope)

	s.sectionHeading("Period", 26)
	s.para(fmt.Sprintf("The strategy covers %d–%d. The action plan runs over the same period in three phases: %d for governance, "+
		"legal drafting, procedures, pilots and quick wins; %d–%d for systems, institutions and the main roll-outs; %d–%d for "+
		"nationwide extension, optimisation and consolidation. It is reviewed every year and revised after the mid-term review "+
		"in %s.", s.start, s.end, s.start, s.start+1, s.start+2, s.start+3, s.end, s.p.Quarter(30)))

	s.sectionHeading("Methodology", 40)
	_, caps, inds, _ := s.f.Counts()
	pillars := len(s.f.Pillars)
	method := fmt.Sprintf("The strategy rests on the assessment \"%s\"", a.Title)
	if when := stMonthYear(a.StartedOn); when != "" {
		method += ", which started in " + when
	}
	if team := s.teamText(); team != "" {
		method += ", carried out by " + team
	}
	method += fmt.Sprintf(". The team scored %d applicable indicators of the %s (version %s): %d pillars, %d capacities and %d "+
		"indicators, each of which cites the international standards it measures. ", s.an.Scored, s.f.Title, s.f.Version, pillars, caps, inds)
	method += "Each assessor scored each indicator on a 0–4 maturity scale from documents, interviews and site visits; differences " +
		"were settled in a consensus review. Gaps against binding international obligations and core counter-terrorism capabilities " +
		"weigh three times as much as gaps in enabling practices"
	if len(prof.CriticalPillars) > 0 {
		method += ", and gaps in the pillars the national risk profile marks as critical weigh one and a half times as much"
	}
	method += "."
	if a.Round > 1 {
		method += fmt.Sprintf(" This is the %s assessment round; it follows up the baseline assessment.", stOrdinal(a.Round))
	}
	s.para(method)
	s.para(fmt.Sprintf("Before adoption the draft is consulted: with the institutions in the agency mapping through the working "+
		"group; with %s and %s; with civil society and border communities; with %s; and with international partners. "+
		"A validation workshop closes the consultation.",
		s.inst("NHRI", "the national human rights institution"), s.inst("DPA", "the data protection authority"), s.operatorsText()))

	s.sectionHeading("Legal basis", 20)
	s.placeholder(fmt.Sprintf("[To be completed by the ministry responsible for border management: the law or government decision "+
		"that mandates this strategy, the act establishing %s, and the procedure for adoption and publication.]", s.body))

	s.sectionHeading("Relation to other national strategies and international commitments", 40)
	s.para("The strategy is to be read with the following national strategies; the working group confirms their titles and " +
		"periods and the cross-references:")
	s.bullets([]string{
		"National security strategy [title, period]",
		"Counter-terrorism and prevention of violent extremism (P/CVE) strategy [title, period]",
		"Migration strategy [title, period]",
		"Customs modernisation or business strategy [title, period]",
		"Strategy against trafficking in human beings and migrant smuggling [title, period]",
		"Anti-money laundering and counter-terrorist financing (AML/CFT) strategy [title, period]",
		"National civil aviation security programme and national air transport facilitation programme [title, period]",
	})
	s.paraKeep("The strategy responds to the international instruments below, cited by the indicators on which its activities "+
		"rest. Binding provisions are \"decides\" obligations of Security Council resolutions adopted under Chapter VII of the "+
		"UN Charter and Standards of the ICAO annexes; the other provisions are calls, recommended practices and good practices.", 30)
	s.instrumentTable()
}

// instrumentTable lists the instruments the plan's activities cite, binding
// provisions first.
func (s *strategyDoc) instrumentTable() {
	type inst struct {
		in              *assessment.Instrument
		binding, others []string
		whole           bool // cited without a locator
		seen            map[string]bool
	}
	byID := map[string]*inst{}
	var order []string
	for _, pa := range s.p.Actions {
		for _, ref := range pa.Indicator.References {
			in := s.f.Instrument(ref.Instrument)
			if in == nil {
				continue
			}
			x := byID[in.ID]
			if x == nil {
				x = &inst{in: in, seen: map[string]bool{}}
				byID[in.ID] = x
				order = append(order, in.ID)
			}
			if ref.Locator == "" {
				x.whole = true
				continue
			}
			for _, loc := range stExpandLocator(ref.Locator) {
				if x.seen[loc+fmt.Sprint(ref.Binding)] {
					continue
				}
				x.seen[loc+fmt.Sprint(ref.Binding)] = true
				if ref.Binding {
					x.binding = append(x.binding, loc)
				} else {
					x.others = append(x.others, loc)
				}
			}
		}
	}
	kinds := stKindOrder
	sort.SliceStable(order, func(i, j int) bool {
		a, b := byID[order[i]], byID[order[j]]
		ka, kb := kinds[a.in.Kind], kinds[b.in.Kind]
		if ka != kb {
			return ka < kb
		}
		if (len(a.binding) > 0) != (len(b.binding) > 0) {
			return len(a.binding) > 0
		}
		return stNaturalLess(a.in.ID, b.in.ID)
	})
	var rows [][]string
	rest := map[string][]string{}
	for _, id := range order {
		x := byID[id]
		if len(x.binding) == 0 && x.in.Kind != "unscr" && x.in.Kind != "icao" {
			rest[x.in.Kind] = append(rest[x.in.Kind], x.in.Short)
			continue
		}
		sort.SliceStable(x.binding, func(i, j int) bool { return stNaturalLess(x.binding[i], x.binding[j]) })
		others := stMinus(x.others, x.binding)
		sort.SliceStable(others, func(i, j int) bool { return stNaturalLess(others[i], others[j]) })
		other := strings.Join(others, ", ")
		if other == "" && len(x.binding) == 0 {
			other = "Cited as a whole"
		}
		rows = append(rows, []string{x.in.Title, strings.Join(x.binding, ", "), other})
	}
	s.table([]column{{"Instrument", 50, "L"}, {"Binding provisions", 22, "L"}, {"Other provisions cited", 28, "L"}}, rows, tableStyle{size: 8})
	if len(rest) == 0 {
		return
	}
	s.paraKeep("The activities also draw on the following instruments and good practices:", 20)
	var pairs [][2]string
	for _, k := range []struct{ kind, label string }{{"imo", "Maritime (IMO)"}, {"wco", "Customs and trade (WCO)"},
		{"treaty", "Treaties"}, {"un", "United Nations guidance and programmes"}, {"gctf", "Global Counterterrorism Forum"},
		{"osce", "OSCE"}, {"eu", "European Union (as models)"}, {"other", "Other standards"}} {
		if l := rest[k.kind]; len(l) > 0 {
			pairs = append(pairs, [2]string{k.label, strings.Join(l, "; ")})
			delete(rest, k.kind)
		}
	}
	for _, k := range stSortedKeys(rest) {
		pairs = append(pairs, [2]string{stUpperFirst(k), strings.Join(rest[k], "; ")})
	}
	s.keyValues(pairs)
}

// stKindOrder orders instruments by kind: Security Council resolutions first.
var stKindOrder = map[string]int{"unscr": 0, "icao": 1, "imo": 2, "wco": 3, "treaty": 4, "un": 5, "gctf": 6, "osce": 7, "eu": 8, "other": 9}

// stExpandLocator splits a range of numbered paragraphs ("OP11–OP13") into
// its members so that overlapping citations merge; other locators are kept.
func stExpandLocator(loc string) []string {
	a, b, ok := strings.Cut(loc, "–")
	if !ok {
		return []string{loc}
	}
	pa, na := stSplitNumber(strings.TrimSpace(a))
	pb, nb := stSplitNumber(strings.TrimSpace(b))
	if pb == "" {
		pb = pa
	}
	if pa == "" || pa != pb || na < 0 || nb <= na || nb-na > 20 {
		return []string{loc}
	}
	var out []string
	for n := na; n <= nb; n++ {
		out = append(out, fmt.Sprintf("%s%d", pa, n))
	}
	return out
}

// stSplitNumber splits "OP11" into "OP" and 11; -1 if there is no number.
func stSplitNumber(s string) (string, int) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	if i == len(s) {
		return s, -1
	}
	n := 0
	for _, c := range s[i:] {
		n = n*10 + int(c-'0')
	}
	return s[:i], n
}

// ---------------------------------------------------------------------------
// 2 Context and situation analysis.

func (s *strategyDoc) writeContext() {
	s.chapterHeading("Context and situation analysis", true)
	prof := s.a.Profile

	s.sectionHeading("Border profile", 40)
	var kv [][2]string
	if prof.LandBorderKm > 0 {
		kv = append(kv, [2]string{"Land border", fmt.Sprintf("%s km", FormatMoney(float64(prof.LandBorderKm), ""))})
	}
	if len(prof.Neighbours) > 0 {
		kv = append(kv, [2]string{"Neighbouring states", strings.Join(prof.Neighbours, "; ")})
	}
	if prof.CoastlineKm > 0 {
		kv = append(kv, [2]string{"Coastline", fmt.Sprintf("%s km", FormatMoney(float64(prof.CoastlineKm), ""))})
	}
	if bcp := s.bcpText(); bcp != "" {
		kv = append(kv, [2]string{"Official border crossing points", bcp})
	}
	kv = append(kv, [2]string{"Modes in scope", stUpperFirst(s.modesText())})
	kv = append(kv, [2]string{"Traffic volumes", "[crossings of persons, vehicles and consignments by mode, latest year, from border statistics]"})
	s.keyValues(kv)

	s.sectionHeading("Institutional landscape", 55)
	s.paraKeep("The country profile maps each generic role of the assessment framework to the national institutions that perform it. "+
		"The activities of the action plan name these institutions as leads and partners.", 30)
	s.agencyTable()

	s.sectionHeading("Threat and risk picture", 30)
	if crit := s.criticalPillars(); len(crit) > 0 {
		s.para(fmt.Sprintf("The national risk profile marks %s as critical. Gaps in %s weigh one and a half times as much in "+
			"the prioritisation of activities, which brings them forward in the action plan.", assessment.JoinAnd(crit),
			assessment.Plural(len(crit), "this pillar", "these pillars")))
	}
	if c := strings.TrimSpace(prof.Context); c != "" {
		s.para("The country profile summarises the situation as follows: “" + strings.TrimSuffix(c, ".") + ".”")
	}
	s.placeholder(fmt.Sprintf("[Sanitised summary of the national threat assessment: terrorist and foreign terrorist fighter travel, "+
		"the terrorism–organised crime nexus, small arms and light weapons, drugs, migrant smuggling and trafficking in human "+
		"beings, CBRN material and public-health threats, with trends by border section and mode — to be provided by %s.]",
		s.instOr([]string{"NSI", "CTC"}, "the national security services")))

	s.sectionHeading("Results of the previous strategy", 20)
	if s.a.Round > 1 {
		s.para(fmt.Sprintf("This strategy draws on the %s assessment of %s, which follows up the baseline assessment. The change "+
			"in maturity since the baseline is set out in the follow-up assessment report.", stOrdinal(s.a.Round), s.country))
	}
	s.placeholder("[Summary of the previous strategy or action plan, if any: period, activities completed, results achieved, " +
		"lessons learnt and activities carried over into this strategy.]")
}

func (s *strategyDoc) agencyTable() {
	needed := map[string]bool{}
	for _, c := range s.p.Unmapped {
		needed[c] = true
	}
	var rows [][]string
	unmapped := map[int]bool{}
	for _, r := range s.f.Roles {
		names := s.a.Profile.Agencies[r.Code]
		var clean []string
		for _, n := range names {
			if strings.TrimSpace(n) != "" {
				clean = append(clean, n)
			}
		}
		switch {
		case len(clean) > 0:
			rows = append(rows, []string{fmt.Sprintf("%s (%s)", r.Name, r.Code), strings.Join(clean, "; "), r.Functions})
		case needed[r.Code]:
			unmapped[len(rows)] = true
			rows = append(rows, []string{fmt.Sprintf("%s (%s)", r.Name, r.Code), "Not mapped — to be designated", r.Functions})
		}
	}
	red := colHigh
	s.table([]column{{"Role (code)", 30, "L"}, {"National institution", 28, "L"}, {"Border-related functions", 42, "L"}}, rows,
		tableStyle{size: 8, cellColour: func(row, col int) *[3]int {
			if col == 1 && unmapped[row] {
				return &red
			}
			return nil
		}})
	if len(s.p.Unmapped) > 0 {
		n := len(s.p.Unmapped)
		s.note(fmt.Sprintf("Role %s %s %s needed by the action plan but not mapped in the country profile. The plan does not guess "+
			"%s: the working group designates %s.", assessment.Plural(n, "code", "codes"), assessment.JoinAnd(s.p.Unmapped),
			assessment.Plural(n, "is", "are"), assessment.Plural(n, "the institution", "the institutions"), assessment.Plural(n, "it", "them")))
	}
}

// ---------------------------------------------------------------------------
// 3 Assessment findings.

func (s *strategyDoc) writeFindings() {
	s.chapterHeading("Assessment findings", true)
	an := s.an

	s.sectionHeading("Maturity scorecard", 120)
	s.para(fmt.Sprintf("The national maturity index, the mean of the pillar scores, is %.2f out of 4 (%.0f %%). Each pillar score "+
		"is the weighted mean of its indicators; the target is the weighted mean of the indicator targets, level 3 unless the "+
		"team set a higher one.", an.National.Value, an.National.Percent()))
	s.radarChart()
	var rows [][]string
	crit := map[int]bool{}
	for i, pr := range an.Pillars {
		if !pr.Score.Valid() {
			rows = append(rows, []string{pr.Pillar.Code, pr.Pillar.Title, "n/a", "", "", "", ""})
			continue
		}
		gap := math.Max(0, pr.Target.Value-pr.Score.Value)
		title := pr.Pillar.Title
		if pr.Critical {
			title += " (critical)"
			crit[i] = true
		}
		rows = append(rows, []string{pr.Pillar.Code, title, fmt.Sprintf("%.2f", pr.Score.Value), fmt.Sprintf("%.2f", pr.Target.Value),
			fmt.Sprintf("%.2f", gap), fmt.Sprint(pr.HighGaps), fmt.Sprint(pr.BindingUnmet)})
	}
	rows = append(rows, []string{"", "National index", fmt.Sprintf("%.2f", an.National.Value), "", "", fmt.Sprint(stSum(an.Pillars, func(p *assessment.PillarResult) int { return p.HighGaps })),
		fmt.Sprint(len(an.BindingUnmet()))})
	last := len(rows) - 1
	s.table([]column{{"Code", 8, "L"}, {"Pillar", 40, "L"}, {"Score", 9, "R"}, {"Target", 10, "R"}, {"Gap", 8, "R"},
		{"High priority gaps", 12, "R"}, {"Binding unmet", 12, "R"}}, rows,
		tableStyle{bold: func(row, col int) bool { return row == last || (crit[row] && col == 1) }})
	s.note("Scores on the 0–4 scale: 0 absent, 1 initial, 2 developing, 3 established, 4 advanced. Critical pillars are those the national risk profile marks as critical.")

	s.sectionHeading("Strengths", 30)
	s.writeStrengths()

	s.sectionHeading("Key gaps", 60)
	s.writeKeyGaps()

	s.sectionHeading("Unmet binding obligations", 60)
	s.writeBindingUnmet()

	s.sectionHeading("Cross-cutting issues", 40)
	s.writeCrossCutting()
}

func (s *strategyDoc) radarChart() {
	var labels []string
	var cur, tgt []float64
	for _, pr := range s.an.Pillars {
		labels = append(labels, pr.Pillar.Code)
		cur = append(cur, pr.Score.Value)
		tgt = append(tgt, pr.Target.Value)
	}
	r := 38.0
	s.d.need(2*r + 34)
	y := s.d.pdf.GetY()
	l, _, _, _ := s.d.pdf.GetMargins()
	cx, cy := l+s.d.width()/2, y+r+10
	s.d.radar(cx, cy, r, labels, []RadarSeries{
		{Name: fmt.Sprintf("Baseline %s", stYearOf(s.a.StartedOn, s.start-1)), Values: cur, Colour: colAccent},
		{Name: "Target", Values: tgt, Colour: colTarget},
	})
	s.d.pdf.SetY(cy + r + 18)
}

func (s *strategyDoc) writeStrengths() {
	byPillar := map[string][]string{}
	withheld := 0
	for _, r := range s.an.Indicators {
		if !r.Scored() || r.Level < 3 || r.Indicator.Weight < 2 {
			continue
		}
		if !s.o.Edition.Includes(r.Indicator.Restricted) {
			withheld++
			continue
		}
		code := assessment.PillarCode(r.Indicator.ID)
		byPillar[code] = append(byPillar[code], fmt.Sprintf("%s (%s, level %d)", assessment.LowerFirst(r.Indicator.Title), r.Indicator.ID, r.Level))
	}
	strong := s.pillarsByScore()
	var best []string
	for i := len(strong) - 1; i >= 0 && len(best) < 3; i-- {
		best = append(best, fmt.Sprintf("%s (%.1f)", stPillarName(strong[i].Pillar.Title), strong[i].Score.Value))
	}
	s.para(fmt.Sprintf("The strongest pillars are %s. The capacities below are established or advanced and give the strategy "+
		"a base to build on; they should be maintained and, where relevant, shared with neighbouring states.", assessment.JoinAnd(best)))
	var items []string
	for _, pr := range s.an.Pillars {
		if l := byPillar[pr.Pillar.Code]; len(l) > 0 {
			items = append(items, fmt.Sprintf("%s: %s.", pr.Pillar.Code, strings.Join(l, "; ")))
		}
	}
	if len(items) == 0 {
		s.para("No core indicator reached level 3.")
	} else {
		s.bullets(items)
	}
	if withheld > 0 {
		s.note(fmt.Sprintf("%s further %s at level 3 or above %s restricted and %s not listed in this edition.", stUpperFirst(stSpell(withheld)),
			assessment.Plural(withheld, "indicator", "indicators"), assessment.Plural(withheld, "is", "are"), assessment.Plural(withheld, "is", "are")))
	}
}

func (s *strategyDoc) writeKeyGaps() {
	gaps := s.an.Gaps()
	var rows [][]string
	var prio []string
	withheld := 0
	for _, g := range gaps {
		if g.Priority != assessment.PriorityHigh && len(rows) >= 8 {
			break
		}
		if !s.o.Edition.Includes(g.Indicator.Restricted) {
			if g.Priority == assessment.PriorityHigh {
				withheld++
			}
			continue
		}
		if len(rows) == 12 {
			continue
		}
		finding := stUpperFirst(stFirstSentence(stFindingNote(g)))
		rows = append(rows, []string{g.Indicator.ID + s.rMark(g.Indicator.Restricted), g.Indicator.Title, fmt.Sprintf("%d → %d", g.Level, g.Target), string(g.Priority), finding})
		prio = append(prio, string(g.Priority))
	}
	high := 0
	for _, g := range gaps {
		if g.Priority == assessment.PriorityHigh {
			high++
		}
	}
	s.paraKeep(fmt.Sprintf("The assessment found %d indicators below target, %d of them of high priority. The table lists the gaps "+
		"of highest priority with the team's main finding; Annex B gives every indicator.", len(gaps), high), 30)
	s.table([]column{{"Indicator", 12, "L"}, {"Capability", 22, "L"}, {"Level → target", 10, "C"}, {"Priority", 11, "L"}, {"Main finding", 45, "L"}},
		rows, tableStyle{size: 8, cellColour: func(row, col int) *[3]int {
			if col == 3 {
				return priorityColour(prio[row])
			}
			return nil
		}})
	if withheld > 0 {
		s.note(fmt.Sprintf("%s further high-priority %s concern restricted capabilities and %s set out in the restricted annex.",
			stUpperFirst(stSpell(withheld)), assessment.Plural(withheld, "gap", "gaps"), assessment.Plural(withheld, "is", "are")))
	}
}

func (s *strategyDoc) writeBindingUnmet() {
	all := s.an.BindingUnmet()
	if len(all) == 0 {
		s.para("Every indicator that carries a binding international obligation or a core counter-terrorism capability is at level 2 or above.")
		return
	}
	s.paraKeep(fmt.Sprintf("%s %s that carry a binding international obligation or a core counter-terrorism capability %s at level 0 "+
		"or 1. The activities that close these gaps are of high priority whatever their other scores.", stUpperFirst(stSpell(len(all))),
		assessment.Plural(len(all), "indicator", "indicators"), assessment.Plural(len(all), "is", "are")), 30)
	var rows [][]string
	withheld := 0
	for _, r := range all {
		if !s.o.Edition.Includes(r.Indicator.Restricted) {
			withheld++
			continue
		}
		var refs []string
		for _, ref := range r.Indicator.References {
			if ref.Binding {
				refs = append(refs, s.f.Cite(ref))
			}
		}
		if len(refs) == 0 {
			refs = append(refs, "Core capability (weight 3), no binding provision cited")
		}
		rows = append(rows, []string{r.Indicator.ID + s.rMark(r.Indicator.Restricted), r.Indicator.Title, fmt.Sprint(r.Level), strings.Join(refs, "; ")})
	}
	if len(rows) > 0 {
		s.table([]column{{"Indicator", 11, "L"}, {"Obligation or capability", 43, "L"}, {"Level", 8, "C"}, {"Binding provisions", 38, "L"}}, rows, tableStyle{size: 8})
	}
	if withheld > 0 {
		s.note(fmt.Sprintf("%s of these %s restricted capabilities; %s set out in the restricted annex.", stUpperFirst(stSpell(withheld)),
			assessment.Plural(withheld, "concerns a", "concern"), assessment.Plural(withheld, "it is", "they are")))
	}
}

func (s *strategyDoc) writeCrossCutting() {
	var safeguarded, hrddp int
	for _, pa := range s.p.Actions {
		if pa.Safeguard != "" {
			safeguarded++
		}
		for _, in := range pa.International {
			if assessment.IsUNFunding(in) {
				hrddp++
				break
			}
		}
	}
	s.sub("Human rights and data protection", 24)
	hr := ""
	if pr := s.pillar("RIG"); pr != nil && pr.Score.Valid() {
		hr = fmt.Sprintf("The pillar on human rights, protection, gender and data protection scored %.1f. ", pr.Score.Value)
	}
	hr += s.levelsSentence([]string{"RIG.1.1", "RIG.1.2", "RIG.1.3", "RIG.2.1", "RIG.2.2", "RIG.4.1", "RIG.4.2"})
	s.para(hr)
	if safeguarded > 0 {
		s.para(fmt.Sprintf("Because rights and data-protection safeguards are not yet established, %d activities on traveller data, "+
			"database screening, counter-terrorism risk analysis, maritime interception, handover to investigation and crime "+
			"interdiction carry a safeguard step: a legal review and data-protection impact assessment, human-rights training or "+
			"independent monitoring, before they go live.", safeguarded))
	}
	if hrddp > 0 {
		s.para(fmt.Sprintf("Of the %d activities, %d name UN entities among their international partners; UN support to border "+
			"and security forces is subject to the UN Human Rights Due Diligence Policy (HRDDP).", len(s.p.Actions), hrddp))
	}
	s.sub("Gender", 20)
	s.para(s.levelsSentence([]string{"RIG.3.1", "RIG.3.2"}) + " The share of women among border officers is part of the indicator " +
		"framework (chapter 6), and searches, interviews and referral procedures are to be gender-responsive.")
	s.sub("Sustainability", 20)
	s.para(s.levelsSentence([]string{"GOV.4.1", "GOV.4.2", "HRD.2.3", "HRD.3.2"}) + " The action plan puts maintenance and " +
		"asset-management arrangements before new equipment, and activities with a large cost start only once their funding is " +
		"secured or pledged. Running costs, maintenance and training are to move onto the national budget as donor projects end.")
}

// levelsSentence describes the levels of the given indicators in one or two
// sentences, leaving out those the edition does not show.
func (s *strategyDoc) levelsSentence(ids []string) string {
	var below, met []string
	for _, id := range ids {
		r := s.an.Indicator(id)
		if r == nil || !r.Scored() || !s.o.Edition.Includes(r.Indicator.Restricted) {
			continue
		}
		txt := fmt.Sprintf("%s (%s, level %d)", assessment.LowerFirst(r.Indicator.Title), id, r.Level)
		if r.Level < 3 {
			below = append(below, txt)
		} else {
			met = append(met, txt)
		}
	}
	var out []string
	if len(below) > 0 {
		out = append(out, fmt.Sprintf("Below the established level: %s.", assessment.JoinAnd(below)))
	}
	if len(met) > 0 {
		out = append(out, fmt.Sprintf("Established or advanced: %s.", assessment.JoinAnd(met)))
	}
	return strings.Join(out, " ")
}

// ---------------------------------------------------------------------------
// 4 Strategic framework.

func (s *strategyDoc) writeFramework() {
	s.chapterHeading("Strategic framework", true)
	st := s.f.Strategy

	s.sectionHeading("Vision", 40)
	if len(st.Vision) > 0 {
		s.callout("Proposed vision", s.fill(st.Vision[0]), colHead)
		if len(st.Vision) > 1 {
			s.para("Alternatives for the working group:")
			var alts []string
			for i, v := range st.Vision[1:] {
				alts = append(alts, fmt.Sprintf("Variant %d: %s", i+2, s.fill(v)))
			}
			s.bullets(alts)
		}
	}

	s.sectionHeading("Mission", 30)
	if st.Mission != "" {
		s.para(s.fill(st.Mission))
	}

	s.sectionHeading("Guiding principles", 40)
	var pairs [][2]string
	for _, pr := range st.Principles {
		pairs = append(pairs, [2]string{pr.Name, s.fill(pr.Text)})
	}
	s.keyValues(pairs)

	s.sectionHeading("Strategic objectives", 70)
	nSpO := 0
	for _, o := range s.objectives {
		nSpO += len(o.Specific)
	}
	intro := fmt.Sprintf("The strategy has %s strategic objectives (SO), one for each pillar of the assessment with gaps, and %d "+
		"specific objectives (SpO), one for each capacity with gaps. Each strategic objective below gives the reasons for it, "+
		"the international provisions it responds to, its specific objectives with their activities, the expected results and "+
		"the outcome indicators.", stCount(len(s.objectives)), nSpO)
	if s.withheld > 0 {
		intro += fmt.Sprintf(" %s further %s set out in the restricted annex.", stUpperFirst(stSpell(s.withheld)), assessment.Plural(s.withheld, "activity is", "activities are"))
	}
	s.paraKeep(intro, 30)
	var rows [][]string
	for _, o := range s.objectives {
		shown := 0
		for _, sp := range o.Specific {
			shown += len(s.visible(sp.Actions))
		}
		rows = append(rows, []string{o.Code, o.Text, fmt.Sprint(len(o.Specific)), fmt.Sprint(shown), stMillions(o.Cost, "")})
	}
	s.table([]column{{"SO", 10, "L"}, {"Strategic objective", 57, "L"}, {"SpOs", 8, "R"}, {"Activities", 13, "R"},
		{s.currency + " million", 12, "R"}}, rows, tableStyle{})
	if s.withheld > 0 {
		s.note("Activities: those set out in this edition. Cost: all activities of the objective, including those of the restricted annex.")
	}

	for _, o := range s.objectives {
		s.writeObjective(o)
	}
}

func (s *strategyDoc) writeObjective(o *assessment.Objective) {
	s.d.addPage()
	s.d.pdf.SetY(20)
	title := o.Code + " " + o.Text
	s.addTOC(1, title, 20)
	s.toc[len(s.toc)-1].objective = true
	s.d.pdf.Bookmark(title, 1, -1)
	s.record(title)
	s.d.font("B", 12.5, colHead)
	s.d.pdf.MultiCell(s.d.width(), 6.2, title, "", "L", false)
	s.d.pdf.Ln(1)
	pr := o.Result
	meta := fmt.Sprintf("Pillar %s — %s · score %.2f, target %.2f", pr.Pillar.Code, pr.Pillar.Title, pr.Score.Value, pr.Target.Value)
	if pr.Critical {
		meta += " · critical pillar"
	}
	meta += " · indicative cost " + stMillions(o.Cost, s.currency)
	s.record(meta)
	s.d.font("", 8.5, colMuted)
	s.d.pdf.MultiCell(s.d.width(), 4.2, meta, "", "L", false)
	s.d.pdf.Ln(2.5)

	s.sub("Rationale", 20)
	narrative, findings := s.narrative(o)
	s.para(narrative)
	if len(findings) > 0 {
		s.paraKeep("Main findings of the assessment team:", 10)
		s.bullets(findings)
	}
	if refs := s.respondsTo(o); refs != "" {
		s.labelled("Responds to:", refs)
	}

	s.sub("Specific objectives and activities", 30)
	for _, sp := range o.Specific {
		s.writeSpecific(sp)
	}

	if len(o.ExpectedResults) > 0 {
		s.sub("Expected results", 24)
		var items []string
		for _, r := range o.ExpectedResults {
			items = append(items, stEnsurePeriod(r))
		}
		s.bullets(items)
	}
	if len(o.KPIs) > 0 {
		var rows [][]string
		for _, k := range o.KPIs {
			rows = append(rows, []string{k.Name, k.Unit, k.Source, k.Baseline, k.Target})
		}
		cols := []column{{"Indicator", 36, "L"}, {"Unit", 10, "L"}, {"Source", 20, "L"}, {"Baseline", 17, "L"}, {"Target", 17, "L"}}
		st := tableStyle{size: 8}
		s.sub("Outcome indicators", min(s.tableHeight(cols, rows, st)+9, 60))
		s.tableKeep(cols, rows, st)
	}
}

// narrative is the rule-8 rationale of an objective: its score and unmet
// obligations, in the edition's words, and the team's main findings.
func (s *strategyDoc) narrative(o *assessment.Objective) (string, []string) {
	pr := o.Result
	var gaps []*assessment.IndicatorResult
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
	below := fmt.Sprintf("%d of its %d applicable indicators are", len(gaps), applicable)
	switch {
	case len(gaps) == applicable && applicable > 1:
		below = fmt.Sprintf("all %d of its applicable indicators are", applicable)
	case len(gaps) == 1:
		below = fmt.Sprintf("one of its %d applicable indicators is", applicable)
	}
	fmt.Fprintf(&b, "The assessment scored the %s pillar at %.1f out of 4 (%.0f %%); %s below target.",
		stPillarName(pr.Pillar.Title), pr.Score.Value, pr.Score.Percent(), below)
	if pr.Critical {
		b.WriteString(" The national risk profile marks the pillar as critical.")
	}
	var named []string
	hidden := 0
	for _, g := range gaps {
		if !g.BindingUnmet {
			continue
		}
		if s.o.Edition.Includes(g.Indicator.Restricted) {
			named = append(named, fmt.Sprintf("%s (%s)", assessment.LowerFirst(g.Indicator.Title), g.Indicator.ID))
		} else {
			hidden++
		}
	}
	if n := len(named) + hidden; n > 0 {
		fmt.Fprintf(&b, " %s binding %s or core counter-terrorism %s not met", stUpperFirst(stSpell(n)),
			assessment.Plural(n, "obligation", "obligations"), assessment.Plural(n, "capability is", "capabilities are"))
		switch {
		case len(named) > 0 && hidden > 0:
			fmt.Fprintf(&b, ": %s, and %s set out in the restricted annex.", assessment.JoinAnd(named), stCount(hidden)+" "+assessment.Plural(hidden, "other", "others"))
		case len(named) > 0:
			fmt.Fprintf(&b, ": %s.", assessment.JoinAnd(named))
		default:
			fmt.Fprintf(&b, "; %s set out in the restricted annex.", assessment.Plural(hidden, "it is", "they are"))
		}
	}
	var findings []string
	for _, g := range gaps {
		if len(findings) == 3 {
			break
		}
		if !s.o.Edition.Includes(g.Indicator.Restricted) {
			continue
		}
		if note := stFirstSentence(stFindingNote(g)); note != "" {
			findings = append(findings, fmt.Sprintf("%s (%s, level %d): %s", g.Indicator.Title, g.Indicator.ID, g.Level, stUpperFirst(note)))
		}
	}
	return b.String(), findings
}

// respondsTo groups the references an objective responds to by instrument,
// binding provisions first: "UNSCR 2396 OP11, OP12, OP13; ICAO Annex 9 Std 9.5".
// It takes the same references as the plan's narrative (o.References).
func (s *strategyDoc) respondsTo(o *assessment.Objective) string {
	want := map[string]bool{}
	for _, r := range o.References {
		want[r] = true
	}
	type group struct {
		name    string
		kind    int
		binding bool
		locs    []string
		seen    map[string]bool
	}
	var groups []*group
	byName := map[string]*group{}
	for _, sp := range o.Result.Capacities {
		for _, r := range sp.Indicators {
			if r.Gap <= 0 {
				continue
			}
			for _, ref := range r.Indicator.References {
				cite := s.f.Cite(ref)
				if !want[cite] {
					continue
				}
				name := strings.TrimSpace(strings.TrimSuffix(cite, ref.Locator))
				g := byName[name]
				if g == nil {
					g = &group{name: name, kind: len(stKindOrder), seen: map[string]bool{}}
					if in := s.f.Instrument(ref.Instrument); in != nil {
						if k, ok := stKindOrder[in.Kind]; ok {
							g.kind = k
						}
					}
					byName[name] = g
					groups = append(groups, g)
				}
				g.binding = g.binding || ref.Binding
				if ref.Locator == "" {
					continue
				}
				for _, loc := range stExpandLocator(ref.Locator) {
					if !g.seen[loc] {
						g.seen[loc] = true
						g.locs = append(g.locs, loc)
					}
				}
			}
		}
	}
	sort.SliceStable(groups, func(i, j int) bool {
		if groups[i].binding != groups[j].binding {
			return groups[i].binding
		}
		if groups[i].kind != groups[j].kind {
			return groups[i].kind < groups[j].kind
		}
		return stNaturalLess(groups[i].name, groups[j].name)
	})
	var parts []string
	for _, g := range groups {
		sort.SliceStable(g.locs, func(i, j int) bool { return stNaturalLess(g.locs[i], g.locs[j]) })
		if len(g.locs) == 0 {
			parts = append(parts, g.name)
		} else {
			parts = append(parts, g.name+" "+strings.Join(g.locs, ", "))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "; ") + "."
}

func (s *strategyDoc) writeSpecific(sp *assessment.SpecificObjective) {
	acts := s.visible(sp.Actions)
	title := sp.Code + " " + sp.Text
	s.record(title)
	// Keep the heading with its first activity.
	s.d.font("B", 9.5, colInk)
	h := float64(len(s.d.pdf.SplitText(title, s.d.width())))*4.8 + 18
	s.d.need(h)
	s.d.pdf.Ln(1)
	s.d.font("B", 9.5, colHead)
	s.d.pdf.MultiCell(s.d.width(), 4.8, title, "", "L", false)
	s.d.pdf.Ln(1)
	s.actionList(acts)
	if n := len(sp.Actions) - len(acts); n > 0 {
		var msg string
		if len(acts) == 0 {
			msg = fmt.Sprintf("The %s under this specific objective %s set out in the restricted annex.", assessment.Plural(n, "activity", stCount(n)+" activities"), assessment.Plural(n, "is", "are"))
		} else {
			msg = fmt.Sprintf("%s further %s set out in the restricted annex.", stUpperFirst(stSpell(n)), assessment.Plural(n, "activity is", "activities are"))
		}
		s.note(msg)
	}
	s.d.pdf.Ln(1)
}

// actionList writes activities compactly: the id in a left column, the text,
// and a muted line with lead, period, priority and cost.
func (s *strategyDoc) actionList(acts []*assessment.PlanAction) {
	pdf := s.d.pdf
	l, _, _, _ := pdf.GetMargins()
	idW := 29.0
	tw := s.d.width() - idW
	for _, pa := range acts {
		meta := fmt.Sprintf("%s–%s · %s", s.p.Quarter(pa.Start), s.p.EndQuarter(pa.End), FormatMoney(pa.Cost, s.currency))
		if pa.PendingFunding {
			meta += " (pending funding)"
		}
		meta += fmt.Sprintf(" · %s priority · Lead: %s", pa.Priority, strings.TrimPrefix(s.leadText(pa), "Lead institution "))
		if pa.Restricted {
			meta = "RESTRICTED · " + meta
		}
		s.record(pa.ID, pa.Text, meta)
		s.d.font("", 9, colInk)
		tl := pdf.SplitText(pa.Text, tw)
		s.d.font("", 7.5, colMuted)
		ml := pdf.SplitText(meta, tw)
		h := float64(len(tl))*4.3 + float64(len(ml))*3.6 + 2
		s.d.need(h)
		y := pdf.GetY()
		c := colHead
		if pa.Restricted {
			c = colRestr
		}
		s.d.font("B", 8, c)
		pdf.SetXY(l, y+0.3)
		pdf.CellFormat(idW, 4.3, pa.ID, "", 0, "L", false, 0, "")
		s.d.font("", 9, colInk)
		pdf.SetXY(l+idW, y)
		pdf.MultiCell(tw, 4.3, pa.Text, "", "L", false)
		s.d.font("", 7.5, colMuted)
		pdf.SetX(l + idW)
		pdf.MultiCell(tw, 3.6, meta, "", "L", false)
		pdf.Ln(2)
	}
	s.d.font("", 9.5, colInk)
}

// ---------------------------------------------------------------------------
// 5 Implementation arrangements.

func (s *strategyDoc) writeImplementation() {
	s.chapterHeading("Implementation arrangements", true)

	s.sectionHeading("Governance", 40)
	chair := s.inst("MOI", "the ministry responsible for border management")
	s.para(fmt.Sprintf("%s owns the strategy and steers its implementation. It is chaired at senior level by %s and brings "+
		"together the heads of the institutions with border tasks. It meets at least twice a year, approves the annual "+
		"implementation report and the updated action plan, and resolves issues the working groups cannot settle.",
		stUpperFirst(s.body), chair))
	if m := s.membersText(); m != "" {
		s.labelled("Proposed members:", m)
	}
	s.para(fmt.Sprintf("A permanent secretariat supports %s: it keeps the action plan and the monitoring database, collects "+
		"the quarterly reports of the lead institutions, prepares the meetings and follows up their decisions, and coordinates "+
		"international assistance. It needs dedicated staff, including a monitoring officer.", s.body))
	s.paraKeep("Thematic working groups prepare and follow the activities of one or more strategic objectives. Each is chaired "+
		"by the institution that leads most of its activities:", 30)
	s.workingGroupTable()
	local := fmt.Sprintf("At regional and local level, coordination committees at the main border crossing points%s and in the "+
		"border districts bring together the agencies present, share risk information and organise joint controls.", s.bcpCountText())
	if names := s.instNames("LOC"); names != "" {
		local += fmt.Sprintf(" %s take part in the district committees and in the engagement of border communities.", names)
	}
	s.para(local)

	s.sectionHeading("Roles and responsibilities", 70)
	s.paraKeep("The matrix shows, for each strategic objective, the institutions that lead (L) or contribute to (P) its activities. "+
		"Lead institutions are accountable for delivering their activities and for reporting on them; partners contribute staff, "+
		"data and decisions within their mandates.", 30)
	s.responsibilityMatrix()

	s.sectionHeading("Link to the budget cycle", 30)
	mof := s.inst("MOF", "the ministry of finance")
	pending, pendingCost := 0, 0.0
	for _, pa := range s.p.Actions {
		if pa.PendingFunding {
			pending++
			pendingCost += pa.Cost
		}
	}
	budget := fmt.Sprintf("Each lead institution includes the running and investment costs of its activities in its annual budget "+
		"request and in the medium-term expenditure framework (MTEF); the secretariat checks the requests against the action plan "+
		"and reports the consolidated needs to %s before the budget circular is issued. The annual review of the action plan "+
		"follows the budget calendar, so that the updated plan and the budget for the following year are decided together.", mof)
	if pending > 0 {
		if pending == 1 {
			budget += fmt.Sprintf(" The one large investment activity (%s) starts only once its funding is secured or pledged.", stMillions(pendingCost, s.currency))
		} else {
			budget += fmt.Sprintf(" The %d large investment activities (%s) start only once their funding is secured or pledged.", pending, stMillions(pendingCost, s.currency))
		}
	}
	s.para(budget)
	s.placeholder("[Budget calendar: dates of the budget circular, the submission of agency requests and the adoption of the budget law.]")

	s.sectionHeading("Coordination of international assistance", 60)
	s.para(fmt.Sprintf("The government leads the coordination of international assistance through %s and its secretariat. "+
		"Partners are asked to align new projects with the action plan and to cite the activity they support; the secretariat "+
		"keeps a map of ongoing and planned assistance and a donor coordination group meets at least twice a year, chaired by the "+
		"government.", s.body))
	s.partnerTable()

	comms := []string{
		"Internal: the strategy and the action plan are shared with all staff of the institutions concerned, with a summary for front-line officers.",
		"Public: the public edition is published once adopted, with an annual summary of progress.",
		"Border communities and the private sector: the objectives that affect them (facilitation, local border traffic, carriers' data obligations) are explained through the local authorities, transport operators and their associations.",
		"Restricted information: the restricted annex and the restricted edition are handled under the national rules on classified information and shared only with those who need them.",
	}
	s.sectionHeading("Communication", s.bulletsHeight(comms)+12)
	s.bullets(comms)
}

func (s *strategyDoc) membersText() string {
	var names []string
	seen := map[string]bool{}
	for _, code := range []string{"BG", "IMM", "CUS", "CG", "POL", "NSI", "CTC", "PIU", "NCB", "FIU", "MFA", "MOF", "MOJ", "DOC", "CAA", "MAR"} {
		for _, n := range s.a.Profile.Agencies[code] {
			if n = strings.TrimSpace(n); n != "" && !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	if len(names) == 0 {
		return ""
	}
	out := strings.Join(names, "; ")
	var obs []string
	for _, code := range []string{"DPA", "NHRI"} {
		if n, ok := s.a.Profile.Institution(code); ok {
			obs = append(obs, stWithArticle(n))
		}
	}
	if len(obs) > 0 {
		out += fmt.Sprintf("; with %s as %s", assessment.JoinAnd(obs), assessment.Plural(len(obs), "observer", "observers"))
	}
	return out + "."
}

// workingGroups groups the objectives into thematic working groups.
var stWorkingGroups = []struct {
	name    string
	pillars []string
}{
	{"Legal and governance", []string{"GOV"}},
	{"Risk analysis and intelligence", []string{"RSK"}},
	{"Border checks, traveller data and ICT", []string{"BCP", "TRV"}},
	{"Surveillance, maritime security and border communities", []string{"SUR"}},
	{"National and international cooperation", []string{"NAC", "INT"}},
	{"Illicit flows and customs enforcement", []string{"ILF"}},
	{"Training and human resources", []string{"HRD"}},
	{"Human rights, gender and data protection", []string{"RIG"}},
}

func (s *strategyDoc) workingGroupTable() {
	byPillar := map[string]*assessment.Objective{}
	for _, o := range s.objectives {
		byPillar[o.Pillar.Code] = o
	}
	covered := map[string]bool{}
	var rows [][]string
	addGroup := func(name string, pillars []string) {
		var sos []string
		count := map[string]int{}
		total := 0
		for _, code := range pillars {
			o := byPillar[code]
			if o == nil {
				continue
			}
			covered[code] = true
			sos = append(sos, o.Code)
			for _, sp := range o.Specific {
				for _, pa := range sp.Actions {
					total++
					count[s.leadText(pa)]++
				}
			}
		}
		if len(sos) == 0 {
			return
		}
		chair, best := "", 0
		for _, k := range stSortedKeys(count) {
			if count[k] > best {
				chair, best = k, count[k]
			}
		}
		rows = append(rows, []string{name, strings.Join(sos, ", "), chair, fmt.Sprintf("%d of %d", best, total)})
	}
	for _, g := range stWorkingGroups {
		if g.name == "Surveillance, maritime security and border communities" && !s.a.Scope.Has(assessment.ModeSea) {
			addGroup("Surveillance and border communities", g.pillars)
			continue
		}
		addGroup(g.name, g.pillars)
	}
	for _, o := range s.objectives { // pillars of other frameworks
		if !covered[o.Pillar.Code] {
			addGroup(o.Pillar.Title, []string{o.Pillar.Code})
		}
	}
	s.table([]column{{"Working group", 34, "L"}, {"Objectives", 14, "L"}, {"Proposed chair", 36, "L"}, {"Activities led", 16, "R"}}, rows, tableStyle{})
}

func (s *strategyDoc) responsibilityMatrix() {
	type cell struct{ lead, partner bool }
	inst := map[string]map[string]*cell{}
	mapped := map[string]bool{}
	for _, names := range s.a.Profile.Agencies {
		for _, n := range names {
			mapped[strings.TrimSpace(n)] = true
		}
	}
	get := func(name, so string) *cell {
		if inst[name] == nil {
			inst[name] = map[string]*cell{}
		}
		if inst[name][so] == nil {
			inst[name][so] = &cell{}
		}
		return inst[name][so]
	}
	leads := map[string]int{}
	for _, o := range s.objectives {
		for _, sp := range o.Specific {
			for _, pa := range sp.Actions {
				if pa.Lead != "" {
					get(pa.Lead, o.Code).lead = true
					leads[pa.Lead]++
				} else {
					name := s.leadText(pa)
					get(name, o.Code).lead = true
					leads[name]++
				}
				for _, pt := range pa.Partners {
					if mapped[pt] {
						get(pt, o.Code).partner = true
					}
				}
			}
		}
	}
	names := stSortedKeys(inst)
	sort.SliceStable(names, func(i, j int) bool {
		if leads[names[i]] != leads[names[j]] {
			return leads[names[i]] > leads[names[j]]
		}
		return names[i] < names[j]
	})
	cols := []column{{"Institution", 32, "L"}}
	for _, o := range s.objectives {
		cols = append(cols, column{strings.TrimPrefix(o.Code, "SO-"), 6.8, "C"})
	}
	var rows [][]string
	for _, n := range names {
		row := []string{n}
		for _, o := range s.objectives {
			c := inst[n][o.Code]
			switch {
			case c == nil:
				row = append(row, "")
			case c.lead:
				row = append(row, "L")
			default:
				row = append(row, "P")
			}
		}
		rows = append(rows, row)
	}
	s.table(cols, rows, tableStyle{size: 7.5, bold: func(row, col int) bool { return col > 0 && rows[row][col] == "L" },
		cellColour: func(row, col int) *[3]int {
			if col == 0 && strings.HasPrefix(rows[row][0], "Lead institution to be designated") {
				c := colHigh
				return &c
			}
			if col > 0 && rows[row][col] == "L" {
				c := colHead
				return &c
			}
			return nil
		}})
	s.note("Built from the lead and partner institutions of every activity in the action plan. Non-state partners (carriers, operators) and international partners are not shown.")
}

func (s *strategyDoc) partnerTable() {
	count := map[string]int{}
	sos := map[string]map[string]bool{}
	for _, o := range s.objectives {
		for _, sp := range o.Specific {
			for _, pa := range sp.Actions {
				for _, in := range pa.International {
					count[in]++
					if sos[in] == nil {
						sos[in] = map[string]bool{}
					}
					sos[in][strings.TrimPrefix(o.Code, "SO-")] = true
				}
			}
		}
	}
	if len(count) == 0 {
		return
	}
	names := stSortedKeys(count)
	sort.SliceStable(names, func(i, j int) bool { return count[names[i]] > count[names[j]] })
	order := map[string]int{}
	for i, o := range s.objectives {
		order[strings.TrimPrefix(o.Code, "SO-")] = i
	}
	var rows [][]string
	for _, n := range names {
		objs := stSortedKeys(sos[n])
		sort.SliceStable(objs, func(i, j int) bool { return order[objs[i]] < order[objs[j]] })
		rows = append(rows, []string{stUpperFirst(n), fmt.Sprint(count[n]), strings.Join(objs, ", ")})
	}
	s.paraKeep("The activities name the following international partners as typically involved; the list is indicative and does not imply a commitment:", 30)
	s.table([]column{{"International partner", 34, "L"}, {"Activities", 12, "R"}, {"Strategic objectives", 54, "L"}}, rows, tableStyle{size: 8})
}

// ---------------------------------------------------------------------------
// 6 Monitoring, evaluation and reporting.

func (s *strategyDoc) writeMonitoring() {
	s.chapterHeading("Monitoring, evaluation and reporting", true)

	s.sectionHeading("Three levels of indicators", 30)
	s.bullets([]string{
		"Output indicators show what has been delivered: a law adopted, a system installed, staff trained. Every activity in the action plan has one.",
		"Outcome indicators show capabilities in use: the share of flights transmitting API, the share of crossings screened against databases, reaction times. Each strategic objective has a set, listed in section 6.4.",
		"Impact indicators describe the context the strategy aims to influence but cannot change alone: detections of foreign terrorist fighters and facilitators, seizures of weapons, prosecutions, waiting times, public trust. They are reported for information, without targets.",
	})

	s.sectionHeading("Headline outcome: maturity scores", 50)
	year := stYearOf(s.a.StartedOn, s.start-1)
	mid := s.start + 2
	s.para(fmt.Sprintf("The headline outcome is the change in maturity between the baseline assessment (%s), a mid-term "+
		"re-assessment (%d) and a final re-assessment (%d), per pillar and nationally, using the same framework. The mid-term "+
		"milestone is set halfway between baseline and target.", year, mid, s.end))
	var rows [][]string
	var nb, nm, nt float64
	n := 0
	for _, pr := range s.an.Pillars {
		if !pr.Score.Valid() {
			continue
		}
		m := pr.Score.Value + math.Max(0, pr.Target.Value-pr.Score.Value)/2
		rows = append(rows, []string{pr.Pillar.Code + " " + pr.Pillar.Title, fmt.Sprintf("%.2f", pr.Score.Value), fmt.Sprintf("%.2f", m), fmt.Sprintf("%.2f", pr.Target.Value)})
		nb += pr.Score.Value
		nm += m
		nt += pr.Target.Value
		n++
	}
	if n > 0 {
		rows = append(rows, []string{"National index", fmt.Sprintf("%.2f", nb/float64(n)), fmt.Sprintf("%.2f", nm/float64(n)), fmt.Sprintf("%.2f", nt/float64(n))})
	}
	last := len(rows) - 1
	s.table([]column{{"Pillar", 55, "L"}, {"Baseline " + year, 15, "R"}, {fmt.Sprintf("Mid-term %d (milestone)", mid), 15, "R"}, {fmt.Sprintf("Final %d (target)", s.end), 15, "R"}},
		rows, tableStyle{bold: func(row, col int) bool { return row == last }})

	s.sectionHeading("Reporting calendar", 40)
	var annual []string
	for y := s.start + 1; y <= s.end; y++ {
		annual = append(annual, fmt.Sprintf("Q1 %d", y))
	}
	cal := [][]string{
		{"Quarterly activity report", "Each lead institution → secretariat", fmt.Sprintf("Within 15 days after each quarter, from %s", s.p.Quarter(3))},
		{"Annual implementation report", "Secretariat → " + s.body + " → Government", strings.Join(annual, ", ") + fmt.Sprintf(" (for the previous year); final report Q1 %d", s.end+1)},
		{"Annual review and update of the action plan", stUpperFirst(s.body), fmt.Sprintf("Each year in line with the budget calendar, from %d", s.start+1)},
		{"Mid-term review", "Secretariat with an external reviewer", s.p.Quarter(30) + ", about 30 months after the start"},
		{"Mid-term re-assessment", "Assessment team using the same framework", fmt.Sprint(mid)},
		{"Final re-assessment", "Assessment team using the same framework", fmt.Sprint(s.end)},
		{"Final evaluation", "Independent evaluator", fmt.Sprintf("%s – %s", s.p.Quarter(assessment.PlanHorizon-3), s.p.Quarter(assessment.PlanHorizon+3))},
	}
	s.table([]column{{"Product", 30, "L"}, {"Responsibility", 34, "L"}, {"Timing", 36, "L"}}, cal, tableStyle{})

	s.sectionHeading("Indicator framework", 55)
	s.paraKeep("The outcome indicators of each strategic objective, with their baselines and targets. Baselines still to be measured "+
		"are established in the first year of implementation, and targets are set at the baseline review.", 30)
	var krows [][]string
	for _, o := range s.objectives {
		for _, k := range o.KPIs {
			krows = append(krows, []string{o.Code, k.Name, k.Unit, k.Source, k.Baseline, k.Target})
		}
	}
	s.table([]column{{"SO", 9, "L"}, {"Indicator", 33, "L"}, {"Unit", 10, "L"}, {"Source", 18, "L"}, {"Baseline", 15, "L"}, {"Target", 15, "L"}}, krows, tableStyle{size: 7.5})
}

// ---------------------------------------------------------------------------
// 7 Financing.

func (s *strategyDoc) writeFinancing() {
	s.chapterHeading("Financing", true)
	t := s.tot
	years := s.p.Years()

	s.sectionHeading("Indicative cost by pillar and year", 60)
	s.para(fmt.Sprintf("The action plan is costed at %s over %d–%d. The figures are indicative: each activity is priced at the "+
		"default amount of its cost class (S %s, M %s, L %s) and the amount is spread evenly over its duration. They are to be "+
		"replaced by costed estimates as the activities are prepared.", stMillions(t.Total, s.currency), s.start, s.end,
		FormatMoney(s.p.Costs.S, s.currency), FormatMoney(s.p.Costs.M, ""), FormatMoney(s.p.Costs.L, "")))
	cols := []column{{"Pillar", 40, "L"}}
	for _, y := range years {
		cols = append(cols, column{fmt.Sprint(y), 10, "R"})
	}
	cols = append(cols, column{"Total", 11, "R"})
	var rows [][]string
	for _, pr := range s.an.Pillars {
		code := pr.Pillar.Code
		if t.ByPillar[code] == 0 {
			continue
		}
		row := []string{code + " " + pr.Pillar.Title}
		for _, y := range years {
			row = append(row, stThousands(t.ByPillarYear[code][y]))
		}
		rows = append(rows, append(row, stThousands(t.ByPillar[code])))
	}
	total := []string{"Total"}
	for _, y := range years {
		total = append(total, stThousands(t.ByYear[y]))
	}
	total = append(total, stThousands(t.Total))
	rows = append(rows, total)
	last := len(rows) - 1
	s.table(cols, rows, tableStyle{size: 8, bold: func(row, col int) bool { return row == last || col == len(cols)-1 }})
	s.note(fmt.Sprintf("%s thousand, indicative. Cancelled activities are excluded. The figures include the activities of the restricted annex.", s.currency))

	s.sectionHeading("National budget, external funding and the gap", 50)
	s.table([]column{{"Source", 50, "L"}, {"Amount (" + s.currency + ")", 25, "R"}, {"Share", 25, "R"}}, [][]string{
		{"National budget (secured or pledged)", FormatMoney(t.National, ""), stShare(t.National, t.Total)},
		{"External funding (secured or pledged)", FormatMoney(t.Donor, ""), stShare(t.Donor, t.Total)},
		{"Funding gap (not yet committed)", FormatMoney(t.Gap, ""), stShare(t.Gap, t.Total)},
		{"Total", FormatMoney(t.Total, ""), stShare(t.Total, t.Total)},
	}, tableStyle{bold: func(row, col int) bool { return row == 3 }})
	msg := "Funding counts as committed only when the funding source is secured or pledged in the action plan."
	if t.Gap >= t.Total && t.Total > 0 {
		msg = "No funding has yet been recorded as secured or pledged: the whole plan is the funding gap until lead institutions and partners confirm sources. " + msg
	}
	s.para(msg + " Running costs, maintenance and training are to be carried by the national budget; external funding is " +
		"sought mainly for investment and for technical assistance.")

	s.sectionHeading("Activities pending funding", 60)
	var pending []*assessment.PlanAction
	withheld := 0
	for _, pa := range s.p.Actions {
		if !pa.PendingFunding {
			continue
		}
		if !s.o.Edition.Includes(pa.Restricted) {
			withheld++
			continue
		}
		pending = append(pending, pa)
	}
	if len(pending)+withheld == 0 {
		s.para("Every large investment in the plan has its funding secured or pledged.")
		return
	}
	s.paraKeep("Activities with a large cost (class L, over about USD 1 million) start only once their funding is secured or pledged. "+
		"Until then they are shown as pending funding in the plan:", 30)
	if len(pending) > 0 {
		var rows [][]string
		for _, pa := range pending {
			rows = append(rows, []string{pa.ID + s.rMark(pa.Restricted), pa.Text, s.p.Quarter(pa.Start), FormatMoney(pa.Cost, "")})
		}
		s.table([]column{{"Activity", 20, "L"}, {"Description", 54, "L"}, {"Planned start", 12, "L"}, {"Cost (" + s.currency + ")", 14, "R"}}, rows, tableStyle{size: 8})
	}
	if withheld > 0 {
		s.note(fmt.Sprintf("%s further %s pending funding %s set out in the restricted annex.", stUpperFirst(stSpell(withheld)),
			assessment.Plural(withheld, "activity", "activities"), assessment.Plural(withheld, "is", "are")))
	}
}

// ---------------------------------------------------------------------------
// 8 Risk management.

func (s *strategyDoc) writeRisks() {
	s.chapterHeading("Risk management", true)
	s.paraKeep(fmt.Sprintf("The main risks to the strategy and their mitigation are below. The action plan attaches the relevant risks to "+
		"each activity; the secretariat reviews the register every year and reports changes to %s.", s.body), 30)
	exposed := map[string]int{}
	for _, pa := range s.p.Actions {
		for _, r := range pa.Risks {
			exposed[r.ID]++
		}
	}
	var rows [][]string
	for _, r := range s.f.Risks {
		rows = append(rows, []string{r.Risk, r.Likelihood, r.Impact, r.Mitigation, fmt.Sprint(exposed[r.ID])})
	}
	s.table([]column{{"Risk", 30, "L"}, {"Likelihood", 12, "L"}, {"Impact", 9, "L"}, {"Mitigation", 39, "L"}, {"Activities exposed", 10, "R"}}, rows,
		tableStyle{size: 8, cellColour: func(row, col int) *[3]int {
			if col == 1 || col == 2 {
				v := rows[row][col]
				switch {
				case strings.HasPrefix(v, "High") || strings.HasSuffix(v, "High"):
					c := colHigh
					return &c
				case strings.HasPrefix(v, "Medium"):
					c := colMedium
					return &c
				}
			}
			return nil
		}})
}

// ---------------------------------------------------------------------------
// Annexes.

func (s *strategyDoc) writeAnnexA() {
	s.chapterHeading("Annex A — Action plan summary", false)
	acts := s.visible(s.p.Actions)
	intro := fmt.Sprintf("The %d activities of the action plan, by strategic objective and priority.", len(acts))
	if s.withheld > 0 {
		intro = fmt.Sprintf("The %d activities of the action plan in this edition, by strategic objective and priority. %s further %s set out in the restricted annex.",
			len(acts), stUpperFirst(stSpell(s.withheld)), assessment.Plural(s.withheld, "activity is", "activities are"))
	}
	s.para(intro + " The full action plan, with sub-activities, partners, indicators, dependencies and risks, is issued as a spreadsheet.")
	var rows [][]string
	var prio []string
	for _, pa := range acts {
		lead := s.leadText(pa)
		cost := FormatMoney(pa.Cost, "")
		if pa.PendingFunding {
			cost += "*"
		}
		rows = append(rows, []string{pa.ID + s.rMark(pa.Restricted), pa.Text, lead, s.p.Quarter(pa.Start) + " – " + s.p.EndQuarter(pa.End), cost, string(pa.Priority)})
		prio = append(prio, string(pa.Priority))
	}
	s.table([]column{{"AP-ID", 17, "L"}, {"Activity", 34, "L"}, {"Lead", 18, "L"}, {"Start – end", 11, "L"}, {"Cost (" + s.currency + ")", 10, "R"}, {"Priority", 10, "L"}},
		rows, tableStyle{size: 7.5, cellColour: func(row, col int) *[3]int {
			if col == 5 {
				return priorityColour(prio[row])
			}
			if col == 2 && strings.HasPrefix(rows[row][2], "Lead institution to be designated") {
				c := colHigh
				return &c
			}
			return nil
		}})
	s.note("* Pending funding: a large investment that starts only once its funding is secured or pledged. Costs are indicative." + s.rLegend())
}

func (s *strategyDoc) writeAnnexB() {
	s.chapterHeading("Annex B — Indicator matrix", false)
	s.para("Every applicable indicator of the assessment framework with the level the team retained, the target and the priority of the gap.")
	var rows [][]string
	var prio []string
	withheld := 0
	for _, r := range s.an.Indicators {
		if !r.Applicable {
			continue
		}
		if !s.o.Edition.Includes(r.Indicator.Restricted) {
			withheld++
			continue
		}
		lvl := "not scored"
		if r.Scored() {
			lvl = fmt.Sprintf("%d → %d", r.Level, r.Target)
		}
		p := string(r.Priority)
		if p == "" {
			p = "—"
		}
		w := fmt.Sprint(r.Indicator.Weight)
		if r.BindingUnmet {
			w += " (unmet)"
		}
		rows = append(rows, []string{r.Indicator.ID + s.rMark(r.Indicator.Restricted), r.Indicator.Title, w, lvl, p})
		prio = append(prio, p)
	}
	s.table([]column{{"Indicator", 12, "L"}, {"Title", 54, "L"}, {"Weight", 12, "L"}, {"Level → target", 11, "C"}, {"Priority", 11, "L"}}, rows,
		tableStyle{size: 8, cellColour: func(row, col int) *[3]int {
			if col == 4 {
				return priorityColour(prio[row])
			}
			return nil
		}})
	note := "Weight 3: binding international obligation or core counter-terrorism capability; \"unmet\" marks one scored 0 or 1."
	if withheld > 0 {
		note += fmt.Sprintf(" The %d restricted %s not listed in this edition.", withheld, assessment.Plural(withheld, "indicator is", "indicators are"))
	}
	s.note(note + s.rLegend())
}

func (s *strategyDoc) writeAnnexC() {
	s.chapterHeading("Annex C — Assessment scorecard", false)
	s.para("Scores by pillar and capacity on the 0–4 scale. A capacity score is the mean of its applicable indicators; a pillar " +
		"score is the mean of its indicators weighted by their weight.")
	var rows [][]string
	withheld := 0
	var pillarRows = map[int]bool{}
	for _, pr := range s.an.Pillars {
		pillarRows[len(rows)] = true
		score := "n/a"
		if pr.Score.Valid() {
			score = fmt.Sprintf("%.2f", pr.Score.Value)
		}
		rows = append(rows, []string{pr.Pillar.Code, pr.Pillar.Title, score, fmt.Sprint(pr.Applicable), fmt.Sprintf("%.2f", pr.Target.Value)})
		for _, cr := range pr.Capacities {
			score := "n/a"
			if cr.Score.Valid() {
				score = fmt.Sprintf("%.2f", cr.Score.Value)
				if !s.o.Edition.Includes(stAllRestricted(cr)) {
					score, withheld = "withheld", withheld+1
				}
			}
			rows = append(rows, []string{cr.Capacity.ID, cr.Capacity.Title, score, fmt.Sprint(cr.Applicable), ""})
		}
	}
	shade := colShade
	s.table([]column{{"Code", 10, "L"}, {"Pillar / capacity", 60, "L"}, {"Score", 10, "R"}, {"Indicators", 10, "R"}, {"Target", 10, "R"}}, rows,
		tableStyle{size: 8, bold: func(row, col int) bool { return pillarRows[row] },
			rowColour: func(i int) *[3]int {
				if pillarRows[i] {
					return &shade
				}
				return nil
			}})
	note := fmt.Sprintf("National index %.2f. Scores rest on %d scored indicators of %d applicable.", s.an.National.Value, s.an.Scored, s.an.Applicable)
	if withheld > 0 {
		note += " Withheld: the capacity's indicators are all restricted, so its score would reveal them; it is given in the restricted edition."
	}
	s.note(note)
}

func (s *strategyDoc) writeAnnexF() {
	s.chapterHeading("Annex F — Glossary", false)
	s.para("Abbreviations and acronyms used in this document.")
	text := s.corpus.String()
	terms := map[string]string{}
	for _, g := range stGlossary {
		terms[g[0]] = g[1]
	}
	for _, r := range s.f.Roles {
		if _, ok := terms[r.Code]; !ok {
			terms[r.Code] = stUpperFirst(r.Name) + " (agency role code)"
		}
	}
	for _, pl := range s.f.Pillars {
		if t, ok := terms[pl.Code]; ok {
			terms[pl.Code] = t + "; also the pillar " + assessment.LowerFirst(pl.Title)
		} else {
			terms[pl.Code] = "Pillar: " + assessment.LowerFirst(pl.Title)
		}
	}
	var rows [][]string
	for _, k := range stSortedKeys(terms) {
		if stContainsTerm(text, k) {
			rows = append(rows, []string{k, terms[k]})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return strings.ToLower(rows[i][0]) < strings.ToLower(rows[j][0]) })
	s.table([]column{{"Term", 18, "L"}, {"Meaning", 82, "L"}}, rows, tableStyle{size: 8})
}

// stAllRestricted reports whether every scored indicator of a capacity is
// restricted.
func stAllRestricted(cr *assessment.CapacityResult) bool {
	n := 0
	for _, r := range cr.Indicators {
		if r.Applicable && r.Scored() {
			if !r.Indicator.Restricted {
				return false
			}
			n++
		}
	}
	return n > 0
}

// restrictedFindings are the applicable, scored restricted indicators.
func (s *strategyDoc) restrictedFindings() []*assessment.IndicatorResult {
	var out []*assessment.IndicatorResult
	for _, r := range s.an.Indicators {
		if r.Indicator.Restricted && r.Applicable && r.Scored() {
			out = append(out, r)
		}
	}
	return out
}

func (s *strategyDoc) restrictedActions() []*assessment.PlanAction {
	var out []*assessment.PlanAction
	for _, pa := range s.p.Actions {
		if pa.Restricted {
			out = append(out, pa)
		}
	}
	return out
}

func (s *strategyDoc) annexRText() string {
	var b strings.Builder
	for _, r := range s.restrictedFindings() {
		b.WriteString(stTeamNote(r) + " " + r.Comment + "\n")
	}
	for _, pa := range s.restrictedActions() {
		for _, t := range s.actionDetail(pa) {
			b.WriteString(t[1] + "\n")
		}
	}
	return b.String()
}

func (s *strategyDoc) writeAnnexR() {
	s.chapterHeading("Annex R — Restricted annex", false)
	s.callout("RESTRICTED", "This annex sets out specific border vulnerabilities: named crossing points and sectors, surveillance "+
		"gaps, watchlist and targeting details. It is not part of the public edition. Handle it under the national rules on "+
		"classified information and share it only with those who need it.", colRestr)

	s.plainHeading("R.1 Restricted findings", 40, true)
	findings := s.restrictedFindings()
	s.para(fmt.Sprintf("The %d restricted indicators with the level the team retained and the team's evidence note.", len(findings)))
	var rows [][]string
	for _, r := range findings {
		note := stTeamNote(r)
		if r.Comment != "" {
			if note != "" {
				note += "\n"
			}
			note += "Consensus: " + r.Comment
		}
		rows = append(rows, []string{r.Indicator.ID, r.Indicator.Title, fmt.Sprintf("%d → %d", r.Level, r.Target), note})
	}
	s.table([]column{{"Indicator", 11, "L"}, {"Capability", 19, "L"}, {"Level → target", 10, "C"}, {"Evidence note", 60, "L"}}, rows, tableStyle{size: 7.5})

	acts := s.restrictedActions()
	s.plainHeading("R.2 Restricted activities", 40, true)
	s.para(fmt.Sprintf("The %d activities that address restricted findings, in detail. They are part of the action plan and "+
		"of its cost; the public edition only counts them.", len(acts)))
	objective := map[string]string{}
	for _, o := range s.objectives {
		objective[o.Pillar.Code] = o.Code + " " + o.Text
	}
	last := ""
	for _, pa := range acts {
		if t := objective[pa.Pillar.Code]; t != last {
			last = t
			s.d.need(50)
			s.sub(t, 50)
		}
		s.actionBlock(pa)
	}
}

// actionDetail lists the fields of an activity for the restricted annex.
func (s *strategyDoc) actionDetail(pa *assessment.PlanAction) [][2]string {
	kv := [][2]string{
		{"Objective", fmt.Sprintf("%s / SpO-%s %s", "SO-"+pa.Pillar.Code, pa.Capacity.ID, pa.Capacity.Title)},
		{"Lead", s.leadText(pa)},
	}
	if len(pa.Partners) > 0 {
		kv = append(kv, [2]string{"Partners", strings.Join(pa.Partners, "; ")})
	}
	if len(pa.International) > 0 {
		kv = append(kv, [2]string{"International partners", strings.Join(pa.International, "; ")})
	}
	if len(pa.Unmapped) > 0 {
		kv = append(kv, [2]string{"Unmapped role codes", strings.Join(pa.Unmapped, ", ") + " — institution to be designated"})
	}
	period := fmt.Sprintf("%s – %s (phase %d)", s.p.Quarter(pa.Start), s.p.EndQuarter(pa.End), pa.Phase)
	kv = append(kv, [2]string{"Period", period})
	cost := FormatMoney(pa.Cost, s.currency) + " (indicative)"
	if pa.FundingSource != "" {
		cost += "; " + pa.FundingSource
	}
	cost += "; funding " + string(pa.FundingStatus)
	if pa.PendingFunding {
		cost += "; pending funding"
	}
	kv = append(kv, [2]string{"Cost and funding", cost})
	if pa.Output != "" {
		kv = append(kv, [2]string{"Output", stEnsurePeriod(pa.Output)})
	}
	kv = append(kv, [2]string{"Maturity", fmt.Sprintf("%s: level %s → %s", pa.Indicator.ID, pa.MaturityKPI.Baseline, pa.MaturityKPI.Target)})
	if len(pa.SubActivities) > 0 {
		var steps []string
		for i, st := range pa.SubActivities {
			steps = append(steps, fmt.Sprintf("(%d) %s", i+1, stEnsurePeriod(strings.ReplaceAll(st, "{lead}", s.leadText(pa)))))
		}
		kv = append(kv, [2]string{"Steps", strings.Join(steps, " ")})
	}
	if len(pa.Dependencies) > 0 {
		kv = append(kv, [2]string{"Depends on", strings.Join(pa.Dependencies, ", ")})
	}
	if len(pa.Prerequisites) > 0 {
		kv = append(kv, [2]string{"Prerequisites", strings.Join(pa.Prerequisites, "; ")})
	}
	if len(pa.Risks) > 0 {
		var rs []string
		for _, r := range pa.Risks {
			rs = append(rs, r.Risk)
		}
		kv = append(kv, [2]string{"Risks", strings.Join(rs, "; ")})
	}
	if pa.Verification != "" {
		kv = append(kv, [2]string{"Verification", stEnsurePeriod(pa.Verification)})
	}
	return kv
}

// actionBlock writes one restricted activity in detail, kept on one page.
func (s *strategyDoc) actionBlock(pa *assessment.PlanAction) {
	pdf := s.d.pdf
	l, _, _, _ := pdf.GetMargins()
	w := s.d.width()
	kv := s.actionDetail(pa)
	head := fmt.Sprintf("%s · %s priority", pa.ID, pa.Priority)
	s.record(head, pa.Text)
	for _, x := range kv {
		s.record(x[0], x[1])
	}
	labelW := 38.0
	s.d.font("B", 9, colInk)
	h := 6 + float64(len(pdf.SplitText(pa.Text, w)))*4.3
	s.d.font("", 8, colInk)
	for _, x := range kv {
		h += float64(len(pdf.SplitText(x[1], w-labelW)))*3.7 + 0.6
	}
	s.d.need(h + 4)
	y := pdf.GetY()
	pdf.SetDrawColor(colRestr[0], colRestr[1], colRestr[2])
	pdf.SetLineWidth(0.3)
	pdf.Line(l, y, l+w, y)
	pdf.SetY(y + 1.2)
	s.d.font("B", 8.5, colRestr)
	pdf.CellFormat(w, 4.5, head, "", 1, "L", false, 0, "")
	s.d.font("B", 9, colInk)
	pdf.MultiCell(w, 4.3, pa.Text, "", "L", false)
	pdf.Ln(0.8)
	for _, x := range kv {
		yy := pdf.GetY()
		s.d.font("B", 7.5, colMuted)
		pdf.SetXY(l, yy)
		pdf.CellFormat(labelW, 3.7, x[0], "", 0, "L", false, 0, "")
		s.d.font("", 8, colInk)
		pdf.SetXY(l+labelW, yy)
		pdf.MultiCell(w-labelW, 3.7, x[1], "", "L", false)
		pdf.Ln(0.6)
	}
	pdf.Ln(3)
	s.d.font("", 9.5, colInk)
}

// ---------------------------------------------------------------------------
// Helpers that know the plan.

// visible returns the activities the edition shows.
func (s *strategyDoc) visible(acts []*assessment.PlanAction) []*assessment.PlanAction {
	var out []*assessment.PlanAction
	for _, pa := range acts {
		if s.o.Edition.Includes(pa.Restricted) {
			out = append(out, pa)
		}
	}
	return out
}

// rMark marks a restricted item in the restricted edition.
func (s *strategyDoc) rMark(restricted bool) string {
	if restricted && s.o.Edition == Restricted {
		return " (R)"
	}
	return ""
}

func (s *strategyDoc) rLegend() string {
	if s.o.Edition == Restricted {
		return " (R): restricted, detailed in Annex R; not in the public edition."
	}
	return ""
}

// leadText names the lead institution, or flags the unmapped role code.
func (s *strategyDoc) leadText(pa *assessment.PlanAction) string {
	if pa.Lead != "" {
		return pa.Lead
	}
	var codes []string
	for _, c := range pa.Indicator.Lead {
		for _, u := range pa.Unmapped {
			if c == u {
				codes = append(codes, c)
				break
			}
		}
	}
	if len(codes) == 0 {
		return "Lead institution to be designated"
	}
	return fmt.Sprintf("Lead institution to be designated (role code %s not mapped)", strings.Join(codes, ", "))
}

// fill replaces the template placeholders with the profile's values.
func (s *strategyDoc) fill(t string) string {
	t = strings.NewReplacer("{country}", s.country, "{end_year}", fmt.Sprint(s.end), "{coordination_body}", s.body).Replace(t)
	return stUpperFirst(strings.TrimSpace(t))
}

func (s *strategyDoc) inst(code, fallback string) string {
	if n, ok := s.a.Profile.Institution(code); ok {
		return stWithArticle(n)
	}
	return fallback
}

func (s *strategyDoc) instOr(codes []string, fallback string) string {
	var names []string
	for _, c := range codes {
		if n, ok := s.a.Profile.Institution(c); ok {
			names = append(names, stWithArticle(n))
		}
	}
	if len(names) == 0 {
		return fallback
	}
	return assessment.JoinAnd(names)
}

func (s *strategyDoc) instNames(code string) string {
	var names []string
	for _, n := range s.a.Profile.Agencies[code] {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	return assessment.JoinAnd(names)
}

// institutions are the distinct national institutions of the mapping.
func (s *strategyDoc) institutions() []string {
	seen := map[string]bool{}
	var out []string
	for _, code := range stSortedKeys(s.a.Profile.Agencies) {
		for _, n := range s.a.Profile.Agencies[code] {
			if n = strings.TrimSpace(n); n != "" && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

func (s *strategyDoc) pillar(code string) *assessment.PillarResult {
	for _, pr := range s.an.Pillars {
		if pr.Pillar.Code == code {
			return pr
		}
	}
	return nil
}

// pillarsByScore returns the scored pillars, weakest first.
func (s *strategyDoc) pillarsByScore() []*assessment.PillarResult {
	var out []*assessment.PillarResult
	for _, pr := range s.an.Pillars {
		if pr.Score.Valid() {
			out = append(out, pr)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score.Value < out[j].Score.Value })
	return out
}

func (s *strategyDoc) criticalPillars() []string {
	var out []string
	for _, pr := range s.an.Pillars {
		if pr.Critical {
			out = append(out, fmt.Sprintf("%s (%s)", stPillarName(pr.Pillar.Title), pr.Pillar.Code))
		}
	}
	return out
}

// operatorsText names the transport operators of the modes in scope.
func (s *strategyDoc) operatorsText() string {
	var ops []string
	for _, m := range assessment.Modes {
		if s.a.Scope.Has(m) {
			ops = append(ops, map[assessment.Mode]string{assessment.ModeAir: "airlines and airport operators",
				assessment.ModeSea: "shipping, ferry and port operators", assessment.ModeLand: "coach operators",
				assessment.ModeRail: "rail operators"}[m])
		}
	}
	if len(ops) == 0 {
		return "transport operators"
	}
	return assessment.JoinAnd(ops)
}

func (s *strategyDoc) teamText() string {
	var lead, assessors, reviewers int
	for _, m := range s.a.Team {
		switch m.Role {
		case assessment.RoleLead:
			lead++
		case assessment.RoleAssessor:
			assessors++
		case assessment.RoleReviewer:
			reviewers++
		}
	}
	n := lead + assessors + reviewers
	if n == 0 {
		return ""
	}
	var parts []string
	if lead > 0 {
		parts = append(parts, stCount(lead)+" lead "+assessment.Plural(lead, "assessor", "assessors"))
	}
	if assessors > 0 {
		parts = append(parts, stCount(assessors)+" "+assessment.Plural(assessors, "assessor", "assessors"))
	}
	if reviewers > 0 {
		parts = append(parts, stCount(reviewers)+" "+assessment.Plural(reviewers, "reviewer", "reviewers"))
	}
	for i, p := range parts {
		if strings.HasPrefix(p, "one ") {
			parts[i] = "a " + strings.TrimPrefix(p, "one ")
		}
	}
	return fmt.Sprintf("a team of %s (%s)", stCount(n), assessment.JoinAnd(parts))
}

var stModeBCP = map[assessment.Mode][2]string{
	assessment.ModeAir:  {"international airport", "international airports"},
	assessment.ModeSea:  {"sea port", "sea ports"},
	assessment.ModeLand: {"road crossing point", "road crossing points"},
	assessment.ModeRail: {"rail border station", "rail border stations"},
}

func (s *strategyDoc) bcpText() string {
	total := 0
	var parts []string
	for _, m := range assessment.Modes {
		n := s.a.Profile.BCPs[m]
		if n <= 0 {
			continue
		}
		total += n
		parts = append(parts, fmt.Sprintf("%d %s", n, assessment.Plural(n, stModeBCP[m][0], stModeBCP[m][1])))
	}
	if total == 0 {
		return ""
	}
	return fmt.Sprintf("%d: %s", total, assessment.JoinAnd(parts))
}

func (s *strategyDoc) bcpCountText() string {
	total := 0
	for _, n := range s.a.Profile.BCPs {
		total += n
	}
	if total == 0 {
		return ""
	}
	return fmt.Sprintf(" (%d official crossing points in all)", total)
}

func (s *strategyDoc) borderTypes() string {
	prof := s.a.Profile
	var out []string
	if s.a.Scope.Has(assessment.ModeLand) || prof.LandBorderKm > 0 {
		t := "the land border"
		var det []string
		if prof.LandBorderKm > 0 {
			det = append(det, FormatMoney(float64(prof.LandBorderKm), "")+" km")
		}
		if n := len(prof.Neighbours); n > 0 {
			det = append(det, fmt.Sprintf("%s %s", stCount(n), assessment.Plural(n, "neighbour", "neighbours")))
		}
		if len(det) > 0 {
			t += " (" + strings.Join(det, ", with ") + ")"
		}
		out = append(out, t)
	}
	if s.a.Scope.Has(assessment.ModeSea) {
		t := "the sea border"
		if prof.CoastlineKm > 0 {
			t += fmt.Sprintf(" (%s km of coastline)", FormatMoney(float64(prof.CoastlineKm), ""))
		}
		out = append(out, t)
	}
	if s.a.Scope.Has(assessment.ModeAir) {
		t := "the air border"
		if n := prof.BCPs[assessment.ModeAir]; n > 0 {
			t += fmt.Sprintf(" (%s %s)", stCount(n), assessment.Plural(n, "international airport", "international airports"))
		}
		out = append(out, t)
	}
	return assessment.JoinAnd(out)
}

func (s *strategyDoc) modesText() string {
	var out []string
	for _, m := range assessment.Modes {
		if !s.a.Scope.Has(m) {
			continue
		}
		switch m {
		case assessment.ModeAir:
			out = append(out, "air, including transit and general aviation")
		case assessment.ModeSea:
			out = append(out, "sea, including ferry, cruise and cargo-ship crews")
		case assessment.ModeLand:
			out = append(out, "road, including bus and coach travel, private vehicles and pedestrians")
		case assessment.ModeRail:
			out = append(out, "rail")
		}
	}
	return stJoinList(out)
}

// ---------------------------------------------------------------------------
// Text helpers (prefixed st: the package is shared with other documents).

// stStateInText puts "the" before names such as "Republic of Meridia".
func stStateInText(name string) string {
	name = strings.TrimSpace(name)
	for _, p := range []string{"Republic", "Kingdom", "Federation", "Federal", "United", "State of", "Union", "Commonwealth",
		"Principality", "Grand Duchy", "Sultanate", "Democratic", "People's", "Islamic", "Plurinational", "Bolivarian",
		"Independent State", "Socialist", "Co-operative", "Emirate", "Czech", "Dominican", "Central African", "Gambia",
		"Netherlands", "Philippines", "Bahamas", "Comoros", "Maldives", "Marshall", "Solomon", "Seychelles", "Holy See"} {
		if strings.HasPrefix(name, p) {
			return "the " + name
		}
	}
	return name
}

// stWithArticle puts "the" before an institution's name unless it has one.
func stWithArticle(name string) string {
	name = strings.TrimSpace(name)
	if strings.HasPrefix(strings.ToLower(name), "the ") {
		return name
	}
	return "the " + name
}

func stUpperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// stPillarName is a pillar title for running text: lower-case first letter,
// without a trailing parenthesis ("border checks at crossing points").
func stPillarName(t string) string {
	t = strings.TrimSpace(t)
	if strings.HasSuffix(t, ")") {
		if i := strings.LastIndex(t, " ("); i > 0 {
			t = t[:i]
		}
	}
	return assessment.LowerFirst(t)
}

func stEnsurePeriod(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// stJoinList joins items that may contain commas with semicolons.
func stJoinList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], "; ") + "; and " + items[len(items)-1]
}

var stNumberWords = []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve"}

// stCount spells out small numbers, as in running text.
func stCount(n int) string {
	if n >= 0 && n < len(stNumberWords) {
		return stNumberWords[n]
	}
	return fmt.Sprint(n)
}

// stSpell spells out a number below 100, for the start of a sentence.
func stSpell(n int) string {
	if n < 0 || n >= 100 {
		return fmt.Sprint(n)
	}
	small := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
		"twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	if n < 20 {
		return small[n]
	}
	tens := []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
	if n%10 == 0 {
		return tens[n/10]
	}
	return tens[n/10] + "-" + small[n%10]
}

func stOrdinal(n int) string {
	words := []string{"", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
	if n > 0 && n < len(words) {
		return words[n]
	}
	return fmt.Sprintf("%dth", n)
}

// stMillions formats an amount in millions for running text.
func stMillions(v float64, currency string) string {
	var s string
	switch {
	case v == 0:
		s = "0"
	case v >= 1e6 || currency == "":
		s = fmt.Sprintf("%.2f", v/1e6)
		if currency != "" {
			s += " million"
		}
	default:
		return FormatMoney(v, currency)
	}
	if currency != "" {
		return currency + " " + s
	}
	return s
}

func stThousands(v float64) string {
	if v == 0 {
		return "–"
	}
	return FormatMoney(math.Round(v/1000), "")
}

func stShare(part, total float64) string {
	if total <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f %%", part/total*100)
}

func stMonthYear(date string) string {
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		return ""
	}
	return t.Format("January 2006")
}

func stWhen(date string) string {
	if m := stMonthYear(date); m != "" {
		return "of " + m + " "
	}
	return ""
}

func stYearOf(date string, fallback int) string {
	if t, err := time.Parse("2006-01-02", date); err == nil {
		return fmt.Sprint(t.Year())
	}
	return fmt.Sprint(fallback)
}

// stFindingNote picks the team's evidence: the note of an assessor whose
// level is the team's, else the consensus comment, else any note.
func stFindingNote(r *assessment.IndicatorResult) string {
	if n := stTeamNote(r); n != "" {
		return n
	}
	return strings.TrimSpace(r.Comment)
}

func stTeamNote(r *assessment.IndicatorResult) string {
	for _, sc := range r.Scores {
		if sc.Level == r.Level && strings.TrimSpace(sc.Note) != "" {
			return strings.TrimSpace(sc.Note)
		}
	}
	for _, sc := range r.Scores {
		if strings.TrimSpace(sc.Note) != "" {
			return strings.TrimSpace(sc.Note)
		}
	}
	return ""
}

var stAbbrev = map[string]bool{"art": true, "arts": true, "no": true, "nos": true, "e.g": true, "i.e": true, "std": true, "para": true,
	"paras": true, "ch": true, "cf": true, "approx": true, "etc": true, "vol": true, "ref": true, "dec": true, "res": true, "op": true,
	"rp": true, "rps": true, "min": true, "max": true, "vs": true, "mr": true, "ms": true, "dr": true, "st": true}

// stFirstSentence returns the first sentence of a note, not cut at
// abbreviations such as "Art." or "No.".
func stFirstSentence(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s)-1; i++ {
		if s[i] != '.' || s[i+1] != ' ' {
			continue
		}
		j := i
		for j > 0 && s[j-1] != ' ' && s[j-1] != '(' {
			j--
		}
		word := strings.ToLower(s[j:i])
		if stAbbrev[word] || (len(word) == 1 && word[0] >= 'a' && word[0] <= 'z') {
			continue
		}
		// Not after a number either (". 12" cannot end "Art. 12").
		return s[:i+1]
	}
	return stEnsurePeriod(s)
}

func stSortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func stSum(ps []*assessment.PillarResult, f func(*assessment.PillarResult) int) int {
	n := 0
	for _, p := range ps {
		n += f(p)
	}
	return n
}

func stMinus(a, b []string) []string {
	skip := map[string]bool{}
	for _, x := range b {
		skip[x] = true
	}
	var out []string
	for _, x := range a {
		if !skip[x] {
			out = append(out, x)
		}
	}
	return out
}

// stNaturalLess compares strings with embedded numbers by value: "OP2" <
// "OP11", "UNSCR 1373" < "UNSCR 2178".
func stNaturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := stLeadingDigits(a), stLeadingDigits(b)
		if da != "" && db != "" {
			if len(da) != len(db) {
				return len(da) < len(db)
			}
			if da != db {
				return da < db
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func stLeadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// stContainsTerm reports whether term occurs in text as a whole word.
func stContainsTerm(text, term string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], term)
		if j < 0 {
			return false
		}
		j += i
		before, _ := utf8.DecodeLastRuneInString(text[:j])
		after, _ := utf8.DecodeRuneInString(text[j+len(term):])
		if !stWordRune(before) && !stWordRune(after) {
			return true
		}
		i = j + 1
	}
}

func stWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// stGlossary lists the abbreviations a strategy may use (DOMAIN D); the
// glossary annex shows those that occur in the document.
var stGlossary = [][2]string{
	{"ABC", "Automated border control (e-gates that verify the document and biometrics)"},
	{"ABIS", "Automated biometric identification system"},
	{"AFIS", "Automated fingerprint identification system"},
	{"ACI", "Advance cargo information"},
	{"AEO", "Authorised Economic Operator (WCO SAFE trusted-trader status)"},
	{"AIRCOP", "UNODC Airport Communication Project (Joint Airport Interdiction Task Forces)"},
	{"AIS", "Automatic Identification System for ships"},
	{"AML/CFT", "Anti-money laundering and countering the financing of terrorism"},
	{"AP", "Action plan (activity identifier AP-...)"},
	{"API", "Advance Passenger Information: travel-document and flight data sent by carriers to border authorities"},
	{"iAPI", "Interactive API: per-passenger exchange allowing a board / no-board response before departure"},
	{"BCP", "Border crossing point"},
	{"BLO", "Border liaison office"},
	{"BMIS", "Border management information system"},
	{"BSM", "Border security and management"},
	{"BCM", "Border control management (ICAO TRIP guide)"},
	{"BSI", "Border Security Initiative (UNCCT–GCTF)"},
	{"CBM", "Coordinated Border Management (WCO)"},
	{"CCP", "UNODC–WCO Container Control Programme"},
	{"CBRN", "Chemical, biological, radiological and nuclear"},
	{"CEN", "WCO Customs Enforcement Network"},
	{"CIRAM", "Common Integrated Risk Analysis Model (Frontex)"},
	{"CT", "Counter-terrorism"},
	{"CTED", "UN Counter-Terrorism Committee Executive Directorate"},
	{"DPA", "Data protection authority"},
	{"DPIA", "Data-protection impact assessment"},
	{"EES", "EU Entry/Exit System"},
	{"eMRTD", "Electronic machine-readable travel document"},
	{"ETA", "Electronic travel authorisation"},
	{"ETIAS", "European Travel Information and Authorisation System"},
	{"EU", "European Union"},
	{"EUROSUR", "European Border Surveillance System"},
	{"FAL", "IMO Convention on Facilitation of International Maritime Traffic"},
	{"FATF", "Financial Action Task Force"},
	{"FIND", "INTERPOL Fixed Integrated Network Database (direct access for front-line officers)"},
	{"MIND", "INTERPOL Mobile Integrated Network Database (synchronised local copy)"},
	{"FIU", "Financial intelligence unit"},
	{"FTF", "Foreign terrorist fighter (UNSCR 2178)"},
	{"GASeP", "ICAO Global Aviation Security Plan"},
	{"GCTF", "Global Counterterrorism Forum"},
	{"GCTF-BSM", "GCTF Good Practices on Border Security and Management in the context of counterterrorism (2016)"},
	{"GIS", "Geographic information system"},
	{"HMM", "GCTF Hague–Marrakech Memorandum on the FTF phenomenon"},
	{"GP", "Good practice"},
	{"HQ", "Headquarters"},
	{"ID", "Identity document"},
	{"IHR", "International Health Regulations (2005)"},
	{"ILP", "Intelligence-led policing"},
	{"IT", "Information technology"},
	{"HRDDP", "UN Human Rights Due Diligence Policy"},
	{"I-24/7", "INTERPOL secure global police communications system"},
	{"IATA", "International Air Transport Association"},
	{"IBM", "Integrated Border Management"},
	{"ICAO", "International Civil Aviation Organization"},
	{"ICMPD", "International Centre for Migration Policy Development"},
	{"ICT", "Information and communication technology"},
	{"IMO", "International Maritime Organization"},
	{"INTERPOL", "International Criminal Police Organization"},
	{"IOM", "International Organization for Migration"},
	{"ISPS", "International Ship and Port Facility Security Code"},
	{"JIT", "Joint investigation team"},
	{"KPI", "Key performance indicator"},
	{"MIDAS", "IOM Migration Information and Data Analysis System"},
	{"MC", "OSCE Ministerial Council"},
	{"MGP", "Madrid Guiding Principles on foreign terrorist fighters (S/2015/939)"},
	{"MLA", "Mutual legal assistance"},
	{"MoU", "Memorandum of understanding"},
	{"MRCC", "Maritime rescue coordination centre"},
	{"MRZ", "Machine-readable zone of a travel document"},
	{"MTEF", "Medium-term expenditure framework"},
	{"NCB", "INTERPOL National Central Bureau"},
	{"NHRI", "National human rights institution"},
	{"NII", "Non-intrusive inspection (X-ray and similar scanners)"},
	{"NRM", "National referral mechanism for victims of trafficking"},
	{"OHCHR", "Office of the UN High Commissioner for Human Rights"},
	{"OP", "Operative paragraph of a Security Council resolution"},
	{"OSBP", "One-stop border post"},
	{"OSCE", "Organization for Security and Co-operation in Europe"},
	{"P/CVE", "Preventing and countering violent extremism"},
	{"PAXLST", "UN/EDIFACT passenger and crew list message used for API"},
	{"PIU", "Passenger Information Unit: receives and analyses API and PNR"},
	{"PKD", "ICAO Public Key Directory"},
	{"PNR", "Passenger Name Record: booking data held by carriers"},
	{"PNRGOV", "Standard message for airline-to-government PNR transmission"},
	{"R", "Restricted (item set out in Annex R)"},
	{"RACI", "Responsible, accountable, consulted, informed (role matrix)"},
	{"RILO", "WCO Regional Intelligence Liaison Office"},
	{"RP", "Recommended Practice of an ICAO annex"},
	{"RPs", "Recommended Practices of an ICAO annex"},
	{"SALW", "Small arms and light weapons"},
	{"SAR", "Search and rescue"},
	{"SAFE", "WCO SAFE Framework of Standards to Secure and Facilitate Global Trade"},
	{"SARPs", "ICAO Standards and Recommended Practices"},
	{"SGBV", "Sexual and gender-based violence"},
	{"SLTD", "INTERPOL Stolen and Lost Travel Documents database"},
	{"SO", "Strategic objective"},
	{"SOLAS", "International Convention for the Safety of Life at Sea"},
	{"SOP", "Standard operating procedure"},
	{"SOPs", "Standard operating procedures"},
	{"SpO", "Specific objective"},
	{"SpOs", "Specific objectives"},
	{"Std", "Standard of an ICAO annex"},
	{"TF", "Terrorist financing"},
	{"TFA", "WTO Trade Facilitation Agreement"},
	{"TRIP", "ICAO Traveller Identification Programme"},
	{"ToT", "Training of trainers"},
	{"UAS", "Unmanned aircraft system"},
	{"UN", "United Nations"},
	{"UNCAC", "United Nations Convention against Corruption"},
	{"UNCCT", "United Nations Counter-Terrorism Centre"},
	{"UNCLOS", "United Nations Convention on the Law of the Sea"},
	{"UNDP", "United Nations Development Programme"},
	{"UNHCR", "Office of the UN High Commissioner for Refugees"},
	{"UNICEF", "United Nations Children's Fund"},
	{"UNOCT", "United Nations Office of Counter-Terrorism"},
	{"UNODC", "United Nations Office on Drugs and Crime"},
	{"UNSCR", "United Nations Security Council resolution"},
	{"UNTOC", "UN Convention against Transnational Organized Crime"},
	{"UPS", "Uninterruptible power supply"},
	{"USB", "Universal Serial Bus (removable storage)"},
	{"USD", "United States dollar"},
	{"UV", "Ultraviolet"},
	{"VMS", "Vessel monitoring system"},
	{"WCO", "World Customs Organization"},
	{"WTO", "World Trade Organization"},
}
