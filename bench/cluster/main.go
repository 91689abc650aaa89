// Command cluster drives and checks the cluster smoke test
// (scripts/cluster-test) against a cluster from scripts/cluster. Loopback
// only.
//
// Load mode: c clients post survey responses (POST /api/v1/units/{code}/
// responses) and Open311 complaints (POST /open311/v2/requests.json) through
// haproxy for d, each with its own Idempotency-Key. A request that gets no
// answer or a 5xx is retried with the same key and body until it is
// acknowledged (201). With -kill PID the process is sent SIGKILL after
// -kill-after, in the middle of the load. Afterwards a sample of
// acknowledged requests is sent again with the same key, and the database
// (-db, the primary) must hold every acknowledged response and complaint
// exactly once.
//
//	go run ./bench/cluster -url URL -db DSN -responses-key K1 -open311-key K2 -tag run1 -d 30s -kill PID
//
// Probe mode (-probe): after an outage, posts a response and reads a public
// page every 100 ms until -ok consecutive rounds succeed, and reports how
// long that took; it fails after -within.
//
// It exits non-zero on any failed check, printing FAIL lines.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// req is one logical request: retried with the same key and body until acknowledged.
type req struct {
	complaint bool
	key       string
	unit      string
	body      []byte
}

type ack struct {
	req
	id       string
	attempts int
	server   int // answers 500 from a node: its own failure, never expected
	at       time.Time
}

type client struct {
	base, respKey, o311Key string
	http                   *http.Client
}

func main() {
	var c client
	flag.StringVar(&c.base, "url", "", "haproxy URL (loopback)")
	dsn := flag.String("db", "", "primary database URL, for the checks")
	flag.StringVar(&c.respKey, "responses-key", "", "API key with the responses scope")
	flag.StringVar(&c.o311Key, "open311-key", "", "API key with the open311 scope")
	units := flag.String("units", "PKM-31.72.01,PKM-31.72.02,DKP-31.72,PTSP-31.72", "unit codes")
	tag := flag.String("tag", fmt.Sprintf("ct%d", time.Now().Unix()), "prefix of this run's idempotency keys")
	clients := flag.Int("c", 16, "concurrent clients")
	dur := flag.Duration("d", 30*time.Second, "load duration")
	killPID := flag.Int("kill", 0, "pid to SIGKILL during the load")
	killAfter := flag.Duration("kill-after", 10*time.Second, "when to kill")
	probe := flag.Bool("probe", false, "probe mode: wait until requests succeed again")
	within := flag.Duration("within", 30*time.Second, "probe: fail if not recovered within this")
	okRounds := flag.Int("ok", 10, "probe: consecutive successful rounds that count as recovered")
	flag.Parse()

	u, err := url.Parse(c.base)
	if err != nil || !isLoopback(u.Hostname()) {
		fmt.Fprintln(os.Stderr, "cluster: -url must be a loopback address")
		os.Exit(2)
	}
	c.http = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2 * *clients}}
	g := &gen{tag: *tag, units: strings.Split(*units, ",")}
	if *probe {
		if !c.probe(g, *within, *okRounds) {
			os.Exit(1)
		}
		return
	}
	db, err := sql.Open("pgx", *dsn)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cluster:", err)
		os.Exit(2)
	}
	defer db.Close()
	if !c.load(db, g, *clients, *dur, *killPID, *killAfter) {
		os.Exit(1)
	}
}

// gen makes requests with keys unique to the run.
type gen struct {
	tag   string
	units []string
	seq   atomic.Int64
}

func (g *gen) next(rng *rand.Rand, complaint bool) req {
	n := g.seq.Add(1)
	r := req{complaint: complaint, unit: g.units[rng.IntN(len(g.units))]}
	if complaint {
		r.key = fmt.Sprintf("%s-c%d", g.tag, n)
		// The key is in the text too: Open311 complaints are found by it.
		r.body = []byte(url.Values{"service_code": {"pengaduan"}, "attribute[unit]": {r.unit}, "attribute[privacy]": {"anonim"},
			"address_string": {"Jl. Uji Klaster No. 1"},
			"description":    {fmt.Sprintf("Laporan uji klaster [%s]: antrean di loket tidak bergerak sejak pagi.", r.key)}}.Encode())
		return r
	}
	r.key = fmt.Sprintf("%s-r%d", g.tag, n)
	var b bytes.Buffer
	b.WriteString(`{"answers":{`)
	for i := 1; i <= 9; i++ {
		if i > 1 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"U%d":%d`, i, 1+rng.IntN(4))
	}
	fmt.Fprintf(&b, `},"profile":{"age":%d,"sex":"%s"},"device":"%s"}`, 18+rng.IntN(60), []string{"L", "P"}[rng.IntN(2)], r.key)
	r.body = b.Bytes()
	return r
}

// send makes one attempt; it returns the created id, or an error that says
// whether a retry makes sense (every failure here does, but a 4xx other
// than 429 is the client's fault and ends the request).
func (c *client) send(r req) (string, int, error) {
	var hr *http.Request
	if r.complaint {
		form := append([]byte("api_key="+url.QueryEscape(c.o311Key)+"&"), r.body...)
		hr, _ = http.NewRequest(http.MethodPost, c.base+"/open311/v2/requests.json", bytes.NewReader(form))
		hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		hr, _ = http.NewRequest(http.MethodPost, c.base+"/api/v1/units/"+r.unit+"/responses", bytes.NewReader(r.body))
		hr.Header.Set("Content-Type", "application/json")
		hr.Header.Set("Authorization", "Bearer "+c.respKey)
	}
	hr.Header.Set("Idempotency-Key", r.key)
	res, err := c.http.Do(hr)
	if err != nil {
		return "", 0, err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusCreated {
		return "", res.StatusCode, fmt.Errorf("HTTP %d: %.200s", res.StatusCode, raw)
	}
	if r.complaint {
		var out []struct {
			ID string `json:"service_request_id"`
		}
		if json.Unmarshal(raw, &out) != nil || len(out) != 1 || out[0].ID == "" {
			return "", res.StatusCode, fmt.Errorf("unexpected Open311 answer %.200s", raw)
		}
		return out[0].ID, res.StatusCode, nil
	}
	var out struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(raw, &out) != nil || out.ID == "" {
		return "", res.StatusCode, fmt.Errorf("unexpected API answer %.200s", raw)
	}
	return out.ID, res.StatusCode, nil
}

// until sends r until it is acknowledged or the deadline passes.
func (c *client) until(r req, deadline time.Time) (ack, error) {
	a := ack{req: r}
	for {
		a.attempts++
		id, status, err := c.send(r)
		if err == nil {
			a.id, a.at = id, time.Now()
			return a, nil
		}
		if status == http.StatusInternalServerError {
			a.server++
		}
		if status >= 400 && status < 500 && status != http.StatusTooManyRequests {
			return a, err
		}
		if time.Now().After(deadline) {
			return a, fmt.Errorf("not acknowledged after %d attempts: %w", a.attempts, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (c *client) load(db *sql.DB, g *gen, clients int, dur time.Duration, killPID int, killAfter time.Duration) bool {
	start := time.Now()
	stop := start.Add(dur)
	var killedAt time.Time
	if killPID > 0 {
		time.AfterFunc(killAfter, func() {
			killedAt = time.Now()
			err := syscall.Kill(killPID, syscall.SIGKILL)
			fmt.Printf("killed node pid %d with SIGKILL after %s (err: %v)\n", killPID, killAfter, err)
		})
	}
	var (
		mu     sync.Mutex
		acks   []ack
		failed []string
		wg     sync.WaitGroup
	)
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), uint64(start.UnixNano())))
			for n := 0; time.Now().Before(stop); n++ {
				// One complaint in four: a desk gets fewer reports than ratings.
				a, err := c.until(g.next(rng, n%4 == 3), stop.Add(60*time.Second))
				mu.Lock()
				if err != nil {
					failed = append(failed, a.key+": "+err.Error())
				} else {
					acks = append(acks, a)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	ok := true
	fail := func(format string, args ...any) {
		ok = false
		fmt.Printf("FAIL "+format+"\n", args...)
	}
	var nResp, nComp, retried, afterKill, internal int
	for _, a := range acks {
		internal += a.server
		if a.complaint {
			nComp++
		} else {
			nResp++
		}
		if a.attempts > 1 {
			retried++
		}
		if !killedAt.IsZero() && a.at.After(killedAt.Add(2*time.Second)) {
			afterKill++
		}
	}
	fmt.Printf("load: %d clients, %s: acknowledged %d responses and %d complaints (%.0f/s), %d needed a retry, %d not acknowledged\n",
		clients, elapsed.Round(time.Millisecond), nResp, nComp, float64(len(acks))/elapsed.Seconds(), retried, len(failed))
	for i, f := range failed {
		if i == 5 {
			break
		}
		fmt.Println("  not acknowledged:", f)
	}
	if len(failed) > 0 {
		fail("%d requests were never acknowledged", len(failed))
	}
	// haproxy answers 502/503 for requests caught by the kill; a 500 is the
	// app failing on its own (the node's log says why).
	if internal > 0 {
		fail("%d answers were 500 Internal Server Error (see the nodes' logs)", internal)
	}
	if !killedAt.IsZero() {
		fmt.Printf("after the kill (from +2 s): %d acknowledged\n", afterKill)
		if afterKill == 0 {
			fail("nothing was acknowledged after the node was killed: the survivors did not carry on")
		}
	}

	// Replays: the same key and body again must not store anything new.
	var replayResp, replayComp, sameResp, sameComp int
	for i, a := range acks {
		if i%5 != 0 {
			continue
		}
		b, err := c.until(a.req, time.Now().Add(30*time.Second))
		if err != nil {
			fail("replay of %s: %v", a.key, err)
			continue
		}
		if a.complaint {
			replayComp++
			if b.id == a.id {
				sameComp++
			}
		} else {
			replayResp++
			if b.id == a.id {
				sameResp++
			}
		}
	}
	fmt.Printf("replays with the same Idempotency-Key: %d responses (%d answered with the first id), %d complaints (%d with the first id)\n",
		replayResp, sameResp, replayComp, sameComp)
	if sameResp != replayResp {
		fail("%d replayed responses got a new id", replayResp-sameResp)
	}
	if sameComp != replayComp {
		fail("%d replayed complaints got a new id", replayComp-sameComp)
	}

	// The database: every acknowledged request stored, and once.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	respRows, err := keyedRows(ctx, db, `SELECT idempotency_key, id FROM skm_responses WHERE idempotency_key LIKE $1`, g.tag+"-r%")
	if err != nil {
		fail("reading responses: %v", err)
		return false
	}
	compRows, err := keyedRows(ctx, db, `SELECT substring(body from '\[([^]]+)\]'), id FROM complaints WHERE body LIKE $1`, "%["+g.tag+"-c%")
	if err != nil {
		fail("reading complaints: %v", err)
		return false
	}
	var missResp, missComp int
	for _, a := range acks {
		rows := respRows
		if a.complaint {
			rows = compRows
		}
		found := false
		for _, id := range rows[a.key] {
			found = found || id == a.id
		}
		if !found && a.complaint {
			missComp++
		} else if !found {
			missResp++
		}
	}
	dupResp, dupComp := dups(respRows), dups(compRows)
	fmt.Printf("database: %d responses and %d complaints of this run; acknowledged but missing: %d responses, %d complaints; keys stored more than once: %d responses, %d complaints\n",
		count(respRows), count(compRows), missResp, missComp, dupResp, dupComp)
	if missResp+missComp > 0 {
		fail("acknowledged requests missing from the database")
	}
	if dupResp > 0 {
		fail("responses stored twice under one Idempotency-Key")
	}
	if dupComp > 0 {
		fail("complaints stored twice under one Idempotency-Key")
	}
	return ok
}

func keyedRows(ctx context.Context, db *sql.DB, query, like string) (map[string][]string, error) {
	rows, err := db.QueryContext(ctx, query, like)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string][]string{}
	for rows.Next() {
		var k, id string
		if err := rows.Scan(&k, &id); err != nil {
			return nil, err
		}
		m[k] = append(m[k], id)
	}
	return m, rows.Err()
}

func dups(m map[string][]string) (n int) {
	for _, ids := range m {
		if len(ids) > 1 {
			n++
		}
	}
	return n
}

func count(m map[string][]string) (n int) {
	for _, ids := range m {
		n += len(ids)
	}
	return n
}

// probe posts a response and reads a public page every 100 ms until ok
// consecutive rounds succeed.
func (c *client) probe(g *gen, within time.Duration, ok int) bool {
	start := time.Now()
	rng := rand.New(rand.NewPCG(1, uint64(start.UnixNano())))
	var first time.Duration
	var lastErr error
	streak, rounds := 0, 0
	for time.Since(start) < within {
		rounds++
		err := c.round(g, rng)
		if err == nil {
			if streak == 0 && first == 0 {
				first = time.Since(start)
			}
			streak++
			if streak == ok {
				fmt.Printf("recovered: first success after %s, %d consecutive after %s (%d rounds)\n",
					first.Round(time.Millisecond), ok, time.Since(start).Round(time.Millisecond), rounds)
				return true
			}
		} else {
			streak, lastErr = 0, err
		}
		time.Sleep(100 * time.Millisecond)
	}
	fmt.Printf("FAIL not recovered within %s: last error %v\n", within, lastErr)
	return false
}

func (c *client) round(g *gen, rng *rand.Rand) error {
	if _, _, err := c.send(g.next(rng, false)); err != nil {
		return err
	}
	res, err := c.http.Get(c.base + "/unit/" + g.units[0])
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return errors.New("public page: " + res.Status)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
