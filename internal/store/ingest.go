package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"mutu/internal/audit"
	"mutu/internal/errs"
	"mutu/internal/skm"
)

// Outcome is what became of a submitted response.
type Outcome struct {
	ID       string // the stored response (the first one, for a replay)
	Replayed bool   // an earlier request with the same idempotency key was stored
	// Held is why the response was stored but held out of the IKM until a
	// manager releases it ("" = counted).
	Held skm.HoldReason
}

// ingester commits responses in groups: concurrent submissions queue while
// one transaction commits and are then committed together. A response is
// acknowledged only after its transaction has committed.
type ingester struct {
	once sync.Once
	ch   chan *pending
}

type pending struct {
	r    *skm.Response
	done chan result
}

type result struct {
	out Outcome
	err error
}

// maxBatch bounds one group commit.
const maxBatch = 256

// SubmitResponse stores a validated response and its rollups. It returns
// the stored id, the first id for a retried idempotency key, or a Conflict
// for an identical response from the same device within skm.DuplicateWindow.
func (db *DB) SubmitResponse(ctx context.Context, r *skm.Response) (Outcome, error) {
	db.ingest.once.Do(func() {
		db.ingest.ch = make(chan *pending, 4*maxBatch)
		go db.runIngest()
	})
	p := &pending{r: r, done: make(chan result, 1)}
	select {
	case db.ingest.ch <- p:
	case <-ctx.Done():
		return Outcome{}, ctx.Err()
	}
	// Once queued the response will be committed or refused; wait for the
	// answer even if the client goes away, so nothing is half done.
	res := <-p.done
	return res.out, res.err
}

// SubmitResponses stores many responses in one transaction, all or none (seeding).
func (db *DB) SubmitResponses(ctx context.Context, rs []*skm.Response) error {
	return db.submitResponses(ctx, rs, nil)
}

// ImportResponses stores the responses of a paper-survey file into unitID,
// all or none, with an audit row in the same transaction.
func (db *DB) ImportResponses(ctx context.Context, actor audit.Actor, unitID string, rs []*skm.Response) error {
	return db.submitResponses(ctx, rs, func(tx *sql.Tx) error {
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "skm.import", ObjectType: "unit", ObjectID: unitID, UnitID: unitID,
			ObjectLabel: "survei kertas", Detail: strconv.Itoa(len(rs)) + " tanggapan"})
	})
}

// submitResponses stores rs in one transaction, then runs also (if any) in it.
func (db *DB) submitResponses(ctx context.Context, rs []*skm.Response, also func(*sql.Tx) error) error {
	db.prepareHot(ctx)
	return db.tx(ctx, func(sqltx *sql.Tx) error {
		tx := db.batchTx(sqltx)
		deltas := rollupDeltas{}
		for _, r := range rs {
			out, err := db.insertResponse(ctx, tx, nil, r, deltas)
			if err != nil {
				return err
			}
			if out.Replayed {
				return errs.New(errs.Conflict, "skm.err.duplicate")
			}
		}
		if err := db.applyDeltas(ctx, tx, deltas); err != nil || also == nil {
			return err
		}
		return also(sqltx)
	})
}

func (db *DB) runIngest() {
	for first := range db.ingest.ch {
		batch := []*pending{first}
	collect:
		for len(batch) < maxBatch {
			select {
			case p := <-db.ingest.ch:
				batch = append(batch, p)
			default:
				break collect
			}
		}
		db.commitBatch(batch)
	}
}

// commitBatch commits a group; if the group fails as a whole, each response
// is retried alone so that one bad response cannot sink the others.
func (db *DB) commitBatch(batch []*pending) {
	ctx := context.Background()
	db.prepareHot(ctx)
	results := make([]result, len(batch))
	key, err := db.hashKey(ctx)
	if err == nil {
		err = db.tx(ctx, func(sqltx *sql.Tx) error {
			tx := db.batchTx(sqltx)
			deltas := rollupDeltas{}
			for i, p := range batch {
				out, err := db.insertResponse(ctx, tx, key, p.r, deltas)
				if err != nil && !errs.Is(err, errs.Conflict) {
					return err
				}
				results[i] = result{out, err}
			}
			return db.applyDeltas(ctx, tx, deltas)
		})
	}
	if err == nil {
		for i, p := range batch {
			p.done <- results[i]
		}
		return
	}
	if len(batch) == 1 {
		batch[0].done <- result{err: err}
		return
	}
	for _, p := range batch {
		db.commitBatch([]*pending{p})
	}
}

var errDuplicate = errs.New(errs.Conflict, "skm.err.duplicate")

// insertResponse stores one response inside tx and adds its counters to
// deltas, or holds it (see holdReason; key hashes client addresses).
// Duplicates are found without failing statements (a failed statement
// would abort a PostgreSQL transaction).
func (db *DB) insertResponse(ctx context.Context, tx *batchTx, key []byte, r *skm.Response, deltas rollupDeltas) (Outcome, error) {
	if r.Idempotency != "" {
		if id, ok, err := db.lookupID(ctx, tx, lookupIdempotencySQL, r.UnitID, r.Idempotency); err != nil || ok {
			return Outcome{ID: id, Replayed: ok}, err
		}
	}
	current, previous := r.DedupKeys(r.SubmittedAt)
	if previous != "" {
		if _, ok, err := db.lookupID(ctx, tx, lookupDedupSQL, r.UnitID, previous); err != nil || ok {
			if err == nil {
				err = errDuplicate
			}
			return Outcome{}, err
		}
	}
	held, err := db.holdReason(ctx, tx, key, r)
	if err != nil {
		return Outcome{}, err
	}
	if r.ID == "" {
		r.ID = NewID()
	}
	args := []any{r.UnitID, r.ID, nullable(r.ServiceID), r.Instrument, string(r.Channel), ts(r.SubmittedAt), r.LocalDate(), r.SurveyTime,
		nullableInt(r.Age), r.Sex, r.Education, r.Occupation}
	for i := range skm.MaxElements {
		if i < len(r.Answers) && r.Answers[i] > 0 {
			args = append(args, r.Answers[i])
		} else {
			args = append(args, nil)
		}
	}
	args = append(args, strings.Join(r.Extra, "\x1f"), r.Saran, r.Device, nullable(r.Idempotency), nullable(current))
	res, err := tx.ExecContext(ctx, insertResponseSQL, args...)
	if err != nil {
		return Outcome{}, fmt.Errorf("insert response: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if id, ok, err := db.lookupID(ctx, tx, lookupIdempotencySQL, r.UnitID, r.Idempotency); err != nil || ok {
			return Outcome{ID: id, Replayed: ok}, err
		}
		return Outcome{}, errDuplicate
	}
	if held != "" {
		if _, err := tx.ExecContext(ctx, insertHeldSQL, r.UnitID, r.ID, string(held), ts(r.SubmittedAt)); err != nil {
			return Outcome{}, fmt.Errorf("hold response: %w", err)
		}
		return Outcome{ID: r.ID, Held: held}, nil
	}
	deltas.add(r)
	return Outcome{ID: r.ID}, nil
}

var insertResponseSQL = func() string {
	cols := []string{"unit_id", "id", "service_id", "instrument", "channel", "submitted_at", "local_date", "survey_time", "age", "sex", "education", "occupation"}
	for i := 1; i <= skm.MaxElements; i++ {
		cols = append(cols, "u"+strconv.Itoa(i))
	}
	cols = append(cols, "extra", "saran", "device", "idempotency_key", "dedup_key")
	return "INSERT INTO skm_responses (" + strings.Join(cols, ", ") + ") VALUES (" + placeholders(1, len(cols)) + ") ON CONFLICT DO NOTHING"
}()

func (db *DB) lookupID(ctx context.Context, tx *batchTx, q string, args ...any) (string, bool, error) {
	var id string
	err := tx.queryRow(ctx, q, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("lookup response: %w", err)
	}
	return id, true, nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullableInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// rollupDeltas accumulates what a transaction adds to each rollup row, so a
// group of responses to one unit on one day costs one upsert per table.
type rollupDeltas map[rollupKey]counters

type rollupKey struct{ unit, service, date, instrument string }

func (d rollupDeltas) add(r *skm.Response) {
	k := rollupKey{r.UnitID, r.ServiceID, r.LocalDate(), r.Instrument}
	c := countersOf(r)
	if prev, ok := d[k]; ok {
		prev.add(c)
	} else {
		d[k] = c
	}
}

var upsertRollupSQL = func() map[string]string {
	out := map[string]string{}
	for table, period := range map[string]string{"skm_daily": "local_date", "skm_monthly": "month"} {
		cols := append([]string{"unit_id", "service_key", period, "instrument"}, rollupColumns...)
		sets := make([]string, len(rollupColumns))
		for i, c := range rollupColumns {
			sets[i] = c + " = " + table + "." + c + " + excluded." + c
		}
		out[table] = "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (" + placeholders(1, len(cols)) +
			") ON CONFLICT (unit_id, service_key, " + period + ", instrument) DO UPDATE SET " + strings.Join(sets, ", ")
	}
	return out
}()

func (db *DB) applyDeltas(ctx context.Context, tx *batchTx, d rollupDeltas) error {
	months := map[rollupKey]counters{}
	for k, c := range d {
		if err := db.upsertRollup(ctx, tx, "skm_daily", k, c); err != nil {
			return err
		}
		mk := rollupKey{k.unit, k.service, k.date[:7], k.instrument}
		if prev, ok := months[mk]; ok {
			prev.add(c)
		} else {
			months[mk] = append(counters(nil), c...)
		}
	}
	for k, c := range months {
		if err := db.upsertRollup(ctx, tx, "skm_monthly", k, c); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) upsertRollup(ctx context.Context, tx *batchTx, table string, k rollupKey, c counters) error {
	args := make([]any, 0, 4+len(c))
	args = append(args, k.unit, k.service, k.date, k.instrument)
	for _, v := range c {
		args = append(args, v)
	}
	if _, err := tx.ExecContext(ctx, upsertRollupSQL[table], args...); err != nil {
		return fmt.Errorf("upsert %s: %w", table, err)
	}
	return nil
}

// hotStatements are the statements of ingestion, prepared once on the
// writer pool: they are long (a rollup upsert names 59 columns), and parsing
// them once instead of per response matters on SQLite.
var hotStatements = []string{insertResponseSQL, upsertRollupSQL["skm_daily"], upsertRollupSQL["skm_monthly"],
	lookupIdempotencySQL, lookupDedupSQL, countClientSQL, clientCountSQL, insertHeldSQL}

const (
	lookupIdempotencySQL = `SELECT id FROM skm_responses WHERE unit_id = $1 AND idempotency_key = $2`
	lookupDedupSQL       = `SELECT id FROM skm_responses WHERE unit_id = $1 AND dedup_key = $2`
)

// prepareHot prepares the hot statements. It must run outside any write
// transaction: on SQLite the writer pool has one connection, which an open
// transaction holds.
func (db *DB) prepareHot(ctx context.Context) {
	db.stmts.mu.Lock()
	defer db.stmts.mu.Unlock()
	if db.stmts.m != nil {
		return
	}
	m := map[string]*sql.Stmt{}
	if db.pooled {
		// A transaction pooler would hand these to another client.
		db.stmts.m = m
		return
	}
	for _, q := range hotStatements {
		if st, err := db.w.PrepareContext(ctx, q); err == nil {
			m[q] = st
		}
	}
	db.stmts.m = m
}

// prepared returns q if it was prepared by prepareHot, else nil (the caller
// then runs q unprepared).
func (db *DB) prepared(q string) *sql.Stmt {
	db.stmts.mu.Lock()
	defer db.stmts.mu.Unlock()
	return db.stmts.m[q]
}

// batchTx is a write transaction for bulk writes, where parsing the SQL of
// every row would cost more than the row: it prepares each statement once,
// however many rows it writes. A hot statement prepared by prepareHot is
// bound to the transaction; another one is prepared in it when executed.
// Either is closed with the transaction.
type batchTx struct {
	*sql.Tx
	db    *DB
	stmts map[string]*sql.Stmt
}

func (db *DB) batchTx(tx *sql.Tx) *batchTx {
	return &batchTx{Tx: tx, db: db, stmts: map[string]*sql.Stmt{}}
}

// stmt returns q bound to the transaction, or nil when q is not prepared.
func (tx *batchTx) stmt(ctx context.Context, q string) *sql.Stmt {
	if st, ok := tx.stmts[q]; ok {
		return st
	}
	var st *sql.Stmt
	if p := tx.db.prepared(q); p != nil {
		st = tx.StmtContext(ctx, p)
	}
	tx.stmts[q] = st
	return st
}

// ExecContext runs q prepared, preparing it in the transaction the first
// time when it is not a hot statement.
func (tx *batchTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st := tx.stmt(ctx, q)
	if st == nil && tx.db.pooled {
		// Behind a transaction pooler even a statement prepared in the
		// transaction is closed after it, on another server connection.
		return tx.Tx.ExecContext(ctx, q, args...)
	}
	if st == nil {
		var err error
		if st, err = tx.PrepareContext(ctx, q); err != nil {
			return nil, err
		}
		tx.stmts[q] = st
	}
	return st.ExecContext(ctx, args...)
}

func (tx *batchTx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := tx.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, q, args...)
}
