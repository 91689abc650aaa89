#!/usr/bin/env bash
# Complaints at scale: builds a database with N synthetic reports (default
# 1,000,000, three years, every demo unit) once, serves it, and measures
#  - the handling dashboard (a year, a province and a city), the open queue
#    and the all-reports queue, server side (from the access log);
#  - intake: C clients filing reports through POST /open311/v2/requests.json
#    for D, against a trivial Go handler for the ratio;
#  - the server's peak resident memory.
# Loopback only. Figures: docs/performance.md. The intake adds its reports to
# the database file: keep a copy of the generated file to measure again from
# the same state.
#
#   bash bench/complaints.sh [reports] [clients] [duration] [db-file]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-1000000}
clients=${2:-16}
duration=${3:-20s}
db=${4:-/tmp/mutu-complaints-$n.db}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/mutu" ./cmd/mutu
go build -o "$work/load" ./bench/load
if [[ ! -f "$db" ]]; then
	echo "== generating $n reports into $db"
	/usr/bin/time -f "generated in %e s, peak RSS %M KB" "$work/mutu" demo generate --complaints "$n" --db "$db" 2>&1 | tail -2
fi
key=$("$work/mutu" apikey create --name "bench $(date +%s)" --db "$db" | sed -n 2p)
MUTU_RATE_LIMIT=0 "$work/mutu" serve --db "$db" --addr 127.0.0.1:18082 >/dev/null 2>"$work/server.log" &
pid=$!
for _ in $(seq 100); do curl -fs http://127.0.0.1:18082/healthz >/dev/null 2>&1 && break; sleep 0.1; done
year=$(TZ=Asia/Jakarta date +%Y)
for user in admin pimpinan.jakut; do
	curl -fs -c "$work/$user" -b "$work/$user" -o /dev/null -d "username=$user&password=mutu-demo-2026" http://127.0.0.1:18082/masuk
done
# Each request 6 times; the times of the last 5 (curl's total on loopback,
# which is the server's time plus a fraction of a millisecond).
timed() {
	local label=$1 user=$2 path=$3 out=""
	curl -fs -b "$work/$user" -o /dev/null "http://127.0.0.1:18082$path"
	for _ in 1 2 3 4 5; do
		out+=" $(curl -fs -b "$work/$user" -o /dev/null -w '%{time_total}' "http://127.0.0.1:18082$path" | awk '{printf "%.1f", $1*1000}')"
	done
	echo "$label ($user):$out ms"
}
echo "== $(sqlite3 "$db" 'SELECT COUNT(*) FROM complaints' 2>/dev/null || echo "$n") reports"
for user in admin pimpinan.jakut; do
	timed "dashboard, year $year" $user "/kelola/pengaduan-dasbor?tahun=$year"
	timed "open queue" $user "/kelola/pengaduan"
	timed "all reports queue" $user "/kelola/pengaduan?semua=1"
done
echo "XLSX export, year $year (pimpinan.jakut): $(curl -fs -b "$work/pimpinan.jakut" -o /dev/null -w '%{time_total} s, %{size_download} bytes' \
	"http://127.0.0.1:18082/kelola/pengaduan-dasbor?tahun=$year&format=xlsx")"
echo "== intake: $clients clients, $duration"
"$work/load" -url http://127.0.0.1:18082 -c "$clients" -d "$duration" -complaints -api-key "$key" \
	-units PKM-31.72.01,PKM-31.72.02,DKP-31.72,PTSP-31.72,PKM-31.74.08,DKP-31.74,PTSP-31.74,KEC-31.72.01
echo "server peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
