#!/bin/sh
# Freshness benchmark of the live half (docs/live.md): a demo shop's warehouse and run, patron serve --db, then
# bench/live/freshness.py at RATE order events/s for SECONDS. Usage: bench/live/run.sh CUSTOMERS RATE SECONDS [WORK_DIR]
# Build first: dotnet build src/Patron.Cli -c Release
set -eu
customers=${1:-400}; rate=${2:-50}; seconds=${3:-60}; work=${4:-/tmp/patron-live-bench}
repo=$(cd "$(dirname "$0")/../.." && pwd)
patron="dotnet $repo/src/Patron.Cli/bin/Release/net10.0/patron.dll"
mkdir -p "$work"
if [ ! -f "$work/run/run.json" ]; then
  $patron demo generate --customers "$customers" --seed 42 --out "$work/shop"
  $patron run "$work/shop" --source generic --db "$work/w.duckdb" --out "$work/run"
fi
cp "$work/w.duckdb" "$work/live.duckdb"
cut -d, -f1 "$work/run/predictions.csv" | tail -n +2 > "$work/ids.txt"
product=$(sed -n 2p "$work/shop/products.csv" | cut -d, -f1)
$patron serve --run "$work/run" --db "$work/live.duckdb" --urls http://127.0.0.1:5091 --no-watch --rate-limit 0 > "$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until curl -sf http://127.0.0.1:5091/ready > /dev/null; do sleep 0.5; done
echo "load before: $(uptime)"
python3 "$repo/bench/live/freshness.py" http://127.0.0.1:5091 "$work/ids.txt" "$product" "$rate" "$seconds" "$(pgrep -P $server -f patron.dll || echo $server)"
echo "load after: $(uptime)"
