package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"mutu/internal/audit"
	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/region"
)

// APIKey is a key issued to a machine client (an Open311 application, a
// system posting survey responses). The key itself is shown once when
// issued; only its SHA-256 is stored.
type APIKey struct {
	ID         string
	Name       string
	RegionCode string   // reports and responses may be sent for this region or below; "" = anywhere
	Scopes     []string // what the key may do: APIScopes
	CreatedBy  string   // username, or "cli"
	CreatedAt  time.Time
	RevokedAt  time.Time
	LastUsedAt time.Time
}

// Revoked reports whether the key no longer works.
func (k APIKey) Revoked() bool { return !k.RevokedAt.IsZero() }

// API key scopes: a key does only what its scopes name.
const (
	ScopeOpen311   = "open311"   // file reports through Open311 GeoReport v2
	ScopeResponses = "responses" // post survey responses to the JSON API
)

// APIScopes lists the scopes in display order.
var APIScopes = []string{ScopeOpen311, ScopeResponses}

// Allows reports whether the key has scope.
func (k APIKey) Allows(scope string) bool { return slices.Contains(k.Scopes, scope) }

// MaxAPIKeyName is the longest name of a key, in characters.
const MaxAPIKeyName = 100

// apiKeyPrefix marks Mutu keys, so that a leaked one is recognisable.
const apiKeyPrefix = "mutu_"

const apiKeyColumns = `id, name, region_code, created_by, created_at, revoked_at, last_used_at, scopes`

func scanAPIKey(row scanner) (*APIKey, error) {
	var k APIKey
	var created, revoked, used, scopes string
	if err := row.Scan(&k.ID, &k.Name, &k.RegionCode, &k.CreatedBy, &created, &revoked, &used, &scopes); err != nil {
		return nil, err
	}
	k.Scopes = strings.Split(scopes, ",")
	k.CreatedAt, k.RevokedAt, k.LastUsedAt = parseTS(created), parseTS(revoked), parseTS(used)
	return &k, nil
}

// CreateAPIKey issues a key named name, limited to regionCode ("" = no
// limit), with scopes (at least one of APIScopes), and returns it with the
// secret key, which is not stored.
func (db *DB) CreateAPIKey(ctx context.Context, actor audit.Actor, name, regionCode string, scopes []string) (*APIKey, string, error) {
	name = strings.Join(strings.Fields(name), " ")
	regionCode = strings.TrimSpace(regionCode)
	var fs []errs.Field
	if name == "" || utf8.RuneCountInString(name) > MaxAPIKeyName {
		fs = append(fs, errs.Field{Name: "name", Key: "apikey.err.name", Args: []any{MaxAPIKeyName}})
	}
	if regionCode != "" && !region.ValidCode(regionCode) {
		fs = append(fs, errs.Field{Name: "region_code", Key: "apikey.err.region", Value: regionCode})
	}
	// Stored in APIScopes order, once each.
	var clean []string
	for _, sc := range APIScopes {
		if slices.Contains(scopes, sc) {
			clean = append(clean, sc)
		}
	}
	for _, sc := range scopes {
		if !slices.Contains(APIScopes, sc) {
			fs = append(fs, errs.Field{Name: "scopes", Key: "apikey.err.scope_unknown", Value: sc, Args: []any{sc}})
		}
	}
	if len(clean) == 0 {
		fs = append(fs, errs.Field{Name: "scopes", Key: "apikey.err.scope"})
	}
	if err := errs.Fields("err.form", fs); err != nil {
		return nil, "", err
	}
	secret := apiKeyPrefix + newToken()
	k := &APIKey{ID: NewID(), Name: name, RegionCode: regionCode, Scopes: clean, CreatedBy: actor.Name, CreatedAt: db.Now()}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if regionCode != "" {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions WHERE code = $1`, regionCode).Scan(&n); err != nil {
				return fmt.Errorf("api key region: %w", err)
			}
			if n == 0 {
				return errs.Fields("err.form", []errs.Field{{Name: "region_code", Key: "apikey.err.region", Value: regionCode}})
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO api_keys (id, name, key_hash, region_code, created_by, created_at, scopes) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			k.ID, k.Name, hashToken(secret), k.RegionCode, k.CreatedBy, ts(k.CreatedAt), strings.Join(k.Scopes, ",")); err != nil {
			return fmt.Errorf("create api key: %w", err)
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "apikey.create", ObjectType: "api_key", ObjectID: k.ID, ObjectLabel: k.Name, RegionCode: k.RegionCode,
			Detail: k.Name + " [" + strings.Join(k.Scopes, ",") + "]"})
	})
	if err != nil {
		return nil, "", err
	}
	return k, secret, nil
}

// APIKeys lists the keys limited to scope or a region below it (every key
// when scope is ""), newest first, revoked ones included.
func (db *DB) APIKeys(ctx context.Context, scope string) ([]APIKey, error) {
	q := `SELECT ` + apiKeyColumns + ` FROM api_keys`
	var args []any
	if scope != "" {
		q += ` WHERE region_code = $1 OR region_code LIKE $2`
		args = append(args, scope, scope+".%")
	}
	return queryAll(ctx, db.r, "api keys", q+` ORDER BY created_at DESC, id DESC`, args, into(scanAPIKey))
}

// UseAPIKey returns the active key whose secret is key and records its use.
// An unknown, revoked or empty key is Unauthorized.
func (db *DB) UseAPIKey(ctx context.Context, key string) (*APIKey, error) {
	key = strings.TrimSpace(key)
	if key == "" || len(key) > 200 {
		return nil, errs.New(errs.Unauthorized, "apikey.err.invalid")
	}
	k, err := scanAPIKey(db.r.QueryRowContext(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE key_hash = $1 AND revoked_at = ''`, hashToken(key)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.Unauthorized, "apikey.err.invalid")
	}
	if err != nil {
		return nil, fmt.Errorf("api key: %w", err)
	}
	now := db.Now()
	// Recorded at most once a minute: a busy client does not add a write per request.
	if now.Sub(k.LastUsedAt) >= time.Minute {
		if _, err := db.w.ExecContext(ctx, `UPDATE api_keys SET last_used_at = $1 WHERE id = $2`, ts(now), k.ID); err != nil {
			return nil, fmt.Errorf("api key use: %w", err)
		}
		k.LastUsedAt = now
	}
	return k, nil
}

// RevokeAPIKey stops a key limited to scope or below from working.
func (db *DB) RevokeAPIKey(ctx context.Context, actor audit.Actor, scope, id string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		k, err := scanAPIKey(tx.QueryRowContext(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE id = $1 AND revoked_at = ''`, id))
		if errors.Is(err, sql.ErrNoRows) || err == nil && !region.Within(k.RegionCode, scope) {
			return errs.New(errs.NotFound, "apikey.err.not_found")
		}
		if err != nil {
			return fmt.Errorf("api key: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE api_keys SET revoked_at = $1 WHERE id = $2`, ts(db.Now()), id); err != nil {
			return fmt.Errorf("revoke api key: %w", err)
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "apikey.revoke", ObjectType: "api_key", ObjectID: id, ObjectLabel: k.Name, RegionCode: k.RegionCode, Detail: k.Name})
	})
}

// --- Open311 reads ---
//
// The open interface (Open311 GeoReport v2) lists reports the public may
// read: never a secret (rahasia) one. These queries apply that rule in SQL,
// so no caller can forget it.

// PublicComplaintFilter selects reports for the open interface.
type PublicComplaintFilter struct {
	IDs        []string // these reports only (the other fields still apply)
	RegionCode string   // received by units in this region or below
	Kinds      []complaint.Kind
	Statuses   []complaint.Status
	From, To   time.Time // received at or after From, at or before To (zero: open-ended)
	Limit      int       // at most 1000
}

// publicPrivacies are the privacy levels whose content the public may read.
func publicPrivacies() []string {
	var out []string
	for _, p := range complaint.Privacies {
		if complaint.ShowsContent(p, complaint.ViewPublic) {
			out = append(out, string(p))
		}
	}
	return out
}

// PublicComplaints lists the reports matching f whose content is public,
// newest first.
func (db *DB) PublicComplaints(ctx context.Context, f PublicComplaintFilter) ([]complaint.Report, error) {
	var conds []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	conds = append(conds, inList("privacy", publicPrivacies(), arg))
	// Only reports the city's verifiers have accepted are published: not
	// those still waiting for verification, held, archived or merged.
	conds = append(conds, inList("status", []complaint.Status{complaint.Verified, complaint.Dispatched, complaint.InProgress,
		complaint.Responded, complaint.Resolved, complaint.Closed}, arg))
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			return nil, nil
		}
		conds = append(conds, inList("id", f.IDs, arg))
	}
	if f.RegionCode != "" {
		conds = append(conds, withinRegion("region_code", f.RegionCode, arg))
	}
	if len(f.Kinds) > 0 {
		conds = append(conds, inList("kind", f.Kinds, arg))
	}
	if len(f.Statuses) > 0 {
		conds = append(conds, inList("status", f.Statuses, arg))
	}
	if !f.From.IsZero() {
		conds = append(conds, "received_at >= "+arg(ts(f.From)))
	}
	if !f.To.IsZero() {
		conds = append(conds, "received_at <= "+arg(ts(f.To)))
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 1000
	}
	var out []complaint.Report
	err := db.eachComplaint(ctx, strings.Join(conds, " AND ")+` ORDER BY received_at DESC, id DESC LIMIT `+arg(f.Limit), args, func(r *complaint.Report) error {
		out = append(out, *r)
		return nil
	})
	return out, err
}

// LatestAnswers returns, per report id, the text of the unit's latest
// answer to the reporter (the "tanggapi" step); reports without one are absent.
func (db *DB) LatestAnswers(ctx context.Context, reports []complaint.Report) (map[string]string, error) {
	out := map[string]string{}
	for start := 0; start < len(reports); start += 500 {
		batch := reports[start:min(start+500, len(reports))]
		args := []any{string(complaint.Respond)}
		units := map[string]bool{}
		for _, r := range batch {
			args = append(args, r.ID)
			units[r.UnitID] = true
		}
		nIDs := len(args) - 1
		for u := range units {
			args = append(args, u)
		}
		// unit_id as well, so that the lookup uses the timeline's index (and
		// stays on the right shards under Citus).
		rows, err := db.r.QueryContext(ctx, `SELECT complaint_id, body FROM complaint_events WHERE action = $1 AND complaint_id IN (`+
			placeholders(2, nIDs)+`) AND unit_id IN (`+placeholders(2+nIDs, len(units))+`) ORDER BY at, id`, args...)
		if err != nil {
			return nil, fmt.Errorf("answers: %w", err)
		}
		for rows.Next() {
			var id, body string
			if err := rows.Scan(&id, &body); err != nil {
				rows.Close()
				return nil, fmt.Errorf("answers: %w", err)
			}
			out[id] = body // later answers overwrite earlier ones
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("answers: %w", err)
		}
	}
	return out, nil
}
