package web

// The JSON API under /api/v1: the same access rules as the pages
// (assessment.Can through loadView: 404 for an assessment a person may not
// see, 403 for an action their role does not allow), JSON errors that list
// every invalid field, versioned writes that answer 409 with the current
// record when someone else saved first. The routes are described by the
// OpenAPI document of openapi.go; openapi_test.go keeps the two in step.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"bordergap/assessment"
	"bordergap/reports"

	"github.com/gin-gonic/gin"
)

// routesAPI registers the JSON API. The group is already authenticated
// (session cookie or personal token, requireUser) and CSRF-checked for
// cookie-authenticated writes.
func (s *Server) routesAPI(r gin.IRoutes) {
	r.Use(apiNoStore())
	h := s.apiHandler
	r.GET("/openapi.json", s.apiOpenAPI)
	r.GET("/me", h(s.apiMe))
	r.GET("/assessments", h(s.apiAssessments))
	r.POST("/assessments", h(s.apiCreateAssessment))
	r.GET("/assessments/:id", h(s.apiAssessment))
	r.POST("/assessments/:id/status", h(s.apiSetStatus))
	r.GET("/assessments/:id/responses", h(s.apiResponses))
	r.PUT("/assessments/:id/responses/:indicator", h(s.apiSaveResponse))
	r.GET("/assessments/:id/analysis", h(s.apiAnalysis))
	r.GET("/assessments/:id/consensus", h(s.apiConsensusList))
	r.GET("/assessments/:id/consensus/:indicator", h(s.apiConsensus))
	r.PUT("/assessments/:id/consensus/:indicator", h(s.apiSaveConsensus))
	r.GET("/assessments/:id/plan", h(s.apiPlan))
	r.PUT("/assessments/:id/plan/:action/adjustment", h(s.apiAdjustAction))
	r.PUT("/assessments/:id/plan/:action/status", h(s.apiActionStatus))
	r.GET("/assessments/:id/documents/:doc", h(s.apiDocument))
}

// apiNoStore keeps API answers (sensitive data) out of caches.
func apiNoStore() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Header("Cache-Control", "no-store")
		c.Next()
	}
}

// errAPIAnswered tells apiHandler that the handler has already written its
// answer (an error body from loadView or apiBind, or a conflict).
var errAPIAnswered = errors.New("web: answered")

// apiHandler adapts a handler that returns an error: domain errors go
// through fail (the one code-to-status table), as JSON.
func (s *Server) apiHandler(h func(c *gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil && !errors.Is(err, errAPIAnswered) {
			s.fail(c, err)
		}
	}
}

// apiLoad loads the :id assessment for permission p; loadView answers 404
// or 403 itself.
func (s *Server) apiLoad(c *gin.Context, p assessment.Permission) (*view, error) {
	v, ok := s.loadView(c, p)
	if !ok {
		return nil, errAPIAnswered
	}
	return v, nil
}

// apiAnswerError writes an error body with a status outside the domain
// table (400, 413, 415).
func apiAnswerError(c *gin.Context, status int, code, msg string, fields []assessment.FieldError) error {
	c.AbortWithStatusJSON(status, apiError{Error: msg, Code: code, Fields: fields})
	return errAPIAnswered
}

// apiConflict is the body of a 409: the message names who changed the
// record and when; current is the record as it is now, so that a client can
// show both versions and let the person choose.
type apiConflict struct {
	Error   string `json:"error"`
	Code    string `json:"code"`
	Current any    `json:"current,omitempty"`
}

// apiConflictOr answers 409 with the current record for a conflict, and
// returns err unchanged otherwise.
func apiConflictOr(c *gin.Context, err error, current func() any) error {
	if assessment.ErrorCode(err) != assessment.ECONFLICT {
		return err
	}
	var cur any
	if current != nil {
		cur = current()
	}
	c.AbortWithStatusJSON(http.StatusConflict, apiConflict{Error: assessment.ErrorMessage(err), Code: assessment.ECONFLICT, Current: cur})
	return errAPIAnswered
}

// ---- request bodies -------------------------------------------------------

const apiMaxBody = 1 << 20

// apiBind reads a JSON object into dst, a pointer to a request struct, and
// validates it. It decodes field by field, so that every field of the wrong
// type and every unknown field is named at once (400), then checks the
// `validate` tags (422 listing every invalid field), plus extra checks of the
// handler (more). It answers itself and returns errAPIAnswered on failure.
func (s *Server) apiBind(c *gin.Context, dst any, more func() []assessment.FieldError) error {
	if ct := c.GetHeader("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return apiAnswerError(c, http.StatusUnsupportedMediaType, "unsupported_media_type",
				"Send the body as JSON, with the header Content-Type: application/json.", nil)
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, apiMaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return apiAnswerError(c, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("The request body is larger than %d bytes.", apiMaxBody), nil)
		}
		return apiAnswerError(c, http.StatusBadRequest, "bad_request", "The request body could not be read.", nil)
	}
	if fields, msg := apiDecode(body, dst); msg != "" {
		return apiAnswerError(c, http.StatusBadRequest, "bad_request", msg, fields)
	}
	if n, ok := dst.(apiNormalizer); ok {
		n.normalize()
	}
	errs := checkStruct(dst)
	if more != nil {
		errs = apiMergeFields(errs, more())
	}
	if len(errs) > 0 {
		s.fail(c, assessment.Invalid("The request has invalid fields; see fields for each one.", errs...))
		return errAPIAnswered
	}
	return nil
}

// apiNormalizer is a request body that tidies what it was sent (case,
// spaces) before it is validated.
type apiNormalizer interface{ normalize() }

// apiDecode decodes body into dst. It returns a message (and the fields at
// fault) when the body is empty, truncated, not JSON, not an object, or
// has unknown fields or fields of the wrong type.
func apiDecode(body []byte, dst any) ([]assessment.FieldError, string) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, "The request body is empty: send a JSON object."
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF):
			return nil, "The JSON body is truncated: it ends before the object is complete."
		case errors.As(err, &syn):
			return nil, fmt.Sprintf("The body is not valid JSON: %s (at byte %d).", strings.TrimPrefix(syn.Error(), "json: "), syn.Offset)
		case errors.As(err, &typ):
			return nil, "The body must be a JSON object, not " + apiArticle(typ.Value) + "."
		}
		return nil, "The body is not valid JSON."
	}
	if raw == nil {
		return nil, "The body must be a JSON object, not null."
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, "The body has data after the JSON object; send exactly one object."
	}
	if errs := apiDecodeStruct(raw, reflect.ValueOf(dst).Elem(), ""); len(errs) > 0 {
		return errs, "The request body has unknown fields or fields of the wrong type; see fields for each one."
	}
	return nil, ""
}

// apiDecodeStruct decodes the members of a JSON object into a struct, each
// on its own, so that every unknown field and every field of the wrong type
// is reported (path is the JSON path of the object, "" at the top).
func apiDecodeStruct(raw map[string]json.RawMessage, rv reflect.Value, path string) []assessment.FieldError {
	index := apiJSONFields(rv.Type())
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var errs []assessment.FieldError
	for _, k := range keys {
		field := k
		if path != "" {
			field = path + "." + k
		}
		i, ok := index[k]
		if !ok {
			errs = append(errs, assessment.FieldError{Field: field, Message: "Unknown field. Accepted here: " + strings.Join(apiSortedKeys(index), ", ") + "."})
			continue
		}
		errs = append(errs, apiDecodeValue(raw[k], rv.Field(i), field)...)
	}
	return errs
}

var (
	apiUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	apiTimeType    = reflect.TypeFor[time.Time]()
)

// apiDecodeValue decodes one JSON value into v. Structs and slices of
// structs are decoded member by member; anything else at once.
func apiDecodeValue(raw json.RawMessage, v reflect.Value, path string) []assessment.FieldError {
	t := v.Type()
	isNull := string(bytes.TrimSpace(raw)) == "null"
	custom := reflect.PointerTo(t).Implements(apiUnmarshaler) || t == apiTimeType
	switch {
	case !custom && !isNull && t.Kind() == reflect.Struct:
		var members map[string]json.RawMessage
		if err := json.Unmarshal(raw, &members); err != nil {
			return []assessment.FieldError{apiDecodeFieldError(path, t, err)}
		}
		return apiDecodeStruct(members, v, path)
	case !custom && !isNull && t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return []assessment.FieldError{apiDecodeFieldError(path, t, err)}
		}
		out := reflect.MakeSlice(t, len(items), len(items))
		var errs []assessment.FieldError
		for i, item := range items {
			errs = append(errs, apiDecodeValue(item, out.Index(i), fmt.Sprintf("%s[%d]", path, i))...)
		}
		v.Set(out)
		return errs
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(v.Addr().Interface()); err != nil {
		return []assessment.FieldError{apiDecodeFieldError(path, t, err)}
	}
	return nil
}

// apiDecodeFieldError describes a field that could not be decoded.
func apiDecodeFieldError(key string, t reflect.Type, err error) assessment.FieldError {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		field, want := key, apiTypeName(t)
		if typ.Field != "" {
			field = key + "." + typ.Field
		}
		if typ.Type != nil && typ.Type != t && !(t.Kind() == reflect.Pointer && t.Elem() == typ.Type) {
			// A value inside the field (a map value, an array item).
			want = apiTypeName(typ.Type)
		}
		return assessment.FieldError{Field: field, Message: "Expected " + want + ", got " + apiArticle(typ.Value) + "."}
	}
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return assessment.FieldError{Field: key + "." + strings.Trim(rest, `"`), Message: "Unknown field."}
	}
	msg = strings.TrimPrefix(msg, "json: ")
	if msg != "" {
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	return assessment.FieldError{Field: key, Message: msg + "."}
}

// apiJSONFields maps the JSON names of a struct's exported fields to their
// index.
func apiJSONFields(t reflect.Type) map[string]int {
	out := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = i
	}
	return out
}

func apiSortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// apiTypeName names a Go type in words a client understands.
func apiTypeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case reflect.TypeFor[apiLevel]():
		return `a level (0 to 4, "N/A" or null)`
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array of " + strings.TrimPrefix(strings.TrimPrefix(apiTypeName(t.Elem()), "a "), "an ") + "s"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "another type"
}

// apiArticle puts "a" or "an" before a JSON value kind ("string", "number
// 2.5", "array").
func apiArticle(v string) string {
	if v == "" {
		return "another value"
	}
	if strings.ContainsRune("aeiou", rune(v[0])) {
		return "an " + v
	}
	return "a " + v
}

// apiMergeFields appends the errors of more whose field is not already
// named in errs (the first message for a field is the most specific).
func apiMergeFields(errs, more []assessment.FieldError) []assessment.FieldError {
	seen := map[string]bool{}
	for _, e := range errs {
		seen[e.Field] = true
	}
	for _, e := range more {
		if !seen[e.Field] {
			errs = append(errs, e)
			seen[e.Field] = true
		}
	}
	return errs
}

// apiStripPrefix renames the fields of an EINVALID error from the store's
// batch paths ("responses[0].level") to the request's ("level").
func apiStripPrefix(err error, prefix string) error {
	var de *assessment.Error
	if !errors.As(err, &de) || len(de.Fields) == 0 {
		return err
	}
	out := *de
	out.Fields = make([]assessment.FieldError, len(de.Fields))
	for i, f := range de.Fields {
		f.Field = strings.TrimPrefix(strings.TrimPrefix(f.Field, prefix), ".")
		out.Fields[i] = f
	}
	return &out
}

// apiLevel is a level as a client sends it: a number 0–4, "N/A" or null.
// It keeps the text, so that a wrong number is reported (validate tag
// "level") with the other invalid fields instead of failing the decoding.
type apiLevel string

// UnmarshalJSON accepts a number, a string or null.
func (l *apiLevel) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	switch {
	case s == "null":
		*l = ""
	case strings.HasPrefix(s, `"`):
		var str string
		if err := json.Unmarshal(b, &str); err != nil {
			return err
		}
		*l = apiLevel(str)
	case s != "" && (s[0] == '-' || s[0] >= '0' && s[0] <= '9'):
		*l = apiLevel(s)
	default:
		return &json.UnmarshalTypeError{Value: map[byte]string{'t': "bool", 'f': "bool", '[': "array", '{': "object"}[s[0]], Type: reflect.TypeFor[apiLevel]()}
	}
	return nil
}

// level returns the parsed level (Unscored when empty or invalid: the
// validate tag reports invalid ones).
func (l apiLevel) level() assessment.Level {
	lv, err := assessment.ParseLevel(string(l))
	if err != nil {
		return assessment.Unscored
	}
	return lv
}

func apiIntPtrLevel(p *int) assessment.Level {
	if p == nil {
		return assessment.Unscored
	}
	return assessment.Level(*p)
}

func apiVersion(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// ---- me and assessments ---------------------------------------------------

type apiMeBody struct {
	User *assessment.User `json:"user"`
	// Auth is "session" or "token".
	Auth string `json:"auth"`
	// CSRFToken is the header value cookie-authenticated writes must send
	// as X-CSRF-Token (absent for token authentication).
	CSRFToken           string `json:"csrf_token,omitempty"`
	CanCreateAssessment bool   `json:"can_create_assessment"`
}

func (s *Server) apiMe(c *gin.Context) error {
	u := currentUser(c)
	body := apiMeBody{User: u, Auth: "session", CanCreateAssessment: assessment.CanCreateAssessment(u)}
	if c.GetBool(ctxAPI) {
		body.Auth = "token"
	} else {
		body.CSRFToken = csrfToken(c)
	}
	c.JSON(http.StatusOK, body)
	return nil
}

// apiAssessmentSummary is one row of the list of assessments.
type apiAssessmentSummary struct {
	ID               int64             `json:"id"`
	State            string            `json:"state"`
	StateName        string            `json:"state_name"`
	Title            string            `json:"title"`
	FrameworkID      string            `json:"framework_id"`
	FrameworkVersion string            `json:"framework_version"`
	Status           assessment.Status `json:"status"`
	Round            int               `json:"round"`
	Version          int               `json:"version"`
	UpdatedAt        time.Time         `json:"updated_at"`
	// MyRole is the person's team role, "admin" or "ministry".
	MyRole          string    `json:"my_role"`
	Applicable      int       `json:"applicable"`
	Scored          int       `json:"scored"`
	ProgressPercent int       `json:"progress_percent"`
	NationalIndex   *apiScore `json:"national_index"`
}

type apiAssessmentList struct {
	Assessments []apiAssessmentSummary `json:"assessments"`
}

// apiAssessments lists the assessments the person may see, with the same
// filter as the home page. Donors see none until a country shares with them.
func (s *Server) apiAssessments(c *gin.Context) error {
	u := currentUser(c)
	out := apiAssessmentList{Assessments: []apiAssessmentSummary{}}
	if u.Role == assessment.UserDonor {
		c.JSON(http.StatusOK, out)
		return nil
	}
	var filter assessment.AssessmentFilter
	switch u.Role {
	case assessment.UserConsultant:
		filter.MemberID = u.ID
	case assessment.UserMinistry:
		filter.State, filter.Status = u.Country, assessment.StatusPublished
	}
	list, err := s.store.FindAssessments(c.Request.Context(), filter)
	if err != nil {
		return err
	}
	for _, a := range list {
		if !assessment.Visible(u, a) {
			continue
		}
		row := apiAssessmentSummary{ID: a.ID, State: a.State, StateName: a.StateName, Title: a.Title, FrameworkID: a.FrameworkID,
			FrameworkVersion: a.FrameworkVersion, Status: a.Status, Round: a.Round, Version: a.Version, UpdatedAt: a.UpdatedAt,
			MyRole: apiMyRole(u, a)}
		if f, err := s.cfg.Frameworks.Framework(a.FrameworkID, a.FrameworkVersion); err == nil {
			if an, _, err := s.analysis(c, &view{A: a, F: f}); err == nil {
				row.Applicable, row.Scored, row.NationalIndex = an.Applicable, an.Scored, apiScoreOf(an.National)
				if an.Applicable > 0 {
					row.ProgressPercent = an.Scored * 100 / an.Applicable
				}
			}
		}
		out.Assessments = append(out.Assessments, row)
	}
	c.JSON(http.StatusOK, out)
	return nil
}

func apiMyRole(u *assessment.User, a *assessment.Assessment) string {
	if r := a.MemberRole(u.ID); r != "" {
		return string(r)
	}
	switch u.Role {
	case assessment.UserAdmin:
		return "admin"
	case assessment.UserMinistry:
		return "ministry"
	}
	return ""
}

// apiAssessmentBody is an assessment with what the person may do with it.
type apiAssessmentBody struct {
	*assessment.Assessment
	MyRole      string   `json:"my_role"`
	Permissions []string `json:"permissions"`
}

func apiAssessmentOf(u *assessment.User, a *assessment.Assessment) apiAssessmentBody {
	b := apiAssessmentBody{Assessment: a, MyRole: apiMyRole(u, a), Permissions: []string{}}
	for _, p := range allPermissions {
		if assessment.Can(u, a, p) {
			b.Permissions = append(b.Permissions, string(p))
		}
	}
	if b.Team == nil {
		b.Team = []assessment.Member{}
	}
	return b
}

func (s *Server) apiAssessment(c *gin.Context) error {
	v, err := s.apiLoad(c, assessment.PermView)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, apiAssessmentOf(currentUser(c), v.A))
	return nil
}

// apiAssessmentCreate is the body of POST /assessments.
type apiAssessmentCreate struct {
	State     string `json:"state" validate:"required,alpha3"`
	StateName string `json:"state_name" validate:"required,max=200"`
	Title     string `json:"title" validate:"required,max=300"`
	// FrameworkVersion may be left out: the highest installed version.
	FrameworkID      string             `json:"framework_id" validate:"required,max=100"`
	FrameworkVersion string             `json:"framework_version" validate:"max=50"`
	Scope            apiScopeInput      `json:"scope"`
	Profile          assessment.Profile `json:"profile"`
	// Team lists the members; without a lead, the creator is the lead.
	Team       []apiMemberInput `json:"team" validate:"max=50,dive"`
	StartedOn  string           `json:"started_on" validate:"max=10"`
	BaselineID int64            `json:"baseline_id" validate:"gte=0"`
}

type apiScopeInput struct {
	Modes []string `json:"modes" validate:"required,min=1,max=4"`
}

type apiMemberInput struct {
	UserID int64  `json:"user_id" validate:"required_without=Email,gte=0"`
	Email  string `json:"email" validate:"required_without=UserID,omitempty,email"`
	Role   string `json:"role" validate:"required,oneof=lead assessor reviewer"`
}

// apiCreateAssessment creates an assessment (consultants and admins); the
// creator becomes its lead unless the team names one.
func (s *Server) apiCreateAssessment(c *gin.Context) error {
	ctx := c.Request.Context()
	u := currentUser(c)
	if !assessment.CanCreateAssessment(u) {
		return assessment.Errorf(assessment.EFORBIDDEN, "Only consultants and administrators create assessments.")
	}
	var in apiAssessmentCreate
	a := &assessment.Assessment{Status: assessment.StatusDraft, Round: 1}
	more := func() []assessment.FieldError {
		var errs []assessment.FieldError
		add := func(field, format string, args ...any) {
			errs = append(errs, assessment.FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
		}
		a.State, a.StateName, a.Title, a.Profile = strings.TrimSpace(in.State), strings.TrimSpace(in.StateName), strings.TrimSpace(in.Title), in.Profile
		a.FrameworkID, a.FrameworkVersion = in.FrameworkID, in.FrameworkVersion
		if len(in.Profile.BCPs) > 0 {
			a.Profile.BCPs = map[assessment.Mode]int{}
			for m, n := range in.Profile.BCPs {
				if mode, ok := assessment.ParseMode(string(m)); ok {
					m = mode
				}
				a.Profile.BCPs[m] += n
			}
		}
		var f *assessment.Framework
		if in.FrameworkID != "" {
			if a.FrameworkVersion == "" {
				a.FrameworkVersion = s.apiLatestVersion(in.FrameworkID)
			}
			var err error
			if f, err = s.cfg.Frameworks.Framework(a.FrameworkID, a.FrameworkVersion); err != nil {
				if a.FrameworkVersion == "" {
					add("framework_id", "No framework %q is installed.", in.FrameworkID)
				} else {
					add("framework_version", "Framework %s version %s is not installed.", in.FrameworkID, a.FrameworkVersion)
				}
			}
		}
		for i, m := range in.Scope.Modes {
			mode, ok := assessment.ParseMode(m)
			if !ok {
				add(fmt.Sprintf("scope.modes[%d]", i), "%q is not a mode: choose air, sea, land or rail.", m)
				continue
			}
			if a.Scope.Has(mode) {
				add(fmt.Sprintf("scope.modes[%d]", i), "%s is listed twice.", mode)
				continue
			}
			a.Scope.Modes = append(a.Scope.Modes, mode)
		}
		if in.StartedOn != "" {
			if _, err := time.Parse("2006-01-02", in.StartedOn); err != nil {
				add("started_on", "Enter a date as YYYY-MM-DD, for example 2026-09-14.")
			}
			a.StartedOn = in.StartedOn
		}
		if in.BaselineID > 0 {
			b, err := s.store.FindAssessmentByID(ctx, in.BaselineID)
			switch {
			case err != nil || !assessment.Visible(u, b):
				add("baseline_id", "There is no assessment %d that you can see.", in.BaselineID)
			case b.State != a.State:
				add("baseline_id", "Assessment %d is of %s, not of %s.", b.ID, b.State, a.State)
			default:
				a.BaselineID, a.Round = b.ID, b.Round+1
			}
		}
		leads := 0
		for i, m := range in.Team {
			var mu *assessment.User
			var err error
			switch {
			case m.UserID > 0:
				if mu, err = s.store.FindUserByID(ctx, m.UserID); err != nil {
					add(fmt.Sprintf("team[%d].user_id", i), "There is no user with id %d.", m.UserID)
					continue
				}
			case m.Email != "":
				if mu, err = s.store.FindUserByEmail(ctx, m.Email); err != nil {
					add(fmt.Sprintf("team[%d].email", i), "There is no user with the e-mail address %s.", m.Email)
					continue
				}
			default:
				continue
			}
			if mu.Disabled || (mu.Role != assessment.UserConsultant && mu.Role != assessment.UserAdmin) {
				add(fmt.Sprintf("team[%d]", i), "%s cannot join a team: only active consultants and administrators can.", mu.Name)
				continue
			}
			if m.Role == string(assessment.RoleLead) {
				leads++
			}
			a.Team = append(a.Team, assessment.Member{UserID: mu.ID, Role: assessment.TeamRole(m.Role), Name: mu.Name, Email: mu.Email})
		}
		if leads == 0 {
			if r := a.MemberRole(u.ID); r != "" {
				add("team", "Name a lead assessor: you are on the team as %s.", r)
			} else {
				a.Team = append([]assessment.Member{{UserID: u.ID, Role: assessment.RoleLead, Name: u.Name, Email: u.Email}}, a.Team...)
			}
		}
		if f != nil {
			if err := a.Validate(f); err != nil {
				for _, fe := range assessment.ErrorFields(err) {
					// Team indexes differ once the creator is added;
					// team errors are reported above or as "team".
					if strings.HasPrefix(fe.Field, "team[") {
						fe.Field = "team"
					}
					errs = append(errs, fe)
				}
			}
		}
		return errs
	}
	if err := s.apiBind(c, &in, more); err != nil {
		return err
	}
	if err := s.store.CreateAssessment(ctx, u.ID, a); err != nil {
		return err
	}
	saved, err := s.store.FindAssessmentByID(ctx, a.ID)
	if err != nil {
		return err
	}
	c.Header("Location", fmt.Sprintf("/api/v1/assessments/%d", a.ID))
	c.JSON(http.StatusCreated, apiAssessmentOf(u, saved))
	return nil
}

// apiLatestVersion returns the highest installed version of a framework,
// or "" (the list is sorted by id, then version).
func (s *Server) apiLatestVersion(id string) string {
	if s.cfg.FrameworkList == nil {
		return ""
	}
	v := ""
	for _, fc := range s.cfg.FrameworkList() {
		if fc.ID == id {
			v = fc.Version
		}
	}
	return v
}

// apiStatusChange is the body of POST /assessments/:id/status.
type apiStatusChange struct {
	To      string `json:"to" validate:"required,oneof=draft in_review validated published"`
	Version *int   `json:"version" validate:"required,gte=1"`
}

func (s *Server) apiSetStatus(c *gin.Context) error {
	v, err := s.apiLoad(c, assessment.PermConsensus)
	if err != nil {
		return err
	}
	var in apiStatusChange
	more := func() []assessment.FieldError {
		to := assessment.Status(in.To)
		if to.Valid() && !assessment.CanTransition(v.A.Status, to) {
			return []assessment.FieldError{{Field: "to", Message: fmt.Sprintf("An assessment that is %s can only move one step: not to %s.", v.A.Status.Label(), to.Label())}}
		}
		return nil
	}
	if err := s.apiBind(c, &in, more); err != nil {
		return err
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	a, err := s.store.SetStatus(ctx, u.ID, v.A.ID, *in.Version, assessment.Status(in.To))
	if err != nil {
		return apiConflictOr(c, err, func() any {
			if cur, err := s.store.FindAssessmentByID(ctx, v.A.ID); err == nil {
				return apiAssessmentOf(u, cur)
			}
			return nil
		})
	}
	c.JSON(http.StatusOK, apiAssessmentOf(u, a))
	return nil
}

// ---- responses --------------------------------------------------------------

// apiResponse is a stored response with its assessor's name.
type apiResponse struct {
	assessment.Response
	AssessorName string `json:"assessor_name,omitempty"`
}

type apiResponseList struct {
	Responses []apiResponse `json:"responses"`
}

func apiResponseOf(a *assessment.Assessment, r assessment.Response) apiResponse {
	if r.Sources == nil {
		r.Sources = []string{}
	}
	out := apiResponse{Response: r}
	for _, m := range a.Team {
		if m.UserID == r.AssessorID {
			out.AssessorName = m.Name
		}
	}
	return out
}

// apiResponses lists the team's responses (questionnaire permission),
// optionally for one indicator (?indicator=) or one assessor (?assessor_id=).
func (s *Server) apiResponses(c *gin.Context) error {
	v, err := s.apiLoad(c, assessment.PermQuestionnaire)
	if err != nil {
		return err
	}
	var assessor int64
	if q := c.Query("assessor_id"); q != "" {
		if assessor, err = strconv.ParseInt(q, 10, 64); err != nil || assessor <= 0 {
			return assessment.Invalid("Invalid query.", assessment.FieldError{Field: "assessor_id", Message: "Enter a user id (a whole number)."})
		}
	}
	ind := c.Query("indicator")
	rs, err := s.store.FindResponses(c.Request.Context(), v.A.ID)
	if err != nil {
		return err
	}
	out := apiResponseList{Responses: []apiResponse{}}
	for _, r := range rs {
		if (ind == "" || r.IndicatorID == ind) && (assessor == 0 || r.AssessorID == assessor) {
			out.Responses = append(out.Responses, apiResponseOf(v.A, r))
		}
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// apiResponseInput is the body of PUT /responses/:indicator: the caller's
// own answer. Version is the version read (0 for a first answer).
type apiResponseInput struct {
	Level         apiLevel `json:"level" validate:"level"`
	Target        *int     `json:"target" validate:"omitempty,gte=2,lte=4"`
	Confidence    string   `json:"confidence" validate:"omitempty,oneof=H M L"`
	Note          string   `json:"note" validate:"max=20000"`
	Sources       []string `json:"sources" validate:"max=50,dive,required,max=1000"`
	RightsConcern bool     `json:"rights_concern"`
	Version       *int     `json:"version" validate:"required,gte=0"`
}

func (in *apiResponseInput) normalize() {
	in.Confidence = strings.ToUpper(strings.TrimSpace(in.Confidence))
}

// apiIndicatorParam finds the :indicator of the assessment's framework (404).
func apiIndicatorParam(c *gin.Context, v *view) (*assessment.Indicator, error) {
	id := c.Param("indicator")
	ind := v.F.Indicator(id)
	if ind == nil {
		return nil, assessment.Errorf(assessment.ENOTFOUND, "There is no indicator %q in framework %s.", id, v.F.Key())
	}
	return ind, nil
}

func (s *Server) apiSaveResponse(c *gin.Context) error {
	v, err := s.apiLoad(c, assessment.PermScore)
	if err != nil {
		return err
	}
	ind, err := apiIndicatorParam(c, v)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	var in apiResponseInput
	var r assessment.Response
	more := func() []assessment.FieldError {
		r = assessment.Response{AssessmentID: v.A.ID, IndicatorID: ind.ID, AssessorID: u.ID, Level: in.Level.level(),
			Target: apiIntPtrLevel(in.Target), Confidence: assessment.Confidence(in.Confidence), Note: in.Note,
			Sources: in.Sources, RightsConcern: in.RightsConcern, Version: apiVersion(in.Version)}
		if !r.Confidence.Valid() {
			r.Confidence = "" // reported by the validate tag
		}
		return assessment.ValidateResponse(v.F, v.A, &r, "")
	}
	if err := s.apiBind(c, &in, more); err != nil {
		return err
	}
	saved, err := s.store.SaveResponses(ctx, u.ID, v.A.ID, []assessment.Response{r})
	if err != nil {
		return apiConflictOr(c, apiStripPrefix(err, "responses[0]"), func() any {
			rs, err := s.store.FindResponses(ctx, v.A.ID)
			if err != nil {
				return nil
			}
			for _, cur := range rs {
				if cur.IndicatorID == ind.ID && cur.AssessorID == u.ID {
					return apiResponseOf(v.A, cur)
				}
			}
			return nil
		})
	}
	c.JSON(http.StatusOK, apiResponseOf(v.A, saved[0]))
	return nil
}

// ---- analysis ---------------------------------------------------------------

// apiScore is an aggregate on the 0–4 scale; null when nothing is scored.
type apiScore struct {
	Value   float64 `json:"value"`
	Percent float64 `json:"percent"`
	N       int     `json:"n"`
}

func apiRound(v float64) float64 { return math.Round(v*10000) / 10000 }

func apiScoreOf(s assessment.Score) *apiScore {
	if !s.Valid() {
		return nil
	}
	return &apiScore{Value: apiRound(s.Value), Percent: apiRound(s.Percent()), N: s.N}
}

type apiAnalysisBody struct {
	AssessmentID  int64                `json:"assessment_id"`
	Framework     string               `json:"framework"`
	NationalIndex *apiScore            `json:"national_index"`
	Applicable    int                  `json:"applicable"`
	Scored        int                  `json:"scored"`
	Flagged       int                  `json:"flagged"`
	Pillars       []apiPillarResult    `json:"pillars"`
	Indicators    []apiIndicatorResult `json:"indicators"`
	Gaps          []apiGap             `json:"gaps"`
	BindingUnmet  []string             `json:"binding_unmet"`
}

type apiPillarResult struct {
	Code         string              `json:"code"`
	Title        string              `json:"title"`
	Score        *apiScore           `json:"score"`
	Target       *apiScore           `json:"target"`
	Applicable   int                 `json:"applicable"`
	Critical     bool                `json:"critical"`
	HighGaps     int                 `json:"high_gaps"`
	BindingUnmet int                 `json:"binding_unmet"`
	Capacities   []apiCapacityResult `json:"capacities"`
}

type apiCapacityResult struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	Score      *apiScore `json:"score"`
	Applicable int       `json:"applicable"`
}

type apiIndicatorResult struct {
	ID            string                `json:"id"`
	Title         string                `json:"title"`
	Pillar        string                `json:"pillar"`
	Capacity      string                `json:"capacity"`
	Weight        int                   `json:"weight"`
	Restricted    bool                  `json:"restricted"`
	Applicable    bool                  `json:"applicable"`
	Level         assessment.Level      `json:"level"`
	Proposed      assessment.Level      `json:"proposed"`
	Target        assessment.Level      `json:"target"`
	ConsensusSet  bool                  `json:"consensus_set"`
	Confidence    assessment.Confidence `json:"confidence"`
	Spread        int                   `json:"spread"`
	SpreadFlag    bool                  `json:"spread_flag"`
	Gap           int                   `json:"gap"`
	Priority      assessment.Priority   `json:"priority"`
	PriorityIndex float64               `json:"priority_index"`
	BindingUnmet  bool                  `json:"binding_unmet"`
	RightsConcern bool                  `json:"rights_concern"`
	RightsCapped  bool                  `json:"rights_capped"`
	LowConfidence bool                  `json:"low_confidence"`
	SingleSource  bool                  `json:"single_source"`
	Comment       string                `json:"comment"`
	// NotesWithheld is set when the comment and notes of a restricted
	// indicator are left out for a person without the restricted view.
	NotesWithheld bool `json:"notes_withheld,omitempty"`
	// Scores are the assessors' answers (review permission only).
	Scores []apiAssessorScore `json:"scores,omitempty"`
}

type apiAssessorScore struct {
	AssessorID    int64                 `json:"assessor_id"`
	AssessorName  string                `json:"assessor_name,omitempty"`
	Level         assessment.Level      `json:"level"`
	Target        assessment.Level      `json:"target"`
	Confidence    assessment.Confidence `json:"confidence"`
	RightsConcern bool                  `json:"rights_concern"`
	Note          string                `json:"note"`
	Sources       []string              `json:"sources"`
	Version       int                   `json:"version"`
}

type apiGap struct {
	Indicator     string              `json:"indicator"`
	Title         string              `json:"title"`
	Pillar        string              `json:"pillar"`
	Weight        int                 `json:"weight"`
	Level         assessment.Level    `json:"level"`
	Target        assessment.Level    `json:"target"`
	Gap           int                 `json:"gap"`
	Priority      assessment.Priority `json:"priority"`
	PriorityIndex float64             `json:"priority_index"`
	BindingUnmet  bool                `json:"binding_unmet"`
	Restricted    bool                `json:"restricted"`
}

func apiScoresOf(a *assessment.Assessment, scores []assessment.AssessorScore) []apiAssessorScore {
	out := []apiAssessorScore{}
	for _, sc := range scores {
		src := sc.Sources
		if src == nil {
			src = []string{}
		}
		row := apiAssessorScore{AssessorID: sc.AssessorID, Level: sc.Level, Target: sc.Target, Confidence: sc.Confidence,
			RightsConcern: sc.RightsConcern, Note: sc.Note, Sources: src, Version: sc.Version}
		for _, m := range a.Team {
			if m.UserID == sc.AssessorID {
				row.AssessorName = m.Name
			}
		}
		out = append(out, row)
	}
	return out
}

// apiAnalysisOf shapes an analysis for a person: restricted indicators keep
// their scores but lose their notes without the restricted view; the
// assessors' individual answers come only with the review permission.
func apiAnalysisOf(an *assessment.Analysis, restricted, review bool) apiAnalysisBody {
	out := apiAnalysisBody{AssessmentID: an.Assessment.ID, Framework: an.Framework.Key(), NationalIndex: apiScoreOf(an.National),
		Applicable: an.Applicable, Scored: an.Scored, Flagged: an.Flagged,
		Pillars: []apiPillarResult{}, Indicators: []apiIndicatorResult{}, Gaps: []apiGap{}, BindingUnmet: []string{}}
	for _, pr := range an.Pillars {
		p := apiPillarResult{Code: pr.Pillar.Code, Title: pr.Pillar.Title, Score: apiScoreOf(pr.Score), Target: apiScoreOf(pr.Target),
			Applicable: pr.Applicable, Critical: pr.Critical, HighGaps: pr.HighGaps, BindingUnmet: pr.BindingUnmet, Capacities: []apiCapacityResult{}}
		for _, cr := range pr.Capacities {
			p.Capacities = append(p.Capacities, apiCapacityResult{ID: cr.Capacity.ID, Title: cr.Capacity.Title, Score: apiScoreOf(cr.Score), Applicable: cr.Applicable})
		}
		out.Pillars = append(out.Pillars, p)
	}
	for _, r := range an.Indicators {
		ind := r.Indicator
		row := apiIndicatorResult{ID: ind.ID, Title: ind.Title, Pillar: assessment.PillarCode(ind.ID), Capacity: assessment.CapacityID(ind.ID),
			Weight: ind.Weight, Restricted: ind.Restricted, Applicable: r.Applicable, Level: r.Level, Proposed: r.Proposed, Target: r.Target,
			ConsensusSet: r.ConsensusSet, Confidence: r.Confidence, Spread: r.Spread, SpreadFlag: r.SpreadFlag, Gap: r.Gap,
			Priority: r.Priority, PriorityIndex: apiRound(r.PriorityIndex), BindingUnmet: r.BindingUnmet, RightsConcern: r.RightsConcern,
			RightsCapped: r.RightsCapped, LowConfidence: r.LowConfidence, SingleSource: r.SingleSource, Comment: r.Comment}
		withhold := ind.Restricted && !restricted
		if withhold {
			row.Comment, row.NotesWithheld = "", true
		}
		if review {
			row.Scores = apiScoresOf(an.Assessment, r.Scores)
			if withhold {
				for i := range row.Scores {
					row.Scores[i].Note = ""
				}
			}
		}
		out.Indicators = append(out.Indicators, row)
	}
	for _, r := range an.Gaps() {
		out.Gaps = append(out.Gaps, apiGap{Indicator: r.Indicator.ID, Title: r.Indicator.Title, Pillar: assessment.PillarCode(r.Indicator.ID),
			Weight: r.Indicator.Weight, Level: r.Level, Target: r.Target, Gap: r.Gap, Priority: r.Priority,
			PriorityIndex: apiRound(r.PriorityIndex), BindingUnmet: r.BindingUnmet, Restricted: r.Indicator.Restricted})
	}
	for _, r := range an.BindingUnmet() {
		out.BindingUnmet = append(out.BindingUnmet, r.Indicator.ID)
	}
	return out
}

func (s *Server) apiAnalysis(c *gin.Context) error {
	v, err := s.apiLoad(c, assessment.PermView)
	if err != nil {
		return err
	}
	an, _, err := s.analysis(c, v)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, apiAnalysisOf(an, v.Can[assessment.PermViewRestricted], v.Can[assessment.PermReview]))
	return nil
}

// ---- consensus --------------------------------------------------------------

type apiConsensusListBody struct {
	Consensus []assessment.Consensus `json:"consensus"`
}

func (s *Server) apiConsensusList(c *gin.Context) error {
	v, err := s.apiLoad(c, assessment.PermReview)
	if err != nil {
		return err
	}
	cs, err := s.store.FindConsensus(c.Request.Context(), v.A.ID)
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []assessment.Consensus{}
	}
	c.JSON(http.StatusOK, apiConsensusListBody{Consensus: cs})
	return nil
}

// apiConsensusView is one indicator as the lead reconciles it: the
// consensus record (version 0 and a null level when none is set yet) and
// the assessors' levels side by side.
type apiConsensusView struct {
	Indicator      string             `json:"indicator"`
	Title          string             `json:"title"`
	Level          assessment.Level   `json:"level"`
	Target         assessment.Level   `json:"target"`
	Comment        string             `json:"comment"`
	Version        int                `json:"version"`
	SetBy          int64              `json:"set_by,omitempty"`
	SetAt          *time.Time         `json:"set_at,omitempty"`
	Proposed       assessment.Level   `json:"proposed"`
	EffectiveLevel assessment.Level   `json:"effective_level"`
	Min            assessment.Level   `json:"min"`
	Max            assessment.Level   `json:"max"`
	Spread         int                `json:"spread"`
	SpreadFlag     bool               `json:"spread_flag"`
	Scores         []apiAssessorScore `json:"scores"`
}

func (s *Server) apiConsensus(c *gin.Context) error {
	v, err := s.apiLoad(c, assessment.PermReview)
	if err != nil {
		return err
	}
	ind, err := apiIndicatorParam(c, v)
	if err != nil {
		return err
	}
	an, _, err := s.analysis(c, v)
	if err != nil {
		return err
	}
	cs, err := s.store.FindConsensus(c.Request.Context(), v.A.ID)
	if err != nil {
		return err
	}
	r := an.Indicator(ind.ID)
	out := apiConsensusView{Indicator: ind.ID, Title: ind.Title, Level: assessment.Unscored, Target: assessment.Unscored,
		Proposed: r.Proposed, EffectiveLevel: r.Level, Min: r.Min, Max: r.Max, Spread: r.Spread, SpreadFlag: r.SpreadFlag,
		Scores: apiScoresOf(v.A, r.Scores)}
	for _, rec := range cs {
		if rec.IndicatorID == ind.ID {
			at := rec.SetAt
			out.Level, out.Target, out.Comment, out.Version, out.SetBy, out.SetAt = rec.Level, rec.Target, rec.Comment, rec.Version, rec.SetBy, &at
		}
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// apiConsensusInput is the body of PUT /consensus/:indicator. A null level
// keeps the proposed level (the comment alone is recorded).
type apiConsensusInput struct {
	Level   apiLevel `json:"level" validate:"level"`
	Target  *int     `json:"target" validate:"omitempty,gte=2,lte=4"`
	Comment string   `json:"comment" validate:"max=4000"`
	Version *int     `json:"version" validate:"required,gte=0"`
}

func (s *Server) apiSaveConsensus(c *gin.Context) error {
	v, err := s.apiLoad(c, assessment.PermConsensus)
	if err != nil {
		return err
	}
	ind, err := apiIndicatorParam(c, v)
	if err != nil {
		return err
	}
	var in apiConsensusInput
	var rec assessment.Consensus
	more := func() []assessment.FieldError {
		rec = assessment.Consensus{AssessmentID: v.A.ID, IndicatorID: ind.ID, Level: in.Level.level(), Target: apiIntPtrLevel(in.Target),
			Comment: strings.TrimSpace(in.Comment), Version: apiVersion(in.Version)}
		r := assessment.Response{IndicatorID: ind.ID, Level: rec.Level, Target: rec.Target}
		return assessment.ValidateResponse(v.F, v.A, &r, "")
	}
	if err := s.apiBind(c, &in, more); err != nil {
		return err
	}
	ctx := c.Request.Context()
	saved, err := s.store.SaveConsensus(ctx, currentUser(c).ID, v.A.ID, []assessment.Consensus{rec})
	if err != nil {
		return apiConflictOr(c, apiStripPrefix(err, "consensus[0]"), func() any {
			cs, err := s.store.FindConsensus(ctx, v.A.ID)
			if err != nil {
				return nil
			}
			for _, cur := range cs {
				if cur.IndicatorID == ind.ID {
					return cur
				}
			}
			return nil
		})
	}
	c.JSON(http.StatusOK, saved[0])
	return nil
}

// ---- plan -------------------------------------------------------------------

type apiPlanBody struct {
	AssessmentID int64          `json:"assessment_id"`
	StartYear    int            `json:"start_year"`
	EndYear      int            `json:"end_year"`
	Currency     string         `json:"currency"`
	Totals       apiPlanTotals  `json:"totals"`
	Objectives   []apiObjective `json:"objectives"`
	Actions      []apiAction    `json:"actions"`
	// Unmapped lists agency role codes the profile does not map yet.
	Unmapped []string `json:"unmapped"`
}

type apiPlanTotals struct {
	Total    float64            `json:"total"`
	National float64            `json:"national"`
	Donor    float64            `json:"donor"`
	Gap      float64            `json:"gap"`
	ByPillar map[string]float64 `json:"by_pillar"`
}

type apiObjective struct {
	Code     string                 `json:"code"`
	Pillar   string                 `json:"pillar"`
	Text     string                 `json:"text"`
	Cost     float64                `json:"cost"`
	Specific []apiSpecificObjective `json:"specific"`
}

type apiSpecificObjective struct {
	Code     string   `json:"code"`
	Capacity string   `json:"capacity"`
	Text     string   `json:"text"`
	Actions  []string `json:"actions"`
}

type apiKPI struct {
	Name     string `json:"name"`
	Unit     string `json:"unit"`
	Source   string `json:"source"`
	Baseline string `json:"baseline"`
	Target   string `json:"target"`
}

type apiAction struct {
	ID             string                   `json:"id"`
	Indicator      string                   `json:"indicator"`
	Capacity       string                   `json:"capacity"`
	Pillar         string                   `json:"pillar"`
	Text           string                   `json:"text"`
	SubActivities  []string                 `json:"sub_activities"`
	Lead           string                   `json:"lead"`
	LeadCode       string                   `json:"lead_code"`
	Partners       []string                 `json:"partners"`
	International  []string                 `json:"international"`
	Unmapped       []string                 `json:"unmapped"`
	StartMonth     int                      `json:"start_month"`
	EndMonth       int                      `json:"end_month"`
	StartQuarter   string                   `json:"start_quarter"`
	EndQuarter     string                   `json:"end_quarter"`
	Phase          int                      `json:"phase"`
	Output         string                   `json:"output"`
	OutcomeKPI     apiKPI                   `json:"outcome_kpi"`
	MaturityKPI    apiKPI                   `json:"maturity_kpi"`
	Verification   string                   `json:"verification"`
	Cost           float64                  `json:"cost"`
	CostByYear     map[string]float64       `json:"cost_by_year"`
	FundingSource  string                   `json:"funding_source"`
	FundingStatus  assessment.FundingStatus `json:"funding_status"`
	PendingFunding bool                     `json:"pending_funding"`
	Priority       assessment.Priority      `json:"priority"`
	PriorityIndex  float64                  `json:"priority_index"`
	Dependencies   []string                 `json:"dependencies"`
	Prerequisites  []string                 `json:"prerequisites"`
	References     []string                 `json:"references"`
	Safeguard      string                   `json:"safeguard,omitempty"`
	HRDDP          bool                     `json:"hrddp"`
	Restricted     bool                     `json:"restricted"`
	Status         assessment.ImplStatus    `json:"status"`
	Note           string                   `json:"note"`
	Adjusted       []string                 `json:"adjusted"`
	Warnings       []string                 `json:"warnings"`
	// Version is the version of the action's adjustment record (0 when
	// nothing was adjusted): send it back with a change.
	Version   int        `json:"version"`
	UpdatedBy int64      `json:"updated_by,omitempty"`
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
}

func apiStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func apiKPIOf(k assessment.KPIValue) apiKPI {
	return apiKPI{Name: k.Name, Unit: k.Unit, Source: k.Source, Baseline: k.Baseline, Target: k.Target}
}

func apiActionOf(p *assessment.Plan, pa *assessment.PlanAction, adj map[string]assessment.Adjustment) apiAction {
	status := pa.Status
	if status == "" {
		status = assessment.StatusNotStarted
	}
	out := apiAction{ID: pa.ID, Indicator: pa.Indicator.ID, Capacity: pa.Capacity.ID, Pillar: pa.Pillar.Code, Text: pa.Text,
		SubActivities: apiStrings(pa.SubActivities), Lead: pa.Lead, LeadCode: pa.LeadCode, Partners: apiStrings(pa.Partners),
		International: apiStrings(pa.International), Unmapped: apiStrings(pa.Unmapped), StartMonth: pa.Start, EndMonth: pa.End,
		StartQuarter: p.Quarter(pa.Start), EndQuarter: p.EndQuarter(pa.End), Phase: pa.Phase, Output: pa.Output,
		OutcomeKPI: apiKPIOf(pa.OutcomeKPI), MaturityKPI: apiKPIOf(pa.MaturityKPI), Verification: pa.Verification,
		Cost: pa.Cost, CostByYear: map[string]float64{}, FundingSource: pa.FundingSource, FundingStatus: pa.FundingStatus,
		PendingFunding: pa.PendingFunding, Priority: pa.Priority, PriorityIndex: apiRound(pa.PriorityIndex),
		Dependencies: apiStrings(pa.Dependencies), Prerequisites: apiStrings(pa.Prerequisites), References: apiStrings(pa.References),
		Safeguard: pa.Safeguard, HRDDP: pa.HRDDP, Restricted: pa.Restricted, Status: status, Note: pa.Note,
		Adjusted: apiStrings(pa.Adjusted), Warnings: apiStrings(pa.Warnings)}
	for y, v := range pa.CostByYear {
		out.CostByYear[strconv.Itoa(y)] = v
	}
	if x, ok := adj[pa.ID]; ok {
		at := x.UpdatedAt
		out.Version, out.UpdatedBy, out.UpdatedAt = x.Version, x.UpdatedBy, &at
	}
	return out
}

// apiPlanFilter is the query of GET /plan.
type apiPlanFilter struct {
	Pillar   string
	Priority assessment.Priority
	Phase    int
}

func apiParsePlanFilter(c *gin.Context, f *assessment.Framework) (apiPlanFilter, error) {
	var out apiPlanFilter
	var errs []assessment.FieldError
	if p := strings.ToUpper(strings.TrimSpace(c.Query("pillar"))); p != "" {
		if f.Pillar(p) == nil {
			errs = append(errs, assessment.FieldError{Field: "pillar", Message: fmt.Sprintf("There is no pillar %q in framework %s.", p, f.Key())})
		}
		out.Pillar = p
	}
	if p := strings.TrimSpace(c.Query("priority")); p != "" {
		out.Priority = assessment.Priority(strings.ToUpper(p[:1]) + strings.ToLower(p[1:]))
		if out.Priority.Rank() == 0 {
			errs = append(errs, assessment.FieldError{Field: "priority", Message: "Choose one of: High, Medium, Low."})
		}
	}
	if p := strings.TrimSpace(c.Query("phase")); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 3 {
			errs = append(errs, assessment.FieldError{Field: "phase", Message: "Choose a phase: 1, 2 or 3."})
		}
		out.Phase = n
	}
	if len(errs) > 0 {
		return out, assessment.Invalid("Invalid filter.", errs...)
	}
	return out, nil
}

func (s *Server) apiAdjustments(c *gin.Context, id int64) (map[string]assessment.Adjustment, error) {
	xs, err := s.store.FindAdjustments(c.Request.Context(), id)
	if err != nil {
		return nil, err
	}
	out := map[string]assessment.Adjustment{}
	for _, x := range xs {
		out[x.ActionID] = x
	}
	return out, nil
}

// apiPlanOf shapes a plan for a person: restricted actions (and objectives
// made only of them) appear only with the restricted view; totals count the
// actions shown, cancelled ones left out.
func apiPlanOf(p *assessment.Plan, adj map[string]assessment.Adjustment, restricted bool, filter apiPlanFilter) apiPlanBody {
	an := p.Analysis
	out := apiPlanBody{AssessmentID: an.Assessment.ID, StartYear: p.StartYear, EndYear: p.EndYear, Currency: p.Costs.Currency,
		Totals: apiPlanTotals{ByPillar: map[string]float64{}}, Objectives: []apiObjective{}, Actions: []apiAction{}, Unmapped: apiStrings(p.Unmapped)}
	shown := map[string]bool{}
	for _, pa := range p.Actions {
		if pa.Restricted && !restricted {
			continue
		}
		if (filter.Pillar != "" && pa.Pillar.Code != filter.Pillar) || (filter.Priority != "" && pa.Priority != filter.Priority) ||
			(filter.Phase != 0 && pa.Phase != filter.Phase) {
			continue
		}
		shown[pa.ID] = true
		out.Actions = append(out.Actions, apiActionOf(p, pa, adj))
		if pa.Status == assessment.StatusCancelled {
			continue
		}
		t := &out.Totals
		t.Total += pa.Cost
		t.ByPillar[pa.Pillar.Code] += pa.Cost
		switch {
		case !pa.FundingStatus.Committed():
			t.Gap += pa.Cost
		case strings.EqualFold(pa.FundingSource, assessment.NationalBudget):
			t.National += pa.Cost
		default:
			t.Donor += pa.Cost
		}
	}
	for _, o := range p.Objectives {
		obj := apiObjective{Code: o.Code, Pillar: o.Pillar.Code, Text: o.Text, Specific: []apiSpecificObjective{}}
		for _, sp := range o.Specific {
			so := apiSpecificObjective{Code: sp.Code, Capacity: sp.Capacity.ID, Text: sp.Text, Actions: []string{}}
			for _, pa := range sp.Actions {
				if shown[pa.ID] {
					so.Actions = append(so.Actions, pa.ID)
					if pa.Status != assessment.StatusCancelled {
						obj.Cost += pa.Cost
					}
				}
			}
			if len(so.Actions) > 0 {
				obj.Specific = append(obj.Specific, so)
			}
		}
		if len(obj.Specific) > 0 {
			out.Objectives = append(out.Objectives, obj)
		}
	}
	return out
}

func (s *Server) apiPlan(c *gin.Context) error {
	v, err := s.apiLoad(c, assessment.PermView)
	if err != nil {
		return err
	}
	filter, err := apiParsePlanFilter(c, v.F)
	if err != nil {
		return err
	}
	p, err := s.plan(c, v)
	if err != nil {
		return err
	}
	adj, err := s.apiAdjustments(c, v.A.ID)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, apiPlanOf(p, adj, v.Can[assessment.PermViewRestricted], filter))
	return nil
}

// apiPlanAction finds the :action of the generated plan; a restricted
// action is not found for a person without the restricted view.
func (s *Server) apiPlanAction(c *gin.Context, v *view) (*assessment.Plan, *assessment.PlanAction, error) {
	p, err := s.plan(c, v)
	if err != nil {
		return nil, nil, err
	}
	id := c.Param("action")
	pa := p.Action(id)
	if pa == nil || (pa.Restricted && !v.Can[assessment.PermViewRestricted]) {
		return nil, nil, assessment.Errorf(assessment.ENOTFOUND, "There is no action %q in the plan of this assessment.", id)
	}
	return p, pa, nil
}

// apiAdjustmentInput is the body of PUT /plan/:action/adjustment: the lead
// assessor's values for the adjustable fields. A field left out or null
// keeps the generated value; the implementation status and note are kept.
type apiAdjustmentInput struct {
	Priority      string   `json:"priority" validate:"omitempty,oneof=High Medium Low"`
	Lead          string   `json:"lead" validate:"max=300"`
	StartMonth    *int     `json:"start_month" validate:"omitempty,gte=0,lte=120"`
	EndMonth      *int     `json:"end_month" validate:"omitempty,gte=1,lte=120"`
	Cost          *float64 `json:"cost" validate:"omitempty,gte=0,lte=1000000000000"`
	FundingSource string   `json:"funding_source" validate:"max=300"`
	FundingStatus string   `json:"funding_status" validate:"omitempty,oneof=secured pledged gap"`
	Text          string   `json:"text" validate:"max=4000"`
	Version       *int     `json:"version" validate:"required,gte=0"`
}

func (in *apiAdjustmentInput) normalize() {
	if p := strings.TrimSpace(in.Priority); p != "" {
		in.Priority = strings.ToUpper(p[:1]) + strings.ToLower(p[1:])
	}
	in.FundingStatus = strings.ToLower(strings.TrimSpace(in.FundingStatus))
}

func (s *Server) apiAdjustAction(c *gin.Context) error {
	v, err := s.apiLoad(c, assessment.PermAdjustPlan)
	if err != nil {
		return err
	}
	_, pa, err := s.apiPlanAction(c, v)
	if err != nil {
		return err
	}
	adj, err := s.apiAdjustments(c, v.A.ID)
	if err != nil {
		return err
	}
	var in apiAdjustmentInput
	x := adj[pa.ID]
	more := func() []assessment.FieldError {
		x.AssessmentID, x.ActionID = v.A.ID, pa.ID
		x.Priority, x.Lead, x.StartMonth, x.EndMonth, x.Cost = assessment.Priority(in.Priority), strings.TrimSpace(in.Lead), in.StartMonth, in.EndMonth, in.Cost
		x.FundingSource, x.FundingStatus, x.Text = strings.TrimSpace(in.FundingSource), assessment.FundingStatus(in.FundingStatus), strings.TrimSpace(in.Text)
		x.Version = apiVersion(in.Version)
		var errs []assessment.FieldError
		if in.StartMonth != nil && in.EndMonth != nil && *in.EndMonth <= *in.StartMonth {
			errs = append(errs, assessment.FieldError{Field: "end_month", Message: fmt.Sprintf("The end (month %d) must come after the start (month %d).", *in.EndMonth, *in.StartMonth)})
		}
		for _, fe := range x.Validate() {
			// Lengths are checked by the validate tags, field by field.
			if fe.Field != "text" {
				errs = apiMergeFields(errs, []assessment.FieldError{fe})
			}
		}
		return errs
	}
	if err := s.apiBind(c, &in, more); err != nil {
		return err
	}
	ctx := c.Request.Context()
	saved, err := s.store.SaveAdjustment(ctx, currentUser(c).ID, x)
	if err != nil {
		return apiConflictOr(c, err, func() any {
			if cur, err := s.apiAdjustments(c, v.A.ID); err == nil {
				if x, ok := cur[pa.ID]; ok {
					return x
				}
			}
			return nil
		})
	}
	c.JSON(http.StatusOK, saved)
	return nil
}

// apiActionStatusInput is the body of PUT /plan/:action/status.
type apiActionStatusInput struct {
	Status  string `json:"status" validate:"required"`
	Note    string `json:"note" validate:"max=4000"`
	Version *int   `json:"version" validate:"required,gte=0"`
}

func (in *apiActionStatusInput) normalize() {
	in.Status = strings.ToLower(strings.TrimSpace(in.Status))
}

func (s *Server) apiActionStatus(c *gin.Context) error {
	v, err := s.apiLoad(c, assessment.PermImplementation)
	if err != nil {
		return err
	}
	_, pa, err := s.apiPlanAction(c, v)
	if err != nil {
		return err
	}
	var in apiActionStatusInput
	more := func() []assessment.FieldError {
		if in.Status != "" && !assessment.ImplStatus(in.Status).Valid() {
			return []assessment.FieldError{{Field: "status", Message: "Choose one of: not started, ongoing, completed, delayed, cancelled."}}
		}
		return nil
	}
	if err := s.apiBind(c, &in, more); err != nil {
		return err
	}
	saved, err := s.store.SaveActionStatus(c.Request.Context(), currentUser(c).ID, v.A.ID, pa.ID, assessment.ImplStatus(in.Status), strings.TrimSpace(in.Note), *in.Version)
	if err != nil {
		return apiConflictOr(c, err, func() any {
			if cur, err := s.apiAdjustments(c, v.A.ID); err == nil {
				if x, ok := cur[pa.ID]; ok {
					return x
				}
			}
			return nil
		})
	}
	c.JSON(http.StatusOK, saved)
	return nil
}

// ---- documents --------------------------------------------------------------

// apiDocuments are the generator's documents by name and format.
var apiDocuments = map[string]map[string]func(w io.Writer, an *assessment.Analysis, p *assessment.Plan, o reports.Options) error{
	"assessment": {
		"pdf": func(w io.Writer, an *assessment.Analysis, _ *assessment.Plan, o reports.Options) error {
			return reports.WriteAssessmentPDF(w, an, o)
		},
	},
	"strategy": {
		"pdf": func(w io.Writer, _ *assessment.Analysis, p *assessment.Plan, o reports.Options) error {
			return reports.WriteStrategyPDF(w, p, o)
		},
	},
	"action-plan": {
		"pdf": func(w io.Writer, _ *assessment.Analysis, p *assessment.Plan, o reports.Options) error {
			return reports.WriteActionPlanPDF(w, p, o)
		},
		"xlsx": func(w io.Writer, _ *assessment.Analysis, p *assessment.Plan, o reports.Options) error {
			return reports.WriteActionPlanXLSX(w, p, o)
		},
	},
}

var apiContentTypes = map[string]string{
	"pdf":  "application/pdf",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// apiDocument generates one document (?format=pdf|xlsx, ?edition=public|
// restricted; the restricted edition needs the restricted view) and sends
// it as an attachment. It is written to memory first: a failure never
// sends half a file.
func (s *Server) apiDocument(c *gin.Context) error {
	v, err := s.apiLoad(c, assessment.PermView)
	if err != nil {
		return err
	}
	doc := c.Param("doc")
	kinds, ok := apiDocuments[doc]
	if !ok {
		return assessment.Errorf(assessment.ENOTFOUND, "There is no document %q: choose assessment, strategy or action-plan.", doc)
	}
	format := strings.ToLower(c.DefaultQuery("format", "pdf"))
	var errs []assessment.FieldError
	write, ok := kinds[format]
	if !ok {
		formats := make([]string, 0, len(kinds))
		for k := range kinds {
			formats = append(formats, k)
		}
		slices.Sort(formats)
		errs = append(errs, assessment.FieldError{Field: "format", Message: fmt.Sprintf("The %s document comes as %s.", doc, strings.Join(formats, " or "))})
	}
	edition, err := reports.ParseEdition(c.DefaultQuery("edition", string(reports.Public)))
	if err != nil {
		errs = append(errs, assessment.FieldError{Field: "edition", Message: "Choose public or restricted."})
	}
	if len(errs) > 0 {
		return assessment.Invalid("Invalid document request.", errs...)
	}
	if edition == reports.Restricted && !v.Can[assessment.PermViewRestricted] {
		return assessment.Errorf(assessment.EFORBIDDEN, "Your role does not allow the restricted edition; the public edition is available.")
	}
	p, err := s.plan(c, v)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := write(&buf, p.Analysis, p, reports.Options{Edition: edition, Generated: s.cfg.Now()}); err != nil {
		return assessment.Internal(fmt.Errorf("document %s.%s of assessment %d: %w", doc, format, v.A.ID, err))
	}
	name := fmt.Sprintf("%s-round%d-%s-%s.%s", v.A.State, v.A.Round, doc, edition, format)
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, apiContentTypes[format], buf.Bytes())
	return nil
}
