#!/usr/bin/env bash
# Time from `git clone` to an authorised consent in the sandbox console, as a newcomer would go:
# clone, package, start the jar, then (scripted in headless Chromium) pick Thistle Bank, approve at
# the bank, see "authorized". Needs chromium, chromium-driver, curl and jq.
# Usage: bench/first-hour/run.sh [repository] [branch] [port]   (Maven offline if MVN_OFFLINE=1)
set -euo pipefail
repo=${1:-$(git -C "$(dirname "$0")" rev-parse --show-toplevel)}
branch=${2:-$(git -C "$repo" rev-parse --abbrev-ref HEAD)}
port=${3:-18093}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
now() { date +%s.%N; }

t0=$(now)
git clone -q -b "$branch" "$repo" "$work/clone"
t1=$(now)
(cd "$work/clone" && mvn -B -q ${MVN_OFFLINE:+-o} -DskipTests package)
t2=$(now)
java -jar "$work/clone/gateway/target/consent-gateway.jar" --port "$port" >"$work/gateway.log" 2>&1 & gw=$!
trap 'kill $gw; rm -rf "$work"' EXIT
until curl -sf "localhost:$port/health/ready" >/dev/null; do sleep 0.2; done
t3=$(now)
"$here/console-journey.sh" "http://localhost:$port"
t4=$(now)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v e="$t4" 'BEGIN {
  printf "clone %.1fs, build %.1fs, start to ready %.1fs, console journey %.1fs: total %.1fs\n", b-a, c-b, d-c, e-d, e-a }'
