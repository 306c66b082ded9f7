"""Freshness benchmark of patron serve --db: posts order events at a fixed rate for a fixed time (an open-loop schedule,
so a slow server does not slow the load down) and measures, per event, the time from the start of its POST until the
customer's profile (GET /api/customers/{id}) shows it (features.orders one higher than before). Each event is a new
order of its own customer, taken in turn from the ids file, so every event's visibility is told apart.

Usage: freshness.py URL IDS_FILE PRODUCT_ID RATE SECONDS [SERVER_PID]
Prints the events sent, accepted (202), seen, the p50/p95/p99/max latency in ms and the server's peak resident memory
(VmHWM of /proc/PID/status) when SERVER_PID is given."""
import json
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def get(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.load(r)


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def one(base, customer, product, n, due, results, lock):
    profile = f"{base}/api/customers/{customer}"
    before = get(profile)["features"]["orders"]
    delay = due - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    start = time.monotonic()
    body = {"orders": [{"order_id": f"bench-{n}-{int(time.time() * 1e6)}", "customer_id": customer,
                        "ordered_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600)),
                        "lines": [{"product_id": product, "quantity": 1, "unit_price": 10.0}]}]}
    status = post(f"{base}/api/events", body)
    seen = None
    if status == 202:
        deadline = start + 30
        while time.monotonic() < deadline:
            if get(profile)["features"]["orders"] > before:
                seen = time.monotonic() - start
                break
            time.sleep(0.005)
    with lock:
        results.append((status, seen))


def main(base, ids_file, product, rate, seconds, pid=None):
    ids = [line.strip() for line in open(ids_file) if line.strip()]
    total = int(rate * seconds)
    if total > len(ids):
        sys.exit(f"{total} events need as many customers; the ids file has {len(ids)}")
    results, lock = [], threading.Lock()
    start = time.monotonic() + 2
    with ThreadPoolExecutor(max_workers=min(256, max(8, int(rate * 2)))) as pool:
        for n in range(total):
            pool.submit(one, base, ids[n], product, n, start + n / rate, results, lock)
    accepted = [r for r in results if r[0] == 202]
    seen = sorted(r[1] * 1000 for r in accepted if r[1] is not None)

    def pct(p):
        return seen[min(len(seen) - 1, int(p * len(seen)))] if seen else float("nan")

    print(f"sent {total} accepted {len(accepted)} seen {len(seen)} rate {rate}/s for {seconds} s")
    print(f"POST->visible ms: p50 {pct(0.50):.0f} p95 {pct(0.95):.0f} p99 {pct(0.99):.0f} max {seen[-1] if seen else float('nan'):.0f}")
    if pid:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith(("VmHWM", "VmRSS")):
                print(line.strip())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), sys.argv[6] if len(sys.argv) > 6 else None)
