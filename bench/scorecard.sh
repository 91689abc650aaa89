#!/usr/bin/env bash
# The scorecard on a large database: serves DB (generate one with
# `mutu demo generate --responses N --complaints M --db DB`) and times
# /kelola/rapor/31 for the province leader, /kelola/rapor/31.72 for the
# city leader and for an operator: 10 calls each after one warm-up round,
# server time from the access log (min, median, max).
# Figures: docs/performance.md.
#
#   bash bench/scorecard.sh db-file
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
db=$1
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/mutu" ./cmd/mutu
MUTU_RATE_LIMIT=0 "$work/mutu" serve --db "$db" --addr 127.0.0.1:18084 >/dev/null 2>"$work/server.log" &
pid=$!
for _ in $(seq 100); do curl -fs http://127.0.0.1:18084/healthz >/dev/null 2>&1 && break; sleep 0.1; done
calls="pimpinan.dki:/kelola/rapor/31 pimpinan.jakut:/kelola/rapor/31.72 operator.pkm:/kelola/rapor/31.72"
for call in $calls; do
	user=${call%%:*}
	curl -fs -c "$work/$user" -b "$work/$user" -o /dev/null -d "username=$user&password=mutu-demo-2026" http://127.0.0.1:18084/masuk
done
# The server's CPU time (user + system, in clock ticks) per call, per
# page: on a shared machine the wall time also counts waiting for a core.
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
for call in $calls; do # the warm-up round
	curl -fs -b "$work/${call%%:*}" -o /dev/null "http://127.0.0.1:18084${call#*:}"
done
for call in $calls; do
	before=$(ticks)
	for _ in $(seq 10); do
		curl -fs -b "$work/${call%%:*}" -o /dev/null "http://127.0.0.1:18084${call#*:}"
	done
	echo "$call CPU $(( ($(ticks) - before) * 1000 / hz / 10 )) ms per call"
done
# The access log lists the calls in order: the warm-up round, then ten of
# each call.
grep '"route":"GET /kelola/rapor/{code}"' "$work/server.log" | sed 's/.*"duration_ms":\([0-9.]*\).*/\1/' | tail -n +4 |
	awk -v calls="$calls" 'BEGIN { n = split(calls, c, " ") } { i = int((NR-1)/10)+1; t[i] = t[i] " " $1 }
		END { for (i = 1; i <= n; i++) print c[i] ":" t[i] }' |
	while read -r call times; do
		sorted=$(tr ' ' '\n' <<<"$times" | grep . | sort -g | tr '\n' ' ')
		set -- $sorted
		echo "$call min $1, median ${6:-?}, max ${10:-?} ms"
	done
echo "server peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
