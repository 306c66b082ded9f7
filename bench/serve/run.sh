#!/usr/bin/env bash
# Benchmark of `patron serve` against a FastAPI + uvicorn + scikit-learn peer, with wrk on loopback (docs/serving.md).
# Usage: bench/serve/run.sh RUN_DIR [SHOPPER_RUN_DIR] [EXPORT_CSV]
#   RUN_DIR          a customer run folder (profiles): e.g. patron-demo/run
#   SHOPPER_RUN_DIR  a run on an Online Shoppers export (sessions): default tests/data/runs/shoppers-300
#   EXPORT_CSV       that export: default tests/data/samples/online_shoppers/online_shoppers_intention.csv
# Prints wrk's summaries and one line per measurement (req/s, p99, server CPU per request, load); with redis-server
# installed, the profile GET is measured on the Redis store too. Every server it starts is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
run=${1:?run folder}
shop=${2:-tests/data/runs/shoppers-300}
export_csv=${3:-tests/data/samples/online_shoppers/online_shoppers_intention.csv}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

[ -n "${PATRON_BENCH_NO_BUILD:-}" ] || dotnet build src/Patron.Cli -c Release -warnaserror -v q >/dev/null
patron="dotnet src/Patron.Cli/bin/Release/net10.0/patron.dll"
/usr/bin/python3 bench/serve/make_bodies.py "$export_csv" "$run/predictions.csv" "$work"

wait_ready() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done; echo "not ready: $1"; exit 1; }

start=$(date +%s.%N)
$patron serve --run "$run" --urls http://127.0.0.1:5181 --rate-limit 0 --no-watch >"$work/profiles.log" 2>&1 & pids+=($!)
wait_ready http://127.0.0.1:5181/ready
ready=$(date +%s.%N)
rss=$(awk '/VmRSS/ {print $2}' "/proc/${pids[0]}/status")
echo "startup: ready in $(echo "$ready - $start" | bc) s, RSS $((rss / 1024)) MiB; $(curl -s http://127.0.0.1:5181/ready)"

$patron serve --run "$shop" --urls http://127.0.0.1:5182 --rate-limit 0 --no-watch >"$work/sessions.log" 2>&1 & pids+=($!)
/usr/bin/python3 bench/peers/serve_fastapi.py "$export_csv" 5183 >"$work/peer.log" 2>&1 & pids+=($!)
wait_ready http://127.0.0.1:5182/ready
for _ in $(seq 1 600); do curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data @"$work/sessions_1.json" http://127.0.0.1:5183/api/score/sessions && break; sleep 0.1; done

cpu() { awk -v t="$(getconf CLK_TCK)" '{printf "%.3f", ($14 + $15) / t}' "/proc/$1/stat"; }

# name url script body server-pid: wrk's req/s and p99, and the server's CPU per request (from /proc), which a loaded
# machine distorts less than wall time; the load average is printed beside each line.
measure() {
  local out before after requests
  before=$(cpu "$5")
  out=$(IDS="$work/ids.txt" BODY="$4" wrk -t2 -c16 -d10s --latency --timeout 30s -s "$3" "$2")
  after=$(cpu "$5")
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  [ "$requests" -gt 0 ] || requests=1
  echo "$out"
  echo "$1: $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s, p99 $(echo "$out" | awk '$1 == "99%" {print $2}'), server CPU $(echo "scale=4; ($after - $before) * 1000 / $requests" | bc) ms per request; load $(cut -d' ' -f1-3 /proc/loadavg)"
}

measure "patron GET profile" http://127.0.0.1:5181 bench/serve/profile.lua "" "${pids[0]}"
if command -v redis-server >/dev/null; then
  # The same profiles from a Redis store: published once, then served by a second instance.
  redis-server --port 5184 --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 & pids+=($!)
  sleep 1
  $patron serve --run "$run" --store redis://127.0.0.1:5184 --publish 2>&1 | tail -1
  $patron serve --run "$run" --urls http://127.0.0.1:5185 --store redis://127.0.0.1:5184 --rate-limit 0 --no-watch >"$work/redis-serve.log" 2>&1 & pids+=($!)
  wait_ready http://127.0.0.1:5185/ready
  measure "patron GET profile (redis store)" http://127.0.0.1:5185 bench/serve/profile.lua "" "${pids[-1]}"
fi
measure "patron POST 1 session" http://127.0.0.1:5182/api/score/sessions bench/serve/post.lua "$work/sessions_1.json" "${pids[1]}"
measure "peer POST 1 session" http://127.0.0.1:5183/api/score/sessions bench/serve/post.lua "$work/sessions_1.json" "${pids[2]}"
measure "patron POST 1000 sessions" http://127.0.0.1:5182/api/score/sessions bench/serve/post.lua "$work/sessions_1000.json" "${pids[1]}"
measure "peer POST 1000 sessions" http://127.0.0.1:5183/api/score/sessions bench/serve/post.lua "$work/sessions_1000.json" "${pids[2]}"
