package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"mutu/internal/audit"
	"mutu/internal/errs"
)

// Kiosk is a tablet registered at a unit's counter.
type Kiosk struct {
	ID          string
	UnitID      string
	Name        string
	ServiceID   string
	ServiceCode string
	CreatedAt   string
	LastSeen    string
	Revoked     bool
}

// newToken returns a new random secret (24 bytes, hex-encoded).
func newToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// CreateKiosk registers a kiosk and returns its secret token, shown once.
// Only the token's hash is stored.
func (db *DB) CreateKiosk(ctx context.Context, actor audit.Actor, unitID, regionCode, name, serviceID string) (*Kiosk, string, error) {
	token := newToken()
	k := &Kiosk{ID: NewID(), UnitID: unitID, Name: name, ServiceID: serviceID}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO kiosk_devices (unit_id, id, name, service_id, token_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			unitID, k.ID, name, nullable(serviceID), hashToken(token), ts(db.Now())); err != nil {
			return fmt.Errorf("create kiosk: %w", err)
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "kiosk.create", ObjectType: "kiosk", ObjectID: name, ObjectLabel: "Kios " + name, UnitID: unitID, RegionCode: regionCode})
	})
	if err != nil {
		return nil, "", err
	}
	return k, token, nil
}

// KioskByToken returns the active kiosk of a unit with this token.
func (db *DB) KioskByToken(ctx context.Context, unitID, token string) (*Kiosk, error) {
	if token == "" {
		return nil, errs.New(errs.Unauthorized, "kiosk.err.token")
	}
	var k Kiosk
	var svc, svcCode sql.NullString
	err := db.r.QueryRowContext(ctx, `SELECT k.id, k.unit_id, k.name, k.service_id, s.code FROM kiosk_devices k
		LEFT JOIN services s ON s.unit_id = k.unit_id AND s.id = k.service_id
		WHERE k.unit_id = $1 AND k.token_hash = $2 AND k.revoked_at = ''`, unitID, hashToken(token)).Scan(&k.ID, &k.UnitID, &k.Name, &svc, &svcCode)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.Unauthorized, "kiosk.err.token")
	}
	if err != nil {
		return nil, fmt.Errorf("kiosk: %w", err)
	}
	k.ServiceID, k.ServiceCode = svc.String, svcCode.String
	return &k, nil
}

// Kiosks lists a unit's kiosks.
func (db *DB) Kiosks(ctx context.Context, unitID string) ([]Kiosk, error) {
	return queryAll(ctx, db.r, "kiosks", `SELECT k.id, k.name, COALESCE(s.code, ''), k.created_at, k.revoked_at FROM kiosk_devices k
		LEFT JOIN services s ON s.unit_id = k.unit_id AND s.id = k.service_id WHERE k.unit_id = $1 ORDER BY k.created_at`, []any{unitID}, func(row scanner, k *Kiosk) error {
		var revoked string
		err := row.Scan(&k.ID, &k.Name, &k.ServiceCode, &k.CreatedAt, &revoked)
		k.UnitID, k.Revoked = unitID, revoked != ""
		return err
	})
}

// RevokeKiosk stops a kiosk's token from working.
func (db *DB) RevokeKiosk(ctx context.Context, actor audit.Actor, unitID, regionCode, id string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, `UPDATE kiosk_devices SET revoked_at = $1 WHERE unit_id = $2 AND id = $3 AND revoked_at = '' RETURNING name`,
			ts(db.Now()), unitID, id).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.New(errs.NotFound, "err.not_found")
		}
		if err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "kiosk.revoke", ObjectType: "kiosk", ObjectID: id, ObjectLabel: "Kios " + name, UnitID: unitID, RegionCode: regionCode})
	})
}
