package data

import (
	"context"
	"database/sql"
	"encoding/json"

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
