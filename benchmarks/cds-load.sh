#!/usr/bin/env bash
# Latency and throughput of a CDS Hooks call as an EHR makes it: POST /cds-services/backcare-spine-safety (hook patient-view)
# with a realistic prefetch (a searchset of 20 Conditions, mostly not about the spine, and the patient's screening
# QuestionnaireResponse), against the published Release build, with wrk on loopback at a few connection counts. Prints
# requests/s and the p50, p90 and p99 latency per connection count. Usage: bash benchmarks/cds-load.sh   (about 2 minutes on
# 2 cores) Tunables: DURATION (s per round, 10), WARMUP (s, 15: under load, tiered compilation takes about 10 s to settle),
# CONNECTIONS ("1 16 64"), THREADS (wrk threads, 2; never more than the connections), ROUNDS (2).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-15}
CONNECTIONS=${CONNECTIONS:-"1 16 64"}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-2}
API_PORT=${API_PORT:-5184}
BODY_FILE=$PWD/benchmarks/BackCare.Benchmarks/Requests/cds-patient-view-20-conditions.json
BODY_PATH=/cds-services/backcare-spine-safety
LUA=$PWD/benchmarks/post-assessment.lua
export BODY_FILE

WORK=$(mktemp -d)
API_PID=""
cleanup() {
  if [ -n "$API_PID" ]; then kill "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# shellcheck source=benchmarks/common.sh
source benchmarks/common.sh
needs curl awk

publish_api "$WORK/api"

API=http://127.0.0.1:$API_PORT

# One client sends everything here: the per-client rate limit stays in the pipeline but is raised out of reach.
(cd "$WORK/api" && exec ./BackCare.Api --urls "$API" --RateLimit:PermitsPerMinute=2000000000 ${API_ARGS:-} >"$WORK/api.log" 2>&1) &
API_PID=$!

# Polls until GET /health/ready answers 200, or fails after 30 s.
ready=""
for _ in $(seq 1 3000); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "$API/health/ready" || true)" = 200 ]; then ready=1; break; fi
  sleep 0.01
done
[ -n "$ready" ] || { echo "$API never became ready" >&2; cat "$WORK/api.log" >&2; exit 1; }

# The body must be the call measured: a 200 with exactly one card (a 4xx would be measured as fast, wrong answers).
code=$(curl -s -o "$WORK/answer.json" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$BODY_FILE" "$API$BODY_PATH")
cards=$(grep -o '"indicator":' "$WORK/answer.json" | wc -l)
if [ "$code" != 200 ] || [ "$cards" != 1 ]; then
  echo "BackCare answered $code with $cards cards to the benchmark body" >&2; cat "$WORK/answer.json" >&2; exit 1
fi
echo "Request body $(wc -c <"$BODY_FILE") bytes; answer HTTP $code, $(wc -c <"$WORK/answer.json") bytes, one card:" \
  "$(grep -o '"org.backcare":{[^}]*}' "$WORK/answer.json")"

run_wrk() { # connections seconds → RESULT line (wrk needs at least one connection per thread)
  local threads=$(( $1 < THREADS ? $1 : THREADS ))
  timeout $(( $2 + 30 )) wrk -t"$threads" -c"$1" -d"$2"s --timeout 5s -s "$LUA" "$API$BODY_PATH" | grep '^RESULT' | sed "s/^RESULT/RESULT connections=$1/"
}

echo "Warming up for ${WARMUP}s..."
run_wrk 64 "$WARMUP" >/dev/null

echo "Load: ${ROUNDS} rounds of ${DURATION}s at ${CONNECTIONS} connections, up to $THREADS wrk threads; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  for c in $CONNECTIONS; do
    run_wrk "$c" "$DURATION" | tee -a "$WORK/results"
  done
done
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
awk '
  { for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    c = f["connections"]
    rps[c] += f["requests"] / (f["duration_us"] / 1e6); n[c]++
    if (f["p50_us"] > p50[c]) p50[c] = f["p50_us"]
    if (f["p90_us"] > p90[c]) p90[c] = f["p90_us"]
    if (f["p99_us"] > p99[c]) p99[c] = f["p99_us"]
    bad[c] += f["status_errors"]; sock[c] += f["connect"] + f["read"] + f["write"] + f["timeout"]
    if (!(c in seen)) { seen[c] = 1; order[++m] = c } }
  END {
    printf "%-11s %8s %10s %10s %10s %8s %8s\n", "connections", "r/s", "p50", "p90", "p99", "non-2xx", "sock err"
    for (j = 1; j <= m; j++) {
      c = order[j]
      printf "%-11s %8.0f %7.2f ms %7.2f ms %7.2f ms %8d %8d\n", c, rps[c] / n[c], p50[c] / 1000, p90[c] / 1000, p99[c] / 1000, bad[c], sock[c]
    }
  }' "$WORK/results"
echo
echo "(r/s: mean of the rounds; p50, p90, p99: worst round; non-2xx: answers with status >= 400, as wrk counts them;"
echo " sock err: wrk's connect, read, write and timeout errors)"
