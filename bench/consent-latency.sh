#!/usr/bin/env bash
# Cold start of the packaged gateway and the latency of POST /v1/consents per provider, against the
# embedded sandbox on loopback. Sequential requests (latency, not throughput).
#
#   bash bench/consent-latency.sh            # 50 warm-up + 500 measured requests per provider
#   REQUESTS=2000 PORT=18080 bash bench/consent-latency.sh
#
# Needs: Java 17+, Maven (to build the jar if missing), curl.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18080}
REQUESTS=${REQUESTS:-500}
WARMUP=${WARMUP:-50}
JAR=gateway/target/consent-gateway.jar
KEY=cgw_sandbox_demo_key_4f7c1e
GW="http://127.0.0.1:$PORT"

[ -f "$JAR" ] || mvn -B -q -DskipTests package
config=$(mktemp --suffix=.yaml)
printf 'server: {port: %s, host: 127.0.0.1}\nsecurity: {rateLimit: {requestsPerSecond: 1000000, burst: 1000000}}\n' "$PORT" > "$config"   # The tenant rate limit would answer the load with 429s: out of the way for benches.

start=$(date +%s%N)
java -jar "$JAR" --config "$config" > /tmp/consent-latency-gateway.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$config"' EXIT
until curl -sf "$GW/health/live" > /dev/null; do
  kill -0 $pid 2>/dev/null || { cat /tmp/consent-latency-gateway.log; exit 1; }
  sleep 0.02
done
ready=$(date +%s%N)
until curl -sf "$GW/health/ready" | grep -q '"catalogue":"fresh".*"catalogue":"fresh"'; do sleep 0.02; done
catalogues=$(date +%s%N)
echo "cold start: listening after $(( (ready - start) / 1000000 )) ms," \
     "both provider catalogues loaded after $(( (catalogues - start) / 1000000 )) ms"

wych_bank=$(curl -s -H "Authorization: Bearer $KEY" "$GW/v1/institutions?provider=wych&q=Kookaburra" \
  | grep -o '"id":"wych:[^"]*"' | head -1 | cut -d'"' -f4)

measure() {
  local provider=$1 institution=$2 out
  out=$(mktemp)
  for i in $(seq 1 $((WARMUP + REQUESTS))); do
    body="{\"institutionId\":\"$institution\",\"user\":{\"reference\":\"bench-$i\"},\"permissions\":[\"accounts\"],\"redirectUrl\":\"http://localhost:$PORT/sandbox/return\"}"
    t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -X POST "$GW/v1/consents" \
      -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d "$body")
    [ "${t%% *}" = 201 ] || { echo "unexpected status $t"; exit 1; }
    [ "$i" -gt "$WARMUP" ] && echo "${t#* }" >> "$out"
  done
  sort -n "$out" | awk -v p="$provider" '{ v[NR] = $1 * 1000 } END {
    printf "POST /v1/consents %-6s n=%d  p50=%.2f ms  p90=%.2f ms  p99=%.2f ms  max=%.2f ms\n",
      p, NR, v[int(NR*0.50)], v[int(NR*0.90)], v[int(NR*0.99)], v[NR] }'
  rm -f "$out"
}

measure yapily yapily:thistle-sandbox
measure wych "$wych_bank"
