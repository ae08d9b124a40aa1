#!/usr/bin/env bash
# Latency of a request the gateway refuses because the provider's circuit breaker is open.
#
# Starts two gateways from the built jar: an "upstream" one in sandbox mode, whose Yapily
# simulator plays Yapily, and the gateway under test, whose Yapily points at that simulator. It
# starts a consent journey, stops the upstream (its port is closed from then on), opens the
# breaker with five revokes that fail to connect, checks /health/ready says OPEN, and then drives
# DELETE /v1/consents/{id} with wrk: every request must be refused at once (503, nothing sent).
# Prints the request count and p50/p99, then the same for two controls (see the end).
#
# Usage: bench/breaker-open-latency.sh            (builds the jar when it is missing)
# Tunables (environment): CONNECTIONS (1), THREADS (1), DURATION (20s), WARMUP (5s),
#                         GATEWAY_PORT (18080), UPSTREAM_PORT (18081)
# Needs: java 17+, maven (to build), curl, wrk (Debian: apt-get install -y wrk).
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-1}
THREADS=${THREADS:-1}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
GATEWAY_PORT=${GATEWAY_PORT:-18080}
UPSTREAM_PORT=${UPSTREAM_PORT:-18081}
JAR=gateway/target/consent-gateway.jar
API_KEY=bench-key-$(date +%s)
GW=http://127.0.0.1:$GATEWAY_PORT

for tool in java curl wrk; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done
[ -f "$JAR" ] || mvn -B -q -DskipTests package -pl gateway -am

work=$(mktemp -d)
pids=()
cleanup() {
  # Wait for the gateways' graceful shutdown, so that a next run finds its ports free.
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

cat > "$work/upstream.yaml" <<YAML
server: {host: 127.0.0.1, port: $UPSTREAM_PORT}
YAML
cat > "$work/gateway.yaml" <<YAML
server: {host: 127.0.0.1, port: $GATEWAY_PORT}
security: {rateLimit: {requestsPerSecond: 1000000, burst: 1000000}}
sandbox: {enabled: false}
resilience:
  # Open for the whole run, so that every measured request is a refusal, not a probe.
  providerBreaker: {openFor: PT10M}
providers:
  wych: {enabled: false}
  yapily:
    baseUrl: http://127.0.0.1:$UPSTREAM_PORT/sandbox/yapily
    applicationId: sandbox-yapily-application
    applicationSecret: sandbox-yapily-application-secret
tenants:
  - id: bench
    name: Bench
    apiKeySha256: [$(printf %s "$API_KEY" | sha256sum | cut -d' ' -f1)]
    redirectUrls: ["http://localhost:$GATEWAY_PORT/return"]
    providers: [yapily]
YAML

wait_ready() {
  for _ in $(seq 1 100); do
    curl -sf "$1/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "not ready: $1" >&2; exit 1
}

java -jar "$JAR" --config "$work/upstream.yaml" >"$work/upstream.log" 2>&1 &
upstream_pid=$!; pids+=("$upstream_pid")
wait_ready "http://127.0.0.1:$UPSTREAM_PORT"
java -jar "$JAR" --config "$work/gateway.yaml" >"$work/gateway.log" 2>&1 &
pids+=("$!")
wait_ready "$GW"

consent=$(curl -sf -X POST "$GW/v1/consents" -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' \
  -d "{\"institutionId\":\"yapily:thistle-sandbox\",\"user\":{\"reference\":\"bench-user\"},
       \"permissions\":[\"accounts\"],\"redirectUrl\":\"http://localhost:$GATEWAY_PORT/return\"}" \
  | sed -E 's/.*"id":"([^"]+)".*/\1/')
echo "consent $consent started; stopping the upstream"
kill "$upstream_pid"; wait "$upstream_pid" 2>/dev/null || true

echo "opening the breaker:"
for _ in 1 2 3 4 5 6; do
  curl -s -o /dev/null -w '  DELETE -> %{http_code}\n' -X DELETE "$GW/v1/consents/$consent" -H "Authorization: Bearer $API_KEY"
done
curl -s "$GW/health/ready" | grep -o '"circuit":{[^}]*}' | head -1

url="$GW/v1/consents/$consent"
echo "warm-up ($WARMUP):"
API_KEY=$API_KEY wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/refused-request.lua "$url" | grep -E 'requests:|unexpected'
echo "measured run: $THREADS thread(s), $CONNECTIONS connection(s), $DURATION:"
result=$(API_KEY=$API_KEY wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s bench/refused-request.lua "$url")
echo "$result" | grep -E '^(requests|unexpected statuses|socket errors|p50|p99|max):'
requests=$(echo "$result" | sed -nE 's/^requests: ([0-9]+)$/\1/p')
unexpected=$(echo "$result" | sed -nE 's/^unexpected statuses: ([0-9]+)$/\1/p')
if [ "$requests" -lt 10000 ] || [ "$unexpected" -ne 0 ]; then
  echo "FAILED: need >= 10000 requests, all refused with 503" >&2; exit 1
fi
curl -s "$GW/health/ready" | grep -o '"circuit":{[^}]*}' | head -1

# Two controls under the same load: a facade request that never involves a provider (an unknown
# consent: same authentication, validation and problem document, answered 404), and the health
# endpoint (what the machine and the HTTP stack cost on their own).
echo "control, GET /v1/consents/<unknown> (404, no provider involved):"
METHOD=GET EXPECT=404 API_KEY=$API_KEY wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s bench/refused-request.lua \
  "$GW/v1/consents/cns_no_such_consent_000" | grep -E '^(requests|unexpected statuses|p50|p99):'
echo "control, GET /health/live:"
METHOD=GET EXPECT=200 API_KEY=$API_KEY wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s bench/refused-request.lua \
  "$GW/health/live" | grep -E '^(requests|unexpected statuses|p50|p99):'
