package data

import (
	"context"
	"database/sql"

	"bordergap/assessment"
)

// FindAudit implements assessment.AssessmentStore.
func (db *DB) FindAudit(ctx context.Context, assessmentID int64) ([]assessment.AuditEntry, error) {
	var out []assessment.AuditEntry
	err := db.read(ctx, func(tx *sql.Tx) error {
		q := `SELECT l.id, l.at, coalesce(l.actor_id, 0), coalesce(u.name, ''), coalesce(l.assessment_id, 0),
			l.entity, l.entity_key, l.action, l.old, l.new
			FROM audit_log l LEFT JOIN users u ON u.id = l.actor_id`
		var args []any
		if assessmentID > 0 {
			q += ` WHERE l.assessment_id = ?`
			args = append(args, assessmentID)
		}
		rows, err := tx.QueryContext(ctx, q+` ORDER BY l.id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e assessment.AuditEntry
			var at string
			if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.ActorName, &e.AssessmentID, &e.Entity, &e.Key, &e.Action, &e.Old, &e.New); err != nil {
				return err
			}
			e.At = parseTime(at)
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}
