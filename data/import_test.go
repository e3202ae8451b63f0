package data_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"bordergap/assessment"
	"bordergap/data"
)

var exported = time.Date(2025, 11, 20, 14, 30, 0, 123456789, time.UTC)

// testBundle is a whole assessment as Decode would return it: local user
// ids 1 (lead), 2 (assessor) and 3 (reviewer).
func testBundle() *assessment.Bundle {
	users := []assessment.User{
		{ID: 1, Name: "Ada Lead", Email: "ada.lead@example.org", Organisation: "Example Consulting", Role: assessment.UserConsultant},
		{ID: 2, Name: "Fay Field", Email: "fay.field@example.org", Role: assessment.UserConsultant},
		{ID: 3, Name: "Gus Checker", Email: "gus.checker@example.org", Role: assessment.UserMinistry, Country: "XAB"},
	}
	a := draft([]assessment.Member{
		{UserID: 1, Role: assessment.RoleLead}, {UserID: 2, Role: assessment.RoleAssessor}, {UserID: 3, Role: assessment.RoleReviewer},
	})
	a.State, a.StateName, a.Title = "XAB", "Yonderland", "Yonderland baseline"
	a.Status, a.Round = assessment.StatusInReview, 1
	a.CreatedAt, a.UpdatedAt = exported.Add(-48*time.Hour), exported.Add(-time.Hour)
	r := func(indicator string, assessor int64, level assessment.Level, version int) assessment.Response {
		return assessment.Response{IndicatorID: indicator, AssessorID: assessor, Level: level, Target: assessment.Unscored,
			Confidence: assessment.ConfidenceLow, Note: "from the Yonderland mission", Sources: []string{"interview"},
			Version: version, UpdatedBy: assessor, UpdatedAt: exported.Add(-time.Duration(version) * time.Hour)}
	}
	return &assessment.Bundle{
		Assessment: *a,
		Users:      users,
		Responses: []assessment.Response{
			r("GOV.1.1", 1, 2, 3), r("GOV.1.1", 2, 3, 1), r("GOV.1.2", 2, 1, 2), r("TRV.1.1", 2, assessment.NA, 1),
		},
		Consensus: []assessment.Consensus{
			{IndicatorID: "GOV.1.1", Level: 2, Target: 3, Comment: "agreed", Version: 2, SetBy: 1, SetAt: exported.Add(-2 * time.Hour)},
		},
	}
}

func TestImportBundle(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	// Ada exists already, under a differently cased address; she is reused.
	existing := createUser(t, db, "Ada Lead", "Ada.Lead@Example.org")
	createUser(t, db, "Eli Outsider", "eli.outsider@example.org")

	b := testBundle()
	a, err := db.ImportBundle(ctx, existing.ID, b)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || a.State != "XAB" || a.Status != assessment.StatusInReview || a.Version != 1 || a.Round != 1 {
		t.Errorf("imported assessment: %+v", a)
	}
	if !a.CreatedAt.Equal(exported.Add(-48*time.Hour)) || !a.UpdatedAt.Equal(exported.Add(-time.Hour)) {
		t.Errorf("times: created %v updated %v, want the exported ones", a.CreatedAt, a.UpdatedAt)
	}
	users, err := db.FindUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 4 {
		t.Fatalf("users = %d, want 4 (Ada reused, Fay and Gus created)", len(users))
	}
	ids := map[string]int64{}
	for _, u := range users {
		ids[u.Name] = u.ID
	}
	if ids["Ada Lead"] != existing.ID {
		t.Errorf("Ada was not matched by e-mail")
	}
	wantTeam := []assessment.Member{
		{UserID: existing.ID, Role: assessment.RoleLead, Name: "Ada Lead", Email: "Ada.Lead@Example.org"},
		{UserID: ids["Fay Field"], Role: assessment.RoleAssessor, Name: "Fay Field", Email: "fay.field@example.org"},
		{UserID: ids["Gus Checker"], Role: assessment.RoleReviewer, Name: "Gus Checker", Email: "gus.checker@example.org"},
	}
	if fmt.Sprint(a.Team) != fmt.Sprint(wantTeam) {
		t.Errorf("team = %+v,\nwant %+v", a.Team, wantTeam)
	}

	rs, err := db.FindResponses(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 4 {
		t.Fatalf("responses = %d, want 4", len(rs))
	}
	got, _ := findResponse(t, db, a.ID, "GOV.1.1", existing.ID)
	if got.Version != 3 || got.Level != 2 || got.UpdatedBy != existing.ID || !got.UpdatedAt.Equal(exported.Add(-3*time.Hour)) {
		t.Errorf("GOV.1.1 of Ada: %+v, want version 3, level 2 and the exported time", got)
	}
	na, _ := findResponse(t, db, a.ID, "TRV.1.1", ids["Fay Field"])
	if na.Level != assessment.NA {
		t.Errorf("TRV.1.1 level = %v, want N/A", na.Level)
	}
	cs, err := db.FindConsensus(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Version != 2 || cs[0].Level != 2 || cs[0].Target != 3 || cs[0].SetBy != existing.ID {
		t.Errorf("consensus = %+v", cs)
	}

	// The imported responses continue their versions.
	got.Level = 1
	out := save(t, db, existing.ID, a, got)
	if out[0].Version != 4 {
		t.Errorf("version after an edit = %d, want 4", out[0].Version)
	}

	var actions []string
	for _, e := range audit(t, db, a.ID) {
		actions = append(actions, e.Action)
	}
	if fmt.Sprint(actions) != "[import import-contents update]" {
		t.Errorf("audit actions = %q", actions)
	}
}

func TestImportBundleAllOrNothing(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		spoil func(b *assessment.Bundle)
	}{
		{"last response level 7", func(b *assessment.Bundle) { b.Responses[len(b.Responses)-1].Level = assessment.Level(7) }},
		{"last response unknown indicator", func(b *assessment.Bundle) { b.Responses[len(b.Responses)-1].IndicatorID = "ZZZ.1.1" }},
		{"last response N/A on an applicable indicator", func(b *assessment.Bundle) {
			b.Responses[len(b.Responses)-1].IndicatorID = "GOV.2.1"
		}},
		{"last response by an unknown user", func(b *assessment.Bundle) { b.Responses[len(b.Responses)-1].AssessorID = 9 }},
		{"last response updated by an unknown user", func(b *assessment.Bundle) { b.Responses[len(b.Responses)-1].UpdatedBy = 9 }},
		{"consensus level 9", func(b *assessment.Bundle) { b.Consensus[0].Level = assessment.Level(9) }},
		{"consensus target 4 on a weight-2 indicator", func(b *assessment.Bundle) {
			b.Consensus[0].IndicatorID, b.Consensus[0].Target = "GOV.1.2", 4
		}},
		{"consensus set by an unknown user", func(b *assessment.Bundle) { b.Consensus[0].SetBy = 9 }},
		{"team member unknown", func(b *assessment.Bundle) { b.Assessment.Team[2].UserID = 9 }},
		{"two leads", func(b *assessment.Bundle) { b.Assessment.Team[1].Role = assessment.RoleLead }},
		{"last user invalid", func(b *assessment.Bundle) { b.Users[2].Email = "not an address" }},
		{"framework not installed", func(b *assessment.Bundle) { b.Assessment.FrameworkVersion = "9.9.9" }},
	}
	tables := []string{"users", "assessments", "members", "responses", "consensus", "audit_log"}
	counts := func(t *testing.T, db *data.DB) map[string]int {
		out := map[string]int{}
		for _, table := range tables {
			out[table] = count(t, db, `SELECT count(*) FROM `+table)
		}
		return out
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDB(t)
			createUser(t, db, "Eli Outsider", "eli.outsider@example.org")
			before := counts(t, db)
			b := testBundle()
			tt.spoil(b)
			a, err := db.ImportBundle(ctx, 0, b)
			if err == nil {
				t.Fatalf("ImportBundle succeeded: %+v", a)
			}
			if code := assessment.ErrorCode(err); code != assessment.EINVALID && code != assessment.ENOTFOUND {
				t.Errorf("code %q, want invalid or not_found (%v)", code, err)
			}
			if a != nil {
				t.Errorf("ImportBundle returned %+v with its error", a)
			}
			if after := counts(t, db); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("rows after a failed import = %v, want %v", after, before)
			}
		})
	}
}
