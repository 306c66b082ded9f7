#!/usr/bin/env bash
# Before/after of the Redis store's GET: two builds of patron.dll served in turns from one redis-server, published once
# (docs/serving.md, "Store layout (Redis)"). On a shared machine one pair says little; the rounds alternate A and B so
# that each sees the same load.
# Usage: bench/serve/redis_ab.sh RUN_DIR DLL_A DLL_B [ROUNDS]
#   RUN_DIR  a customer run folder (its predictions.csv gives the ids, at most 300,000 spread over it, as run.sh)
#   DLL_A/B  the two builds' patron.dll (A publishes)
# Environment: PATRON_AB_UNIX=1 reads over redis-server's Unix socket instead of TCP; PATRON_AB_SECONDS (default 10)
#   is wrk's duration; PATRON_AB_ENV_A / PATRON_AB_ENV_B are extra `VAR=value ...` given to that build's server only.
# Each instance runs with --inline-io --rate-limit 0 --no-watch, is warmed by 4 s of wrk, then measured with
# `wrk -t2 -c16 -d10s --latency`. One line per measurement: req/s, p50, p99, the slowest answer, the server's and redis-server's CPU per
# request (utime + stime from /proc), the load average. Every process it starts is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
run=${1:?run folder}
dll_a=${2:?build A}
dll_b=${3:?build B}
rounds=${4:-3}
seconds=${PATRON_AB_SECONDS:-10}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

cpu() { awk -v t="$(getconf CLK_TCK)" '{printf "%.3f", ($14 + $15) / t}' "/proc/$1/stat"; }
wait_ready() { for _ in $(seq 1 1200); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.05; done; echo "not ready: $1"; exit 1; }

/usr/bin/python3 - "$run/predictions.csv" "$work/ids.txt" <<'EOF'
import csv, sys
with open(sys.argv[1], newline="") as f:
    reader = csv.reader(f)
    column = next(reader).index("customer_id")
    ids = [r[column] for r in reader]
step = max(1, len(ids) // 300_000)
with open(sys.argv[2], "w") as f:
    for i in range(0, len(ids), step):
        f.write(ids[i] + "\n")
EOF

redis-server --port 5194 --bind 127.0.0.1 --unixsocket "$work/redis.sock" --unixsocketperm 700 --save "" --appendonly no >"$work/redis.log" 2>&1 & pids+=($!)
redis_pid=$!
sleep 1
store=redis://127.0.0.1:5194
[ -z "${PATRON_AB_UNIX:-}" ] || store=unix://$work/redis.sock
dotnet "$dll_a" serve --run "$run" --store "$store" --publish 2>&1 | tail -1
echo "redis-server: $(redis-cli -p 5194 dbsize) keys; $(wc -l <"$work/ids.txt") ids cycled; store $store"

measure() {
  local name=$1 dll=$2 env=$3 server out requests before after rbefore rafter
  # shellcheck disable=SC2086
  env $env dotnet "$dll" serve --run "$run" --urls http://127.0.0.1:5195 --store "$store" --rate-limit 0 --no-watch --inline-io >"$work/serve.log" 2>&1 &
  server=$!
  pids+=($server)
  wait_ready http://127.0.0.1:5195/ready
  IDS="$work/ids.txt" wrk -t2 -c16 -d4s -s bench/serve/profile.lua http://127.0.0.1:5195 >/dev/null
  before=$(cpu "$server") rbefore=$(cpu "$redis_pid")
  out=$(IDS="$work/ids.txt" wrk -t2 -c16 -d"${seconds}s" --latency --timeout 30s -s bench/serve/profile.lua http://127.0.0.1:5195)
  after=$(cpu "$server") rafter=$(cpu "$redis_pid")
  kill "$server"
  wait "$server" 2>/dev/null || true
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  if echo "$out" | grep -q "Non-2xx"; then echo "$name: non-2xx answers"; echo "$out"; exit 1; fi
  echo "$name: $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s, p50 $(echo "$out" | awk '$1 == "50%" {print $2}'), p99 $(echo "$out" | awk '$1 == "99%" {print $2}'), max $(echo "$out" | awk '$1 == "Latency" {print $4; exit}'), server $(echo "scale=4; ($after - $before) * 1000 / $requests" | bc) ms CPU/req, redis $(echo "scale=4; ($rafter - $rbefore) * 1000 / $requests" | bc) ms CPU/req; load $(cut -d' ' -f1-3 /proc/loadavg)"
}

for round in $(seq 1 "$rounds"); do
  measure "round $round A" "$dll_a" "${PATRON_AB_ENV_A:-}"
  measure "round $round B" "$dll_b" "${PATRON_AB_ENV_B:-}"
done
