#!/usr/bin/env bash
# Benchmark of `patron serve` against its targets and a FastAPI + uvicorn + scikit-learn peer, with wrk on loopback
# (docs/serving.md, "Benchmark").
# Usage: bench/serve/run.sh RUN_DIR [SHOPPER_RUN_DIR] [EXPORT_CSV]
#   RUN_DIR          a customer run folder (profiles), for the startup and GET targets a 2.1M-customer one: a
#                    `patron run` on the 10M-line demo shop, or the synthetic run of
#                    `dotnet bench/Patron.Bench/bin/Release/net10.0/Patron.Bench.dll serve-run --out DIR`
#   SHOPPER_RUN_DIR  a run on an Online Shoppers export (sessions): default tests/data/runs/shoppers-300
#   EXPORT_CSV       that export: default tests/data/samples/online_shoppers/online_shoppers_intention.csv
# Environment: PATRON_BENCH_NO_BUILD=1 skips the build; PATRON_BENCH_NO_PEER=1 skips the FastAPI peer;
#   PATRON_BENCH_DLL=PATH measures another build of patron.dll (e.g. the main branch's, for a before/after);
#   PATRON_BENCH_REDIS=1 also publishes the run to a local redis-server and measures the GET on the Redis store (last,
#   so the session figures are taken without redis-server and its instance resident); PATRON_BENCH_REDIS_NICE=N runs
#   redis-server at nice N (e.g. -5: a Redis host that does not queue behind wrk for the cores);
#   PATRON_BENCH_REDIS_INLINE=1 starts the Redis-store instance with --inline-io (handlers on the socket threads);
#   PATRON_BENCH_REDIS_UNIX=1 has it read over redis-server's Unix domain socket (--store unix:///PATH) instead of TCP.
# Prints wrk's summaries, one line per measurement (req/s, p99, server CPU per request, load) and at the end the four
# targets (the GET once per store), each with its figure, the server's CPU per request and "met" or "NOT met". Every server it starts is stopped at the end. On a shared
# machine the wall-clock figures measure the other jobs too; the load average is printed beside each one.
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
patron="dotnet ${PATRON_BENCH_DLL:-src/Patron.Cli/bin/Release/net10.0/patron.dll}"
/usr/bin/python3 bench/serve/make_bodies.py "$export_csv" "$run/predictions.csv" "$work"
load0=$(cut -d' ' -f1-3 /proc/loadavg)

wait_ready() { for _ in $(seq 1 1200); do curl -sf "$1" >"$work/ready.json" 2>/dev/null && return 0; sleep 0.05; done; echo "not ready: $1"; exit 1; }
cpu() { awk -v t="$(getconf CLK_TCK)" '{printf "%.3f", ($14 + $15) / t}' "/proc/$1/stat"; }

# Startup: the files in the page cache first (read once), then the time from the process start to a 200 from /ready,
# and the CPU the process used until then (all threads: host start, JIT, the load).
cat "$run"/profiles.bin "$run"/predictions.csv >/dev/null 2>&1 || true
start=$(date +%s.%N)
$patron serve --run "$run" --urls http://127.0.0.1:5181 --rate-limit 0 --no-watch >"$work/profiles.log" 2>&1 & pids+=($!)
wait_ready http://127.0.0.1:5181/ready
ready_s=$(echo "$(date +%s.%N) - $start" | bc)
ready_cpu=$(cpu "${pids[0]}")
rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/${pids[0]}/status")
cp "$work/ready.json" "$work/ready_run.json"
customers=$(grep -o '"customers":[0-9]*' "$work/ready_run.json" | cut -d: -f2)
echo "startup: ready in $ready_s s (CPU $ready_cpu s), RSS $rss MiB, load $(cut -d' ' -f1-3 /proc/loadavg); $(cat "$work/ready_run.json")"
grep -o "loaded in .*" "$work/profiles.log" | head -1 || true

$patron serve --run "$shop" --urls http://127.0.0.1:5182 --rate-limit 0 --no-watch >"$work/sessions.log" 2>&1 & pids+=($!)
session_pid=$!
wait_ready http://127.0.0.1:5182/ready
if [ -z "${PATRON_BENCH_NO_PEER:-}" ]; then
  /usr/bin/python3 bench/peers/serve_fastapi.py "$export_csv" 5183 >"$work/peer.log" 2>&1 & pids+=($!)
  peer_pid=$!
  for _ in $(seq 1 600); do curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data @"$work/sessions_1.json" http://127.0.0.1:5183/api/score/sessions && break; sleep 0.1; done
fi

# Warm-up: JIT and tiered compilation of the measured paths before wrk counts.
IDS="$work/ids.txt" wrk -t2 -c16 -d3s -s bench/serve/profile.lua http://127.0.0.1:5181 >/dev/null
BODY="$work/sessions_1.json" wrk -t2 -c16 -d2s -s bench/serve/post.lua http://127.0.0.1:5182/api/score/sessions >/dev/null
BODY="$work/sessions_1000.json" wrk -t2 -c16 -d2s --timeout 30s -s bench/serve/post.lua http://127.0.0.1:5182/api/score/sessions >/dev/null

# The managed bytes a patron server allocated and its gen0 collections so far (its /metrics), or nothing for the peer.
gc_stats() {
  curl -sf "${1%%/api/*}/metrics" 2>/dev/null | awk '$1 == "patron_gc_allocated_bytes_total" {a = $2} $1 == "patron_gc_collections_total{generation=\"0\"}" {g = $2} END {if (a != "") printf "%.0f %.0f", a, g}' || true
}

# name url script body server-pid: wrk's req/s and p99, and the server's CPU per request (from /proc), which a loaded
# machine distorts less than wall time, with its managed allocations and gen0 collections per request (which no load
# changes). Sets RPS and P99_MS for the summary.
measure() {
  local out before after requests p99 gc0 gc1 alloc
  before=$(cpu "$5")
  gc0=$(gc_stats "$2")
  out=$(IDS="$work/ids.txt" BODY="$4" wrk -t2 -c16 -d10s --latency --timeout 30s -s "$3" "$2")
  after=$(cpu "$5")
  gc1=$(gc_stats "$2")
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  [ "$requests" -gt 0 ] || requests=1
  RPS=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  P99_MS=$(echo "$p99" | awk '/us$/ {sub("us", ""); print $1 / 1000; next} /ms$/ {sub("ms", ""); print $1; next} /s$/ {sub("s", ""); print $1 * 1000}')
  CPU_MS=$(echo "scale=4; ($after - $before) * 1000 / $requests" | bc)
  alloc=""
  if [ -n "$gc0" ] && [ -n "$gc1" ]; then
    alloc=$(echo "$gc0 $gc1" | awk -v n="$requests" '{printf ", %.0f bytes allocated and %.2f gen0 collections per 1,000 requests", ($3 - $1) / n, ($4 - $2) * 1000 / n}')
  fi
  echo "$out"
  echo "$1: $RPS req/s, p99 $p99, server CPU $CPU_MS ms per request$alloc; load $(cut -d' ' -f1-3 /proc/loadavg)"
}

measure "patron GET profile" http://127.0.0.1:5181 bench/serve/profile.lua "" "${pids[0]}"
get_rps=$RPS get_p99=$P99_MS get_cpu=$CPU_MS
measure "patron POST 1 session" http://127.0.0.1:5182/api/score/sessions bench/serve/post.lua "$work/sessions_1.json" "$session_pid"
one_p99=$P99_MS
[ -n "${PATRON_BENCH_NO_PEER:-}" ] || measure "peer POST 1 session" http://127.0.0.1:5183/api/score/sessions bench/serve/post.lua "$work/sessions_1.json" "$peer_pid"
measure "patron POST 1000 sessions" http://127.0.0.1:5182/api/score/sessions bench/serve/post.lua "$work/sessions_1000.json" "$session_pid"
rows_s=$(echo "$RPS * 1000" | bc)
[ -n "${PATRON_BENCH_NO_PEER:-}" ] || measure "peer POST 1000 sessions" http://127.0.0.1:5183/api/score/sessions bench/serve/post.lua "$work/sessions_1000.json" "$peer_pid"
redis_rps=""
if [ -n "${PATRON_BENCH_REDIS:-}" ] && command -v redis-server >/dev/null; then
  # The same profiles from a Redis store: published once, then served by a second instance.
  # PATRON_BENCH_REDIS_NICE=N starts redis-server at that nice value, as if Redis had cores of its own.
  nice -n "${PATRON_BENCH_REDIS_NICE:-0}" redis-server --port 5184 --bind 127.0.0.1 --unixsocket "$work/redis.sock" --unixsocketperm 700 --save "" --appendonly no >"$work/redis.log" 2>&1 & pids+=($!)
  sleep 1
  redis_store=redis://127.0.0.1:5184
  [ -z "${PATRON_BENCH_REDIS_UNIX:-}" ] || redis_store=unix://$work/redis.sock
  $patron serve --run "$run" --store "$redis_store" --publish 2>&1 | tail -1
  keys=$(redis-cli -p 5184 dbsize)
  echo "redis-server: $keys keys, $(redis-cli -p 5184 info memory | awk -F: -v k="$keys" '/^used_memory:/ {printf "%.0f bytes of used_memory per key", $2 / k}'), $(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/${pids[-1]}/status") MiB resident"
  $patron serve --run "$run" --urls http://127.0.0.1:5185 --store "$redis_store" --rate-limit 0 --no-watch ${PATRON_BENCH_REDIS_INLINE:+--inline-io} >"$work/redis-serve.log" 2>&1 & pids+=($!)
  wait_ready http://127.0.0.1:5185/ready
  # Warm-up as for the other paths (this instance starts cold; tiered compilation would otherwise be counted).
  IDS="$work/ids.txt" wrk -t2 -c16 -d5s -s bench/serve/profile.lua http://127.0.0.1:5185 >/dev/null
  measure "patron GET profile (redis store)" http://127.0.0.1:5185 bench/serve/profile.lua "" "${pids[-1]}"
  redis_rps=$RPS redis_p99=$P99_MS redis_cpu=$CPU_MS
fi

verdict() { if [ "$(echo "$1" | bc)" = 1 ]; then echo "met"; else echo "NOT met"; fi; }
echo
echo "targets ($(nproc) cores; load average $load0 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end):"
echo "  /ready after start ($customers customers): $ready_s s, $ready_cpu s of CPU (target <= 5 s): $(verdict "$ready_s <= 5")"
echo "  GET /api/customers/{id}, memory store: $get_rps req/s (>= 10000), p99 $get_p99 ms (<= 5), $get_cpu ms server CPU/req: $(verdict "$get_rps >= 10000 && $get_p99 <= 5")"
[ -z "$redis_rps" ] || echo "  GET /api/customers/{id}, Redis store: $redis_rps req/s (>= 10000), p99 $redis_p99 ms (<= 5), $redis_cpu ms server CPU/req: $(verdict "$redis_rps >= 10000 && $redis_p99 <= 5")"
echo "  POST /api/score/sessions, 1 row: p99 $one_p99 ms (<= 5): $(verdict "$one_p99 <= 5")"
echo "  POST /api/score/sessions, 1,000 rows: $rows_s rows/s (>= 100000): $(verdict "$rows_s >= 100000")"
