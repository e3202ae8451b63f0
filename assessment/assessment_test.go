package assessment

import (
	"slices"
	"testing"
)

func TestCanTransition(t *testing.T) {
	tests := []struct {
		from, to Status
		want     bool
	}{
		{StatusDraft, StatusInReview, true},
		{StatusInReview, StatusValidated, true},
		{StatusValidated, StatusPublished, true},
		{StatusInReview, StatusDraft, true},
		{StatusValidated, StatusInReview, true},
		{StatusDraft, StatusValidated, false},
		{StatusDraft, StatusPublished, false},
		{StatusInReview, StatusPublished, false},
		{StatusValidated, StatusDraft, false},
		{StatusPublished, StatusValidated, false},
		{StatusPublished, StatusDraft, false},
		{StatusPublished, StatusPublished, false},
		{StatusDraft, StatusDraft, false},
		{StatusDraft, "archived", false},
		{"archived", StatusDraft, false},
		{"", StatusDraft, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.from)+"→"+string(tt.to), func(t *testing.T) {
			if got := CanTransition(tt.from, tt.to); got != tt.want {
				t.Errorf("CanTransition(%q, %q) = %v, want %v", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	tests := []struct {
		s        Status
		valid    bool
		editable bool
		label    string
	}{
		{StatusDraft, true, true, "draft"},
		{StatusInReview, true, true, "in review"},
		{StatusValidated, true, false, "validated"},
		{StatusPublished, true, false, "published"},
		{"archived", false, false, "archived"},
	}
	for _, tt := range tests {
		if got := tt.s.Valid(); got != tt.valid {
			t.Errorf("%q.Valid() = %v, want %v", tt.s, got, tt.valid)
		}
		if got := tt.s.Editable(); got != tt.editable {
			t.Errorf("%q.Editable() = %v, want %v", tt.s, got, tt.editable)
		}
		if got := tt.s.Label(); got != tt.label {
			t.Errorf("%q.Label() = %q, want %q", tt.s, got, tt.label)
		}
	}
}

func TestTeamRole(t *testing.T) {
	tests := []struct {
		r      TeamRole
		valid  bool
		scores bool
	}{
		{RoleLead, true, true}, {RoleAssessor, true, true}, {RoleReviewer, true, false}, {"observer", false, false},
	}
	for _, tt := range tests {
		if got := tt.r.Valid(); got != tt.valid {
			t.Errorf("%q.Valid() = %v, want %v", tt.r, got, tt.valid)
		}
		if got := tt.r.Scores(); got != tt.scores {
			t.Errorf("%q.Scores() = %v, want %v", tt.r, got, tt.scores)
		}
	}
}

func TestAssessmentTeam(t *testing.T) {
	a := testAssessment()
	a.Team = []Member{{UserID: 9, Role: RoleAssessor}, {UserID: 4, Role: RoleReviewer}, {UserID: 1, Role: RoleLead}, {UserID: 5, Role: RoleAssessor}}
	var got []int64
	for _, m := range a.Assessors() {
		got = append(got, m.UserID)
	}
	if want := []int64{1, 5, 9}; !slices.Equal(got, want) {
		t.Errorf("Assessors() = %v, want %v", got, want)
	}
	for id, want := range map[int64]TeamRole{1: RoleLead, 4: RoleReviewer, 9: RoleAssessor, 77: ""} {
		if got := a.MemberRole(id); got != want {
			t.Errorf("MemberRole(%d) = %q, want %q", id, got, want)
		}
	}
}

func TestIsAlpha3(t *testing.T) {
	for s, want := range map[string]bool{"XAA": true, "FRA": true, "xaa": false, "XA": false, "XAAA": false, "X1A": false, "": false, "ÄAA": false} {
		if got := IsAlpha3(s); got != want {
			t.Errorf("IsAlpha3(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestProfile(t *testing.T) {
	p := Profile{
		Agencies:        map[string][]string{"BG": {"State Border Service", "Coast Guard"}, "CUS": {" "}, "PIU": {}},
		CriticalPillars: []string{"TRV", "BCP"},
	}
	tests := []struct {
		code string
		want string
		ok   bool
	}{
		{"BG", "State Border Service", true}, {"CUS", "", false}, {"PIU", "", false}, {"NCB", "", false},
	}
	for _, tt := range tests {
		got, ok := p.Institution(tt.code)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Institution(%q) = %q, %v, want %q, %v", tt.code, got, ok, tt.want, tt.ok)
		}
	}
	for pillar, want := range map[string]float64{"TRV": 1.5, "BCP": 1.5, "GOV": 1, "": 1} {
		if got := p.ThreatFactor(pillar); got != want {
			t.Errorf("ThreatFactor(%q) = %v, want %v", pillar, got, want)
		}
	}
	if !(Scope{Modes: []Mode{ModeAir}}).Has(ModeAir) || (Scope{Modes: []Mode{ModeAir}}).Has(ModeSea) {
		t.Errorf("Scope.Has is wrong")
	}
}

func TestAssessmentValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Assessment)
		want []string // field paths, sorted
	}{
		{"valid", func(*Assessment) {}, nil},
		{"valid without a team yet", func(a *Assessment) { a.Team = nil }, nil},
		{"bad alpha-3", func(a *Assessment) { a.State = "xaa" }, []string{"state"}},
		{"two-letter state", func(a *Assessment) { a.State = "XA" }, []string{"state"}},
		{"missing state name", func(a *Assessment) { a.StateName = " " }, []string{"state_name"}},
		{"missing title", func(a *Assessment) { a.Title = "" }, []string{"title"}},
		{"other framework version", func(a *Assessment) { a.FrameworkVersion = "2.0.0" }, []string{"framework"}},
		{"bad status", func(a *Assessment) { a.Status = "archived" }, []string{"status"}},
		{"no modes", func(a *Assessment) { a.Scope.Modes = nil }, []string{"scope.modes"}},
		{"unknown mode", func(a *Assessment) { a.Scope.Modes = []Mode{ModeLand, "space"} }, []string{"scope.modes[1]"}},
		{"repeated mode", func(a *Assessment) { a.Scope.Modes = []Mode{ModeLand, ModeAir, ModeLand} }, []string{"scope.modes[2]"}},
		{"BCPs of an unknown mode", func(a *Assessment) { a.Profile.BCPs = map[Mode]int{"space": 1} }, []string{"profile.bcps.space"}},
		{"negative BCP count", func(a *Assessment) { a.Profile.BCPs = map[Mode]int{ModeAir: -1} }, []string{"profile.bcps.air"}},
		{"unknown role code", func(a *Assessment) { a.Profile.Agencies["PIU"] = []string{"PIU"} }, []string{"profile.agencies.PIU"}},
		{"unknown critical pillar", func(a *Assessment) { a.Profile.CriticalPillars = []string{"AAA", "QQQ"} }, []string{"profile.critical_pillars[1]"}},
		{"two leads", func(a *Assessment) { a.Team[1].Role = RoleLead }, []string{"team"}},
		{"no lead", func(a *Assessment) { a.Team[0].Role = RoleAssessor }, []string{"team"}},
		{"duplicate member", func(a *Assessment) { a.Team = append(a.Team, Member{UserID: 2, Role: RoleReviewer}) }, []string{"team[4]"}},
		{"unknown team role", func(a *Assessment) { a.Team[3].Role = "observer" }, []string{"team[3].role"}},
		{"everything at once", func(a *Assessment) {
			a.State, a.StateName, a.Title = "Xaa", "", ""
			a.Status = "done"
			a.Scope.Modes = []Mode{"boat"}
			a.Profile.Agencies = map[string][]string{"BG": {"SBS"}, "ZZ": {"?"}, "YY": {"?"}}
			a.Profile.CriticalPillars = []string{"QQQ"}
			a.Profile.BCPs = map[Mode]int{ModeLand: -2}
			a.Team = []Member{{UserID: 1, Role: RoleLead}, {UserID: 2, Role: RoleLead}, {UserID: 2, Role: "boss"}}
		}, []string{
			"profile.agencies.YY", "profile.agencies.ZZ", "profile.bcps.land", "profile.critical_pillars[0]",
			"scope.modes[0]", "state", "state_name", "status", "team", "team[2]", "team[2].role", "title",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := testAssessment()
			tt.edit(a)
			err := a.Validate(testFramework())
			if tt.want == nil {
				if err != nil {
					t.Errorf("Validate() = %v, want nil", err)
				}
				return
			}
			if got := ErrorCode(err); got != EINVALID {
				t.Errorf("ErrorCode = %q, want %q (err %v)", got, EINVALID, err)
			}
			if got := sortedFieldNames(ErrorFields(err)); !slices.Equal(got, tt.want) {
				t.Errorf("fields = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAssessmentValidateWithoutFramework(t *testing.T) {
	a := testAssessment()
	a.Profile.Agencies["ZZ"] = []string{"?"}
	a.Profile.CriticalPillars = []string{"QQQ"}
	a.FrameworkID = "other"
	if err := a.Validate(nil); err != nil {
		t.Errorf("Validate(nil) = %v, want nil: framework checks need a framework", err)
	}
}
