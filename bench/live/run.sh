#!/bin/sh
# Freshness benchmark of the live half (docs/live.md): a demo shop's warehouse and run (or an existing run), patron serve
# --db on a copy of its warehouse, then `Patron.Bench live` posting RATE order events/s for SECONDS.
# Usage: bench/live/run.sh CUSTOMERS RATE SECONDS [WORK_DIR] [TRACK_EVERY]
#   With RUN=DIR DB=FILE set, serves that run and a copy of that warehouse instead of making a shop of CUSTOMERS;
#   SHOP=DIR names that run's shop folder (its products.csv gives the product ids posted), or PRODUCTS=FILE the product
#   ids (one a line); PORT (5091) the port.
# Example, the issue's freshness target on a 2.1M-customer run:
#   RUN=run10m DB=run10m/patron.duckdb SHOP=shop10m bench/live/run.sh 2100000 1000 60 /tmp/patron-live-2m 20
# Build first: dotnet build src/Patron.Cli -c Release && dotnet build bench/Patron.Bench -c Release
set -eu
customers=${1:-400}; rate=${2:-50}; seconds=${3:-60}; work=${4:-/tmp/patron-live-bench}; every=${5:-1}
repo=$(cd "$(dirname "$0")/../.." && pwd)
patron="dotnet $repo/src/Patron.Cli/bin/Release/net10.0/patron.dll"
bench="dotnet $repo/bench/Patron.Bench/bin/Release/net10.0/Patron.Bench.dll"
mkdir -p "$work"
if [ -n "${RUN:-}" ]; then
  run=$RUN; db=$DB
else
  run=$work/run; db=$work/w.duckdb
  if [ ! -f "$run/run.json" ]; then
    $patron demo generate --customers "$customers" --seed 42 --out "$work/shop"
    $patron run "$work/shop" --source generic --db "$db" --out "$run"
  fi
fi
rm -rf "$work/live.duckdb" "$work/live.duckdb.wal" "$work/live.duckdb.events" "$work/patron-events"
cp "$db" "$work/live.duckdb"
if [ -f "$db.wal" ]; then cp "$db.wal" "$work/live.duckdb.wal"; fi
# Customers in random order (each gets one event), products from the run's shop in turn.
cut -d, -f1 "$run/predictions.csv" | tail -n +2 | shuf --random-source=/dev/zero > "$work/ids.txt"
if [ -n "${PRODUCTS:-}" ]; then cp "$PRODUCTS" "$work/products.txt"; else cut -d, -f1 "${SHOP:-$work/shop}/products.csv" | tail -n +2 > "$work/products.txt"; fi
$patron serve --run "$run" --db "$work/live.duckdb" --urls http://127.0.0.1:${PORT:-5091} --no-watch --rate-limit 0 > "$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until curl -sf http://127.0.0.1:${PORT:-5091}/ready > /dev/null; do sleep 0.5; done
# The live half is ready once its rows are in memory and earlier events' customers recomputed (its log line says so).
until grep -q "Taking events into" "$work/serve.log"; do sleep 0.5; done
grep -h "Live rows in memory" "$work/serve.log" || true
pid=$(pgrep -P $server -f patron.dll || echo $server)
echo "server ready; RSS $(grep VmRSS /proc/$pid/status)"
echo "load before: $(uptime)"
$bench live --url http://127.0.0.1:${PORT:-5091} --ids "$work/ids.txt" --products "$work/products.txt" --rate "$rate" --seconds "$seconds" --track-every "$every" --poll-ms "${POLL_MS:-50}" --pid "$pid" || true
echo "load after: $(uptime)"
