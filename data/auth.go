package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"bordergap/assessment"
)

// Session is a logged-in browser session.
type Session = assessment.Session

func hashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// SetPassword stores a password hash (already hashed by the caller with
// argon2id) and whether the user must change it at next login.
func (db *DB) SetPassword(ctx context.Context, actor, userID int64, hash string, mustChange bool) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?`, hash, mustChange, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return assessment.Errorf(assessment.ENOTFOUND, "user %d not found", userID)
		}
		// A new password ends every other session of the user.
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
			return err
		}
		return db.audit(ctx, tx, db.Now(), actor, 0, "user", fmt.Sprint(userID), "password", "", fmt.Sprintf(`{"must_change":%t}`, mustChange))
	})
}

// PasswordHash returns the stored hash of a user and whether the password
// must be changed. ENOTFOUND if there is no such enabled user.
func (db *DB) PasswordHash(ctx context.Context, userID int64) (hash string, mustChange bool, err error) {
	err = db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT password_hash, must_change_password FROM users WHERE id = ?`, userID).Scan(&hash, &mustChange)
	})
	return hash, mustChange, err
}

// UpdateUser changes a user's name, organisation, role, country and
// disabled flag. Disabling a user ends their sessions and tokens.
func (db *DB) UpdateUser(ctx context.Context, actor int64, u *assessment.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		old, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, u.ID))
		if err == sql.ErrNoRows {
			return assessment.Errorf(assessment.ENOTFOUND, "user %d not found", u.ID)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET name = ?, organisation = ?, role = ?, country = ?, disabled = ? WHERE id = ?`,
			u.Name, u.Organisation, u.Role, u.Country, u.Disabled, u.ID); err != nil {
			return err
		}
		if u.Disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE user_id = ?`, u.ID); err != nil {
				return err
			}
		}
		ob, _ := json.Marshal(old)
		nb, _ := json.Marshal(u)
		return db.audit(ctx, tx, db.Now(), actor, 0, "user", u.Email, "update", string(ob), string(nb))
	})
}

// CreateSession stores a session under the hash of its secret id.
func (db *DB) CreateSession(ctx context.Context, id string, s Session) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen, expires_at)
			VALUES (?, ?, ?, ?, ?, ?)`, hashSecret(id), s.UserID, s.CSRFToken, formatTime(s.CreatedAt), formatTime(s.LastSeen), formatTime(s.ExpiresAt))
		return err
	})
}

// FindSession returns a live session and its user; ENOTFOUND when the
// session is unknown, expired, or its user disabled.
func (db *DB) FindSession(ctx context.Context, id string, now time.Time) (*Session, *assessment.User, error) {
	var s Session
	var u *assessment.User
	err := db.read(ctx, func(tx *sql.Tx) error {
		var created, seen, expires string
		err := tx.QueryRowContext(ctx, `SELECT user_id, csrf_token, created_at, last_seen, expires_at FROM sessions WHERE id_hash = ?`,
			hashSecret(id)).Scan(&s.UserID, &s.CSRFToken, &created, &seen, &expires)
		if err != nil {
			return err
		}
		s.CreatedAt, s.LastSeen, s.ExpiresAt = parseTime(created), parseTime(seen), parseTime(expires)
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, s.UserID))
		return err
	})
	if err != nil {
		return nil, nil, assessment.Errorf(assessment.ENOTFOUND, "no session")
	}
	if !now.Before(s.ExpiresAt) || u.Disabled {
		return nil, nil, assessment.Errorf(assessment.ENOTFOUND, "session expired")
	}
	return &s, u, nil
}

// TouchSession records activity and moves the idle expiry.
func (db *DB) TouchSession(ctx context.Context, id string, seen, expires time.Time) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen = ?, expires_at = ? WHERE id_hash = ?`, formatTime(seen), formatTime(expires), hashSecret(id))
		return err
	})
}

// DeleteSession ends a session (logout).
func (db *DB) DeleteSession(ctx context.Context, id string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ? OR expires_at < ?`, hashSecret(id), formatTime(db.Now()))
		return err
	})
}

// APIToken describes a personal API token (never its secret).
type APIToken = assessment.APIToken

// CreateAPIToken stores the hash of a new token for a user.
func (db *DB) CreateAPIToken(ctx context.Context, userID int64, name, secret string) (*APIToken, error) {
	t := &APIToken{Name: name, CreatedAt: db.Now()}
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)`,
			userID, name, hashSecret(secret), formatTime(t.CreatedAt))
		if err != nil {
			return err
		}
		t.ID, _ = res.LastInsertId()
		return db.audit(ctx, tx, t.CreatedAt, userID, 0, "api_token", fmt.Sprint(t.ID), "create", "", fmt.Sprintf(`{"name":%q}`, name))
	})
	return t, err
}

// FindAPITokens lists a user's tokens.
func (db *DB) FindAPITokens(ctx context.Context, userID int64) ([]APIToken, error) {
	var out []APIToken
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name, created_at, last_used FROM api_tokens WHERE user_id = ? ORDER BY id`, userID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t APIToken
			var created string
			if err := rows.Scan(&t.ID, &t.Name, &created, &t.LastUsed); err != nil {
				return err
			}
			t.CreatedAt = parseTime(created)
			out = append(out, t)
		}
		return rows.Err()
	})
	return out, err
}

// DeleteAPIToken revokes one of a user's tokens.
func (db *DB) DeleteAPIToken(ctx context.Context, userID, tokenID int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE id = ? AND user_id = ?`, tokenID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return assessment.Errorf(assessment.ENOTFOUND, "token %d not found", tokenID)
		}
		return db.audit(ctx, tx, db.Now(), userID, 0, "api_token", fmt.Sprint(tokenID), "delete", "", "")
	})
}

// FindUserByAPIToken returns the enabled user owning a token secret.
func (db *DB) FindUserByAPIToken(ctx context.Context, secret string) (*assessment.User, error) {
	var u *assessment.User
	err := db.write(ctx, func(tx *sql.Tx) error {
		var id, uid int64
		if err := tx.QueryRowContext(ctx, `SELECT id, user_id FROM api_tokens WHERE token_hash = ?`, hashSecret(secret)).Scan(&id, &uid); err != nil {
			return err
		}
		var err error
		if u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, uid)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE api_tokens SET last_used = ? WHERE id = ?`, formatTime(db.Now()), id)
		return err
	})
	if err != nil || u.Disabled {
		return nil, assessment.Errorf(assessment.ENOTFOUND, "unknown or revoked token")
	}
	return u, nil
}
