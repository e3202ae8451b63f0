package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"bordergap/assessment"

	"github.com/gin-gonic/gin"
)

// routesAssessments registers the assessment pages: new, overview, status,
// settings (profile, agency mapping, team) and the audit log.
func (s *Server) routesAssessments(r gin.IRoutes) {
	r.GET("/assessments/new", s.newAssessmentPage)
	r.POST("/assessments", s.createAssessment)
	r.GET("/assessments/:id", s.overviewPage)
	r.POST("/assessments/:id/status", s.changeStatus)
	r.GET("/assessments/:id/settings", s.settingsPage)
	r.POST("/assessments/:id/settings", s.saveSettings)
	r.GET("/assessments/:id/audit", s.auditPage)
}

// maxTeamRows bounds the team rows read from a form.
const maxTeamRows = 60

// modeNames names the modes in forms; bus and coach travel counts as land.
var modeNames = map[assessment.Mode]string{
	assessment.ModeAir:  "Air",
	assessment.ModeSea:  "Sea",
	assessment.ModeLand: "Land (road, bus and coach)",
	assessment.ModeRail: "Rail",
}

// teamRoleNames names the team roles.
var teamRoleNames = map[assessment.TeamRole]string{
	assessment.RoleLead:     "lead assessor",
	assessment.RoleAssessor: "assessor",
	assessment.RoleReviewer: "reviewer",
}

// ---------------------------------------------------------------------------
// Request types

// teamRow is one row of the team editor: a person by e-mail and a role.
type teamRow struct {
	Email  string `form:"email" validate:"omitempty,email,max=254"`
	Role   string `form:"role" validate:"omitempty,oneof=lead assessor reviewer"`
	Remove bool   `form:"remove"`

	// For display.
	Name     string `form:"-" validate:"-"`
	Existing bool   `form:"-" validate:"-"`
	userID   int64
}

// newAssessmentForm is the request of POST /assessments.
type newAssessmentForm struct {
	State     string    `form:"state" validate:"required,alpha3"`
	StateName string    `form:"state_name" validate:"required,max=200"`
	Title     string    `form:"title" validate:"required,max=200"`
	Framework string    `form:"framework" validate:"required,max=200"`
	StartedOn string    `form:"started_on" validate:"omitempty,datetime=2006-01-02"`
	Modes     []string  `form:"modes" validate:"min=1,dive,oneof=air sea land rail"`
	Team      []teamRow `form:"team" validate:"dive"`
}

// settingsForm is the request of POST /assessments/:id/settings (with a
// profileForm).
type settingsForm struct {
	Version   int               `form:"version" validate:"gte=1"`
	Title     string            `form:"title" validate:"required,max=200"`
	StateName string            `form:"state_name" validate:"required,max=200"`
	StartedOn string            `form:"started_on" validate:"omitempty,datetime=2006-01-02"`
	Modes     []string          `form:"modes" validate:"min=1,dive,oneof=air sea land rail"`
	Team      []teamRow         `form:"team" validate:"dive"`
	Agencies  map[string]string `form:"agency" validate:"dive,max=1000"`
}

// profileForm holds the country profile fields shared by the new-assessment
// and settings forms. Numbers arrive as text and are parsed into the
// pointers (nil: left empty); Raw keeps the text for re-rendering.
type profileForm struct {
	CoordinationBody string   `form:"coordination_body" validate:"max=300"`
	BCPAir           *int     `form:"bcps_air" validate:"omitempty,gte=0,lte=10000"`
	BCPSea           *int     `form:"bcps_sea" validate:"omitempty,gte=0,lte=10000"`
	BCPLand          *int     `form:"bcps_land" validate:"omitempty,gte=0,lte=10000"`
	BCPRail          *int     `form:"bcps_rail" validate:"omitempty,gte=0,lte=10000"`
	LandBorderKm     *int     `form:"land_border_km" validate:"omitempty,gte=0,lte=100000"`
	CoastlineKm      *int     `form:"coastline_km" validate:"omitempty,gte=0,lte=1000000"`
	Neighbours       string   `form:"neighbours" validate:"max=5000"`
	CriticalPillars  []string `form:"critical_pillars" validate:"max=50"`
	StrategyStart    *int     `form:"strategy_start" validate:"omitempty,gte=2000,lte=2100"`
	Context          string   `form:"context" validate:"max=20000"`

	Raw map[string]string `form:"-" validate:"-"`
}

// requiredMessages name what is missing, so that the error summary at the
// top of a form reads well without the field beside it.
var requiredMessages = map[string]string{
	"state":        "Enter the three-letter code of the state, for example XAA.",
	"state_name":   "Enter the name of the state.",
	"title":        "Enter a title for the assessment.",
	"framework":    "Choose a framework.",
	"name":         "Enter a name.",
	"email":        "Enter the e-mail address.",
	"role":         "Choose a role.",
	"organisation": "Enter the organisation.",
}

// namedRequired replaces the generic "This field is required." with the
// message of requiredMessages.
func namedRequired(errs []assessment.FieldError) []assessment.FieldError {
	for i := range errs {
		if m, ok := requiredMessages[errs[i].Field]; ok && errs[i].Message == "This field is required." {
			errs[i].Message = m
		}
	}
	return errs
}

// numberLabels name the number fields, whose generic messages ("Enter 0
// or more.") would not say which field they are about in the summary.
var numberLabels = map[string]string{
	"bcps_air": "BCPs, air", "bcps_sea": "BCPs, sea", "bcps_land": "BCPs, land", "bcps_rail": "BCPs, rail",
	"land_border_km": "Land border", "coastline_km": "Coastline",
}

// refineErrors folds the errors of list items into their field and makes
// a few generic messages say what is expected.
func refineErrors(errs []assessment.FieldError) []assessment.FieldError {
	errs = namedRequired(errs)
	for i := range errs {
		if l, ok := numberLabels[errs[i].Field]; ok && strings.HasPrefix(errs[i].Message, "Enter ") {
			errs[i].Message = l + ": enter " + strings.TrimPrefix(errs[i].Message, "Enter ")
		}
		switch f := errs[i].Field; {
		case f == "started_on":
			errs[i].Message = "Enter the date as YYYY-MM-DD, for example 2026-09-14."
		case f == "modes":
			errs[i].Message = "Choose at least one mode."
		case strings.HasPrefix(f, "modes["):
			errs[i].Field, errs[i].Message = "modes", "Choose one of: air, sea, land, rail."
		case strings.HasPrefix(f, "critical_pillars["):
			errs[i].Field = "critical_pillars"
		}
	}
	return errs
}

// normaliseModes maps mode names to the framework's modes ("bus" and
// "coach" are land); names that are no mode are kept, for the validator to
// refuse.
func normaliseModes(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		if m, ok := assessment.ParseMode(s); ok {
			out = append(out, string(m))
		} else {
			out = append(out, s)
		}
	}
	return out
}

// parseIntField reads an optional whole number from the form into dst,
// recording a field error when the text is not a number.
func parseIntField(c *gin.Context, name string, dst **int, raw map[string]string, errs *[]assessment.FieldError) {
	v := strings.TrimSpace(c.PostForm(name))
	raw[name] = v
	if v == "" {
		*dst = nil
		return
	}
	n, err := strconv.Atoi(strings.ReplaceAll(strings.ReplaceAll(v, ",", ""), " ", ""))
	if err != nil {
		*errs = append(*errs, assessment.FieldError{Field: name, Message: "Enter a whole number, such as 12."})
		*dst = nil
		return
	}
	*dst = &n
}

// parseProfileForm reads the profile fields of a posted form.
func parseProfileForm(c *gin.Context) (profileForm, []assessment.FieldError) {
	var errs []assessment.FieldError
	p := profileForm{
		CoordinationBody: strings.TrimSpace(c.PostForm("coordination_body")),
		Neighbours:       strings.TrimSpace(c.PostForm("neighbours")),
		CriticalPillars:  c.PostFormArray("critical_pillars"),
		Context:          strings.TrimSpace(c.PostForm("context")),
		Raw:              map[string]string{},
	}
	for name, dst := range map[string]**int{
		"bcps_air": &p.BCPAir, "bcps_sea": &p.BCPSea, "bcps_land": &p.BCPLand, "bcps_rail": &p.BCPRail,
		"land_border_km": &p.LandBorderKm, "coastline_km": &p.CoastlineKm, "strategy_start": &p.StrategyStart,
	} {
		parseIntField(c, name, dst, p.Raw, &errs)
	}
	errs = append(errs, checkStruct(&p)...)
	if p.StrategyStart != nil && (*p.StrategyStart < 2000 || *p.StrategyStart > 2100) {
		for i := range errs {
			if errs[i].Field == "strategy_start" {
				errs[i].Message = "Enter a year between 2000 and 2100."
			}
		}
	}
	return p, errs
}

// checkPillars records an error for pillar codes the framework does not
// have.
func (p *profileForm) checkPillars(f *assessment.Framework) []assessment.FieldError {
	for _, code := range p.CriticalPillars {
		if f.Pillar(code) == nil {
			return []assessment.FieldError{{Field: "critical_pillars", Message: fmt.Sprintf("%q is not a pillar of %s; choose from the list.", code, f.Title)}}
		}
	}
	return nil
}

// apply writes the form's profile fields into prof (the agency mapping is
// left alone).
func (p *profileForm) apply(prof *assessment.Profile, f *assessment.Framework) {
	prof.CoordinationBody = p.CoordinationBody
	prof.BCPs = map[assessment.Mode]int{}
	for m, v := range map[assessment.Mode]*int{assessment.ModeAir: p.BCPAir, assessment.ModeSea: p.BCPSea,
		assessment.ModeLand: p.BCPLand, assessment.ModeRail: p.BCPRail} {
		if v != nil {
			prof.BCPs[m] = *v
		}
	}
	if len(prof.BCPs) == 0 {
		prof.BCPs = nil
	}
	prof.LandBorderKm, prof.CoastlineKm, prof.StrategyStart = intOrZero(p.LandBorderKm), intOrZero(p.CoastlineKm), intOrZero(p.StrategyStart)
	prof.Neighbours = nonBlankLines(p.Neighbours)
	prof.CriticalPillars = nil
	chosen := map[string]bool{}
	for _, c := range p.CriticalPillars {
		chosen[c] = true
	}
	for _, pl := range f.Pillars {
		if chosen[pl.Code] {
			prof.CriticalPillars = append(prof.CriticalPillars, pl.Code)
		}
	}
	prof.Context = p.Context
}

// profileFormOf fills the form from a stored profile.
func profileFormOf(prof assessment.Profile) profileForm {
	p := profileForm{CoordinationBody: prof.CoordinationBody, Neighbours: strings.Join(prof.Neighbours, "\n"),
		CriticalPillars: prof.CriticalPillars, Context: prof.Context, Raw: map[string]string{}}
	num := func(name string, v int, keepZero bool) {
		if v != 0 || keepZero {
			p.Raw[name] = strconv.Itoa(v)
		}
	}
	for m, name := range map[assessment.Mode]string{assessment.ModeAir: "bcps_air", assessment.ModeSea: "bcps_sea",
		assessment.ModeLand: "bcps_land", assessment.ModeRail: "bcps_rail"} {
		if n, ok := prof.BCPs[m]; ok {
			num(name, n, true)
		}
	}
	num("land_border_km", prof.LandBorderKm, false)
	num("coastline_km", prof.CoastlineKm, false)
	num("strategy_start", prof.StrategyStart, false)
	return p
}

func intOrZero(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// nonBlankLines returns the non-blank trimmed lines of s.
func nonBlankLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// splitInstitutions splits "A; B" into its non-blank names.
func splitInstitutions(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseTeamRows reads the rows team[0].email, team[0].role,
// team[0].remove... as posted, blank rows included, so that errors keep
// their row numbers.
func parseTeamRows(c *gin.Context) []teamRow {
	var rows []teamRow
	last := -1
	for i := 0; i < maxTeamRows; i++ {
		if _, ok := c.GetPostForm(fmt.Sprintf("team[%d].email", i)); ok {
			last = i
		}
	}
	for i := 0; i <= last; i++ {
		rows = append(rows, teamRow{
			Email:  strings.TrimSpace(c.PostForm(fmt.Sprintf("team[%d].email", i))),
			Role:   strings.TrimSpace(c.PostForm(fmt.Sprintf("team[%d].role", i))),
			Remove: c.PostForm(fmt.Sprintf("team[%d].remove", i)) != "",
		})
	}
	return rows
}

// trimBlankRows drops the empty rows at the end of a posted team, so that
// a re-rendered form does not grow; rows before keep their numbers (and
// their errors).
func trimBlankRows(rows []teamRow) []teamRow {
	n := len(rows)
	for n > 0 && rows[n-1].Email == "" && !rows[n-1].Existing {
		n--
	}
	return rows[:n]
}

// resolveTeam looks up the people of the team rows by e-mail. Rows without
// an e-mail are ignored; unknown, disabled or ineligible people and
// duplicates are field errors. self is the person creating the assessment
// (nil on the settings page), already on the team as lead; current is the
// stored assessment on the settings page, whose members stay eligible even
// if their account changed since.
func (s *Server) resolveTeam(c *gin.Context, rows []teamRow, self *assessment.User, current *assessment.Assessment) []assessment.FieldError {
	var errs []assessment.FieldError
	seen := map[string]int{}
	for i := range rows {
		r := &rows[i]
		if r.Email == "" || r.Remove {
			continue
		}
		field := fmt.Sprintf("team[%d].email", i)
		key := strings.ToLower(r.Email)
		if self != nil && strings.EqualFold(self.Email, r.Email) {
			errs = append(errs, assessment.FieldError{Field: field, Message: "You are already on the team, as lead assessor."})
			continue
		}
		if j, dup := seen[key]; dup {
			errs = append(errs, assessment.FieldError{Field: field, Message: fmt.Sprintf("This person is already on the team (row %d).", j+1)})
			continue
		}
		seen[key] = i
		u, err := s.store.FindUserByEmail(c.Request.Context(), r.Email)
		switch {
		case assessment.ErrorCode(err) == assessment.ENOTFOUND:
			errs = append(errs, assessment.FieldError{Field: field, Message: "Nobody with this e-mail address has an account. Ask an administrator to create one first."})
			continue
		case err != nil:
			return append(errs, assessment.FieldError{Field: field, Message: "This person could not be looked up; try again."})
		case current != nil && current.MemberRole(u.ID) != "":
		case u.Disabled:
			errs = append(errs, assessment.FieldError{Field: field, Message: fmt.Sprintf("The account of %s is disabled.", u.Name)})
			continue
		case u.Role != assessment.UserConsultant && u.Role != assessment.UserAdmin:
			errs = append(errs, assessment.FieldError{Field: field, Message: fmt.Sprintf("%s is not a consultant; only consultants can join an assessment team.", u.Name)})
			continue
		}
		r.userID, r.Name = u.ID, u.Name
	}
	return errs
}

// storeFieldKey maps a field path of a store validation error to the name
// of the form field that shows it.
func storeFieldKey(field string) string {
	switch {
	case field == "state", field == "state_name", field == "title", field == "framework":
		return field
	case strings.HasPrefix(field, "scope.modes"):
		return "modes"
	case strings.HasPrefix(field, "profile.bcps."):
		return "bcps_" + strings.TrimPrefix(field, "profile.bcps.")
	case strings.HasPrefix(field, "profile.agencies."):
		return "agency[" + strings.TrimPrefix(field, "profile.agencies.") + "]"
	case strings.HasPrefix(field, "profile.critical_pillars"):
		return "critical_pillars"
	case strings.HasPrefix(field, "team"):
		return "team"
	}
	return "form"
}

// storeErrors turns a store error into form errors when it is a
// validation error; ok is false for any other error.
func storeErrors(err error) (errs []assessment.FieldError, ok bool) {
	if assessment.ErrorCode(err) != assessment.EINVALID {
		return nil, false
	}
	fields := assessment.ErrorFields(err)
	if len(fields) == 0 {
		return []assessment.FieldError{{Field: "form", Message: assessment.ErrorMessage(err)}}, true
	}
	for _, f := range fields {
		msg := f.Message
		if len(msg) > 0 {
			msg = strings.ToUpper(msg[:1]) + msg[1:]
		}
		if !strings.HasSuffix(msg, ".") {
			msg += "."
		}
		errs = append(errs, assessment.FieldError{Field: storeFieldKey(f.Field), Message: msg})
	}
	return errs, true
}

// ---------------------------------------------------------------------------
// Shared view models

type modeChoice struct {
	Value, Label string
	Short        string // "Land", for the BCP count
	Checked      bool
	BCPName      string // the name of the BCP count field
	BCPs         string
}

func modeOptions(chosen []string, p profileForm) []modeChoice {
	var out []modeChoice
	for _, m := range assessment.Modes {
		o := modeChoice{Value: string(m), Label: modeNames[m], Short: strings.ToUpper(string(m)[:1]) + string(m)[1:], BCPName: "bcps_" + string(m)}
		for _, c := range chosen {
			if c == string(m) {
				o.Checked = true
			}
		}
		o.BCPs = p.Raw[o.BCPName]
		out = append(out, o)
	}
	return out
}

type pillarChoice struct {
	Code, Title string
	Checked     bool
	ID          string
}

type pillarGroup struct {
	Legend  string
	Pillars []pillarChoice
}

func pillarOptions(f *assessment.Framework, chosen []string, idPrefix string) []pillarChoice {
	var out []pillarChoice
	for _, p := range f.Pillars {
		o := pillarChoice{Code: p.Code, Title: p.Title, ID: idPrefix + "pillar-" + p.Code}
		for _, c := range chosen {
			if c == p.Code {
				o.Checked = true
			}
		}
		out = append(out, o)
	}
	return out
}

// frameworkChoices returns the installed frameworks, sorted, with their
// resolved definitions.
func (s *Server) frameworkChoices() ([]FrameworkChoice, map[string]*assessment.Framework) {
	var list []FrameworkChoice
	if s.cfg.FrameworkList != nil {
		list = s.cfg.FrameworkList()
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].ID != list[j].ID {
			return list[i].ID < list[j].ID
		}
		return list[i].Version > list[j].Version
	})
	defs := map[string]*assessment.Framework{}
	var out []FrameworkChoice
	for _, fc := range list {
		f, err := s.cfg.Frameworks.Framework(fc.ID, fc.Version)
		if err != nil {
			continue
		}
		defs[fc.ID+"@"+fc.Version] = f
		out = append(out, fc)
	}
	return out, defs
}

// ---------------------------------------------------------------------------
// New assessment

type frameworkChoiceOption struct {
	Key, Title string
	Selected   bool
}

type newAssessmentData struct {
	Form       newAssessmentForm
	Profile    profileForm
	Frameworks []frameworkChoiceOption
	Modes      []modeChoice
	Pillars    []pillarGroup
	Team       []teamRow
	Creator    *assessment.User
}

func (s *Server) requireCreator(c *gin.Context) bool {
	if !assessment.CanCreateAssessment(currentUser(c)) {
		s.fail(c, assessment.Errorf(assessment.EFORBIDDEN, "Only consultants and administrators can start an assessment."))
		return false
	}
	return true
}

func (s *Server) newAssessmentPage(c *gin.Context) {
	if !s.requireCreator(c) {
		return
	}
	choices, _ := s.frameworkChoices()
	form := newAssessmentForm{}
	if len(choices) > 0 {
		form.Framework = choices[0].ID + "@" + choices[0].Version
	}
	prof := profileForm{Raw: map[string]string{"strategy_start": strconv.Itoa(s.cfg.Now().Year() + 1)}}
	s.renderNewAssessment(c, http.StatusOK, form, prof, nil)
}

func (s *Server) renderNewAssessment(c *gin.Context, status int, form newAssessmentForm, prof profileForm, errs []assessment.FieldError) {
	choices, defs := s.frameworkChoices()
	d := newAssessmentData{Form: form, Profile: prof, Modes: modeOptions(form.Modes, prof), Creator: currentUser(c)}
	for _, fc := range choices {
		key := fc.ID + "@" + fc.Version
		d.Frameworks = append(d.Frameworks, frameworkChoiceOption{Key: key, Title: fmt.Sprintf("%s (%s, version %s)", fc.Title, fc.ID, fc.Version), Selected: key == form.Framework})
		g := pillarGroup{Legend: "Critical pillars", Pillars: pillarOptions(defs[key], prof.CriticalPillars, slugID(key)+"-")}
		if len(choices) > 1 {
			g.Legend = "Critical pillars (" + fc.Title + " " + fc.Version + ")"
		}
		d.Pillars = append(d.Pillars, g)
	}
	d.Team = trimBlankRows(form.Team)
	blank := 4 - len(d.Team)
	if blank < 2 {
		blank = 2
	}
	for i := 0; i < blank && len(d.Team) < maxTeamRows; i++ {
		d.Team = append(d.Team, teamRow{Role: string(assessment.RoleAssessor)})
	}
	p := Page{Nav: "new", Errors: errorMap(errs), Data: d, Title: "New assessment"}
	s.renderPage(c, status, "assessment-new", p)
}

func slugID(s string) string {
	return strings.NewReplacer("@", "-", ".", "-", " ", "-", "/", "-").Replace(s)
}

func (s *Server) createAssessment(c *gin.Context) {
	if !s.requireCreator(c) {
		return
	}
	u := currentUser(c)
	form := newAssessmentForm{
		State:     strings.ToUpper(strings.TrimSpace(c.PostForm("state"))),
		StateName: strings.TrimSpace(c.PostForm("state_name")),
		Title:     strings.TrimSpace(c.PostForm("title")),
		Framework: strings.TrimSpace(c.PostForm("framework")),
		StartedOn: strings.TrimSpace(c.PostForm("started_on")),
		Modes:     normaliseModes(c.PostFormArray("modes")),
		Team:      parseTeamRows(c),
	}
	prof, errs := parseProfileForm(c)
	errs = append(errs, checkStruct(&form)...)
	_, defs := s.frameworkChoices()
	f := defs[form.Framework]
	if f == nil && form.Framework != "" {
		errs = append(errs, assessment.FieldError{Field: "framework", Message: "Choose one of the installed frameworks."})
	}
	if f != nil {
		errs = append(errs, prof.checkPillars(f)...)
	}
	for i, r := range form.Team {
		if r.Role == string(assessment.RoleLead) && r.Email != "" {
			errs = append(errs, assessment.FieldError{Field: fmt.Sprintf("team[%d].role", i), Message: "You are the lead assessor; add others as assessors or reviewers."})
		}
	}
	errs = append(errs, s.resolveTeam(c, form.Team, u, nil)...)
	if len(errs) > 0 {
		s.renderNewAssessment(c, http.StatusUnprocessableEntity, form, prof, refineErrors(errs))
		return
	}
	a := &assessment.Assessment{
		State: form.State, StateName: form.StateName, Title: form.Title,
		FrameworkID: f.ID, FrameworkVersion: f.Version, Status: assessment.StatusDraft,
		StartedOn: form.StartedOn,
		Team:      []assessment.Member{{UserID: u.ID, Role: assessment.RoleLead}},
	}
	for _, m := range form.Modes {
		mode, _ := assessment.ParseMode(m)
		a.Scope.Modes = append(a.Scope.Modes, mode)
	}
	a.Scope.Modes = orderedModes(a.Scope.Modes)
	for _, r := range form.Team {
		if r.userID != 0 {
			a.Team = append(a.Team, assessment.Member{UserID: r.userID, Role: assessment.TeamRole(r.Role)})
		}
	}
	prof.apply(&a.Profile, f)
	if err := s.store.CreateAssessment(c.Request.Context(), u.ID, a); err != nil {
		if errs, ok := storeErrors(err); ok {
			s.renderNewAssessment(c, http.StatusUnprocessableEntity, form, prof, errs)
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d?done=created", a.ID))
}

// orderedModes removes duplicates and puts modes in display order.
func orderedModes(in []assessment.Mode) []assessment.Mode {
	var out []assessment.Mode
	for _, m := range assessment.Modes {
		for _, v := range in {
			if v == m {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// Overview and status

type lifecycleStep struct {
	Label         string
	Current, Done bool
}

type lifecycleAction struct {
	To, Label, Hint string
}

type teamMemberView struct {
	Name, Email, Role string
}

type pillarProgressRow struct {
	Code, Title string
	Applicable  int
	ByAssessor  []int
	Consensus   int
	Percent     int
}

type overviewFact struct {
	Label, Value string
}

type subPageLink struct {
	Href, Label, Text string
}

type overviewData struct {
	Steps            []lifecycleStep
	Actions          []lifecycleAction
	Version          int
	Message          string // why a status change failed
	Team             []teamMemberView
	ShowEmails       bool
	Framework        string
	Facts            []overviewFact
	Modes            []overviewFact
	Neighbours       []string
	Critical         []string
	Context          string
	Agencies         int // mapped role codes
	Roles            int // role codes of the framework
	Assessors        []string
	Progress         []pillarProgressRow
	Total            pillarProgressRow
	NoConsensus      int
	Links            []subPageLink
	ShowTeamProgress bool
	CanEdit          bool
}

func (s *Server) overviewPage(c *gin.Context) {
	v, ok := s.loadView(c, assessment.PermView)
	if !ok {
		return
	}
	s.renderOverview(c, v, http.StatusOK, "")
}

func (s *Server) renderOverview(c *gin.Context, v *view, status int, message string) {
	an, _, err := s.analysis(c, v)
	if err != nil {
		s.fail(c, err)
		return
	}
	a, f := v.A, v.F
	d := overviewData{Version: a.Version, Message: message, ShowEmails: v.Can[assessment.PermQuestionnaire],
		Framework: fmt.Sprintf("%s (%s, version %s)", f.Title, f.ID, f.Version), Context: a.Profile.Context,
		Neighbours: a.Profile.Neighbours, Roles: len(f.Roles), ShowTeamProgress: v.Can[assessment.PermQuestionnaire],
		CanEdit: v.Can[assessment.PermEdit] && a.Status.Editable()}
	cur := -1
	for i, st := range assessment.Statuses {
		if st == a.Status {
			cur = i
		}
	}
	for i, st := range assessment.Statuses {
		d.Steps = append(d.Steps, lifecycleStep{Label: st.Label(), Current: i == cur, Done: i < cur})
	}
	if v.Can[assessment.PermConsensus] {
		for _, to := range assessment.Statuses {
			if assessment.CanTransition(a.Status, to) {
				d.Actions = append(d.Actions, lifecycleActionFor(a, to))
			}
		}
	}
	for _, m := range a.Team {
		d.Team = append(d.Team, teamMemberView{Name: m.Name, Email: m.Email, Role: teamRoleNames[m.Role]})
	}
	d.Facts = []overviewFact{{"Framework", d.Framework}, {"Round", roundText(a)}}
	if a.StartedOn != "" {
		d.Facts = append(d.Facts, overviewFact{"Mission start", a.StartedOn})
	}
	if a.Profile.CoordinationBody != "" {
		d.Facts = append(d.Facts, overviewFact{"Coordination body", a.Profile.CoordinationBody})
	}
	if a.Profile.LandBorderKm > 0 {
		d.Facts = append(d.Facts, overviewFact{"Land border", formatMoney(float64(a.Profile.LandBorderKm), "") + " km"})
	}
	if a.Profile.CoastlineKm > 0 {
		d.Facts = append(d.Facts, overviewFact{"Coastline", formatMoney(float64(a.Profile.CoastlineKm), "") + " km"})
	}
	if a.Profile.StrategyStart > 0 {
		d.Facts = append(d.Facts, overviewFact{"Strategy starts", strconv.Itoa(a.Profile.StrategyStart)})
	}
	for _, m := range assessment.Modes {
		if !a.Scope.Has(m) {
			continue
		}
		bcp := "BCPs not recorded"
		if n, ok := a.Profile.BCPs[m]; ok {
			bcp = fmt.Sprintf("%d border crossing point", n)
			if n != 1 {
				bcp += "s"
			}
		}
		d.Modes = append(d.Modes, overviewFact{modeNames[m], bcp})
	}
	for _, code := range a.Profile.CriticalPillars {
		if p := f.Pillar(code); p != nil {
			d.Critical = append(d.Critical, p.Title+" ("+code+")")
		}
	}
	for _, r := range f.Roles {
		if _, ok := a.Profile.Institution(r.Code); ok {
			d.Agencies++
		}
	}

	// Progress per pillar: applicable indicators, scored by each assessor,
	// consensus set.
	assessors := a.Assessors()
	col := map[int64]int{}
	for i, m := range assessors {
		col[m.UserID] = i
		d.Assessors = append(d.Assessors, m.Name)
	}
	d.Total = pillarProgressRow{Title: "All pillars", ByAssessor: make([]int, len(assessors))}
	for _, pr := range an.Pillars {
		row := pillarProgressRow{Code: pr.Pillar.Code, Title: pr.Pillar.Title, ByAssessor: make([]int, len(assessors))}
		for _, cr := range pr.Capacities {
			for _, ir := range cr.Indicators {
				if !ir.Applicable {
					continue
				}
				row.Applicable++
				for _, sc := range ir.Scores {
					if i, ok := col[sc.AssessorID]; ok && sc.Level.Scored() {
						row.ByAssessor[i]++
					}
				}
				if ir.ConsensusSet {
					row.Consensus++
				}
			}
		}
		row.Percent = shareOf(row.Consensus, row.Applicable)
		d.Total.Applicable += row.Applicable
		d.Total.Consensus += row.Consensus
		for i, n := range row.ByAssessor {
			d.Total.ByAssessor[i] += n
		}
		d.Progress = append(d.Progress, row)
	}
	d.Total.Percent = shareOf(d.Total.Consensus, d.Total.Applicable)
	d.NoConsensus = d.Total.Applicable - d.Total.Consensus

	base := fmt.Sprintf("/assessments/%d", a.ID)
	if v.Can[assessment.PermQuestionnaire] {
		d.Links = append(d.Links, subPageLink{base + "/questionnaire", "Questionnaire", "Score the indicators, pillar by pillar, with evidence."})
	}
	if v.Can[assessment.PermReview] {
		d.Links = append(d.Links, subPageLink{base + "/review", "Review", "Compare the assessors' levels and set the consensus."})
	}
	d.Links = append(d.Links,
		subPageLink{base + "/scorecard", "Scorecard", "Radar chart, pillar scores, top gaps and unmet binding obligations."},
		subPageLink{base + "/plan", "Plan", "The strategy and action plan generated from the gaps."},
		subPageLink{base + "/documents", "Documents", "Download the report, the strategy and the action plan."})
	if v.Can[assessment.PermEdit] {
		d.Links = append(d.Links, subPageLink{base + "/settings", "Settings", "Scope, team, country profile and agency mapping."})
	}
	if v.Can[assessment.PermAudit] {
		d.Links = append(d.Links, subPageLink{base + "/audit", "Audit log", "Every change to this assessment: who, when, what."})
	}
	p := v.page("overview", d)
	p.Title = a.StateName + " — " + a.Title
	s.renderPage(c, status, "assessment-overview", p)
}

func shareOf(n, of int) int {
	if of == 0 {
		return 0
	}
	return n * 100 / of
}

func roundText(a *assessment.Assessment) string {
	if a.Round <= 1 {
		return "1 (baseline)"
	}
	return strconv.Itoa(a.Round) + " (follow-up)"
}

func lifecycleActionFor(a *assessment.Assessment, to assessment.Status) lifecycleAction {
	act := lifecycleAction{To: string(to)}
	switch {
	case a.Status == assessment.StatusDraft && to == assessment.StatusInReview:
		act.Label, act.Hint = "Start the review", "Assessors' levels are compared side by side and the lead sets the consensus."
	case to == assessment.StatusDraft:
		act.Label, act.Hint = "Back to draft", "The review stops; the team goes on scoring."
	case to == assessment.StatusValidated:
		act.Label, act.Hint = "Validate", "The consensus is final: responses and settings can no longer change."
	case a.Status == assessment.StatusValidated && to == assessment.StatusInReview:
		act.Label, act.Hint = "Reopen the review", "Responses, consensus and settings can change again."
	case to == assessment.StatusPublished:
		act.Label, act.Hint = "Publish", "Publishing is final. The ministry focal points of "+a.StateName+" can then see the assessment and download its documents."
	default:
		act.Label = "Move to " + to.Label()
	}
	return act
}

// statusChangeForm is the request of POST /assessments/:id/status.
type statusChangeForm struct {
	To      string `form:"to" validate:"required,oneof=draft in_review validated published"`
	Version int    `form:"version" validate:"gte=1"`
}

func (s *Server) changeStatus(c *gin.Context) {
	v, ok := s.loadView(c, assessment.PermConsensus)
	if !ok {
		return
	}
	var form statusChangeForm
	form.To = strings.TrimSpace(c.PostForm("to"))
	form.Version, _ = strconv.Atoi(strings.TrimSpace(c.PostForm("version")))
	if errs := checkStruct(&form); len(errs) > 0 {
		s.renderOverview(c, v, http.StatusUnprocessableEntity, "The status change was not understood; use one of the buttons below.")
		return
	}
	to := assessment.Status(form.To)
	if form.Version != v.A.Version {
		s.renderOverview(c, v, http.StatusConflict, staleStatusMessage)
		return
	}
	if !assessment.CanTransition(v.A.Status, to) {
		s.renderOverview(c, v, http.StatusUnprocessableEntity,
			fmt.Sprintf("An assessment that is %s cannot become %s. The buttons below show the possible steps.", v.A.Status.Label(), to.Label()))
		return
	}
	a, err := s.store.SetStatus(c.Request.Context(), currentUser(c).ID, v.A.ID, form.Version, to)
	switch assessment.ErrorCode(err) {
	case "":
	case assessment.ECONFLICT:
		if cur, err := s.store.FindAssessmentByID(c.Request.Context(), v.A.ID); err == nil {
			v.A = cur
		}
		s.renderOverview(c, v, http.StatusConflict, staleStatusMessage)
		return
	case assessment.EINVALID:
		s.renderOverview(c, v, http.StatusUnprocessableEntity, assessment.ErrorMessage(err))
		return
	default:
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d?done=status", a.ID))
}

const staleStatusMessage = "This assessment was changed by someone else since you opened it, so the status was not changed. " +
	"This page now shows its current state; check it and press the button again if the step is still right."

// ---------------------------------------------------------------------------
// Settings

type agencyRow struct {
	Code, Name, Functions string
	Field, ID             string
	Value                 string
	Unmapped              bool
}

type settingsDiffRow struct {
	Label, Yours, Current string
}

type settingsData struct {
	Form     settingsForm
	Profile  profileForm
	Modes    []modeChoice
	Pillars  []pillarChoice
	Team     []teamRow
	Agencies []agencyRow
	Unmapped int
	Editable bool
	// Notice explains why the form cannot be saved (status, role).
	Notice string
	// Conflict is set when a save was refused as stale; Changes lists the
	// values the person had entered that differ from the current ones.
	Conflict   string
	Changes    []settingsDiffRow
	RoleChoice []string
}

func (s *Server) settingsPage(c *gin.Context) {
	v, ok := s.loadView(c, assessment.PermEdit)
	if !ok {
		return
	}
	form, prof := settingsFormOf(v.A)
	s.renderSettings(c, v, http.StatusOK, form, prof, nil, "", nil)
}

// settingsFormOf fills the settings form from a stored assessment.
func settingsFormOf(a *assessment.Assessment) (settingsForm, profileForm) {
	form := settingsForm{Version: a.Version, Title: a.Title, StateName: a.StateName, StartedOn: a.StartedOn, Agencies: map[string]string{}}
	for _, m := range a.Scope.Modes {
		form.Modes = append(form.Modes, string(m))
	}
	for _, m := range a.Team {
		form.Team = append(form.Team, teamRow{Email: m.Email, Role: string(m.Role), Name: m.Name, Existing: true, userID: m.UserID})
	}
	for code, names := range a.Profile.Agencies {
		form.Agencies[code] = strings.Join(names, "; ")
	}
	return form, profileFormOf(a.Profile)
}

func (s *Server) renderSettings(c *gin.Context, v *view, status int, form settingsForm, prof profileForm, errs []assessment.FieldError, conflict string, changes []settingsDiffRow) {
	u := currentUser(c)
	a, f := v.A, v.F
	d := settingsData{Form: form, Profile: prof, Modes: modeOptions(form.Modes, prof), Pillars: pillarOptions(f, prof.CriticalPillars, ""),
		Editable: true, Conflict: conflict, Changes: changes, RoleChoice: []string{"lead", "assessor", "reviewer"}}
	switch {
	case !a.Status.Editable():
		d.Editable = false
		d.Notice = fmt.Sprintf("This assessment is %s: its settings can no longer change. The lead assessor can reopen the review from the overview to change them.", a.Status.Label())
	case a.MemberRole(u.ID) != assessment.RoleLead:
		d.Editable = false
		d.Notice = "Only the lead assessor of this assessment can change its settings. You can read them here."
	}
	// Team rows: members by e-mail, names from the stored team.
	byEmail := map[string]assessment.Member{}
	for _, m := range a.Team {
		byEmail[strings.ToLower(m.Email)] = m
	}
	for _, r := range form.Team {
		if m, ok := byEmail[strings.ToLower(r.Email)]; ok && r.Email != "" {
			r.Existing, r.Name = true, m.Name
		} else if r.Existing {
			r.Existing = false
		}
		d.Team = append(d.Team, r)
	}
	d.Team = trimBlankRows(d.Team)
	if d.Editable {
		for i := 0; i < 3 && len(d.Team) < maxTeamRows; i++ {
			d.Team = append(d.Team, teamRow{Role: string(assessment.RoleAssessor)})
		}
	}
	for _, r := range f.Roles {
		row := agencyRow{Code: r.Code, Name: r.Name, Functions: r.Functions, Field: "agency[" + r.Code + "]",
			ID: "f-agency[" + r.Code + "]", Value: form.Agencies[r.Code]}
		row.Unmapped = len(splitInstitutions(row.Value)) == 0
		if row.Unmapped {
			d.Unmapped++
		}
		d.Agencies = append(d.Agencies, row)
	}
	p := v.page("settings", d)
	p.Title = "Settings — " + a.StateName
	p.Errors = errorMap(errs)
	s.renderPage(c, status, "assessment-settings", p)
}

func (s *Server) saveSettings(c *gin.Context) {
	v, ok := s.loadView(c, assessment.PermEdit)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	form := settingsForm{
		Title:     strings.TrimSpace(c.PostForm("title")),
		StateName: strings.TrimSpace(c.PostForm("state_name")),
		StartedOn: strings.TrimSpace(c.PostForm("started_on")),
		Modes:     normaliseModes(c.PostFormArray("modes")),
		Team:      parseTeamRows(c),
		Agencies:  map[string]string{},
	}
	form.Version, _ = strconv.Atoi(strings.TrimSpace(c.PostForm("version")))
	for _, r := range v.F.Roles {
		if val, ok := c.GetPostForm("agency[" + r.Code + "]"); ok {
			form.Agencies[r.Code] = strings.TrimSpace(val)
		}
	}
	prof, errs := parseProfileForm(c)
	errs = append(errs, checkStruct(&form)...)
	errs = append(errs, prof.checkPillars(v.F)...)

	// A stale form is not saved whatever else is wrong with it.
	if form.Version != v.A.Version {
		s.settingsConflict(c, v, form, prof)
		return
	}
	errs = append(errs, s.resolveTeam(c, form.Team, nil, v.A)...)
	leads := 0
	for _, r := range form.Team {
		if r.Email != "" && !r.Remove && r.Role == string(assessment.RoleLead) {
			leads++
		}
	}
	if leads != 1 {
		errs = append(errs, assessment.FieldError{Field: "team", Message: fmt.Sprintf("Choose exactly one lead assessor (the form has %d).", leads)})
	}
	if len(errs) > 0 {
		s.renderSettings(c, v, http.StatusUnprocessableEntity, form, prof, refineErrors(errs), "", nil)
		return
	}
	a := *v.A
	a.Title, a.StateName, a.StartedOn, a.Version = form.Title, form.StateName, form.StartedOn, form.Version
	a.Scope.Modes = nil
	for _, m := range form.Modes {
		mode, _ := assessment.ParseMode(m)
		a.Scope.Modes = append(a.Scope.Modes, mode)
	}
	a.Scope.Modes = orderedModes(a.Scope.Modes)
	a.Team = nil
	for _, r := range form.Team {
		if r.userID != 0 && !r.Remove {
			a.Team = append(a.Team, assessment.Member{UserID: r.userID, Role: assessment.TeamRole(r.Role)})
		}
	}
	prof.apply(&a.Profile, v.F)
	a.Profile.Agencies = map[string][]string{}
	for code, val := range form.Agencies {
		if names := splitInstitutions(val); len(names) > 0 {
			a.Profile.Agencies[code] = names
		}
	}
	err := s.store.UpdateAssessment(ctx, u.ID, &a)
	switch assessment.ErrorCode(err) {
	case "":
	case assessment.ECONFLICT:
		cur, ferr := s.store.FindAssessmentByID(ctx, v.A.ID)
		if ferr != nil {
			s.fail(c, ferr)
			return
		}
		v.A = cur
		s.settingsConflict(c, v, form, prof)
		return
	case assessment.EINVALID:
		if errs, ok := storeErrors(err); ok {
			s.renderSettings(c, v, http.StatusUnprocessableEntity, form, prof, errs, "", nil)
			return
		}
		s.fail(c, err)
		return
	case assessment.EFORBIDDEN:
		s.renderSettings(c, v, http.StatusForbidden, form, prof, []assessment.FieldError{{Field: "form", Message: assessment.ErrorMessage(err)}}, "", nil)
		return
	default:
		s.fail(c, err)
		return
	}
	// The person may have handed the lead to someone else.
	if a.MemberRole(u.ID) == assessment.RoleLead || u.Role == assessment.UserAdmin {
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d/settings?done=saved", a.ID))
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d?done=saved", a.ID))
}

// settingsConflict re-renders the settings with the current stored values
// and lists what the person had entered that differs: nothing is
// overwritten.
func (s *Server) settingsConflict(c *gin.Context, v *view, yours settingsForm, yourProf profileForm) {
	cur, curProf := settingsFormOf(v.A)
	who := ""
	if log, err := s.store.FindAudit(c.Request.Context(), v.A.ID); err == nil {
		for i := len(log) - 1; i >= 0; i-- {
			if log[i].Entity == "assessment" && log[i].ActorName != "" {
				who = fmt.Sprintf(" (last change by %s, %s)", log[i].ActorName, log[i].At.UTC().Format("2 Jan 2006, 15:04 UTC"))
				break
			}
		}
	}
	msg := "This assessment was changed by someone else since you opened it" + who + ". Your changes were not saved. " +
		"The form now shows the current version; the table lists what you had entered that differs. Enter again what you want to keep, then save."
	changes := diffSettings(v.F, yours, yourProf, cur, curProf)
	s.renderSettings(c, v, http.StatusConflict, cur, curProf, nil, msg, changes)
}

// settingsValues flattens a settings form to labelled text values.
func settingsValues(f *assessment.Framework, form settingsForm, prof profileForm) [][2]string {
	modes := append([]string(nil), form.Modes...)
	sort.Strings(modes)
	var team []string
	for _, r := range form.Team {
		if r.Email != "" && !r.Remove {
			team = append(team, strings.ToLower(r.Email)+" ("+r.Role+")")
		}
	}
	sort.Strings(team)
	pillars := append([]string(nil), prof.CriticalPillars...)
	sort.Strings(pillars)
	out := [][2]string{
		{"Title", form.Title}, {"State name", form.StateName}, {"Mission start", form.StartedOn},
		{"Modes", strings.Join(modes, ", ")}, {"Team", strings.Join(team, "; ")},
		{"Coordination body", prof.CoordinationBody},
		{"BCPs, air", prof.Raw["bcps_air"]}, {"BCPs, sea", prof.Raw["bcps_sea"]},
		{"BCPs, land", prof.Raw["bcps_land"]}, {"BCPs, rail", prof.Raw["bcps_rail"]},
		{"Land border (km)", prof.Raw["land_border_km"]}, {"Coastline (km)", prof.Raw["coastline_km"]},
		{"Neighbours", strings.Join(nonBlankLines(prof.Neighbours), "; ")},
		{"Critical pillars", strings.Join(pillars, ", ")},
		{"Strategy start year", prof.Raw["strategy_start"]}, {"Context", prof.Context},
	}
	for _, r := range f.Roles {
		out = append(out, [2]string{"Agency " + r.Code + " (" + r.Name + ")", strings.Join(splitInstitutions(form.Agencies[r.Code]), "; ")})
	}
	return out
}

func diffSettings(f *assessment.Framework, yours settingsForm, yourProf profileForm, cur settingsForm, curProf profileForm) []settingsDiffRow {
	a, b := settingsValues(f, yours, yourProf), settingsValues(f, cur, curProf)
	var out []settingsDiffRow
	for i := range a {
		if a[i][1] != b[i][1] {
			out = append(out, settingsDiffRow{Label: a[i][0], Yours: a[i][1], Current: b[i][1]})
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// Audit log

// auditLimit is how many entries the audit page shows before "show all".
const auditLimit = 100

// auditValueMax is the length from which a value is folded in <details>.
const auditValueMax = 120

type auditValue struct {
	Text  string
	Short string // set when Text is long: the start, shown as the summary
}

type auditChange struct {
	Path     string
	Old, New auditValue
	// Added and Removed mark the fields of a created or deleted record:
	// only one side is shown.
	Added, Removed bool
}

type auditRow struct {
	At                  time.Time
	Who                 string
	Entity, Key, Action string
	// Changes lists the changed fields when old and new are JSON objects;
	// More holds the rest beyond the first few.
	Changes, More []auditChange
	Old, New      auditValue
	// Unchanged marks a save that changed no field (only the version).
	Unchanged bool
}

type auditData struct {
	Rows     []auditRow
	Total    int
	Shown    int
	All      bool
	AllURL   string
	LimitURL string
	Limit    int
}

func (s *Server) auditPage(c *gin.Context) {
	v, ok := s.loadView(c, assessment.PermAudit)
	if !ok {
		return
	}
	log, err := s.store.FindAudit(c.Request.Context(), v.A.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	base := fmt.Sprintf("/assessments/%d/audit", v.A.ID)
	d := auditData{Total: len(log), All: c.Query("all") == "1", AllURL: base + "?all=1", LimitURL: base, Limit: auditLimit}
	for i := len(log) - 1; i >= 0; i-- {
		if !d.All && len(d.Rows) >= auditLimit {
			break
		}
		d.Rows = append(d.Rows, auditRowOf(log[i]))
	}
	d.Shown = len(d.Rows)
	p := v.page("audit", d)
	p.Title = "Audit log — " + v.A.StateName
	s.renderPage(c, http.StatusOK, "audit", p)
}

func auditRowOf(e assessment.AuditEntry) auditRow {
	r := auditRow{At: e.At, Who: e.ActorName, Entity: e.Entity, Key: e.Key, Action: e.Action}
	if r.Who == "" {
		r.Who = "system"
		if e.ActorID > 0 {
			r.Who = fmt.Sprintf("user %d", e.ActorID)
		}
	}
	var oldV, newV any
	oldOK := json.Unmarshal([]byte(e.Old), &oldV) == nil
	newOK := json.Unmarshal([]byte(e.New), &newV) == nil
	oldObj, _ := oldV.(map[string]any)
	newObj, _ := newV.(map[string]any)
	// A creation (or deletion) of an object lists its fields.
	if strings.TrimSpace(e.Old) == "" && newObj != nil {
		oldOK, oldObj = true, map[string]any{}
	}
	if strings.TrimSpace(e.New) == "" && oldObj != nil {
		newOK, newObj = true, map[string]any{}
	}
	if oldOK && newOK && oldObj != nil && newObj != nil {
		of, nf := map[string]string{}, map[string]string{}
		flattenJSON("", oldObj, of, 0)
		flattenJSON("", newObj, nf, 0)
		paths := map[string]bool{}
		for k := range of {
			paths[k] = true
		}
		for k := range nf {
			paths[k] = true
		}
		var keys []string
		for k := range paths {
			if of[k] != nf[k] && !auditNoise[k] {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for i, k := range keys {
			ch := auditChange{Path: k, Old: auditValueOf(of[k]), New: auditValueOf(nf[k]),
				Added: strings.TrimSpace(e.Old) == "", Removed: strings.TrimSpace(e.New) == ""}
			if i < 6 {
				r.Changes = append(r.Changes, ch)
			} else {
				r.More = append(r.More, ch)
			}
		}
		if len(keys) > 0 {
			return r
		}
		if strings.TrimSpace(e.Old) != "" && strings.TrimSpace(e.New) != "" {
			r.Unchanged = true
			return r
		}
	}
	r.Old, r.New = auditValueOf(compactJSON(e.Old)), auditValueOf(compactJSON(e.New))
	return r
}

// auditNoise are paths that change with every update and say nothing.
var auditNoise = map[string]bool{"version": true, "updated_at": true}

// flattenJSON writes the leaves of an object as path → compact JSON, up to
// three levels deep; deeper values and arrays are leaves.
func flattenJSON(prefix string, v any, out map[string]string, depth int) {
	if obj, ok := v.(map[string]any); ok && depth < 3 {
		for k, x := range obj {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			flattenJSON(p, x, out, depth+1)
		}
		return
	}
	b, _ := json.Marshal(v)
	out[prefix] = string(b)
}

func compactJSON(s string) string {
	var buf bytes.Buffer
	if json.Compact(&buf, []byte(s)) == nil {
		return buf.String()
	}
	return s
}

func auditValueOf(s string) auditValue {
	v := auditValue{Text: s}
	if r := []rune(s); len(r) > auditValueMax {
		v.Short = string(r[:80]) + "…"
	}
	return v
}
