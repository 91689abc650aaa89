package store

// Held survey responses (issue #8, ballot stuffing). An anonymous web
// response over the hold policy is stored like any other, in the same group
// commit, and acknowledged only once durable; it is listed in skm_held
// instead of being added to the rollups. Releasing adds it to the rollups in
// the release transaction; discarding deletes it (it was never counted).

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"mutu/internal/audit"
	"mutu/internal/errs"
	"mutu/internal/skm"
)

// hashKeyName names the secret that keys the hashes of client addresses.
const hashKeyName = "client_hash"

// hashKey returns the deployment's secret for hashing client addresses,
// creating it on first use. Every node reads the same row, so every node
// computes the same hashes. It writes outside any transaction: call it
// before opening one (SQLite has one writer connection).
func (db *DB) hashKey(ctx context.Context) ([]byte, error) {
	db.secret.mu.Lock()
	defer db.secret.mu.Unlock()
	if db.secret.key != nil {
		return db.secret.key, nil
	}
	b := make([]byte, 32)
	rand.Read(b)
	if _, err := db.w.ExecContext(ctx, `INSERT INTO deployment_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
		hashKeyName, hex.EncodeToString(b), ts(db.Now())); err != nil {
		return nil, fmt.Errorf("hash key: %w", err)
	}
	var v string
	if err := db.w.QueryRowContext(ctx, `SELECT value FROM deployment_secrets WHERE name = $1`, hashKeyName).Scan(&v); err != nil {
		return nil, fmt.Errorf("hash key: %w", err)
	}
	key, err := hex.DecodeString(v)
	if err != nil {
		return nil, fmt.Errorf("hash key: %w", err)
	}
	db.secret.key = key
	return key, nil
}

// keyedHash is the HMAC-SHA256 of parts under key (hex, 128 bits): it
// cannot be reversed to an address by trying all 2³² IPv4 addresses
// without the key.
func keyedHash(key []byte, parts ...string) string {
	m := hmac.New(sha256.New, key)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return hex.EncodeToString(m.Sum(nil)[:16])
}

const (
	countClientSQL = `INSERT INTO skm_client_counts (unit_id, bucket, key_hash, n, at) VALUES ($1, $2, $3, 1, $4)
		ON CONFLICT (unit_id, bucket, key_hash) DO UPDATE SET n = skm_client_counts.n + 1 RETURNING n`
	clientCountSQL = `SELECT n FROM skm_client_counts WHERE unit_id = $1 AND bucket = $2 AND key_hash = $3`
	insertHeldSQL  = `INSERT INTO skm_held (unit_id, response_id, reason, held_at) VALUES ($1, $2, $3, $4)`
)

// holdReason counts an anonymous web response from r.Client and decides
// whether it is held. The counts are atomic upserts in the ingest
// transaction: concurrent transactions (of several nodes) on one counter
// row queue behind each other, so each response gets its own number and
// no more than the threshold pass unheld.
func (db *DB) holdReason(ctx context.Context, tx *batchTx, key []byte, r *skm.Response) (skm.HoldReason, error) {
	if r.Client == "" {
		return "", nil
	}
	addr := keyedHash(key, r.Client)
	hour, hourStart := skm.HourBucket(r.SubmittedAt)
	var inHour int
	if err := tx.queryRow(ctx, countClientSQL, r.UnitID, hour, addr, ts(hourStart)).Scan(&inHour); err != nil {
		return "", fmt.Errorf("count client: %w", err)
	}
	same := keyedHash(key, r.Client, r.AnswerVector())
	cur, prev, start := skm.BurstBuckets(r.SubmittedAt)
	var identical, before int
	if err := tx.queryRow(ctx, countClientSQL, r.UnitID, cur, same, ts(start)).Scan(&identical); err != nil {
		return "", fmt.Errorf("count answers: %w", err)
	}
	if err := tx.queryRow(ctx, clientCountSQL, r.UnitID, prev, same).Scan(&before); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("count answers: %w", err)
	}
	return db.Holds.Reason(inHour, identical+before), nil
}

// notHeld is the condition "response r is not held".
const notHeld = `NOT EXISTS (SELECT 1 FROM skm_held h WHERE h.unit_id = r.unit_id AND h.response_id = r.id)`

// PruneClientCounts deletes the hold counters of buckets that started
// before cutoff; the background maintenance calls it.
func (db *DB) PruneClientCounts(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := db.w.ExecContext(ctx, `DELETE FROM skm_client_counts WHERE at < $1`, ts(cutoff))
	if err != nil {
		return 0, fmt.Errorf("prune client counts: %w", err)
	}
	return res.RowsAffected()
}

// HeldResponse is a held response as the review page shows it: never the
// client's address (which is not stored).
type HeldResponse struct {
	ID        string
	HeldAt    time.Time
	Reason    skm.HoldReason
	LocalDate string
	Time      string // survey time, HH:MM WIB
	Service   string // service name, "" when none
	Answers   []int
	Saran     string
}

// HeldSelection names held responses of a unit: the listed IDs, or (All)
// every one with the reason ("" = any reason).
type HeldSelection struct {
	UnitID string
	Reason skm.HoldReason
	IDs    []string
	All    bool
}

func (q HeldSelection) where(arg func(any) string) string {
	if !q.All && len(q.IDs) == 0 {
		return "1=0"
	}
	cond := "h.unit_id = " + arg(q.UnitID)
	if q.Reason != "" {
		cond += " AND h.reason = " + arg(string(q.Reason))
	}
	if !q.All {
		cond += " AND " + inList("h.response_id", q.IDs, arg)
	}
	return cond
}

// HeldCounts is the number of held responses of a unit by reason.
func (db *DB) HeldCounts(ctx context.Context, unitID string) (map[skm.HoldReason]int, error) {
	type row struct {
		reason string
		n      int
	}
	rows, err := queryAll(ctx, db.reader(ctx), "held counts", `SELECT reason, COUNT(*) FROM skm_held WHERE unit_id = $1 GROUP BY reason`, []any{unitID},
		func(s scanner, r *row) error { return s.Scan(&r.reason, &r.n) })
	if err != nil {
		return nil, err
	}
	out := map[skm.HoldReason]int{}
	for _, r := range rows {
		out[skm.HoldReason(r.reason)] = r.n
	}
	return out, nil
}

// MaxHeldList bounds the review page's list.
const MaxHeldList = 500

// HeldResponses lists a unit's held responses with the reason ("" = any),
// oldest first, at most MaxHeldList.
func (db *DB) HeldResponses(ctx context.Context, unitID string, reason skm.HoldReason) ([]HeldResponse, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	cols := []string{"h.response_id", "h.held_at", "h.reason", "r.local_date", "r.survey_time", "COALESCE(s.name, '')", "r.saran"}
	for i := 1; i <= skm.MaxElements; i++ {
		cols = append(cols, "COALESCE(r.u"+strconv.Itoa(i)+", 0)")
	}
	q := `SELECT ` + strings.Join(cols, ", ") + ` FROM skm_held h
		JOIN skm_responses r ON r.unit_id = h.unit_id AND r.id = h.response_id
		LEFT JOIN services s ON s.unit_id = r.unit_id AND s.id = r.service_id
		WHERE ` + HeldSelection{UnitID: unitID, Reason: reason, All: true}.where(arg) + ` ORDER BY h.response_id LIMIT ` + arg(MaxHeldList)
	return queryAll(ctx, db.reader(ctx), "held responses", q, args, func(row scanner, h *HeldResponse) error {
		var at, reason string
		h.Answers = make([]int, skm.MaxElements)
		dest := []any{&h.ID, &at, &reason, &h.LocalDate, &h.Time, &h.Service, &h.Saran}
		for i := range h.Answers {
			dest = append(dest, &h.Answers[i])
		}
		if err := row.Scan(dest...); err != nil {
			return err
		}
		h.HeldAt, h.Reason = parseTS(at), skm.HoldReason(reason)
		return nil
	})
}

// ReleaseHeld counts the selected held responses: it adds them to the
// rollups and removes their hold, with an audit row, in one transaction.
// It returns how many were released.
func (db *DB) ReleaseHeld(ctx context.Context, actor audit.Actor, regionCode string, q HeldSelection) (int, error) {
	db.prepareHot(ctx)
	var n int
	err := db.tx(ctx, func(sqltx *sql.Tx) error {
		tx := db.batchTx(sqltx)
		var args []any
		arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
		cols := []string{"r.id", "COALESCE(r.service_id, '')", "r.instrument", "r.channel", "r.local_date", "COALESCE(r.age, 0)", "r.sex", "r.education", "r.occupation"}
		for i := 1; i <= skm.MaxElements; i++ {
			cols = append(cols, "COALESCE(r.u"+strconv.Itoa(i)+", 0)")
		}
		held, err := queryAll(ctx, sqltx, "held responses", `SELECT `+strings.Join(cols, ", ")+` FROM skm_held h
			JOIN skm_responses r ON r.unit_id = h.unit_id AND r.id = h.response_id WHERE `+q.where(arg), args,
			func(row scanner, resp *skm.Response) error {
				resp.UnitID, resp.Answers = q.UnitID, make([]int, skm.MaxElements)
				// SurveyDate carries the stored local date, so the response
				// counts on the day it counted on when it arrived.
				dest := []any{&resp.ID, &resp.ServiceID, &resp.Instrument, &resp.Channel, &resp.SurveyDate, &resp.Age, &resp.Sex, &resp.Education, &resp.Occupation}
				for i := range resp.Answers {
					dest = append(dest, &resp.Answers[i])
				}
				return row.Scan(dest...)
			})
		if err != nil {
			return err
		}
		deltas := rollupDeltas{}
		ids := make([]string, len(held))
		for i := range held {
			deltas.add(&held[i])
			ids[i] = held[i].ID
		}
		if err := deleteInUnit(ctx, sqltx, "skm_held", "response_id", q.UnitID, ids); err != nil {
			return fmt.Errorf("delete held: %w", err)
		}
		if err := db.applyDeltas(ctx, tx, deltas); err != nil {
			return err
		}
		n = len(held)
		return db.auditHeld(ctx, sqltx, actor, "skm.held.release", regionCode, q, n)
	})
	return n, err
}

// DiscardHeld deletes the selected held responses (they were never in the
// rollups), with an audit row, in one transaction, and returns how many.
func (db *DB) DiscardHeld(ctx context.Context, actor audit.Actor, regionCode string, q HeldSelection) (int, error) {
	var n int
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var args []any
		arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
		ids, err := queryAll(ctx, tx, "held responses", `SELECT h.response_id FROM skm_held h WHERE `+q.where(arg), args, scanOne[string])
		if err != nil {
			return err
		}
		if err := deleteInUnit(ctx, tx, "skm_held", "response_id", q.UnitID, ids); err != nil {
			return fmt.Errorf("delete held: %w", err)
		}
		if err := deleteInUnit(ctx, tx, "skm_responses", "id", q.UnitID, ids); err != nil {
			return fmt.Errorf("discard held: %w", err)
		}
		n = len(ids)
		return db.auditHeld(ctx, tx, actor, "skm.held.discard", regionCode, q, n)
	})
	return n, err
}

// deleteInUnit deletes the rows of table in unitID whose idCol is one of
// ids, 500 at a time.
func deleteInUnit(ctx context.Context, tx *sql.Tx, table, idCol, unitID string, ids []string) error {
	for start := 0; start < len(ids); start += 500 {
		batch := ids[start:min(start+500, len(ids))]
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE unit_id = $1 AND `+idCol+` IN (`+placeholders(2, len(batch))+`)`,
			append([]any{unitID}, anys(batch)...)...); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) auditHeld(ctx context.Context, tx *sql.Tx, actor audit.Actor, action, regionCode string, q HeldSelection, n int) error {
	if n == 0 {
		return errs.New(errs.Invalid, "skm.held.err.none")
	}
	reason := string(q.Reason)
	if reason == "" {
		reason = "all"
	}
	return db.writeAudit(ctx, tx, actor, audit.Entry{Action: action, ObjectType: "unit", ObjectID: q.UnitID, UnitID: q.UnitID, RegionCode: regionCode,
		Detail: "n=" + strconv.Itoa(n) + " reason=" + reason})
}
