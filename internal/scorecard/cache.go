package scorecard

import (
	"context"
	"fmt"
	"sync"
	"time"

	"mutu/internal/finding"
	"mutu/internal/region"
	"mutu/internal/skm"
	"mutu/internal/standard"
	"mutu/internal/unit"
)

// CacheTTL bounds how old a cached answer may be: a province's scorecard
// reads every unit's figures (hundreds of units, ~0,5 s of CPU on the
// large datasets), and its figures move by the day, not by the second.
const CacheTTL = time.Minute

// cacheLimit bounds the answers kept: beyond it the cache starts over
// (scopes are few — a region each, an operator's units — so it seldom is).
const cacheLimit = 2000

// Cache keeps a Source's answers for CacheTTL, by method and arguments,
// for every node's readers of the same scope. Warm refreshes the answers
// ahead of their expiry, so a page seldom waits for a read.
type Cache struct {
	Now func() time.Time

	mu      sync.Mutex
	entries map[string]cached
}

type cached struct {
	at    time.Time
	value any
}

type refreshKey struct{}

// Refreshing marks ctx so that the reads under it skip the cached answers
// and store fresh ones (the warmer's reads).
func Refreshing(ctx context.Context) context.Context {
	return context.WithValue(ctx, refreshKey{}, true)
}

// Over is src behind the cache.
func (c *Cache) Over(src Source) Source { return cachedSource{c: c, src: src} }

func memo[T any](ctx context.Context, c *Cache, key string, read func() (T, error)) (T, error) {
	now := c.Now()
	if refresh, _ := ctx.Value(refreshKey{}).(bool); !refresh {
		c.mu.Lock()
		e, ok := c.entries[key]
		c.mu.Unlock()
		if ok && now.Sub(e.at) < CacheTTL && !now.Before(e.at) {
			return e.value.(T), nil
		}
	}
	v, err := read()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if c.entries == nil || len(c.entries) >= cacheLimit {
		c.entries = map[string]cached{}
	}
	c.entries[key] = cached{at: now, value: v}
	c.mu.Unlock()
	return v, nil
}

// cachedSource answers from the cache, keyed by the method and the
// printed arguments (maps print in key order, so a key is stable).
type cachedSource struct {
	c   *Cache
	src Source
}

func key(method string, args ...any) string { return method + fmt.Sprint(args...) }

func (s cachedSource) Units(ctx context.Context, sc Scope) ([]unit.Unit, error) {
	return memo(ctx, s.c, key("units", sc), func() ([]unit.Unit, error) { return s.src.Units(ctx, sc) })
}

func (s cachedSource) Regions(ctx context.Context, codes []string) ([]region.Region, error) {
	return memo(ctx, s.c, key("regions", codes), func() ([]region.Region, error) { return s.src.Regions(ctx, codes) })
}

func (s cachedSource) Survey(ctx context.Context, groups map[string][]string, r skm.Range) (map[string]skm.Result, error) {
	return memo(ctx, s.c, key("survey", groups, r.From, r.To), func() (map[string]skm.Result, error) { return s.src.Survey(ctx, groups, r) })
}

func (s cachedSource) Visits(ctx context.Context, sc Scope) (map[string][]Visit, error) {
	return memo(ctx, s.c, key("visits", sc), func() (map[string][]Visit, error) { return s.src.Visits(ctx, sc) })
}

func (s cachedSource) Complaints(ctx context.Context, sc Scope, year int) ([2]map[string]OnTime, error) {
	return memo(ctx, s.c, key("complaints", sc, year), func() ([2]map[string]OnTime, error) { return s.src.Complaints(ctx, sc, year) })
}

func (s cachedSource) Coverage(ctx context.Context, unitIDs []string) (map[string]standard.Coverage, error) {
	return memo(ctx, s.c, key("coverage", unitIDs), func() (map[string]standard.Coverage, error) { return s.src.Coverage(ctx, unitIDs) })
}

func (s cachedSource) Innovations(ctx context.Context, sc Scope) (map[string]Innovations, error) {
	return memo(ctx, s.c, key("innovations", sc), func() (map[string]Innovations, error) { return s.src.Innovations(ctx, sc) })
}

func (s cachedSource) Findings(ctx context.Context, sc Scope) (map[string]finding.Stats, error) {
	return memo(ctx, s.c, key("findings", sc), func() (map[string]finding.Stats, error) { return s.src.Findings(ctx, sc) })
}

func (s cachedSource) Compliance(ctx context.Context, unitIDs []string) (map[string]Opinion, error) {
	return memo(ctx, s.c, key("compliance", unitIDs), func() (map[string]Opinion, error) { return s.src.Compliance(ctx, unitIDs) })
}
