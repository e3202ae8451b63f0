package portable_test

import (
	"bytes"
	"flag"
	"os"
	"reflect"
	"testing"
	"time"

	"bordergap/assessment"
	"bordergap/assessment/portable"
)

var update = flag.Bool("update", false, "rewrite testdata/export.golden.json")

var exportedAt = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// fixedAssessment is a small assessment of Xanadia (XAA, land and sea
// borders) as the store would return it, with every kind of value the file
// carries.
func fixedAssessment() (*assessment.Assessment, []*assessment.User, []assessment.Response, []assessment.Consensus) {
	at := func(day, hour int) time.Time { return time.Date(2026, 2, day, hour, 0, 0, 0, time.UTC) }
	users := []*assessment.User{
		{ID: 11, Name: "Ada Lead", Email: "ada.lead@example.org", Organisation: "Example Consulting", Role: assessment.UserConsultant},
		{ID: 12, Name: "Ben Assessor", Email: "ben.assessor@example.org", Organisation: "Xanadia Ministry of Interior", Role: assessment.UserMinistry, Country: "XAA"},
		{ID: 13, Name: "Dara Reviewer", Email: "dara.reviewer@example.org", Role: assessment.UserConsultant},
		{ID: 14, Name: "Eli Outsider", Email: "eli.outsider@example.org", Role: assessment.UserDonor}, // not in the file
	}
	a := &assessment.Assessment{
		ID: 7, State: "XAA", StateName: "Xanadia", Title: "Xanadia baseline",
		FrameworkID: "ibm-default", FrameworkVersion: "0.1.0", Status: assessment.StatusInReview,
		Scope: assessment.Scope{Modes: []assessment.Mode{assessment.ModeLand, assessment.ModeSea}},
		Profile: assessment.Profile{
			CoordinationBody: "Xanadia IBM Board",
			BCPs:             map[assessment.Mode]int{assessment.ModeSea: 2, assessment.ModeLand: 9},
			LandBorderKm:     1204, CoastlineKm: 310,
			Neighbours:      []string{"Yonderland", "Zembla"},
			Agencies:        map[string][]string{"CUS": {"Xanadia Customs", "Port Authority"}, "BG": {"Xanadia Border Guard"}},
			CriticalPillars: []string{"SUR"},
			Context:         "Fictional state for tests.\nOne port, two land neighbours.",
			StrategyStart:   2027,
		},
		Team: []assessment.Member{
			{UserID: 11, Role: assessment.RoleLead, Name: "Ada Lead"},
			{UserID: 12, Role: assessment.RoleAssessor},
			{UserID: 13, Role: assessment.RoleReviewer},
		},
		Round: 1, StartedOn: "2026-02-16", Version: 5,
		CreatedAt: at(16, 8), UpdatedAt: at(20, 17),
	}
	rs := []assessment.Response{
		{AssessmentID: 7, IndicatorID: "GOV.1.1", AssessorID: 11, Level: 2, Target: 4, Confidence: assessment.ConfidenceHigh,
			Note: "Strategy adopted \"on paper\" in 2024;\nno budget line — see §4 ✓ <b>", Sources: []string{"IBM strategy 2024", "Interview, Border Guard HQ"},
			Version: 3, UpdatedBy: 11, UpdatedAt: at(18, 10)},
		{AssessmentID: 7, IndicatorID: "GOV.1.1", AssessorID: 12, Level: 3, Target: assessment.Unscored, Confidence: assessment.ConfidenceMedium,
			Sources: []string{}, Version: 1, UpdatedBy: 11, UpdatedAt: at(18, 11)},
		{AssessmentID: 7, IndicatorID: "GOV.1.2", AssessorID: 12, Level: 1, Target: 3, RightsConcern: true,
			Version: 2, UpdatedBy: 12, UpdatedAt: at(18, 12)},
		{AssessmentID: 7, IndicatorID: "GOV.1.3", AssessorID: 12, Level: assessment.Unscored, Target: assessment.Unscored,
			Note: "to do", Version: 1, UpdatedBy: 12, UpdatedAt: at(18, 13)},
		{AssessmentID: 7, IndicatorID: "TRV.1.1", AssessorID: 12, Level: assessment.NA, Target: assessment.Unscored,
			Confidence: assessment.ConfidenceLow, Version: 1, UpdatedBy: 12, UpdatedAt: at(18, 14)},
	}
	cs := []assessment.Consensus{
		{AssessmentID: 7, IndicatorID: "GOV.1.1", Level: 2, Target: 4, Comment: "agreed after the workshop", Version: 2, SetBy: 11, SetAt: at(20, 17)},
		{AssessmentID: 7, IndicatorID: "TRV.1.1", Level: assessment.NA, Target: assessment.Unscored, Version: 1, SetBy: 11, SetAt: at(20, 17)},
	}
	return a, users, rs, cs
}

func TestEncodeGolden(t *testing.T) {
	a, users, rs, cs := fixedAssessment()
	var buf bytes.Buffer
	// A time zone other than UTC: the file holds UTC times.
	if err := portable.Encode(&buf, a, users, rs, cs, exportedAt.In(time.FixedZone("XAA", 3*3600))); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/export.golden.json"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := readFile(t, golden)
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("Encode differs from %s (run go test -update to rewrite it):\n%s", golden, buf.Bytes())
	}

	// The golden file reads back into the same values (with local user ids).
	b := decode(t, want)
	if len(b.Users) != 3 {
		t.Fatalf("users = %+v, want Ada, Ben and Dara (Eli is on nothing)", b.Users)
	}
	local := map[int64]int64{11: 1, 12: 2, 13: 3}
	for i, r := range rs {
		r.AssessmentID, r.AssessorID, r.UpdatedBy = 0, local[r.AssessorID], local[r.UpdatedBy]
		if len(r.Sources) == 0 {
			r.Sources = nil
		}
		if !reflect.DeepEqual(b.Responses[i], r) {
			t.Errorf("responses[%d] = %+v,\nwant %+v", i, b.Responses[i], r)
		}
	}
	for i, c := range cs {
		c.AssessmentID, c.SetBy = 0, local[c.SetBy]
		if !reflect.DeepEqual(b.Consensus[i], c) {
			t.Errorf("consensus[%d] = %+v,\nwant %+v", i, b.Consensus[i], c)
		}
	}
	if !reflect.DeepEqual(b.Assessment.Profile, a.Profile) || !reflect.DeepEqual(b.Assessment.Scope, a.Scope) {
		t.Errorf("profile or scope changed: %+v %+v", b.Assessment.Profile, b.Assessment.Scope)
	}
}

func TestEncodeMissingUser(t *testing.T) {
	a, users, rs, cs := fixedAssessment()
	for _, drop := range []int64{11, 12, 13} {
		var some []*assessment.User
		for _, u := range users {
			if u.ID != drop {
				some = append(some, u)
			}
		}
		var buf bytes.Buffer
		err := portable.Encode(&buf, a, some, rs, cs, exportedAt)
		if assessment.ErrorCode(err) != assessment.EINTERNAL {
			t.Errorf("user %d missing: err = %v, want an internal error", drop, err)
		}
	}
}

func TestDecodeValid(t *testing.T) {
	b := decode(t, readFile(t, "testdata/valid.json"))
	a := b.Assessment
	if a.FrameworkID != "ibm-default" || a.FrameworkVersion != "0.1.0" || a.State != "XAB" || a.StateName != "Yonderland" ||
		a.Status != assessment.StatusInReview || a.Round != 1 || a.StartedOn != "2026-02-16" {
		t.Errorf("assessment = %+v", a)
	}
	wantProfile := assessment.Profile{
		CoordinationBody: "Yonderland Border Council",
		BCPs:             map[assessment.Mode]int{assessment.ModeLand: 4, assessment.ModeSea: 1},
		LandBorderKm:     812, CoastlineKm: 97,
		Neighbours:      []string{"Xanadia", "Zembla"},
		Agencies:        map[string][]string{"BG": {"Yonderland Frontier Service"}, "CUS": {"Yonderland Revenue and Customs", "Port of Yon"}},
		CriticalPillars: []string{"SUR"},
		Context:         "Fictional state used in tests.\nTwo land neighbours, one port.",
		StrategyStart:   2027,
	}
	if !reflect.DeepEqual(a.Profile, wantProfile) {
		t.Errorf("profile = %+v,\nwant %+v", a.Profile, wantProfile)
	}
	if !a.CreatedAt.Equal(time.Date(2026, 2, 16, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("created_at = %v", a.CreatedAt)
	}

	wantUsers := []assessment.User{
		{ID: 1, Name: "Ada Lead", Email: "ada.lead@example.org", Role: assessment.UserConsultant},
		{ID: 2, Name: "Ben Assessor", Email: "Ben.Assessor@Example.org", Organisation: "Yonderland Ministry of Interior", Role: assessment.UserMinistry, Country: "XAB"},
		{ID: 3, Name: "Dara Reviewer", Email: "dara.reviewer@example.org", Role: assessment.UserConsultant},
	}
	if !reflect.DeepEqual(b.Users, wantUsers) {
		t.Errorf("users = %+v,\nwant %+v", b.Users, wantUsers)
	}
	wantTeam := []assessment.Member{{UserID: 1, Role: assessment.RoleLead}, {UserID: 2, Role: assessment.RoleAssessor}, {UserID: 3, Role: assessment.RoleReviewer}}
	if !reflect.DeepEqual(a.Team, wantTeam) {
		t.Errorf("team = %+v, want %+v (e-mail addresses match case-insensitively)", a.Team, wantTeam)
	}

	type short struct {
		indicator        string
		assessor, by     int64
		level, target    assessment.Level
		version          int
		rights           bool
		updatedAt        time.Time
		confidence       assessment.Confidence
		sources, hasNote bool
	}
	var got []short
	for _, r := range b.Responses {
		got = append(got, short{r.IndicatorID, r.AssessorID, r.UpdatedBy, r.Level, r.Target, r.Version, r.RightsConcern, r.UpdatedAt.UTC(), r.Confidence, len(r.Sources) > 0, r.Note != ""})
	}
	day18 := func(h int) time.Time { return time.Date(2026, 2, 18, h, 0, 0, 0, time.UTC) }
	want := []short{
		{"GOV.1.1", 1, 1, 2, 4, 1, false, day18(10), "H", true, true},
		{"GOV.1.1", 2, 2, 3, assessment.Unscored, 2, false, day18(11), "M", false, false}, // level "3"
		{"GOV.1.2", 2, 1, 1, assessment.Unscored, 1, true, day18(12), "", false, false},
		{"TRV.1.1", 2, 2, assessment.NA, assessment.Unscored, 1, false, day18(13), "", false, false}, // "NA", 14:00+01:00
		{"GOV.1.3", 1, 1, assessment.Unscored, assessment.Unscored, 1, false, time.Date(2026, 2, 19, 9, 0, 0, 0, time.UTC), "", false, false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("responses =\n%+v\nwant\n%+v", got, want)
	}
	if n := b.Responses[0].Note; n != "Strategy adopted \"on paper\" in 2024;\nno budget line — see §4 ✓" {
		t.Errorf("note = %q", n)
	}
	if len(b.Consensus) != 2 || b.Consensus[1].Level != assessment.NA || b.Consensus[1].Version != 3 || b.Consensus[0].Target != 3 || b.Consensus[0].SetBy != 1 {
		t.Errorf("consensus = %+v", b.Consensus)
	}
}
