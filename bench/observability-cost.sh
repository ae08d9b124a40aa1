#!/usr/bin/env bash
# Throughput cost of metrics + tracing on GET /v1/institutions (cached catalogue, sandbox mode).
#
# Starts three gateways from the same jar: "off" (metrics.enabled false, tracing off), "metrics"
# (metrics on, tracing off) and "on" (metrics on, tracing on with every request sampled, spans
# exported over OTLP/HTTP to a local sink that accepts and counts them). Drives each with wrk in
# turn, ROUNDS times, alternating (off, metrics, on, off, ...) so that a shared machine's load
# drifts over all alike, and prints requests/s and latency per run, the median of each, and the
# ratios to "off".
#
# Usage: bench/observability-cost.sh            (builds the jar when it is missing)
# Tunables (environment): ROUNDS (2), DURATION (15s), WARMUP (5s), CONNECTIONS (16), THREADS (2),
#                         SAMPLER (always_on: OTEL_TRACES_SAMPLER of "on", e.g. traceidratio with
#                         SAMPLER_ARG=0.1), PORT (18100: off; PORT+1: on; PORT+2: the OTLP sink;
#                         PORT+3: on's /metrics; PORT+4: metrics; PORT+5: its /metrics)
# Needs: java 17+, maven (to build), curl, python3, wrk (installed from Debian when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
SAMPLER=${SAMPLER:-always_on}
SAMPLER_ARG=${SAMPLER_ARG:-1.0}
PORT=${PORT:-18100}
OFF_PORT=$PORT
ON_PORT=$((PORT + 1))
SINK_PORT=$((PORT + 2))
METRICS_PORT=$((PORT + 3))
ONLY_METRICS_PORT=$((PORT + 4))
JAR=gateway/target/consent-gateway.jar
API_KEY=bench-key-$(date +%s)

if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
for tool in java curl python3 wrk; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done
[ -f "$JAR" ] || mvn -B -q -DskipTests package -pl gateway -am

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# The OTLP/HTTP sink: answers 200 to every export and counts the requests (one per batch).
cat > "$work/sink.py" <<'PY'
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
exports = 0
class Sink(BaseHTTPRequestHandler):
    def do_POST(self):
        global exports
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        exports += 1
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def do_GET(self):
        body = str(exports).encode()
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
PY
python3 "$work/sink.py" "$SINK_PORT" &
pids+=("$!")

config() { # port, metrics enabled, metrics port
  cat <<YAML
server: {host: 127.0.0.1, port: $1}
metrics: {enabled: $2, port: $3}
security: {rateLimit: {requestsPerSecond: 1000000, burst: 1000000}}
tenants:
  - id: bench
    name: Bench
    apiKeySha256: [$(printf %s "$API_KEY" | sha256sum | cut -d' ' -f1)]
    redirectUrls: ["http://localhost:$1/return"]
    providers: [wych, yapily]
YAML
}
config "$OFF_PORT" false -1 > "$work/off.yaml"
config "$ONLY_METRICS_PORT" true $((PORT + 5)) > "$work/metrics.yaml"
config "$ON_PORT" true "$METRICS_PORT" > "$work/on.yaml"

wait_ready() {
  for _ in $(seq 1 600); do
    curl -sf "$1/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "not ready: $1" >&2; exit 1
}

CGW_TRACING_ENABLED=false java -jar "$JAR" --config "$work/off.yaml" >"$work/off.log" 2>&1 &
pids+=("$!")
CGW_TRACING_ENABLED=false java -jar "$JAR" --config "$work/metrics.yaml" >"$work/metrics.log" 2>&1 &
pids+=("$!")
CGW_TRACING_ENABLED=true OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT" \
  OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_TRACES_SAMPLER="$SAMPLER" OTEL_TRACES_SAMPLER_ARG="$SAMPLER_ARG" OTEL_SERVICE_NAME=bench-gateway \
  java -jar "$JAR" --config "$work/on.yaml" >"$work/on.log" 2>&1 &
pids+=("$!")
wait_ready "http://127.0.0.1:$OFF_PORT"
wait_ready "http://127.0.0.1:$ONLY_METRICS_PORT"
wait_ready "http://127.0.0.1:$ON_PORT"

path="/v1/institutions?limit=20"
for port in "$OFF_PORT" "$ONLY_METRICS_PORT" "$ON_PORT"; do
  curl -sf -H "Authorization: Bearer $API_KEY" "http://127.0.0.1:$port$path" >/dev/null
done

run() { # label, port, duration -> "label rps p50 p99"
  local out
  out=$(METHOD=GET EXPECT=200 API_KEY=$API_KEY wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3" \
    -s bench/refused-request.lua "http://127.0.0.1:$2$path")
  local unexpected
  unexpected=$(echo "$out" | sed -nE 's/^unexpected statuses: ([0-9]+)$/\1/p')
  [ "$unexpected" -eq 0 ] || { echo "FAILED: $unexpected answers were not 200" >&2; exit 1; }
  printf '%s %s %s %s\n' "$1" "$(echo "$out" | sed -nE 's/^Requests\/sec: *([0-9.]+)$/\1/p')" \
    "$(echo "$out" | sed -nE 's/^p50: ([0-9.]+) ms$/\1/p')" "$(echo "$out" | sed -nE 's/^p99: ([0-9.]+) ms$/\1/p')"
}

echo "warm-up ($WARMUP each)"
run off "$OFF_PORT" "$WARMUP" >/dev/null
run metrics "$ONLY_METRICS_PORT" "$WARMUP" >/dev/null
run on "$ON_PORT" "$WARMUP" >/dev/null

echo "GET $path: $THREADS thread(s), $CONNECTIONS connections, $DURATION per run, $ROUNDS round(s)," \
  "tracing sampler $SAMPLER ($SAMPLER_ARG)"
results=$(
  for round in $(seq 1 "$ROUNDS"); do
    run off "$OFF_PORT" "$DURATION"
    run metrics "$ONLY_METRICS_PORT" "$DURATION"
    run on "$ON_PORT" "$DURATION"
  done
)
echo "$results" | awk '{printf "  %-7s  %9.0f req/s   p50 %7.3f ms   p99 %7.3f ms\n", $1, $2, $3, $4}'
echo "$results" | awk '
  { rps[$1] = rps[$1] " " $2 }
  function median(list,   a, n, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    off = median(rps["off"]); metrics = median(rps["metrics"]); on = median(rps["on"])
    printf "median: off %.0f req/s, metrics %.0f req/s, on (metrics + tracing) %.0f req/s\n", off, metrics, on
    printf "metrics/off = %.3f, on/off = %.3f (%.1f%% fewer requests/s with both)\n", metrics / off, on / off, (1 - on / off) * 100
  }'

echo "span exports received by the sink: $(curl -s "http://127.0.0.1:$SINK_PORT/")"
echo "the \"on\" gateway counted $(curl -s "http://127.0.0.1:$METRICS_PORT/metrics" \
  | sed -nE 's/^cgw_facade_requests_seconds_count\{operation="listInstitutions",status_class="2xx"\} ([0-9.]+)$/\1/p') listInstitutions 2xx requests"
