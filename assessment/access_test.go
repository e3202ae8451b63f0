package assessment

import "testing"

func TestCan(t *testing.T) {
	lead := &User{ID: 1, Role: UserConsultant}
	assessor := &User{ID: 2, Role: UserConsultant}
	reviewer := &User{ID: 3, Role: UserConsultant}
	outsider := &User{ID: 4, Role: UserConsultant}
	admin := &User{ID: 5, Role: UserAdmin}
	ministry := &User{ID: 6, Role: UserMinistry, Country: "XAA"}
	otherMinistry := &User{ID: 7, Role: UserMinistry, Country: "XAB"}
	donor := &User{ID: 8, Role: UserDonor}
	disabled := &User{ID: 1, Role: UserConsultant, Disabled: true}
	team := []Member{{UserID: 1, Role: RoleLead}, {UserID: 2, Role: RoleAssessor}, {UserID: 3, Role: RoleReviewer}}
	draft := &Assessment{State: "XAA", Status: StatusInReview, Team: team}
	published := &Assessment{State: "XAA", Status: StatusPublished, Team: team}

	all := []Permission{PermView, PermViewRestricted, PermQuestionnaire, PermScore, PermReview, PermConsensus, PermEdit, PermAdjustPlan, PermImplementation, PermAudit}
	set := func(ps ...Permission) map[Permission]bool {
		m := map[Permission]bool{}
		for _, p := range ps {
			m[p] = true
		}
		return m
	}
	tests := []struct {
		name string
		u    *User
		a    *Assessment
		want map[Permission]bool
	}{
		{"lead", lead, draft, set(all...)},
		{"assessor", assessor, draft, set(PermView, PermViewRestricted, PermQuestionnaire, PermScore, PermReview)},
		{"reviewer", reviewer, draft, set(PermView, PermViewRestricted, PermQuestionnaire, PermReview)},
		{"outsider", outsider, draft, set()},
		{"admin reads but does not act", admin, draft, set(PermView, PermViewRestricted, PermQuestionnaire, PermReview, PermAudit)},
		{"ministry before publication", ministry, draft, set()},
		{"ministry of the state, published", ministry, published, set(PermView, PermViewRestricted, PermImplementation)},
		{"ministry of another state", otherMinistry, published, set()},
		{"donor", donor, published, set()},
		{"disabled lead", disabled, draft, set()},
		{"nobody", nil, draft, set()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, p := range all {
				if got := Can(tt.u, tt.a, p); got != tt.want[p] {
					t.Errorf("Can(%s) = %v, want %v", p, got, tt.want[p])
				}
			}
			if got, want := Visible(tt.u, tt.a), tt.want[PermView]; got != want {
				t.Errorf("Visible = %v, want %v", got, want)
			}
		})
	}
	for _, u := range []*User{lead, admin} {
		if !CanCreateAssessment(u) {
			t.Errorf("CanCreateAssessment(%s) = false", u.Role)
		}
	}
	for _, u := range []*User{ministry, donor, disabled, nil} {
		if CanCreateAssessment(u) {
			t.Errorf("CanCreateAssessment(%v) = true", u)
		}
	}
}
