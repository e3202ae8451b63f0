package data_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"bordergap/assessment"
	"bordergap/data"
	"bordergap/frameworks"
)

// The tests use fictional states (XAA, XAB...) and fictional people at
// example.org. Every database is a real SQLite file in t.TempDir().

// t0 is the start of the test clock.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// clock is a deterministic clock that moves one second forward each time
// it is read. It is safe for concurrent use.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Second)
	return c.now
}

func registry(t testing.TB) *frameworks.Registry {
	t.Helper()
	r, err := frameworks.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// openDB opens (creating) the database file path with the default
// framework registry and closes it when the test ends.
func openDB(t testing.TB, path string) *data.DB {
	t.Helper()
	db, err := data.Open(context.Background(), path, registry(t))
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

// newDB returns a fresh database in a temporary directory, with the test
// clock.
func newDB(t testing.TB) *data.DB {
	t.Helper()
	db := openDB(t, filepath.Join(t.TempDir(), "bordergap.db"))
	db.Now = (&clock{now: t0}).Now
	return db
}

// rawDB opens a second, independent handle on the database file, for
// counting rows behind the store's back.
func rawDB(t testing.TB, db *data.DB) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+db.Path()+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// count returns the result of a SELECT count(*) query.
func count(t testing.TB, db *data.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := rawDB(t, db).QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func createUser(t testing.TB, db *data.DB, name, email string) *assessment.User {
	t.Helper()
	u := &assessment.User{Name: name, Email: email, Organisation: "Example Consulting", Role: assessment.UserConsultant}
	if err := db.CreateUser(context.Background(), 0, u); err != nil {
		t.Fatalf("CreateUser(%s): %v", email, err)
	}
	return u
}

// team is the cast of most tests: Ada leads, Ben and Cleo assess, Dara
// reviews; Eli is a user who is not on the team.
type team struct {
	lead, ben, cleo, dara, eli *assessment.User
}

func newTeam(t testing.TB, db *data.DB) team {
	t.Helper()
	return team{
		lead: createUser(t, db, "Ada Lead", "ada.lead@example.org"),
		ben:  createUser(t, db, "Ben Assessor", "ben.assessor@example.org"),
		cleo: createUser(t, db, "Cleo Assessor", "cleo.assessor@example.org"),
		dara: createUser(t, db, "Dara Reviewer", "dara.reviewer@example.org"),
		eli:  createUser(t, db, "Eli Outsider", "eli.outsider@example.org"),
	}
}

func (tm team) members() []assessment.Member {
	return []assessment.Member{
		{UserID: tm.lead.ID, Role: assessment.RoleLead},
		{UserID: tm.ben.ID, Role: assessment.RoleAssessor},
		{UserID: tm.cleo.ID, Role: assessment.RoleAssessor},
		{UserID: tm.dara.ID, Role: assessment.RoleReviewer},
	}
}

// draft returns an unsaved assessment of the fictional state XAA, which has
// land and sea borders only: the air-only indicators (TRV.1.1...) are N/A.
func draft(members []assessment.Member) *assessment.Assessment {
	f := frameworks.Default()
	return &assessment.Assessment{
		State: "XAA", StateName: "Xanadia", Title: "Xanadia baseline",
		FrameworkID: f.ID, FrameworkVersion: f.Version,
		Scope: assessment.Scope{Modes: []assessment.Mode{assessment.ModeLand, assessment.ModeSea}},
		Profile: assessment.Profile{
			CoordinationBody: "Xanadia IBM Board",
			BCPs:             map[assessment.Mode]int{assessment.ModeLand: 9, assessment.ModeSea: 2},
			Agencies:         map[string][]string{"BG": {"Xanadia Border Guard"}, "CUS": {"Xanadia Customs", "Port Authority"}},
			Neighbours:       []string{"Yonderland"},
		},
		Team:      members,
		StartedOn: "2026-02-16",
	}
}

// newAssessment stores a draft with the whole team, created by the lead.
func newAssessment(t testing.TB, db *data.DB, tm team) *assessment.Assessment {
	t.Helper()
	a := draft(tm.members())
	if err := db.CreateAssessment(context.Background(), tm.lead.ID, a); err != nil {
		t.Fatalf("CreateAssessment: %v", err)
	}
	return a
}

// resp is a new response (version 0) of an assessor to an indicator.
func resp(indicator string, assessor *assessment.User, level assessment.Level) assessment.Response {
	return assessment.Response{IndicatorID: indicator, AssessorID: assessor.ID, Level: level, Target: assessment.Unscored,
		Confidence: assessment.ConfidenceMedium, Note: "seen at the Xanadia port", Sources: []string{"interview"}}
}

// save saves responses and fails the test on error.
func save(t testing.TB, db *data.DB, actor int64, a *assessment.Assessment, rs ...assessment.Response) []assessment.Response {
	t.Helper()
	out, err := db.SaveResponses(context.Background(), actor, a.ID, rs)
	if err != nil {
		t.Fatalf("SaveResponses: %v", err)
	}
	return out
}

// wantErr checks that err is an *assessment.Error with the given code and
// returns it.
func wantErr(t testing.TB, err error, code string) *assessment.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want code %q", code)
	}
	var e *assessment.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want *assessment.Error", err, err)
	}
	if e.Code != code {
		t.Fatalf("code = %q, want %q (%v)", e.Code, code, err)
	}
	return e
}

// fieldNames returns the sorted field paths of an error.
func fieldNames(err error) []string {
	var out []string
	for _, f := range assessment.ErrorFields(err) {
		out = append(out, f.Field)
	}
	sort.Strings(out)
	return out
}

// sameStrings compares two lists ignoring order.
func sameStrings(got, want []string) bool {
	g, w := slices.Clone(got), slices.Clone(want)
	sort.Strings(g)
	sort.Strings(w)
	return slices.Equal(g, w)
}

// findResponse returns the stored response of an assessor to an indicator.
func findResponse(t testing.TB, db *data.DB, assessmentID int64, indicator string, assessor int64) (assessment.Response, bool) {
	t.Helper()
	rs, err := db.FindResponses(context.Background(), assessmentID)
	if err != nil {
		t.Fatalf("FindResponses: %v", err)
	}
	for _, r := range rs {
		if r.IndicatorID == indicator && r.AssessorID == assessor {
			return r, true
		}
	}
	return assessment.Response{}, false
}

// audit returns the audit log of an assessment.
func audit(t testing.TB, db *data.DB, assessmentID int64) []assessment.AuditEntry {
	t.Helper()
	es, err := db.FindAudit(context.Background(), assessmentID)
	if err != nil {
		t.Fatalf("FindAudit: %v", err)
	}
	return es
}

func containsAll(s string, subs ...string) []string {
	var missing []string
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			missing = append(missing, sub)
		}
	}
	return missing
}
