#!/usr/bin/env bash
# The first page of each role on a large database: serves DB (generate one
# with `mutu demo generate --responses N --complaints M --db DB`) and times
# /dasbor for a province leader, a city leader, the province administrator
# and an operator: 10 calls each after one warm-up round, server time from
# the access log (min, median, max).
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
users="pimpinan.dki pimpinan.jakut admin operator.pkm"
for user in $users; do
	curl -fs -c "$work/$user" -b "$work/$user" -o /dev/null -d "username=$user&password=mutu-demo-2026" http://127.0.0.1:18083/masuk
	curl -fs -b "$work/$user" -o /dev/null http://127.0.0.1:18083/dasbor
done
for _ in $(seq 10); do
	for user in $users; do
		curl -fs -b "$work/$user" -o /dev/null -H "X-Bench-User: $user" http://127.0.0.1:18083/dasbor
	done
done
# The access log lists the calls in order: the warm-up round, then rounds of the users in turn.
grep '"route":"GET /dasbor"' "$work/server.log" | sed 's/.*"duration_ms":\([0-9.]*\).*/\1/' | tail -n +5 |
	awk -v users="$users" 'BEGIN { n = split(users, u, " ") } { t[(NR-1)%n+1] = t[(NR-1)%n+1] " " $1 }
		END { for (i = 1; i <= n; i++) print "/dasbor (" u[i] "):" t[i] " ms" }'
echo "server peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
