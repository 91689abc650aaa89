// Command load measures intake through the HTTP API: c concurrent clients
// POST survey responses (or, with -complaints, Open311 service requests) to
// a running Mutu for d, then the same clients hit a trivial Go handler in
// this process for the same time, and the throughput, latency percentiles
// and their ratio are printed. It only ever targets the loopback address it
// is given.
//
//	go run ./bench/load -url http://127.0.0.1:8099 -units PKM-31.72.01,DKP-31.72 -c 64 -d 20s -api-key KEY
//	go run ./bench/load -url http://127.0.0.1:8099 -units PKM-31.72.01 -complaints -api-key KEY
//
// The key comes from "mutu apikey create --scope responses" (survey
// responses) or "--scope open311" (complaints).
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type stats struct {
	ok, failed int64
	lat        []time.Duration
	elapsed    time.Duration
}

func (s stats) rate() float64 { return float64(s.ok) / s.elapsed.Seconds() }

func (s stats) pct(p float64) time.Duration {
	if len(s.lat) == 0 {
		return 0
	}
	return s.lat[min(len(s.lat)-1, int(float64(len(s.lat))*p))]
}

func main() {
	target := flag.String("url", "http://127.0.0.1:8099", "Mutu base URL (loopback only)")
	unitList := flag.String("units", "PKM-31.72.01", "comma-separated unit codes to rate")
	clients := flag.Int("c", 64, "concurrent clients")
	dur := flag.Duration("d", 20*time.Second, "duration of each run")
	warm := flag.Duration("warmup", 2*time.Second, "warm-up before measuring")
	complaints := flag.Bool("complaints", false, "file complaints through POST /open311/v2/requests.json instead of survey responses")
	apiKey := flag.String("api-key", "", "API key: scope responses (sent as Authorization: Bearer), or open311 with -complaints (sent as api_key)")
	flag.Parse()

	u, err := url.Parse(*target)
	if err != nil || !isLoopback(u.Hostname()) {
		fmt.Fprintln(os.Stderr, "load: -url must be a loopback address")
		os.Exit(2)
	}
	units := strings.Split(*unitList, ",")
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: *clients * 2, MaxIdleConnsPerHost: *clients * 2, IdleConnTimeout: time.Minute}}

	var seq atomic.Int64
	body := func(rng *rand.Rand) []byte {
		var b bytes.Buffer
		b.WriteString(`{"answers":{`)
		for i := 1; i <= 9; i++ {
			if i > 1 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `"U%d":%d`, i, 1+rng.IntN(4))
		}
		fmt.Fprintf(&b, `},"profile":{"age":%d,"sex":"%s"},"device":"load-%d"}`, 18+rng.IntN(60), []string{"L", "P"}[rng.IntN(2)], seq.Add(1))
		return b.Bytes()
	}
	name := "mutu POST /api/v1/units/{code}/responses"
	mutuReq := func(rng *rand.Rand) (*http.Request, int) {
		code := units[rng.IntN(len(units))]
		req, _ := http.NewRequest(http.MethodPost, *target+"/api/v1/units/"+code+"/responses", bytes.NewReader(body(rng)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+*apiKey)
		return req, http.StatusCreated
	}
	if *complaints {
		name = "mutu POST /open311/v2/requests.json"
		body = func(rng *rand.Rand) []byte {
			return []byte(url.Values{"api_key": {*apiKey}, "service_code": {[]string{"pengaduan", "aspirasi", "informasi", "konsultasi"}[rng.IntN(4)]},
				"attribute[unit]": {units[rng.IntN(len(units))]}, "attribute[privacy]": {"anonim"}, "address_string": {"Jl. Uji Beban No. 1"},
				"description": {fmt.Sprintf("Laporan uji beban nomor %d: antrean di loket tidak bergerak sejak pagi.", seq.Add(1))}}.Encode())
		}
		mutuReq = func(rng *rand.Rand) (*http.Request, int) {
			req, _ := http.NewRequest(http.MethodPost, *target+"/open311/v2/requests.json", bytes.NewReader(body(rng)))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return req, http.StatusCreated
		}
	}

	run(client, *clients, *warm, mutuReq) // warm-up, discarded
	m := run(client, *clients, *dur, mutuReq)
	report(name, m)

	// Baseline: a trivial handler in this process, same clients, same body size.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte(`{"id":"x"}`))
	})}
	go srv.Serve(ln)
	base := "http://" + ln.Addr().String()
	baseReq := func(rng *rand.Rand) (*http.Request, int) {
		req, _ := http.NewRequest(http.MethodPost, base+"/x", bytes.NewReader(body(rng)))
		return req, http.StatusCreated
	}
	run(client, *clients, *warm, baseReq)
	b := run(client, *clients, *dur, baseReq)
	report("trivial Go handler (baseline)", b)
	srv.Shutdown(context.Background())
	fmt.Printf("ratio: mutu/baseline = %.2f\n", m.rate()/b.rate())
}

// run drives c clients for d and returns what they saw.
func run(client *http.Client, c int, d time.Duration, next func(*rand.Rand) (*http.Request, int)) stats {
	var mu sync.Mutex
	var all stats
	var wg sync.WaitGroup
	deadline := time.Now().Add(d)
	start := time.Now()
	for i := range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), uint64(time.Now().UnixNano())))
			var local stats
			for time.Now().Before(deadline) {
				req, want := next(rng)
				t0 := time.Now()
				res, err := client.Do(req)
				if err != nil {
					local.failed++
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode == want {
					local.ok++
					local.lat = append(local.lat, time.Since(t0))
				} else {
					local.failed++
				}
			}
			mu.Lock()
			all.ok += local.ok
			all.failed += local.failed
			all.lat = append(all.lat, local.lat...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	all.elapsed = time.Since(start)
	slices.Sort(all.lat)
	return all
}

func report(name string, s stats) {
	fmt.Printf("%s\n  accepted %d, failed %d in %s: %.0f/s; latency p50 %s, p90 %s, p99 %s, max %s\n", name, s.ok, s.failed,
		s.elapsed.Round(time.Millisecond), s.rate(), s.pct(.5).Round(10*time.Microsecond), s.pct(.9).Round(10*time.Microsecond),
		s.pct(.99).Round(10*time.Microsecond), s.pct(1).Round(10*time.Microsecond))
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
