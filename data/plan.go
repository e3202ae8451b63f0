package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"bordergap/assessment"
)

var _ assessment.PlanStore = (*DB)(nil)

// SaveAdjustment implements assessment.PlanStore.
func (db *DB) SaveAdjustment(ctx context.Context, actor int64, x assessment.Adjustment) (assessment.Adjustment, error) {
	if errs := x.Validate(); len(errs) > 0 {
		return x, assessment.Invalid("invalid adjustment", errs...)
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		a, err := db.findAssessment(ctx, tx, x.AssessmentID)
		if err != nil {
			return err
		}
		if a.MemberRole(actor) != assessment.RoleLead {
			return assessment.Errorf(assessment.EFORBIDDEN, "only the lead assessor adjusts the plan of assessment %d", a.ID)
		}
		var old string
		var oldVersion int
		var oldBy int64
		var oldAt string
		err = tx.QueryRowContext(ctx, `SELECT body, version, updated_by, updated_at FROM plan_adjustments WHERE assessment_id = ? AND action_id = ?`,
			x.AssessmentID, x.ActionID).Scan(&old, &oldVersion, &oldBy, &oldAt)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if oldVersion != x.Version {
			return assessment.Errorf(assessment.ECONFLICT, "the adjustment of %s was changed by %s on %s (now version %d, you had version %d); reload it",
				x.ActionID, db.userName(ctx, tx, oldBy), parseTime(oldAt).Format("2006-01-02 15:04 MST"), oldVersion, x.Version)
		}
		x.Version++
		x.UpdatedBy, x.UpdatedAt = actor, db.Now()
		body, _ := json.Marshal(x)
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_adjustments (assessment_id, action_id, body, version, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (assessment_id, action_id) DO UPDATE SET body = excluded.body,
			version = excluded.version, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			x.AssessmentID, x.ActionID, string(body), x.Version, actor, formatTime(x.UpdatedAt)); err != nil {
			return err
		}
		action := "create"
		if old != "" {
			action = "update"
		}
		return db.audit(ctx, tx, x.UpdatedAt, actor, x.AssessmentID, "plan", x.ActionID, action, old, string(body))
	})
	return x, err
}

// FindAdjustments implements assessment.PlanStore.
func (db *DB) FindAdjustments(ctx context.Context, assessmentID int64) ([]assessment.Adjustment, error) {
	var out []assessment.Adjustment
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT body FROM plan_adjustments WHERE assessment_id = ? ORDER BY action_id`, assessmentID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var body string
			if err := rows.Scan(&body); err != nil {
				return err
			}
			var x assessment.Adjustment
			if err := json.Unmarshal([]byte(body), &x); err != nil {
				return err
			}
			out = append(out, x)
		}
		return rows.Err()
	})
	return out, err
}

// SaveActionStatus records the implementation status of one action (and a
// note). The lead assessor may do it, and so may a ministry focal point of
// the assessed state once the assessment is published. Other fields of the
// adjustment are kept; the version rule of SaveAdjustment applies.
func (db *DB) SaveActionStatus(ctx context.Context, actor, assessmentID int64, actionID string, status assessment.ImplStatus, note string, version int) (assessment.Adjustment, error) {
	var out assessment.Adjustment
	if !status.Valid() {
		return out, assessment.Invalid("invalid status", assessment.FieldError{Field: "status", Message: fmt.Sprintf("%q: want not started, ongoing, completed, delayed or cancelled", status)})
	}
	if len(note) > 4000 {
		return out, assessment.Invalid("invalid status", assessment.FieldError{Field: "note", Message: "at most 4000 characters"})
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		a, err := db.findAssessment(ctx, tx, assessmentID)
		if err != nil {
			return err
		}
		u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, actor))
		if err != nil {
			return assessment.Errorf(assessment.EFORBIDDEN, "unknown user")
		}
		ministry := u.Role == assessment.UserMinistry && u.Country == a.State && a.Status == assessment.StatusPublished
		if a.MemberRole(actor) != assessment.RoleLead && !ministry {
			return assessment.Errorf(assessment.EFORBIDDEN, "you may not update the implementation status of assessment %d", assessmentID)
		}
		var body, oldAt string
		var oldVersion int
		var oldBy int64
		err = tx.QueryRowContext(ctx, `SELECT body, version, updated_by, updated_at FROM plan_adjustments WHERE assessment_id = ? AND action_id = ?`,
			assessmentID, actionID).Scan(&body, &oldVersion, &oldBy, &oldAt)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if oldVersion != version {
			return assessment.Errorf(assessment.ECONFLICT, "the status of %s was changed by %s on %s (now version %d, you had version %d); reload it",
				actionID, db.userName(ctx, tx, oldBy), parseTime(oldAt).Format("2006-01-02 15:04 MST"), oldVersion, version)
		}
		x := assessment.Adjustment{AssessmentID: assessmentID, ActionID: actionID}
		if body != "" {
			if err := json.Unmarshal([]byte(body), &x); err != nil {
				return err
			}
		}
		x.Status, x.Note = status, note
		x.Version = oldVersion + 1
		x.UpdatedBy, x.UpdatedAt = actor, db.Now()
		nb, _ := json.Marshal(x)
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_adjustments (assessment_id, action_id, body, version, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (assessment_id, action_id) DO UPDATE SET body = excluded.body,
			version = excluded.version, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			assessmentID, actionID, string(nb), x.Version, actor, formatTime(x.UpdatedAt)); err != nil {
			return err
		}
		out = x
		return db.audit(ctx, tx, x.UpdatedAt, actor, assessmentID, "plan", actionID, "status", body, string(nb))
	})
	return out, err
}
