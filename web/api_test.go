package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"bordergap/assessment"
)

// apiRoles lists every role of the fixture.
var apiRoles = []string{uLead, uAssessor, uAssessB, uReviewer, uAdmin, uMinistry, uMinOther, uDonor, uOutsider}

// apiClients logs every role in once per test.
type apiClients struct {
	f  *fixture
	cs map[string]*client
}

func apiLogins(f *fixture) *apiClients { return &apiClients{f: f, cs: map[string]*client{}} }

func (a *apiClients) as(key string) *client {
	if c, ok := a.cs[key]; ok {
		return c
	}
	c := a.f.as(key)
	a.cs[key] = c
	return c
}

// apiTokenFor creates a personal API token for a user of the fixture.
func apiTokenFor(f *fixture, key string) string {
	f.t.Helper()
	secret := "bgt_test_" + key + "_" + randomToken(12)
	if _, err := f.store.CreateAPIToken(context.Background(), f.users[key].ID, "test", secret); err != nil {
		f.t.Fatal(err)
	}
	return secret
}

// apiBearer sends a request authenticated by token only (no cookie, no
// CSRF header).
func apiBearer(f *fixture, secret, method, path, body string) response {
	f.t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+secret)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return f.anon().do(req)
}

// apiRaw sends a cookie-authenticated request with full control of the
// headers (nil csrf: no X-CSRF-Token header).
func apiRaw(c *client, method, path, contentType, body string, csrf bool) response {
	req, _ := http.NewRequest(method, c.f.srv.URL+path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if csrf {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	return c.do(req)
}

func apiTestJSON[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("status %d, body is not the JSON expected: %v\n%.500s", r.status, err, r.body)
	}
	return v
}

type apiTestError struct {
	Error  string                  `json:"error"`
	Code   string                  `json:"code"`
	Fields []assessment.FieldError `json:"fields"`
}

func (e apiTestError) fieldNames() []string {
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field)
	}
	sort.Strings(out)
	return out
}

func (f *fixture) apiPath(id int64, rest string) string {
	return fmt.Sprintf("/api/v1/assessments/%d%s", id, rest)
}

// apiResponseVersion is the stored version of a user's response (0 if none).
func apiResponseVersion(f *fixture, id int64, indicator string, userID int64) int {
	rs, err := f.store.FindResponses(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, r := range rs {
		if r.IndicatorID == indicator && r.AssessorID == userID {
			return r.Version
		}
	}
	return 0
}

func apiConsensusVersion(f *fixture, id int64, indicator string) int {
	cs, err := f.store.FindConsensus(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, c := range cs {
		if c.IndicatorID == indicator {
			return c.Version
		}
	}
	return 0
}

func apiAdjustment(f *fixture, id int64, action string) assessment.Adjustment {
	xs, err := f.store.FindAdjustments(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, x := range xs {
		if x.ActionID == action {
			return x
		}
	}
	return assessment.Adjustment{}
}

// apiFirstAction returns the id of the first action of an assessment's
// plan that is not restricted.
func apiFirstAction(f *fixture, c *client, id int64) string {
	f.t.Helper()
	r := c.api(http.MethodGet, f.apiPath(id, "/plan"), "")
	p := apiTestJSON[apiPlanBody](f.t, r)
	for _, a := range p.Actions {
		if !a.Restricted {
			return a.ID
		}
	}
	f.t.Fatal("the plan has no unrestricted action")
	return ""
}

// apiWant builds the expected status per role: def for everyone, then
// overrides as role, status pairs.
func apiWant(def int, overrides ...any) map[string]int {
	m := map[string]int{}
	for _, r := range apiRoles {
		m[r] = def
	}
	for i := 0; i+1 < len(overrides); i += 2 {
		m[overrides[i].(string)] = overrides[i+1].(int)
	}
	return m
}

// The expectations that follow assessment.Can.
var (
	// In review: the team and admins see it; nobody else knows it exists.
	apiTeamOnly = apiWant(404, uLead, 200, uAssessor, 200, uAssessB, 200, uReviewer, 200, uAdmin, 200)
	// Published: the ministry of XAA sees it too.
	apiPublished = apiWant(404, uLead, 200, uAssessor, 200, uAssessB, 200, uReviewer, 200, uAdmin, 200, uMinistry, 200)
	// Published, team pages: the ministry may see the assessment, not this.
	apiPublishedTeam = apiWant(404, uLead, 200, uAssessor, 200, uAssessB, 200, uReviewer, 200, uAdmin, 200, uMinistry, 403)
)

func TestAPIAccessByRole(t *testing.T) {
	f := newFixture(t)
	logins := apiLogins(f)
	lead := logins.as(uLead)
	actReview := apiFirstAction(f, lead, f.inReview)
	actPublic := apiFirstAction(f, lead, f.public)
	const ind = "BCP.1.1"

	responseBody := func(id int64) func(string) string {
		return func(key string) string {
			return fmt.Sprintf(`{"level":2,"target":3,"confidence":"M","note":"Checked by %s.","sources":["Site visit"],"version":%d}`,
				key, apiResponseVersion(f, id, ind, f.users[key].ID))
		}
	}
	cases := []struct {
		name   string
		method string
		path   string
		body   func(key string) string
		want   map[string]int
	}{
		{"me", "GET", "/api/v1/me", nil, apiWant(200)},
		{"list", "GET", "/api/v1/assessments", nil, apiWant(200)},
		{"assessment in review", "GET", f.apiPath(f.inReview, ""), nil, apiTeamOnly},
		{"assessment published", "GET", f.apiPath(f.public, ""), nil, apiPublished},
		{"responses in review", "GET", f.apiPath(f.inReview, "/responses"), nil, apiTeamOnly},
		{"responses published", "GET", f.apiPath(f.public, "/responses"), nil, apiPublishedTeam},
		{"analysis in review", "GET", f.apiPath(f.inReview, "/analysis"), nil, apiTeamOnly},
		{"analysis published", "GET", f.apiPath(f.public, "/analysis"), nil, apiPublished},
		{"consensus list in review", "GET", f.apiPath(f.inReview, "/consensus"), nil, apiTeamOnly},
		{"consensus list published", "GET", f.apiPath(f.public, "/consensus"), nil, apiPublishedTeam},
		{"consensus view published", "GET", f.apiPath(f.public, "/consensus/"+ind), nil, apiPublishedTeam},
		{"plan in review", "GET", f.apiPath(f.inReview, "/plan"), nil, apiTeamOnly},
		{"plan published", "GET", f.apiPath(f.public, "/plan"), nil, apiPublished},
		{"document published", "GET", f.apiPath(f.public, "/documents/action-plan?format=xlsx&edition=restricted"), nil, apiPublished},
		{"document in review", "GET", f.apiPath(f.inReview, "/documents/action-plan?format=xlsx"), nil, apiTeamOnly},
		{"unknown assessment", "GET", f.apiPath(999999, ""), nil, apiWant(404)},
		{"assessment id not a number", "GET", "/api/v1/assessments/abc/plan", nil, apiWant(404)},

		{"create assessment", "POST", "/api/v1/assessments",
			func(string) string {
				return `{"state":"XAC","state_name":"Fictional Republic C","title":"Baseline","framework_id":"ibm-default","scope":{"modes":["land"]}}`
			},
			apiWant(201, uMinistry, 403, uMinOther, 403, uDonor, 403)},
		{"save own response in review", "PUT", f.apiPath(f.inReview, "/responses/"+ind), responseBody(f.inReview),
			// Administrators read but do not score on a team's behalf.
			apiWant(404, uLead, 200, uAssessor, 200, uAssessB, 200, uReviewer, 403, uAdmin, 403)},
		{"save own response published", "PUT", f.apiPath(f.public, "/responses/"+ind), responseBody(f.public),
			// Published responses can no longer change.
			apiWant(404, uLead, 422, uAssessor, 422, uAssessB, 422, uReviewer, 403, uAdmin, 403, uMinistry, 403)},
		{"set consensus", "PUT", f.apiPath(f.inReview, "/consensus/"+ind),
			func(string) string {
				return fmt.Sprintf(`{"level":2,"target":3,"comment":"Agreed.","version":%d}`, apiConsensusVersion(f, f.inReview, ind))
			},
			apiWant(404, uLead, 200, uAssessor, 403, uAssessB, 403, uReviewer, 403, uAdmin, 403)},
		{"adjust action in review", "PUT", f.apiPath(f.inReview, "/plan/"+actReview+"/adjustment"),
			func(string) string {
				return fmt.Sprintf(`{"lead":"Meridian Border Police","version":%d}`, apiAdjustment(f, f.inReview, actReview).Version)
			},
			apiWant(404, uLead, 200, uAssessor, 403, uAssessB, 403, uReviewer, 403, uAdmin, 403)},
		{"adjust action published", "PUT", f.apiPath(f.public, "/plan/"+actPublic+"/adjustment"),
			func(string) string {
				return fmt.Sprintf(`{"cost":125000,"version":%d}`, apiAdjustment(f, f.public, actPublic).Version)
			},
			apiWant(404, uLead, 200, uAssessor, 403, uAssessB, 403, uReviewer, 403, uAdmin, 403, uMinistry, 403)},
		{"action status in review", "PUT", f.apiPath(f.inReview, "/plan/"+actReview+"/status"),
			func(string) string {
				return fmt.Sprintf(`{"status":"ongoing","version":%d}`, apiAdjustment(f, f.inReview, actReview).Version)
			},
			apiWant(404, uLead, 200, uAssessor, 403, uAssessB, 403, uReviewer, 403, uAdmin, 403)},
		{"action status published", "PUT", f.apiPath(f.public, "/plan/"+actPublic+"/status"),
			func(string) string {
				return fmt.Sprintf(`{"status":"ongoing","note":"Tender launched.","version":%d}`, apiAdjustment(f, f.public, actPublic).Version)
			},
			apiWant(404, uLead, 200, uAssessor, 403, uAssessB, 403, uReviewer, 403, uAdmin, 403, uMinistry, 200)},
	}
	tokens := map[string]string{}
	for _, tc := range cases {
		for _, role := range apiRoles {
			want := tc.want[role]
			body := ""
			if tc.body != nil {
				body = tc.body(role)
			}
			t.Run(tc.name+"/"+role, func(t *testing.T) {
				r := logins.as(role).api(tc.method, tc.path, body)
				if r.status != want {
					t.Fatalf("%s %s as %s: status %d, want %d\n%.400s", tc.method, tc.path, role, r.status, want, r.body)
				}
				if want >= 400 {
					e := apiTestJSON[apiTestError](t, r)
					if e.Error == "" || e.Code == "" {
						t.Errorf("error body without a message or code: %s", r.body)
					}
				}
			})
			// The same through a personal token, for reads (writes are
			// not repeatable with the same version).
			if tc.method != "GET" {
				continue
			}
			t.Run(tc.name+"/"+role+"/token", func(t *testing.T) {
				if tokens[role] == "" {
					tokens[role] = apiTokenFor(f, role)
				}
				if r := apiBearer(f, tokens[role], tc.method, tc.path, ""); r.status != want {
					t.Fatalf("token: status %d, want %d\n%.300s", r.status, want, r.body)
				}
			})
		}
	}
}

func TestAPIAnonymousGets401(t *testing.T) {
	f := newFixture(t)
	anon := f.anon()
	n := 0
	for _, rt := range f.web.engine.Routes() {
		if !strings.HasPrefix(rt.Path, "/api/v1/") {
			continue
		}
		n++
		path := strings.NewReplacer(":id", fmt.Sprint(f.public), ":indicator", "BCP.1.1", ":action", "AP-BCP-1.1-A1", ":doc", "strategy").Replace(rt.Path)
		r := anon.api(rt.Method, path, `{}`)
		if r.status != http.StatusUnauthorized {
			t.Errorf("%s %s anonymous: status %d, want 401", rt.Method, path, r.status)
			continue
		}
		if e := apiTestJSON[apiTestError](t, r); e.Code != "unauthenticated" {
			t.Errorf("%s %s: code %q, want unauthenticated", rt.Method, path, e.Code)
		}
	}
	if n < 15 {
		t.Errorf("only %d API routes registered", n)
	}
	if r := apiBearer(f, "not-a-token", "GET", "/api/v1/me", ""); r.status != http.StatusUnauthorized {
		t.Errorf("unknown token: status %d, want 401", r.status)
	}
}

func TestAPIMe(t *testing.T) {
	f := newFixture(t)
	c := f.as(uMinistry)
	r := c.api("GET", "/api/v1/me", "")
	if cc := r.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
	me := apiTestJSON[apiMeBody](t, r)
	if me.User.Email != f.users[uMinistry].Email || me.Auth != "session" || me.CSRFToken == "" || me.CanCreateAssessment {
		t.Errorf("session /me = %+v", me)
	}
	if me.CSRFToken != c.csrf {
		t.Errorf("csrf_token %q is not the session's %q", me.CSRFToken, c.csrf)
	}
	tok := apiTokenFor(f, uLead)
	me = apiTestJSON[apiMeBody](t, apiBearer(f, tok, "GET", "/api/v1/me", ""))
	if me.User.ID != f.users[uLead].ID || me.Auth != "token" || me.CSRFToken != "" || !me.CanCreateAssessment {
		t.Errorf("token /me = %+v", me)
	}
	if r := c.api("DELETE", "/api/v1/me", ""); r.status != http.StatusMethodNotAllowed {
		t.Errorf("DELETE /me: status %d, want 405", r.status)
	}
}

func TestAPIListFollowsTheHomeFilter(t *testing.T) {
	f := newFixture(t)
	logins := apiLogins(f)
	want := map[string][]int64{
		uLead: {f.inReview, f.public}, uAssessor: {f.inReview, f.public}, uReviewer: {f.inReview, f.public},
		uAdmin: {f.inReview, f.public}, uMinistry: {f.public}, uMinOther: {}, uDonor: {}, uOutsider: {},
	}
	for role, ids := range want {
		t.Run(role, func(t *testing.T) {
			r := logins.as(role).api("GET", "/api/v1/assessments", "")
			if !strings.Contains(r.body, `"assessments":[`) {
				t.Fatalf("assessments is not an array: %s", r.body)
			}
			list := apiTestJSON[apiAssessmentList](t, r)
			var got []int64
			for _, a := range list.Assessments {
				got = append(got, a.ID)
				if a.ProgressPercent != 100 || a.NationalIndex == nil || a.MyRole == "" {
					t.Errorf("row %d: %+v", a.ID, a)
				}
			}
			slices.Sort(got)
			slices.Sort(ids)
			if !slices.Equal(got, ids) {
				t.Errorf("ids %v, want %v", got, ids)
			}
		})
	}
}

func TestAPIAssessmentDetail(t *testing.T) {
	f := newFixture(t)
	r := f.as(uAssessor).api("GET", f.apiPath(f.inReview, ""), "")
	var got map[string]any
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"team", "scope", "profile", "status", "version", "permissions", "my_role"} {
		if _, ok := got[k]; !ok {
			t.Errorf("no %q in %s", k, r.body)
		}
	}
	a := apiTestJSON[apiAssessmentBody](t, r)
	if a.MyRole != "assessor" || len(a.Team) != 4 || a.Status != assessment.StatusInReview {
		t.Errorf("my_role %q, team %d, status %s", a.MyRole, len(a.Team), a.Status)
	}
	if !slices.Contains(a.Permissions, "score") || slices.Contains(a.Permissions, "consensus") {
		t.Errorf("assessor permissions %v", a.Permissions)
	}
}

func TestAPICSRF(t *testing.T) {
	f := newFixture(t)
	c := f.as(uAssessor)
	uid := f.users[uAssessor].ID
	path := f.apiPath(f.inReview, "/responses/BCP.1.1")
	v := apiResponseVersion(f, f.inReview, "BCP.1.1", uid)
	body := fmt.Sprintf(`{"level":3,"target":3,"confidence":"H","note":"Seen at all crossings.","sources":["Site visit"],"version":%d}`, v)

	r := apiRaw(c, "PUT", path, "application/json", body, false)
	if r.status != http.StatusForbidden {
		t.Fatalf("cookie PUT without X-CSRF-Token: status %d, want 403\n%s", r.status, r.body)
	}
	if e := apiTestJSON[apiTestError](t, r); e.Code != assessment.EFORBIDDEN {
		t.Errorf("code %q", e.Code)
	}
	if got := apiResponseVersion(f, f.inReview, "BCP.1.1", uid); got != v {
		t.Fatalf("refused request saved anyway: version %d, was %d", got, v)
	}
	c2 := *c
	c2.csrf = "wrong-token"
	if r := apiRaw(&c2, "PUT", path, "application/json", body, true); r.status != http.StatusForbidden {
		t.Errorf("cookie PUT with a wrong X-CSRF-Token: status %d, want 403", r.status)
	}
	if r := apiRaw(c, "PUT", path, "application/json", body, true); r.status != http.StatusOK {
		t.Fatalf("cookie PUT with X-CSRF-Token: status %d\n%s", r.status, r.body)
	}

	// A token carries no cookie and needs no CSRF token.
	tok := apiTokenFor(f, uAssessor)
	body = fmt.Sprintf(`{"level":3,"target":3,"confidence":"H","note":"Second save, by token.","sources":["Site visit"],"version":%d}`, v+1)
	r = apiBearer(f, tok, "PUT", path, body)
	if r.status != http.StatusOK {
		t.Fatalf("token PUT without CSRF: status %d\n%s", r.status, r.body)
	}
	saved := apiTestJSON[apiResponse](t, r)
	if saved.Version != v+2 || saved.Note != "Second save, by token." || saved.AssessorID != uid {
		t.Errorf("saved %+v", saved)
	}
}

func TestAPISaveResponseEndToEnd(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.as(uAssessB)
	uid := f.users[uAssessB].ID
	const ind = "GOV.1.1"
	v := apiResponseVersion(f, f.inReview, ind, uid)
	body := fmt.Sprintf(`{"level":"2","target":3,"confidence":"m","note":"Strategy adopted; no revision cycle.","sources":["Document: strategy","Interview: board secretary"],"rights_concern":false,"version":%d}`, v)
	r := c.api("PUT", f.apiPath(f.inReview, "/responses/"+ind), body)
	if r.status != http.StatusOK {
		t.Fatalf("status %d\n%s", r.status, r.body)
	}
	saved := apiTestJSON[apiResponse](t, r)
	if saved.Level != 2 || saved.Target != 3 || saved.Confidence != "M" || saved.Version != v+1 || len(saved.Sources) != 2 || saved.AssessorName == "" {
		t.Errorf("saved %+v", saved)
	}
	// Read back from the store and through the API.
	rs, _ := f.store.FindResponses(ctx, f.inReview)
	found := false
	for _, x := range rs {
		if x.IndicatorID == ind && x.AssessorID == uid {
			found = x.Level == 2 && x.Note == "Strategy adopted; no revision cycle." && x.Version == v+1
		}
	}
	if !found {
		t.Error("the response is not in the store as saved")
	}
	list := apiTestJSON[apiResponseList](t, c.api("GET", f.apiPath(f.inReview, fmt.Sprintf("/responses?indicator=%s&assessor_id=%d", ind, uid)), ""))
	if len(list.Responses) != 1 || list.Responses[0].Version != v+1 {
		t.Errorf("filtered list %+v", list.Responses)
	}
	if r := c.api("GET", f.apiPath(f.inReview, "/responses?assessor_id=x"), ""); r.status != http.StatusUnprocessableEntity {
		t.Errorf("assessor_id=x: status %d, want 422", r.status)
	}
	// The change is in the audit log.
	audit, err := f.store.FindAudit(ctx, f.inReview)
	if err != nil {
		t.Fatal(err)
	}
	last := audit[len(audit)-1]
	if last.Entity != "response" || last.ActorID != uid || !strings.HasPrefix(last.Key, ind) {
		t.Errorf("last audit entry %+v", last)
	}
	// null clears the level; a note alone is kept.
	r = c.api("PUT", f.apiPath(f.inReview, "/responses/"+ind), fmt.Sprintf(`{"level":null,"note":"Re-checking.","version":%d}`, v+1))
	if r.status != http.StatusOK {
		t.Fatalf("null level: status %d\n%s", r.status, r.body)
	}
	if got := apiTestJSON[map[string]any](t, r); got["level"] != nil || got["target"] != nil {
		t.Errorf("null level saved as %v, target %v", got["level"], got["target"])
	}
	if r := c.api("PUT", f.apiPath(f.inReview, "/responses/NOPE.1.1"), `{"version":0}`); r.status != http.StatusNotFound {
		t.Errorf("unknown indicator: status %d, want 404", r.status)
	}
}

func TestAPIErrorsListEveryField(t *testing.T) {
	f := newFixture(t)
	c := f.as(uAssessor)
	fw, err := f.reg.Framework("ibm-default", "0.1.0")
	if err != nil {
		t.Fatal(err)
	}
	light := "" // an indicator of weight below 3: no target 4
	for _, id := range fw.IndicatorIDs() {
		if fw.Indicator(id).Weight < 3 {
			light = id
			break
		}
	}
	path := f.apiPath(f.inReview, "/responses/BCP.1.1")
	cases := []struct {
		name, path, ctype, body string
		status                  int
		fields                  []string
		msg                     string
	}{
		{"three invalid values", path, "application/json", `{"level":7,"confidence":"X","target":9,"version":1}`, 422,
			[]string{"confidence", "level", "target"}, ""},
		{"everything wrong", path, "application/json",
			`{"level":"five","target":1,"confidence":"Z","sources":["ok",""],"version":-1}`, 422,
			[]string{"confidence", "level", "sources[1]", "target", "version"}, ""},
		{"version missing", path, "application/json", `{"level":2}`, 422, []string{"version"}, ""},
		{"N/A where the mode exists", path, "application/json", `{"level":"N/A","version":1}`, 422, []string{"level"}, "N/A is only"},
		{"rights concern caps the level", path, "application/json", `{"level":3,"rights_concern":true,"version":1}`, 422, []string{"level"}, "capped at 2"},
		{"target 4 on a light indicator", f.apiPath(f.inReview, "/responses/"+light), "application/json", `{"level":1,"target":4,"version":0}`, 422, []string{"target"}, "weight-3"},
		{"wrong types", path, "application/json", `{"level":true,"note":5,"sources":"a site visit","rights_concern":"yes","version":"1"}`, 400,
			[]string{"level", "note", "rights_concern", "sources", "version"}, "wrong type"},
		{"unknown fields", path, "application/json", `{"level":2,"version":1,"score":2,"comments":"x"}`, 400,
			[]string{"comments", "score"}, "unknown fields"},
		{"empty body", path, "application/json", ``, 400, nil, "empty"},
		{"truncated", path, "application/json", `{"level":2,"note":"Seen at`, 400, nil, "truncated"},
		{"not JSON", path, "application/json", `level=2`, 400, nil, "not valid JSON"},
		{"an array", path, "application/json", `[{"level":2}]`, 400, nil, "JSON object"},
		{"two objects", path, "application/json", `{"version":1}{"version":2}`, 400, nil, "exactly one object"},
		{"a form", path, "application/x-www-form-urlencoded", `level=2&version=1`, 415, nil, "Content-Type"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := apiRaw(c, "PUT", tc.path, tc.ctype, tc.body, true)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d\n%s", r.status, tc.status, r.body)
			}
			e := apiTestJSON[apiTestError](t, r)
			if got := e.fieldNames(); !slices.Equal(got, tc.fields) {
				t.Errorf("fields %v, want %v\n%s", got, tc.fields, r.body)
			}
			for _, fe := range e.Fields {
				if fe.Message == "" {
					t.Errorf("field %s has no message", fe.Field)
				}
			}
			if tc.msg != "" && !strings.Contains(r.body, tc.msg) {
				t.Errorf("body does not say %q: %s", tc.msg, r.body)
			}
		})
	}
	// Nothing was saved by any of them.
	if v := apiResponseVersion(f, f.inReview, "BCP.1.1", f.users[uAssessor].ID); v != 1 {
		t.Errorf("version %d after refused writes, want 1", v)
	}
}

func TestAPIStaleResponseIs409(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.as(uAssessor)
	uid := f.users[uAssessor].ID
	const ind = "BCP.1.1"
	path := f.apiPath(f.inReview, "/responses/"+ind)
	v := apiResponseVersion(f, f.inReview, ind, uid)

	// The lead corrects the assessor's answer meanwhile (the store lets
	// the lead do so).
	rs, _ := f.store.FindResponses(ctx, f.inReview)
	var mine assessment.Response
	for _, r := range rs {
		if r.IndicatorID == ind && r.AssessorID == uid {
			mine = r
		}
	}
	mine.Note = "Corrected by the lead."
	if _, err := f.store.SaveResponses(ctx, f.users[uLead].ID, f.inReview, []assessment.Response{mine}); err != nil {
		t.Fatal(err)
	}
	r := c.api("PUT", path, fmt.Sprintf(`{"level":3,"target":3,"version":%d}`, v))
	if r.status != http.StatusConflict {
		t.Fatalf("stale save: status %d, want 409\n%s", r.status, r.body)
	}
	var body struct {
		Error   string      `json:"error"`
		Code    string      `json:"code"`
		Current apiResponse `json:"current"`
	}
	if err := json.Unmarshal([]byte(r.body), &body); err != nil {
		t.Fatal(err)
	}
	if body.Code != "conflict" || !strings.Contains(body.Error, f.users[uLead].Name) || !strings.Contains(body.Error, "2026-") {
		t.Errorf("the message does not name who changed it and when: %q", body.Error)
	}
	if body.Current.Version != v+1 || body.Current.Note != "Corrected by the lead." {
		t.Errorf("current %+v", body.Current)
	}
	// Nothing overwritten; saving on top of their version works.
	if got := apiResponseVersion(f, f.inReview, ind, uid); got != v+1 {
		t.Errorf("version %d", got)
	}
	if r := c.api("PUT", path, fmt.Sprintf(`{"level":3,"target":3,"version":%d}`, v+1)); r.status != http.StatusOK {
		t.Errorf("save on the current version: status %d\n%s", r.status, r.body)
	}
}

func TestAPICreateAssessment(t *testing.T) {
	f := newFixture(t)
	c := f.as(uOutsider)
	body := `{"state":"XAD","state_name":"Fictional Republic D","title":"IBM baseline 2027","framework_id":"ibm-default",
		"scope":{"modes":["air","Land"]},"started_on":"2027-02-01",
		"profile":{"coordination_body":"Border Board","agencies":{"BG":["Border Guard of D"]},"bcps":{"air":1,"road":4}},
		"team":[{"email":"tomasz.wren@example.org","role":"assessor"},{"user_id":%d,"role":"reviewer"}]}`
	r := c.api("POST", "/api/v1/assessments", fmt.Sprintf(body, f.users[uReviewer].ID))
	if r.status != http.StatusCreated {
		t.Fatalf("status %d\n%s", r.status, r.body)
	}
	a := apiTestJSON[apiAssessmentBody](t, r)
	if loc := r.header.Get("Location"); loc != fmt.Sprintf("/api/v1/assessments/%d", a.ID) {
		t.Errorf("Location %q", loc)
	}
	stored, err := f.store.FindAssessmentByID(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.MemberRole(f.users[uOutsider].ID) != assessment.RoleLead || stored.MemberRole(f.users[uAssessor].ID) != assessment.RoleAssessor ||
		stored.MemberRole(f.users[uReviewer].ID) != assessment.RoleReviewer {
		t.Errorf("team %+v", stored.Team)
	}
	if stored.Status != assessment.StatusDraft || stored.FrameworkVersion != "0.1.0" || !slices.Equal(stored.Scope.Modes, []assessment.Mode{"air", "land"}) {
		t.Errorf("stored %+v", stored)
	}
	if stored.Profile.BCPs["land"] != 4 || stored.Profile.Agencies["BG"][0] != "Border Guard of D" {
		t.Errorf("profile %+v", stored.Profile)
	}
	if a.MyRole != "lead" || !slices.Contains(a.Permissions, "consensus") {
		t.Errorf("answer %+v", a)
	}
	// The new member sees it.
	if r := f.as(uAssessor).api("GET", f.apiPath(a.ID, ""), ""); r.status != http.StatusOK {
		t.Errorf("new assessor: status %d", r.status)
	}
	// The creation is in the audit log.
	audit, _ := f.store.FindAudit(context.Background(), a.ID)
	if len(audit) == 0 || audit[0].Action != "create" || audit[0].ActorID != f.users[uOutsider].ID {
		t.Errorf("audit %+v", audit)
	}

	// Every invalid field at once.
	r = c.api("POST", "/api/v1/assessments", `{"state":"xx","title":"","framework_id":"ibm-default","framework_version":"9.9",
		"scope":{"modes":["boat"]},"started_on":"tomorrow","baseline_id":999999,
		"team":[{"email":"nobody@example.org","role":"assessor"},{"email":"focal@moi.xaa.example","role":"reviewer"},{"role":"chief"}]}`)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid: status %d\n%s", r.status, r.body)
	}
	e := apiTestJSON[apiTestError](t, r)
	want := []string{"baseline_id", "framework_version", "scope.modes[0]", "started_on", "state", "state_name", "team[0].email", "team[1]",
		"team[2].email", "team[2].role", "team[2].user_id", "title"}
	if got := e.fieldNames(); !slices.Equal(got, want) {
		t.Errorf("fields %v\nwant %v\n%s", got, want, r.body)
	}
	// A baseline of another state, and a team without a lead that
	// includes the creator.
	r = c.api("POST", "/api/v1/assessments", fmt.Sprintf(`{"state":"XAB","state_name":"B","title":"T","framework_id":"ibm-default","scope":{"modes":["sea"]},
		"baseline_id":%d,"team":[{"user_id":%d,"role":"assessor"}]}`, a.ID, f.users[uOutsider].ID))
	if e := apiTestJSON[apiTestError](t, r); r.status != 422 || !slices.Equal(e.fieldNames(), []string{"baseline_id", "team"}) {
		t.Errorf("status %d, fields %v", r.status, e.fieldNames())
	}
	// One unknown member: that member is named, not the missing lead (the
	// creator is the lead).
	r = c.api("POST", "/api/v1/assessments", `{"state":"XAD","state_name":"D","title":"T","framework_id":"ibm-default","scope":{"modes":["sea"]},
		"team":[{"email":"nobody@example.org","role":"assessor"}],"profile":{"agencies":{"ZZZ":["Nobody"]},"critical_pillars":["QQQ"]}}`)
	if e := apiTestJSON[apiTestError](t, r); r.status != 422 || !slices.Equal(e.fieldNames(), []string{"profile.agencies.ZZZ", "profile.critical_pillars[0]", "team[0].email"}) {
		t.Errorf("unknown member: status %d, fields %v", r.status, e.fieldNames())
	}
	// A follow-up of the new assessment is round 2.
	r = c.api("POST", "/api/v1/assessments", fmt.Sprintf(`{"state":"XAD","state_name":"D","title":"Follow-up","framework_id":"ibm-default","framework_version":"0.1.0","scope":{"modes":["sea"]},"baseline_id":%d}`, a.ID))
	if r.status != http.StatusCreated || apiTestJSON[apiAssessmentBody](t, r).Round != 2 {
		t.Errorf("follow-up: status %d\n%.300s", r.status, r.body)
	}
	// Profile decoding errors name the nested field.
	r = c.api("POST", "/api/v1/assessments", `{"state":"XAD","state_name":"D","title":"T","framework_id":"ibm-default","scope":{"modes":["sea"]},"profile":{"land_border_km":"long","colour":"red"}}`)
	if e := apiTestJSON[apiTestError](t, r); r.status != 400 || !slices.Equal(e.fieldNames(), []string{"profile.colour", "profile.land_border_km"}) {
		t.Errorf("status %d, fields %+v", r.status, e.Fields)
	}
	r = c.api("POST", "/api/v1/assessments", `{"state":"XAD","state_name":"D","title":"T","framework_id":"ibm-default","scope":{"modes":["sea"],"ports":2},
		"profile":{"bcps":{"sea":"two"}},"team":[{"email":5,"role":"assessor"},{"user_id":"x","role":"reviewer","note":1}]}`)
	if e := apiTestJSON[apiTestError](t, r); r.status != 400 || !slices.Equal(e.fieldNames(), []string{"profile.bcps", "scope.ports", "team[0].email", "team[1].note", "team[1].user_id"}) {
		t.Errorf("nested: status %d, fields %+v", r.status, e.Fields)
	}
}

func TestAPIStatus(t *testing.T) {
	f := newFixture(t)
	logins := apiLogins(f)
	path := f.apiPath(f.inReview, "/status")
	for role, want := range map[string]int{uAssessor: 403, uReviewer: 403, uMinistry: 404, uOutsider: 404, uDonor: 404} {
		if r := logins.as(role).api("POST", path, `{"to":"validated","version":1}`); r.status != want {
			t.Errorf("%s: status %d, want %d", role, r.status, want)
		}
	}
	lead := logins.as(uLead)
	r := lead.api("POST", path, `{"to":"published","version":1}`)
	if e := apiTestJSON[apiTestError](t, r); r.status != 422 || !slices.Equal(e.fieldNames(), []string{"to"}) {
		t.Errorf("skipping a step: status %d %s", r.status, r.body)
	}
	r = lead.api("POST", path, `{"to":"finished"}`)
	if e := apiTestJSON[apiTestError](t, r); r.status != 422 || !slices.Equal(e.fieldNames(), []string{"to", "version"}) {
		t.Errorf("bad status: status %d %s", r.status, r.body)
	}
	r = lead.api("POST", path, `{"to":"validated","version":1}`)
	if r.status != http.StatusOK {
		t.Fatalf("validate: status %d\n%s", r.status, r.body)
	}
	if a := apiTestJSON[apiAssessmentBody](t, r); a.Status != assessment.StatusValidated || a.Version != 2 {
		t.Errorf("after validate: %s v%d", a.Status, a.Version)
	}
	// Administrators do not move a team's assessment.
	if r := logins.as(uAdmin).api("POST", path, `{"to":"in_review","version":2}`); r.status != http.StatusForbidden {
		t.Errorf("admin status change: status %d, want 403", r.status)
	}
	// Stale: the lead read version 1 before validating.
	r = lead.api("POST", path, `{"to":"draft","version":1}`)
	if r.status != 422 { // validated → draft skips a step
		t.Errorf("validated → draft: status %d", r.status)
	}
	r = lead.api("POST", path, `{"to":"in_review","version":1}`)
	if r.status != http.StatusConflict || !strings.Contains(r.body, `"current"`) {
		t.Errorf("stale status change: status %d\n%.300s", r.status, r.body)
	}
	if r := lead.api("POST", path, `{"to":"in_review","version":2}`); r.status != http.StatusOK {
		t.Errorf("lead reopens: status %d\n%s", r.status, r.body)
	}
	a, _ := f.store.FindAssessmentByID(context.Background(), f.inReview)
	if a.Status != assessment.StatusInReview || a.Version != 3 {
		t.Errorf("stored %s v%d", a.Status, a.Version)
	}
}

func TestAPIConsensus(t *testing.T) {
	f := newFixture(t)
	lead := f.as(uLead)
	const ind = "BCP.1.1"
	view := apiTestJSON[apiConsensusView](t, lead.api("GET", f.apiPath(f.inReview, "/consensus/"+ind), ""))
	if view.Version != 0 || view.Level != assessment.Unscored || len(view.Scores) != 3 || view.Proposed != 2 {
		t.Errorf("view before: %+v", view)
	}
	path := f.apiPath(f.inReview, "/consensus/"+ind)
	r := lead.api("PUT", path, `{"level":9,"target":1,"comment":"x","version":0}`)
	if e := apiTestJSON[apiTestError](t, r); r.status != 422 || !slices.Equal(e.fieldNames(), []string{"level", "target"}) {
		t.Errorf("invalid: status %d %s", r.status, r.body)
	}
	r = lead.api("PUT", path, `{"level":1,"target":3,"comment":"Kestrin Pass has no manual: the team retains 1.","version":0}`)
	if r.status != http.StatusOK {
		t.Fatalf("status %d\n%s", r.status, r.body)
	}
	saved := apiTestJSON[assessment.Consensus](t, r)
	if saved.Version != 1 || saved.Level != 1 || saved.SetBy != f.users[uLead].ID {
		t.Errorf("saved %+v", saved)
	}
	view = apiTestJSON[apiConsensusView](t, f.as(uReviewer).api("GET", path, ""))
	if view.Version != 1 || view.Level != 1 || view.EffectiveLevel != 1 || !strings.HasPrefix(view.Comment, "Kestrin") {
		t.Errorf("view after: %+v", view)
	}
	list := apiTestJSON[apiConsensusListBody](t, lead.api("GET", f.apiPath(f.inReview, "/consensus"), ""))
	if !slices.ContainsFunc(list.Consensus, func(c assessment.Consensus) bool { return c.IndicatorID == ind && c.Version == 1 }) {
		t.Errorf("list has no %s v1", ind)
	}
	// The analysis uses it.
	an := apiTestJSON[apiAnalysisBody](t, lead.api("GET", f.apiPath(f.inReview, "/analysis"), ""))
	for _, row := range an.Indicators {
		if row.ID == ind && (!row.ConsensusSet || row.Level != 1) {
			t.Errorf("analysis row %+v", row)
		}
	}
	r = lead.api("PUT", path, `{"level":2,"version":0}`)
	if r.status != http.StatusConflict || !strings.Contains(r.body, f.users[uLead].Name) {
		t.Errorf("stale consensus: status %d\n%s", r.status, r.body)
	}
	if r := lead.api("GET", f.apiPath(f.inReview, "/consensus/XYZ.9.9"), ""); r.status != http.StatusNotFound {
		t.Errorf("unknown indicator: status %d", r.status)
	}
}

func TestAPIAnalysis(t *testing.T) {
	f := newFixture(t)
	lead := apiTestJSON[apiAnalysisBody](t, f.as(uLead).api("GET", f.apiPath(f.public, "/analysis"), ""))
	if lead.NationalIndex == nil || len(lead.Pillars) == 0 || len(lead.Gaps) == 0 || lead.Applicable == 0 {
		t.Fatalf("analysis %+v", lead.NationalIndex)
	}
	for i := 1; i < len(lead.Gaps); i++ {
		if lead.Gaps[i-1].Priority != lead.Gaps[i].Priority && lead.Gaps[i-1].Priority != "High" && lead.Gaps[i].Priority == "High" {
			t.Errorf("gaps not in priority order at %d", i)
		}
	}
	withScores := 0
	for _, r := range lead.Indicators {
		if len(r.Scores) > 0 {
			withScores++
		}
	}
	if withScores == 0 {
		t.Error("the lead gets no assessor scores")
	}
	// The ministry sees results, not the assessors' individual answers.
	r := f.as(uMinistry).api("GET", f.apiPath(f.public, "/analysis"), "")
	if strings.Contains(r.body, `"scores"`) || strings.Contains(r.body, `"assessor_id"`) {
		t.Error("the ministry gets the assessors' individual answers")
	}
	min := apiTestJSON[apiAnalysisBody](t, r)
	if min.NationalIndex == nil || *min.NationalIndex != *lead.NationalIndex {
		t.Errorf("ministry national index %v, lead %v", min.NationalIndex, lead.NationalIndex)
	}
}

// Nobody has the view without the restricted view yet (donor views come
// later): check the shaping function directly.
func TestAPIAnalysisWithholdsRestrictedNotes(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a, _ := f.store.FindAssessmentByID(ctx, f.public)
	fw, _ := f.reg.Framework(a.FrameworkID, a.FrameworkVersion)
	rs, _ := f.store.FindResponses(ctx, a.ID)
	cs, _ := f.store.FindConsensus(ctx, a.ID)
	an := assessment.Analyse(fw, a, rs, cs)
	notes := 0
	for _, r := range an.Indicators {
		for _, s := range r.Scores {
			if r.Indicator.Restricted && s.Note != "" {
				notes++
			}
		}
	}
	if notes == 0 {
		t.Fatal("the fixture has no notes on restricted indicators: the test proves nothing")
	}
	out := apiAnalysisOf(an, false, true)
	withheld := 0
	for _, r := range out.Indicators {
		if !r.Restricted {
			if r.NotesWithheld {
				t.Errorf("%s: notes withheld on an unrestricted indicator", r.ID)
			}
			continue
		}
		withheld++
		if !r.NotesWithheld || r.Comment != "" {
			t.Errorf("%s: comment %q, withheld %v", r.ID, r.Comment, r.NotesWithheld)
		}
		for _, s := range r.Scores {
			if s.Note != "" {
				t.Errorf("%s: note of assessor %d shown", r.ID, s.AssessorID)
			}
		}
	}
	if withheld == 0 {
		t.Error("no restricted indicator in the output")
	}
	full := apiAnalysisOf(an, true, true)
	for _, r := range full.Indicators {
		if r.NotesWithheld {
			t.Errorf("%s withheld with the restricted view", r.ID)
		}
	}
}

func TestAPIPlan(t *testing.T) {
	f := newFixture(t)
	lead := f.as(uLead)
	p := apiTestJSON[apiPlanBody](t, lead.api("GET", f.apiPath(f.public, "/plan"), ""))
	if len(p.Actions) == 0 || len(p.Objectives) == 0 || p.Totals.Total <= 0 || p.StartYear == 0 {
		t.Fatalf("plan: %d actions, %d objectives, total %v", len(p.Actions), len(p.Objectives), p.Totals.Total)
	}
	// Filters.
	q := apiTestJSON[apiPlanBody](t, lead.api("GET", f.apiPath(f.public, "/plan?pillar=bcp&priority=high&phase=1"), ""))
	for _, a := range q.Actions {
		if a.Pillar != "BCP" || a.Priority != "High" || a.Phase != 1 {
			t.Errorf("filtered action %s: %s %s %d", a.ID, a.Pillar, a.Priority, a.Phase)
		}
	}
	if len(q.Actions) >= len(p.Actions) {
		t.Errorf("the filter kept %d of %d actions", len(q.Actions), len(p.Actions))
	}
	r := lead.api("GET", f.apiPath(f.public, "/plan?pillar=XYZ&priority=urgent&phase=7"), "")
	if e := apiTestJSON[apiTestError](t, r); r.status != 422 || !slices.Equal(e.fieldNames(), []string{"phase", "pillar", "priority"}) {
		t.Errorf("bad filter: status %d %s", r.status, r.body)
	}

	act := p.Actions[0].ID
	path := f.apiPath(f.public, "/plan/"+act+"/adjustment")
	r = lead.api("PUT", path, `{"priority":"Urgent","start_month":24,"end_month":12,"cost":-5,"funding_status":"maybe","lead":"`+strings.Repeat("x", 301)+`","version":0}`)
	if e := apiTestJSON[apiTestError](t, r); r.status != 422 || !slices.Equal(e.fieldNames(), []string{"cost", "end_month", "funding_status", "lead", "priority"}) {
		t.Errorf("invalid adjustment: status %d %s", r.status, r.body)
	}
	r = lead.api("PUT", path, `{"priority":"low","lead":"National Police","start_month":12,"end_month":30,"cost":250000,"funding_source":"State budget","funding_status":"Secured","version":0}`)
	if r.status != http.StatusOK {
		t.Fatalf("adjust: status %d\n%s", r.status, r.body)
	}
	if x := apiTestJSON[assessment.Adjustment](t, r); x.Version != 1 || x.Priority != "Low" || x.FundingStatus != "secured" || *x.Cost != 250000 {
		t.Errorf("saved %+v", x)
	}
	// The ministry updates the status; the adjustment is kept.
	min := f.as(uMinistry)
	r = min.api("PUT", f.apiPath(f.public, "/plan/"+act+"/status"), `{"status":"Completed","note":"Manual adopted in March.","version":1}`)
	if r.status != http.StatusOK {
		t.Fatalf("ministry status: status %d\n%s", r.status, r.body)
	}
	r = min.api("PUT", f.apiPath(f.public, "/plan/"+act+"/status"), `{"status":"done","version":2}`)
	if e := apiTestJSON[apiTestError](t, r); r.status != 422 || !slices.Equal(e.fieldNames(), []string{"status"}) {
		t.Errorf("bad status: %d %s", r.status, r.body)
	}
	r = min.api("PUT", f.apiPath(f.public, "/plan/"+act+"/status"), `{"status":"ongoing","version":1}`)
	if r.status != http.StatusConflict || !strings.Contains(r.body, f.users[uMinistry].Name) {
		t.Errorf("stale status: %d %s", r.status, r.body)
	}
	p = apiTestJSON[apiPlanBody](t, min.api("GET", f.apiPath(f.public, "/plan"), ""))
	var got *apiAction
	for i := range p.Actions {
		if p.Actions[i].ID == act {
			got = &p.Actions[i]
		}
	}
	if got == nil || got.Status != "completed" || got.Note != "Manual adopted in March." || got.Lead != "National Police" ||
		got.Cost != 250000 || got.StartMonth != 12 || got.Version != 2 || got.Priority != "Low" {
		t.Errorf("action after: %+v", got)
	}
	// The lead's next adjustment keeps the ministry's status.
	r = lead.api("PUT", path, `{"text":"Adopt the checks manual.","version":1}`)
	if r.status != http.StatusConflict {
		t.Errorf("stale adjustment: status %d", r.status)
	}
	r = lead.api("PUT", path, `{"text":"Adopt the checks manual.","version":2}`)
	if x := apiTestJSON[assessment.Adjustment](t, r); r.status != 200 || x.Status != "completed" || x.Note == "" || x.Lead != "" || x.Text == "" {
		t.Errorf("adjustment after status: %d %+v", r.status, x)
	}
	if x := apiAdjustment(f, f.public, act); x.Version != 3 || x.Status != "completed" {
		t.Errorf("stored %+v", x)
	}
	for _, bad := range []string{"/plan/AP-NOPE-1.1-A1/adjustment", "/plan/AP-NOPE-1.1-A1/status"} {
		if r := lead.api("PUT", f.apiPath(f.public, bad), `{"status":"ongoing","version":0}`); r.status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", bad, r.status)
		}
	}
}

func TestAPIDocuments(t *testing.T) {
	f := newFixture(t)
	c := f.as(uMinistry)
	cases := []struct {
		query, ctype, magic, file string
	}{
		{"/documents/strategy", "application/pdf", "%PDF", "XAA-round2-strategy-public.pdf"},
		{"/documents/assessment?edition=restricted", "application/pdf", "%PDF", "XAA-round2-assessment-restricted.pdf"},
		{"/documents/action-plan?format=xlsx&edition=public", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK", "XAA-round2-action-plan-public.xlsx"},
	}
	for _, tc := range cases {
		r := c.api("GET", f.apiPath(f.public, tc.query), "")
		if r.status != 200 || r.header.Get("Content-Type") != tc.ctype || !strings.HasPrefix(r.body, tc.magic) {
			t.Errorf("%s: status %d, type %q, starts %.8q", tc.query, r.status, r.header.Get("Content-Type"), r.body)
		}
		if cd := r.header.Get("Content-Disposition"); cd != `attachment; filename="`+tc.file+`"` {
			t.Errorf("%s: Content-Disposition %q", tc.query, cd)
		}
	}
	for q, want := range map[string][]string{
		"/documents/assessment?format=xlsx":        {"format"},
		"/documents/strategy?edition=secret":       {"edition"},
		"/documents/strategy?format=doc&edition=x": {"edition", "format"},
	} {
		r := c.api("GET", f.apiPath(f.public, q), "")
		if e := apiTestJSON[apiTestError](t, r); r.status != 422 || !slices.Equal(e.fieldNames(), want) {
			t.Errorf("%s: status %d, fields %v", q, r.status, e.fieldNames())
		}
	}
	if r := c.api("GET", f.apiPath(f.public, "/documents/minutes"), ""); r.status != 404 {
		t.Errorf("unknown document: status %d", r.status)
	}
}

func TestAPIBodyTooLarge(t *testing.T) {
	f := newFixture(t)
	c := f.as(uAssessor)
	body := `{"note":"` + strings.Repeat("x", apiMaxBody) + `","version":1}`
	if r := c.api("PUT", f.apiPath(f.inReview, "/responses/BCP.1.1"), body); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", r.status)
	}
}
