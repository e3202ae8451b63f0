package data

import (
	"context"
	"database/sql"
	"fmt"

	"bordergap/assessment"
)

// StoredFramework is a framework file installed by a user.
type StoredFramework struct {
	ID, Version, Title string
	SourceName         string
	Source             []byte
}

// InstallFramework stores a framework file that the caller has loaded and
// validated. Installing the same id and version twice is a conflict unless
// the bytes are identical.
func (db *DB) InstallFramework(ctx context.Context, actor int64, f *assessment.Framework, name string, source []byte) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var old []byte
		err := tx.QueryRowContext(ctx, `SELECT source FROM frameworks WHERE id = ? AND version = ?`, f.ID, f.Version).Scan(&old)
		switch {
		case err == nil && string(old) == string(source):
			return nil
		case err == nil:
			return assessment.Errorf(assessment.ECONFLICT, "framework %s is already installed with different content; give the new file another version", f.Key())
		case err != sql.ErrNoRows:
			return err
		}
		var by any
		if actor > 0 {
			by = actor
		}
		now := db.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO frameworks (id, version, title, source_name, source, installed_at, installed_by)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, f.ID, f.Version, f.Title, name, source, formatTime(now), by); err != nil {
			return err
		}
		return db.audit(ctx, tx, now, actor, 0, "framework", f.Key(), "install", "", fmt.Sprintf(`{"file":%q,"bytes":%d}`, name, len(source)))
	})
}

// FindFrameworks returns the installed framework files.
func (db *DB) FindFrameworks(ctx context.Context) ([]StoredFramework, error) {
	var out []StoredFramework
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, version, title, source_name, source FROM frameworks ORDER BY id, version`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s StoredFramework
			if err := rows.Scan(&s.ID, &s.Version, &s.Title, &s.SourceName, &s.Source); err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	return out, err
}
