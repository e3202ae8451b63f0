package web

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"bordergap/assessment"
	"bordergap/assessment/portable"
	"bordergap/data"
	"bordergap/frameworks"
)

// testPassword is the password of every test user.
const testPassword = "correct horse battery"

// fixture is a running server on a temporary database holding two
// assessments of the fictional state XAA (imported from the demo fixture of
// the reports package) and one person per role.
type fixture struct {
	t        *testing.T
	srv      *httptest.Server
	web      *Server
	store    *data.DB
	reg      *frameworks.Registry
	inReview int64 // XAA follow-up, in review: lead, assessors, reviewer
	public   int64 // the same imported again and published
	users    map[string]*assessment.User
}

// Roles of the fixture's users, by key.
const (
	uLead     = "lead"     // lead assessor of both assessments
	uAssessor = "assessor" // assessor (Tomasz Wren)
	uAssessB  = "assessor2"
	uReviewer = "reviewer"
	uAdmin    = "admin"
	uMinistry = "ministry"       // focal point of XAA
	uMinOther = "ministry-other" // focal point of XAB: must see nothing of XAA
	uDonor    = "donor"
	uOutsider = "outsider" // a consultant on no team
)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	reg, err := frameworks.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	db, err := data.Open(ctx, filepath.Join(t.TempDir(), "web.db"), reg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{t: t, store: db, reg: reg, users: map[string]*assessment.User{}}

	raw, err := os.ReadFile("../reports/testdata/xaa-followup.json")
	if err != nil {
		t.Fatal(err)
	}
	importOnce := func() *assessment.Assessment {
		b, err := portable.Decode(strings.NewReader(string(raw)), reg)
		if err != nil {
			t.Fatal(err)
		}
		a, err := db.ImportBundle(ctx, 0, b)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a := importOnce()
	f.inReview = a.ID
	pub := importOnce()
	for _, st := range []assessment.Status{assessment.StatusValidated, assessment.StatusPublished} {
		cur, _ := db.FindAssessmentByID(ctx, pub.ID)
		lead := cur.Team[0].UserID
		if _, err := db.SetStatus(ctx, lead, pub.ID, cur.Version, st); err != nil {
			t.Fatal(err)
		}
	}
	f.public = pub.ID

	byRole := map[assessment.TeamRole][]int64{}
	for _, m := range a.Team {
		byRole[m.Role] = append(byRole[m.Role], m.UserID)
	}
	get := func(id int64) *assessment.User {
		u, err := db.FindUserByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.users[uLead] = get(byRole[assessment.RoleLead][0])
	f.users[uAssessor] = get(byRole[assessment.RoleAssessor][0])
	f.users[uAssessB] = get(byRole[assessment.RoleAssessor][1])
	f.users[uReviewer] = get(byRole[assessment.RoleReviewer][0])
	for key, u := range map[string]*assessment.User{
		uAdmin:    {Name: "Ada Admin", Email: "ada.admin@example.org", Role: assessment.UserAdmin},
		uMinistry: {Name: "Mira Focal", Email: "focal@moi.xaa.example", Role: assessment.UserMinistry, Country: "XAA", Organisation: "Ministry of Interior"},
		uMinOther: {Name: "Other Focal", Email: "focal@mia.xab.example", Role: assessment.UserMinistry, Country: "XAB"},
		uDonor:    {Name: "Dora Donor", Email: "dora@donor.example", Role: assessment.UserDonor},
		uOutsider: {Name: "Otto Outsider", Email: "otto@example.org", Role: assessment.UserConsultant},
	} {
		if err := db.CreateUser(ctx, 0, u); err != nil {
			t.Fatal(err)
		}
		f.users[key] = u
	}
	h, err := HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range f.users {
		if err := db.SetPassword(ctx, 0, u.ID, h, false); err != nil {
			t.Fatal(err)
		}
	}
	f.web, err = New(Config{Store: db, Frameworks: reg, FrameworkList: func() []FrameworkChoice {
		var out []FrameworkChoice
		for _, s := range reg.List() {
			out = append(out, FrameworkChoice{ID: s.Framework.ID, Version: s.Framework.Version, Title: s.Framework.Title})
		}
		return out
	}})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(f.web.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

// client is a browser-like HTTP client: a cookie jar, no automatic
// redirects, and the CSRF token of the last page it read.
type client struct {
	t    *testing.T
	f    *fixture
	http *http.Client
	csrf string
}

var reCSRF = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// anon returns a client that is not logged in.
func (f *fixture) anon() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: f.t, f: f, http: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// as logs in as the user with the given key and returns the client.
func (f *fixture) as(key string) *client {
	f.t.Helper()
	c := f.anon()
	u := f.users[key]
	page := c.get("/login")
	tok := regexp.MustCompile(`name="login_token" value="([^"]+)"`).FindStringSubmatch(page.body)
	if tok == nil {
		f.t.Fatalf("no login token on the login page")
	}
	r := c.post("/login", url.Values{"login_token": {tok[1]}, "email": {u.Email}, "password": {testPassword}, "next": {"/"}})
	if r.status != http.StatusSeeOther {
		f.t.Fatalf("login as %s: status %d\n%s", key, r.status, r.body)
	}
	c.get("/") // picks up the CSRF token
	return c
}

type response struct {
	status int
	body   string
	header http.Header
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := reCSRF.FindStringSubmatch(string(b)); m != nil {
		c.csrf = m[1]
	}
	return response{status: res.StatusCode, body: string(b), header: res.Header}
}

func (c *client) get(path string) response {
	req, _ := http.NewRequest(http.MethodGet, c.f.srv.URL+path, nil)
	return c.do(req)
}

// post sends a form with the client's CSRF token (unless the values carry
// their own csrf_token).
func (c *client) post(path string, v url.Values) response {
	if v == nil {
		v = url.Values{}
	}
	if _, ok := v["csrf_token"]; !ok && c.csrf != "" {
		v.Set("csrf_token", c.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, c.f.srv.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// api sends a JSON request with the session cookie and the CSRF header.
func (c *client) api(method, path, body string) response {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, c.f.srv.URL+path, r)
	req.Header.Set("Accept", "application/json")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	return c.do(req)
}

func TestFixtureLogsInEveryRole(t *testing.T) {
	f := newFixture(t)
	for key := range f.users {
		c := f.as(key)
		r := c.get("/")
		if r.status != http.StatusOK {
			t.Errorf("%s: home status %d", key, r.status)
		}
	}
}
