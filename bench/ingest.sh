#!/usr/bin/env bash
# Survey ingestion through the HTTP API on SQLite: 64 concurrent clients for
# 20 s, then the same clients against a trivial Go handler for the ratio, and
# the server's peak resident memory. Loopback only. Figures: docs/performance.md.
#
#   bash bench/ingest.sh [clients] [duration]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
clients=${1:-64}
duration=${2:-20s}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

go build -o "$work/mutu" ./cmd/mutu
go build -o "$work/load" ./bench/load
"$work/mutu" seed --demo --db "$work/mutu.db" >/dev/null
# The API takes responses only from kiosks and keys with the responses scope.
key=$("$work/mutu" apikey create --name "bench $(date +%s)" --scope responses --db "$work/mutu.db" | sed -n 2p)
MUTU_RATE_LIMIT=0 MUTU_LOG_LEVEL=info "$work/mutu" serve --db "$work/mutu.db" --addr 127.0.0.1:18080 >/dev/null 2>"$work/server.log" &
pid=$!
for _ in $(seq 100); do curl -fs http://127.0.0.1:18080/healthz >/dev/null 2>&1 && break; sleep 0.1; done

echo "== $(nproc) cores, $clients clients, $duration, SQLite (WAL, synchronous=NORMAL)"
"$work/load" -url http://127.0.0.1:18080 -c "$clients" -d "$duration" -api-key "$key" \
	-units PKM-31.72.01,PKM-31.72.02,DKP-31.72,PTSP-31.72,PKM-31.74.08,DKP-31.74,PTSP-31.74,KEC-31.72.01
echo "server peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
