package data_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"bordergap/assessment"
	"bordergap/data"
)

func TestCreateAndFindAssessment(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	// The team is given in a scrambled order; the store returns the lead,
	// then the assessors, then the reviewer.
	a := draft([]assessment.Member{
		{UserID: tm.dara.ID, Role: assessment.RoleReviewer},
		{UserID: tm.cleo.ID, Role: assessment.RoleAssessor},
		{UserID: tm.lead.ID, Role: assessment.RoleLead},
		{UserID: tm.ben.ID, Role: assessment.RoleAssessor},
	})
	if err := db.CreateAssessment(ctx, tm.lead.ID, a); err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || a.Version != 1 || a.Status != assessment.StatusDraft || a.Round != 1 || a.CreatedAt.IsZero() || a.UpdatedAt.IsZero() {
		t.Errorf("after create: id %d, version %d, status %q, round %d, created %v, updated %v",
			a.ID, a.Version, a.Status, a.Round, a.CreatedAt, a.UpdatedAt)
	}

	got, err := db.FindAssessmentByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantTeam := []assessment.Member{
		{UserID: tm.lead.ID, Role: assessment.RoleLead, Name: "Ada Lead", Email: "ada.lead@example.org"},
		{UserID: tm.ben.ID, Role: assessment.RoleAssessor, Name: "Ben Assessor", Email: "ben.assessor@example.org"},
		{UserID: tm.cleo.ID, Role: assessment.RoleAssessor, Name: "Cleo Assessor", Email: "cleo.assessor@example.org"},
		{UserID: tm.dara.ID, Role: assessment.RoleReviewer, Name: "Dara Reviewer", Email: "dara.reviewer@example.org"},
	}
	if !reflect.DeepEqual(got.Team, wantTeam) {
		t.Errorf("Team = %+v,\nwant %+v", got.Team, wantTeam)
	}
	want := *a
	want.Team = wantTeam
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("FindAssessmentByID = %+v,\nwant %+v", *got, want)
	}

	es := audit(t, db, a.ID)
	if len(es) != 1 || es[0].Entity != "assessment" || es[0].Action != "create" || es[0].ActorID != tm.lead.ID ||
		!strings.Contains(es[0].New, `"Xanadia baseline"`) {
		t.Errorf("audit = %+v, want one create row by the lead", es)
	}
}

func TestFindAssessmentNotFound(t *testing.T) {
	db := newDB(t)
	a, err := db.FindAssessmentByID(context.Background(), 42)
	wantErr(t, err, assessment.ENOTFOUND)
	if a != nil {
		t.Errorf("got %+v with the error", a)
	}
}

func TestFindAssessments(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	create := func(state, title string, members ...assessment.Member) *assessment.Assessment {
		t.Helper()
		a := draft(members)
		a.State, a.Title = state, title
		if err := db.CreateAssessment(ctx, members[0].UserID, a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	lead := func(u *assessment.User) assessment.Member {
		return assessment.Member{UserID: u.ID, Role: assessment.RoleLead}
	}
	assessor := func(u *assessment.User) assessment.Member {
		return assessment.Member{UserID: u.ID, Role: assessment.RoleAssessor}
	}
	xaa1 := create("XAA", "Xanadia baseline", lead(tm.lead), assessor(tm.ben))
	xab := create("XAB", "Yonderland baseline", lead(tm.ben), assessor(tm.cleo))
	xaa2 := create("XAA", "Xanadia follow-up", lead(tm.cleo), assessor(tm.lead))
	if _, err := db.SetStatus(ctx, tm.ben.ID, xab.ID, xab.Version, assessment.StatusInReview); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		filter assessment.AssessmentFilter
		want   []int64 // newest first
	}{
		{"all", assessment.AssessmentFilter{}, []int64{xaa2.ID, xab.ID, xaa1.ID}},
		{"state", assessment.AssessmentFilter{State: "XAA"}, []int64{xaa2.ID, xaa1.ID}},
		{"other state", assessment.AssessmentFilter{State: "XAB"}, []int64{xab.ID}},
		{"unknown state", assessment.AssessmentFilter{State: "XZZ"}, nil},
		{"member lead", assessment.AssessmentFilter{MemberID: tm.lead.ID}, []int64{xaa2.ID, xaa1.ID}},
		{"member cleo", assessment.AssessmentFilter{MemberID: tm.cleo.ID}, []int64{xaa2.ID, xab.ID}},
		{"not a member anywhere", assessment.AssessmentFilter{MemberID: tm.eli.ID}, nil},
		{"status draft", assessment.AssessmentFilter{Status: assessment.StatusDraft}, []int64{xaa2.ID, xaa1.ID}},
		{"status in review", assessment.AssessmentFilter{Status: assessment.StatusInReview}, []int64{xab.ID}},
		{"state and member", assessment.AssessmentFilter{State: "XAA", MemberID: tm.ben.ID}, []int64{xaa1.ID}},
		{"state, member and status", assessment.AssessmentFilter{State: "XAB", MemberID: tm.cleo.ID, Status: assessment.StatusInReview}, []int64{xab.ID}},
		{"state and wrong status", assessment.AssessmentFilter{State: "XAB", Status: assessment.StatusDraft}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.FindAssessments(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, a := range got {
				ids = append(ids, a.ID)
				if len(a.Team) != 2 || a.Team[0].Role != assessment.RoleLead || a.Team[0].Name == "" {
					t.Errorf("assessment %d: team %+v, want the lead (with name) and one assessor", a.ID, a.Team)
				}
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("ids = %v, want %v", ids, tt.want)
			}
		})
	}
}

// assertNothingWritten checks that the database holds no assessment, no
// team, no response and no audit row about assessments.
func assertNothingWritten(t *testing.T, db *data.DB) {
	t.Helper()
	for _, q := range []string{
		`SELECT count(*) FROM assessments`,
		`SELECT count(*) FROM members`,
		`SELECT count(*) FROM responses`,
		`SELECT count(*) FROM consensus`,
		`SELECT count(*) FROM audit_log WHERE entity <> 'user'`,
	} {
		if n := count(t, db, q); n != 0 {
			t.Errorf("%s = %d, want 0", q, n)
		}
	}
}

func TestCreateAssessmentInvalid(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	tests := []struct {
		name   string
		edit   func(a *assessment.Assessment)
		fields []string
	}{
		{"lower-case state", func(a *assessment.Assessment) { a.State = "xaa" }, []string{"state"}},
		{"state with a digit", func(a *assessment.Assessment) { a.State = "XA1" }, []string{"state"}},
		{"two-letter state", func(a *assessment.Assessment) { a.State = "XA" }, []string{"state"}},
		{"two leads", func(a *assessment.Assessment) { a.Team[1].Role = assessment.RoleLead }, []string{"team"}},
		{"no lead", func(a *assessment.Assessment) { a.Team[0].Role = assessment.RoleAssessor }, []string{"team"}},
		{"bad state and two leads at once", func(a *assessment.Assessment) {
			a.State = "X1"
			a.Title = ""
			a.Team[2].Role = assessment.RoleLead
		}, []string{"state", "title", "team"}},
		{"same person twice", func(a *assessment.Assessment) { a.Team[2].UserID = a.Team[1].UserID }, []string{"team[2]"}},
		{"unknown role", func(a *assessment.Assessment) { a.Team[3].Role = "observer" }, []string{"team[3].role"}},
		{"no modes", func(a *assessment.Assessment) { a.Scope.Modes = nil }, []string{"scope.modes"}},
		{"bad mode", func(a *assessment.Assessment) { a.Scope.Modes = append(a.Scope.Modes, "space") }, []string{"scope.modes[2]"}},
		{"unknown agency role", func(a *assessment.Assessment) { a.Profile.Agencies["XYZ"] = []string{"Ministry of Magic"} }, []string{"profile.agencies.XYZ"}},
		{"unknown critical pillar", func(a *assessment.Assessment) { a.Profile.CriticalPillars = []string{"ZZZ"} }, []string{"profile.critical_pillars[0]"}},
		{"bad status", func(a *assessment.Assessment) { a.Status = "archived" }, []string{"status"}},
		{"unknown user on the team", func(a *assessment.Assessment) { a.Team[3].UserID = 999 }, []string{"team[3].user_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := draft(tm.members())
			tt.edit(a)
			e := wantErr(t, db.CreateAssessment(ctx, tm.lead.ID, a), assessment.EINVALID)
			if got := fieldNames(e); !sameStrings(got, tt.fields) {
				t.Errorf("fields = %q, want %q (%v)", got, tt.fields, e)
			}
			assertNothingWritten(t, db)
		})
	}
}

func TestCreateAssessmentFrameworkNotInstalled(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	for _, edit := range []func(*assessment.Assessment){
		func(a *assessment.Assessment) { a.FrameworkVersion = "9.9.9" },
		func(a *assessment.Assessment) { a.FrameworkID = "no-such-framework" },
	} {
		a := draft(tm.members())
		edit(a)
		e := wantErr(t, db.CreateAssessment(ctx, tm.lead.ID, a), assessment.ENOTFOUND)
		if !strings.Contains(e.Message, "not installed") {
			t.Errorf("message %q does not say the framework is not installed", e.Message)
		}
	}
	assertNothingWritten(t, db)
}

func TestSetStatus(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	a := newAssessment(t, db, tm)
	version := a.Version

	step := func(to assessment.Status) {
		t.Helper()
		got, err := db.SetStatus(ctx, tm.lead.ID, a.ID, version, to)
		if err != nil {
			t.Fatalf("SetStatus(%s): %v", to, err)
		}
		if got.Status != to || got.Version != version+1 {
			t.Fatalf("SetStatus(%s) = status %s version %d, want %s version %d", to, got.Status, got.Version, to, version+1)
		}
		stored, err := db.FindAssessmentByID(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.Status != to || stored.Version != version+1 || !stored.UpdatedAt.Equal(got.UpdatedAt) {
			t.Fatalf("stored = %s v%d %v, want %s v%d %v", stored.Status, stored.Version, stored.UpdatedAt, to, version+1, got.UpdatedAt)
		}
		version++
	}
	refuse := func(v int, to assessment.Status, code string) *assessment.Error {
		t.Helper()
		before, err := db.FindAssessmentByID(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.SetStatus(ctx, tm.lead.ID, a.ID, v, to)
		e := wantErr(t, err, code)
		if got != nil {
			t.Errorf("SetStatus returned %+v with its error", got)
		}
		after, err := db.FindAssessmentByID(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(before, after) {
			t.Errorf("a refused SetStatus changed the assessment: %+v → %+v", before, after)
		}
		return e
	}

	step(assessment.StatusInReview)
	step(assessment.StatusDraft) // back
	refuse(version, assessment.StatusValidated, assessment.EINVALID)
	refuse(version, assessment.StatusPublished, assessment.EINVALID)
	refuse(version, assessment.StatusDraft, assessment.EINVALID) // to itself
	refuse(version, "archived", assessment.EINVALID)
	e := refuse(version-1, assessment.StatusInReview, assessment.ECONFLICT)
	if missing := containsAll(e.Message, "version 3", "you had 2", "2026-03-02"); len(missing) > 0 {
		t.Errorf("conflict message %q lacks %q", e.Message, missing)
	}
	step(assessment.StatusInReview)
	step(assessment.StatusValidated)
	step(assessment.StatusPublished)
	refuse(version, assessment.StatusValidated, assessment.EINVALID) // published is final

	_, err := db.SetStatus(ctx, tm.lead.ID, 999, 1, assessment.StatusInReview)
	wantErr(t, err, assessment.ENOTFOUND)

	var statuses []string
	for _, e := range audit(t, db, a.ID) {
		if e.Action == "status" {
			statuses = append(statuses, e.Old+"→"+e.New)
		}
	}
	st := func(s string) string { return `{"status":"` + s + `"}` }
	want := []string{st("draft") + "→" + st("in_review"), st("in_review") + "→" + st("draft"), st("draft") + "→" + st("in_review"),
		st("in_review") + "→" + st("validated"), st("validated") + "→" + st("published")}
	if !slices.Equal(statuses, want) {
		t.Errorf("status audit = %q, want %q", statuses, want)
	}
}
