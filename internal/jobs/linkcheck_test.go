package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/jobs"
	"mutu/internal/linkcheck"
	"mutu/internal/standard"
	"mutu/internal/store"
)

// TestLinkChecker: against local sites (with the allowance), the checker
// records for each due entry whether it answers and whether the page
// names the version in force; a site that does not answer costs its
// worker the timeout while the others are checked; two checkers running
// at once check each entry once.
func TestLinkChecker(t *testing.T) {
	ctx := context.Background()
	db, pkm := sweepDB(t)
	now := time.Date(2026, 12, 4, 3, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	svc := &pkm.Services[0]
	// Version 2 of the service's standard is in force.
	for i, decree := range []string{"e-0001/2025", "e-0042/2026"} {
		v, err := db.SaveDraft(ctx, audit.CLI, pkm, svc, standard.Content{Requirements: []string{"KTP"}, Steps: []string{"Datang"},
			Time: standard.TimeLimit{Value: 1, Unit: standard.WorkingDays}, Fee: standard.Fee{Kind: standard.Free}, Product: "Surat"})
		if err == nil {
			_, err = db.StandardStep(ctx, audit.CLI, pkm, svc, v.ID, standard.Approve, nil, nil)
		}
		if err == nil {
			eff := time.Date(2025+i, 1, 2, 0, 0, 0, 0, clock.Jakarta)
			_, err = db.StandardStep(ctx, audit.CLI, pkm, svc, v.ID, standard.Publish, &store.DecreeOf{Number: decree, Date: eff, EffectiveFrom: eff}, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
	}

	var mu sync.Mutex
	hits := map[string]int{}
	release := make(chan struct{})
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.RequestURI()]++
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		switch r.URL.Path {
		case "/v2":
			io.WriteString(w, "<p>Standar pelayanan, SK E-0042/2026</p>")
		case "/v1":
			io.WriteString(w, "<p>Standar pelayanan versi 1</p>")
		case "/lambat":
			select {
			case <-release:
			case <-r.Context().Done():
			}
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()
	defer close(release)

	paths := []string{"/v2", "/v1", "/hilang", "/lambat"}
	for i := range 4 { // more entries than one checker's workers
		paths = append(paths, "/v2?n="+string(rune('a'+i)))
	}
	ids := map[string]string{}
	for _, p := range paths {
		e := standard.Publication{Kind: standard.Website, URL: site.URL + p, SeenOn: now}
		if err := db.AddPublication(ctx, audit.CLI, pkm, svc, &e, nil); err != nil {
			t.Fatal(err)
		}
		ids[e.ID] = p
	}
	checker := func() *jobs.LinkChecker {
		return &jobs.LinkChecker{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Workers: 2, Every: 6 * time.Hour,
			Fetcher: linkcheck.NewFetcher(&linkcheck.Guard{AllowPrivate: true}, 500*time.Millisecond)}
	}
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for w := range 2 {
		wg.Go(func() {
			n, err := checker().CheckDue(ctx, now)
			if err != nil {
				t.Error(err)
			}
			counts[w] = n
		})
	}
	wg.Wait()
	if counts[0]+counts[1] != len(paths) {
		t.Errorf("checked %v, want %d in all", counts, len(paths))
	}
	for path, n := range hits {
		if n != 1 {
			t.Errorf("%s fetched %d times", path, n)
		}
	}
	ps, err := db.UnitPublications(ctx, pkm.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		c := p.Check
		if !c.At.Equal(now) || c.Version != 2 {
			t.Errorf("%s: %+v", ids[p.ID], c)
		}
		switch path := ids[p.ID]; path {
		case "/v1":
			if c.Status != 200 || c.Names != standard.NamesNo {
				t.Errorf("%s: %+v, want answered, not naming version 2", path, c)
			}
		case "/hilang":
			if c.Status != 404 || c.Answered() || c.Names != "" {
				t.Errorf("%s: %+v, want 404", path, c)
			}
		case "/lambat":
			if c.Status != 0 || c.Error != "timeout" || c.Names != "" {
				t.Errorf("%s: %+v, want a timeout", path, c)
			}
		default:
			if c.Status != 200 || c.Names != standard.NamesYes || c.Error != "" {
				t.Errorf("%s: %+v, want answered naming version 2", path, c)
			}
		}
	}
	// Nothing is due until the interval has passed.
	if n, _ := checker().CheckDue(ctx, now.Add(time.Hour)); n != 0 {
		t.Errorf("%d checked again within the interval", n)
	}
	if n, _ := checker().CheckDue(ctx, now.Add(6*time.Hour)); n != len(paths) {
		t.Errorf("%d checked after the interval, want %d", n, len(paths))
	}
}
