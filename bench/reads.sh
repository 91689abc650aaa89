#!/usr/bin/env bash
# Read latency with a large history: builds a database with N synthetic
# responses (default 5,000,000) once, serves it, and times the city-wide
# ranking for a year and one unit's IKM, server side (from the access log),
# plus the server's peak resident memory. Loopback only.
#
#   bash bench/reads.sh [responses] [db-file]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-5000000}
db=${2:-/tmp/mutu-bench-$n.db}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/mutu" ./cmd/mutu
if [[ ! -f "$db" ]]; then
	echo "== generating $n responses into $db"
	/usr/bin/time -f "generated in %e s, peak RSS %M KB" "$work/mutu" demo generate --responses "$n" --db "$db" 2>&1 | tail -3
fi
MUTU_RATE_LIMIT=0 "$work/mutu" serve --db "$db" --addr 127.0.0.1:18081 >/dev/null 2>"$work/server.log" &
pid=$!
for _ in $(seq 100); do curl -fs http://127.0.0.1:18081/healthz >/dev/null 2>&1 && break; sleep 0.1; done
year=$(date +%Y)
jar="$work/jar"
curl -fs -c "$jar" -b "$jar" -o /dev/null -d "username=admin&password=mutu-demo-2026" http://127.0.0.1:18081/masuk
for i in 1 2 3 4 5 6; do
	curl -fs -b "$jar" -o /dev/null "http://127.0.0.1:18081/kelola/skm?p=$year"
	curl -fs -o /dev/null "http://127.0.0.1:18081/api/v1/units/PKM-31.72.01/ikm?from=$year-01-01&to=$year-12-31"
done
echo "== server time (ms) of the last 5 of 6 calls, from the access log"
grep '"route":"GET /kelola/skm"' "$work/server.log" | tail -5 | sed 's/.*"duration_ms":\([0-9.]*\).*/ranking of all units, a year: \1/'
grep '"route":"GET /api/v1/units/{code}/ikm"' "$work/server.log" | tail -5 | sed 's/.*"duration_ms":\([0-9.]*\).*/one unit IKM, a year: \1/'
echo "server peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
