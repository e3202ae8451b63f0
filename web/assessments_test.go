package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"bordergap/assessment"
)

// w1Everyone lists the fixture's user keys, plus "" for an anonymous visitor.
var w1Everyone = []string{"", uLead, uAssessor, uAssessB, uReviewer, uAdmin, uMinistry, uMinOther, uDonor, uOutsider}

// w1Client returns a logged-in client, or an anonymous one for "".
func (f *fixture) w1Client(key string) *client {
	if key == "" {
		c := f.anon()
		c.get("/login")
		return c
	}
	return f.as(key)
}

// w1Status checks a response's status, with the start of the body on
// failure.
func w1Status(t *testing.T, what string, r response, want int) {
	t.Helper()
	if r.status != want {
		body := r.body
		if len(body) > 1500 {
			body = body[:1500]
		}
		t.Fatalf("%s: status %d, want %d\n%s", what, r.status, want, body)
	}
}

func w1Login(t *testing.T, what string, r response) {
	t.Helper()
	w1Status(t, what, r, http.StatusSeeOther)
	if loc := r.header.Get("Location"); !strings.HasPrefix(loc, "/login") {
		t.Fatalf("%s: redirected to %q, want /login", what, loc)
	}
}

func w1Body(t *testing.T, what string, r response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.body, p) {
			t.Errorf("%s: body lacks %q", what, p)
		}
	}
}

// w1Fragment is a field name as html/template writes it in a #fragment.
func w1Fragment(name string) string {
	return strings.NewReplacer("[", "%5b", "]", "%5d").Replace(name)
}

func (f *fixture) w1Assessment(id int64) *assessment.Assessment {
	f.t.Helper()
	a, err := f.store.FindAssessmentByID(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}

// w1NewAssessmentValues is a valid new-assessment form.
func w1NewAssessmentValues() url.Values {
	return url.Values{
		"state": {"xab"}, "state_name": {"Federation of Ostrania"}, "title": {"IBM baseline assessment 2027"},
		"framework": {"ibm-default@0.1.0"}, "started_on": {"2027-03-01"}, "modes": {"air", "land", "bus"},
		"team[0].email": {"tomasz.wren@example.org"}, "team[0].role": {"assessor"},
		"team[1].email": {"ingrid.salo@example.org"}, "team[1].role": {"reviewer"},
		"team[2].email": {""}, "team[2].role": {"assessor"},
		"coordination_body": {"Ostranian Border Board"}, "bcps_air": {"2"}, "bcps_land": {"7"},
		"land_border_km": {"1,350"}, "coastline_km": {""}, "neighbours": {"Valdoria (fictional)\n\n  Estrava (fictional) "},
		"critical_pillars": {"TRV", "GOV"}, "strategy_start": {"2028"}, "context": {"Landlocked transit state (fictional)."},
	}
}

func TestNewAssessmentPageByRole(t *testing.T) {
	f := newFixture(t)
	want := map[string]int{uLead: 200, uAssessor: 200, uAssessB: 200, uReviewer: 200, uAdmin: 200, uOutsider: 200,
		uMinistry: 403, uMinOther: 403, uDonor: 403}
	for _, key := range w1Everyone {
		t.Run("as "+key, func(t *testing.T) {
			c := f.w1Client(key)
			r := c.get("/assessments/new")
			if key == "" {
				w1Login(t, "GET /assessments/new", r)
				return
			}
			w1Status(t, "GET /assessments/new", r, want[key])
			if want[key] == 200 {
				w1Body(t, "new page", r, `name="state"`, `name="framework"`, `value="ibm-default@0.1.0"`,
					`name="team[0].email"`, `name="critical_pillars"`, `value="TRV"`, `<label for="f-land_border_km">`)
			}
		})
	}
}

func TestCreateAssessmentByRole(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	want := map[string]int{uAdmin: 303, uOutsider: 303, uLead: 303, uMinistry: 403, uMinOther: 403, uDonor: 403}
	for _, key := range []string{"", uOutsider, uAdmin, uLead, uMinistry, uMinOther, uDonor} {
		t.Run("as "+key, func(t *testing.T) {
			before, _ := f.store.FindAssessments(ctx, assessment.AssessmentFilter{})
			c := f.w1Client(key)
			r := c.post("/assessments", w1NewAssessmentValues())
			after, _ := f.store.FindAssessments(ctx, assessment.AssessmentFilter{})
			if key == "" {
				w1Login(t, "POST /assessments", r)
				if len(after) != len(before) {
					t.Fatalf("anonymous POST created an assessment")
				}
				return
			}
			w1Status(t, "POST /assessments", r, want[key])
			if want[key] != 303 {
				if len(after) != len(before) {
					t.Fatalf("refused POST created an assessment")
				}
				return
			}
			if len(after) != len(before)+1 {
				t.Fatalf("assessments: got %d, want %d", len(after), len(before)+1)
			}
			a := after[0]
			if loc, want := r.header.Get("Location"), fmt.Sprintf("/assessments/%d?done=created", a.ID); loc != want {
				t.Fatalf("Location %q, want %q", loc, want)
			}
			if a.MemberRole(f.users[key].ID) != assessment.RoleLead {
				t.Errorf("creator is %q, want lead", a.MemberRole(f.users[key].ID))
			}
			page := c.get(r.header.Get("Location"))
			w1Status(t, "overview after create", page, 200)
			w1Body(t, "overview after create", page, "The assessment was created.", "Federation of Ostrania", "Start the review")
		})
	}
	// Read back the assessment the outsider created.
	list, _ := f.store.FindAssessments(ctx, assessment.AssessmentFilter{MemberID: f.users[uOutsider].ID})
	if len(list) != 1 {
		t.Fatalf("outsider's assessments: %d", len(list))
	}
	a := list[0]
	if a.State != "XAB" || a.StateName != "Federation of Ostrania" || a.Title != "IBM baseline assessment 2027" ||
		a.FrameworkID != "ibm-default" || a.StartedOn != "2027-03-01" || a.Status != assessment.StatusDraft {
		t.Errorf("assessment: %+v", a)
	}
	if got := fmt.Sprint(a.Scope.Modes); got != "[air land]" {
		t.Errorf("modes %s, want [air land] (bus counts as land)", got)
	}
	roles := map[string]assessment.TeamRole{}
	for _, m := range a.Team {
		roles[m.Email] = m.Role
	}
	if roles["otto@example.org"] != assessment.RoleLead || roles["tomasz.wren@example.org"] != assessment.RoleAssessor ||
		roles["ingrid.salo@example.org"] != assessment.RoleReviewer || len(roles) != 3 {
		t.Errorf("team: %v", roles)
	}
	p := a.Profile
	if p.CoordinationBody != "Ostranian Border Board" || p.BCPs[assessment.ModeAir] != 2 || p.BCPs[assessment.ModeLand] != 7 ||
		p.LandBorderKm != 1350 || p.CoastlineKm != 0 || p.StrategyStart != 2028 || p.Context != "Landlocked transit state (fictional)." {
		t.Errorf("profile: %+v", p)
	}
	if fmt.Sprint(p.Neighbours) != "[Valdoria (fictional) Estrava (fictional)]" {
		t.Errorf("neighbours: %q", p.Neighbours)
	}
	if fmt.Sprint(p.CriticalPillars) != "[GOV TRV]" {
		t.Errorf("critical pillars (framework order): %v", p.CriticalPillars)
	}
}

func TestCreateAssessmentBadInput(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.as(uOutsider)
	cases := []struct {
		name   string
		change map[string][]string
		field  string
		msg    string
	}{
		{"bad state code", map[string][]string{"state": {"X1"}}, "state", "three-letter ISO 3166-1 code"},
		{"no state name", map[string][]string{"state_name": {"  "}}, "state_name", "Enter the name of the state."},
		{"no title", map[string][]string{"title": {""}}, "title", "Enter a title for the assessment."},
		{"unknown framework", map[string][]string{"framework": {"nope@9"}}, "framework", "Choose one of the installed frameworks."},
		{"bad date", map[string][]string{"started_on": {"1 March"}}, "started_on", "Enter the date as YYYY-MM-DD"},
		{"no mode", map[string][]string{"modes": nil}, "modes", "Choose at least one mode."},
		{"unknown mode", map[string][]string{"modes": {"space"}}, "modes", "Choose one of"},
		{"unknown e-mail", map[string][]string{"team[1].email": {"nobody@example.org"}}, "team[1].email", "Nobody with this e-mail address has an account"},
		{"bad e-mail", map[string][]string{"team[0].email": {"not-an-address"}}, "team[0].email", "Enter an e-mail address"},
		{"ministry on team", map[string][]string{"team[0].email": {"focal@moi.xaa.example"}}, "team[0].email", "only consultants can join"},
		{"self on team", map[string][]string{"team[0].email": {"otto@example.org"}}, "team[0].email", "already on the team"},
		{"twice on team", map[string][]string{"team[1].email": {"TOMASZ.WREN@example.org"}}, "team[1].email", "already on the team (row 1)"},
		{"bad number", map[string][]string{"land_border_km": {"long"}}, "land_border_km", "Land border: enter a whole number"},
		{"negative BCPs", map[string][]string{"bcps_sea": {"-1"}}, "bcps_sea", "BCPs, sea: enter 0 or more."},
		{"bad year", map[string][]string{"strategy_start": {"1999"}}, "strategy_start", "Enter a year between 2000 and 2100."},
		{"unknown pillar", map[string][]string{"critical_pillars": {"ZZZ"}}, "critical_pillars", "is not a pillar"},
	}
	before, _ := f.store.FindAssessments(ctx, assessment.AssessmentFilter{})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := w1NewAssessmentValues()
			for k, val := range tc.change {
				if val == nil {
					v.Del(k)
				} else {
					v[k] = val
				}
			}
			r := c.post("/assessments", v)
			w1Status(t, "POST /assessments", r, http.StatusUnprocessableEntity)
			w1Body(t, tc.name, r, tc.msg, `id="err-`+tc.field+`"`, `href="#f-`+w1Fragment(tc.field)+`"`)
			if tc.field != "modes" && tc.field != "critical_pillars" {
				w1Body(t, tc.name, r, `aria-invalid="true" aria-describedby="err-`+tc.field)
			}
			// The form keeps what was typed.
			if tc.field != "state_name" {
				w1Body(t, tc.name, r, `value="Federation of Ostrania"`)
			}
		})
	}
	after, _ := f.store.FindAssessments(ctx, assessment.AssessmentFilter{})
	if len(after) != len(before) {
		t.Fatalf("bad input created %d assessments", len(after)-len(before))
	}
}

func TestCreateAssessmentNeedsCSRF(t *testing.T) {
	f := newFixture(t)
	c := f.as(uOutsider)
	v := w1NewAssessmentValues()
	v.Set("csrf_token", "forged")
	w1Status(t, "forged token", c.post("/assessments", v), http.StatusForbidden)
	v.Set("csrf_token", "")
	w1Status(t, "no token", c.post("/assessments", v), http.StatusForbidden)
	list, _ := f.store.FindAssessments(context.Background(), assessment.AssessmentFilter{MemberID: f.users[uOutsider].ID})
	if len(list) != 0 {
		t.Fatalf("a refused POST created an assessment")
	}
}

func TestOverviewByRole(t *testing.T) {
	f := newFixture(t)
	inReview := map[string]int{uLead: 200, uAssessor: 200, uAssessB: 200, uReviewer: 200, uAdmin: 200,
		uMinistry: 404, uMinOther: 404, uDonor: 404, uOutsider: 404}
	public := map[string]int{uLead: 200, uAssessor: 200, uAssessB: 200, uReviewer: 200, uAdmin: 200,
		uMinistry: 200, uMinOther: 404, uDonor: 404, uOutsider: 404}
	for _, key := range w1Everyone {
		t.Run("as "+key, func(t *testing.T) {
			c := f.w1Client(key)
			for _, tc := range []struct {
				id   int64
				want map[string]int
			}{{f.inReview, inReview}, {f.public, public}} {
				path := fmt.Sprintf("/assessments/%d", tc.id)
				r := c.get(path)
				if key == "" {
					w1Login(t, path, r)
					continue
				}
				w1Status(t, path, r, tc.want[key])
				if r.status == 404 && strings.Contains(r.body, "Republic of Meridia") {
					t.Errorf("%s: a 404 names the state", path)
				}
				if r.status != 200 {
					continue
				}
				w1Body(t, path, r, "Progress by pillar", "Republic of Meridia", "National IBM Coordination Board", "Team")
				hasButtons := strings.Contains(r.body, `action="/assessments/`+strconv.FormatInt(tc.id, 10)+`/status"`)
				if lead := key == uLead; tc.id == f.inReview && hasButtons != lead {
					t.Errorf("%s: status buttons shown %v, want %v", path, hasButtons, lead)
				}
				if tc.id == f.public && hasButtons {
					t.Errorf("%s: a published assessment offers status changes", path)
				}
			}
			if key == "" {
				return
			}
			for _, path := range []string{"/assessments/999999", "/assessments/abc", "/assessments/-1"} {
				w1Status(t, path, c.get(path), http.StatusNotFound)
			}
		})
	}
}

func TestOverviewShowsProgressPerAssessor(t *testing.T) {
	f := newFixture(t)
	r := f.as(uLead).get(fmt.Sprintf("/assessments/%d", f.inReview))
	w1Status(t, "overview", r, 200)
	w1Body(t, "overview", r, "Scored by Hélène Marchetti", "Scored by Tomasz Wren", "Scored by Adaeze Okafor",
		`aria-current="step">in review`, "Validate", "Back to draft", "All pillars")
	// The ministry sees the published assessment without the team's working data.
	m := f.as(uMinistry).get(fmt.Sprintf("/assessments/%d", f.public))
	w1Status(t, "ministry overview", m, 200)
	if strings.Contains(m.body, "Scored by") || strings.Contains(m.body, "tomasz.wren@example.org") {
		t.Errorf("the ministry sees per-assessor progress or e-mail addresses")
	}
}

func TestStatusChangeByRole(t *testing.T) {
	want := map[string]int{uLead: 303, uAdmin: 403, uAssessor: 403, uAssessB: 403, uReviewer: 403,
		uMinistry: 404, uMinOther: 404, uDonor: 404, uOutsider: 404}
	for _, key := range w1Everyone {
		t.Run("as "+key, func(t *testing.T) {
			f := newFixture(t)
			c := f.w1Client(key)
			a := f.w1Assessment(f.inReview)
			r := c.post(fmt.Sprintf("/assessments/%d/status", a.ID), url.Values{"to": {"validated"}, "version": {strconv.Itoa(a.Version)}})
			if key == "" {
				w1Login(t, "status", r)
			} else {
				w1Status(t, "status", r, want[key])
			}
			got := f.w1Assessment(f.inReview).Status
			if key != "" && r.status == 303 {
				if loc := r.header.Get("Location"); loc != fmt.Sprintf("/assessments/%d?done=status", a.ID) {
					t.Errorf("Location %q", loc)
				}
				if got != assessment.StatusValidated {
					t.Errorf("status %s, want validated", got)
				}
				audit, _ := f.store.FindAudit(context.Background(), a.ID)
				last := audit[len(audit)-1]
				if last.Action != "status" || last.ActorID != f.users[key].ID {
					t.Errorf("audit: %+v", last)
				}
			} else if got != assessment.StatusInReview {
				t.Errorf("a refused request changed the status to %s", got)
			}
		})
	}
}

func TestStatusChangeRefusals(t *testing.T) {
	f := newFixture(t)
	c := f.as(uLead)
	a := f.w1Assessment(f.inReview)
	path := fmt.Sprintf("/assessments/%d/status", a.ID)
	v := strconv.Itoa(a.Version)

	r := c.post(path, url.Values{"to": {"published"}, "version": {v}})
	w1Status(t, "skip a step", r, http.StatusUnprocessableEntity)
	w1Body(t, "skip a step", r, "cannot become published")

	r = c.post(path, url.Values{"to": {"archived"}, "version": {v}})
	w1Status(t, "unknown status", r, http.StatusUnprocessableEntity)

	r = c.post(path, url.Values{"to": {"validated"}, "version": {strconv.Itoa(a.Version + 5)}})
	w1Status(t, "stale version", r, http.StatusConflict)
	w1Body(t, "stale version", r, "changed by someone else since you opened it")

	r = c.post(path, url.Values{"to": {"validated"}, "version": {v}, "csrf_token": {""}})
	w1Status(t, "no CSRF token", r, http.StatusForbidden)

	if got := f.w1Assessment(a.ID).Status; got != assessment.StatusInReview {
		t.Fatalf("refused requests changed the status to %s", got)
	}

	// The whole life cycle, then nothing more.
	for _, to := range []string{"draft", "in_review", "validated", "published"} {
		cur := f.w1Assessment(a.ID)
		r := c.post(path, url.Values{"to": {to}, "version": {strconv.Itoa(cur.Version)}})
		w1Status(t, "to "+to, r, http.StatusSeeOther)
	}
	cur := f.w1Assessment(a.ID)
	r = c.post(path, url.Values{"to": {"validated"}, "version": {strconv.Itoa(cur.Version)}})
	w1Status(t, "after publishing", r, http.StatusUnprocessableEntity)
	if got := f.w1Assessment(a.ID).Status; got != assessment.StatusPublished {
		t.Fatalf("status %s, want published", got)
	}
}

// w1SettingsValues is the settings form as the page would post it for a.
func w1SettingsValues(f *assessment.Framework, a *assessment.Assessment) url.Values {
	v := url.Values{"version": {strconv.Itoa(a.Version)}, "title": {a.Title}, "state_name": {a.StateName},
		"started_on": {a.StartedOn}, "coordination_body": {a.Profile.CoordinationBody},
		"neighbours": {strings.Join(a.Profile.Neighbours, "\n")}, "context": {a.Profile.Context},
		"critical_pillars": a.Profile.CriticalPillars}
	for _, m := range a.Scope.Modes {
		v.Add("modes", string(m))
	}
	for m, n := range a.Profile.BCPs {
		v.Set("bcps_"+string(m), strconv.Itoa(n))
	}
	if a.Profile.LandBorderKm > 0 {
		v.Set("land_border_km", strconv.Itoa(a.Profile.LandBorderKm))
	}
	if a.Profile.CoastlineKm > 0 {
		v.Set("coastline_km", strconv.Itoa(a.Profile.CoastlineKm))
	}
	if a.Profile.StrategyStart > 0 {
		v.Set("strategy_start", strconv.Itoa(a.Profile.StrategyStart))
	}
	for i, m := range a.Team {
		v.Set(fmt.Sprintf("team[%d].email", i), m.Email)
		v.Set(fmt.Sprintf("team[%d].role", i), string(m.Role))
	}
	n := len(a.Team)
	v.Set(fmt.Sprintf("team[%d].email", n), "")
	v.Set(fmt.Sprintf("team[%d].role", n), "assessor")
	for _, r := range f.Roles {
		v.Set("agency["+r.Code+"]", strings.Join(a.Profile.Agencies[r.Code], "; "))
	}
	return v
}

func (f *fixture) w1Framework(a *assessment.Assessment) *assessment.Framework {
	fw, err := f.reg.Framework(a.FrameworkID, a.FrameworkVersion)
	if err != nil {
		f.t.Fatal(err)
	}
	return fw
}

func TestSettingsByRole(t *testing.T) {
	f := newFixture(t)
	get := map[string]int{uLead: 200, uAdmin: 403, uAssessor: 403, uAssessB: 403, uReviewer: 403,
		uMinistry: 404, uMinOther: 404, uDonor: 404, uOutsider: 404}
	getPublic := map[string]int{uLead: 200, uAdmin: 403, uAssessor: 403, uAssessB: 403, uReviewer: 403,
		uMinistry: 403, uMinOther: 404, uDonor: 404, uOutsider: 404}
	// The store lets only the lead change an assessment: an admin may read
	// the settings but saving answers 403.
	post := map[string]int{uLead: 303, uAdmin: 403, uAssessor: 403, uAssessB: 403, uReviewer: 403,
		uMinistry: 404, uMinOther: 404, uDonor: 404, uOutsider: 404}
	for _, key := range w1Everyone {
		t.Run("as "+key, func(t *testing.T) {
			c := f.w1Client(key)
			path := fmt.Sprintf("/assessments/%d/settings", f.inReview)
			r := c.get(path)
			pub := c.get(fmt.Sprintf("/assessments/%d/settings", f.public))
			a := f.w1Assessment(f.inReview)
			v := w1SettingsValues(f.w1Framework(a), a)
			v.Set("title", "Renamed by "+key)
			p := c.post(path, v)
			if key == "" {
				w1Login(t, "GET settings", r)
				w1Login(t, "GET settings (published)", pub)
				w1Login(t, "POST settings", p)
				return
			}
			w1Status(t, "GET settings", r, get[key])
			w1Status(t, "GET settings (published)", pub, getPublic[key])
			w1Status(t, "POST settings", p, post[key])
			if r.status == 200 {
				w1Body(t, "settings", r, "Agency mapping", `name="agency[BG]"`, `value="Meridian Border Police"`, `name="version"`)
			}
			if pub.status == 200 {
				w1Body(t, "published settings", pub, "can no longer change", "<fieldset class=\"bare\" disabled>")
			}
			title := f.w1Assessment(f.inReview).Title
			if (p.status == 303) != (title == "Renamed by "+key) {
				t.Errorf("status %d, stored title %q", p.status, title)
			}
		})
	}
}

func TestSettingsSave(t *testing.T) {
	f := newFixture(t)
	c := f.as(uLead)
	a := f.w1Assessment(f.inReview)
	fw := f.w1Framework(a)
	path := fmt.Sprintf("/assessments/%d/settings", a.ID)

	// Unmap one role code: the page flags it.
	v := w1SettingsValues(fw, a)
	v.Set("agency[BG]", "")
	v.Set("agency[MOJ]", "Ministry of Justice ;  Prosecutor General's Office; ")
	v.Set("title", "Follow-up assessment, revised")
	v.Set("bcps_sea", "5")
	v.Set("coastline_km", "")
	v.Del("modes")
	v["modes"] = []string{"air", "sea", "land"}
	v["critical_pillars"] = []string{"SUR"}
	v.Set("neighbours", "Valdoria (fictional)")
	// Ingrid Salo (reviewer, no responses) becomes an assessor, Otto joins
	// as reviewer.
	for i, m := range a.Team {
		if m.Role == assessment.RoleReviewer {
			v.Set(fmt.Sprintf("team[%d].role", i), "assessor")
		}
	}
	v.Set(fmt.Sprintf("team[%d].email", len(a.Team)), "otto@example.org")
	v.Set(fmt.Sprintf("team[%d].role", len(a.Team)), "reviewer")
	r := c.post(path, v)
	w1Status(t, "save", r, http.StatusSeeOther)
	if loc := r.header.Get("Location"); loc != path+"?done=saved" {
		t.Fatalf("Location %q", loc)
	}
	got := f.w1Assessment(a.ID)
	if got.Title != "Follow-up assessment, revised" || got.Version != a.Version+1 {
		t.Errorf("title %q version %d", got.Title, got.Version)
	}
	if _, ok := got.Profile.Agencies["BG"]; ok {
		t.Errorf("BG still mapped: %v", got.Profile.Agencies["BG"])
	}
	if fmt.Sprint(got.Profile.Agencies["MOJ"]) != "[Ministry of Justice Prosecutor General's Office]" {
		t.Errorf("MOJ: %q", got.Profile.Agencies["MOJ"])
	}
	if got.Profile.BCPs[assessment.ModeSea] != 5 || got.Profile.CoastlineKm != 0 || fmt.Sprint(got.Profile.CriticalPillars) != "[SUR]" ||
		fmt.Sprint(got.Scope.Modes) != "[air sea land]" || fmt.Sprint(got.Profile.Neighbours) != "[Valdoria (fictional)]" {
		t.Errorf("profile %+v scope %v", got.Profile, got.Scope)
	}
	if got.MemberRole(f.users[uReviewer].ID) != assessment.RoleAssessor || got.MemberRole(f.users[uOutsider].ID) != assessment.RoleReviewer {
		t.Errorf("team: %+v", got.Team)
	}
	page := c.get(path + "?done=saved")
	w1Status(t, "settings after save", page, 200)
	w1Body(t, "settings after save", page, "Saved.", "1 of ", "role codes are not mapped yet", `class="badge flag-unmapped" id="um-BG"`,
		`value="Ministry of Justice; Prosecutor General&#39;s Office"`)

	// The audit log records the change.
	audit := c.get(fmt.Sprintf("/assessments/%d/audit", a.ID))
	w1Status(t, "audit", audit, 200)
	w1Body(t, "audit", audit, "Hélène Marchetti", "<code class=\"path\">title</code>", "Follow-up assessment, revised", "profile.agencies.BG")

	// The lead hands the lead to Tomasz and becomes an assessor: the next
	// page is the overview, as the settings are no longer theirs.
	cur := f.w1Assessment(a.ID)
	v = w1SettingsValues(fw, cur)
	for i, m := range cur.Team {
		switch m.UserID {
		case f.users[uLead].ID:
			v.Set(fmt.Sprintf("team[%d].role", i), "assessor")
		case f.users[uAssessor].ID:
			v.Set(fmt.Sprintf("team[%d].role", i), "lead")
		}
	}
	r = c.post(path, v)
	w1Status(t, "hand over the lead", r, http.StatusSeeOther)
	if loc := r.header.Get("Location"); loc != fmt.Sprintf("/assessments/%d?done=saved", a.ID) {
		t.Errorf("Location %q", loc)
	}
	w1Status(t, "former lead on settings", c.get(path), http.StatusForbidden)
	w1Status(t, "new lead on settings", f.as(uAssessor).get(path), http.StatusOK)
}

func TestSettingsBadInput(t *testing.T) {
	f := newFixture(t)
	c := f.as(uLead)
	a := f.w1Assessment(f.inReview)
	fw := f.w1Framework(a)
	path := fmt.Sprintf("/assessments/%d/settings", a.ID)
	memberRow := func(key string) int {
		for i, m := range a.Team {
			if m.UserID == f.users[key].ID {
				return i
			}
		}
		t.Fatalf("%s not on the team", key)
		return -1
	}
	n := len(a.Team)
	cases := []struct {
		name  string
		edit  func(v url.Values)
		field string
		msg   string
	}{
		{"no title", func(v url.Values) { v.Set("title", "") }, "title", "Enter a title for the assessment."},
		{"no mode", func(v url.Values) { v.Del("modes") }, "modes", "Choose at least one mode."},
		{"bad date", func(v url.Values) { v.Set("started_on", "2026-13-45") }, "started_on", "YYYY-MM-DD"},
		{"bad number", func(v url.Values) { v.Set("bcps_land", "eleven") }, "bcps_land", "BCPs, land: enter a whole number"},
		{"unknown e-mail", func(v url.Values) {
			v.Set(fmt.Sprintf("team[%d].email", n), "ghost@example.org")
		}, fmt.Sprintf("team[%d].email", n), "Nobody with this e-mail address"},
		{"two leads", func(v url.Values) { v.Set(fmt.Sprintf("team[%d].role", memberRow(uAssessor)), "lead") }, "team", "Choose exactly one lead assessor (the form has 2)"},
		{"no lead", func(v url.Values) { v.Set(fmt.Sprintf("team[%d].remove", memberRow(uLead)), "1") }, "team", "Choose exactly one lead assessor (the form has 0)"},
		{"remove a scorer", func(v url.Values) {
			v.Set(fmt.Sprintf("team[%d].remove", memberRow(uAssessB)), "1")
		}, "team", "Adaeze Okafor has 112 responses and cannot be removed"},
		{"bad role", func(v url.Values) { v.Set(fmt.Sprintf("team[%d].role", memberRow(uAssessB)), "boss") }, fmt.Sprintf("team[%d].role", memberRow(uAssessB)), "Choose one of: lead, assessor, reviewer."},
		{"long mapping", func(v url.Values) { v.Set("agency[CUS]", strings.Repeat("x", 1001)) }, "agency[CUS]", "Enter at most 1000 characters."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := w1SettingsValues(fw, a)
			v.Set("title", "Should not be saved")
			tc.edit(v)
			r := c.post(path, v)
			w1Status(t, tc.name, r, http.StatusUnprocessableEntity)
			w1Body(t, tc.name, r, tc.msg, `id="err-`+tc.field+`"`, `href="#f-`+w1Fragment(tc.field)+`"`)
			if got := f.w1Assessment(a.ID); got.Version != a.Version {
				t.Fatalf("bad input was saved: version %d", got.Version)
			}
		})
	}
}

func TestSettingsStaleSave(t *testing.T) {
	f := newFixture(t)
	a := f.w1Assessment(f.inReview)
	fw := f.w1Framework(a)
	path := fmt.Sprintf("/assessments/%d/settings", a.ID)
	lead := f.as(uLead)
	other := f.as(uLead) // the same lead in another browser

	opened := w1SettingsValues(fw, a)
	first := w1SettingsValues(fw, a)
	first.Set("title", "Saved first")
	w1Status(t, "first save", other.post(path, first), http.StatusSeeOther)

	opened.Set("title", "Saved second")
	opened.Set("agency[CUS]", "Revenue and Customs Agency")
	r := lead.post(path, opened)
	w1Status(t, "stale save", r, http.StatusConflict)
	w1Body(t, "stale save", r, "Changed by someone else since you opened it", "Your changes were not saved",
		"Saved second", "Revenue and Customs Agency", `value="Saved first"`, "last change by Hélène Marchetti")
	cur := f.w1Assessment(a.ID)
	if cur.Title != "Saved first" || cur.Profile.Agencies["CUS"][0] != "Customs Service of Meridia" {
		t.Fatalf("a stale save overwrote: %q %v", cur.Title, cur.Profile.Agencies["CUS"])
	}
	// The re-rendered form carries the current version: saving it again works.
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(r.body)
	if m == nil || m[1] != strconv.Itoa(cur.Version) {
		t.Fatalf("version on the conflict page: %v, want %d", m, cur.Version)
	}
	opened.Set("version", m[1])
	w1Status(t, "save after conflict", lead.post(path, opened), http.StatusSeeOther)
	if got := f.w1Assessment(a.ID).Title; got != "Saved second" {
		t.Fatalf("title %q", got)
	}
}

func TestSettingsNeedsCSRF(t *testing.T) {
	f := newFixture(t)
	a := f.w1Assessment(f.inReview)
	v := w1SettingsValues(f.w1Framework(a), a)
	v.Set("title", "Forged")
	v.Set("csrf_token", "")
	w1Status(t, "no CSRF", f.as(uLead).post(fmt.Sprintf("/assessments/%d/settings", a.ID), v), http.StatusForbidden)
	if f.w1Assessment(a.ID).Title == "Forged" {
		t.Fatal("saved without a CSRF token")
	}
}

func TestAuditByRole(t *testing.T) {
	f := newFixture(t)
	want := map[string]int{uLead: 200, uAdmin: 200, uAssessor: 403, uAssessB: 403, uReviewer: 403,
		uMinistry: 404, uMinOther: 404, uDonor: 404, uOutsider: 404}
	wantPublic := map[string]int{uLead: 200, uAdmin: 200, uAssessor: 403, uAssessB: 403, uReviewer: 403,
		uMinistry: 403, uMinOther: 404, uDonor: 404, uOutsider: 404}
	for _, key := range w1Everyone {
		t.Run("as "+key, func(t *testing.T) {
			c := f.w1Client(key)
			r := c.get(fmt.Sprintf("/assessments/%d/audit", f.inReview))
			pub := c.get(fmt.Sprintf("/assessments/%d/audit", f.public))
			if key == "" {
				w1Login(t, "audit", r)
				w1Login(t, "audit (published)", pub)
				return
			}
			w1Status(t, "audit", r, want[key])
			w1Status(t, "audit (published)", pub, wantPublic[key])
			if pub.status == 200 {
				w1Body(t, "audit", pub, "Audit log", "status", "&#34;validated&#34;", "&#34;published&#34;")
			}
		})
	}
}

func TestAuditShowAll(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	lead := f.users[uLead].ID
	// Enough status changes to pass the page limit.
	for i := 0; i < auditLimit+5; i++ {
		a := f.w1Assessment(f.inReview)
		to := assessment.StatusDraft
		if a.Status == assessment.StatusDraft {
			to = assessment.StatusInReview
		}
		if _, err := f.store.SetStatus(ctx, lead, a.ID, a.Version, to); err != nil {
			t.Fatal(err)
		}
	}
	log, _ := f.store.FindAudit(ctx, f.inReview)
	c := f.as(uLead)
	path := fmt.Sprintf("/assessments/%d/audit", f.inReview)
	rows := func(body string) int { return strings.Count(body, `<td class="when">`) }
	r := c.get(path)
	w1Status(t, "audit", r, 200)
	if got := rows(r.body); got != auditLimit {
		t.Errorf("rows %d, want %d", got, auditLimit)
	}
	w1Body(t, "audit", r, fmt.Sprintf("Show all %d entries", len(log)), path+"?all=1")
	// Newest first.
	if i, j := strings.Index(r.body, "&#34;in_review&#34;"), strings.Index(r.body, "<td class=\"when\">"); i < 0 || j < 0 {
		t.Errorf("no status entries")
	}
	all := c.get(path + "?all=1")
	w1Status(t, "audit all", all, 200)
	if got := rows(all.body); got != len(log) {
		t.Errorf("rows %d, want %d", got, len(log))
	}
}

func TestAuditRowDiff(t *testing.T) {
	old := `{"title":"A","version":1,"profile":{"agencies":{"BG":["X"]},"context":"` + strings.Repeat("long ", 40) + `"}}`
	new := `{"title":"B","version":2,"profile":{"agencies":{"BG":["Y"]},"context":"short"}}`
	r := auditRowOf(assessment.AuditEntry{Entity: "assessment", Action: "update", Old: old, New: new})
	var paths []string
	for _, c := range r.Changes {
		paths = append(paths, c.Path)
	}
	if got := strings.Join(paths, " "); got != "profile.agencies.BG profile.context title" {
		t.Errorf("changed paths %q", got)
	}
	if r.Changes[1].Old.Short == "" || r.Changes[1].New.Short != "" {
		t.Errorf("long values fold into details: %+v", r.Changes[1])
	}
	created := auditRowOf(assessment.AuditEntry{Old: "", New: `{ "must_change": true }`, ActorID: 0})
	if created.Who != "system" || len(created.Changes) != 1 || !created.Changes[0].Added || created.Changes[0].Path != "must_change" ||
		created.Changes[0].New.Text != "true" {
		t.Errorf("created row: %+v", created)
	}
	plain := auditRowOf(assessment.AuditEntry{Old: `["a"]`, New: `[ "a", "b" ]`, ActorID: 7})
	if plain.Who != "user 7" || plain.New.Text != `["a","b"]` || len(plain.Changes) != 0 {
		t.Errorf("plain row: %+v", plain)
	}
}
