package web_test

import (
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"mutu/internal/web"
)

// TestMetricsLabelsBounded sends 200,000 requests with random methods and
// paths straight to the handler: the metrics page keeps the same number of
// series and the heap does not grow with them (each new label combination
// would cost memory and a line on every scrape).
func TestMetricsLabelsBounded(t *testing.T) {
	// A server of its own that discards its log: the test app keeps its
	// log in memory, which would grow with every request.
	srv, err := web.New(demoDB(t), web.Config{}, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	scrape := func() (series int, text string) {
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		req.RemoteAddr = "127.0.0.1:9999"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("metrics: %d", rec.Code)
		}
		for _, l := range strings.Split(rec.Body.String(), "\n") {
			if strings.HasPrefix(l, "mutu_http_") {
				series++
			}
		}
		return series, rec.Body.String()
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	rng := rand.New(rand.NewPCG(8, 2026))
	send := func(n int) {
		for i := range n {
			method := "X" + strconv.FormatUint(rng.Uint64(), 36)
			if i%7 == 0 {
				method = http.MethodGet
			}
			// /api/ paths skip the session store: the test measures the
			// metrics, not page rendering.
			path := "/api/v" + strconv.FormatUint(rng.Uint64(), 36) + "/" + strconv.Itoa(i)
			if i%5 == 0 {
				path = "/metrics" // a route, mostly with a method it does not serve
			}
			req := &http.Request{Method: method, URL: &url.URL{Path: path}, Header: http.Header{}, Body: http.NoBody, RemoteAddr: "192.0.2.1:1234", Host: "mutu.test"}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s %s: %d", method, path, rec.Code)
			}
		}
	}
	send(2_000) // every label combination the test can reach exists now,
	scrape()    // including the scrape's own
	before, _ := scrape()
	heapBefore := heap()
	send(200_000)
	after, text := scrape()
	heapAfter := heap()
	if after != before {
		t.Errorf("metrics series grew from %d to %d lines:\n%s", before, after, text)
	}
	if !strings.Contains(text, `method="OTHER",route="unmatched",status="404"`) {
		t.Errorf("made-up methods are not folded into OTHER:\n%s", text)
	}
	if grown := int64(heapAfter) - int64(heapBefore); grown > 8<<20 {
		t.Errorf("heap grew by %d bytes over 200,000 requests", grown)
	}
	t.Logf("%d series lines; heap %d → %d bytes", after, heapBefore, heapAfter)
}
