#!/bin/bash
# Runs mySociety FixMyStreet's own Open311 client against a demo Mutu, every
# step FixMyStreet takes (client.pl says which): the services, a service
# definition, a request filed with only a point (routed to the kelurahan
# office holding it), read back at once by its id (status and service
# only), requests in a date window, a bad key's error list, and the request
# again after a verifier accepted it (the public fields). Go tests replay
# the same requests in CI (TestFixMyStreetSteps). Not part of scripts/test: it
# needs a FixMyStreet checkout and the client's Perl modules (Debian:
# libmoo-perl libmoox-types-mooselike-perl libxml-simple-perl libwww-perl
# libdatetime-format-w3cdtf-perl libpath-tiny-perl libtry-tiny-perl).
#
#   bash scripts/fixmystreet/run.sh ~/src/fixmystreet
set -euo pipefail
fms=${1:?usage: run.sh PATH-TO-FIXMYSTREET-CHECKOUT}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

cp -r "$here/lib" "$work/lib"
cp "$fms/perllib/Open311.pm" "$work/lib/"
export FMS_LIB="$work/lib"
(cd "$root" && go build -o "$work/mutu" ./cmd/mutu)
port=${MUTU_FMS_PORT:-18311}
base=http://127.0.0.1:$port
MUTU_BASE_URL=$base MUTU_ATTACHMENTS="$work/att" "$work/mutu" serve --demo --db "$work/mutu.db" --addr "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 120); do curl -sf "$base/healthz" >/dev/null && break; sleep 1; done
key=$("$work/mutu" apikey create --db "$work/mutu.db" --name FixMyStreet --region 31.72 --scope open311 | sed -n 2p)

out=$(perl "$here/client.pl" post "$base/open311/v2/" "$key")
echo "$out"
id=$(echo "$out" | sed -n 's/^id=//p')

# A verifier of Jakarta Utara accepts the report (in Kelurahan Lagoa's queue).
jar=$work/cookies
curl -sf -c "$jar" -b "$jar" -o /dev/null -d 'username=admin.jakut&password=mutu-demo-2026' "$base/masuk"
number=$(curl -sf -b "$jar" "$base/kelola/pengaduan?cari=Lampu+jalan+mati" | grep -o 'KEL-31\.72\.03\.1003-[0-9]*-[0-9]*' | head -1)
curl -sf -b "$jar" -o /dev/null -d 'action=verifikasi' "$base/kelola/pengaduan/$number"

perl "$here/client.pl" public "$base/open311/v2/" "$id"
echo "FixMyStreet's Open311 client: all checks passed"
