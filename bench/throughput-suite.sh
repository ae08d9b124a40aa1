#!/usr/bin/env bash
# The throughput suite: each measure beside its peer, in one run, as one table with ratios.
#
#   P1  cached GET /v1/institutions?limit=20  vs  nginx serving the same bytes as a static file
#       (wrk -t1 -c32, closed loop): requests/s and p99, ratio gateway/nginx
#   P2  POST /v1/consents with Yapily = nginx returning a canned answer  vs  the same upstream call
#       made directly, both open loop (bench/OpenLoop.java, constant arrival rate, latency from the
#       intended send time): added p50 and p99
#   P3  a request refused by an open breaker: see bench/breaker-open-latency.sh (two gateways)
#   P4  heap allocated per cached institutions request: bench/allocation-per-request.sh
#   P6  cold start, `java -jar` to /health/ready = 200 (sandbox default), best of 3
#
# Usage: bench/throughput-suite.sh            (builds the jar when missing; installs wrk and
#                                              nginx-light from Debian when missing)
# Tunables (environment): DURATION (20s), RATE (200 requests/s for P2), SECONDS_P2 (20)
# Absolute numbers on a shared machine are noise; the ratios in one run are the result.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20s}
RATE=${RATE:-200}
SECONDS_P2=${SECONDS_P2:-20}
JAR=gateway/target/consent-gateway.jar
KEY=cgw_sandbox_demo_key_4f7c1e
GW_PORT=18100; NGINX_PORT=18101; UPSTREAM_GW_PORT=18102; P2_GW_PORT=18103

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
for tool in java curl wrk nginx python3; do command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }; done
[ -f "$JAR" ] || mvn -B -q -DskipTests package -pl gateway -am

work=$(mktemp -d)
chmod 755 "$work"   # nginx workers run as another user
pids=()
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

wait_ready() {
  for _ in $(seq 1 300); do curl -sf "$1/health/ready" >/dev/null 2>&1 && return 0; sleep 0.05; done
  echo "not ready: $1" >&2; exit 1
}
start_gateway() { # name config-yaml [java options]
  echo "$2" > "$work/$1.yaml"
  java ${3:-} -jar "$JAR" --config "$work/$1.yaml" >"$work/$1.log" 2>&1 &
  pids+=("$!")
}
wrk_line() { # url [lua]
  local out; out=$(wrk -t1 -c32 -d"$DURATION" --latency ${2:+-s "$2"} "$1")
  local rps p99 bad
  rps=$(echo "$out" | sed -nE 's/^Requests\/sec: *([0-9.]+).*/\1/p')
  p99=$(echo "$out" | sed -nE 's/^ *99% *([0-9.]+)(us|ms|s).*/\1 \2/p')
  # A measure of error answers is no measure: every response must be a 200.
  bad=$(echo "$out" | sed -nE 's/^ *Non-2xx or 3xx responses: *([0-9]+).*/\1/p')
  [ -z "$bad" ] || { echo "FAILED: $bad answers were not 200 from $1" >&2; exit 1; }
  echo "$rps|$p99"
}
to_ms() { python3 -c "v,u='$1'.split(); print(float(v)*{'us':0.001,'ms':1,'s':1000}[u])"; }
row() { printf "%-58s %-32s %-34s %s\n" "$@"; }

# --- P6: cold start (first, on a quiet JVM cache) -------------------------------------------------
cold_start() { # [java options]: best of 3, in ms
  local best=999999 t0 ms
  for _ in 1 2 3; do
    t0=$(date +%s%N)
    start_gateway cold "server: {host: 127.0.0.1, port: $GW_PORT}" "${1:-}"
    wait_ready "http://127.0.0.1:$GW_PORT"
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    [ "$ms" -lt "$best" ] && best=$ms
    kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'
  done
  echo "$best"
}
P6=$(cold_start)
# The archive the build records next to the jar (gateway/pom.xml, record-class-data-archive).
P6_CDS=$(cold_start "-XX:SharedArchiveFile=${JAR%.jar}.jsa")

# The tenant rate limit would answer most of the load with 429s: out of the way for the benches.
UNLIMITED="security: {rateLimit: {requestsPerSecond: 1000000, burst: 1000000}}"

# --- P1: cached institutions vs nginx serving the same bytes --------------------------------------
start_gateway p1 "server: {host: 127.0.0.1, port: $GW_PORT}
$UNLIMITED"
GW=http://127.0.0.1:$GW_PORT
wait_ready "$GW"
mkdir -p "$work/www/v1"
curl -sf -H "Authorization: Bearer $KEY" "$GW/v1/institutions?limit=20" -o "$work/www/v1/institutions"
# The canned Yapily for P2: its institution list and one authorisation answer, from the simulator.
curl -sf -u sandbox-yapily-application:sandbox-yapily-application-secret "$GW/sandbox/yapily/institutions" \
  -o "$work/www/institutions"
curl -sf -u sandbox-yapily-application:sandbox-yapily-application-secret -H 'Content-Type: application/json' \
  -X POST "$GW/sandbox/yapily/account-auth-requests" \
  -d '{"applicationUserId":"bench","institutionId":"thistle-sandbox","callback":"http://127.0.0.1/cb","oneTimeToken":true,"accountRequest":{"featureScope":["ACCOUNTS"]}}' \
  -o "$work/www/account-auth-requests"
cat > "$work/nginx.conf" <<NGINX
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/www;
    location = /v1/institutions { try_files /v1/institutions =404; }
    location = /institutions { try_files /institutions =404; }
    # POST to a static file is refused by nginx, so the canned answer goes through return.
    location = /account-auth-requests { return 201 '$(tr -d '\n' < "$work/www/account-auth-requests" | sed "s/'/\\\\'/g")'; }
  }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work" &
pids+=("$!")
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$NGINX_PORT/v1/institutions" >/dev/null && break; sleep 0.05; done
cmp -s <(curl -sf -H "Authorization: Bearer $KEY" "$GW/v1/institutions?limit=20") "$work/www/v1/institutions" \
  || echo "note: the gateway's page changed between fetches" >&2
echo "wrk.headers[\"Authorization\"] = \"Bearer $KEY\"" > "$work/auth.lua"
wrk -t1 -c32 -d5s -s "$work/auth.lua" "$GW/v1/institutions?limit=20" >/dev/null   # warm-up
IFS='|' read -r gw_rps gw_p99 <<<"$(wrk_line "$GW/v1/institutions?limit=20" "$work/auth.lua")"
IFS='|' read -r ng_rps ng_p99 <<<"$(wrk_line "http://127.0.0.1:$NGINX_PORT/v1/institutions")"
P1_RATIO=$(python3 -c "print(f'{$gw_rps/$ng_rps:.2f}x req/s, p99 {$(to_ms "$gw_p99")/$(to_ms "$ng_p99"):.1f}x')")

# --- P2: added latency of POST /v1/consents over the same upstream call made directly -------------
API_KEY=bench-$(date +%s)
start_gateway p2 "server: {host: 127.0.0.1, port: $P2_GW_PORT}
$UNLIMITED
sandbox: {enabled: false}
providers:
  wych: {enabled: false}
  yapily: {baseUrl: 'http://127.0.0.1:$NGINX_PORT', applicationId: a, applicationSecret: s}
tenants:
  - id: bench
    name: Bench
    apiKeySha256: [$(printf %s "$API_KEY" | sha256sum | cut -d' ' -f1)]
    redirectUrls: ['http://localhost/return']
    providers: [yapily]"
wait_ready "http://127.0.0.1:$P2_GW_PORT"
BODY='{"institutionId":"yapily:thistle-sandbox","user":{"reference":"bench"},"permissions":["accounts"],"redirectUrl":"http://localhost/return"}'
java bench/OpenLoop.java --url "http://127.0.0.1:$P2_GW_PORT/v1/consents" --rate "$RATE" --duration 5 --method POST \
  --header "Authorization: Bearer $API_KEY" --header 'Content-Type: application/json' --body "$BODY" --expect 201 >/dev/null
gw_p2=$(java bench/OpenLoop.java --url "http://127.0.0.1:$P2_GW_PORT/v1/consents" --rate "$RATE" \
  --duration "$SECONDS_P2" --method POST --header "Authorization: Bearer $API_KEY" \
  --header 'Content-Type: application/json' --body "$BODY" --expect 201)
direct_p2=$(java bench/OpenLoop.java --url "http://127.0.0.1:$NGINX_PORT/account-auth-requests" --rate "$RATE" \
  --duration "$SECONDS_P2" --method POST --header 'Content-Type: application/json' --body '{}' --expect 201)
field() { echo "$1" | sed -nE "s/.*$2=([0-9.]+).*/\1/p"; }
P2_ADDED=$(python3 -c "print(f'+{$(field "$gw_p2" p50_ms)-$(field "$direct_p2" p50_ms):.2f} ms p50, +{$(field "$gw_p2" p99_ms)-$(field "$direct_p2" p99_ms):.2f} ms p99')")

echo
echo "Throughput suite, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
row "measure" "gateway" "peer" "ratio / difference"
row "P1 GET /v1/institutions?limit=20 (wrk -t1 -c32 $DURATION)" "$gw_rps req/s, p99 $gw_p99" \
  "nginx: $ng_rps req/s, p99 $ng_p99" "$P1_RATIO"
row "P2 POST /v1/consents, open loop $RATE/s" "p50 $(field "$gw_p2" p50_ms) ms, p99 $(field "$gw_p2" p99_ms) ms" \
  "direct: p50 $(field "$direct_p2" p50_ms), p99 $(field "$direct_p2" p99_ms)" "$P2_ADDED"
[ "$(field "$gw_p2" unexpected)" = 0 ] || echo "  (P2: $(field "$gw_p2" unexpected) unexpected answers from the gateway)"
row "P6 cold start to ready (best of 3)" "$P6 ms" "" ""
row "P6 same, with the build's class-data archive" "$P6_CDS ms" "plain java -jar: $P6 ms" "$(python3 -c "print(f'{$P6_CDS/$P6:.2f}x')")"
echo "P3: bash bench/breaker-open-latency.sh   P4: bash bench/allocation-per-request.sh"
