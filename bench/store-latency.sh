#!/usr/bin/env bash
# Latency of POST /v1/consents and GET /v1/consents/{id} with the in-memory store vs PostgreSQL, in
# one run on one machine: two gateways from the same jar (one per store) against the embedded
# sandbox, and a local PostgreSQL server started for the run. Sequential requests (latency, not
# throughput), after a warm-up.
#
#   bash bench/store-latency.sh              # 50 warm-up + 500 measured requests per operation
#   REQUESTS=2000 PORT=18090 bash bench/store-latency.sh
#
# Needs: Java 17+, Maven (to build the jar if missing), curl, and Debian's PostgreSQL server
# (installed with apt-get when /usr/lib/postgresql/*/bin/pg_ctl is missing). PostgreSQL runs as the
# postgres user with a throw-away data directory on a local port; nothing else is touched.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18090}
PG_PORT=${PG_PORT:-$((PORT + 2))}
REQUESTS=${REQUESTS:-500}
WARMUP=${WARMUP:-50}
JAR=gateway/target/consent-gateway.jar
KEY=cgw_sandbox_demo_key_4f7c1e
INSTITUTION=yapily:thistle-sandbox

[ -f "$JAR" ] || mvn -B -q -DskipTests package

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/pg_ctl" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

work=$(mktemp -d)
chmod 755 "$work"
pgdata="$work/pgdata"
mkdir "$pgdata"
[ "$(id -u)" = 0 ] && chown postgres "$pgdata"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  as_postgres "$pg_bin/pg_ctl" -D "$pgdata" -m fast stop > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

as_postgres "$pg_bin/initdb" -D "$pgdata" -A trust -U postgres > "$work/initdb.log"
as_postgres "$pg_bin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
  -o "-p $PG_PORT -k $pgdata -c listen_addresses=127.0.0.1" start > /dev/null
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"

start_gateway() {
  local port=$1 name=$2; shift 2
  # The tenant rate limit would answer the load with 429s: out of the way for benches.
  printf 'server: {port: %s, host: 127.0.0.1}\nsecurity: {rateLimit: {requestsPerSecond: 1000000, burst: 1000000}}\n' "$port" > "$work/$name.yaml"
  env "$@" java -jar "$JAR" --config "$work/$name.yaml" > "$work/$name.log" 2>&1 &
  pids+=($!)
  until curl -sf "http://127.0.0.1:$port/health/ready" | grep -q '"catalogue":"fresh".*"catalogue":"fresh"'; do
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/$name.log"; exit 1; }
    sleep 0.05
  done
}

start_gateway "$PORT" memory
start_gateway "$((PORT + 1))" postgres \
  CGW_POSTGRES_URL="postgresql://postgres:bench@127.0.0.1:$PG_PORT/postgres" \
  CGW_TOKEN_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)"

report() {
  sort -n "$1" | awk -v label="$2" '{ v[NR] = $1 * 1000 } END {
    printf "%-34s n=%d  p50=%.2f ms  p99=%.2f ms  max=%.2f ms\n", label, NR, v[int(NR*0.50)], v[int(NR*0.99)], v[NR] }'
}

measure() {
  local store=$1 port=$2 gw="http://127.0.0.1:$2" post="$work/$1.post" get="$work/$1.get" id="" t body
  : > "$post"; : > "$get"
  for i in $(seq 1 $((WARMUP + REQUESTS))); do
    body="{\"institutionId\":\"$INSTITUTION\",\"user\":{\"reference\":\"bench-$i\"},\"permissions\":[\"accounts\"],\"redirectUrl\":\"http://localhost:3000/consent/return\"}"
    t=$(curl -s -o "$work/body" -w '%{http_code} %{time_total}' -X POST "$gw/v1/consents" \
      -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d "$body")
    [ "${t%% *}" = 201 ] || { echo "POST answered $t"; exit 1; }
    [ "$i" -gt "$WARMUP" ] && echo "${t#* }" >> "$post"
    id=$(grep -o '"id":"cns_[^"]*"' "$work/body" | cut -d'"' -f4)
    t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $KEY" "$gw/v1/consents/$id")
    [ "${t%% *}" = 200 ] || { echo "GET answered $t"; exit 1; }
    [ "$i" -gt "$WARMUP" ] && echo "${t#* }" >> "$get"
  done
  report "$post" "POST /v1/consents       $store"
  report "$get" "GET /v1/consents/{id}   $store"
}

echo "$REQUESTS requests per operation after $WARMUP warm-up, sequential, curl, loopback"
measure memory "$PORT"
measure postgres "$((PORT + 1))"
