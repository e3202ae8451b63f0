package data_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"bordergap/assessment"
	"bordergap/data"
)

type migrationRow struct {
	Version   int
	Name      string
	AppliedAt string
}

func migrationRows(t *testing.T, path string) []migrationRow {
	t.Helper()
	db := openDB(t, path)
	rows, err := rawDB(t, db).Query(`SELECT version, name, applied_at FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []migrationRow
	for rows.Next() {
		var m migrationRow
		if err := rows.Scan(&m.Version, &m.Name, &m.AppliedAt); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// migrationFiles lists the migrations in the source tree, in order: what
// Open must have applied. The first is always 0001_init.sql.
func migrationFiles(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob("migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
	}
	slices.Sort(names)
	if len(names) == 0 || names[0] != "0001_init.sql" {
		t.Fatalf("migrations = %q, want 0001_init.sql first", names)
	}
	return names
}

func TestOpenCreatesAndMigrates(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub dir", "bordergap.db")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	db := openDB(t, path)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("Open did not create the file: %v", err)
	}
	if got := db.Path(); got != path {
		t.Errorf("Path() = %q, want %q", got, path)
	}
	got, err := db.Migrations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := migrationFiles(t); !slices.Equal(got, want) {
		t.Errorf("Migrations() = %q, want %q", got, want)
	}
	for _, table := range []string{"users", "frameworks", "assessments", "members", "responses", "consensus", "audit_log"} {
		if n := count(t, db, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, table); n != 1 {
			t.Errorf("table %s: %d, want 1", table, n)
		}
	}
	// Nothing but the file that was asked for (and SQLite's WAL files).
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		switch e.Name() {
		case "bordergap.db", "bordergap.db-wal", "bordergap.db-shm":
		default:
			t.Errorf("unexpected file %q next to the database", e.Name())
		}
	}
}

func TestOpenTwiceKeepsDataAndMigratesOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bordergap.db")

	db, err := data.Open(ctx, path, registry(t))
	if err != nil {
		t.Fatal(err)
	}
	u := &assessment.User{Name: "Ada Lead", Email: "ada.lead@example.org", Role: assessment.UserConsultant}
	if err := db.CreateUser(ctx, 0, u); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	first := migrationRows(t, path)
	files := migrationFiles(t)
	if len(first) != len(files) || first[0].Name != "0001_init.sql" || first[0].Version != 1 {
		t.Fatalf("schema_migrations after the first Open = %+v, want one row per file of %q", first, files)
	}
	for i, m := range first {
		if m.Name != files[i] || m.AppliedAt == "" {
			t.Errorf("schema_migrations[%d] = %+v, want %s", i, m, files[i])
		}
	}

	for i := 2; i <= 3; i++ {
		db, err := data.Open(ctx, path, registry(t))
		if err != nil {
			t.Fatalf("Open #%d: %v", i, err)
		}
		got, err := db.FindUserByEmail(ctx, "ada.lead@example.org")
		if err != nil {
			t.Errorf("Open #%d: the user created before is gone: %v", i, err)
		} else if got.ID != u.ID || got.Name != u.Name {
			t.Errorf("Open #%d: user = %+v, want %+v", i, got, u)
		}
		names, err := db.Migrations(ctx)
		if err != nil || !slices.Equal(names, files) {
			t.Errorf("Open #%d: Migrations() = %q, %v; want %q", i, names, err, files)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if again := migrationRows(t, path); !slices.Equal(again, first) {
			t.Errorf("Open #%d: schema_migrations = %+v, want unchanged %+v", i, again, first)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := data.Open(ctx, "", registry(t)); assessment.ErrorCode(err) != assessment.EINVALID {
		t.Errorf("Open(\"\") error = %v, want code %s", err, assessment.EINVALID)
	}
	missing := filepath.Join(t.TempDir(), "no-such-dir", "bordergap.db")
	if db, err := data.Open(ctx, missing, registry(t)); err == nil {
		db.Close()
		t.Errorf("Open(%s) in a missing directory succeeded", missing)
	}
	notDB := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notDB, []byte("these are not the SQLite files you are looking for, padded to be long enough to have a header........"), 0o644); err != nil {
		t.Fatal(err)
	}
	if db, err := data.Open(ctx, notDB, registry(t)); err == nil {
		db.Close()
		t.Errorf("Open(%s) of a text file succeeded", notDB)
	}
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	a := newAssessment(t, db, tm)
	save(t, db, tm.ben.ID, a, resp("GOV.1.1", tm.ben, 2), resp("GOV.1.2", tm.ben, 1))

	dst := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, dst); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	// The original is still usable after the backup.
	save(t, db, tm.cleo.ID, a, resp("GOV.1.1", tm.cleo, 3))

	copyDB := openDB(t, dst)
	want, err := db.FindUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := copyDB.FindUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("backup has %d users, want %d", len(got), len(want))
	}
	for i := range want {
		if *got[i] != *want[i] {
			t.Errorf("backup user %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	names, err := copyDB.Migrations(ctx)
	if err != nil || !slices.Equal(names, migrationFiles(t)) {
		t.Errorf("backup Migrations() = %q, %v", names, err)
	}
	rs, err := copyDB.FindResponses(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 {
		t.Errorf("backup has %d responses, want the 2 saved before it", len(rs))
	}
	var check string
	if err := rawDB(t, copyDB).QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check = %q, %v; want ok", check, err)
	}

	// VACUUM INTO refuses to overwrite an existing file.
	if err := db.Backup(ctx, dst); err == nil {
		t.Errorf("Backup onto an existing file succeeded")
	}
}

func TestInstallFramework(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	f := &assessment.Framework{ID: "xaa-custom", Version: "1.0.0", Title: "Xanadia custom framework"}
	src := []byte("id: xaa-custom\nversion: 1.0.0\n")
	if err := db.InstallFramework(ctx, 0, f, "xaa.yaml", src); err != nil {
		t.Fatal(err)
	}
	if err := db.InstallFramework(ctx, 0, f, "xaa.yaml", src); err != nil {
		t.Errorf("installing the same bytes again: %v, want nil", err)
	}
	err := db.InstallFramework(ctx, 0, f, "xaa.yaml", append(src, "# changed\n"...))
	wantErr(t, err, assessment.ECONFLICT)
	got, err := db.FindFrameworks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != f.ID || got[0].Version != f.Version || string(got[0].Source) != string(src) || got[0].SourceName != "xaa.yaml" {
		t.Errorf("FindFrameworks() = %+v", got)
	}
	if es := audit(t, db, 0); len(es) != 1 || es[0].Entity != "framework" || es[0].Action != "install" || es[0].Key != "xaa-custom@1.0.0" {
		t.Errorf("audit = %+v, want one install row", es)
	}
}

// TestOpenOddPaths checks that the path is escaped into the DSN: the file
// created is the one named, whatever characters its name holds.
func TestOpenOddPaths(t *testing.T) {
	for _, name := range []string{"with space.db", "per%20cent.db", "hash#tag.db", "question?mark.db", "ünïcödé.db", "semi;colon&amp.db"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			db := openDB(t, filepath.Join(dir, name))
			createUser(t, db, "Ada Lead", "ada.lead@example.org")
			if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
				t.Fatalf("the file %q was not created: %v", name, err)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				switch e.Name() {
				case name, name + "-wal", name + "-shm":
				default:
					t.Errorf("unexpected file %q", e.Name())
				}
			}
		})
	}
}
