package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"bordergap/assessment"
)

var _ assessment.UserStore = (*DB)(nil)

const userColumns = `id, name, email, organisation, role, country, disabled, created_at`

func scanUser(row interface{ Scan(...any) error }) (*assessment.User, error) {
	var u assessment.User
	var created string
	if err := row.Scan(&u.ID, &u.Name, &u.Email, &u.Organisation, &u.Role, &u.Country, &u.Disabled, &created); err != nil {
		return nil, err
	}
	u.CreatedAt = parseTime(created)
	return &u, nil
}

// CreateUser implements assessment.UserStore.
func (db *DB) CreateUser(ctx context.Context, actor int64, u *assessment.User) error {
	u.Email = strings.TrimSpace(u.Email)
	if err := u.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error { return db.createUser(ctx, tx, actor, u) })
}

func (db *DB) createUser(ctx context.Context, tx *sql.Tx, actor int64, u *assessment.User) error {
	var exists int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = ?`, u.Email).Scan(&exists); err != nil {
		return err
	}
	if exists > 0 {
		return assessment.Errorf(assessment.ECONFLICT, "a user with e-mail %s already exists", u.Email)
	}
	u.CreatedAt = db.Now()
	res, err := tx.ExecContext(ctx, `INSERT INTO users (name, email, organisation, role, country, disabled, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, u.Name, u.Email, u.Organisation, u.Role, u.Country, u.Disabled, formatTime(u.CreatedAt))
	if err != nil {
		return err
	}
	if u.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	b, _ := json.Marshal(u)
	return db.audit(ctx, tx, u.CreatedAt, actor, 0, "user", u.Email, "create", "", string(b))
}

// FindUserByID implements assessment.UserStore.
func (db *DB) FindUserByID(ctx context.Context, id int64) (*assessment.User, error) {
	var u *assessment.User
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
		return err
	})
	if assessment.ErrorCode(err) == assessment.ENOTFOUND {
		return nil, assessment.Errorf(assessment.ENOTFOUND, "user %d not found", id)
	}
	return u, err
}

// FindUserByEmail implements assessment.UserStore.
func (db *DB) FindUserByEmail(ctx context.Context, email string) (*assessment.User, error) {
	var u *assessment.User
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, strings.TrimSpace(email)))
		return err
	})
	if assessment.ErrorCode(err) == assessment.ENOTFOUND {
		return nil, assessment.Errorf(assessment.ENOTFOUND, "no user with e-mail %s", email)
	}
	return u, err
}

// FindUsers implements assessment.UserStore.
func (db *DB) FindUsers(ctx context.Context) ([]*assessment.User, error) {
	var out []*assessment.User
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			out = append(out, u)
		}
		return rows.Err()
	})
	return out, err
}
