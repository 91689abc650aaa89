package store

import (
	"sync"
	"time"

	"mutu/internal/unit"
)

// unitCache keeps units by code for the hot public paths (the survey page
// and the ingestion API look a unit up on every request). Entries expire
// after unitCacheTTL by the database's clock (DB.Now) so that changes made
// through another app node show up within that time; changes made through
// this node clear the cache at once.
type unitCache struct {
	mu sync.Mutex
	m  map[string]cachedUnit
}

type cachedUnit struct {
	u       *unit.Unit
	expires time.Time
}

const unitCacheTTL = 30 * time.Second

func (c *unitCache) get(code string, now time.Time) (*unit.Unit, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[code]
	if !ok || !now.Before(e.expires) {
		return nil, false
	}
	return copyUnit(e.u), true
}

func (c *unitCache) put(u *unit.Unit, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 10_000 {
		c.m = map[string]cachedUnit{}
	}
	c.m[u.Code] = cachedUnit{u: copyUnit(u), expires: now.Add(unitCacheTTL)}
}

func (c *unitCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m = nil
}

// copyUnit returns a copy callers may change freely.
func copyUnit(u *unit.Unit) *unit.Unit {
	cp := *u
	cp.Services = append([]unit.Service(nil), u.Services...)
	return &cp
}
