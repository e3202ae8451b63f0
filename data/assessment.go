package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"bordergap/assessment"
)

var _ assessment.AssessmentStore = (*DB)(nil)

const assessmentColumns = `id, state, state_name, title, framework_id, framework_version, status, scope, profile,
	coalesce(baseline_id, 0), round, started_on, version, created_at, updated_at`

func scanAssessment(row interface{ Scan(...any) error }) (*assessment.Assessment, error) {
	var a assessment.Assessment
	var scope, profile, created, updated string
	if err := row.Scan(&a.ID, &a.State, &a.StateName, &a.Title, &a.FrameworkID, &a.FrameworkVersion, &a.Status,
		&scope, &profile, &a.BaselineID, &a.Round, &a.StartedOn, &a.Version, &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(scope), &a.Scope); err != nil {
		return nil, fmt.Errorf("assessment %d: scope: %w", a.ID, err)
	}
	if err := json.Unmarshal([]byte(profile), &a.Profile); err != nil {
		return nil, fmt.Errorf("assessment %d: profile: %w", a.ID, err)
	}
	a.CreatedAt, a.UpdatedAt = parseTime(created), parseTime(updated)
	return &a, nil
}

func (db *DB) framework(a *assessment.Assessment) (*assessment.Framework, error) {
	if db.frameworks == nil {
		return nil, assessment.Internal(fmt.Errorf("data: no framework resolver"))
	}
	return db.frameworks.Framework(a.FrameworkID, a.FrameworkVersion)
}

// CreateAssessment implements assessment.AssessmentStore.
func (db *DB) CreateAssessment(ctx context.Context, actor int64, a *assessment.Assessment) error {
	f, err := db.framework(a)
	if err != nil {
		return err
	}
	if a.Status == "" {
		a.Status = assessment.StatusDraft
	}
	if a.Round == 0 {
		a.Round = 1
	}
	if err := a.Validate(f); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error { return db.insertAssessment(ctx, tx, actor, a, "create") })
}

func (db *DB) insertAssessment(ctx context.Context, tx *sql.Tx, actor int64, a *assessment.Assessment, action string) error {
	now := db.Now()
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = now
	}
	if a.Version == 0 {
		a.Version = 1
	}
	scope, _ := json.Marshal(a.Scope)
	profile, _ := json.Marshal(a.Profile)
	var baseline any
	if a.BaselineID > 0 {
		baseline = a.BaselineID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO assessments (state, state_name, title, framework_id, framework_version,
		status, scope, profile, baseline_id, round, started_on, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.State, a.StateName, a.Title, a.FrameworkID, a.FrameworkVersion, a.Status, string(scope), string(profile),
		baseline, a.Round, a.StartedOn, a.Version, formatTime(a.CreatedAt), formatTime(a.UpdatedAt))
	if err != nil {
		return err
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	for i := range a.Team {
		m := &a.Team[i]
		if err := tx.QueryRowContext(ctx, `SELECT name, email FROM users WHERE id = ?`, m.UserID).Scan(&m.Name, &m.Email); err != nil {
			if err == sql.ErrNoRows {
				return assessment.Invalid("invalid team", assessment.FieldError{Field: fmt.Sprintf("team[%d].user_id", i), Message: fmt.Sprintf("no user with id %d", m.UserID)})
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO members (assessment_id, user_id, role) VALUES (?, ?, ?)`, a.ID, m.UserID, m.Role); err != nil {
			return err
		}
	}
	b, _ := json.Marshal(a)
	return db.audit(ctx, tx, now, actor, a.ID, "assessment", fmt.Sprint(a.ID), action, "", string(b))
}

func (db *DB) loadTeam(ctx context.Context, tx *sql.Tx, a *assessment.Assessment) error {
	rows, err := tx.QueryContext(ctx, `SELECT m.user_id, m.role, u.name, u.email FROM members m JOIN users u ON u.id = m.user_id
		WHERE m.assessment_id = ? ORDER BY CASE m.role WHEN 'lead' THEN 0 WHEN 'assessor' THEN 1 ELSE 2 END, m.user_id`, a.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	a.Team = nil
	for rows.Next() {
		var m assessment.Member
		if err := rows.Scan(&m.UserID, &m.Role, &m.Name, &m.Email); err != nil {
			return err
		}
		a.Team = append(a.Team, m)
	}
	return rows.Err()
}

func (db *DB) findAssessment(ctx context.Context, tx *sql.Tx, id int64) (*assessment.Assessment, error) {
	a, err := scanAssessment(tx.QueryRowContext(ctx, `SELECT `+assessmentColumns+` FROM assessments WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, assessment.Errorf(assessment.ENOTFOUND, "assessment %d not found", id)
	}
	if err != nil {
		return nil, err
	}
	return a, db.loadTeam(ctx, tx, a)
}

// FindAssessmentByID implements assessment.AssessmentStore.
func (db *DB) FindAssessmentByID(ctx context.Context, id int64) (*assessment.Assessment, error) {
	var a *assessment.Assessment
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		a, err = db.findAssessment(ctx, tx, id)
		return err
	})
	return a, err
}

// FindAssessments implements assessment.AssessmentStore.
func (db *DB) FindAssessments(ctx context.Context, filter assessment.AssessmentFilter) ([]*assessment.Assessment, error) {
	var out []*assessment.Assessment
	err := db.read(ctx, func(tx *sql.Tx) error {
		var where []string
		var args []any
		if filter.State != "" {
			where, args = append(where, "state = ?"), append(args, filter.State)
		}
		if filter.Status != "" {
			where, args = append(where, "status = ?"), append(args, filter.Status)
		}
		if filter.MemberID > 0 {
			where, args = append(where, "id IN (SELECT assessment_id FROM members WHERE user_id = ?)"), append(args, filter.MemberID)
		}
		q := `SELECT ` + assessmentColumns + ` FROM assessments`
		if len(where) > 0 {
			q += " WHERE " + strings.Join(where, " AND ")
		}
		rows, err := tx.QueryContext(ctx, q+` ORDER BY id DESC`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			a, err := scanAssessment(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, a := range out {
			if err := db.loadTeam(ctx, tx, a); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// SetStatus implements assessment.AssessmentStore.
func (db *DB) SetStatus(ctx context.Context, actor, id int64, version int, to assessment.Status) (*assessment.Assessment, error) {
	var a *assessment.Assessment
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		if a, err = db.findAssessment(ctx, tx, id); err != nil {
			return err
		}
		if a.Version != version {
			return assessment.Errorf(assessment.ECONFLICT, "assessment %d was changed at %s (version %d, you had %d); reload it",
				id, a.UpdatedAt.Format("2006-01-02 15:04 MST"), a.Version, version)
		}
		if !assessment.CanTransition(a.Status, to) {
			return assessment.Errorf(assessment.EINVALID, "an assessment cannot go from %s to %s", a.Status.Label(), to.Label())
		}
		old := a.Status
		a.Status, a.Version, a.UpdatedAt = to, a.Version+1, db.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE assessments SET status = ?, version = ?, updated_at = ? WHERE id = ?`,
			a.Status, a.Version, formatTime(a.UpdatedAt), id); err != nil {
			return err
		}
		return db.audit(ctx, tx, a.UpdatedAt, actor, id, "assessment", fmt.Sprint(id), "status",
			fmt.Sprintf(`{"status":%q}`, old), fmt.Sprintf(`{"status":%q}`, to))
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// UpdateAssessment saves the editable fields of an assessment (title, state
// name, scope, profile with the agency mapping, team, mission start) while
// it is a draft or in review. a.Version is the version read; a stale one is
// a conflict. Only the lead may do it.
func (db *DB) UpdateAssessment(ctx context.Context, actor int64, a *assessment.Assessment) error {
	f, err := db.framework(a)
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		old, err := db.findAssessment(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if old.MemberRole(actor) != assessment.RoleLead {
			return assessment.Errorf(assessment.EFORBIDDEN, "only the lead assessor changes assessment %d", a.ID)
		}
		if old.Version != a.Version {
			return assessment.Errorf(assessment.ECONFLICT, "assessment %d was changed at %s (version %d, you had %d); reload it",
				a.ID, old.UpdatedAt.Format("2006-01-02 15:04 MST"), old.Version, a.Version)
		}
		if !old.Status.Editable() {
			return assessment.Errorf(assessment.EINVALID, "assessment %d is %s and can no longer change", a.ID, old.Status.Label())
		}
		// What the form may not change stays as stored.
		a.State, a.FrameworkID, a.FrameworkVersion, a.Status = old.State, old.FrameworkID, old.FrameworkVersion, old.Status
		a.BaselineID, a.Round, a.CreatedAt = old.BaselineID, old.Round, old.CreatedAt
		if err := a.Validate(f); err != nil {
			return err
		}
		// A member who has responses cannot be removed from the team.
		for _, m := range old.Team {
			if a.MemberRole(m.UserID) == "" {
				var n int
				if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM responses WHERE assessment_id = ? AND assessor_id = ?`, a.ID, m.UserID).Scan(&n); err != nil {
					return err
				}
				if n > 0 {
					return assessment.Invalid("invalid team", assessment.FieldError{Field: "team", Message: fmt.Sprintf("%s has %d responses and cannot be removed", m.Name, n)})
				}
			}
		}
		a.Version, a.UpdatedAt = old.Version+1, db.Now()
		scope, _ := json.Marshal(a.Scope)
		profile, _ := json.Marshal(a.Profile)
		if _, err := tx.ExecContext(ctx, `UPDATE assessments SET state_name = ?, title = ?, scope = ?, profile = ?, started_on = ?,
			version = ?, updated_at = ? WHERE id = ?`, a.StateName, a.Title, string(scope), string(profile), a.StartedOn,
			a.Version, formatTime(a.UpdatedAt), a.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM members WHERE assessment_id = ?`, a.ID); err != nil {
			return err
		}
		for i := range a.Team {
			m := &a.Team[i]
			if err := tx.QueryRowContext(ctx, `SELECT name, email FROM users WHERE id = ?`, m.UserID).Scan(&m.Name, &m.Email); err != nil {
				if err == sql.ErrNoRows {
					return assessment.Invalid("invalid team", assessment.FieldError{Field: fmt.Sprintf("team[%d].user_id", i), Message: fmt.Sprintf("no user with id %d", m.UserID)})
				}
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO members (assessment_id, user_id, role) VALUES (?, ?, ?)`, a.ID, m.UserID, m.Role); err != nil {
				return err
			}
		}
		ob, _ := json.Marshal(old)
		nb, _ := json.Marshal(a)
		return db.audit(ctx, tx, a.UpdatedAt, actor, a.ID, "assessment", fmt.Sprint(a.ID), "update", string(ob), string(nb))
	})
}
