#!/usr/bin/env bash
# Latency of the provider callback (GET /v1/callbacks/yapily, the browser's return from the bank)
# until its 303, against the embedded Yapily simulator on loopback, beside GET /health/live as a
# peer in the same run. Yapily asks callbacks to answer within about 100 ms while the browser waits
# on its page. What the callback does before answering: find the journey (one store read), redeem
# it (one store update), exchange the one-time token with Yapily (one upstream call, here to the
# in-process simulator), record the outcome (one store update). Sequential requests.
#
#   bash bench/callback-latency.sh            # 30 warm-up + 300 measured callbacks
#   REQUESTS=1000 PORT=18080 bash bench/callback-latency.sh
#
# Needs: Java 17+, Maven (to build the jar if missing), curl.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18080}
REQUESTS=${REQUESTS:-300}
WARMUP=${WARMUP:-30}
JAR=gateway/target/consent-gateway.jar
KEY=cgw_sandbox_demo_key_4f7c1e
GW="http://127.0.0.1:$PORT"

[ -f "$JAR" ] || mvn -B -q -DskipTests package
config=$(mktemp --suffix=.yaml)
# The tenant rate limit would answer the load with 429s: out of the way for benches.
printf 'server: {port: %s, host: 127.0.0.1}\nsecurity: {rateLimit: {requestsPerSecond: 1000000, burst: 1000000}}\n' "$PORT" > "$config"
java -jar "$JAR" --config "$config" > /tmp/callback-latency-gateway.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$config"' EXIT
until curl -sf "$GW/health/ready" | grep -q '"catalogue":"fresh".*"catalogue":"fresh"'; do
  kill -0 $pid 2>/dev/null || { cat /tmp/callback-latency-gateway.log; exit 1; }
  sleep 0.05
done

callbacks=$(mktemp); peers=$(mktemp)
for i in $(seq 1 $((WARMUP + REQUESTS))); do
  body="{\"institutionId\":\"yapily:thistle-sandbox\",\"user\":{\"reference\":\"bench-$i\"},\"permissions\":[\"accounts\"],\"redirectUrl\":\"http://localhost:$PORT/sandbox/return\"}"
  url=$(curl -s -X POST "$GW/v1/consents" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d "$body" \
    | grep -o '"authorisationUrl":"[^"]*"' | cut -d'"' -f4)
  # The user approves at the simulated bank, which answers 303 to the gateway's callback.
  callback=$(curl -s -o /dev/null -w '%{redirect_url}' -X POST "$url/approve")
  t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$callback")
  [ "${t%% *}" = 303 ] || { echo "unexpected callback status $t"; exit 1; }
  p=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$GW/health/live")
  if [ "$i" -gt "$WARMUP" ]; then echo "${t#* }" >> "$callbacks"; echo "${p#* }" >> "$peers"; fi
done

report() {
  sort -n "$2" | awk -v what="$1" '{ v[NR] = $1 * 1000 } END {
    printf "%-32s n=%d  p50=%.2f ms  p90=%.2f ms  p99=%.2f ms  max=%.2f ms\n",
      what, NR, v[int(NR*0.50)], v[int(NR*0.90)], v[int(NR*0.99)], v[NR] }'
}
report "GET /v1/callbacks/yapily (303)" "$callbacks"
report "GET /health/live (peer)" "$peers"
rm -f "$callbacks" "$peers"
