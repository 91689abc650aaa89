// Command cost measures what a request costs on each tier of a cluster from
// scripts/cluster (bench/cluster-cost runs it with 1 and then 2 nodes). It
// drives four loads through haproxy, one after the other:
//
//   - responses: survey responses (POST /api/v1/units/{code}/responses), as a
//     kiosk or an integration sends them, each with its own Idempotency-Key;
//   - complaints: Open311 complaints (POST /open311/v2/requests.json), each
//     with its own Idempotency-Key;
//   - public: public pages (home, a city, a unit, its results, the service
//     directory, the IKM API);
//   - dashboards: /dasbor of a province leader, a city leader and the
//     province administrator, and the city ranking (/kelola/skm), signed in.
//
// Around each measured run it reads utime+stime of every tier's process tree
// from /proc (the roots given with -tier; children and reaped children
// included, so PostgreSQL's backends count), and prints one Markdown row per
// load: throughput, latency percentiles and CPU-ms per request on each tier.
// CPU time is what a capacity plan needs and, unlike throughput, hardly
// depends on what else the machine runs; the row also says how busy the
// machine was and how much of that was neither the cluster nor this client.
// With -storage FILE it appends, for the two ingestion loads, how much each
// table on the primary grew per row and how much WAL a request wrote.
//
//	go run ./bench/cost -url URL -db PRIMARY -responses-key K1 -open311-key K2 -nodes 2 \
//	    -tier haproxy=PID -tier "app nodes=PID PID" -tier pgbouncer=PID -tier "PG primary=PID" -tier "PG replica=PID"
//
// Loopback only.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// ticksPerSecond is USER_HZ, the unit of /proc's CPU times: 100 on every
// Linux architecture Go supports (the kernel ABI fixes it, whatever CONFIG_HZ).
const ticksPerSecond = 100

type tier struct {
	name  string
	roots []int
}

type tiers []tier

func (t *tiers) String() string { return fmt.Sprint(*t) }

func (t *tiers) Set(v string) error {
	name, pids, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return errors.New("want NAME=PID[ PID…]")
	}
	tr := tier{name: name}
	for _, f := range strings.Fields(strings.ReplaceAll(pids, ",", " ")) {
		pid, err := strconv.Atoi(f)
		if err != nil || pid <= 0 {
			return fmt.Errorf("bad pid %q", f)
		}
		tr.roots = append(tr.roots, pid)
	}
	if len(tr.roots) == 0 {
		return errors.New("no pid for " + name)
	}
	*t = append(*t, tr)
	return nil
}

// request is one HTTP request of a load and the status that counts as served.
type request struct {
	method, path, ctype string
	header              http.Header
	body                []byte
	want                int
}

type load struct {
	name   string
	writes bool // storage figures are taken around it
	next   func(rng *rand.Rand) request
}

type result struct {
	ok, failed int
	lat        []time.Duration
	elapsed    time.Duration
	firstErr   string
}

func (r result) pct(p float64) float64 {
	if len(r.lat) == 0 {
		return 0
	}
	return float64(r.lat[min(len(r.lat)-1, int(float64(len(r.lat))*p))].Microseconds()) / 1000
}

func main() {
	base := flag.String("url", "", "haproxy URL (loopback)")
	dsn := flag.String("db", "", "primary database URL (direct), for the storage figures")
	respKey := flag.String("responses-key", "", "API key with the responses scope")
	o311Key := flag.String("open311-key", "", "API key with the open311 scope")
	unitList := flag.String("units", "PKM-31.72.01,PKM-31.72.02,DKP-31.72,PTSP-31.72", "unit codes")
	region := flag.String("region", "31.72", "region code of the city page")
	users := flag.String("users", "pimpinan.dki,pimpinan.jakut,admin", "dashboard users (demo password)")
	password := flag.String("password", "mutu-demo-2026", "their password")
	clients := flag.Int("c", 8, "concurrent clients")
	dur := flag.Duration("d", 20*time.Second, "measured duration of each load")
	warm := flag.Duration("warmup", 3*time.Second, "unmeasured warm-up before each load")
	nodes := flag.String("nodes", "?", "number of app nodes, for the table")
	storage := flag.String("storage", "", "append the ingestion loads' storage figures (Markdown rows) to this file")
	var ts tiers
	flag.Var(&ts, "tier", "NAME=PID[ PID…]: a tier and the roots of its process trees (repeatable)")
	flag.Parse()

	u, err := url.Parse(*base)
	if err != nil || !isLoopback(u.Hostname()) || len(ts) == 0 {
		fmt.Fprintln(os.Stderr, "cost: -url must be a loopback address and at least one -tier is needed")
		os.Exit(2)
	}
	hc := &http.Client{Timeout: 30 * time.Second,
		Transport:     &http.Transport{MaxIdleConnsPerHost: 2 * *clients, IdleConnTimeout: time.Minute},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	units := strings.Split(*unitList, ",")
	tag := fmt.Sprintf("cost%d", time.Now().UnixNano())
	var seq atomic.Int64

	keyed := func() (string, http.Header) {
		key := fmt.Sprintf("%s-%d", tag, seq.Add(1))
		return key, http.Header{"Idempotency-Key": {key}}
	}
	complaints := load{name: "complaints", writes: true, next: func(rng *rand.Rand) request {
		key, h := keyed()
		form := url.Values{"api_key": {*o311Key}, "service_code": {"pengaduan"}, "attribute[unit]": {units[rng.IntN(len(units))]},
			"attribute[privacy]": {"anonim"}, "address_string": {"Jl. Uji Biaya No. 1"},
			"description": {fmt.Sprintf("Laporan uji biaya %s: antrean di loket tidak bergerak sejak pagi.", key)}}
		return request{http.MethodPost, "/open311/v2/requests.json", "application/x-www-form-urlencoded", h, []byte(form.Encode()), http.StatusCreated}
	}}
	responses := load{name: "responses", writes: true, next: func(rng *rand.Rand) request {
		key, h := keyed()
		h.Set("Authorization", "Bearer "+*respKey)
		var b bytes.Buffer
		b.WriteString(`{"answers":{`)
		for i := 1; i <= 9; i++ {
			if i > 1 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `"U%d":%d`, i, 1+rng.IntN(4))
		}
		fmt.Fprintf(&b, `},"profile":{"age":%d,"sex":"%s"},"device":"%s"}`, 18+rng.IntN(60), []string{"L", "P"}[rng.IntN(2)], key)
		return request{http.MethodPost, "/api/v1/units/" + units[rng.IntN(len(units))] + "/responses", "application/json", h, b.Bytes(), http.StatusCreated}
	}}

	year := time.Now().Year()
	public := []string{"/", "/wilayah/" + *region, "/layanan"}
	for _, unit := range units {
		public = append(public, "/unit/"+unit, "/hasil/"+unit, fmt.Sprintf("/api/v1/units/%s/ikm?from=%d-01-01&to=%d-12-31", unit, year, year))
	}
	pages := load{name: "public", next: cycle(&seq, public, nil)}

	var dash []string
	var cookies []string
	for _, user := range strings.Split(*users, ",") {
		c, err := login(hc, *base, user, *password)
		if err != nil {
			fmt.Fprintln(os.Stderr, "cost:", err)
			os.Exit(1)
		}
		dash = append(dash, "/dasbor")
		cookies = append(cookies, c)
		if user == "admin" {
			dash = append(dash, fmt.Sprintf("/kelola/skm?p=%d", year))
			cookies = append(cookies, c)
		}
	}
	dashboards := load{name: "dashboards", next: cycle(&seq, dash, cookies)}

	var db *sql.DB
	if *storage != "" {
		if db, err = sql.Open("pgx", *dsn); err != nil {
			fmt.Fprintln(os.Stderr, "cost:", err)
			os.Exit(2)
		}
		defer db.Close()
	}
	failed := false
	for _, l := range []load{responses, complaints, pages, dashboards} {
		run(hc, *base, *clients, *warm, l.next)
		var before snapshot
		if db != nil && l.writes {
			if before, err = sizes(db); err != nil {
				fmt.Fprintln(os.Stderr, "cost: sizes:", err)
				os.Exit(1)
			}
		}
		cpu0, sys0, self0 := treeCPU(ts), machineBusy(), selfCPU()
		res := run(hc, *base, *clients, *dur, l.next)
		cpu1, sys1, self1 := treeCPU(ts), machineBusy(), selfCPU()
		row(*nodes, l.name, *clients, res, ts, cpu0, cpu1, sys1-sys0, self1-self0)
		if res.failed > 0 {
			failed = true
			fmt.Fprintf(os.Stderr, "cost: %s: %d requests failed, first: %s\n", l.name, res.failed, res.firstErr)
		}
		if db != nil && l.writes {
			after, err := sizes(db)
			if err != nil {
				fmt.Fprintln(os.Stderr, "cost: sizes:", err)
				os.Exit(1)
			}
			if err := appendStorage(*storage, *nodes, l.name, res.ok, before, after); err != nil {
				fmt.Fprintln(os.Stderr, "cost:", err)
				os.Exit(1)
			}
		}
	}
	if failed {
		os.Exit(1)
	}
}

// cycle serves the paths in turn (with the cookie of the same index, if any).
func cycle(seq *atomic.Int64, paths, cookies []string) func(*rand.Rand) request {
	return func(*rand.Rand) request {
		i := int(seq.Add(1) % int64(len(paths)))
		h := http.Header{}
		if cookies != nil {
			h.Set("Cookie", cookies[i])
		}
		return request{http.MethodGet, paths[i], "", h, nil, http.StatusOK}
	}
}

// login signs a demo user in and returns the Cookie header of the session.
func login(hc *http.Client, base, user, password string) (string, error) {
	res, err := hc.PostForm(base+"/masuk", url.Values{"username": {user}, "password": {password}})
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	var parts []string
	for _, c := range res.Cookies() {
		parts = append(parts, c.Name+"="+c.Value)
	}
	if res.StatusCode != http.StatusSeeOther || len(parts) == 0 {
		return "", fmt.Errorf("sign-in of %s: HTTP %d, %d cookies", user, res.StatusCode, len(parts))
	}
	return strings.Join(parts, "; "), nil
}

// run drives c clients for d; every request is sent once (no retries).
func run(hc *http.Client, base string, c int, d time.Duration, next func(*rand.Rand) request) result {
	var (
		mu  sync.Mutex
		all result
		wg  sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(d)
	for i := range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), uint64(start.UnixNano())))
			var local result
			for time.Now().Before(deadline) {
				r := next(rng)
				hr, _ := http.NewRequest(r.method, base+r.path, bytes.NewReader(r.body))
				hr.Header = r.header
				if r.ctype != "" {
					hr.Header.Set("Content-Type", r.ctype)
				}
				t0 := time.Now()
				res, err := hc.Do(hr)
				if err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != r.want {
						err = fmt.Errorf("%s %s: HTTP %d", r.method, r.path, res.StatusCode)
					}
				}
				if err != nil {
					local.failed++
					if local.firstErr == "" {
						local.firstErr = err.Error()
					}
					continue
				}
				local.ok++
				local.lat = append(local.lat, time.Since(t0))
			}
			mu.Lock()
			all.ok += local.ok
			all.failed += local.failed
			all.lat = append(all.lat, local.lat...)
			if all.firstErr == "" {
				all.firstErr = local.firstErr
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	all.elapsed = time.Since(start)
	slices.Sort(all.lat)
	return all
}

// row prints one Markdown row: | nodes | load | clients | served | req/s |
// p50 | p95 | p99 | CPU-ms per request of each tier | all tiers | client |
// machine busy | others |.
func row(nodes, name string, clients int, r result, ts tiers, cpu0, cpu1 []int64, busy, self int64) {
	secs := r.elapsed.Seconds()
	perReq := func(ticks int64) string {
		if r.ok == 0 {
			return "–"
		}
		return fmt.Sprintf("%.2f", float64(ticks)*1000/ticksPerSecond/float64(r.ok))
	}
	cells := []string{nodes, name, strconv.Itoa(clients), strconv.Itoa(r.ok), fmt.Sprintf("%.0f", float64(r.ok)/secs),
		fmt.Sprintf("%.1f", r.pct(0.5)), fmt.Sprintf("%.1f", r.pct(0.95)), fmt.Sprintf("%.1f", r.pct(0.99))}
	var sum int64
	for i := range ts {
		d := cpu1[i] - cpu0[i]
		sum += d
		cells = append(cells, perReq(d))
	}
	cores := func(ticks int64) string { return fmt.Sprintf("%.2f", float64(ticks)/ticksPerSecond/secs) }
	cells = append(cells, perReq(sum), perReq(self), cores(busy), cores(max(0, busy-sum-self)))
	fmt.Println("| " + strings.Join(cells, " | ") + " |")
}

// treeCPU returns, for each tier, the CPU ticks of its process trees: every
// live process's utime+stime plus cutime+cstime, the time of children it
// has reaped. A backend that exits between two readings moves its time into
// its parent's cutime, so the difference of two readings counts it once.
func treeCPU(ts tiers) []int64 {
	procs := map[int]proc{}
	children := map[int][]int{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if p, ok := readStat(pid); ok {
			procs[pid] = p
			children[p.ppid] = append(children[p.ppid], pid)
		}
	}
	out := make([]int64, len(ts))
	for i, t := range ts {
		todo := slices.Clone(t.roots)
		for len(todo) > 0 {
			pid := todo[len(todo)-1]
			todo = todo[:len(todo)-1]
			if p, ok := procs[pid]; ok {
				out[i] += p.ticks
				todo = append(todo, children[pid]...)
			}
		}
	}
	return out
}

type proc struct {
	ppid  int
	ticks int64
}

// readStat reads /proc/PID/stat: the fields after the command name (which may
// hold spaces and parentheses) are state, ppid, … utime (14), stime, cutime,
// cstime (17), numbered from 1 as in proc(5).
func readStat(pid int) (proc, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return proc{}, false
	}
	return parseStat(b)
}

func parseStat(b []byte) (proc, bool) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return proc{}, false
	}
	f := strings.Fields(string(b[i+1:])) // f[0] is field 3 (state)
	if len(f) < 15 {
		return proc{}, false
	}
	p := proc{}
	p.ppid, _ = strconv.Atoi(f[1])
	for _, k := range []int{11, 12, 13, 14} {
		v, _ := strconv.ParseInt(f[k], 10, 64)
		p.ticks += v
	}
	return p, true
}

// selfCPU is this client's own CPU ticks (it shares the machine).
func selfCPU() int64 {
	p, _ := readStat(os.Getpid())
	return p.ticks
}

// machineBusy is the ticks all cores spent neither idle nor waiting for I/O.
func machineBusy() int64 {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal …
	var busy int64
	for i := 1; i < len(f) && i <= 8; i++ {
		if i == 4 || i == 5 {
			continue
		}
		v, _ := strconv.ParseInt(f[i], 10, 64)
		busy += v
	}
	return busy
}

// snapshot is, per table on the primary, its rows and its size with indexes
// and TOAST, and the WAL position.
type snapshot struct {
	rows, bytes map[string]int64
	wal         int64
}

func sizes(db *sql.DB) (snapshot, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s := snapshot{rows: map[string]int64{}, bytes: map[string]int64{}}
	rows, err := db.QueryContext(ctx, `SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`)
	if err != nil {
		return s, err
	}
	for rows.Next() {
		var name string
		var size int64
		if err := rows.Scan(&name, &size); err != nil {
			rows.Close()
			return s, err
		}
		s.bytes[name] = size
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s, err
	}
	for name := range s.bytes {
		var n int64
		// The names come from pg_class; quoting keeps them names.
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM "`+strings.ReplaceAll(name, `"`, `""`)+`"`).Scan(&n); err != nil {
			return s, err
		}
		s.rows[name] = n
	}
	err = db.QueryRowContext(ctx, `SELECT pg_current_wal_lsn() - '0/0'`).Scan(&s.wal)
	return s, err
}

// appendStorage writes Markdown rows | nodes | load | table | rows added |
// bytes added | bytes per row | for every table that got rows, their sum per
// request served, and the WAL per request served. Tables whose rows were
// only updated (the rollups) are left out: what they grew by is old row
// versions that vacuum reclaims, and the WAL counts their writes.
func appendStorage(path, nodes, name string, served int, a, b snapshot) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	var names []string
	for name := range b.rows {
		if b.rows[name] > a.rows[name] {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	var sum int64
	for _, t := range names {
		n, sz := b.rows[t]-a.rows[t], b.bytes[t]-a.bytes[t]
		sum += sz
		fmt.Fprintf(f, "| %s | %s | %s | %d | %d | %.0f |\n", nodes, name, t, n, sz, float64(sz)/float64(n))
	}
	if served > 0 {
		fmt.Fprintf(f, "| %s | %s | **these tables, per request served** | %d | %d | **%.0f** |\n", nodes, name, served, sum, float64(sum)/float64(served))
		fmt.Fprintf(f, "| %s | %s | **WAL, per request served** | %d | %d | **%.0f** |\n", nodes, name, served, b.wal-a.wal, float64(b.wal-a.wal)/float64(served))
	}
	return f.Close()
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
