// Command capacity turns the measured cost of a request on each tier
// (bench/cluster-cost, docs/scaling.md) into a capacity plan for a national
// deployment: 552 governments (38 provinces, 514 regencies and cities). Every
// assumption is a flag with its default printed in the output, so the plan
// can be recomputed with other numbers or new measurements:
//
//	go run ./bench/capacity
//	go run ./bench/capacity -responses-per-unit 40 -peak 4
//
// The costs are CPU-ms per request served, per tier, as bench/cluster-cost
// prints them (2-node rows); the storage figures are bytes per row added on
// the primary, with indexes.
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

// tierNames are the columns of a cost: CPU-ms per request on each tier.
var tierNames = []string{"haproxy", "app", "pgbouncer", "primary", "replica"}

type cost map[string]float64

func (c *cost) String() string {
	var parts []string
	for _, t := range tierNames {
		parts = append(parts, fmt.Sprintf("%s=%g", t, (*c)[t]))
	}
	return strings.Join(parts, ",")
}

func (c *cost) Set(v string) error {
	m := cost{}
	for _, kv := range strings.Split(v, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(kv), "=")
		f, err := strconv.ParseFloat(val, 64)
		if !ok || err != nil || f < 0 {
			return fmt.Errorf("want %s=MS,…: bad %q", strings.Join(tierNames, "=MS,"), kv)
		}
		m[k] = f
	}
	for _, t := range tierNames {
		if _, ok := m[t]; !ok {
			return fmt.Errorf("missing tier %s", t)
		}
	}
	*c = m
	return nil
}

func main() {
	// Measured by bench/cluster-cost on 3 December 2026 (docs/scaling.md,
	// "Measured"): per tier, the higher of the 1-node and the 2-node figure.
	response := cost{"haproxy": 0.08, "app": 1.08, "pgbouncer": 0.31, "primary": 1.40, "replica": 0.13}
	complaint := cost{"haproxy": 0.12, "app": 1.48, "pgbouncer": 0.50, "primary": 2.55, "replica": 0.32}
	public := cost{"haproxy": 0.08, "app": 1.70, "pgbouncer": 0.17, "primary": 1.28, "replica": 0}
	dashboard := cost{"haproxy": 0.24, "app": 15.98, "pgbouncer": 1.16, "primary": 11.35, "replica": 0.36}
	flag.Var(&response, "response", "measured: CPU-ms per survey response, per tier")
	flag.Var(&complaint, "complaint", "measured: CPU-ms per Open311 complaint, per tier (also used for a complaint's later writes)")
	flag.Var(&public, "public", "measured: CPU-ms per public page view, per tier")
	flag.Var(&dashboard, "dashboard", "measured: CPU-ms per dashboard view (province and city leaders, administrator, ranking), per tier")
	responseBytes := flag.Float64("response-bytes", 823, "measured: bytes on the primary per survey response, indexes included")
	complaintBytes := flag.Float64("complaint-bytes", 4664, "measured: bytes per complaint (the report, its first event, codes, keys, notices)")
	eventBytes := flag.Float64("event-bytes", 681, "measured: bytes of a complaint event (a complaint's later write)")
	responseWAL := flag.Float64("response-wal", 2267, "measured: WAL bytes per survey response")
	complaintWAL := flag.Float64("complaint-wal", 7182, "measured: WAL bytes per complaint and per later write")

	provinces := flag.Int("provinces", 38, "provincial governments")
	regencies := flag.Int("regencies", 514, "regency and city governments")
	unitsProvince := flag.Int("units-province", 60, "assumed: service units per province (agencies and their technical units)")
	unitsRegency := flag.Int("units-regency", 100, "assumed: service units per regency or city (agencies, ~14 kecamatan, ~20 puskesmas, technical units)")
	servicesPerUnit := flag.Int("services-per-unit", 5, "assumed: services per unit (rollup rows per unit and day)")
	rollupRow := flag.Float64("rollup-row-bytes", 250, "assumed: bytes of a daily rollup row with its index")
	respPerUnit := flag.Float64("responses-per-unit", 15, "assumed: survey responses per unit and working day")
	complaintsPerGov := flag.Float64("complaints-per-government", 20, "assumed: complaints per government and day")
	eventsPerComplaint := flag.Float64("events-per-complaint", 5, "assumed: later writes per complaint (replies, status changes), each costed as an ingested request")
	viewsPerResponse := flag.Float64("public-views-per-response", 4, "assumed: public page views per survey response (the survey page, results, unit pages)")
	dashPerUnit := flag.Float64("dashboards-per-unit", 10, "assumed: dashboard and report views per unit and working day (staff, leaders, evaluators)")
	hours := flag.Float64("hours", 8, "assumed: service hours a working day's traffic falls in")
	peak := flag.Float64("peak", 3, "assumed: peak hour rate over the average rate of the service hours")
	util := flag.Float64("utilization", 0.5, "target CPU utilization at peak (headroom for failover and bursts)")
	days := flag.Float64("working-days", 250, "working days a year")
	maxCores := flag.Float64("primary-max-cores", 64, "cores of the largest primary one would run")
	flag.Parse()
	if *util <= 0 || *util > 1 || *hours <= 0 || *peak <= 0 {
		fmt.Fprintln(os.Stderr, "capacity: -utilization must be in (0,1], -hours and -peak positive")
		os.Exit(2)
	}

	govs := *provinces + *regencies
	units := float64(*provinces**unitsProvince + *regencies**unitsRegency)
	responses := units * *respPerUnit
	complaints := float64(govs) * *complaintsPerGov
	// A complaint's later writes (replies, status changes) are costed like
	// filing it: each one more complaint request.
	complaintWrites := complaints * (1 + *eventsPerComplaint)
	views := responses * *viewsPerResponse
	dashes := units * *dashPerUnit
	perSec := func(daily float64) float64 { return daily / (*hours * 3600) * *peak }

	fmt.Printf("## Capacity model: %d governments (%d provinces, %d regencies and cities)\n\n", govs, *provinces, *regencies)
	fmt.Println("Assumptions (flags of `go run ./bench/capacity`):")
	fmt.Println()
	flag.VisitAll(func(f *flag.Flag) { fmt.Printf("- `-%s %s`: %s\n", f.Name, f.Value, f.Usage) })

	fmt.Printf("\n| per working day | count | peak per second |\n|---|---:|---:|\n")
	fmt.Printf("| service units | %s | |\n", thousands(units))
	fmt.Printf("| survey responses | %s | %.0f |\n", thousands(responses), perSec(responses))
	fmt.Printf("| complaints, and their writes with %g later ones each | %s, %s writes | %.1f writes |\n", *eventsPerComplaint, thousands(complaints), thousands(complaintWrites), perSec(complaintWrites))
	fmt.Printf("| public page views | %s | %.0f |\n", thousands(views), perSec(views))
	fmt.Printf("| dashboard views | %s | %.0f |\n", thousands(dashes), perSec(dashes))

	// Cores at peak per tier: requests per second × CPU-ms / 1000 / utilization.
	cores := func(tier string, readsOnReplica bool) float64 {
		c := perSec(responses)*response[tier] + perSec(complaintWrites)*complaint[tier]
		for _, r := range []struct {
			n float64
			c cost
		}{{views, public}, {dashes, dashboard}} {
			switch {
			case readsOnReplica && tier == "primary":
				// The page's queries move to the replica; its writes (none) stay.
			case readsOnReplica && tier == "replica":
				c += perSec(r.n) * (r.c["primary"] + r.c["replica"])
			default:
				c += perSec(r.n) * r.c[tier]
			}
		}
		return c / 1000 / *util
	}
	fmt.Printf("\nCores at peak (at %.0f%% utilization):\n\n| tier | reads on the primary (today) | reads on replicas (MUTU_DB_READ) |\n|---|---:|---:|\n", *util*100)
	var sumToday, sumRepl float64
	for _, t := range tierNames {
		a, b := cores(t, false), cores(t, true)
		sumToday += a
		sumRepl += b
		fmt.Printf("| %s | %.1f | %.1f |\n", t, a, b)
	}
	fmt.Printf("| all | %.1f | %.1f |\n", sumToday, sumRepl)

	rollups := units * float64(*servicesPerUnit) * 365 * *rollupRow
	complaintYear := complaints * 365 * (*complaintBytes + *eventsPerComplaint**eventBytes)
	perYear := responses**days**responseBytes + complaintYear + rollups
	wal := responses**responseWAL + complaintWrites**complaintWAL
	fmt.Printf("\nPostgreSQL storage growth: %.0f GB a year (responses %.0f GB, complaints %.0f GB, daily rollups %.0f GB), before replicas and backups; WAL %.1f GB a working day (what each replica replays and a WAL archive keeps).\n",
		perYear/1e9, responses**days**responseBytes/1e9, complaintYear/1e9, rollups/1e9, wal/1e9)

	// With reads on replicas the primary's work is the writes: a response
	// costs it perResp cores at peak; the complaints' share stays as assumed.
	primary := cores("primary", true)
	perResp := perSec(1) * response["primary"] / 1000 / *util
	maxResp := (*maxCores - perSec(complaintWrites)*complaint["primary"]/1000 / *util) / perResp / units
	fmt.Printf("\nOne primary: with reads on replicas it needs %.1f cores at peak; a %g-core primary carries %.0f× the assumed write load, i.e. up to about %s responses a unit and working day (everything else as assumed) before Citus is needed. Reads on the primary (today) add %.1f cores.\n",
		primary, *maxCores, *maxCores/primary, thousands(math.Floor(maxResp)), cores("primary", false)-primary)
}

// thousands formats n with thin thousands separators.
func thousands(n float64) string {
	s := strconv.FormatFloat(math.Round(n), 'f', 0, 64)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
