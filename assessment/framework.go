package assessment

import (
	"fmt"
	"strconv"
	"strings"
)

// MinLevel and MaxLevel bound the maturity scale.
const (
	MinLevel = 0
	MaxLevel = 4
)

// Mode is a travel mode or border type an indicator can be restricted to.
// Bus and coach travel counts as land.
type Mode string

// The modes of the applicability flags [AIR], [SEA], [LAND] and [RAIL].
const (
	ModeAir  Mode = "air"
	ModeSea  Mode = "sea"
	ModeLand Mode = "land"
	ModeRail Mode = "rail"
)

// Modes lists the valid modes in display order.
var Modes = []Mode{ModeAir, ModeSea, ModeLand, ModeRail}

// ParseMode accepts a mode name, case-insensitively; "bus" and "coach" are land.
func ParseMode(s string) (Mode, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "air":
		return ModeAir, true
	case "sea", "maritime":
		return ModeSea, true
	case "land", "road", "bus", "coach":
		return ModeLand, true
	case "rail":
		return ModeRail, true
	}
	return "", false
}

// CostClass is an order-of-magnitude cost envelope: S under about USD 100,000,
// M about 100,000 to 1 million, L over about 1 million.
type CostClass string

// The cost classes.
const (
	CostS CostClass = "S"
	CostM CostClass = "M"
	CostL CostClass = "L"
)

func (c CostClass) rank() int { return strings.Index("SML", string(c)) }

// CostRange is a cost class or a range of two adjacent classes ("S–M").
type CostRange struct {
	Low, High CostClass
}

// String formats the range as in DOMAIN.md: "S" or "S–M".
func (r CostRange) String() string {
	if r.Low == r.High {
		return string(r.Low)
	}
	return string(r.Low) + "–" + string(r.High)
}

// MarshalText implements encoding.TextMarshaler.
func (r CostRange) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText accepts "S", "M", "L", "S–M", "S-M", "M–L".
func (r *CostRange) UnmarshalText(b []byte) error {
	parts := splitRange(string(b))
	if strings.Count(string(b), "–")+strings.Count(string(b), "-")+strings.Count(string(b), "—") != len(parts)-1 {
		return fmt.Errorf("cost %q: want S, M or L, or a range such as S–M", string(b))
	}
	var out CostRange
	for i, p := range parts {
		c := CostClass(strings.ToUpper(strings.TrimSpace(p)))
		if c.rank() < 0 || len(c) != 1 {
			return fmt.Errorf("cost %q: want S, M or L, or a range such as S–M", string(b))
		}
		if i == 0 {
			out.Low = c
		}
		out.High = c
	}
	if len(parts) == 0 || len(parts) > 2 || out.High.rank()-out.Low.rank() > 1 || out.Low.rank() > out.High.rank() {
		return fmt.Errorf("cost %q: want S, M or L, or a range of two adjacent classes such as S–M", string(b))
	}
	*r = out
	return nil
}

// Contains reports whether class c lies within the range.
func (r CostRange) Contains(c CostClass) bool {
	return r.Low.rank() <= c.rank() && c.rank() <= r.High.rank()
}

// MonthRange is a typical duration in months, possibly a range ("6–12").
type MonthRange struct {
	Min, Max int
}

// String formats the range as in DOMAIN.md.
func (m MonthRange) String() string {
	if m.Min == m.Max {
		return strconv.Itoa(m.Min)
	}
	return strconv.Itoa(m.Min) + "–" + strconv.Itoa(m.Max)
}

// MarshalText implements encoding.TextMarshaler.
func (m MonthRange) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText accepts "12" or "12–24" (en dash or hyphen).
func (m *MonthRange) UnmarshalText(b []byte) error {
	parts := splitRange(string(b))
	if len(parts) == 0 || len(parts) > 2 || strings.Count(string(b), "–")+strings.Count(string(b), "-")+strings.Count(string(b), "—") != len(parts)-1 {
		return fmt.Errorf("months %q: want a number of months or a range such as 6–12", string(b))
	}
	var out MonthRange
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n <= 0 || n > 120 {
			return fmt.Errorf("months %q: want whole months between 1 and 120", string(b))
		}
		if i == 0 {
			out.Min = n
		}
		out.Max = n
	}
	if out.Min > out.Max {
		return fmt.Errorf("months %q: the range must go from low to high", string(b))
	}
	*m = out
	return nil
}

// Typical returns the midpoint of the range, rounded up, used for planning.
func (m MonthRange) Typical() int { return (m.Min + m.Max + 1) / 2 }

func splitRange(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	return strings.FieldsFunc(s, func(r rune) bool { return r == '–' || r == '-' || r == '—' })
}

// ActionType says what kind of deliverable an action produces. It drives
// phasing: legal, governance and procedure actions are early work.
type ActionType string

// The action types.
const (
	ActionLegal          ActionType = "legal"
	ActionGovernance     ActionType = "governance"
	ActionInstitutional  ActionType = "institutional"
	ActionProcedure      ActionType = "procedure"
	ActionTraining       ActionType = "training"
	ActionICT            ActionType = "ict"
	ActionEquipment      ActionType = "equipment"
	ActionInfrastructure ActionType = "infrastructure"
	ActionCooperation    ActionType = "cooperation"
	ActionReview         ActionType = "review"
)

// ActionTypes lists the valid action types.
var ActionTypes = []ActionType{ActionLegal, ActionGovernance, ActionInstitutional, ActionProcedure,
	ActionTraining, ActionICT, ActionEquipment, ActionInfrastructure, ActionCooperation, ActionReview}

// Valid reports whether t is one of ActionTypes.
func (t ActionType) Valid() bool {
	for _, v := range ActionTypes {
		if v == t {
			return true
		}
	}
	return false
}

// Framework is a versioned assessment framework: the maturity scale, the
// pillars, capacities and indicators, and the framework-level data the plan
// generator needs.
type Framework struct {
	ID          string       `yaml:"id" json:"id"`
	Version     string       `yaml:"version" json:"version"`
	Title       string       `yaml:"title" json:"title"`
	Language    string       `yaml:"language" json:"language"`
	Description string       `yaml:"description,omitempty" json:"description,omitempty"`
	Scale       []ScaleLevel `yaml:"scale" json:"scale"`
	Roles       []Role       `yaml:"roles" json:"roles"`
	Instruments []Instrument `yaml:"instruments" json:"instruments"`
	Costs       CostDefaults `yaml:"costs" json:"costs"`
	Strategy    Strategy     `yaml:"strategy" json:"strategy"`
	Risks       []Risk       `yaml:"risks" json:"risks"`
	// Dependencies are the prerequisite rules between actions (DOMAIN C.6 rule 3).
	Dependencies []DependencyRule `yaml:"dependencies" json:"dependencies"`
	Pillars      []Pillar         `yaml:"pillars" json:"pillars"`

	index *frameworkIndex
}

// ScaleLevel names one level of the 0–4 maturity scale.
type ScaleLevel struct {
	Level   int    `yaml:"level" json:"level"`
	Name    string `yaml:"name" json:"name"`
	Meaning string `yaml:"meaning" json:"meaning"`
}

// Role is a generic agency role code (BG, CUS, PIU...) that a country profile
// maps to national institutions.
type Role struct {
	Code      string `yaml:"code" json:"code"`
	Name      string `yaml:"name" json:"name"`
	Functions string `yaml:"functions,omitempty" json:"functions,omitempty"`
}

// Instrument is a reference framework that indicators cite: a UNSC
// resolution, an ICAO annex, an EU regulation, a set of good practices.
type Instrument struct {
	ID    string `yaml:"id" json:"id"`       // as cited: "UNSCR 2396", "A9"
	Short string `yaml:"short" json:"short"` // for display: "ICAO Annex 9"
	Title string `yaml:"title" json:"title"` // full title
	Kind  string `yaml:"kind" json:"kind"`   // unscr, icao, eu, gctf, un, osce, wco, imo, other
	Note  string `yaml:"note,omitempty" json:"note,omitempty"`
}

// CostDefaults are the default planning amounts per cost class (C.6 rule 5).
type CostDefaults struct {
	Currency string  `yaml:"currency" json:"currency"`
	S        float64 `yaml:"S" json:"S"`
	M        float64 `yaml:"M" json:"M"`
	L        float64 `yaml:"L" json:"L"`
}

// Amount returns the default amount for a cost class.
func (c CostDefaults) Amount(class CostClass) float64 {
	switch class {
	case CostS:
		return c.S
	case CostM:
		return c.M
	case CostL:
		return c.L
	}
	return 0
}

// Strategy holds the templates of the strategy document (C.3) and the generic
// level-4 consolidation action (C.6 rule 1). Placeholders in braces are
// filled from the country profile: {country}, {end_year}, {coordination_body},
// {capacity}.
type Strategy struct {
	Vision        []string    `yaml:"vision" json:"vision"`
	Mission       string      `yaml:"mission" json:"mission"`
	Principles    []Principle `yaml:"principles" json:"principles"`
	Consolidation Action      `yaml:"consolidation" json:"consolidation"`
	// Milestones are the sub-activities proposed for an action of each
	// type (action-plan column 5); {lead} is the lead institution.
	Milestones map[ActionType][]string `yaml:"milestones" json:"milestones"`
}

// Principle is a guiding principle of the strategy.
type Principle struct {
	Name string `yaml:"name" json:"name"`
	Text string `yaml:"text" json:"text"`
}

// Risk is an entry of the starter risk register (C.8).
type Risk struct {
	ID         string `yaml:"id" json:"id"`
	Risk       string `yaml:"risk" json:"risk"`
	Likelihood string `yaml:"likelihood" json:"likelihood"`
	Impact     string `yaml:"impact" json:"impact"`
	Mitigation string `yaml:"mitigation" json:"mitigation"`
	// ActionTypes lists the action types this risk typically threatens; the
	// plan attaches it to such actions (action-plan column 18).
	ActionTypes []ActionType `yaml:"action_types,omitempty" json:"action_types,omitempty"`
	// Indicators lists indicator ids or patterns (TRV.2.*) whose actions
	// this risk threatens whatever their type.
	Indicators []string `yaml:"indicators,omitempty" json:"indicators,omitempty"`
}

// KPI is an outcome indicator of a pillar (C.4, C.7).
type KPI struct {
	Name   string `yaml:"name" json:"name"`
	Unit   string `yaml:"unit" json:"unit"`
	Source string `yaml:"source" json:"source"`
}

// Pillar is the top level of the framework; it carries the strategic
// objective (SO) the generator proposes when the pillar has gaps.
type Pillar struct {
	Code            string     `yaml:"code" json:"code"`
	Title           string     `yaml:"title" json:"title"`
	Objective       string     `yaml:"objective" json:"objective"`
	ExpectedResults []string   `yaml:"expected_results" json:"expected_results"`
	KPIs            []KPI      `yaml:"kpis" json:"kpis"`
	Capacities      []Capacity `yaml:"capacities" json:"capacities"`
}

// Capacity groups indicators; it carries the specific objective (SpO).
type Capacity struct {
	ID         string      `yaml:"id" json:"id"`
	Title      string      `yaml:"title" json:"title"`
	Objective  string      `yaml:"objective" json:"objective"`
	Indicators []Indicator `yaml:"indicators" json:"indicators"`
}

// Indicator is one question of the questionnaire with its level descriptors,
// evidence prompts, responsible agencies, references and recommended actions.
type Indicator struct {
	ID       string `yaml:"id" json:"id"`
	Title    string `yaml:"title" json:"title"`
	Question string `yaml:"question" json:"question"`
	Guidance string `yaml:"guidance" json:"guidance"`
	// Weight is 3 for a binding obligation or core CT capability, 2 for core
	// good practice, 1 for enabling or advanced practice.
	Weight int `yaml:"weight" json:"weight"`
	// Applies restricts the indicator to states with one of these modes;
	// empty means it applies everywhere.
	Applies []Mode `yaml:"applies,omitempty" json:"applies,omitempty"`
	// Levels holds one descriptor per level 0–4.
	Levels   map[int]string `yaml:"levels" json:"levels"`
	Evidence []string       `yaml:"evidence" json:"evidence"`
	// Lead lists lead role codes in order of preference; Contributors the
	// contributing role codes; LeadNote qualifies them in words.
	Lead         []string `yaml:"lead" json:"lead"`
	LeadNote     string   `yaml:"lead_note,omitempty" json:"lead_note,omitempty"`
	Contributors []string `yaml:"contributors,omitempty" json:"contributors,omitempty"`
	// Actors are non-state or other stakeholders without a role code
	// (airlines, port operators, civil society).
	Actors []string `yaml:"actors,omitempty" json:"actors,omitempty"`
	// Partners are international partners typically involved.
	Partners []string `yaml:"partners,omitempty" json:"partners,omitempty"`
	// Restricted findings reveal specific vulnerabilities and go to the
	// restricted annex (C.6 rule 9).
	Restricted bool        `yaml:"restricted" json:"restricted"`
	References []Reference `yaml:"references" json:"references"`
	Actions    []Action    `yaml:"actions" json:"actions"`
}

// Reference cites an instrument at a locator: UNSCR 2396 OP11, A9 Std 9.5,
// EU 2019/1896 Art 3(1)(a), GCTF-BSM cluster SCREEN.
type Reference struct {
	Instrument string `yaml:"instrument" json:"instrument"`
	Locator    string `yaml:"locator,omitempty" json:"locator,omitempty"`
	Note       string `yaml:"note,omitempty" json:"note,omitempty"`
	// Binding marks a "decides/shall" obligation of a UNSC resolution or a
	// Standard of an ICAO annex.
	Binding bool `yaml:"binding,omitempty" json:"binding,omitempty"`
	// Verify marks a citation still to be checked against the primary text.
	Verify bool `yaml:"verify,omitempty" json:"verify,omitempty"`
}

// Action is a recommended action that brings an indicator from one of the
// From levels to level To.
type Action struct {
	ID     string     `yaml:"id" json:"id"`
	From   []int      `yaml:"from" json:"from"`
	To     int        `yaml:"to" json:"to"`
	Cost   CostRange  `yaml:"cost" json:"cost"`
	Months MonthRange `yaml:"months" json:"months"`
	Type   ActionType `yaml:"type" json:"type"`
	Text   string     `yaml:"text" json:"text"`
	Output string     `yaml:"output" json:"output"`
}

// StartsFrom reports whether the action is meant for an indicator at level.
func (a Action) StartsFrom(level int) bool {
	for _, f := range a.From {
		if f == level {
			return true
		}
	}
	return false
}

// AppliesTo reports whether the indicator applies to a state whose scope
// contains the given modes.
func (ind *Indicator) AppliesTo(modes []Mode) bool {
	if len(ind.Applies) == 0 {
		return true
	}
	for _, want := range ind.Applies {
		for _, have := range modes {
			if want == have {
				return true
			}
		}
	}
	return false
}

// Pillar code of an indicator or capacity id ("TRV.1.2" → "TRV").
func PillarCode(id string) string {
	if i := strings.IndexByte(id, '.'); i >= 0 {
		return id[:i]
	}
	return id
}

// CapacityID of an indicator id ("TRV.1.2" → "TRV.1").
func CapacityID(indicatorID string) string {
	if i := strings.LastIndexByte(indicatorID, '.'); i >= 0 {
		return indicatorID[:i]
	}
	return indicatorID
}

type frameworkIndex struct {
	indicators map[string]*Indicator
	pillars    map[string]*Pillar
	capacities map[string]*Capacity
	roles      map[string]*Role
	instrument map[string]*Instrument
	order      []string
}

// Index builds the lookup tables of the framework. It must be called again
// after the framework is modified; the loader calls it.
func (f *Framework) Index() {
	ix := &frameworkIndex{
		indicators: map[string]*Indicator{},
		pillars:    map[string]*Pillar{},
		capacities: map[string]*Capacity{},
		roles:      map[string]*Role{},
		instrument: map[string]*Instrument{},
	}
	for pi := range f.Pillars {
		p := &f.Pillars[pi]
		ix.pillars[p.Code] = p
		for ci := range p.Capacities {
			c := &p.Capacities[ci]
			ix.capacities[c.ID] = c
			for ii := range c.Indicators {
				ind := &c.Indicators[ii]
				if _, dup := ix.indicators[ind.ID]; !dup {
					ix.order = append(ix.order, ind.ID)
				}
				ix.indicators[ind.ID] = ind
			}
		}
	}
	for i := range f.Roles {
		ix.roles[f.Roles[i].Code] = &f.Roles[i]
	}
	for i := range f.Instruments {
		ix.instrument[f.Instruments[i].ID] = &f.Instruments[i]
	}
	f.index = ix
}

func (f *Framework) ix() *frameworkIndex {
	if f.index == nil {
		f.Index()
	}
	return f.index
}

// Indicator returns the indicator with the given id, or nil.
func (f *Framework) Indicator(id string) *Indicator { return f.ix().indicators[id] }

// Pillar returns the pillar with the given code, or nil.
func (f *Framework) Pillar(code string) *Pillar { return f.ix().pillars[code] }

// Capacity returns the capacity with the given id, or nil.
func (f *Framework) Capacity(id string) *Capacity { return f.ix().capacities[id] }

// Role returns the role with the given code, or nil.
func (f *Framework) Role(code string) *Role { return f.ix().roles[code] }

// Instrument returns the instrument with the given id, or nil.
func (f *Framework) Instrument(id string) *Instrument { return f.ix().instrument[id] }

// IndicatorIDs returns every indicator id in framework order.
func (f *Framework) IndicatorIDs() []string { return f.ix().order }

// Key identifies the framework as "id@version".
func (f *Framework) Key() string { return f.ID + "@" + f.Version }

// Counts returns the numbers of pillars, capacities, indicators and actions.
func (f *Framework) Counts() (pillars, capacities, indicators, actions int) {
	for _, p := range f.Pillars {
		pillars++
		for _, c := range p.Capacities {
			capacities++
			for _, ind := range c.Indicators {
				indicators++
				actions += len(ind.Actions)
			}
		}
	}
	return
}

// Cite formats a reference for display, using the instrument's short name:
// "ICAO Annex 9 Std 9.5".
func (f *Framework) Cite(r Reference) string {
	name := r.Instrument
	if in := f.Instrument(r.Instrument); in != nil && in.Short != "" {
		name = in.Short
	}
	s := name
	if r.Locator != "" {
		s += " " + r.Locator
	}
	return s
}
