#!/usr/bin/env bash
# Webhook delivery (issue 12): end-to-end delay from a consent's status change to the receiver, and
# delivery throughput to one endpoint, with the packaged gateway in sandbox mode (in-memory store)
# and a local receiver (python3) that answers 204 at once.
#
#   bash bench/webhook-delivery.sh                      # DELAY_JOURNEYS=100 BURST_JOURNEYS=400
#
# Delay: journeys run one after another (create consent, approve at the simulated bank, callback);
# each consent.authorized event's delay is its arrival at the receiver minus its createdAt (same
# machine clock; createdAt is when the change committed). The dispatcher polls every 0.5 s (the
# default events.delivery.pollInterval), which dominates the delay.
# Throughput: a second gateway polls only every 180 s, BURST_JOURNEYS authorisations are made
# between two polls, and the burst that follows is timed at the receiver (first to last arrival),
# with the default events.delivery.maxInFlightPerEndpoint (8).
#
# Needs: Java 17+, Maven (to build the jar if missing), curl, python3.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18090}
RPORT=${RPORT:-18091}
DELAY_JOURNEYS=${DELAY_JOURNEYS:-100}
BURST_JOURNEYS=${BURST_JOURNEYS:-400}
JAR=gateway/target/consent-gateway.jar
KEY=cgw_sandbox_demo_key_4f7c1e
GW="http://127.0.0.1:$PORT"
SECRET=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

[ -f "$JAR" ] || mvn -B -q -DskipTests package

cat > "$work/receiver.py" <<'PY'
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from datetime import datetime
out = open(sys.argv[2], "a", buffering=1)
class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["content-length"]))
        arrived = time.time()
        created = datetime.fromisoformat(json.loads(body)["createdAt"].replace("Z", "+00:00")).timestamp()
        out.write("%s %.3f %.3f\n" % (self.headers["webhook-id"], arrived * 1000, created * 1000))
        self.send_response(204); self.end_headers()
    def log_message(self, *args):
        pass
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
PY

start_gateway() {  # $1 = poll interval
  local config="$work/gateway-$1.yaml"
  cat > "$config" <<YAML
server: {port: $PORT, host: 127.0.0.1}
security: {rateLimit: {requestsPerSecond: 1000000, burst: 1000000}}
sandbox: {webhookTenant: ""}
events: {delivery: {pollInterval: $1, allowPrivateDestinations: true}}
webhooks:
  - {id: bench, tenant: demo, url: "http://localhost:$RPORT/hook", secret: $SECRET}
YAML
  java -jar "$JAR" --config "$config" > "$work/gateway-$1.log" 2>&1 &
  gateway=$!
  pids+=("$gateway")
  until curl -sf "$GW/health/ready" | grep -q '"catalogue":"fresh".*"catalogue":"fresh"'; do
    kill -0 "$gateway" 2>/dev/null || { cat "$work/gateway-$1.log"; exit 1; }
    sleep 0.05
  done
}

journey() {  # one consent authorised: create, approve at the bank, follow the callback
  local body url bank
  body="{\"institutionId\":\"yapily:thistle-sandbox\",\"user\":{\"reference\":\"bench-$1\"},\"permissions\":[\"accounts\"],\"redirectUrl\":\"http://localhost:$PORT/sandbox/return\"}"
  url=$(curl -sf -X POST "$GW/v1/consents" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "$body" | grep -o '"authorisationUrl":"[^"]*"' | cut -d'"' -f4)
  bank=$(curl -sf -o /dev/null -w '%{redirect_url}' -X POST "$url/approve")
  curl -sf -o /dev/null "$bank"
}
export -f journey
export GW KEY PORT

python3 "$work/receiver.py" "$RPORT" "$work/arrivals" &
pids+=($!)

# 1. Delay, default poll interval.
start_gateway PT0.5S
for i in $(seq 1 "$DELAY_JOURNEYS"); do journey "d$i"; done
until [ "$(wc -l < "$work/arrivals")" -ge "$DELAY_JOURNEYS" ]; do sleep 0.1; done
kill "$gateway"; wait "$gateway" 2>/dev/null || true
awk '{ print $2 - $3 }' "$work/arrivals" | sort -n | awk '{ v[NR] = $1 } END {
  printf "status change -> receiver: n=%d  p50=%.0f ms  p90=%.0f ms  p99=%.0f ms  max=%.0f ms\n",
    NR, v[int(NR*0.50)], v[int(NR*0.90)], v[int(NR*0.99)], v[NR] }'

# 2. Throughput: authorisations pile up between two polls, then one burst drains them.
: > "$work/arrivals"
start_gateway PT180S
began=$(date +%s%3N)
seq 1 "$BURST_JOURNEYS" | xargs -P 4 -I{} bash -c 'journey b{}'
made=$(date +%s%3N)
echo "$BURST_JOURNEYS journeys made in $((made - began)) ms (all must precede the first poll, 180 s after start)"
until [ "$(wc -l < "$work/arrivals")" -ge "$BURST_JOURNEYS" ]; do sleep 0.2; done
sort -k2 -n "$work/arrivals" | awk -v made="$made" '$2 > made { t[++n] = $2 } END {
  if (n < 2) { print "no burst after the journeys were made: rerun"; exit 1 }
  printf "burst after the authorisations: %d deliveries in %.0f ms = %.0f deliveries/s (one endpoint, 8 in flight)\n",
    n, t[n] - t[1], (n - 1) * 1000 / (t[n] - t[1]) }'
dups=$(cut -d' ' -f1 "$work/arrivals" | sort | uniq -d | wc -l)
echo "duplicate webhook-ids: $dups"
