package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"mutu/internal/account"
	"mutu/internal/audit"
	"mutu/internal/errs"
)

const userColumns = `id, username, name, email, role, region_code, password_hash, active, must_change_password, session_epoch, last_login_at, created_at`

func scanUser(row scanner) (*account.User, error) {
	var u account.User
	var regionCode sql.NullString
	var lastLogin, created string
	err := row.Scan(&u.ID, &u.Username, &u.Name, &u.Email, &u.Role, &regionCode, &u.PasswordHash, &u.Active,
		&u.MustChangePassword, &u.SessionEpoch, &lastLogin, &created)
	if err != nil {
		return nil, err
	}
	u.RegionCode = regionCode.String
	u.LastLoginAt, u.CreatedAt = parseTS(lastLogin), parseTS(created)
	return &u, nil
}

// CreateUser stores a new user; PasswordHash must already be set.
func (db *DB) CreateUser(ctx context.Context, actor audit.Actor, u *account.User) error {
	if u.ID == "" {
		u.ID = NewID()
	}
	now := db.Now()
	u.CreatedAt, u.Active = now, true
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO users (id, username, name, email, role, region_code, password_hash, active, must_change_password, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			u.ID, u.Username, u.Name, u.Email, string(u.Role), nullable(u.RegionCode), u.PasswordHash, true, u.MustChangePassword, ts(now), ts(now))
		if isUniqueViolation(err) {
			return &errs.Error{Code: errs.Conflict, Key: "account.err.username_taken", Args: []any{u.Username}, Err: err,
				Fields: []errs.Field{{Name: "username", Key: "account.err.username_taken", Args: []any{u.Username}}}}
		}
		if isFKViolation(err) {
			return &errs.Error{Code: errs.Invalid, Key: "region.err.unknown", Err: err,
				Fields: []errs.Field{{Name: "region_code", Key: "region.err.unknown", Value: u.RegionCode}}}
		}
		if err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		if err := setUserUnits(ctx, tx, u.ID, u.UnitIDs); err != nil {
			return err
		}
		e, err := userEntry(ctx, tx, u, audit.Entry{Action: "user.create", Detail: string(u.Role)})
		if err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, actor, e)
	})
}

func setUserUnits(ctx context.Context, tx *sql.Tx, userID string, unitIDs []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_units WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("user units: %w", err)
	}
	for _, id := range dedupe(unitIDs) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_units (user_id, unit_id) VALUES ($1, $2)`, userID, id); err != nil {
			if isFKViolation(err) {
				return &errs.Error{Code: errs.Invalid, Key: "unit.err.not_found", Args: []any{id}, Err: err}
			}
			return fmt.Errorf("user units: %w", err)
		}
	}
	return nil
}

// UserByUsername returns the user with that (normalised) username.
func (db *DB) UserByUsername(ctx context.Context, username string) (*account.User, error) {
	return db.userWhere(ctx, "username = $1", account.NormalizeUsername(username))
}

// UserByID returns a user with its unit scope.
func (db *DB) UserByID(ctx context.Context, id string) (*account.User, error) {
	return db.userWhere(ctx, "id = $1", id)
}

func (db *DB) userWhere(ctx context.Context, where, arg string) (*account.User, error) {
	u, err := scanUser(db.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "account.err.not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("user: %w", err)
	}
	u.UnitIDs, err = queryAll(ctx, db.r, "user units", `SELECT unit_id FROM user_units WHERE user_id = $1 ORDER BY unit_id`, []any{u.ID}, scanOne[string])
	if err != nil {
		return nil, err
	}
	return u, nil
}

// Users lists users whose scope lies within regionCode ("" = all). Operators
// are listed when one of their units lies within it.
func (db *DB) Users(ctx context.Context, regionCode string) ([]account.User, error) {
	q := `SELECT ` + userColumns + ` FROM users`
	var args []any
	if regionCode != "" {
		q += ` WHERE region_code = $1 OR region_code LIKE $2 OR id IN (SELECT uu.user_id FROM user_units uu JOIN units u ON u.id = uu.unit_id
			WHERE u.region_code = $1 OR u.region_code LIKE $2)`
		args = append(args, regionCode, regionCode+".%")
	}
	return queryAll(ctx, db.r, "users", q+` ORDER BY username`, args, into(scanUser))
}

// RecordLogin notes a successful sign-in.
func (db *DB) RecordLogin(ctx context.Context, u *account.User) error {
	u.LastLoginAt = db.Now()
	_, err := db.w.ExecContext(ctx, `UPDATE users SET last_login_at = $1 WHERE id = $2`, ts(u.LastLoginAt), u.ID)
	if err != nil {
		return fmt.Errorf("record login: %w", err)
	}
	return nil
}

// SetPassword stores a new password hash for u and raises u's session
// epoch, which ends every session signed in under the old password (the
// caller re-stamps the session that made the change, if it is u's own).
func (db *DB) SetPassword(ctx context.Context, actor audit.Actor, u *account.User, hash string, mustChange bool) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `UPDATE users SET password_hash = $1, must_change_password = $2, session_epoch = session_epoch + 1, updated_at = $3
			WHERE id = $4 RETURNING session_epoch`, hash, mustChange, ts(db.Now()), u.ID).Scan(&u.SessionEpoch); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		u.PasswordHash, u.MustChangePassword = hash, mustChange
		e, err := userEntry(ctx, tx, u, audit.Entry{Action: "user.password", Detail: "sessions ended"})
		if err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, actor, e)
	})
}

// UpdateUser saves a user's name, e-mail, role, scope and active flag.
func (db *DB) UpdateUser(ctx context.Context, actor audit.Actor, u *account.User) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET name = $1, email = $2, role = $3, region_code = $4, active = $5, updated_at = $6 WHERE id = $7`,
			u.Name, u.Email, string(u.Role), nullable(u.RegionCode), u.Active, ts(db.Now()), u.ID); err != nil {
			if isFKViolation(err) {
				return &errs.Error{Code: errs.Invalid, Key: "region.err.unknown", Err: err}
			}
			return fmt.Errorf("update user: %w", err)
		}
		if err := setUserUnits(ctx, tx, u.ID, u.UnitIDs); err != nil {
			return err
		}
		e, err := userEntry(ctx, tx, u, audit.Entry{Action: "user.update", Detail: fmt.Sprintf("%s active=%t", u.Role, u.Active)})
		if err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, actor, e)
	})
}

// CountUsers counts all users (to tell a fresh deployment).
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// SessionStore keeps web sessions in the database (an scs.Store). Expiry
// is decided on the real clock, as scs computes it, not on the database's
// injectable clock.
type SessionStore struct {
	db  *DB
	Now func() time.Time
}

// Sessions returns the session store of db.
func (db *DB) Sessions() *SessionStore { return &SessionStore{db: db, Now: time.Now} }

// Find returns the data of an unexpired session.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	var data []byte
	err := s.db.r.QueryRow(`SELECT data FROM sessions WHERE token = $1 AND expiry > $2`, token, ts(s.Now())).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("find session: %w", err)
	}
	return data, true, nil
}

// Commit saves a session.
func (s *SessionStore) Commit(token string, data []byte, expiry time.Time) error {
	_, err := s.db.w.Exec(`INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, data, ts(expiry))
	if err != nil {
		return fmt.Errorf("commit session: %w", err)
	}
	return nil
}

// Delete removes a session.
func (s *SessionStore) Delete(token string) error {
	_, err := s.db.w.Exec(`DELETE FROM sessions WHERE token = $1`, token)
	return err
}

// DeleteExpired removes expired sessions; the server calls it periodically.
func (s *SessionStore) DeleteExpired(ctx context.Context) error {
	_, err := s.db.w.ExecContext(ctx, `DELETE FROM sessions WHERE expiry <= $1`, ts(s.Now()))
	return err
}

// userEntry completes an audit entry about u: it names the user, and its
// scope is the user's region or, for an operator, the region of their units.
func userEntry(ctx context.Context, tx *sql.Tx, u *account.User, e audit.Entry) (audit.Entry, error) {
	e.ObjectType, e.ObjectID, e.ObjectLabel, e.RegionCode = "user", u.Username, u.Name, u.RegionCode
	if e.RegionCode != "" || len(u.UnitIDs) == 0 {
		return e, nil
	}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	q := `SELECT region_code FROM units WHERE ` + inList("id", u.UnitIDs, arg) // before args is read
	codes, err := queryAll(ctx, tx, "audit user units", q, args, scanOne[string])
	if err != nil {
		return e, err
	}
	if len(codes) > 0 {
		e.RegionCode = commonRegion(codes)
	}
	return e, nil
}
