#!/usr/bin/env bash
# Heap allocated per request by the gateway, for a cached GET /v1/institutions?limit=20 (goal P4 of
# the throughput work: <= 8 kB) and, as a control, GET /health/live.
#
# Allocation is counted by the JVM itself (JFR's jdk.ThreadAllocationStatistics, per thread), so the
# figure does not depend on how busy the machine is, unlike a latency. It starts the jar in sandbox
# mode with a flight recording, warms up, snapshots the per-thread allocation counters, drives N
# requests with wrk, snapshots again, and divides the bytes the Vert.x threads (event loops and
# workers) allocated in between by the requests wrk made.
#
# Usage: bench/allocation-per-request.sh [jar]       (builds gateway/target/consent-gateway.jar if missing)
# Tunables (environment): DURATION (10s), CONNECTIONS (8), PORT (18090)
# Needs: java 17+ (jcmd, jfr), curl, wrk (Debian: apt-get install -y wrk), python3.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${1:-gateway/target/consent-gateway.jar}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-8}
PORT=${PORT:-18090}
KEY=cgw_sandbox_demo_key_4f7c1e
GW=http://127.0.0.1:$PORT

for tool in java jcmd jfr curl wrk python3; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done
[ -f "$JAR" ] || mvn -B -q -DskipTests package -pl gateway -am

work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The tenant rate limit would answer the load with 429s: out of the way for benches.
printf 'server: {host: 127.0.0.1, port: %s}\nsecurity: {rateLimit: {requestsPerSecond: 1000000, burst: 1000000}}\n' "$PORT" > "$work/gateway.yaml"
java -XX:StartFlightRecording=name=alloc,settings=profile -jar "$JAR" --config "$work/gateway.yaml" \
  >"$work/gateway.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf "$GW/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
curl -sf "$GW/health/ready" >/dev/null || { echo "gateway not ready" >&2; cat "$work/gateway.log" >&2; exit 1; }

cat > "$work/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $KEY"
LUA

# Sum, over the Vert.x threads, of the bytes each had allocated by the snapshot.
allocated() {
  jcmd "$pid" JFR.dump name=alloc filename="$work/$1.jfr" >/dev/null
  jfr print --json --events jdk.ThreadAllocationStatistics "$work/$1.jfr" | python3 -c '
import json, sys
latest = {}
for e in json.load(sys.stdin)["recording"]["events"]:
    v = e["values"]; name = (v.get("thread") or {}).get("javaName") or ""
    if name.startswith("vert.x-"):
        latest[name] = max(latest.get(name, 0), v["allocated"])
print(sum(latest.values()))'
}

snapshot=0
measure() {
  local label=$1 url=$2
  wrk -t1 -c"$CONNECTIONS" -d5s -s "$work/auth.lua" "$url" >/dev/null            # warm-up
  snapshot=$((snapshot + 1)); local before; before=$(allocated "s$snapshot")
  local out; out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -s "$work/auth.lua" "$url")
  snapshot=$((snapshot + 1)); local after; after=$(allocated "s$snapshot")
  local requests; requests=$(echo "$out" | sed -nE 's/^ *([0-9]+) requests in.*/\1/p')
  # Snapshots come from the JVM's periodic events: a few requests either side of them blur the
  # figure by well under 1 % at these counts.
  python3 -c "print(f'{\"$label\":<34} {$requests:>9} requests  {($after-$before)/$requests/1024:8.1f} kB allocated per request')"
}

echo "jar: $JAR"
measure "GET /v1/institutions?limit=20" "$GW/v1/institutions?limit=20"
measure "GET /health/live (control)" "$GW/health/live"
