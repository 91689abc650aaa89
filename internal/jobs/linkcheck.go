package jobs

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"mutu/internal/linkcheck"
	"mutu/internal/standard"
	"mutu/internal/store"
)

// LinkChecker visits the URLs of the publication register (issue #12):
// whether each answers and, for a web page, whether it names the version
// of the standard in force (standard.NamesVersion). Safe on several
// nodes: each run claims the entries that are due in the database under
// a lease, so no entry is checked by two nodes at once, and one slow
// site holds one worker for at most the fetch timeout while the others
// go on.
type LinkChecker struct {
	DB      *store.DB
	Log     *slog.Logger
	Fetcher *linkcheck.Fetcher
	Every   time.Duration // between two checks of one entry (MUTU_LINKCHECK_INTERVAL)
	Workers int           // fetches at once; 0: DefaultLinkWorkers
	Lease   *Lease        // several nodes: run on the lease's holder only; nil: here
}

// Defaults of the link checker.
const (
	DefaultLinkWorkers = 4
	DefaultLinkEvery   = 24 * time.Hour
	// linkBatch entries are claimed per run; with linkLease longer than
	// a batch can take (each fetch is bounded by linkcheck.Timeout), a
	// lease only runs out when its node died.
	linkBatch = 64
	linkLease = 30 * time.Minute
)

// CheckDue checks the entries due at now and returns how many it checked.
func (c *LinkChecker) CheckDue(ctx context.Context, now time.Time) (int, error) {
	token := store.NewID()
	due, err := c.DB.ClaimDuePublications(ctx, token, now, linkLease, linkBatch)
	if err != nil {
		return 0, err
	}
	workers := c.Workers
	if workers <= 0 {
		workers = DefaultLinkWorkers
	}
	every := c.Every
	if every <= 0 {
		every = DefaultLinkEvery
	}
	var mu sync.Mutex
	checked := 0
	var firstErr error
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for i := range due {
		p := &due[i]
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			check, err := c.check(ctx, p, now)
			if err == nil {
				var ok bool
				ok, err = c.DB.RecordPublicationCheck(ctx, p, token, check, now.Add(every))
				if !ok && err == nil {
					c.Log.Warn("link check not recorded: the entry was removed or its lease ran out", "unit", p.UnitID, "publication", p.ID)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil && firstErr == nil {
				firstErr = err
			} else if err == nil {
				checked++
			}
		}()
	}
	wg.Wait()
	return checked, firstErr
}

// check fetches p's URL and judges the answer against the version of
// its service's standard in force at now.
func (c *LinkChecker) check(ctx context.Context, p *standard.Publication, now time.Time) (standard.LinkCheck, error) {
	vs, err := c.DB.ServiceStandard(ctx, p.UnitID, p.ServiceID)
	if err != nil {
		return standard.LinkCheck{}, err
	}
	res := c.Fetcher.Fetch(ctx, p.URL)
	lc := standard.LinkCheck{At: now, Status: res.Status, Millis: int(res.Elapsed.Milliseconds()), Error: res.Err}
	if cur := standard.Current(vs, now); cur != nil {
		lc.Version = cur.Number
		if res.HTML && res.Err == "" && lc.Answered() {
			lc.Names = standard.NamesNo
			if standard.NamesVersion(res.Text, cur) {
				lc.Names = standard.NamesYes
			}
		}
	}
	return lc, nil
}

// Run checks what is due every interval until ctx ends.
func (c *LinkChecker) Run(ctx context.Context, interval time.Duration, now func() time.Time) {
	c.Lease.every(ctx, "link-check", interval, now, func() {
		n, err := c.CheckDue(ctx, now())
		if err != nil && ctx.Err() == nil {
			c.Log.Error("link check", "err", err)
		} else if n > 0 {
			c.Log.Info("link check", "checked", n)
		}
	})
}
