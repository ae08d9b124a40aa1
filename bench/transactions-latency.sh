#!/usr/bin/env bash
# Latency of GET /v1/consents/{id}/accounts/{accountId}/transactions (first page, limit=50) per
# provider against the embedded sandbox on loopback, with GET /v1/consents/{id} (a store read, no
# provider call) measured in the same run as the peer. Sequential requests (latency, not throughput).
#
#   bash bench/transactions-latency.sh            # 50 warm-up + 500 measured requests each
#   REQUESTS=2000 PORT=18100 bash bench/transactions-latency.sh
#
# Needs: Java 17+, Maven (to build the jar if missing), curl, python3 (to find a free port).
set -euo pipefail
cd "$(dirname "$0")/.."

# A free port unless one is given (machines here are shared: fixed ports collide).
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
REQUESTS=${REQUESTS:-500}
WARMUP=${WARMUP:-50}
JAR=gateway/target/consent-gateway.jar
KEY=cgw_sandbox_demo_key_4f7c1e
GW="http://127.0.0.1:$PORT"
AUTH="Authorization: Bearer $KEY"

[ -f "$JAR" ] || mvn -B -q -DskipTests package
config=$(mktemp --suffix=.yaml)
printf 'server: {port: %s, host: 127.0.0.1, publicBaseUrl: "http://127.0.0.1:%s"}\nsecurity: {rateLimit: {requestsPerSecond: 1000000, burst: 1000000}}\n' "$PORT" "$PORT" \
  > "$config"   # The tenant rate limit would answer the load with 429s: out of the way for benches.
java -jar "$JAR" --config "$config" > /tmp/transactions-latency-gateway.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$config"' EXIT
until curl -sf "$GW/health/ready" | grep -q '"catalogue":"fresh".*"catalogue":"fresh"'; do
  kill -0 $pid 2>/dev/null || { tail -20 /tmp/transactions-latency-gateway.log; exit 1; }
  sleep 0.05
done

field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }

# One authorised consent with a year of transactions; prints "<consent id> <first account id>".
authorised() {
  local institution=$1 consent url bank
  consent=$(curl -s -X POST "$GW/v1/consents" -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"institutionId\":\"$institution\",\"user\":{\"reference\":\"bench-data\"},\"permissions\":[\"accounts\",\"transactions\"],\"redirectUrl\":\"http://127.0.0.1:$PORT/sandbox/return\"}")
  url=$(echo "$consent" | field authorisationUrl)
  jar=$(mktemp)
  # A Wych authorisationUrl is the gateway's entry URL: it sets the journey cookie and 303s to the bank.
  case "$url" in
    "$GW/v1/journeys/"*) url=$(curl -s -c "$jar" -o /dev/null -w '%{redirect_url}' "$url") ;;
  esac
  bank=$(curl -s -o /dev/null -w '%{redirect_url}' -X POST "$url/approve")
  curl -s -b "$jar" -o /dev/null "$bank"
  rm -f "$jar"
  id=$(echo "$consent" | field id)
  account=$(curl -s -H "$AUTH" "$GW/v1/consents/$id/accounts" | field id)
  echo "$id $account"
}

measure() {
  local label=$1 path=$2 out
  out=$(mktemp)
  for i in $(seq 1 $((WARMUP + REQUESTS))); do
    t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "$AUTH" "$GW$path")
    [ "${t%% *}" = 200 ] || { echo "unexpected status $t for $path"; exit 1; }
    [ "$i" -gt "$WARMUP" ] && echo "${t#* }" >> "$out"
  done
  sort -n "$out" | awk -v l="$label" '{ v[NR] = $1 * 1000 } END {
    printf "%-44s n=%d  p50=%.2f ms  p90=%.2f ms  p99=%.2f ms  max=%.2f ms\n",
      l, NR, v[int(NR*0.50)], v[int(NR*0.90)], v[int(NR*0.99)], v[NR] }'
  rm -f "$out"
}

wych_bank=$(curl -s -H "$AUTH" "$GW/v1/institutions?provider=wych&q=Kookaburra" | field id)
read -r yc ya < <(authorised yapily:thistle-sandbox)
read -r wc wa < <(authorised "$wych_bank")
count=$(curl -s -H "$AUTH" "$GW/v1/consents/$yc/accounts/$ya/transactions?limit=50" | grep -o '"bookedAt"' | wc -l)
echo "first page holds $count transactions"

measure "GET /v1/consents/{id} (peer: store read)" "/v1/consents/$yc"
measure "GET .../transactions?limit=50 yapily" "/v1/consents/$yc/accounts/$ya/transactions?limit=50"
measure "GET .../transactions?limit=50 wych" "/v1/consents/$wc/accounts/$wa/transactions?limit=50"
