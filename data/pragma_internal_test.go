package data

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"bordergap/assessment"
	"bordergap/frameworks"
)

// TestPragmas checks the pragmas on every connection of both pools: the
// DSN, not a one-off PRAGMA statement, must set them, so the test holds as
// many connections of each pool open at once as the pool allows.
func TestPragmas(t *testing.T) {
	ctx := context.Background()
	reg, err := frameworks.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, filepath.Join(t.TempDir(), "bordergap.db"), reg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	pools := []struct {
		name      string
		pool      *sql.DB
		conns     int
		queryOnly int
	}{
		{"writer", db.w, 1, 0},
		{"reader", db.r, 4, 1},
	}
	for _, p := range pools {
		t.Run(p.name, func(t *testing.T) {
			if got := p.pool.Stats().MaxOpenConnections; got != p.conns {
				t.Errorf("MaxOpenConnections = %d, want %d", got, p.conns)
			}
			var held []*sql.Conn
			defer func() {
				for _, c := range held {
					c.Close()
				}
			}()
			for i := 0; i < p.conns; i++ {
				c, err := p.pool.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				held = append(held, c)
				var journal string
				var fk, busy, sync, qo int
				for _, q := range []struct {
					pragma string
					dst    any
				}{
					{"journal_mode", &journal}, {"foreign_keys", &fk}, {"busy_timeout", &busy},
					{"synchronous", &sync}, {"query_only", &qo},
				} {
					if err := c.QueryRowContext(ctx, "PRAGMA "+q.pragma).Scan(q.dst); err != nil {
						t.Fatalf("conn %d: PRAGMA %s: %v", i, q.pragma, err)
					}
				}
				if journal != "wal" {
					t.Errorf("conn %d: journal_mode = %q, want wal", i, journal)
				}
				if fk != 1 {
					t.Errorf("conn %d: foreign_keys = %d, want 1", i, fk)
				}
				if busy < 5000 {
					t.Errorf("conn %d: busy_timeout = %d, want at least 5000", i, busy)
				}
				if sync != 1 {
					t.Errorf("conn %d: synchronous = %d, want 1 (NORMAL)", i, sync)
				}
				if qo != p.queryOnly {
					t.Errorf("conn %d: query_only = %d, want %d", i, qo, p.queryOnly)
				}
			}
		})
	}

	// The reader pool refuses writes; the writer accepts them.
	if _, err := db.r.ExecContext(ctx, `INSERT INTO users (name, email, role, created_at) VALUES ('Ada Lead', 'ada.lead@example.org', 'admin', 'x')`); err == nil {
		t.Error("a write through the reader pool succeeded")
	}
	// Foreign keys are enforced: a member of a missing assessment is refused
	// with a translated EINVALID.
	err = db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO members (assessment_id, user_id, role) VALUES (999, 999, 'lead')`)
		return err
	})
	if err == nil {
		t.Fatal("a member of a missing assessment was stored: foreign keys are off")
	}
	if got := assessment.ErrorCode(err); got != assessment.EINVALID {
		t.Errorf("foreign-key violation: code %q, want %q (%v)", got, assessment.EINVALID, err)
	}
}
