package assessment

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Status is the life-cycle state of an assessment.
type Status string

// The statuses, in order: draft → in review → validated → published.
const (
	StatusDraft     Status = "draft"
	StatusInReview  Status = "in_review"
	StatusValidated Status = "validated"
	StatusPublished Status = "published"
)

// Statuses lists the statuses in life-cycle order.
var Statuses = []Status{StatusDraft, StatusInReview, StatusValidated, StatusPublished}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if v == s {
			return true
		}
	}
	return false
}

// Label is the human form of the status.
func (s Status) Label() string {
	switch s {
	case StatusInReview:
		return "in review"
	}
	return string(s)
}

// CanTransition reports whether an assessment may move from one status to
// another: one step forward, or one step back to reopen, except that a
// published assessment is final (a follow-up is a new assessment).
func CanTransition(from, to Status) bool {
	pos := func(s Status) int {
		for i, v := range Statuses {
			if v == s {
				return i
			}
		}
		return -1
	}
	f, t := pos(from), pos(to)
	if f < 0 || t < 0 || from == StatusPublished {
		return false
	}
	return t == f+1 || t == f-1
}

// Editable reports whether responses may still be changed in this status.
func (s Status) Editable() bool { return s == StatusDraft || s == StatusInReview }

// TeamRole is a person's role in one assessment.
type TeamRole string

// The team roles.
const (
	RoleLead     TeamRole = "lead"
	RoleAssessor TeamRole = "assessor"
	RoleReviewer TeamRole = "reviewer"
)

// Valid reports whether r is a known team role.
func (r TeamRole) Valid() bool { return r == RoleLead || r == RoleAssessor || r == RoleReviewer }

// Scores reports whether the role submits scores (lead assessors score too).
func (r TeamRole) Scores() bool { return r == RoleLead || r == RoleAssessor }

// Member is a person on an assessment team.
type Member struct {
	UserID int64    `json:"user_id"`
	Role   TeamRole `json:"role"`
	// Name and Email are filled by the store for display.
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
}

// Scope says which modes and border types exist in the assessed state; an
// indicator restricted to an absent mode is N/A.
type Scope struct {
	Modes []Mode `json:"modes"`
}

// Has reports whether the scope includes the mode.
func (s Scope) Has(m Mode) bool {
	for _, v := range s.Modes {
		if v == m {
			return true
		}
	}
	return false
}

// Profile describes the assessed state: border facts and the mapping of
// agency role codes to national institutions.
type Profile struct {
	// CoordinationBody is the national IBM coordination body's name.
	CoordinationBody string `json:"coordination_body,omitempty"`
	// BCPs counts official border crossing points by mode.
	BCPs map[Mode]int `json:"bcps,omitempty"`
	// LandBorderKm and CoastlineKm are border lengths.
	LandBorderKm int `json:"land_border_km,omitempty"`
	CoastlineKm  int `json:"coastline_km,omitempty"`
	// Neighbours lists neighbouring states by name.
	Neighbours []string `json:"neighbours,omitempty"`
	// Agencies maps a role code to one or more national institutions.
	Agencies map[string][]string `json:"agencies,omitempty"`
	// CriticalPillars are pillars the risk profile marks as critical; their
	// threat factor is 1.5.
	CriticalPillars []string `json:"critical_pillars,omitempty"`
	// Context is a free-text situation summary (threat picture, traffic).
	Context string `json:"context,omitempty"`
	// StrategyStart is the first year of the strategy period.
	StrategyStart int `json:"strategy_start,omitempty"`
}

// Institution returns the first national institution mapped to a role code.
func (p Profile) Institution(code string) (string, bool) {
	names := p.Agencies[code]
	if len(names) == 0 || strings.TrimSpace(names[0]) == "" {
		return "", false
	}
	return names[0], true
}

// ThreatFactor returns 1.5 for a critical pillar and 1.0 otherwise.
func (p Profile) ThreatFactor(pillar string) float64 {
	for _, c := range p.CriticalPillars {
		if c == pillar {
			return 1.5
		}
	}
	return 1.0
}

// Assessment is one assessment of one state, pinned to a framework version.
type Assessment struct {
	ID               int64    `json:"id"`
	State            string   `json:"state"` // ISO 3166-1 alpha-3
	StateName        string   `json:"state_name"`
	Title            string   `json:"title"`
	FrameworkID      string   `json:"framework_id"`
	FrameworkVersion string   `json:"framework_version"`
	Status           Status   `json:"status"`
	Scope            Scope    `json:"scope"`
	Profile          Profile  `json:"profile"`
	Team             []Member `json:"team"`
	// BaselineID is the assessment this one follows up, if any.
	BaselineID int64 `json:"baseline_id,omitempty"`
	// Round numbers successive assessments of a state (1 = baseline).
	Round     int       `json:"round"`
	StartedOn string    `json:"started_on,omitempty"` // YYYY-MM-DD, mission start
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// MemberRole returns the role of a user on the team, or "" if not a member.
func (a *Assessment) MemberRole(userID int64) TeamRole {
	for _, m := range a.Team {
		if m.UserID == userID {
			return m.Role
		}
	}
	return ""
}

// Assessors returns the team members who score, sorted by user id.
func (a *Assessment) Assessors() []Member {
	var out []Member
	for _, m := range a.Team {
		if m.Role.Scores() {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UserID < out[j].UserID })
	return out
}

// IsAlpha3 reports whether s looks like an ISO 3166-1 alpha-3 code: three
// upper-case ASCII letters. User-assigned codes (XAA–XZZ) are accepted, as
// demo and test data must use them.
func IsAlpha3(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// Validate checks an assessment against its framework and returns every
// problem at once, with field paths.
func (a *Assessment) Validate(f *Framework) error {
	var errs []FieldError
	add := func(field, format string, args ...any) {
		errs = append(errs, FieldError{field, fmt.Sprintf(format, args...)})
	}
	if !IsAlpha3(a.State) {
		add("state", "%q is not an ISO 3166-1 alpha-3 code (three capital letters, e.g. XAA)", a.State)
	}
	if strings.TrimSpace(a.StateName) == "" {
		add("state_name", "is required")
	}
	if strings.TrimSpace(a.Title) == "" {
		add("title", "is required")
	}
	if f != nil && (a.FrameworkID != f.ID || a.FrameworkVersion != f.Version) {
		add("framework", "assessment is pinned to %s@%s, not %s", a.FrameworkID, a.FrameworkVersion, f.Key())
	}
	if !a.Status.Valid() {
		add("status", "%q is not a status: want draft, in_review, validated or published", a.Status)
	}
	if len(a.Scope.Modes) == 0 {
		add("scope.modes", "at least one mode (air, sea, land, rail) is required")
	}
	seenMode := map[Mode]bool{}
	for i, m := range a.Scope.Modes {
		if _, ok := ParseMode(string(m)); !ok || seenMode[m] {
			add(fmt.Sprintf("scope.modes[%d]", i), "%q is not a mode or is repeated: want air, sea, land or rail", m)
		}
		seenMode[m] = true
	}
	for m, n := range a.Profile.BCPs {
		if _, ok := ParseMode(string(m)); !ok {
			add("profile.bcps."+string(m), "not a mode: want air, sea, land or rail")
		} else if n < 0 {
			add("profile.bcps."+string(m), "count must not be negative")
		}
	}
	if f != nil {
		for code := range a.Profile.Agencies {
			if f.Role(code) == nil {
				add("profile.agencies."+code, "unknown role code %q", code)
			}
		}
		for i, p := range a.Profile.CriticalPillars {
			if f.Pillar(p) == nil {
				add(fmt.Sprintf("profile.critical_pillars[%d]", i), "unknown pillar %q", p)
			}
		}
	}
	leads := 0
	seen := map[int64]bool{}
	for i, m := range a.Team {
		if !m.Role.Valid() {
			add(fmt.Sprintf("team[%d].role", i), "%q is not a team role: want lead, assessor or reviewer", m.Role)
		}
		if m.Role == RoleLead {
			leads++
		}
		if seen[m.UserID] {
			add(fmt.Sprintf("team[%d]", i), "user %d is on the team twice", m.UserID)
		}
		seen[m.UserID] = true
	}
	if len(a.Team) > 0 && leads != 1 {
		add("team", "exactly one lead assessor is required, found %d", leads)
	}
	if len(errs) > 0 {
		return Invalid("invalid assessment", errs...)
	}
	return nil
}
