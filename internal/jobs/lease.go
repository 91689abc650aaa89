package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"mutu/internal/store"
)

// DefaultLeaseTTL is how long a job's lease lasts unless renewed. The
// holder renews it every third of that; another node looks as often, so it
// takes a dead holder's job over within TTL + TTL/3 = one minute.
const DefaultLeaseTTL = 45 * time.Second

// Lease runs each background job on one app node at a time: the node that
// holds the job's row in job_leases (store.TakeLease). A nil *Lease runs
// every job in this process, as one node alone may.
type Lease struct {
	DB   *store.DB
	Log  *slog.Logger
	Node string        // this node, unique among the running nodes (NodeID)
	TTL  time.Duration // 0: DefaultLeaseTTL
}

// NodeID names this process among the app nodes: host, process and a
// random part (a restarted process is another holder).
func NodeID() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), store.NewID()[24:])
}

func (l *Lease) ttl() time.Duration {
	if l.TTL > 0 {
		return l.TTL
	}
	return DefaultLeaseTTL
}

// every runs job at once and then every interval until ctx ends; with a
// lease, only while this node holds the lease on name, which it looks at
// every TTL/3. On the way out it gives the lease up for the next node.
func (l *Lease) every(ctx context.Context, name string, interval time.Duration, now func() time.Time, job func()) {
	tick := interval
	if l != nil {
		tick = l.ttl() / 3
		defer func() {
			if err := l.DB.ReleaseLease(context.WithoutCancel(ctx), name, l.Node); err != nil {
				l.Log.Warn("release lease", "job", name, "err", err)
			}
		}()
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	var last time.Time
	for {
		l.step(ctx, name, interval, now, &last, job)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// step is one look of every: it takes or renews the lease and runs job when
// this node holds it and last (when it last ran it here, zero when not
// since it got the lease) is interval ago. While job runs, the lease is
// renewed every TTL/3, so a long run keeps it.
func (l *Lease) step(ctx context.Context, name string, interval time.Duration, now func() time.Time, last *time.Time, job func()) {
	if l == nil {
		job()
		return
	}
	at := now()
	held, err := l.DB.TakeLease(ctx, name, l.Node, at, l.ttl())
	if err != nil {
		if ctx.Err() == nil {
			l.Log.Warn("take lease", "job", name, "err", err)
		}
		held = false
	}
	if !held {
		*last = time.Time{}
		return
	}
	if !last.IsZero() && at.Sub(*last) < interval {
		return
	}
	*last = at
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(l.ttl() / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if _, err := l.DB.TakeLease(ctx, name, l.Node, now(), l.ttl()); err != nil && ctx.Err() == nil {
					l.Log.Warn("renew lease", "job", name, "err", err)
				}
			}
		}
	}()
	defer close(done)
	job()
}
