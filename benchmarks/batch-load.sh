#!/usr/bin/env bash
# Throughput of POST /v1/assessments/batch (the published Release build) by batch size, with wrk on loopback: for batches of
# 1, 10, 100 and 1,000 items, requests/s, assessments/s (requests × items), p50, p99 and non-2xx answers, next to the load
# average. The batches are generated here from benchmarks/BackCare.Benchmarks/Requests/*.json (the four scenarios of the
# in-process benchmarks, taken in turn), so every batch mixes nothing-fires, caution, unsure and emergency answers.
# Usage: bash benchmarks/batch-load.sh   (about 3 minutes on 2 cores)
# Tunables: SIZES ("1 10 100 1000"), DURATION (s per round, 10), WARMUP (s, 15: under load, tiered compilation takes about
# 10 s to settle), CONNECTIONS (16), THREADS (wrk threads, 2), ROUNDS (2), API_PORT (5186).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1 10 100 1000"}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-15}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-2}
API_PORT=${API_PORT:-5186}
REQUESTS=$PWD/benchmarks/BackCare.Benchmarks/Requests
LUA=$PWD/benchmarks/post-assessment.lua

WORK=$(mktemp -d)
API_PID=""
cleanup() {
  [ -z "$API_PID" ] || { kill "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; }
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# shellcheck source=benchmarks/common.sh
source benchmarks/common.sh
needs curl awk tr

# A batch of N items: the assessment request files (not the CDS Hooks call beside them), each on one line, taken in turn,
# joined with commas inside one JSON array.
make_batch() { # size file
  local scenarios=() i file
  for file in "$REQUESTS"/*.json; do [[ $(basename "$file") == cds-* ]] || scenarios+=("$file"); done
  {
    printf '['
    for (( i = 0; i < $1; i++ )); do
      [ "$i" -eq 0 ] || printf ','
      tr -d '\r\n' < "${scenarios[i % ${#scenarios[@]}]}"
    done
    printf ']'
  } > "$2"
}
for size in $SIZES; do make_batch "$size" "$WORK/batch-$size.json"; done

publish_api "$WORK/api"

API=http://127.0.0.1:$API_PORT
# One client sends everything here: the per-client rate limit stays in the pipeline but is raised out of reach.
(cd "$WORK/api" && exec ./BackCare.Api --urls "$API" --RateLimit:PermitsPerMinute=2000000000 ${API_ARGS:-} >"$WORK/api.log" 2>&1) &
API_PID=$!
for _ in $(seq 1 3000); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$API/health/ready" || true)" = 200 ] && break
  sleep 0.01
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$API/health/ready" || true)" = 200 ] || { echo "BackCare never became ready" >&2; exit 1; }

# Each batch must be graded whole before it is measured: a 200 with every item graded.
for size in $SIZES; do
  out=$(curl -s -w ' %{http_code} %{size_upload} %{size_download}' -H 'Content-Type: application/json' --data-binary "@$WORK/batch-$size.json" "$API/v1/assessments/batch")
  read -r code up down <<<"${out##*\} }"
  graded=$(grep -o '"graded":[0-9]*' <<<"$out" | head -1 | cut -d: -f2)
  [ "$code" = 200 ] && [ "$graded" = "$size" ] || { echo "Batch of $size: HTTP $code, graded ${graded:-?}" >&2; exit 1; }
  echo "Batch of $size: $up bytes up, $down bytes down, all $graded graded"
done

run_wrk() { # size connections seconds → RESULT line
  BODY_FILE="$WORK/batch-$1.json" timeout $(( $3 + 60 )) wrk -t"$THREADS" -c"$2" -d"$3"s --timeout 30s -s "$LUA" "$API/v1/assessments/batch" \
    | grep '^RESULT' | sed "s/^RESULT/RESULT size=$1 load=$(cut -d' ' -f1 /proc/loadavg)/"
}

echo "Warming up for ${WARMUP}s (batches of 100, $CONNECTIONS connections)..."
run_wrk 100 "$CONNECTIONS" "$WARMUP" >/dev/null

echo "Load: ${ROUNDS} rounds of ${DURATION}s per size at $CONNECTIONS connections, $THREADS wrk threads; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  for size in $SIZES; do
    run_wrk "$size" "$CONNECTIONS" "$DURATION" | tee -a "$WORK/results"
  done
done
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
api_rss=$(awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$API_PID/status")

echo
awk '
  { for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    s = f["size"]; r = f["requests"] / (f["duration_us"] / 1e6)
    rps[s] += r; n[s]++
    if (f["p50_us"] > p50[s]) p50[s] = f["p50_us"]
    if (f["p99_us"] > p99[s]) p99[s] = f["p99_us"]
    bad[s] += f["status_errors"]; sock[s] += f["connect"] + f["read"] + f["write"] + f["timeout"]
    load[s] = load[s] (load[s] == "" ? "" : "/") f["load"]
    if (!(s in seen)) { seen[s] = 1; order[++m] = s } }
  END {
    printf "%-6s %12s %15s %10s %10s %8s %8s %12s\n", "items", "requests/s", "assessments/s", "p50", "p99", "non-2xx", "sock err", "load (1 min)"
    for (j = 1; j <= m; j++) {
      s = order[j]
      printf "%-6s %12.1f %15.0f %7.2f ms %7.2f ms %8d %8d %12s\n", s, rps[s] / n[s], rps[s] / n[s] * s, p50[s] / 1000, p99[s] / 1000, bad[s], sock[s], load[s]
    }
  }' "$WORK/results"
echo
echo "(requests/s: mean of the rounds; assessments/s: requests/s × items; p50, p99: the worse round; non-2xx: answers with"
echo " status >= 400, as wrk counts them; load: the 1-minute load average as each round started, one per round)"
echo "Resident memory after the load (VmRSS): ${api_rss} MB"
