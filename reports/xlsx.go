package reports

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"bordergap/assessment"
)

// The sheets of the action-plan workbook, in order. Excel forbids "/" in a
// sheet name, so the Gantt sheet of DOMAIN C.9 ("Dependencies / Gantt") is
// called "Dependencies & Gantt".
const (
	SheetActionPlan = "Action plan"
	SheetIndicators = "Indicators & KPIs"
	SheetBudget     = "Budget summary"
	SheetCostByYear = "Cost by year"
	SheetGantt      = "Dependencies & Gantt"
	SheetRisks      = "Risk register"
	SheetScorecard  = "Scorecard"
	SheetReferences = "References"
	SheetAgencies   = "Agency mapping"
	SheetLists      = "Lists"
)

// Defined names of the workbook: the drop-down lists of the Action plan
// sheet and the headline totals of the Budget summary.
const (
	NameListStatus        = "ListStatus"
	NameListFundingStatus = "ListFundingStatus"
	NameListPriority      = "ListPriority"
	NameListSensitivity   = "ListSensitivity"
	NameTotalCost         = "TotalCost"
	NameNationalFunding   = "NationalFunding"
	NameOtherFunding      = "OtherFunding"
	NameFundingGap        = "FundingGap"
)

// Layout of the Action plan sheet: title rows, the header on row 4, one
// action per row from row 5. The Cost by year sheet uses the same rows, so
// that row r of one is row r of the other even after a sort.
const (
	xlHeadRow  = 4
	xlFirstRow = 5
)

// Columns of the Action plan sheet: the columns of DOMAIN C.5 in order
// (Start and End, one column there, are two here), then a notes column and
// the planning data the formulas of the other sheets read.
const (
	xlAID = iota + 1
	xlAObjective
	xlASpecific
	xlAActivity
	xlASubActivities
	xlALead
	xlAPartners
	xlAInternational
	xlAStart
	xlAEnd
	xlAOutput
	xlAOutcome
	xlAVerification
	xlACost
	xlAFundingSource
	xlAFundingStatus
	xlAPriority
	xlADependencies
	xlARisks
	xlALinked
	xlASafeguard
	xlASensitivity
	xlAStatus
	xlANotes
	xlAStartDate
	xlAEndDate
	xlAPillar
	xlALastCol = xlAPillar
)

// xlColumn is a column's header and width in Excel character units.
type xlColumn struct {
	head  string
	width float64
}

func (b *xlBook) actionColumns() []xlColumn {
	return []xlColumn{
		{"AP-ID", 15.5},
		{"Pillar / Strategic objective", 24},
		{"Specific objective", 26},
		{"Activity", 38},
		{"Sub-activities / milestones", 46},
		{"Lead institution", 20},
		{"Partner institutions", 28},
		{"International partners", 16},
		{"Start", 9},
		{"End", 9},
		{"Output indicator", 30},
		{"Outcome KPI, baseline, target", 34},
		{"Means of verification", 26},
		{"Estimated cost (" + b.currency + ")", 14},
		{"Funding source", 16},
		{"Funding status", 10.5},
		{"Priority", 9.5},
		{"Dependencies", 17},
		{"Risks and assumptions", 32},
		{"Linked indicators and references", 30},
		{"Human-rights / data-protection safeguard", 30},
		{"Sensitivity", 11},
		{"Status", 11.5},
		{"Notes", 24},
		{"Start date", 11.5},
		{"End date", 11.5},
		{"Pillar code", 8},
	}
}

// Colours (hex RGB), the same palette as the PDF documents.
const (
	xlInk      = "212529"
	xlMuted    = "606870"
	xlRule     = "C8CDD2"
	xlHead     = "163E63"
	xlShade    = "EEF2F6"
	xlHelper   = "5B6B7A"
	xlRestrict = "A01414"
	xlPhase1   = "2F6FA6"
	xlPhase2   = "E08A1E"
	xlPhase3   = "5E9E4A"
	xlWhite    = "FFFFFF"
)

// xlPillarColours colour the pillar series of the budget chart.
var xlPillarColours = []string{"163E63", "2F6FA6", "6BA3D6", "BF5700", "E08A1E", "F2C14E", "2E7D32", "7FB069", "8E44AD", "B22222", "5B6B7A", "9AA5B1"}

// WriteActionPlanXLSX writes the costed action plan as an Excel workbook
// (DOMAIN C.5, C.9): the action plan with drop-down lists for status,
// funding status and priority; indicators and KPIs; a budget summary whose
// totals are live formulas over a per-action cost-by-year table; a Gantt
// chart with the dependencies; the risk register; the scorecard with a
// radar chart; the references of the linked indicators; and the agency
// mapping. The public edition leaves out every restricted action, its
// indicator and its texts; its budget carries the restricted annex as one
// aggregate line so that the totals still match the strategy. Every sheet
// carries the edition marking in its title area and its header. Text is
// always written as text, never as a formula.
func WriteActionPlanXLSX(w io.Writer, p *assessment.Plan, o Options) error {
	if p == nil || p.Analysis == nil || p.Analysis.Framework == nil || p.Analysis.Assessment == nil {
		return errors.New("action plan workbook: the plan has no analysis")
	}
	b, err := newXLBook(p, o)
	if err != nil {
		return err
	}
	defer b.f.Close()
	for _, step := range []func() error{
		b.actionPlanSheet, b.indicatorsSheet, b.budgetSheet, b.costByYearSheet, b.ganttSheet,
		b.risksSheet, b.scorecardSheet, b.referencesSheet, b.agenciesSheet, b.listsSheet,
		b.finish,
	} {
		if err := step(); err != nil {
			return fmt.Errorf("action plan workbook: %w", err)
		}
	}
	if _, err := b.f.WriteTo(w); err != nil {
		return fmt.Errorf("action plan workbook: %w", err)
	}
	return nil
}

// xlBook holds the workbook being built and what every sheet needs.
type xlBook struct {
	f        *excelize.File
	p        *assessment.Plan
	fw       *assessment.Framework
	a        *assessment.Assessment
	o        Options
	currency string
	// acts are the actions of this edition, in plan order; in marks their ids.
	acts []*assessment.PlanAction
	in   map[string]bool
	// hidden are the restricted actions left out of a public edition.
	hidden []*assessment.PlanAction
	years  []int
	lastAP int // last data row of the Action plan sheet

	st     xlStyleSet
	info   map[int]xlStyleInfo
	quoted map[int]int
	err    error
}

// xlStyleInfo is what row-height estimation needs to know about a style.
type xlStyleInfo struct {
	size       float64
	bold, wrap bool
}

type xlStyleSet struct {
	title, marking, note, section, head, headHelper               int
	text, textBold, textCenter, textNoWrap, helperText            int
	textGantt                                                     int
	money, moneyBold, moneyTotal, date, score, scoreBold, pct     int
	pctBold, integer, integerCenter, totalLabel, legend           int
	ganttHead, ganttYear, ganttEmpty, flag, ok, headNum, intTotal int
	phase                                                         [4]int
	cfHigh, cfMedium, cfLow, cfDone, cfDelayed, cfCancelled       int
	cfOngoing, cfGap, cfSecured, cfRestricted, cfWhite            int
	cfPhase                                                       [4]int
}

func newXLBook(p *assessment.Plan, o Options) (*xlBook, error) {
	if o.Edition == "" {
		o.Edition = Public
	}
	b := &xlBook{
		f: excelize.NewFile(), p: p, fw: p.Analysis.Framework, a: p.Analysis.Assessment, o: o,
		currency: p.Costs.Currency, in: map[string]bool{}, info: map[int]xlStyleInfo{}, quoted: map[int]int{},
		years: p.Years(),
	}
	if b.currency == "" {
		b.currency = "USD"
	}
	for _, pa := range p.Actions {
		if o.Edition.Includes(pa.Restricted) {
			b.acts = append(b.acts, pa)
			b.in[pa.ID] = true
		} else {
			b.hidden = append(b.hidden, pa)
		}
	}
	b.lastAP = xlFirstRow + len(b.acts) - 1
	b.f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		return &xlSortedZip{w: zip.NewWriter(w), files: map[string]*bytes.Buffer{}}
	})
	b.fail(b.f.SetDefaultFont("Arial"))
	b.styles()
	b.createSheets()
	if b.err != nil {
		b.f.Close()
		return nil, fmt.Errorf("action plan workbook: %w", b.err)
	}
	return b, nil
}

// createSheets creates every sheet, in order, before any is written. The
// sheet properties are written when a sheet's stream starts, so they are
// set here; so is the visibility of the Lists sheet, because excelize reads
// every worksheet to set it and re-reading a flushed stream costs more than
// writing the whole workbook.
func (b *xlBook) createSheets() {
	f := b.f
	fitPage := true
	for i, name := range []string{SheetActionPlan, SheetIndicators, SheetBudget, SheetCostByYear, SheetGantt,
		SheetRisks, SheetScorecard, SheetReferences, SheetAgencies, SheetLists} {
		if i == 0 {
			b.fail(f.SetSheetName(f.GetSheetName(0), name))
		} else {
			_, err := f.NewSheet(name)
			b.fail(err)
		}
		b.fail(f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fitPage}))
	}
	f.SetActiveSheet(0)
	b.fail(f.SetSheetVisible(SheetLists, false))
}

func (b *xlBook) fail(err error) {
	if err != nil && b.err == nil {
		b.err = err
	}
}

// style registers a cell style and remembers its font and wrapping.
func (b *xlBook) style(s *excelize.Style) int {
	id, err := b.f.NewStyle(s)
	b.fail(err)
	info := xlStyleInfo{size: 10}
	if s.Font != nil {
		if s.Font.Size > 0 {
			info.size = s.Font.Size
		}
		info.bold = s.Font.Bold
	}
	if s.Alignment != nil {
		info.wrap = s.Alignment.WrapText
	}
	b.info[id] = info
	return id
}

func (b *xlBook) condStyle(s *excelize.Style) int {
	id, err := b.f.NewConditionalStyle(s)
	b.fail(err)
	return id
}

func xlBorder(colour string) []excelize.Border {
	return []excelize.Border{
		{Type: "left", Color: colour, Style: 1}, {Type: "right", Color: colour, Style: 1},
		{Type: "top", Color: colour, Style: 1}, {Type: "bottom", Color: colour, Style: 1},
	}
}

func xlSolid(colour string) excelize.Fill {
	return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}
}

func (b *xlBook) styles() {
	font := func(size float64, bold bool, colour string) *excelize.Font {
		return &excelize.Font{Family: "Arial", Size: size, Bold: bold, Color: colour}
	}
	top := func(h string, wrap bool) *excelize.Alignment {
		return &excelize.Alignment{Horizontal: h, Vertical: "top", WrapText: wrap}
	}
	grid := xlBorder(xlRule)
	cur := `"` + strings.ReplaceAll(b.currency, `"`, "") + ` "`
	money := cur + `#,##0;-` + cur + `#,##0;"–"` // zero as a dash
	markColour := xlMuted
	if b.o.Edition == Restricted {
		markColour = xlRestrict
	}
	s := &b.st
	s.title = b.style(&excelize.Style{Font: font(14, true, xlHead)})
	s.marking = b.style(&excelize.Style{Font: font(10, true, markColour)})
	s.note = b.style(&excelize.Style{Font: &excelize.Font{Family: "Arial", Size: 9, Italic: true, Color: xlMuted}})
	s.section = b.style(&excelize.Style{Font: font(11, true, xlHead), Alignment: &excelize.Alignment{Vertical: "bottom"}})
	s.head = b.style(&excelize.Style{Font: font(9, true, xlWhite), Fill: xlSolid(xlHead), Border: xlBorder(xlWhite),
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}})
	s.headNum = b.style(&excelize.Style{Font: font(9, true, xlWhite), Fill: xlSolid(xlHead), Border: xlBorder(xlWhite),
		Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center", WrapText: true}})
	s.intTotal = b.style(&excelize.Style{Font: font(9, true, xlInk), Fill: xlSolid(xlShade), Border: grid, Alignment: top("center", false), NumFmt: 1})
	s.headHelper = b.style(&excelize.Style{Font: font(9, true, xlWhite), Fill: xlSolid(xlHelper), Border: xlBorder(xlWhite),
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}})
	s.text = b.style(&excelize.Style{Font: font(9, false, xlInk), Border: grid, Alignment: top("left", true)})
	s.textBold = b.style(&excelize.Style{Font: font(9, true, xlInk), Border: grid, Alignment: top("left", true)})
	s.textCenter = b.style(&excelize.Style{Font: font(9, false, xlInk), Border: grid, Alignment: top("center", true)})
	s.textNoWrap = b.style(&excelize.Style{Font: font(9, false, xlInk), Border: grid, Alignment: top("left", false)})
	s.textGantt = b.style(&excelize.Style{Font: font(8, false, xlInk), Border: grid, Alignment: top("left", true)})
	s.helperText = b.style(&excelize.Style{Font: font(9, false, xlHelper), Border: grid, Alignment: top("left", true)})
	s.money = b.style(&excelize.Style{Font: font(9, false, xlInk), Border: grid, Alignment: top("right", false), CustomNumFmt: &money})
	s.moneyBold = b.style(&excelize.Style{Font: font(9, true, xlInk), Border: grid, Alignment: top("right", false), CustomNumFmt: &money})
	s.moneyTotal = b.style(&excelize.Style{Font: font(9, true, xlInk), Fill: xlSolid(xlShade), Border: grid,
		Alignment: top("right", false), CustomNumFmt: &money})
	dateFmt := "d mmm yyyy"
	s.date = b.style(&excelize.Style{Font: font(9, false, xlInk), Border: grid, Alignment: top("left", false), CustomNumFmt: &dateFmt})
	s.score = b.style(&excelize.Style{Font: font(9, false, xlInk), Border: grid, Alignment: top("right", false), NumFmt: 2})
	s.scoreBold = b.style(&excelize.Style{Font: font(9, true, xlInk), Fill: xlSolid(xlShade), Border: grid, Alignment: top("right", false), NumFmt: 2})
	s.pct = b.style(&excelize.Style{Font: font(9, false, xlInk), Border: grid, Alignment: top("right", false), NumFmt: 9})
	s.pctBold = b.style(&excelize.Style{Font: font(9, true, xlInk), Fill: xlSolid(xlShade), Border: grid, Alignment: top("right", false), NumFmt: 9})
	s.integer = b.style(&excelize.Style{Font: font(9, false, xlInk), Border: grid, Alignment: top("right", false), NumFmt: 1})
	s.integerCenter = b.style(&excelize.Style{Font: font(9, false, xlInk), Border: grid, Alignment: top("center", false), NumFmt: 1})
	s.totalLabel = b.style(&excelize.Style{Font: font(9, true, xlInk), Fill: xlSolid(xlShade), Border: grid, Alignment: top("left", false)})
	s.legend = b.style(&excelize.Style{Font: font(9, false, xlInk)})
	s.ganttHead = b.style(&excelize.Style{Font: font(8, true, xlWhite), Fill: xlSolid(xlHead), Border: xlBorder(xlWhite),
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	s.ganttYear = b.style(&excelize.Style{Font: font(9, true, xlWhite), Fill: xlSolid(xlHead), Border: xlBorder(xlWhite),
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	s.ganttEmpty = b.style(&excelize.Style{Border: grid})
	for i, c := range []string{xlShade, xlPhase1, xlPhase2, xlPhase3} {
		s.phase[i] = b.style(&excelize.Style{Fill: xlSolid(c), Border: xlBorder(xlWhite)})
	}
	s.flag = b.style(&excelize.Style{Font: font(9, true, xlRestrict), Fill: xlSolid("FBE3E3"), Border: grid, Alignment: top("left", true)})
	s.ok = b.style(&excelize.Style{Font: font(9, false, "1E5E2E"), Border: grid, Alignment: top("left", true)})

	cf := func(fg, bg string, bold bool) int {
		st := &excelize.Style{Font: &excelize.Font{Color: fg, Bold: bold}}
		if bg != "" {
			st.Fill = xlSolid(bg)
		}
		return b.condStyle(st)
	}
	s.cfHigh = cf("9B1C1C", "F8D7DA", true)
	s.cfMedium = cf("7A4B00", "FFE8B3", true)
	s.cfLow = cf("1E5E2E", "D8EFD9", false)
	s.cfDone = cf("1E5E2E", "D8EFD9", true)
	s.cfOngoing = cf("163E63", "DCE9F5", false)
	s.cfDelayed = cf("7A4B00", "FFE8B3", true)
	s.cfCancelled = b.condStyle(&excelize.Style{Font: &excelize.Font{Color: "8A8F94", Strike: true}, Fill: xlSolid("EDEDED")})
	s.cfGap = cf("9B1C1C", "", true)
	s.cfSecured = cf("1E5E2E", "", true)
	s.cfRestricted = cf(xlRestrict, "", true)
	s.cfWhite = b.condStyle(&excelize.Style{Fill: xlSolid(xlWhite)})
	for i, c := range []string{xlShade, xlPhase1, xlPhase2, xlPhase3} {
		s.cfPhase[i] = b.condStyle(&excelize.Style{Fill: xlSolid(c)})
	}
}

// quoteStyle returns a copy of a cell style with the quote prefix set, so
// that Excel and LibreOffice keep the cell's content as text even when a
// user edits it. excelize has no option for it, so the format record is
// copied and flagged directly.
func (b *xlBook) quoteStyle(id int) int {
	if q, ok := b.quoted[id]; ok {
		return q
	}
	ss := b.f.Styles
	if ss == nil || ss.CellXfs == nil || id < 0 || id >= len(ss.CellXfs.Xf) {
		return id
	}
	xf := ss.CellXfs.Xf[id]
	yes := true
	xf.QuotePrefix = &yes
	ss.CellXfs.Xf = append(ss.CellXfs.Xf, xf)
	ss.CellXfs.Count = len(ss.CellXfs.Xf)
	q := len(ss.CellXfs.Xf) - 1
	b.quoted[id], b.info[q] = q, b.info[id]
	return q
}

// xlFormulaLike reports whether a text would be read as a formula (or a DDE
// payload) by a spreadsheet if it were typed or pasted into a cell.
func xlFormulaLike(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case '=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠':
		return true
	}
	return false
}

// xlClean makes a text safe for a cell: valid XML characters only, line
// breaks as \n, at most Excel's 32,767 characters.
func xlClean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	clean := strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\t' || r == '\n':
			return r
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF, r == utf8.RuneError:
			return -1
		}
		return r
	}, s)
	if utf8.RuneCountInString(clean) > 32000 {
		clean = string([]rune(clean)[:31999]) + "…"
	}
	return clean
}

// txt is a text cell. It is always written as a string (an inline string,
// never a formula); a text that looks like a formula also gets the quote
// prefix.
func (b *xlBook) txt(s string, style int) excelize.Cell {
	if xlFormulaLike(s) {
		style = b.quoteStyle(style)
	}
	return excelize.Cell{StyleID: style, Value: xlClean(s)}
}

func xlNum(v float64, style int) excelize.Cell { return excelize.Cell{StyleID: style, Value: v} }

// fx is a formula cell with its value as computed here, so that viewers that
// do not recalculate still show the right figures.
func xlFx(formula string, cached any, style int) excelize.Cell {
	return excelize.Cell{StyleID: style, Formula: formula, Value: cached}
}

func xlBlank(style int) excelize.Cell { return excelize.Cell{StyleID: style} }

// xlRef quotes a sheet name for a formula: 'Action plan'!N5.
func xlRef(sheet, cell string) string {
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + cell
}

func xlCol(n int) string {
	s, _ := excelize.ColumnNumberToName(n)
	return s
}

func xlCell(col, row int) string { return fmt.Sprintf("%s%d", xlCol(col), row) }

func xlAbs(col, row int) string { return fmt.Sprintf("$%s$%d", xlCol(col), row) }

// xlSheet writes one worksheet row by row through a stream writer, and
// estimates the height of rows with wrapped text, which neither Excel nor
// LibreOffice fits on opening.
type xlSheet struct {
	b      *xlBook
	name   string
	title  string
	sw     *excelize.StreamWriter
	row    int
	widths []float64
	// minHeight is the least height of a row whose height is estimated.
	minHeight float64
}

func (b *xlBook) newSheet(name, title string, widths []float64, panes *excelize.Panes, hiddenCols ...int) *xlSheet {
	s := &xlSheet{b: b, name: name, title: title, widths: widths}
	if b.err != nil {
		return s
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		b.fail(err)
		return s
	}
	s.sw = sw
	for i, w := range widths {
		b.fail(sw.SetColWidth(i+1, i+1, w))
	}
	for _, c := range hiddenCols {
		b.fail(sw.SetColVisible(c, c, false))
	}
	if panes != nil {
		b.fail(sw.SetPanes(panes))
	}
	return s
}

// put writes the next row. A height of 0 estimates it from the wrapped
// text of the cells; a negative height leaves the default.
func (s *xlSheet) put(height float64, cells ...excelize.Cell) int {
	s.row++
	if s.sw == nil || s.b.err != nil {
		return s.row
	}
	if height == 0 {
		height = s.height(cells)
	}
	vals := make([]any, len(cells))
	for i := range cells {
		vals[i] = cells[i]
	}
	var opts []excelize.RowOpts
	if height > 0 {
		opts = append(opts, excelize.RowOpts{Height: math.Min(height, 409)})
	}
	s.b.fail(s.sw.SetRow(xlCell(1, s.row), vals, opts...))
	return s.row
}

func (s *xlSheet) skip(n int) { s.row += n }

func (s *xlSheet) merge(from, to string) {
	if s.sw != nil {
		s.b.fail(s.sw.MergeCell(from, to))
	}
}

// height estimates a row's height in points: the most lines any wrapped
// cell needs at its column's width, times the line height of its font.
func (s *xlSheet) height(cells []excelize.Cell) float64 {
	h := 0.0
	for i, c := range cells {
		text, ok := c.Value.(string)
		if !ok || i >= len(s.widths) {
			continue
		}
		info := s.b.info[c.StyleID]
		if !info.wrap {
			continue
		}
		lines := xlLines(text, s.widths[i], info.size, info.bold)
		h = math.Max(h, float64(lines)*xlLineHeight(info.size)+3)
	}
	h = math.Max(h, s.minHeight)
	if h == 0 {
		return -1
	}
	return math.Ceil(h*4) / 4
}

func xlLineHeight(size float64) float64 { return size*1.2 + 0.3 }

// xlArial holds the advance widths of Arial (and its metric twin Liberation
// Sans) for printable ASCII, in thousandths of an em.
var xlArial = [95]uint16{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 to ?
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ to O
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P to _
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` to o
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p to ~
}

func xlRuneWidth(r rune) float64 {
	switch {
	case r >= 32 && r < 127:
		return float64(xlArial[r-32])
	case r == '—' || r == '→' || r == '…':
		return 1000
	case r == '–':
		return 556
	case r == '•':
		return 350
	case r == '‘' || r == '’':
		return 222
	case r >= 0x2E80:
		return 1000
	}
	return 600
}

// xlLines estimates how many lines a text wraps to in a column of the given
// width (Excel character units) at a font size, with Excel's word wrap.
func xlLines(text string, width, size float64, bold bool) int {
	// A column of width w shows about 7w pixels of text at 96 dpi; keep a
	// margin for renderers that set type a little wider.
	avail := width * 7 * 0.75 * 0.95
	scale := size / 1000
	if bold {
		scale *= 1.08
	}
	spaceW := 278 * scale
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		lines++
		lineW := 0.0
		for i, word := range strings.Split(para, " ") {
			ww := 0.0
			for _, r := range word {
				ww += xlRuneWidth(r) * scale
			}
			if i > 0 && lineW > 0 {
				if lineW+spaceW+ww <= avail {
					lineW += spaceW + ww
					continue
				}
				lines++
				lineW = 0
			}
			// A word longer than the line breaks across lines.
			for ww > avail {
				lines++
				ww -= avail
			}
			lineW = ww
		}
	}
	return lines
}

// setup finishes a sheet: page set-up for printing and the edition marking
// in the header and footer, then it flushes the stream. Worksheet settings
// (filters, validations, conditional formats, comments, charts, page set-up)
// must be made before the flush: the stream writer appends them from the
// worksheet at that moment, and it ignores any change made afterwards.
func (s *xlSheet) setup(orientation string, paper, fitWidth, fitHeight int, printTitles string) {
	b, f := s.b, s.b.f
	if b.err != nil {
		return
	}
	order := "overThenDown"
	b.fail(f.SetPageLayout(s.name, &excelize.PageLayoutOptions{Size: &paper, Orientation: &orientation, FitToWidth: &fitWidth,
		FitToHeight: &fitHeight, PageOrder: &order}))
	m, hf := 0.4, 0.2
	b.fail(f.SetPageMargins(s.name, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &m, Bottom: &m, Header: &hf, Footer: &hf}))
	if printTitles != "" {
		b.fail(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: xlRef(s.name, printTitles), Scope: s.name}))
	}
	colour := "606870"
	if b.o.Edition == Restricted {
		colour = xlRestrict
	}
	esc := func(t string) string { return strings.ReplaceAll(t, "&", "&&") }
	head := "&L&\"Arial,Bold\"&9&K" + colour + esc(b.o.Edition.Marking()) + "&R&\"Arial,Regular\"&8&K" + xlMuted + esc(xlShort(s.title, 90))
	foot := "&L&\"Arial,Regular\"&8&K" + xlMuted + esc(xlShort(b.stateName()+" — national IBM action plan "+b.period()+" — generated "+b.o.generatedText(), 150)) +
		"&R&\"Arial,Regular\"&8&K" + xlMuted + "Page &P of &N"
	b.fail(f.SetHeaderFooter(s.name, &excelize.HeaderFooterOptions{OddHeader: head, OddFooter: foot}))
	s.flush()
}

func xlShort(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

func (b *xlBook) stateName() string {
	if b.a.StateName != "" {
		return b.a.StateName
	}
	return b.a.State
}

func (b *xlBook) period() string { return fmt.Sprintf("%d–%d", b.p.StartYear, b.p.EndYear) }

// head writes a sheet's title area: the title, the edition marking and a
// note, on rows 1 to 3.
func (s *xlSheet) head(note string) {
	b := s.b
	s.put(22, b.txt(s.title, b.st.title))
	s.put(16, b.txt(b.o.Edition.Marking()+"   ·   "+b.stateName()+" — "+b.a.Title+"   ·   generated "+b.o.generatedText()+" by bordergap", b.st.marking))
	if note != "" {
		s.put(15, b.txt(note, b.st.note))
	}
}

func (s *xlSheet) flush() {
	if s.sw != nil && s.b.err == nil {
		s.b.fail(s.sw.Flush())
	}
}

// fill replaces the placeholders of the framework's templates.
func (b *xlBook) fill(text string, pa *assessment.PlanAction) string {
	if !strings.Contains(text, "{") {
		return text
	}
	body := b.a.Profile.CoordinationBody
	if body == "" {
		body = "the national IBM coordination body"
	}
	lead := "the lead institution"
	if pa != nil && pa.Lead != "" {
		lead = pa.Lead
	}
	capName := ""
	if pa != nil && pa.Capacity != nil && pa.Capacity.Title != "" {
		capName = strings.ToLower(pa.Capacity.Title[:1]) + pa.Capacity.Title[1:]
	}
	return strings.NewReplacer("{country}", b.stateName(), "{coordination_body}", body, "{lead}", lead,
		"{end_year}", fmt.Sprint(b.p.StartYear+assessment.PlanHorizon/12-1), "{capacity}", capName).Replace(text)
}

func (b *xlBook) objective(pa *assessment.PlanAction) string {
	text := pa.Pillar.Objective
	for _, o := range b.p.Objectives {
		if o.Pillar == pa.Pillar && o.Text != "" {
			text = o.Text
		}
	}
	return "SO-" + pa.Pillar.Code + " — " + b.fill(text, pa)
}

func (b *xlBook) specific(pa *assessment.PlanAction) string {
	text := pa.Capacity.Objective
	if text == "" {
		text = pa.Capacity.Title
	}
	return "SpO-" + pa.Capacity.ID + " — " + b.fill(text, pa)
}

// restrictedIndicator reports whether an indicator id belongs to the
// restricted annex and must stay out of a public edition.
func (b *xlBook) hiddenIndicator(id string) bool {
	ind := b.fw.Indicator(id)
	return ind != nil && !b.o.Edition.Includes(ind.Restricted)
}

// scrub removes from a framework library text (a risk, a mitigation) the
// ids of indicators a public edition leaves out: "Integrity measures
// (HRD.3.1); rotation" becomes "Integrity measures; rotation".
func (b *xlBook) scrub(text string) string {
	if b.o.Edition == Restricted {
		return text
	}
	for _, r := range b.hidden {
		id := r.Indicator.ID
		if !strings.Contains(text, id) {
			continue
		}
		text = strings.ReplaceAll(text, " ("+id+")", "")
		text = strings.ReplaceAll(text, "("+id+")", "")
		text = strings.ReplaceAll(text, id, "")
	}
	return text
}

func (b *xlBook) lead(pa *assessment.PlanAction) string {
	if pa.Lead != "" {
		return pa.Lead
	}
	var codes []string
	for _, c := range pa.Unmapped {
		if slices.Contains(pa.Indicator.Lead, c) {
			codes = append(codes, c)
		}
	}
	if len(codes) == 0 {
		codes = pa.Indicator.Lead
	}
	return "UNMAPPED: " + strings.Join(codes, ", ") + " — map in the country profile"
}

func (b *xlBook) partners(pa *assessment.PlanAction) string {
	lines := append([]string(nil), pa.Partners...)
	var unmapped []string
	for _, c := range pa.Unmapped {
		if pa.Lead == "" && slices.Contains(pa.Indicator.Lead, c) {
			continue // reported in the lead column
		}
		unmapped = append(unmapped, c)
	}
	if len(unmapped) > 0 {
		lines = append(lines, "Unmapped role codes: "+strings.Join(unmapped, ", ")+" (map in the country profile)")
	}
	return strings.Join(lines, "\n")
}

func (b *xlBook) subActivities(pa *assessment.PlanAction) string {
	var lines []string
	for i, s := range pa.SubActivities {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, b.fill(s, pa)))
	}
	return strings.Join(lines, "\n")
}

func xlKPI(k assessment.KPIValue) string {
	if k.Name == "" {
		return ""
	}
	s := k.Name
	if k.Unit != "" {
		s += " (" + k.Unit + ")"
	}
	return s + ": baseline " + k.Baseline + " → target " + k.Target
}

func (b *xlBook) outcome(pa *assessment.PlanAction) string {
	var lines []string
	if s := xlKPI(pa.OutcomeKPI); s != "" {
		lines = append(lines, s)
	}
	m := pa.MaturityKPI
	lines = append(lines, fmt.Sprintf("Maturity %s %s: level %s → %s", pa.Indicator.ID, pa.Indicator.Title, m.Baseline, m.Target))
	return strings.Join(lines, "\n")
}

func (b *xlBook) dependencies(pa *assessment.PlanAction) string {
	var ids []string
	for _, d := range pa.Dependencies {
		if b.in[d] {
			ids = append(ids, d)
		}
	}
	var lines []string
	if len(ids) > 0 {
		lines = append(lines, strings.Join(ids, ", "))
	}
	for _, pre := range pa.Prerequisites {
		if id, _, _ := strings.Cut(pre, " "); b.hiddenIndicator(id) {
			continue
		}
		lines = append(lines, "Not planned: "+pre)
	}
	if pa.PendingFunding {
		lines = append(lines, "Pending funding: starts only when funding is secured or pledged")
	}
	for _, w := range pa.Warnings {
		lines = append(lines, "Warning: "+w)
	}
	return strings.Join(lines, "\n")
}

func (b *xlBook) risks(pa *assessment.PlanAction) string {
	var lines []string
	for _, r := range pa.Risks {
		lines = append(lines, fmt.Sprintf("%s %s (likelihood %s, impact %s)", r.ID, b.scrub(r.Risk), strings.ToLower(r.Likelihood), strings.ToLower(r.Impact)))
	}
	return strings.Join(lines, "\n")
}

func (b *xlBook) citation(ref assessment.Reference) string {
	c := b.fw.Cite(ref)
	if ref.Binding {
		c += " (binding)"
	}
	return c
}

func (b *xlBook) linked(pa *assessment.PlanAction) string {
	ind := pa.Indicator
	lines := []string{fmt.Sprintf("%s %s (weight %d)", ind.ID, ind.Title, ind.Weight)}
	var refs []string
	for _, r := range ind.References {
		refs = append(refs, b.citation(r))
	}
	if len(refs) > 0 {
		lines = append(lines, strings.Join(refs, "; "))
	}
	return strings.Join(lines, "\n")
}

func (b *xlBook) safeguard(pa *assessment.PlanAction) string {
	s := "No"
	if pa.Safeguard != "" {
		s = "Yes — " + strings.TrimPrefix(pa.Safeguard, "Safeguard: ")
	}
	if pa.HRDDP {
		s += "\nHRDDP: yes (UN funding: human-rights due diligence policy applies)"
	} else {
		s += "\nHRDDP: no"
	}
	return s
}

func (b *xlBook) notes(pa *assessment.PlanAction) string {
	var lines []string
	if pa.Note != "" {
		lines = append(lines, pa.Note)
	}
	if len(pa.Adjusted) > 0 {
		lines = append(lines, "Adjusted by the lead assessor: "+strings.Join(pa.Adjusted, ", "))
	}
	return strings.Join(lines, "\n")
}

func xlSensitivity(restricted bool) string {
	if restricted {
		return "restricted"
	}
	return "public"
}

func (b *xlBook) fundingSource(pa *assessment.PlanAction) string {
	if strings.TrimSpace(pa.FundingSource) == "" {
		return "To be identified"
	}
	return pa.FundingSource
}

// startDate and endDate are the first day of an action's first month and
// the last day of its last month; the quarters, the Gantt and the yearly
// spread of the cost are formulas over them.
func (b *xlBook) startDate(pa *assessment.PlanAction) time.Time {
	return time.Date(b.p.StartYear, time.January+time.Month(pa.Start), 1, 0, 0, 0, 0, time.UTC)
}

func (b *xlBook) endDate(pa *assessment.PlanAction) time.Time {
	end := max(pa.End, pa.Start+1)
	return time.Date(b.p.StartYear, time.Month(end)+1, 0, 0, 0, 0, 0, time.UTC)
}

// months returns an action's start month and end month (exclusive) as
// absolute month numbers (year × 12 + month − 1), as the Cost by year sheet
// computes them.
func (b *xlBook) months(pa *assessment.PlanAction) (int, int) {
	s := b.p.StartYear*12 + pa.Start
	return s, max(s+1, b.p.StartYear*12+pa.End)
}

func (b *xlBook) cost(pa *assessment.PlanAction) float64 {
	if pa.Status == assessment.StatusCancelled {
		return 0
	}
	return pa.Cost
}

// spread returns the cost of an action in each plan year and outside them,
// as the Cost by year formulas compute it.
func (b *xlBook) spread(pa *assessment.PlanAction) ([]float64, float64) {
	s, e := b.months(pa)
	c := b.cost(pa)
	out := make([]float64, len(b.years))
	rest := c
	for i, y := range b.years {
		overlap := max(0, min(e, 12*y+12)-max(s, 12*y))
		out[i] = c * float64(overlap) / float64(e-s)
		rest -= out[i]
	}
	// Rounded to the cent, as the sheet does, so that float residue does
	// not show as "-USD 0".
	return out, math.Round(rest*100)/100 + 0
}

func (b *xlBook) quarterFormula(dateCol, row int) string {
	d := xlCell(dateCol, row)
	// CONCATENATE rather than &: excelize's calculation engine misreads &
	// inside IF.
	return fmt.Sprintf(`IF(%s="","",CONCATENATE("Q",INT((MONTH(%s)+2)/3)," ",YEAR(%s)))`, d, d, d)
}

// actionPlanSheet writes the Action plan: one row per action of the
// edition with the columns of DOMAIN C.5.
func (b *xlBook) actionPlanSheet() error {
	cols := b.actionColumns()
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = c.width
	}
	s := b.newSheet(SheetActionPlan, "National IBM action plan "+b.period()+" — "+b.stateName(), widths,
		&excelize.Panes{Freeze: true, XSplit: 1, YSplit: xlHeadRow, TopLeftCell: xlCell(2, xlFirstRow), ActivePane: "bottomRight",
			Selection: []excelize.Selection{{SQRef: xlCell(2, xlFirstRow), ActiveCell: xlCell(2, xlFirstRow), Pane: "bottomRight"}}})
	s.head(fmt.Sprintf("%d actions. Choose Status, Funding status and Priority from the lists. Start and End follow the dates in columns %s–%s, and so do the Gantt and the budget. Estimated cost: indicative, in %s; capital/running split not estimated.",
		len(b.acts), xlCol(xlAStartDate), xlCol(xlAEndDate), b.currency))
	heads := make([]excelize.Cell, len(cols))
	for i, c := range cols {
		st := b.st.head
		if i+1 >= xlAStartDate {
			st = b.st.headHelper
		}
		heads[i] = b.txt(c.head, st)
	}
	s.put(0, heads...)
	st := &b.st
	for _, pa := range b.acts {
		r := s.row + 1
		leadStyle := st.text
		if pa.Lead == "" {
			leadStyle = st.flag
		}
		cells := []excelize.Cell{
			b.txt(pa.ID, st.textBold),
			b.txt(b.objective(pa), st.text),
			b.txt(b.specific(pa), st.text),
			b.txt(b.fill(pa.Text, pa), st.text),
			b.txt(b.subActivities(pa), st.text),
			b.txt(b.lead(pa), leadStyle),
			b.txt(b.partners(pa), st.text),
			b.txt(strings.Join(pa.International, "\n"), st.text),
			xlFx(b.quarterFormula(xlAStartDate, r), b.p.Quarter(pa.Start), st.text),
			xlFx(b.quarterFormula(xlAEndDate, r), b.p.EndQuarter(max(pa.End, pa.Start+1)), st.text),
			b.txt(b.fill(pa.Output, pa), st.text),
			b.txt(b.outcome(pa), st.text),
			b.txt(pa.Verification, st.text),
			xlNum(pa.Cost, st.money),
			b.txt(b.fundingSource(pa), st.text),
			b.txt(string(pa.FundingStatus), st.textCenter),
			b.txt(string(pa.Priority), st.textCenter),
			b.txt(b.dependencies(pa), st.text),
			b.txt(b.risks(pa), st.text),
			b.txt(b.linked(pa), st.text),
			b.txt(b.safeguard(pa), st.text),
			b.txt(xlSensitivity(pa.Restricted), st.textCenter),
			b.txt(string(pa.Status), st.textCenter),
			b.txt(b.notes(pa), st.text),
			{StyleID: st.date, Value: b.startDate(pa)},
			{StyleID: st.date, Value: b.endDate(pa)},
			b.txt(pa.Pillar.Code, st.helperText),
		}
		s.put(0, cells...)
	}
	if b.err != nil {
		return b.err
	}
	f, name := b.f, SheetActionPlan
	last := max(b.lastAP, xlFirstRow)
	b.fail(f.AutoFilter(name, xlCell(1, xlHeadRow)+":"+xlCell(xlALastCol, last), nil))
	colRange := func(c int) string { return xlCell(c, xlFirstRow) + ":" + xlCell(c, last) }
	for _, l := range []struct {
		col         int
		name, title string
	}{
		{xlAStatus, NameListStatus, "Status"},
		{xlAFundingStatus, NameListFundingStatus, "Funding status"},
		{xlAPriority, NameListPriority, "Priority"},
		{xlASensitivity, NameListSensitivity, "Sensitivity"},
	} {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = colRange(l.col)
		dv.SetSqrefDropList(l.name)
		dv.SetError(excelize.DataValidationErrorStyleStop, l.title, "Choose a value from the list.")
		b.fail(f.AddDataValidation(name, dv))
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = colRange(xlACost)
	b.fail(dv.SetRange(0, 1e12, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
	dv.SetError(excelize.DataValidationErrorStyleStop, "Estimated cost", "Enter an amount of 0 or more.")
	b.fail(f.AddDataValidation(name, dv))
	dv = excelize.NewDataValidation(true)
	dv.Sqref = colRange(xlAStartDate) + " " + colRange(xlAEndDate)
	b.fail(dv.SetRange(36526, 73050, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween)) // 2000–2099
	dv.SetError(excelize.DataValidationErrorStyleStop, "Date", "Enter a date, for example 1 July 2028.")
	b.fail(f.AddDataValidation(name, dv))

	eq := func(v string, style int) excelize.ConditionalFormatOptions {
		return excelize.ConditionalFormatOptions{Type: "cell", Criteria: "==", Value: `"` + v + `"`, Format: &style}
	}
	b.fail(f.SetConditionalFormat(name, colRange(xlAPriority), []excelize.ConditionalFormatOptions{
		eq("High", st.cfHigh), eq("Medium", st.cfMedium), eq("Low", st.cfLow)}))
	b.fail(f.SetConditionalFormat(name, colRange(xlAStatus), []excelize.ConditionalFormatOptions{
		eq("completed", st.cfDone), eq("ongoing", st.cfOngoing), eq("delayed", st.cfDelayed), eq("cancelled", st.cfCancelled)}))
	b.fail(f.SetConditionalFormat(name, colRange(xlAFundingStatus), []excelize.ConditionalFormatOptions{
		eq("gap", st.cfGap), eq("secured", st.cfSecured), eq("pledged", st.cfSecured)}))
	b.fail(f.SetConditionalFormat(name, colRange(xlASensitivity), []excelize.ConditionalFormatOptions{eq("restricted", st.cfRestricted)}))

	comment := func(col int, text string) {
		b.fail(f.AddComment(name, excelize.Comment{Author: "bordergap", Cell: xlCell(col, xlHeadRow), Width: 300, Height: 110,
			Paragraph: []excelize.RichTextRun{{Text: text, Font: &excelize.Font{Family: "Arial", Size: 9}}}}))
	}
	comment(xlACost, fmt.Sprintf("Indicative planning amount in %s: the framework's default per cost class (S %s, M %s, L %s; a range such as S–M takes the midpoint) unless the lead assessor adjusted it. Capital/running split not estimated.",
		b.currency, FormatMoney(b.p.Costs.S, ""), FormatMoney(b.p.Costs.M, ""), FormatMoney(b.p.Costs.L, "")))
	comment(xlAStart, fmt.Sprintf("Computed from the Start date in column %s. Change the date there: the quarter, the Gantt and the yearly budget follow.", xlCol(xlAStartDate)))
	comment(xlAEnd, fmt.Sprintf("Computed from the End date in column %s. Change the date there: the quarter, the Gantt and the yearly budget follow.", xlCol(xlAEndDate)))
	comment(xlAStartDate, "Planning data: the Start and End quarters, the Gantt and the Cost by year sheet are computed from these dates. The cost is spread evenly over the months from the start date to the end date.")
	comment(xlAPriority, "High, Medium or Low, from the priority index of the gap (gap × weight × threat factor). A binding obligation scored 0 or 1 is always High.")
	// Printed on A3, two pages wide, with the AP-ID column and the header
	// row on every page; the title rows stay on screen (the page header
	// carries the marking and the title).
	b.fail(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: name,
		RefersTo: xlRef(name, xlAbs(1, xlHeadRow)+":"+xlAbs(xlALastCol, last))}))
	s.setup("landscape", 8, 2, 0, fmt.Sprintf("$A:$A,%s", xlRef(name, fmt.Sprintf("$%d:$%d", xlHeadRow, xlHeadRow))))
	return b.err
}

// indicatorsSheet writes the monitoring framework (DOMAIN C.7): outcome KPIs
// per strategic objective, then output and maturity indicators per action.
func (b *xlBook) indicatorsSheet() error {
	s := b.newSheet(SheetIndicators, "Indicators and KPIs — monitoring framework", []float64{15.5, 40, 36, 16, 30, 30, 30}, nil)
	st := &b.st
	s.head("Outcome KPIs per strategic objective (baselines measured in year 1 of the plan), and per action its output indicator and the maturity level it aims at.")
	s.skip(1)
	s.put(20, b.txt("Outcome KPIs by strategic objective", st.section))
	s.put(0, b.txt("Objective", st.head), b.txt("Strategic objective", st.head), b.txt("Outcome KPI", st.head), b.txt("Unit", st.head),
		b.txt("Source", st.head), b.txt("Baseline", st.head), b.txt("Target", st.head))
	for _, o := range b.p.Objectives {
		if !b.o.Edition.Includes(o.Restricted) {
			continue
		}
		for i, k := range o.KPIs {
			so := ""
			if i == 0 {
				so = b.fill(o.Text, nil)
			}
			s.put(0, b.txt(o.Code, st.textBold), b.txt(so, st.text), b.txt(k.Name, st.text), b.txt(k.Unit, st.text),
				b.txt(k.Source, st.text), b.txt(k.Baseline, st.text), b.txt(k.Target, st.text))
		}
	}
	s.skip(1)
	s.put(20, b.txt("Output and maturity indicators by action", st.section))
	head := s.put(0, b.txt("AP-ID", st.head), b.txt("Activity", st.head), b.txt("Output indicator", st.head), b.txt("Maturity level", st.head),
		b.txt("Linked indicator", st.head), b.txt("Outcome KPI (pillar)", st.head), b.txt("Means of verification", st.head))
	for _, pa := range b.acts {
		m := pa.MaturityKPI
		s.put(0, b.txt(pa.ID, st.textBold), b.txt(b.fill(pa.Text, pa), st.text), b.txt(b.fill(pa.Output, pa), st.text),
			b.txt("level "+m.Baseline+" → "+m.Target, st.textCenter), b.txt(pa.Indicator.ID+" "+pa.Indicator.Title, st.text),
			b.txt(xlKPI(pa.OutcomeKPI), st.text), b.txt(pa.Verification, st.text))
	}
	if len(b.acts) > 0 && b.err == nil {
		b.fail(b.f.AutoFilter(s.name, xlCell(1, head)+":"+xlCell(7, s.row), nil))
	}
	s.setup("landscape", 9, 1, 0, "")
	return b.err
}

// costByYearSheet writes the calculation sheet behind the budget: one row
// per action, on the same row as on the Action plan, whose cells are
// formulas over the Action plan: cost, start and end month, and the cost of
// each year, spread evenly over the months (DOMAIN C.6 rule 5).
func (b *xlBook) costByYearSheet() error {
	ny := len(b.years)
	widths := []float64{15.5, 16, 18, 11, 11, 10, 14, 10, 10}
	for range b.years {
		widths = append(widths, 13)
	}
	widths = append(widths, 13)
	s := b.newSheet(SheetCostByYear, "Cost by year — calculation sheet", widths,
		&excelize.Panes{Freeze: true, XSplit: 1, YSplit: xlHeadRow, TopLeftCell: xlCell(2, xlFirstRow), ActivePane: "bottomRight"})
	st := &b.st
	s.head("Each row reads the same row of the Action plan; the cost is spread evenly over the months from the start date to the end date. Copy a row's formulas down when you add an action there. Indicative figures, for planning only.")
	cOut := xlCYear0 + ny
	heads := []excelize.Cell{b.txt("AP-ID", st.head), b.txt("Pillar", st.head), b.txt("Funding source", st.head), b.txt("Funding status", st.head),
		b.txt("Status", st.head), b.txt("Committed (secured or pledged)", st.head), b.txt("Cost ("+b.currency+")", st.head),
		b.txt("Start (month no.)", st.headHelper), b.txt("End (month no., excl.)", st.headHelper)}
	for _, y := range b.years {
		heads = append(heads, xlNum(float64(y), st.headNum))
	}
	heads = append(heads, b.txt("Outside plan years", st.head))
	s.put(0, heads...)
	ap := func(col, row int) string { return xlRef(SheetActionPlan, xlCell(col, row)) }
	for _, pa := range b.acts {
		r := s.row + 1
		start, end := b.months(pa)
		committed := "no"
		if pa.FundingStatus.Committed() {
			committed = "yes"
		}
		share, rest := b.spread(pa)
		cells := []excelize.Cell{
			xlFx(ap(xlAID, r)+`&""`, pa.ID, st.textNoWrap),
			xlFx(ap(xlAPillar, r)+`&""`, pa.Pillar.Code, st.textNoWrap),
			xlFx(ap(xlAFundingSource, r)+`&""`, b.fundingSource(pa), st.textNoWrap),
			xlFx(ap(xlAFundingStatus, r)+`&""`, string(pa.FundingStatus), st.textNoWrap),
			xlFx(ap(xlAStatus, r)+`&""`, string(pa.Status), st.textNoWrap),
			xlFx(fmt.Sprintf(`IF(OR(%s="secured",%s="pledged"),"yes","no")`, xlCell(xlCFStatus, r), xlCell(xlCFStatus, r)), committed, st.textNoWrap),
			xlFx(fmt.Sprintf(`IF(%s="cancelled",0,N(%s))`, xlCell(xlCStatus, r), ap(xlACost, r)), b.cost(pa), st.money),
			xlFx(fmt.Sprintf("YEAR(%s)*12+MONTH(%s)-1", ap(xlAStartDate, r), ap(xlAStartDate, r)), start, st.integer),
			xlFx(fmt.Sprintf("MAX(%s+1,YEAR(%s)*12+MONTH(%s))", xlCell(xlCStart, r), ap(xlAEndDate, r), ap(xlAEndDate, r)), end, st.integer),
		}
		for i := range b.years {
			yc := xlCol(xlCYear0+i) + fmt.Sprintf("$%d", xlHeadRow)
			cells = append(cells, xlFx(fmt.Sprintf("$%s*MAX(0,MIN($%s,12*%s+12)-MAX($%s,12*%s))/($%s-$%s)",
				xlCell(xlCCost, r), xlCell(xlCEnd, r), yc, xlCell(xlCStart, r), yc, xlCell(xlCEnd, r), xlCell(xlCStart, r)), share[i], st.money))
		}
		cells = append(cells, xlFx(fmt.Sprintf("ROUND(%s-SUM(%s:%s),2)", xlCell(xlCCost, r), xlCell(xlCYear0, r), xlCell(cOut-1, r)), rest, st.money))
		s.put(-1, cells...)
	}
	// The restricted annex of a public edition: one aggregate row per kind
	// of funding, so that the totals still match the strategy.
	for _, g := range b.hiddenGroups() {
		r := s.row + 1
		cells := []excelize.Cell{b.txt("Restricted annex", st.textNoWrap), b.txt(xlAnnex, st.textNoWrap), b.txt(g.source, st.textNoWrap),
			b.txt(g.status, st.textNoWrap), xlBlank(st.textNoWrap), b.txt(g.committed, st.textNoWrap), xlNum(g.total, st.money),
			xlBlank(st.integer), xlBlank(st.integer)}
		for i := range b.years {
			cells = append(cells, xlNum(g.years[i], st.money))
		}
		cells = append(cells, xlFx(fmt.Sprintf("ROUND(%s-SUM(%s:%s),2)", xlCell(xlCCost, r), xlCell(xlCYear0, r), xlCell(cOut-1, r)), g.outside, st.money))
		s.put(-1, cells...)
	}
	last := s.row
	tot := []excelize.Cell{b.txt("Total", st.totalLabel)}
	for c := xlCPillar; c < xlCCost; c++ {
		tot = append(tot, xlBlank(st.totalLabel))
	}
	sums := b.costTotals()
	for c := xlCCost; c <= cOut; c++ {
		if c == xlCStart || c == xlCEnd {
			tot = append(tot, xlBlank(st.totalLabel))
			continue
		}
		v := sums.total
		switch {
		case c >= xlCYear0 && c < cOut:
			v = sums.years[c-xlCYear0]
		case c == cOut:
			v = sums.outside
		}
		tot = append(tot, xlFx(fmt.Sprintf("SUM(%s:%s)", xlCell(c, xlFirstRow), xlCell(c, max(last, xlFirstRow))), v, st.moneyTotal))
	}
	s.put(-1, tot...)
	s.setup("landscape", 9, 1, 0, fmt.Sprintf("$%d:$%d", xlHeadRow, xlHeadRow))
	return b.err
}

// Columns of the Cost by year sheet; the plan years follow xlCYear0, then a
// column for the cost that falls outside them.
const (
	xlCID = iota + 1
	xlCPillar
	xlCSource
	xlCFStatus
	xlCStatus
	xlCCommitted
	xlCCost
	xlCStart
	xlCEnd
	xlCYear0
)

// xlAnnex is the pillar label of the restricted annex's aggregate rows.
const xlAnnex = "Restricted annex (not itemised)"

type xlGroup struct {
	source, status, committed string
	total, outside            float64
	years                     []float64
}

// hiddenGroups sums the restricted actions left out of a public edition by
// kind of funding: national committed, other committed, not committed.
func (b *xlBook) hiddenGroups() []xlGroup {
	groups := []xlGroup{
		{source: assessment.NationalBudget, status: "secured or pledged", committed: "yes"},
		{source: "Other sources", status: "secured or pledged", committed: "yes"},
		{source: "Not yet secured", status: "gap", committed: "no"},
	}
	for i := range groups {
		groups[i].years = make([]float64, len(b.years))
	}
	for _, pa := range b.hidden {
		g := &groups[2]
		switch {
		case !pa.FundingStatus.Committed():
		case strings.EqualFold(pa.FundingSource, assessment.NationalBudget):
			g = &groups[0]
		default:
			g = &groups[1]
		}
		ys, _ := b.spread(pa)
		g.total += b.cost(pa)
		for i, v := range ys {
			g.years[i] += v
		}
	}
	var out []xlGroup
	for _, g := range groups {
		sum := 0.0
		for _, v := range g.years {
			sum += v
		}
		g.outside = math.Round((g.total-sum)*100)/100 + 0
		if g.total != 0 {
			out = append(out, g)
		}
	}
	return out
}

// xlSums are cost totals computed here as the formulas compute them.
type xlSums struct {
	total, outside float64
	years          []float64
}

func (b *xlBook) sumOf(match func(pa *assessment.PlanAction, national, committed bool) bool, withHidden bool) xlSums {
	s := xlSums{years: make([]float64, len(b.years))}
	add := func(pa *assessment.PlanAction) {
		national := strings.EqualFold(pa.FundingSource, assessment.NationalBudget)
		if !match(pa, national, pa.FundingStatus.Committed()) {
			return
		}
		ys, rest := b.spread(pa)
		s.total += b.cost(pa)
		s.outside += rest
		for i, v := range ys {
			s.years[i] += v
		}
	}
	for _, pa := range b.acts {
		add(pa)
	}
	if withHidden {
		for _, pa := range b.hidden {
			add(pa)
		}
	}
	return s
}

func (b *xlBook) costTotals() xlSums {
	return b.sumOf(func(*assessment.PlanAction, bool, bool) bool { return true }, true)
}

// budgetSheet writes the budget summary: cost by pillar and year and by
// source of funding, all formulas over the Cost by year sheet, and a
// stacked column chart.
func (b *xlBook) budgetSheet() error {
	// The Cost by year sheet comes later in the workbook but its layout is
	// fixed: compute it first.
	ny := len(b.years)
	rows := len(b.acts) + len(b.hiddenGroups())
	first, last := xlFirstRow, max(xlFirstRow, xlFirstRow+rows-1)
	rng := func(col int) string {
		return xlRef(SheetCostByYear, xlAbs(col, first)+":"+xlAbs(col, last))
	}

	widths := []float64{16, 44}
	for range b.years {
		widths = append(widths, 15)
	}
	widths = append(widths, 15, 16, 9)
	s := b.newSheet(SheetBudget, "Budget summary — indicative cost by pillar, year and source", widths, nil)
	st := &b.st
	s.put(22, b.txt(s.title, st.title))
	s.put(16, b.txt(b.o.Edition.Marking()+"   ·   "+b.stateName()+" — "+b.a.Title+"   ·   generated "+b.o.generatedText()+" by bordergap", st.marking))
	s.put(18, b.txt("Indicative figures, for planning only.", st.section))
	note := fmt.Sprintf("Amounts in %s at the framework's default cost per class unless adjusted; capital/running split not estimated. Cancelled actions are left out. Every total is a formula over the Cost by year sheet and recomputes when a cost, a date, a funding field or a status changes on the Action plan.", b.currency)
	if len(b.hidden) > 0 {
		note += " The restricted annex is included as one aggregate line, not itemised."
	}
	s.put(15, b.txt(note, st.note))
	s.skip(1)
	s.put(20, b.txt("Cost by pillar and year", st.section))
	bYear0, bOut := 3, 3+ny
	bTotal := bOut + 1
	head := []excelize.Cell{b.txt("Pillar", st.head), b.txt("Strategic objective", st.head)}
	for _, y := range b.years {
		head = append(head, xlNum(float64(y), st.headNum))
	}
	head = append(head, b.txt("Outside plan years", st.head), b.txt("Total ("+b.currency+")", st.head), b.txt("Share", st.head))
	headRow := s.put(0, head...)

	// Pillars with actions in this edition, in framework order.
	type pillarRow struct {
		code, label string
		sums        xlSums
	}
	var prs []pillarRow
	for _, pl := range b.fw.Pillars {
		code := pl.Code
		sums := b.sumOf(func(pa *assessment.PlanAction, _, _ bool) bool { return pa.Pillar.Code == code }, false)
		has := false
		for _, pa := range b.acts {
			has = has || pa.Pillar.Code == code
		}
		if !has {
			continue
		}
		prs = append(prs, pillarRow{code, "SO-" + code + " — " + b.fill(pl.Objective, nil), sums})
	}
	if len(b.hidden) > 0 {
		hs := xlSums{years: make([]float64, ny)}
		for _, g := range b.hiddenGroups() {
			hs.total += g.total
			hs.outside += g.outside
			for i, v := range g.years {
				hs.years[i] += v
			}
		}
		prs = append(prs, pillarRow{xlAnnex, "Restricted actions of all pillars, not itemised in the public edition", hs})
	}
	all := b.costTotals()
	firstP := s.row + 1
	lastP := s.row + len(prs)
	totalRow := lastP + 1
	for _, pr := range prs {
		r := s.row + 1
		cells := []excelize.Cell{b.txt(pr.code, st.textBold), b.txt(pr.label, st.text)}
		for i := 0; i <= ny; i++ {
			v := pr.sums.outside
			col := xlCYear0 + ny
			if i < ny {
				v, col = pr.sums.years[i], xlCYear0+i
			}
			cells = append(cells, xlFx(fmt.Sprintf("SUMIFS(%s,%s,%s)", rng(col), rng(xlCPillar), xlCell(1, r)), v, st.money))
		}
		cells = append(cells, xlFx(fmt.Sprintf("SUM(%s:%s)", xlCell(bYear0, r), xlCell(bOut, r)), pr.sums.total, st.moneyBold))
		cells = append(cells, xlFx(fmt.Sprintf("IF(%s=0,0,%s/%s)", xlAbs(bTotal, totalRow), xlCell(bTotal, r), xlAbs(bTotal, totalRow)),
			xlRatio(pr.sums.total, all.total), st.pct))
		s.put(0, cells...)
	}
	tot := []excelize.Cell{b.txt("Total", st.totalLabel), b.txt("All pillars", st.totalLabel)}
	for i := 0; i <= ny+1; i++ {
		v := all.total
		switch {
		case i < ny:
			v = all.years[i]
		case i == ny:
			v = all.outside
		}
		tot = append(tot, xlFx(fmt.Sprintf("SUM(%s:%s)", xlCell(bYear0+i, firstP), xlCell(bYear0+i, max(lastP, firstP))), v, st.moneyTotal))
	}
	tot = append(tot, xlFx(fmt.Sprintf("IF(%s=0,0,1)", xlCell(bTotal, totalRow)), xlRatio(all.total, all.total), st.pctBold))
	s.put(0, tot...)

	// Funding by source and year (C.6 rule 5: national, donor and gap).
	s.skip(1)
	s.put(20, b.txt("Funding by source and year", st.section))
	fhead := []excelize.Cell{b.txt("Source", st.head), b.txt("Basis", st.head)}
	for _, y := range b.years {
		fhead = append(fhead, xlNum(float64(y), st.headNum))
	}
	fhead = append(fhead, b.txt("Outside plan years", st.head), b.txt("Total ("+b.currency+")", st.head), b.txt("Share", st.head))
	s.put(0, fhead...)
	nat := b.sumOf(func(_ *assessment.PlanAction, national, committed bool) bool { return national && committed }, true)
	oth := b.sumOf(func(_ *assessment.PlanAction, national, committed bool) bool { return !national && committed }, true)
	gap := b.sumOf(func(_ *assessment.PlanAction, _, committed bool) bool { return !committed }, true)
	natRow := s.row + 1
	othRow, gapRow, fTotRow := natRow+1, natRow+2, natRow+3
	colOf := func(i int) int {
		if i < ny {
			return xlCYear0 + i
		}
		return xlCYear0 + ny
	}
	val := func(x xlSums, i int) float64 {
		switch {
		case i < ny:
			return x.years[i]
		case i == ny:
			return x.outside
		}
		return x.total
	}
	share := func(r int, v float64) excelize.Cell {
		return xlFx(fmt.Sprintf("IF(%s=0,0,%s/%s)", xlAbs(bTotal, fTotRow), xlCell(bTotal, r), xlAbs(bTotal, fTotRow)), xlRatio(v, all.total), st.pct)
	}
	rowN := []excelize.Cell{b.txt("National budget", st.textBold), b.txt(`Funding source "`+assessment.NationalBudget+`", secured or pledged`, st.text)}
	rowO := []excelize.Cell{b.txt("Other sources", st.textBold), b.txt("Donors and other sources, secured or pledged", st.text)}
	rowG := []excelize.Cell{b.txt("Funding gap", st.textBold), b.txt("Not yet secured or pledged", st.text)}
	rowT := []excelize.Cell{b.txt("Total", st.totalLabel), b.txt("Equals the cost total above", st.totalLabel)}
	for i := 0; i <= ny; i++ {
		c := bYear0 + i
		rowN = append(rowN, xlFx(fmt.Sprintf(`SUMIFS(%s,%s,"%s",%s,"yes")`, rng(colOf(i)), rng(xlCSource), assessment.NationalBudget, rng(xlCCommitted)),
			val(nat, i), st.money))
		rowO = append(rowO, xlFx(fmt.Sprintf(`SUMIFS(%s,%s,"yes")-%s`, rng(colOf(i)), rng(xlCCommitted), xlCell(c, natRow)), val(oth, i), st.money))
		rowG = append(rowG, xlFx(fmt.Sprintf("%s-%s-%s", xlCell(c, totalRow), xlCell(c, natRow), xlCell(c, othRow)), val(gap, i), st.money))
		rowT = append(rowT, xlFx(fmt.Sprintf("SUM(%s:%s)", xlCell(c, natRow), xlCell(c, gapRow)), val(all, i), st.moneyTotal))
	}
	for _, x := range []struct {
		cells *[]excelize.Cell
		r     int
		sums  xlSums
	}{{&rowN, natRow, nat}, {&rowO, othRow, oth}, {&rowG, gapRow, gap}} {
		*x.cells = append(*x.cells, xlFx(fmt.Sprintf("SUM(%s:%s)", xlCell(bYear0, x.r), xlCell(bOut, x.r)), x.sums.total, st.moneyBold), share(x.r, x.sums.total))
	}
	rowT = append(rowT, xlFx(fmt.Sprintf("SUM(%s:%s)", xlCell(bTotal, natRow), xlCell(bTotal, gapRow)), all.total, st.moneyTotal),
		xlFx(fmt.Sprintf("IF(%s=0,0,1)", xlCell(bTotal, fTotRow)), xlRatio(all.total, all.total), st.pctBold))
	s.put(0, rowN...)
	s.put(0, rowO...)
	s.put(0, rowG...)
	s.put(0, rowT...)
	s.skip(1)
	chartRow := s.row + 1
	if b.err != nil {
		return b.err
	}
	for _, n := range []struct {
		name string
		row  int
		c    string
	}{
		{NameTotalCost, totalRow, "Total indicative cost of the plan"},
		{NameNationalFunding, natRow, "National budget, secured or pledged"},
		{NameOtherFunding, othRow, "Other sources, secured or pledged"},
		{NameFundingGap, gapRow, "Funding not yet secured or pledged"},
	} {
		b.fail(b.f.SetDefinedName(&excelize.DefinedName{Name: n.name, RefersTo: xlRef(SheetBudget, xlAbs(bTotal, n.row)), Comment: n.c}))
	}
	if len(prs) > 0 {
		var series []excelize.ChartSeries
		for i := range prs {
			r := firstP + i
			series = append(series, excelize.ChartSeries{
				Name:       xlRef(SheetBudget, xlAbs(1, r)),
				Categories: xlRef(SheetBudget, xlAbs(bYear0, headRow)+":"+xlAbs(bYear0+ny-1, headRow)),
				Values:     xlRef(SheetBudget, xlAbs(bYear0, r)+":"+xlAbs(bYear0+ny-1, r)),
				Fill:       xlSolid(xlPillarColours[i%len(xlPillarColours)]),
			})
		}
		gap := uint(60)
		overlap := 100
		b.fail(b.f.AddChart(SheetBudget, xlCell(1, chartRow), &excelize.Chart{
			Type:      excelize.ColStacked,
			Series:    series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Indicative cost by pillar and year (" + b.currency + ")", Font: &excelize.Font{Family: "Arial", Size: 11, Bold: true, Color: xlHead}}}},
			Legend:    excelize.ChartLegend{Position: "right"},
			Dimension: excelize.ChartDimension{Width: 900, Height: 400},
			Format:    excelize.GraphicOptions{OffsetX: 4, OffsetY: 4, AltText: "Stacked column chart of the indicative cost by pillar and year"},
			YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}, Font: excelize.Font{Size: 8, Color: xlMuted}},
			XAxis:     excelize.ChartAxis{Font: excelize.Font{Size: 9, Color: xlInk}},
			GapWidth:  &gap,
			Overlap:   &overlap,
		}))
	}
	s.setup("landscape", 9, 1, 1, "")
	return b.err
}

func xlRatio(v, total float64) float64 {
	if total == 0 {
		return 0
	}
	return v / total
}

// ganttSheet writes one row per action with its quarters filled, coloured
// by phase. The bars are cell fills computed here and, in applications that
// support it, conditional formats over the dates of the Action plan, so
// that the chart follows a change of dates.
func (b *xlBook) ganttSheet() error {
	ny := len(b.years)
	nq := 4 * ny
	const (
		gID = iota + 1
		gActivity
		gLead
		gStart
		gEnd
		gPhase
		gDeps
		gQ0
	)
	cS, cE := gQ0+nq, gQ0+nq+1
	widths := []float64{15.5, 50, 28, 8.5, 8.5, 6.5, 16}
	for i := 0; i < nq; i++ {
		widths = append(widths, 3.4)
	}
	widths = append(widths, 8, 8)
	s := b.newSheet(SheetGantt, "Dependencies and Gantt chart — "+b.period(), widths,
		&excelize.Panes{Freeze: true, XSplit: 2, YSplit: 5, TopLeftCell: xlCell(3, 6), ActivePane: "bottomRight"}, cS, cE)
	s.minHeight = 15
	st := &b.st
	s.put(22, b.txt(s.title, st.title))
	s.put(16, b.txt(b.o.Edition.Marking()+"   ·   "+b.stateName()+" — "+b.a.Title+"   ·   generated "+b.o.generatedText()+" by bordergap", st.marking))
	legend := []excelize.RichTextRun{{Text: "Phases (C.6 rule 4):  ", Font: &excelize.Font{Family: "Arial", Size: 9, Color: xlMuted}}}
	for i, t := range []string{"1 — year 1: governance, legal drafting, procedures, quick wins     ",
		"2 — years 2–3: systems, institutions, main roll-outs     ", "3 — years 4–5: nationwide extension, optimisation, level 4"} {
		c := []string{xlPhase1, xlPhase2, xlPhase3}[i]
		legend = append(legend, excelize.RichTextRun{Text: "■ ", Font: &excelize.Font{Family: "Arial", Size: 11, Color: c}},
			excelize.RichTextRun{Text: "Phase " + t, Font: &excelize.Font{Family: "Arial", Size: 9, Color: xlInk}})
	}
	s.put(18, excelize.Cell{StyleID: st.legend, Value: legend})
	// Two header rows: the years over their quarters.
	h1 := []excelize.Cell{b.txt("AP-ID", st.head), b.txt("Activity", st.head), b.txt("Lead institution", st.head), b.txt("Start", st.head),
		b.txt("End", st.head), b.txt("Phase", st.head), b.txt("Depends on", st.head)}
	h2 := make([]excelize.Cell, 0, gQ0+nq)
	for i := 0; i < gQ0-1; i++ {
		h2 = append(h2, xlBlank(st.head))
	}
	for _, y := range b.years {
		h1 = append(h1, xlNum(float64(y), st.ganttYear), xlBlank(st.ganttYear), xlBlank(st.ganttYear), xlBlank(st.ganttYear))
		for q := 1; q <= 4; q++ {
			h2 = append(h2, b.txt(fmt.Sprintf("Q%d", q), st.ganttHead))
		}
	}
	h1 = append(h1, b.txt("Start month", st.headHelper), b.txt("End month", st.headHelper))
	r4 := s.put(16, h1...)
	s.put(14, h2...)
	for c := gID; c < gQ0; c++ {
		s.merge(xlCell(c, r4), xlCell(c, r4+1))
	}
	for i := range b.years {
		s.merge(xlCell(gQ0+4*i, r4), xlCell(gQ0+4*i+3, r4))
	}
	ap := func(col, row int) string { return xlRef(SheetActionPlan, xlCell(col, row)) }
	base := b.p.StartYear * 12
	first := s.row + 1
	for i, pa := range b.acts {
		r := s.row + 1
		apr := xlFirstRow + i // the same action on the Action plan and Cost by year sheets
		start, end := b.months(pa)
		phase := 3
		switch {
		case start-base < 12:
			phase = 1
		case start-base < 36:
			phase = 2
		}
		deps := []string{}
		for _, d := range pa.Dependencies {
			if b.in[d] {
				deps = append(deps, d)
			}
		}
		cells := []excelize.Cell{
			xlFx(ap(xlAID, apr)+`&""`, pa.ID, st.textBold),
			xlFx(ap(xlAActivity, apr)+`&""`, xlClean(b.fill(pa.Text, pa)), st.textNoWrap),
			xlFx(ap(xlALead, apr)+`&""`, xlClean(b.lead(pa)), st.textNoWrap),
			xlFx(ap(xlAStart, apr)+`&""`, b.p.Quarter(pa.Start), st.textNoWrap),
			xlFx(ap(xlAEnd, apr)+`&""`, b.p.EndQuarter(max(pa.End, pa.Start+1)), st.textNoWrap),
			xlFx(fmt.Sprintf("IF(%s-%d<12,1,IF(%s-%d<36,2,3))", xlCell(cS, r), base, xlCell(cS, r), base), phase, st.integerCenter),
			b.txt(strings.Join(deps, "\n"), st.textGantt),
		}
		for q := 0; q < nq; q++ {
			qs := base + 3*q
			style := st.ganttEmpty
			if start < qs+3 && end > qs {
				style = st.phase[phase]
			}
			cells = append(cells, xlBlank(style))
		}
		cells = append(cells,
			xlFx(xlRef(SheetCostByYear, xlCell(xlCStart, apr)), start, st.integer),
			xlFx(xlRef(SheetCostByYear, xlCell(xlCEnd, apr)), end, st.integer))
		s.put(0, cells...)
	}
	last := s.row
	if b.err != nil {
		return b.err
	}
	if len(b.acts) > 0 {
		grid := xlCell(gQ0, first) + ":" + xlCell(gQ0+nq-1, last)
		sc, ec := "$"+xlCol(cS)+fmt.Sprint(first), "$"+xlCol(cE)+fmt.Sprint(first)
		qs := fmt.Sprintf("(%d+(COLUMN()-%d)*3)", base, gQ0)
		running := fmt.Sprintf("AND(%s<%s+3,%s>%s)", sc, qs, ec, qs)
		rule := func(cond string, style int) excelize.ConditionalFormatOptions {
			return excelize.ConditionalFormatOptions{Type: "formula", Criteria: "=" + cond, Format: &style}
		}
		b.fail(b.f.SetConditionalFormat(SheetGantt, grid, []excelize.ConditionalFormatOptions{
			rule(fmt.Sprintf("AND(%s,%s-%d<12)", running, sc, base), st.cfPhase[1]),
			rule(fmt.Sprintf("AND(%s,%s-%d>=12,%s-%d<36)", running, sc, base, sc, base), st.cfPhase[2]),
			rule(fmt.Sprintf("AND(%s,%s-%d>=36)", running, sc, base), st.cfPhase[3]),
			rule("NOT("+running+")", st.cfWhite),
		}))
		b.fail(b.f.AutoFilter(SheetGantt, xlCell(1, r4+1)+":"+xlCell(gDeps, last), nil))
	}
	s.setup("landscape", 9, 1, 0, fmt.Sprintf("$A:$B,%s", xlRef(SheetGantt, fmt.Sprintf("$%d:$%d", r4, r4+1))))
	return b.err
}

// risksSheet writes the risk register (DOMAIN C.8) with the actions each
// risk is attached to.
func (b *xlBook) risksSheet() error {
	s := b.newSheet(SheetRisks, "Risk register", []float64{8, 40, 13, 11, 52, 10, 46},
		&excelize.Panes{Freeze: true, YSplit: 4, TopLeftCell: "A5", ActivePane: "bottomLeft"})
	st := &b.st
	s.head("Starter library of risks to implementation (DOMAIN C.8), with typical likelihood and impact and the actions each one threatens. Review them with the working group.")
	head := s.put(0, b.txt("ID", st.head), b.txt("Risk", st.head), b.txt("Likelihood", st.head), b.txt("Impact", st.head),
		b.txt("Mitigation", st.head), b.txt("Actions", st.head), b.txt("Attached to actions", st.head))
	for _, r := range b.fw.Risks {
		var ids []string
		for _, pa := range b.acts {
			for _, x := range pa.Risks {
				if x.ID == r.ID {
					ids = append(ids, pa.ID)
					break
				}
			}
		}
		s.put(0, b.txt(r.ID, st.textBold), b.txt(b.scrub(r.Risk), st.text), b.txt(r.Likelihood, st.textCenter), b.txt(r.Impact, st.textCenter),
			b.txt(b.scrub(r.Mitigation), st.text), xlNum(float64(len(ids)), st.integerCenter), b.txt(strings.Join(ids, ", "), st.text))
	}
	last := s.row
	if b.err != nil {
		return b.err
	}
	if last > head {
		for _, col := range []int{3, 4} {
			rng := xlCell(col, head+1) + ":" + xlCell(col, last)
			b.fail(b.f.SetConditionalFormat(SheetRisks, rng, []excelize.ConditionalFormatOptions{
				{Type: "formula", Criteria: fmt.Sprintf(`=ISNUMBER(SEARCH("high",%s))`, xlCell(col, head+1)), Format: &st.cfHigh},
				{Type: "formula", Criteria: fmt.Sprintf(`=ISNUMBER(SEARCH("medium",%s))`, xlCell(col, head+1)), Format: &st.cfMedium},
				{Type: "formula", Criteria: fmt.Sprintf(`=ISNUMBER(SEARCH("low",%s))`, xlCell(col, head+1)), Format: &st.cfLow},
			}))
		}
		b.fail(b.f.AutoFilter(SheetRisks, xlCell(1, head)+":"+xlCell(7, last), nil))
	}
	s.setup("landscape", 9, 1, 0, fmt.Sprintf("$%d:$%d", head, head))
	return b.err
}

// scorecardSheet writes the maturity scorecard by pillar and the national
// index, with a radar chart of score and target.
func (b *xlBook) scorecardSheet() error {
	s := b.newSheet(SheetScorecard, "Maturity scorecard by pillar", []float64{9, 52, 9, 9, 9, 9, 11, 11, 12, 10}, nil)
	st := &b.st
	an := b.p.Analysis
	s.head(fmt.Sprintf("Scores on the 0–4 maturity scale, weighted by indicator weight; the national index is the mean of the pillar scores. Assessment: %s, %s.", b.a.Title, b.a.Status.Label()))
	head := s.put(0, b.txt("Pillar", st.head), b.txt("Title", st.head), b.txt("Score", st.head), b.txt("Target", st.head), b.txt("% of 4", st.head),
		b.txt("Gap", st.head), b.txt("High-priority gaps", st.head), b.txt("Binding obligations unmet", st.head), b.txt("Applicable indicators", st.head),
		b.txt("Critical pillar", st.head))
	first := head + 1
	for _, pr := range an.Pillars {
		r := s.row + 1
		score, target := xlBlank(st.score), xlBlank(st.score)
		pct, gap := xlBlank(st.pct), xlBlank(st.score)
		if pr.Score.Valid() {
			score, target = xlNum(pr.Score.Value, st.score), xlNum(pr.Target.Value, st.score)
			pct = xlFx(fmt.Sprintf("%s/4", xlCell(3, r)), pr.Score.Value/4, st.pct)
			gap = xlFx(fmt.Sprintf("MAX(0,%s-%s)", xlCell(4, r), xlCell(3, r)), math.Max(0, pr.Target.Value-pr.Score.Value), st.score)
		}
		critical := "no"
		if pr.Critical {
			critical = "yes"
		}
		s.put(0, b.txt(pr.Pillar.Code, st.textBold), b.txt(pr.Pillar.Title, st.text), score, target, pct, gap,
			xlNum(float64(pr.HighGaps), st.integerCenter), xlNum(float64(pr.BindingUnmet), st.integerCenter),
			xlNum(float64(pr.Applicable), st.integerCenter), b.txt(critical, st.textCenter))
	}
	last := s.row
	r := s.row + 1
	var tsum float64
	var tn, high, binding, applicable int
	for _, pr := range an.Pillars {
		if pr.Score.Valid() {
			tsum += pr.Target.Value
			tn++
		}
		high += pr.HighGaps
		binding += pr.BindingUnmet
		applicable += pr.Applicable
	}
	tavg := 0.0
	if tn > 0 {
		tavg = tsum / float64(tn)
	}
	col := func(c int) string { return xlCell(c, first) + ":" + xlCell(c, max(last, first)) }
	s.put(0, b.txt("National", st.totalLabel), b.txt("National index (mean of the pillar scores)", st.totalLabel),
		xlFx(fmt.Sprintf("IF(COUNT(%s)=0,0,AVERAGE(%s))", col(3), col(3)), an.National.Value, st.scoreBold),
		xlFx(fmt.Sprintf("IF(COUNT(%s)=0,0,AVERAGE(%s))", col(4), col(4)), tavg, st.scoreBold),
		xlFx(fmt.Sprintf("%s/4", xlCell(3, r)), an.National.Value/4, st.pctBold),
		xlFx(fmt.Sprintf("MAX(0,%s-%s)", xlCell(4, r), xlCell(3, r)), math.Max(0, tavg-an.National.Value), st.scoreBold),
		xlFx("SUM("+col(7)+")", high, st.intTotal), xlFx("SUM("+col(8)+")", binding, st.intTotal),
		xlFx("SUM("+col(9)+")", applicable, st.intTotal), xlBlank(st.totalLabel))
	s.skip(1)
	chartRow := s.row + 1
	if b.err != nil {
		return b.err
	}
	if last >= first {
		maxV, minV := 4.0, 0.0
		b.fail(b.f.AddChart(SheetScorecard, xlCell(2, chartRow), &excelize.Chart{
			Type: excelize.Radar,
			Series: []excelize.ChartSeries{
				{Name: xlRef(SheetScorecard, xlAbs(3, head)), Categories: xlRef(SheetScorecard, xlAbs(1, first)+":"+xlAbs(1, last)),
					Values: xlRef(SheetScorecard, xlAbs(3, first)+":"+xlAbs(3, last)),
					Marker: excelize.ChartMarker{Symbol: "circle", Size: 5}},
				{Name: xlRef(SheetScorecard, xlAbs(4, head)), Categories: xlRef(SheetScorecard, xlAbs(1, first)+":"+xlAbs(1, last)),
					Values: xlRef(SheetScorecard, xlAbs(4, first)+":"+xlAbs(4, last)),
					Marker: excelize.ChartMarker{Symbol: "none"}},
			},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Maturity by pillar: score and target (0–4)", Font: &excelize.Font{Family: "Arial", Size: 11, Bold: true, Color: xlHead}}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 560, Height: 420},
			Format:    excelize.GraphicOptions{OffsetX: 4, OffsetY: 4, AltText: "Radar chart of the maturity score and target by pillar"},
			YAxis:     excelize.ChartAxis{Maximum: &maxV, Minimum: &minV, MajorUnit: 1, MajorGridLines: true, Font: excelize.Font{Size: 8, Color: xlMuted}},
			XAxis:     excelize.ChartAxis{Font: excelize.Font{Size: 9, Bold: true, Color: xlInk}},
		}))
	}
	s.setup("landscape", 9, 1, 1, "")
	return b.err
}

// referencesSheet lists each indicator linked to an action of the edition
// with its citations, then the instruments cited.
func (b *xlBook) referencesSheet() error {
	s := b.newSheet(SheetReferences, "Linked indicators and references", []float64{12, 40, 14, 12, 20, 62},
		&excelize.Panes{Freeze: true, YSplit: 4, TopLeftCell: "A5", ActivePane: "bottomLeft"})
	st := &b.st
	s.head("Each indicator the action plan addresses, with the framework citations behind it; (binding) marks a “decides/shall” obligation of a UNSC resolution or a Standard of an ICAO annex.")
	head := s.put(0, b.txt("Indicator", st.head), b.txt("Title", st.head), b.txt("Weight", st.head), b.txt("Level → target", st.head),
		b.txt("Actions", st.head), b.txt("Citations", st.head))
	acts := map[*assessment.Indicator][]string{}
	for _, pa := range b.acts {
		acts[pa.Indicator] = append(acts[pa.Indicator], pa.ID)
	}
	cited := map[string]int{}
	var instruments []string
	for _, id := range b.fw.IndicatorIDs() {
		ind := b.fw.Indicator(id)
		if acts[ind] == nil {
			continue
		}
		var cites []string
		for _, ref := range ind.References {
			c := b.citation(ref)
			if ref.Verify {
				c += " (to verify)"
			}
			cites = append(cites, c)
			if cited[ref.Instrument] == 0 {
				instruments = append(instruments, ref.Instrument)
			}
			cited[ref.Instrument]++
		}
		lvl := ""
		if r := b.p.Analysis.Indicator(id); r != nil {
			lvl = r.Level.String() + " → " + r.Target.String()
		}
		weight := map[int]string{3: "3 (binding or core CT)", 2: "2 (core good practice)", 1: "1 (enabling)"}[ind.Weight]
		if weight == "" {
			weight = fmt.Sprint(ind.Weight)
		}
		s.put(0, b.txt(ind.ID, st.textBold), b.txt(ind.Title, st.text), b.txt(weight, st.text), b.txt(lvl, st.textCenter),
			b.txt(strings.Join(acts[ind], "\n"), st.text), b.txt(strings.Join(cites, "\n"), st.text))
	}
	last := s.row
	s.skip(1)
	s.put(20, b.txt("Instruments cited", st.section))
	s.put(0, b.txt("Instrument", st.head), b.txt("Title", st.head), b.txt("Kind", st.head), b.txt("Citations", st.head),
		xlBlank(st.head), b.txt("Note", st.head))
	for _, id := range instruments {
		in := b.fw.Instrument(id)
		title, kind, note := id, "", ""
		if in != nil {
			title, kind, note = in.Title, strings.ToUpper(in.Kind), in.Note
			if in.Short != "" && in.Short != in.ID {
				title = in.Short + " — " + in.Title
			}
		}
		s.put(0, b.txt(id, st.textBold), b.txt(title, st.text), b.txt(kind, st.textCenter), xlNum(float64(cited[id]), st.integerCenter),
			xlBlank(st.text), b.txt(note, st.text))
	}
	if last > head && b.err == nil {
		b.fail(b.f.AutoFilter(SheetReferences, xlCell(1, head)+":"+xlCell(6, last), nil))
	}
	s.setup("landscape", 9, 1, 0, "")
	return b.err
}

// agenciesSheet maps every role code of the framework to the national
// institutions of the country profile, flagging the unmapped ones.
func (b *xlBook) agenciesSheet() error {
	s := b.newSheet(SheetAgencies, "Agency mapping — role codes and national institutions", []float64{10, 34, 50, 38, 16, 11, 11},
		&excelize.Panes{Freeze: true, YSplit: 4, TopLeftCell: "A5", ActivePane: "bottomLeft"})
	st := &b.st
	body := b.a.Profile.CoordinationBody
	if body == "" {
		body = "not named in the country profile"
	}
	s.head("The plan names institutions through this mapping (DOMAIN C.6 rule 7); a role code that is not mapped is flagged, never guessed. IBM coordination body: " + body + ".")
	head := s.put(0, b.txt("Role code", st.head), b.txt("Role", st.head), b.txt("Functions", st.head), b.txt("National institution(s)", st.head),
		b.txt("Mapping", st.head), b.txt("Lead in actions", st.head), b.txt("Partner in actions", st.head))
	for _, role := range b.fw.Roles {
		var names []string
		for _, n := range b.a.Profile.Agencies[role.Code] {
			if strings.TrimSpace(n) != "" {
				names = append(names, n)
			}
		}
		leads, partners := 0, 0
		for _, pa := range b.acts {
			if slices.Contains(pa.Indicator.Lead, role.Code) {
				leads++
			} else if slices.Contains(pa.Indicator.Contributors, role.Code) {
				partners++
			}
		}
		status, style := "mapped", st.ok
		if len(names) == 0 {
			status, style = "NOT MAPPED", st.flag
			if leads+partners > 0 {
				status = "NOT MAPPED — needed by the plan"
			}
		}
		s.put(0, b.txt(role.Code, st.textBold), b.txt(role.Name, st.text), b.txt(role.Functions, st.text),
			b.txt(strings.Join(names, "\n"), st.text), b.txt(status, style),
			xlNum(float64(leads), st.integerCenter), xlNum(float64(partners), st.integerCenter))
	}
	last := s.row
	if last > head && b.err == nil {
		b.fail(b.f.AutoFilter(SheetAgencies, xlCell(1, head)+":"+xlCell(7, last), nil))
	}
	s.setup("landscape", 9, 1, 0, fmt.Sprintf("$%d:$%d", head, head))
	return b.err
}

// listsSheet writes the hidden sheet behind the drop-down lists, each list
// reached through a defined name.
func (b *xlBook) listsSheet() error {
	s := b.newSheet(SheetLists, "Lists for the drop-down menus", []float64{16, 16, 12, 12}, nil)
	st := &b.st
	s.put(16, b.txt(b.o.Edition.Marking(), st.marking))
	lists := [][]string{{"Status"}, {"Funding status"}, {"Priority"}, {"Sensitivity"}}
	for _, v := range assessment.ImplStatuses {
		lists[0] = append(lists[0], string(v))
	}
	for _, v := range assessment.FundingStatuses {
		lists[1] = append(lists[1], string(v))
	}
	lists[2] = append(lists[2], string(assessment.PriorityHigh), string(assessment.PriorityMedium), string(assessment.PriorityLow))
	lists[3] = append(lists[3], "public", "restricted")
	n := 0
	for _, l := range lists {
		n = max(n, len(l))
	}
	for i := 0; i < n; i++ {
		var cells []excelize.Cell
		for _, l := range lists {
			st := st.text
			if i == 0 {
				st = b.st.head
			}
			if i < len(l) {
				cells = append(cells, b.txt(l[i], st))
			} else {
				cells = append(cells, xlBlank(0))
			}
		}
		s.put(-1, cells...)
	}
	for i, name := range []string{NameListStatus, NameListFundingStatus, NameListPriority, NameListSensitivity} {
		b.fail(b.f.SetDefinedName(&excelize.DefinedName{Name: name,
			RefersTo: xlRef(SheetLists, xlAbs(i+1, 3)+":"+xlAbs(i+1, len(lists[i])+1))}))
	}
	s.setup("portrait", 9, 1, 0, "")
	return b.err
}

// finish sets the document properties and asks spreadsheet applications to
// recalculate on opening.
func (b *xlBook) finish() error {
	f := b.f
	created := ""
	if !b.o.Generated.IsZero() {
		created = b.o.Generated.UTC().Format(time.RFC3339)
	}
	b.fail(f.SetDocProps(&excelize.DocProperties{
		Title:          xlShort("National IBM action plan "+b.period()+" — "+b.stateName()+" ("+b.a.State+")", 250),
		Subject:        xlShort("Costed action plan from the assessment “"+b.a.Title+"” of "+b.stateName(), 250),
		Creator:        "bordergap",
		LastModifiedBy: "bordergap",
		Keywords:       "IBM; integrated border management; action plan; " + b.a.State + "; " + b.o.Edition.Short() + " edition",
		Description:    b.o.Edition.Marking() + ". Indicative figures, for planning only.",
		Category:       "Action plan",
		ContentStatus:  b.o.Edition.Short(),
		Language:       "en",
		Created:        created,
		Modified:       created,
	}))
	full := true
	b.fail(f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}))
	// excelize lists the image content types in map order; sort them so
	// that the same plan always gives the same bytes.
	if ct := f.ContentTypes; ct != nil {
		sort.Slice(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	}
	return b.err
}

// xlSortedZip writes the parts of the package in a fixed order, the content
// types first, so that the same plan always gives the same bytes; excelize
// writes streamed sheets in map order.
type xlSortedZip struct {
	w     *zip.Writer
	names []string
	files map[string]*bytes.Buffer
}

func (z *xlSortedZip) Create(name string) (io.Writer, error) {
	if _, dup := z.files[name]; !dup {
		z.names = append(z.names, name)
	}
	buf := new(bytes.Buffer)
	z.files[name] = buf
	return buf, nil
}

func (z *xlSortedZip) AddFS(fsys fs.FS) error { return z.w.AddFS(fsys) }

func (z *xlSortedZip) Close() error {
	const first = "[Content_Types].xml"
	sort.Slice(z.names, func(i, j int) bool {
		if (z.names[i] == first) != (z.names[j] == first) {
			return z.names[i] == first
		}
		return z.names[i] < z.names[j]
	})
	for _, name := range z.names {
		w, err := z.w.Create(name)
		if err != nil {
			return err
		}
		if _, err := z.files[name].WriteTo(w); err != nil {
			return err
		}
	}
	return z.w.Close()
}
