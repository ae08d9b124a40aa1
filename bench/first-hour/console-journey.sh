#!/usr/bin/env bash
# Drives the console in headless Chromium through chromedriver's W3C HTTP API: pick Thistle Bank,
# start the journey, approve at the bank, wait for "authorized" in the consent view.
set -euo pipefail
GW=${1:-http://localhost:8080}
WD=http://127.0.0.1:9515
profile=$(mktemp -d)
chromedriver --port=9515 >/dev/null 2>&1 & drv=$!
trap 'kill $drv; rm -rf "$profile"' EXIT
for i in $(seq 1 50); do curl -sf $WD/status >/dev/null && break; sleep 0.1; done
caps=$(jq -n --arg dir "--user-data-dir=$profile" '{capabilities:{alwaysMatch:{browserName:"chrome","goog:chromeOptions":{binary:"/usr/bin/chromium",args:["--headless","--no-sandbox","--disable-gpu","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync",$dir]}}}}')
S=$(curl -sf -X POST $WD/session -H 'Content-Type: application/json' -d "$caps" | jq -r .value.sessionId)
wd() { curl -sf -X "$1" "$WD/session/$S$2" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
find_css() { wd POST /element "$(jq -n --arg s "$1" '{using:"css selector",value:$s}')" | jq -r '.value | to_entries[0].value'; }
until_css() { for i in $(seq 1 200); do e=$(find_css "$1" 2>/dev/null || true); [ -n "$e" ] && [ "$e" != null ] && { echo "$e"; return; }; sleep 0.1; done; echo "timeout waiting for $1" >&2; exit 1; }
wd POST /url "$(jq -n --arg u "$GW/" '{url:$u}')" >/dev/null
wd POST /element/$(until_css "button.institution[data-id='yapily:thistle-sandbox']")/click '{}' >/dev/null
wd POST /element/$(until_css "#start-journey")/click '{}' >/dev/null
wd POST /element/$(until_css "button.approve")/click '{}' >/dev/null
until_css "#consent-view[data-status='authorized']" >/dev/null
echo "console shows: $(wd GET /element/$(find_css '#consent-status')/text | jq -r .value) $(wd GET /element/$(find_css '#consent-id')/text | jq -r .value)"
wd DELETE "" >/dev/null
