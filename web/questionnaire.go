package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"bordergap/assessment"

	"github.com/gin-gonic/gin"
)

// The questionnaire, autosave, stale-save conflicts, the review page and
// the consensus.
//
// Assessors answer for themselves only (the store's AssessorID is always
// the current user). A save names the version it replaces; when someone
// changed the answer in between, nothing is overwritten: the person sees
// both versions and chooses. Form posts render that choice at once; the
// autosave script receives a 409 with the server's version and opens the
// conflict page, which finds the values it could not save in a short-lived
// per-session stash.

// routesQuestionnaire registers the questionnaire, response, review and
// consensus routes.
func (s *Server) routesQuestionnaire(r gin.IRoutes) {
	r.GET("/assessments/:id/questionnaire", s.qQuestionnaire)
	r.POST("/assessments/:id/responses/:indicator", s.qSaveResponse)
	r.GET("/assessments/:id/responses/:indicator/conflict", s.qConflict)
	r.GET("/assessments/:id/review", s.rvReview)
	r.POST("/assessments/:id/consensus/:indicator", s.rvSaveConsensus)
}

// qConfidence are the confidence ratings with their meanings
// (DOMAIN B.0.3 rule 2).
var qConfidence = []struct{ Value, Name, Meaning string }{
	{"H", "High", "documents and observation or test"},
	{"M", "Medium", "documents or consistent interviews"},
	{"L", "Low", "a single interview or self-assessment"},
}

func qConfidenceLabel(c assessment.Confidence) string {
	for _, ch := range qConfidence {
		if ch.Value == string(c) {
			return ch.Value + " · " + ch.Name
		}
	}
	return "–"
}

// qLevelLabel renders a level with the framework's scale name: "2 · Developing".
func qLevelLabel(f *assessment.Framework, l assessment.Level) string {
	switch {
	case l == assessment.NA:
		return "N/A"
	case !l.Scored():
		return "not scored"
	}
	for _, sl := range f.Scale {
		if sl.Level == int(l) {
			return fmt.Sprintf("%d · %s", sl.Level, sl.Name)
		}
	}
	return l.String()
}

func qLevelValue(l assessment.Level) string {
	switch {
	case l == assessment.NA:
		return "N/A"
	case l.Scored():
		return strconv.Itoa(int(l))
	}
	return ""
}

// qKey turns an indicator id into an HTML id fragment: GOV.1.1 → GOV-1-1.
func qKey(id string) string { return strings.ReplaceAll(id, ".", "-") }

func qAnchor(id string) string { return "ind-" + qKey(id) }

// qAppliesText says which modes an indicator is restricted to.
func qAppliesText(ind *assessment.Indicator) string {
	if len(ind.Applies) == 0 {
		return ""
	}
	names := make([]string, len(ind.Applies))
	for i, m := range ind.Applies {
		names[i] = string(m)
	}
	return strings.Join(names, " or ")
}

func qBinding(ind *assessment.Indicator) bool {
	for _, r := range ind.References {
		if r.Binding {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------
// View models shared by the questionnaire, conflict and review pages.

// qChoice is one radio button or select option.
type qChoice struct {
	ID, Value, Label, Text string
	Checked                bool
}

// qAnswer is one saved response as shown read-only.
type qAnswer struct {
	Name          string // the assessor
	Answered      bool
	Level         string
	Target        string
	Confidence    string
	Low           bool // confidence L
	Note          string
	Sources       []string
	RightsConcern bool
	UpdatedBy     string
	UpdatedAt     time.Time
	Version       int
}

func (s *Server) qAnswerOf(f *assessment.Framework, r *assessment.Response, names map[int64]string) qAnswer {
	if r == nil {
		return qAnswer{}
	}
	a := qAnswer{Answered: r.Level != assessment.Unscored || r.Note != "", Level: qLevelLabel(f, r.Level),
		Confidence: qConfidenceLabel(r.Confidence), Low: r.Confidence == assessment.ConfidenceLow, Note: r.Note,
		Sources: r.Sources, RightsConcern: r.RightsConcern, UpdatedAt: r.UpdatedAt, Version: r.Version,
		Name: names[r.AssessorID], UpdatedBy: names[r.UpdatedBy]}
	if r.Target.Scored() {
		a.Target = strconv.Itoa(int(r.Target))
	} else {
		a.Target = "–"
	}
	if a.UpdatedBy == "" && r.UpdatedBy != 0 {
		a.UpdatedBy = fmt.Sprintf("user %d", r.UpdatedBy)
	}
	return a
}

// qTeamNames maps the team's user ids to names.
func qTeamNames(a *assessment.Assessment) map[int64]string {
	m := map[int64]string{}
	for _, t := range a.Team {
		name := t.Name
		if name == "" {
			name = fmt.Sprintf("user %d", t.UserID)
		}
		m[t.UserID] = name
	}
	return m
}

// qResponseForm is the request of a response save (form post or autosave).
type qResponseForm struct {
	Indicator     string `form:"indicator" validate:"max=40"`
	Level         string `form:"level" validate:"omitempty,level"`
	Target        string `form:"target" validate:"omitempty,oneof=2 3 4"`
	Confidence    string `form:"confidence" validate:"omitempty,oneof=H M L"`
	Note          string `form:"note" validate:"max=20000"`
	Sources       string `form:"sources" validate:"max=20000"`
	RightsConcern bool   `form:"rights_concern"`
	Version       string `form:"version" validate:"required,number,max=9"`
	// Resolve is "mine" when the person chose their version on the
	// conflict page.
	Resolve string `form:"resolve" validate:"omitempty,oneof=mine"`
	// FormToken identifies one rendering of the questionnaire (one browser
	// tab); Seq counts the changes questionnaire.js saw in the form. They
	// tell two quick autosaves of the same tab from a real conflict.
	FormToken string `form:"form_token" validate:"max=64"`
	Seq       string `form:"seq" validate:"omitempty,number,max=9"`
}

func qParseResponseForm(c *gin.Context) qResponseForm {
	return qResponseForm{
		Indicator:     strings.TrimSpace(c.PostForm("indicator")),
		Level:         strings.TrimSpace(c.PostForm("level")),
		Target:        strings.TrimSpace(c.PostForm("target")),
		Confidence:    strings.TrimSpace(c.PostForm("confidence")),
		Note:          strings.TrimSpace(strings.ReplaceAll(c.PostForm("note"), "\r\n", "\n")),
		Sources:       strings.ReplaceAll(c.PostForm("sources"), "\r\n", "\n"),
		RightsConcern: c.PostForm("rights_concern") != "",
		Version:       strings.TrimSpace(c.PostForm("version")),
		Resolve:       c.PostForm("resolve"),
		FormToken:     c.PostForm("form_token"),
		Seq:           c.PostForm("seq"),
	}
}

// qSplitLines turns the sources textarea into a list: one per line,
// blank lines dropped.
func qSplitLines(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// response converts a valid form into the domain value.
func (f qResponseForm) response(indicator string, assessor int64) assessment.Response {
	level, _ := assessment.ParseLevel(f.Level)
	target := assessment.Unscored
	if f.Target != "" {
		target, _ = assessment.ParseLevel(f.Target)
	}
	version, _ := strconv.Atoi(f.Version)
	return assessment.Response{IndicatorID: indicator, AssessorID: assessor, Level: level, Target: target,
		Confidence: assessment.Confidence(f.Confidence), Note: f.Note, Sources: qSplitLines(f.Sources),
		RightsConcern: f.RightsConcern, Version: version}
}

// qFormOf fills a form from a saved response (nil: an unanswered one).
func qFormOf(r *assessment.Response) qResponseForm {
	if r == nil {
		return qResponseForm{Target: "3", Version: "0"}
	}
	f := qResponseForm{Level: qLevelValue(r.Level), Confidence: string(r.Confidence), Note: r.Note,
		Sources: strings.Join(r.Sources, "\n"), RightsConcern: r.RightsConcern, Version: strconv.Itoa(r.Version)}
	if r.Target.Scored() {
		f.Target = strconv.Itoa(int(r.Target))
	}
	return f
}

// qStoreField maps a field path of a store error ("responses[0].sources[2]",
// "consensus[0].level") to the form field name ("sources", "level").
func qStoreField(path string) string {
	for _, prefix := range []string{"responses[", "consensus["} {
		if strings.HasPrefix(path, prefix) {
			i := strings.Index(path, "].")
			if i < 0 {
				return ""
			}
			path = path[i+2:]
		}
	}
	if i := strings.IndexByte(path, '['); i >= 0 {
		path = path[:i]
	}
	if path == "assessor_id" || path == "indicator" {
		return ""
	}
	return path
}

// ---------------------------------------------------------------------------
// Questionnaire page.

type qTab struct {
	Code, Title, Href   string
	Current             bool
	Done, Applicable    int
	Percent             int
	ProgressDescription string
}

type qItem struct {
	Ind         *assessment.Indicator
	Key, Anchor string
	Applicable  bool
	AppliesTo   string
	Binding     bool
	Action      string
	ConflictURL string
	// Editable form.
	Levels     []qChoice
	Targets    []qChoice
	Confidence []qChoice
	Form       qResponseForm
	Errors     map[string]string
	Saved      qAnswer // the person's saved answer, for the save-state line
	FormToken  string
	// Read-only: the team's answers.
	Team []qAnswer
}

type qCapacity struct {
	C     *assessment.Capacity
	Key   string
	Items []qItem
}

type qPage struct {
	Tabs       []qTab
	Pillar     *assessment.Pillar
	Capacities []qCapacity
	Editable   bool
	Scorer     bool
	Notice     string
	TeamView   bool // progress counts the team, not the person
}

// qOverride carries a failed submission back into the page.
type qOverride struct {
	Indicator string
	Form      qResponseForm
	Errors    map[string]string
}

func (s *Server) qQuestionnaire(c *gin.Context) {
	v, ok := s.loadView(c, assessment.PermQuestionnaire)
	if !ok {
		return
	}
	s.qRender(c, v, http.StatusOK, c.Query("pillar"), nil)
}

// qCanScore reports whether the current user answers on this assessment
// (lead or assessor) and whether answers may still change.
func qCanScore(c *gin.Context, v *view) (scorer, editable bool) {
	u := currentUser(c)
	scorer = v.Can[assessment.PermScore] && v.A.MemberRole(u.ID).Scores()
	return scorer, scorer && v.A.Status.Editable()
}

func (s *Server) qRender(c *gin.Context, v *view, status int, pillarCode string, ov *qOverride) {
	u := currentUser(c)
	rs, err := s.store.FindResponses(c.Request.Context(), v.A.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	scorer, editable := qCanScore(c, v)
	names := qTeamNames(v.A)
	mine := map[string]*assessment.Response{}
	team := map[string]map[int64]*assessment.Response{}
	for i := range rs {
		r := &rs[i]
		if r.AssessorID == u.ID {
			mine[r.IndicatorID] = r
		}
		if team[r.IndicatorID] == nil {
			team[r.IndicatorID] = map[int64]*assessment.Response{}
		}
		team[r.IndicatorID][r.AssessorID] = r
	}
	pil := v.F.Pillar(pillarCode)
	if pil == nil && len(v.F.Pillars) > 0 {
		pil = &v.F.Pillars[0]
	}
	d := qPage{Pillar: pil, Editable: editable, Scorer: scorer, TeamView: !scorer}
	switch {
	case !v.A.Status.Editable():
		d.Notice = "This assessment is " + v.A.Status.Label() + ": answers can no longer change, so the questionnaire is read-only."
		if v.A.Status == assessment.StatusValidated && v.Can[assessment.PermConsensus] {
			d.Notice += " To change answers, reopen the review from the Review page."
		}
	case !scorer && v.A.MemberRole(u.ID) == assessment.RoleReviewer:
		d.Notice = "You review this assessment: you see every assessor's answers, read-only."
	case !scorer:
		d.Notice = "Only the assessors on the team answer the questionnaire: you see their answers, read-only."
	}
	assessors := v.A.Assessors()
	token := randomToken(12)
	for pi := range v.F.Pillars {
		p := &v.F.Pillars[pi]
		tab := qTab{Code: p.Code, Title: p.Title, Current: p == pil,
			Href: fmt.Sprintf("/assessments/%d/questionnaire?pillar=%s", v.A.ID, url.QueryEscape(p.Code))}
		for _, cp := range p.Capacities {
			for ii := range cp.Indicators {
				ind := &cp.Indicators[ii]
				if !ind.AppliesTo(v.A.Scope.Modes) {
					continue
				}
				tab.Applicable++
				if scorer {
					if r := mine[ind.ID]; r != nil && r.Level.Scored() {
						tab.Done++
					}
					continue
				}
				for _, r := range team[ind.ID] {
					if r.Level.Scored() {
						tab.Done++
						break
					}
				}
			}
		}
		if tab.Applicable > 0 {
			tab.Percent = tab.Done * 100 / tab.Applicable
		}
		who := "you have scored"
		if !scorer {
			who = "the team has scored"
		}
		tab.ProgressDescription = fmt.Sprintf("%s: %s %d of %d applicable indicators", p.Title, who, tab.Done, tab.Applicable)
		d.Tabs = append(d.Tabs, tab)
	}
	if pil != nil {
		for ci := range pil.Capacities {
			cp := &pil.Capacities[ci]
			qc := qCapacity{C: cp, Key: qKey(cp.ID)}
			for ii := range cp.Indicators {
				ind := &cp.Indicators[ii]
				it := s.qBuildItem(v, ind, mine[ind.ID])
				it.FormToken = token
				if ov != nil && ov.Indicator == ind.ID {
					it.Form, it.Errors = ov.Form, ov.Errors
					s.qFillChoices(v, &it)
				}
				if !editable {
					for _, m := range assessors {
						a := s.qAnswerOf(v.F, team[ind.ID][m.UserID], names)
						a.Name = names[m.UserID]
						it.Team = append(it.Team, a)
					}
				}
				qc.Items = append(qc.Items, it)
			}
			d.Capacities = append(d.Capacities, qc)
		}
	}
	p := v.page("questionnaire", d)
	if ov != nil && len(ov.Errors) > 0 {
		p.Errors = map[string]string{}
		for k, msg := range ov.Errors {
			p.Errors[qKey(ov.Indicator)+"-"+k] = ov.Indicator + ": " + msg
		}
	}
	title := "Questionnaire"
	if pil != nil {
		title = pil.Code + " — " + pil.Title + " · Questionnaire"
	}
	p.Title = title
	s.renderPage(c, status, "questionnaire", p)
}

func (s *Server) qBuildItem(v *view, ind *assessment.Indicator, mine *assessment.Response) qItem {
	base := fmt.Sprintf("/assessments/%d/responses/%s", v.A.ID, url.PathEscape(ind.ID))
	it := qItem{Ind: ind, Key: qKey(ind.ID), Anchor: qAnchor(ind.ID), Applicable: ind.AppliesTo(v.A.Scope.Modes),
		AppliesTo: qAppliesText(ind), Binding: qBinding(ind), Action: base, ConflictURL: base + "/conflict",
		Form: qFormOf(mine)}
	if mine != nil {
		it.Saved = s.qAnswerOf(v.F, mine, qTeamNames(v.A))
	}
	s.qFillChoices(v, &it)
	return it
}

// qFillChoices builds the radio and select choices from the item's form
// values.
func (s *Server) qFillChoices(v *view, it *qItem) {
	ind := it.Ind
	it.Levels = nil
	if !it.Applicable {
		it.Levels = append(it.Levels, qChoice{Value: "N/A", Label: "N/A · Not applicable",
			Text: "The mode or border type this indicator concerns does not exist in the state.", Checked: it.Form.Level == "N/A"})
	}
	for _, sl := range v.F.Scale {
		val := strconv.Itoa(sl.Level)
		text := ind.Levels[sl.Level]
		if text == "" {
			text = sl.Meaning
		}
		it.Levels = append(it.Levels, qChoice{Value: val, Label: fmt.Sprintf("%d · %s", sl.Level, sl.Name), Text: text, Checked: it.Form.Level == val})
	}
	for i := range it.Levels {
		it.Levels[i].ID = fmt.Sprintf("f-%s-level", it.Key)
		if i > 0 {
			it.Levels[i].ID += "-" + strings.ReplaceAll(it.Levels[i].Value, "/", "")
		}
	}
	target := it.Form.Target
	if target == "" {
		target = "3"
	}
	it.Targets = []qChoice{{Value: "2", Label: "2 · interim target for very low-capacity contexts"}, {Value: "3", Label: "3 · Established (default)"}}
	if ind.Weight >= 3 || target == "4" {
		it.Targets = append(it.Targets, qChoice{Value: "4", Label: "4 · Advanced (weight-3 indicators, high-risk profile)"})
	}
	for i := range it.Targets {
		it.Targets[i].Checked = it.Targets[i].Value == target
	}
	it.Confidence = nil
	for i, ch := range qConfidence {
		id := fmt.Sprintf("f-%s-confidence", it.Key)
		if i > 0 {
			id += "-" + ch.Value
		}
		it.Confidence = append(it.Confidence, qChoice{ID: id, Value: ch.Value, Label: ch.Value + " · " + ch.Name, Text: ch.Meaning, Checked: it.Form.Confidence == ch.Value})
	}
}

// ---------------------------------------------------------------------------
// Saving a response.

// qPendingSaves keeps, per session and indicator, the values an autosave
// could not write because of a conflict, so that the conflict page can
// show them. Entries live for an hour; nothing here is authoritative.
var qPendingSaves = struct {
	sync.Mutex
	m map[string]qPendingSave
}{m: map[string]qPendingSave{}}

type qPendingSave struct {
	Form qResponseForm
	At   time.Time
}

const qPendingTTL = time.Hour

func qPendingKey(c *gin.Context, assessmentID int64, indicator string) string {
	who := c.GetString(ctxSessionID)
	if who == "" {
		who = fmt.Sprintf("user:%d", currentUser(c).ID)
	}
	return fmt.Sprintf("%s|%d|%s", who, assessmentID, indicator)
}

func (s *Server) qStash(key string, f qResponseForm) {
	now := s.cfg.Now()
	qPendingSaves.Lock()
	defer qPendingSaves.Unlock()
	for k, p := range qPendingSaves.m {
		if now.Sub(p.At) > qPendingTTL {
			delete(qPendingSaves.m, k)
		}
	}
	if len(qPendingSaves.m) >= 10000 {
		return // a bound, not a feature: the conflict page then shows theirs only
	}
	qPendingSaves.m[key] = qPendingSave{Form: f, At: now}
}

func (s *Server) qTake(key string, remove bool) (qResponseForm, bool) {
	qPendingSaves.Lock()
	defer qPendingSaves.Unlock()
	p, ok := qPendingSaves.m[key]
	if !ok || s.cfg.Now().Sub(p.At) > qPendingTTL {
		delete(qPendingSaves.m, key)
		return qResponseForm{}, false
	}
	if remove {
		delete(qPendingSaves.m, key)
	}
	return p.Form, true
}

// qLastSaves remembers, per session and indicator, which rendering of the
// form (FormToken, Seq) produced the stored version. When two autosaves of
// the same tab race (a note typed, then a level clicked before the first
// save returned), the second one names the version the first one replaced;
// it is not a conflict with someone else, so it is applied over the first
// (or dropped when it is the older of the two).
var qLastSaves = struct {
	sync.Mutex
	m map[string]qLastSave
}{m: map[string]qLastSave{}}

type qLastSave struct {
	Token   string
	Seq     int
	Version int
	At      time.Time
}

const qLastSaveTTL = 12 * time.Hour

func (s *Server) qRememberSave(key string, f qResponseForm, version int) {
	if f.FormToken == "" {
		return
	}
	seq, _ := strconv.Atoi(f.Seq)
	now := s.cfg.Now()
	qLastSaves.Lock()
	defer qLastSaves.Unlock()
	for k, x := range qLastSaves.m {
		if now.Sub(x.At) > qLastSaveTTL {
			delete(qLastSaves.m, k)
		}
	}
	if len(qLastSaves.m) < 10000 {
		qLastSaves.m[key] = qLastSave{Token: f.FormToken, Seq: seq, Version: version, At: now}
	}
}

// qSameTab reports whether the stored version current was produced by the
// same rendering of the form as f, and whether f is newer than that save.
func (s *Server) qSameTab(key string, f qResponseForm, current int) (same, newer bool) {
	if f.FormToken == "" {
		return false, false
	}
	qLastSaves.Lock()
	last, ok := qLastSaves.m[key]
	qLastSaves.Unlock()
	if !ok || last.Token != f.FormToken || last.Version != current || s.cfg.Now().Sub(last.At) > qLastSaveTTL {
		return false, false
	}
	seq, _ := strconv.Atoi(f.Seq)
	return true, seq >= last.Seq
}

func qWantsJSON(c *gin.Context) bool {
	acc := c.GetHeader("Accept")
	return strings.Contains(acc, "application/json") && !strings.Contains(acc, "text/html")
}

// qIndicatorOf returns the :indicator of the request, answering 404 for an
// unknown one.
func (s *Server) qIndicatorOf(c *gin.Context, v *view) (*assessment.Indicator, bool) {
	ind := v.F.Indicator(c.Param("indicator"))
	if ind == nil {
		s.fail(c, notFound())
		return nil, false
	}
	return ind, true
}

func (s *Server) qURL(id int64, indicator, done string) string {
	u := fmt.Sprintf("/assessments/%d/questionnaire?pillar=%s", id, url.QueryEscape(assessment.PillarCode(indicator)))
	if done != "" {
		u += "&done=" + done
	}
	return u + "#" + qAnchor(indicator)
}

func (s *Server) qSaveResponse(c *gin.Context) {
	v, ok := s.loadView(c, assessment.PermScore)
	if !ok {
		return
	}
	ind, ok := s.qIndicatorOf(c, v)
	if !ok {
		return
	}
	u := currentUser(c)
	if !v.A.MemberRole(u.ID).Scores() {
		s.fail(c, assessment.Errorf(assessment.EFORBIDDEN, "Only the assessors on the team answer the questionnaire."))
		return
	}
	if !v.A.Status.Editable() {
		s.fail(c, assessment.Errorf(assessment.EFORBIDDEN, "This assessment is %s: answers can no longer change.", v.A.Status.Label()))
		return
	}
	form := qParseResponseForm(c)
	jsonReply := qWantsJSON(c)
	if form.Indicator != "" && form.Indicator != ind.ID {
		s.fail(c, assessment.Invalid("The form does not belong to this indicator.", assessment.FieldError{Field: "indicator", Message: "Reload the page and try again."}))
		return
	}
	invalid := func(errs []assessment.FieldError) {
		if jsonReply {
			msgs := make([]string, 0, len(errs))
			for _, e := range errs {
				msgs = append(msgs, e.Message)
			}
			c.JSON(http.StatusUnprocessableEntity, apiError{Error: "Not saved: " + strings.Join(msgs, " "), Code: assessment.EINVALID, Fields: errs})
			return
		}
		errMap := map[string]string{}
		for _, e := range errs {
			if _, dup := errMap[e.Field]; !dup {
				errMap[e.Field] = e.Message
			}
		}
		s.qRender(c, v, http.StatusUnprocessableEntity, assessment.PillarCode(ind.ID), &qOverride{Indicator: ind.ID, Form: form, Errors: errMap})
	}
	if errs := checkStruct(form); errs != nil {
		invalid(errs)
		return
	}
	resp := form.response(ind.ID, u.ID)
	// The domain rules (N/A only out of scope, target 4 only for weight 3,
	// the human-rights cap) are checked here too, so that the messages
	// name the form's fields; the store checks them again.
	var errs []assessment.FieldError
	for _, e := range assessment.ValidateResponse(v.F, v.A, &resp, "") {
		if f := qStoreField(e.Field); f != "" {
			errs = append(errs, assessment.FieldError{Field: f, Message: qUpperFirst(e.Message) + "."})
		}
	}
	if errs != nil {
		invalid(errs)
		return
	}
	saved, err := s.store.SaveResponses(c.Request.Context(), u.ID, v.A.ID, []assessment.Response{resp})
	key := qPendingKey(c, v.A.ID, ind.ID)
	dropped := false
	if assessment.ErrorCode(err) == assessment.ECONFLICT && form.Resolve == "" {
		cur, ferr := s.qCurrentResponse(c, v.A.ID, ind.ID, u.ID)
		if ferr != nil {
			s.fail(c, ferr)
			return
		}
		if cur != nil {
			switch same, newer := s.qSameTab(key, form, cur.Version); {
			case same && newer:
				resp.Version = cur.Version
				saved, err = s.store.SaveResponses(c.Request.Context(), u.ID, v.A.ID, []assessment.Response{resp})
			case same:
				// An older save of this tab arrived after a newer one: the
				// newer one stands.
				saved, err, dropped = []assessment.Response{*cur}, nil, true
			}
		}
	}
	switch assessment.ErrorCode(err) {
	case "":
	case assessment.ECONFLICT:
		s.qConflictAfterSave(c, v, ind, form, err, key, jsonReply)
		return
	case assessment.EINVALID:
		var fe []assessment.FieldError
		for _, e := range assessment.ErrorFields(err) {
			fe = append(fe, assessment.FieldError{Field: qStoreField(e.Field), Message: qUpperFirst(e.Message) + "."})
		}
		if len(fe) == 0 {
			fe = []assessment.FieldError{{Field: "level", Message: assessment.ErrorMessage(err)}}
		}
		invalid(fe)
		return
	default:
		s.fail(c, err)
		return
	}
	s.qTake(key, true)
	r := saved[0]
	if !dropped {
		s.qRememberSave(key, form, r.Version)
	}
	if jsonReply {
		c.JSON(http.StatusOK, gin.H{"indicator": r.IndicatorID, "version": r.Version, "level": r.Level, "target": r.Target,
			"confidence": r.Confidence, "updated_at": r.UpdatedAt})
		return
	}
	done := "saved"
	if form.Resolve == "mine" {
		done = "resolved"
	}
	c.Redirect(http.StatusSeeOther, s.qURL(v.A.ID, ind.ID, done))
}

func qUpperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// qCurrentResponse returns the stored response of an assessor to an
// indicator, or nil.
func (s *Server) qCurrentResponse(c *gin.Context, assessmentID int64, indicator string, assessor int64) (*assessment.Response, error) {
	rs, err := s.store.FindResponses(c.Request.Context(), assessmentID)
	if err != nil {
		return nil, err
	}
	for i := range rs {
		if rs[i].IndicatorID == indicator && rs[i].AssessorID == assessor {
			return &rs[i], nil
		}
	}
	return nil, nil
}

// qConflictData is the conflict page: their saved version beside the
// values the person could not save.
type qConflictData struct {
	Ind       *assessment.Indicator
	Theirs    qAnswer
	HasTheirs bool
	Mine      qAnswer
	HasMine   bool
	MineForm  qResponseForm // hidden fields of "Keep mine"
	Rows      []qConflictRow
	// Self is set when the saved version is the person's own, from another
	// window or device.
	Self          bool
	Action        string
	KeepTheirs    string
	Questionnaire string
}

// title names who changed the answer: the person, elsewhere, or someone
// else.
func (d qConflictData) title() string {
	if d.Self {
		return d.Ind.ID + " was changed in another window"
	}
	return d.Ind.ID + " was changed by someone else"
}

type qConflictRow struct {
	Field         string
	Theirs, Mine  string
	TheirsList    []string
	MineList      []string
	Differs, List bool
}

// qAnswerOfForm shows submitted (unsaved) values like a saved answer.
func qAnswerOfForm(f *assessment.Framework, form qResponseForm, indicator string) qAnswer {
	r := form.response(indicator, 0)
	a := qAnswer{Answered: true, Level: qLevelLabel(f, r.Level), Confidence: qConfidenceLabel(r.Confidence), Note: r.Note,
		Sources: r.Sources, RightsConcern: r.RightsConcern, Target: "–"}
	if r.Target.Scored() {
		a.Target = strconv.Itoa(int(r.Target))
	}
	return a
}

func (s *Server) qBuildConflict(c *gin.Context, v *view, ind *assessment.Indicator, mine *qResponseForm) (qConflictData, error) {
	u := currentUser(c)
	cur, err := s.qCurrentResponse(c, v.A.ID, ind.ID, u.ID)
	if err != nil {
		return qConflictData{}, err
	}
	d := qConflictData{Ind: ind,
		Action:        fmt.Sprintf("/assessments/%d/responses/%s", v.A.ID, url.PathEscape(ind.ID)),
		KeepTheirs:    s.qURL(v.A.ID, ind.ID, "kept-their"),
		Questionnaire: s.qURL(v.A.ID, ind.ID, "")}
	names := qTeamNames(v.A)
	if cur != nil {
		d.Theirs, d.HasTheirs = s.qAnswerOf(v.F, cur, names), true
		d.Self = cur.UpdatedBy == u.ID
	}
	if mine != nil {
		d.Mine, d.HasMine = qAnswerOfForm(v.F, *mine, ind.ID), true
		d.MineForm = *mine
		d.MineForm.Version = "0"
		if cur != nil {
			d.MineForm.Version = strconv.Itoa(cur.Version)
		}
		d.MineForm.Resolve = "mine"
	}
	yesNo := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	row := func(field, theirs, mine string) {
		d.Rows = append(d.Rows, qConflictRow{Field: field, Theirs: theirs, Mine: mine, Differs: d.HasMine && d.HasTheirs && theirs != mine})
	}
	row("Level", d.Theirs.Level, d.Mine.Level)
	row("Target", d.Theirs.Target, d.Mine.Target)
	row("Confidence", d.Theirs.Confidence, d.Mine.Confidence)
	row("Human-rights concern", yesNo(d.Theirs.RightsConcern), yesNo(d.Mine.RightsConcern))
	row("Evidence note", d.Theirs.Note, d.Mine.Note)
	d.Rows = append(d.Rows, qConflictRow{Field: "Sources", TheirsList: d.Theirs.Sources, MineList: d.Mine.Sources, List: true,
		Differs: d.HasMine && d.HasTheirs && strings.Join(d.Theirs.Sources, "\n") != strings.Join(d.Mine.Sources, "\n")})
	if !d.HasTheirs {
		for i := range d.Rows {
			d.Rows[i].Theirs = ""
		}
	}
	return d, nil
}

// qConflictAfterSave answers a save that met a newer version:
// 409 with the server's version for autosave, the conflict page for a form
// post. Nothing was written.
func (s *Server) qConflictAfterSave(c *gin.Context, v *view, ind *assessment.Indicator, form qResponseForm, err error, key string, jsonReply bool) {
	form.Resolve = ""
	if jsonReply {
		s.qStash(key, form)
		cur, ferr := s.qCurrentResponse(c, v.A.ID, ind.ID, currentUser(c).ID)
		if ferr != nil {
			s.fail(c, ferr)
			return
		}
		body := gin.H{"error": assessment.ErrorMessage(err), "code": assessment.ECONFLICT, "indicator": ind.ID,
			"conflict_url": fmt.Sprintf("/assessments/%d/responses/%s/conflict", v.A.ID, url.PathEscape(ind.ID))}
		if cur != nil {
			a := s.qAnswerOf(v.F, cur, qTeamNames(v.A))
			body["current"] = gin.H{"level": cur.Level, "target": cur.Target, "confidence": cur.Confidence, "note": cur.Note,
				"sources": cur.Sources, "rights_concern": cur.RightsConcern, "version": cur.Version,
				"updated_by": cur.UpdatedBy, "updated_by_name": a.UpdatedBy, "updated_at": cur.UpdatedAt}
		}
		c.JSON(http.StatusConflict, body)
		return
	}
	d, berr := s.qBuildConflict(c, v, ind, &form)
	if berr != nil {
		s.fail(c, berr)
		return
	}
	p := v.page("questionnaire", d)
	p.Title = d.title()
	s.renderPage(c, http.StatusConflict, "conflict", p)
}

// qConflict is the conflict page the autosave script opens after a
// 409: their version, and the values it could not save when this session
// still has them.
func (s *Server) qConflict(c *gin.Context) {
	v, ok := s.loadView(c, assessment.PermScore)
	if !ok {
		return
	}
	ind, ok := s.qIndicatorOf(c, v)
	if !ok {
		return
	}
	if !v.A.MemberRole(currentUser(c).ID).Scores() {
		s.fail(c, assessment.Errorf(assessment.EFORBIDDEN, "Only the assessors on the team answer the questionnaire."))
		return
	}
	var mine *qResponseForm
	if f, ok := s.qTake(qPendingKey(c, v.A.ID, ind.ID), false); ok {
		mine = &f
	}
	d, err := s.qBuildConflict(c, v, ind, mine)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := v.page("questionnaire", d)
	p.Title = d.title()
	s.render(c, "conflict", p.Title, p)
}

// ---------------------------------------------------------------------------
// Review page and consensus.

type rvTab struct {
	Code, Title, Href string
	Current           bool
	Flagged, Open     int
}

type rvCell struct {
	qAnswer
	Missing bool
}

type rvItem struct {
	R           *assessment.IndicatorResult
	Ind         *assessment.Indicator
	Key, Anchor string
	Binding     bool
	Cells       []rvCell
	Proposed    string
	Consensus   string // level label, "" when none set
	ConsensusBy string
	ConsensusAt time.Time
	Comment     string
	Flagged     bool
	Action      string
	// The lead's form.
	Levels  []qChoice
	Targets []qChoice
	Form    rvConsensusForm
	Errors  map[string]string
	// Conflict is the message of a stale save (who changed it, when).
	Conflict string
}

type rvTransition struct {
	To, Label, Help string
	Primary         bool
}

type rvData struct {
	Tabs        []rvTab
	Pillar      string // a pillar code or "all"
	PillarTitle string
	Flagged     bool
	Open        bool
	Query       string // the filters, for redirects after a save
	Assessors   []assessment.Member
	Items       []rvItem
	Total       int // applicable indicators under the pillar choice, before filters
	CanSet      bool
	Notice      string
	// Status change (lead).
	CanStatus        bool
	Transitions      []rvTransition
	Version          int
	StatusAction     string
	Applicable       int
	Scored           int
	FlaggedAll       int
	WithoutConsensus int
}

// rvConsensusForm is the request of a consensus save.
type rvConsensusForm struct {
	Level   string `form:"level" validate:"required,oneof=0 1 2 3 4"`
	Target  string `form:"target" validate:"required,oneof=2 3 4"`
	Comment string `form:"comment" validate:"max=5000"`
	Version string `form:"version" validate:"required,number,max=9"`
}

type rvOverride struct {
	Indicator string
	Form      rvConsensusForm
	Errors    map[string]string
	Conflict  string
}

func (s *Server) rvReview(c *gin.Context) {
	v, ok := s.loadView(c, assessment.PermReview)
	if !ok {
		return
	}
	s.rvRender(c, v, http.StatusOK, c.Query("pillar"), c.Query("flagged") != "", c.Query("open") != "", nil)
}

// rvCanSet reports whether the current user sets consensus now:
// the lead, while answers may change.
func rvCanSet(c *gin.Context, v *view) bool {
	return v.Can[assessment.PermConsensus] && v.A.MemberRole(currentUser(c).ID) == assessment.RoleLead && v.A.Status.Editable()
}

func rvQuery(pillar string, onlyFlagged, onlyOpen bool) string {
	q := url.Values{}
	q.Set("pillar", pillar)
	if onlyFlagged {
		q.Set("flagged", "1")
	}
	if onlyOpen {
		q.Set("open", "1")
	}
	return q.Encode()
}

func rvFlagged(r *assessment.IndicatorResult) bool {
	return r.SpreadFlag || r.LowConfidence || r.SingleSource || r.RightsConcern
}

var rvTransitionText = map[[2]assessment.Status]rvTransition{
	{assessment.StatusDraft, assessment.StatusInReview}:     {Label: "Submit for review", Help: "Reviewers can then follow the scores; answers can still change.", Primary: true},
	{assessment.StatusInReview, assessment.StatusDraft}:     {Label: "Move back to draft"},
	{assessment.StatusInReview, assessment.StatusValidated}: {Label: "Validate", Help: "Answers and consensus are then frozen.", Primary: true},
	{assessment.StatusValidated, assessment.StatusInReview}: {Label: "Reopen the review", Help: "Answers and consensus can change again."},
	{assessment.StatusValidated, assessment.StatusPublished}: {Label: "Publish", Help: "Final: the ministry focal point of the state can then download the documents.",
		Primary: true},
}

func (s *Server) rvRender(c *gin.Context, v *view, status int, pillar string, onlyFlagged, onlyOpen bool, ov *rvOverride) {
	an, _, err := s.analysis(c, v)
	if err != nil {
		s.fail(c, err)
		return
	}
	cons, err := s.store.FindConsensus(c.Request.Context(), v.A.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	byInd := map[string]assessment.Consensus{}
	for _, x := range cons {
		byInd[x.IndicatorID] = x
	}
	names := qTeamNames(v.A)
	if pillar != "all" && v.F.Pillar(pillar) == nil {
		pillar = ""
		if len(v.F.Pillars) > 0 {
			pillar = v.F.Pillars[0].Code
		}
	}
	d := rvData{Pillar: pillar, Flagged: onlyFlagged, Open: onlyOpen, Query: rvQuery(pillar, onlyFlagged, onlyOpen),
		Assessors: v.A.Assessors(), CanSet: rvCanSet(c, v), Version: v.A.Version,
		CanStatus: v.Can[assessment.PermConsensus], StatusAction: fmt.Sprintf("/assessments/%d/status", v.A.ID),
		Applicable: an.Applicable, Scored: an.Scored, FlaggedAll: an.Flagged}
	if pillar == "all" {
		d.PillarTitle = "All pillars"
	} else if p := v.F.Pillar(pillar); p != nil {
		d.PillarTitle = p.Code + " — " + p.Title
	}
	switch {
	case !v.A.Status.Editable():
		d.Notice = "This assessment is " + v.A.Status.Label() + ": the consensus can no longer change."
	case !d.CanSet && v.Can[assessment.PermConsensus]:
		d.Notice = "Only the lead assessor of the team sets the consensus."
	case !d.CanSet:
		d.Notice = "The lead assessor sets the consensus; you see the team's answers side by side."
	}
	if d.CanStatus {
		// Forward first: it is what the lead usually comes to do.
		for i := len(assessment.Statuses) - 1; i >= 0; i-- {
			to := assessment.Statuses[i]
			if t, ok := rvTransitionText[[2]assessment.Status{v.A.Status, to}]; ok && assessment.CanTransition(v.A.Status, to) {
				t.To = string(to)
				d.Transitions = append(d.Transitions, t)
			}
		}
	}
	tabs := map[string]*rvTab{}
	for pi := range v.F.Pillars {
		p := &v.F.Pillars[pi]
		d.Tabs = append(d.Tabs, rvTab{Code: p.Code, Title: p.Title, Current: p.Code == pillar,
			Href: fmt.Sprintf("/assessments/%d/review?%s", v.A.ID, rvQuery(p.Code, onlyFlagged, onlyOpen))})
	}
	for i := range d.Tabs {
		tabs[d.Tabs[i].Code] = &d.Tabs[i]
	}
	d.Tabs = append(d.Tabs, rvTab{Code: "all", Title: "All pillars", Current: pillar == "all",
		Href: fmt.Sprintf("/assessments/%d/review?%s", v.A.ID, rvQuery("all", onlyFlagged, onlyOpen))})
	tabs["all"] = &d.Tabs[len(d.Tabs)-1]
	for _, r := range an.Indicators {
		if !r.Applicable {
			continue
		}
		code := assessment.PillarCode(r.Indicator.ID)
		_, hasCons := byInd[r.Indicator.ID]
		if !hasCons {
			d.WithoutConsensus++
		}
		for _, t := range []*rvTab{tabs[code], tabs["all"]} {
			if t == nil {
				continue
			}
			if rvFlagged(r) {
				t.Flagged++
			}
			if !hasCons {
				t.Open++
			}
		}
		if pillar != "all" && code != pillar {
			continue
		}
		d.Total++
		if onlyFlagged && !rvFlagged(r) || onlyOpen && hasCons {
			continue
		}
		it := rvItem{R: r, Ind: r.Indicator, Key: qKey(r.Indicator.ID), Anchor: qAnchor(r.Indicator.ID), Binding: qBinding(r.Indicator),
			Proposed: qLevelLabel(v.F, r.Proposed), Flagged: rvFlagged(r), Comment: r.Comment,
			Action: fmt.Sprintf("/assessments/%d/consensus/%s", v.A.ID, url.PathEscape(r.Indicator.ID))}
		scores := map[int64]assessment.AssessorScore{}
		for _, sc := range r.Scores {
			scores[sc.AssessorID] = sc
		}
		for _, m := range d.Assessors {
			sc, ok := scores[m.UserID]
			if !ok {
				it.Cells = append(it.Cells, rvCell{qAnswer: qAnswer{Name: names[m.UserID]}, Missing: true})
				continue
			}
			resp := assessment.Response{AssessorID: m.UserID, Level: sc.Level, Target: sc.Target, Confidence: sc.Confidence,
				Note: sc.Note, Sources: sc.Sources, RightsConcern: sc.RightsConcern, Version: sc.Version}
			a := s.qAnswerOf(v.F, &resp, names)
			it.Cells = append(it.Cells, rvCell{qAnswer: a})
		}
		form := rvConsensusForm{Level: qLevelValue(r.Proposed), Target: qLevelValue(r.Target), Version: "0"}
		if x, ok := byInd[r.Indicator.ID]; ok {
			it.Consensus = qLevelLabel(v.F, x.Level)
			it.ConsensusBy, it.ConsensusAt = names[x.SetBy], x.SetAt
			if it.ConsensusBy == "" {
				it.ConsensusBy = s.qUserName(c, x.SetBy)
			}
			form = rvConsensusForm{Level: qLevelValue(x.Level), Target: qLevelValue(x.Target), Comment: x.Comment, Version: strconv.Itoa(x.Version)}
			if !x.Target.Scored() {
				form.Target = qLevelValue(r.Target)
			}
		}
		if form.Target == "" || form.Target == "N/A" {
			form.Target = "3"
		}
		if ov != nil && ov.Indicator == r.Indicator.ID {
			it.Errors, it.Conflict = ov.Errors, ov.Conflict
			cur := form.Version
			form = ov.Form
			if ov.Conflict != "" {
				form.Version = cur // save again over the version now stored
			}
		}
		it.Form = form
		if form.Level == "" {
			it.Levels = append(it.Levels, qChoice{Value: "", Label: "Choose a level", Checked: true})
		}
		for _, sl := range v.F.Scale {
			val := strconv.Itoa(sl.Level)
			it.Levels = append(it.Levels, qChoice{Value: val, Label: fmt.Sprintf("%d · %s", sl.Level, sl.Name), Text: r.Indicator.Levels[sl.Level], Checked: form.Level == val})
		}
		it.Targets = []qChoice{{Value: "2", Label: "2"}, {Value: "3", Label: "3"}}
		if r.Indicator.Weight >= 3 || form.Target == "4" {
			it.Targets = append(it.Targets, qChoice{Value: "4", Label: "4"})
		}
		for i := range it.Targets {
			it.Targets[i].Checked = it.Targets[i].Value == form.Target
		}
		d.Items = append(d.Items, it)
	}
	p := v.page("review", d)
	if ov != nil && len(ov.Errors) > 0 {
		p.Errors = map[string]string{}
		for k, msg := range ov.Errors {
			p.Errors[qKey(ov.Indicator)+"-c"+k] = ov.Indicator + ": " + msg
		}
	}
	p.Title = "Review · " + d.PillarTitle
	s.renderPage(c, status, "review", p)
}

func (s *Server) qUserName(c *gin.Context, id int64) string {
	if u, err := s.store.FindUserByID(c.Request.Context(), id); err == nil {
		return u.Name
	}
	return fmt.Sprintf("user %d", id)
}

func (s *Server) rvSaveConsensus(c *gin.Context) {
	v, ok := s.loadView(c, assessment.PermConsensus)
	if !ok {
		return
	}
	ind, ok := s.qIndicatorOf(c, v)
	if !ok {
		return
	}
	u := currentUser(c)
	if v.A.MemberRole(u.ID) != assessment.RoleLead {
		s.fail(c, assessment.Errorf(assessment.EFORBIDDEN, "Only the lead assessor of the team sets the consensus."))
		return
	}
	if !v.A.Status.Editable() {
		s.fail(c, assessment.Errorf(assessment.EFORBIDDEN, "This assessment is %s: the consensus can no longer change.", v.A.Status.Label()))
		return
	}
	if !ind.AppliesTo(v.A.Scope.Modes) {
		s.fail(c, assessment.Invalid("No consensus for this indicator.", assessment.FieldError{Field: "level", Message: ind.ID + " does not apply to the scope of this assessment."}))
		return
	}
	form := rvConsensusForm{Level: strings.TrimSpace(c.PostForm("level")), Target: strings.TrimSpace(c.PostForm("target")),
		Comment: strings.TrimSpace(strings.ReplaceAll(c.PostForm("comment"), "\r\n", "\n")), Version: strings.TrimSpace(c.PostForm("version"))}
	pillar := c.PostForm("pillar")
	if pillar == "" {
		pillar = assessment.PillarCode(ind.ID)
	}
	onlyFlagged, onlyOpen := c.PostForm("flagged") != "", c.PostForm("open") != ""
	jsonReply := qWantsJSON(c)
	an, _, err := s.analysis(c, v)
	if err != nil {
		s.fail(c, err)
		return
	}
	r := an.Indicator(ind.ID)
	errs := checkStruct(form)
	if form.Comment == "" && r != nil {
		lvl, _ := assessment.ParseLevel(form.Level)
		switch {
		case r.Spread >= assessment.SpreadFlagAt:
			errs = append(errs, assessment.FieldError{Field: "comment", Message: fmt.Sprintf("Explain the consensus: the assessors' levels differ by %d.", r.Spread)})
		case !r.Proposed.Scored():
			errs = append(errs, assessment.FieldError{Field: "comment", Message: "Explain the consensus: no assessor has scored this indicator yet."})
		case lvl.Scored() && lvl != r.Proposed:
			errs = append(errs, assessment.FieldError{Field: "comment", Message: fmt.Sprintf("Explain the consensus: it differs from the proposed level %d.", int(r.Proposed))})
		}
	}
	if form.Target == "4" && ind.Weight < 3 {
		errs = append(errs, assessment.FieldError{Field: "target", Message: fmt.Sprintf("A target of 4 is only for weight-3 indicators; %s has weight %d.", ind.ID, ind.Weight)})
	}
	if len(errs) > 0 {
		if jsonReply {
			c.JSON(http.StatusUnprocessableEntity, apiError{Error: "Not saved: " + errs[0].Message, Code: assessment.EINVALID, Fields: errs})
			return
		}
		s.rvRender(c, v, http.StatusUnprocessableEntity, pillar, onlyFlagged, onlyOpen, &rvOverride{Indicator: ind.ID, Form: form, Errors: errorMap(errs)})
		return
	}
	level, _ := assessment.ParseLevel(form.Level)
	target, _ := assessment.ParseLevel(form.Target)
	version, _ := strconv.Atoi(form.Version)
	saved, err := s.store.SaveConsensus(c.Request.Context(), u.ID, v.A.ID, []assessment.Consensus{{IndicatorID: ind.ID,
		Level: level, Target: target, Comment: form.Comment, Version: version}})
	switch assessment.ErrorCode(err) {
	case "":
	case assessment.ECONFLICT:
		if jsonReply {
			s.fail(c, err)
			return
		}
		s.rvRender(c, v, http.StatusConflict, pillar, onlyFlagged, onlyOpen, &rvOverride{Indicator: ind.ID, Form: form,
			Conflict: assessment.ErrorMessage(err)})
		return
	case assessment.EINVALID:
		var fe []assessment.FieldError
		for _, e := range assessment.ErrorFields(err) {
			fe = append(fe, assessment.FieldError{Field: qStoreField(e.Field), Message: qUpperFirst(e.Message) + "."})
		}
		if jsonReply || len(fe) == 0 {
			s.fail(c, err)
			return
		}
		s.rvRender(c, v, http.StatusUnprocessableEntity, pillar, onlyFlagged, onlyOpen, &rvOverride{Indicator: ind.ID, Form: form, Errors: errorMap(fe)})
		return
	default:
		s.fail(c, err)
		return
	}
	if jsonReply {
		x := saved[0]
		c.JSON(http.StatusOK, gin.H{"indicator": x.IndicatorID, "version": x.Version, "level": x.Level, "target": x.Target, "comment": x.Comment})
		return
	}
	if pillar != "all" && v.F.Pillar(pillar) == nil {
		pillar = assessment.PillarCode(ind.ID)
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/assessments/%d/review?%s&done=consensus#%s", v.A.ID, rvQuery(pillar, onlyFlagged, onlyOpen), qAnchor(ind.ID)))
}
