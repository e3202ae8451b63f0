package assessment

import "context"

// FrameworkResolver finds an installed framework by id and version. It
// returns ENOTFOUND when that version is not installed.
type FrameworkResolver interface {
	Framework(id, version string) (*Framework, error)
}

// UserStore keeps the people who use bordergap.
type UserStore interface {
	// CreateUser stores u and sets its ID and CreatedAt. EINVALID for a bad
	// record, ECONFLICT when the e-mail address is taken.
	CreateUser(ctx context.Context, actor int64, u *User) error
	// FindUserByID returns ENOTFOUND if there is no such user.
	FindUserByID(ctx context.Context, id int64) (*User, error)
	// FindUserByEmail matches case-insensitively; ENOTFOUND if none.
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	// FindUsers returns every user, by id.
	FindUsers(ctx context.Context) ([]*User, error)
}

// AssessmentFilter narrows FindAssessments; zero fields match everything.
type AssessmentFilter struct {
	State    string
	MemberID int64
	Status   Status
}

// AssessmentStore keeps assessments, their team and their responses.
type AssessmentStore interface {
	// CreateAssessment validates a against its framework, stores it with
	// its team and sets ID, Version and the times. EINVALID, ENOTFOUND (framework).
	CreateAssessment(ctx context.Context, actor int64, a *Assessment) error
	// FindAssessmentByID returns ENOTFOUND if there is no such assessment.
	FindAssessmentByID(ctx context.Context, id int64) (*Assessment, error)
	// FindAssessments returns matching assessments, newest first.
	FindAssessments(ctx context.Context, filter AssessmentFilter) ([]*Assessment, error)
	// SetStatus moves an assessment along its life cycle. EINVALID for a
	// transition CanTransition refuses, ECONFLICT for a stale version.
	SetStatus(ctx context.Context, actor, id int64, version int, to Status) (*Assessment, error)

	// SaveResponses saves responses of one assessment in one transaction:
	// all or nothing. Each response's Version is the version the caller
	// read (0 for a new response). EINVALID lists every invalid field,
	// ECONFLICT names who changed a response and when, EFORBIDDEN when the
	// actor may not answer for that assessor. It returns the saved responses
	// with their new versions.
	SaveResponses(ctx context.Context, actor, assessmentID int64, rs []Response) ([]Response, error)
	// FindResponses returns every response of an assessment, by indicator
	// in framework order, then assessor.
	FindResponses(ctx context.Context, assessmentID int64) ([]Response, error)
	// SaveConsensus records the team's level for indicators; same version
	// rule as SaveResponses. Only the lead may set consensus (EFORBIDDEN).
	SaveConsensus(ctx context.Context, actor, assessmentID int64, cs []Consensus) ([]Consensus, error)
	// FindConsensus returns the consensus records of an assessment.
	FindConsensus(ctx context.Context, assessmentID int64) ([]Consensus, error)
	// ImportBundle stores a whole assessment at once (see Bundle): all or
	// nothing.
	ImportBundle(ctx context.Context, actor int64, b *Bundle) (*Assessment, error)
	// FindAudit returns the audit log of an assessment (0: all), oldest first.
	FindAudit(ctx context.Context, assessmentID int64) ([]AuditEntry, error)
}

// Bundle is a whole assessment as exchanged in a portable file. Users carry
// local ids (1, 2, ...) that the team, the responses and the consensus
// refer to; on import they are matched to existing users by e-mail or
// created.
type Bundle struct {
	Assessment Assessment
	Users      []User
	Responses  []Response
	Consensus  []Consensus
}

// PlanStore keeps the lead assessor's adjustments to a generated plan.
type PlanStore interface {
	// SaveAdjustment stores one adjustment; Version is the version read (0
	// for a new one). EINVALID, EFORBIDDEN (not the lead), ECONFLICT.
	SaveAdjustment(ctx context.Context, actor int64, x Adjustment) (Adjustment, error)
	// FindAdjustments returns the adjustments of an assessment by action id.
	FindAdjustments(ctx context.Context, assessmentID int64) ([]Adjustment, error)
}
