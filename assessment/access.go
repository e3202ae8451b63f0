package assessment

// Permission is something a person may do with an assessment.
type Permission string

// The permissions the web application and the API check.
const (
	PermView           Permission = "view"            // scorecard, plan, documents (public edition)
	PermViewRestricted Permission = "view_restricted" // restricted findings, restricted edition
	PermQuestionnaire  Permission = "questionnaire"   // see the questionnaire and team responses
	PermScore          Permission = "score"           // save one's own responses
	PermReview         Permission = "review"          // see the review page (spreads, all notes)
	PermConsensus      Permission = "consensus"       // set consensus, move the status
	PermEdit           Permission = "edit"            // profile, agency mapping, scope, team
	PermAdjustPlan     Permission = "adjust_plan"     // priority, owner, dates, cost, funding, text
	PermImplementation Permission = "implementation"  // update the implementation status of actions
	PermAudit          Permission = "audit"           // read the audit log
)

// Can reports whether user u may do p with assessment a (DESIGN.md
// "Sensitive by default"). Administrators run the platform: they may read
// every assessment and its audit log, but they do not score, reconcile,
// edit or plan on a team's behalf — that is the team's work and the store
// refuses it too. Team members act by role: the lead does everything, assessors score, reviewers read and
// comment. A ministry focal point sees the published assessments of their own
// country, in both editions, and updates the implementation status of their
// actions. Donors see nothing until a country shares with them (a later
// release). Disabled users may do nothing.
func Can(u *User, a *Assessment, p Permission) bool {
	if u == nil || a == nil || u.Disabled {
		return false
	}
	if u.Role == UserAdmin && a.MemberRole(u.ID) == "" {
		switch p {
		case PermView, PermViewRestricted, PermQuestionnaire, PermReview, PermAudit:
			return true
		}
		return false
	}
	switch role := a.MemberRole(u.ID); role {
	case RoleLead:
		return true
	case RoleAssessor:
		switch p {
		case PermView, PermViewRestricted, PermQuestionnaire, PermScore, PermReview:
			return true
		}
		return false
	case RoleReviewer:
		switch p {
		case PermView, PermViewRestricted, PermQuestionnaire, PermReview:
			return true
		}
		return false
	}
	if u.Role == UserMinistry && u.Country == a.State && a.Status == StatusPublished {
		switch p {
		case PermView, PermViewRestricted, PermImplementation:
			return true
		}
	}
	return false
}

// CanCreateAssessment reports whether u may start a new assessment (and
// become its lead).
func CanCreateAssessment(u *User) bool {
	return u != nil && !u.Disabled && (u.Role == UserAdmin || u.Role == UserConsultant)
}

// Visible reports whether u may know that the assessment exists; callers
// answer "not found" otherwise, so that guessed ids leak nothing.
func Visible(u *User, a *Assessment) bool { return Can(u, a, PermView) }
