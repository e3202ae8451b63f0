// Package data stores bordergap's records in SQLite (modernc.org/sqlite, pure
// Go) behind the store interfaces of the assessment package.
//
// Layout of the connection pools (see LIBS.md): every connection gets its
// pragmas from the DSN (busy_timeout, WAL, foreign keys, synchronous=NORMAL);
// writes go through a single-connection pool whose transactions start with
// BEGIN IMMEDIATE, so writers queue instead of failing with SQLITE_BUSY;
// reads use a small query-only pool and never block the writer (WAL).
// Each exported method runs in one transaction. Migrations are embedded,
// ordered, forward-only and recorded in schema_migrations.
package data

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"bordergap/assessment"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is a bordergap database.
type DB struct {
	path       string
	w, r       *sql.DB
	frameworks assessment.FrameworkResolver
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Open opens (creating if needed) the database file at path, applies any
// pending migrations and returns the store. frameworks resolves the
// framework an assessment is pinned to, for validation.
func Open(ctx context.Context, filePath string, frameworks assessment.FrameworkResolver) (*DB, error) {
	if filePath == "" {
		return nil, assessment.Errorf(assessment.EINVALID, "database path is empty")
	}
	base := "file:" + (&url.URL{Path: filePath}).EscapedPath() +
		"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	w, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", filePath, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	db := &DB{path: filePath, w: w, frameworks: frameworks, Now: func() time.Time { return time.Now().UTC() }}
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", filePath, err)
	}
	if err := db.migrate(ctx); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", filePath, err)
	}
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(4)
	db.r = r
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	return errors.Join(db.r.Close(), db.w.Close())
}

// Path returns the database file path.
func (db *DB) Path() string { return db.path }

// write runs fn in an immediate transaction on the writer.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return translate(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return translate(err)
	}
	return translate(tx.Commit())
}

// read runs fn in a read-only transaction: one consistent snapshot.
func (db *DB) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return translate(err)
	}
	defer tx.Rollback()
	return translate(fn(tx))
}

// translate turns driver errors into domain errors at the storage edge.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var de *assessment.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return assessment.Errorf(assessment.ENOTFOUND, "not found")
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &assessment.Error{Code: assessment.ECONFLICT, Message: "a record with the same key already exists", Err: err}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &assessment.Error{Code: assessment.EINVALID, Message: "the record refers to something that does not exist", Err: err}
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return &assessment.Error{Code: assessment.EINVALID, Message: "the record breaks a rule of the database", Err: err}
		}
	}
	return assessment.Internal(err)
}

// migrate applies the embedded migrations not yet recorded, each in its own
// transaction, in file-name order.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, n := range names {
		base := path.Base(n)
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", base)
		}
		body, err := migrationFS.ReadFile(n)
		if err != nil {
			return err
		}
		err = db.write(ctx, func(tx *sql.Tx) error {
			var done int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, v).Scan(&done); err != nil {
				return err
			}
			if done > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", base, err)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				v, base, db.Now().Format(time.RFC3339Nano))
			return err
		})
		if err != nil {
			return fmt.Errorf("migrations: %w", err)
		}
	}
	return nil
}

// Migrations returns the applied migration names in order.
func (db *DB) Migrations(ctx context.Context) ([]string, error) {
	var out []string
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY version`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				return err
			}
			out = append(out, n)
		}
		return rows.Err()
	})
	return out, err
}

// Backup writes a consistent copy of the database to dst with VACUUM INTO,
// which runs while writers continue.
func (db *DB) Backup(ctx context.Context, dst string) error {
	_, err := db.w.ExecContext(ctx, `VACUUM INTO ?`, dst)
	return translate(err)
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// audit appends one audit row inside tx.
func (db *DB) audit(ctx context.Context, tx *sql.Tx, at time.Time, actor, assessmentID int64, entity, key, action, old, new string) error {
	var a, s any
	if actor > 0 {
		a = actor
	}
	if assessmentID > 0 {
		s = assessmentID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, assessment_id, entity, entity_key, action, old, new)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, formatTime(at), a, s, entity, key, action, old, new)
	return err
}
