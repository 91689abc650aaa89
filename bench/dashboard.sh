#!/usr/bin/env bash
# The first page of each role on a large database: serves DB (generate one
# with `mutu demo generate --responses N --complaints M --db DB`) and times
# /dasbor for a province leader, a city leader, the province administrator
# and an operator, 5 calls after one warm-up, with curl on loopback.
# Figures: docs/performance.md.
#
#   bash bench/dashboard.sh db-file
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
db=$1
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/mutu" ./cmd/mutu
MUTU_RATE_LIMIT=0 "$work/mutu" serve --db "$db" --addr 127.0.0.1:18083 >/dev/null 2>"$work/server.log" &
pid=$!
for _ in $(seq 100); do curl -fs http://127.0.0.1:18083/healthz >/dev/null 2>&1 && break; sleep 0.1; done
for user in pimpinan.dki pimpinan.jakut admin operator.pkm; do
	curl -fs -c "$work/$user" -b "$work/$user" -o /dev/null -d "username=$user&password=mutu-demo-2026" http://127.0.0.1:18083/masuk
	curl -fs -b "$work/$user" -o /dev/null http://127.0.0.1:18083/dasbor
	out=""
	for _ in 1 2 3 4 5; do
		out+=" $(curl -fs -b "$work/$user" -o /dev/null -w '%{time_total}' http://127.0.0.1:18083/dasbor | awk '{printf "%.1f", $1*1000}')"
	done
	echo "/dasbor ($user):$out ms"
done
echo "server peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
