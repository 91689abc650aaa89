package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// A read replica (issue #15, --db-read): a second pool to a PostgreSQL
// streaming replica. Only reads whose context allows it (ReadReplica: the
// routes of dashboards, reports, rankings and public pages) go there, and
// only while the replica answers, is within MaxLag of the primary and has
// replayed past the session's last write; every other read, and every
// write, stays on the primary. The state is probed at most once a
// ProbeEvery (by the injected clock), in the background of the request
// that finds it stale, so routing a read costs no query.

// DefaultReplicaMaxLag is how far (MUTU_DB_READ_MAX_LAG) a replica may lag
// before reads leave it and /healthz says "degraded".
const DefaultReplicaMaxLag = 30 * time.Second

// ReplicaProbeEvery is how often the replica's state is looked at: the
// longest a node goes on reading from a replica that stopped or fell behind.
const ReplicaProbeEvery = time.Second

// replicaProbeTimeout bounds one probe of a replica that does not answer.
const replicaProbeTimeout = 2 * time.Second

// LSN is a PostgreSQL write-ahead log position.
type LSN uint64

// ParseLSN reads an LSN as PostgreSQL prints it ("16/B374D848").
func ParseLSN(s string) (LSN, error) {
	hi, lo, ok := strings.Cut(s, "/")
	h, err1 := strconv.ParseUint(hi, 16, 32)
	l, err2 := strconv.ParseUint(lo, 16, 32)
	if !ok || err1 != nil || err2 != nil {
		return 0, fmt.Errorf("not a WAL position: %q", s)
	}
	return LSN(h<<32 | l), nil
}

func (l LSN) String() string { return fmt.Sprintf("%X/%X", uint64(l)>>32, uint64(l)&0xFFFFFFFF) }

// ReplicaStatus is what the last probe of the replica found.
type ReplicaStatus struct {
	Up         bool    // it answered as a standby
	Err        error   // why not, when not Up
	Replayed   LSN     // how far it has replayed the primary's log
	LagBytes   int64   // the primary's log position minus Replayed
	LagSeconds float64 // while it is behind the primary's position of the probe before: how long ago the last transaction it replayed was committed; else 0
	MaxLag     time.Duration
	CheckedAt  time.Time
}

// Usable reports whether reads may go to the replica.
func (s ReplicaStatus) Usable() bool { return s.Up && s.LagSeconds <= s.MaxLag.Seconds() }

type replica struct {
	pool   *sql.DB // replica reads (fallbackConnector)
	probe  *sql.DB // the replica alone, for probes
	maxLag time.Duration

	mu          sync.Mutex
	st          ReplicaStatus
	lastPrimary LSN         // the primary's position at the last probe
	probing     atomic.Bool // a background probe was started
	running     sync.Mutex  // held by a background probe while it runs
	closed      atomic.Bool // Close: no more background probes

	reads   atomic.Int64 // reads routed to the replica
	primary atomic.Int64 // replica-allowed reads that went to the primary
}

// OpenReplica attaches the read replica at dsn (--db-read, MUTU_DB_READ).
// Only PostgreSQL has replicas. It does not fail when the replica is down:
// reads then stay on the primary until it answers.
func (db *DB) OpenReplica(ctx context.Context, dsn string, maxLag time.Duration) error {
	if db.Engine != Postgres || !IsPostgres(dsn) {
		return errors.New("--db-read/MUTU_DB_READ: a read replica needs PostgreSQL (--db and --db-read postgres://…); SQLite has no replicas")
	}
	if maxLag <= 0 {
		return fmt.Errorf("MUTU_DB_READ_MAX_LAG: want a positive duration, got %s", maxLag)
	}
	rcfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return fmt.Errorf("MUTU_DB_READ: %w", err)
	}
	pcfg, err := pgx.ParseConfig(db.dsn)
	if err != nil {
		return fmt.Errorf("MUTU_DB: %w", err)
	}
	// A replica may go away at any moment (restarted, failed over): a
	// connection is pinged before each use (one round trip), so that a
	// dead one is replaced, on the primary while the replica is down,
	// rather than failing the query sent on it.
	ping := stdlib.OptionShouldPing(func(context.Context, stdlib.ShouldPingParams) bool { return true })
	pool := sql.OpenDB(fallbackConnector{replica: stdlib.GetConnector(*rcfg, ping), primary: stdlib.GetConnector(*pcfg)})
	pool.SetMaxOpenConns(4 * runtime.GOMAXPROCS(0))
	pool.SetMaxIdleConns(4 * runtime.GOMAXPROCS(0))
	pool.SetConnMaxIdleTime(5 * time.Minute)
	// A connection that fell back to the primary goes back to the replica
	// within a minute.
	pool.SetConnMaxLifetime(time.Minute)
	probe := stdlib.OpenDB(*rcfg)
	probe.SetMaxOpenConns(1)
	db.replica = &replica{pool: pool, probe: probe, maxLag: maxLag}
	db.replica.st = ReplicaStatus{Err: errors.New("not probed yet"), MaxLag: maxLag}
	db.probeReplica(ctx)
	return nil
}

// HasReplica reports whether a read replica is configured.
func (db *DB) HasReplica() bool { return db.replica != nil }

type replicaReadKey struct{}

// ReadReplica allows the reads under ctx to be served by the replica once
// it has replayed past after (the session's last write; 0: none).
func ReadReplica(ctx context.Context, after LSN) context.Context {
	return context.WithValue(ctx, replicaReadKey{}, after)
}

// reader is the pool for a read under ctx: the replica when ctx allows it
// (ReadReplica) and the replica is usable and has replayed past the
// session's last write; else the primary's readers.
func (db *DB) reader(ctx context.Context) *sql.DB {
	rep := db.replica
	if rep == nil {
		return db.r
	}
	after, ok := ctx.Value(replicaReadKey{}).(LSN)
	if !ok {
		return db.r
	}
	st := db.replicaState()
	if st.Usable() && st.Replayed >= after {
		rep.reads.Add(1)
		return rep.pool
	}
	rep.primary.Add(1)
	return db.r
}

// replicaState returns the last probe's findings, starting a new probe in
// the background when they are older than ReplicaProbeEvery.
func (db *DB) replicaState() ReplicaStatus {
	rep := db.replica
	rep.mu.Lock()
	st := rep.st
	rep.mu.Unlock()
	if db.Now().Sub(st.CheckedAt) >= ReplicaProbeEvery && !rep.closed.Load() && rep.probing.CompareAndSwap(false, true) {
		go func() {
			defer rep.probing.Store(false)
			rep.running.Lock()
			defer rep.running.Unlock()
			if !rep.closed.Load() {
				db.probeReplica(context.Background())
			}
		}()
	}
	return st
}

// ReplicaStatus returns the replica's state (for /healthz and /metrics),
// probing it first when the last look is older than ReplicaProbeEvery.
func (db *DB) ReplicaStatus(ctx context.Context) ReplicaStatus {
	rep := db.replica
	rep.mu.Lock()
	st := rep.st
	rep.mu.Unlock()
	if db.Now().Sub(st.CheckedAt) < ReplicaProbeEvery {
		return st
	}
	return db.probeReplica(ctx)
}

// ReplicaReads returns how many replica-allowed reads went to the replica
// and how many to the primary (lagging, down, or not past the session's
// write), for /metrics.
func (db *DB) ReplicaReads() (replica, primary int64) {
	return db.replica.reads.Load(), db.replica.primary.Load()
}

// probeReplica looks at the replica now and stores what it found. The
// primary's log position (where the next record goes: past every commit)
// is read first, so that a replica found at or past it is caught up.
func (db *DB) probeReplica(ctx context.Context) ReplicaStatus {
	rep := db.replica
	ctx, cancel := context.WithTimeout(ctx, replicaProbeTimeout)
	defer cancel()
	st := ReplicaStatus{MaxLag: rep.maxLag, CheckedAt: db.Now()}
	var primary, replayed sql.NullString
	var standby bool
	var since float64
	err := db.w.QueryRowContext(ctx, `SELECT pg_current_wal_insert_lsn()::text`).Scan(&primary)
	if err == nil {
		err = rep.probe.QueryRowContext(ctx, `SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,
COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)::float8`).Scan(&standby, &replayed, &since)
		if err == nil && (!standby || !replayed.Valid) {
			err = errors.New("not a standby (pg_is_in_recovery is false)")
		}
	} else {
		err = fmt.Errorf("primary: %w", err)
	}
	if err == nil {
		var p, r LSN
		if p, err = ParseLSN(primary.String); err == nil {
			r, err = ParseLSN(replayed.String)
		}
		st.Replayed = r
		if r < p {
			st.LagBytes = int64(p - r)
		}
		rep.mu.Lock()
		// The age of the last replayed transaction is the lag only while
		// the replica is behind what the primary had one probe ago: a
		// record the primary wrote a moment ago after an idle hour (a
		// checkpoint) is not an hour of lag.
		if r < rep.lastPrimary {
			st.LagSeconds = max(since, 0)
		}
		rep.lastPrimary = p
		rep.mu.Unlock()
	}
	st.Up, st.Err = err == nil, err
	rep.mu.Lock()
	wasUp := rep.st.Up
	rep.st = st
	rep.mu.Unlock()
	if wasUp && !st.Up {
		// The replica went away: drop its pool's idle connections, which
		// are dead, so that none is tried when it comes back.
		rep.pool.SetMaxIdleConns(0)
		rep.pool.SetMaxIdleConns(4 * runtime.GOMAXPROCS(0))
	}
	return st
}

// WriteLSN returns the primary's log position now: past every write
// committed so far, so a replica that has replayed it shows them. The web
// layer keeps it in a cookie after a session writes (read-your-writes).
func (db *DB) WriteLSN(ctx context.Context) (LSN, error) {
	var s string
	if err := db.w.QueryRowContext(ctx, `SELECT pg_current_wal_insert_lsn()::text`).Scan(&s); err != nil {
		return 0, fmt.Errorf("write position: %w", err)
	}
	return ParseLSN(s)
}

// closeReplica waits for a running probe and closes the replica's pools.
func (db *DB) closeReplica() error {
	if db.replica == nil {
		return nil
	}
	// A background probe running now ends first; one starting later sees
	// closed and does nothing.
	db.replica.closed.Store(true)
	db.replica.running.Lock()
	db.replica.running.Unlock()
	return errors.Join(db.replica.pool.Close(), db.replica.probe.Close())
}

// fallbackConnector connects to the replica, or to the primary when the
// replica refuses: in the second before a probe finds a replica stopped,
// its pool's dead connections fail their ping and are dropped (database/sql
// then takes another or a new one) and the new ones reach the primary, so
// reads answer rather than fail. A query already running on the replica
// when it stops still fails.
type fallbackConnector struct{ replica, primary driver.Connector }

func (c fallbackConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.replica.Connect(ctx)
	if err != nil && ctx.Err() == nil {
		return c.primary.Connect(ctx)
	}
	return conn, err
}

func (c fallbackConnector) Driver() driver.Driver { return c.replica.Driver() }
