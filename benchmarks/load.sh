#!/usr/bin/env bash
# Throughput of POST /v1/assessments (the published Release build) against an endpoint that binds the same request JSON and
# writes a canned answer of the same size, in alternating rounds with wrk on loopback; the server's CPU per request in each
# round; start-up to ready and resident memory after the load. The canned endpoint runs twice: as a plain minimal API with no
# BackCare middleware at all ("plain", the limit and the target's comparator: BackCare / plain), and behind BackCare's own host
# setup ("bare": the difference from BackCare is the triage itself). Each round runs BackCare, bare and plain back to back.
# Usage: bash benchmarks/load.sh   (about 3 minutes on 2 cores)
# Tunables: DURATION (s per round, 10), WARMUP (s per server, 15: under load, tiered compilation takes about 10 s to
# settle), CONNECTIONS ("32 64"), THREADS (wrk threads, 2), ROUNDS (2), PROFILE (1: perf records BackCare's last round and
# the script prints where its CPU went; needs perf, Debian's linux-perf).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-15}
CONNECTIONS=${CONNECTIONS:-"32 64"}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-2}
API_PORT=${API_PORT:-5181}
BARE_PORT=${BARE_PORT:-5182}
PLAIN_PORT=${PLAIN_PORT:-5183}
BODY_FILE=$PWD/benchmarks/BackCare.Benchmarks/Requests/caution-region-disc.json
LUA=$PWD/benchmarks/post-assessment.lua
export BODY_FILE

WORK=$(mktemp -d)
API_PID="" BARE_PID="" PLAIN_PID=""
cleanup() {
  for pid in $API_PID $BARE_PID $PLAIN_PID; do kill "$pid" 2>/dev/null || true; done
  for pid in $API_PID $BARE_PID $PLAIN_PID; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# shellcheck source=benchmarks/common.sh
source benchmarks/common.sh
needs curl awk

publish_api "$WORK/api"
dotnet publish benchmarks/BackCare.BareEndpoint -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$WORK/bare" -p:OpenApiGenerateDocuments=false --nologo -v quiet >/dev/null

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Polls until GET /health/ready answers 200; prints the milliseconds since $2 (the launch time), or fails after 30 s.
wait_ready() {
  local url=$1 started=$2
  for _ in $(seq 1 3000); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health/ready" || true)" = 200 ]; then
      echo $(( $(now_ms) - started )); return 0
    fi
    sleep 0.01
  done
  echo "$url never became ready" >&2; return 1
}

rss_mb() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

API=http://127.0.0.1:$API_PORT
BARE=http://127.0.0.1:$BARE_PORT
PLAIN=http://127.0.0.1:$PLAIN_PORT

started=$(now_ms)
# One client sends everything here: the per-client rate limit stays in the pipeline but is raised out of reach.
# With PROFILE=1 the runtime writes /tmp/perf-<pid>.map and maps compiled code once (W^X off), so that perf can name its methods.
profile_env=() && [ "${PROFILE:-0}" != 1 ] || profile_env=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
(cd "$WORK/api" && exec env "${profile_env[@]}" ./BackCare.Api --urls "$API" --RateLimit:PermitsPerMinute=2000000000 ${API_ARGS:-} \
  >"$WORK/api.log" 2>&1) &
API_PID=$!
startup_ms=$(wait_ready "$API" "$started")

# The bare endpoint writes exactly what BackCare answers to this body (a fresh id each time, so always the same size).
code=$(curl -s -o "$WORK/canned.json" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$BODY_FILE" "$API/v1/assessments")
[ "$code" = 200 ] || { echo "BackCare answered $code to the benchmark body" >&2; cat "$WORK/canned.json" >&2; exit 1; }

# Behind the same setup, the bare endpoint gets the same out-of-reach rate limit as BackCare.
(cd "$WORK/bare" && exec ./BackCare.BareEndpoint --urls "$BARE" --Canned:Response="$WORK/canned.json" \
  --RateLimit:PermitsPerMinute=2000000000 >"$WORK/bare.log" 2>&1) &
BARE_PID=$!
(cd "$WORK/bare" && exec ./BackCare.BareEndpoint --urls "$PLAIN" --Canned:Response="$WORK/canned.json" --Bare:Pipeline=none \
  >"$WORK/plain.log" 2>&1) &
PLAIN_PID=$!
wait_ready "$BARE" "$(now_ms)" >/dev/null
wait_ready "$PLAIN" "$(now_ms)" >/dev/null

size_of() { curl -s -o /dev/null -w '%{size_download} bytes (HTTP %{http_code})' -H 'Content-Type: application/json' --data-binary "@$BODY_FILE" "$1/v1/assessments"; }
sizes="BackCare $(size_of "$API"), bare $(size_of "$BARE"), plain $(size_of "$PLAIN")"
echo "Response body: $sizes"
# Every server must grade (or pretend to grade) the body: a comparison against a refusal would measure nothing.
[ "$(grep -o 'HTTP 200' <<<"$sizes" | wc -l)" = 3 ] || { echo "Not every server answered 200 to the benchmark body." >&2; exit 1; }

# The process's user + system CPU so far, in clock ticks (/proc/<pid>/stat fields 14 and 15).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
TICK_US=$(( 1000000 / $(getconf CLK_TCK) ))

run_wrk() { # target url connections seconds pid → RESULT line, with the server's CPU ticks during the run
  local before line
  before=$(cpu_ticks "$5")
  line=$(timeout $(( $4 + 30 )) wrk -t"$THREADS" -c"$3" -d"$4"s --timeout 5s -s "$LUA" "$2/v1/assessments" | grep '^RESULT')
  echo "$line target=$1 connections=$3 cpu_ticks=$(( $(cpu_ticks "$5") - before ))"
}

echo "Warming up each for ${WARMUP}s..."
run_wrk api "$API" 64 "$WARMUP" "$API_PID" >/dev/null
run_wrk bare "$BARE" 64 "$WARMUP" "$BARE_PID" >/dev/null
run_wrk plain "$PLAIN" 64 "$WARMUP" "$PLAIN_PID" >/dev/null

echo "Load: ${ROUNDS} A/B rounds of ${DURATION}s at ${CONNECTIONS} connections, $THREADS wrk threads; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
last_c=${CONNECTIONS##* } PERF_PID=""
for c in $CONNECTIONS; do
  for round in $(seq 1 "$ROUNDS"); do
    if [ "${PROFILE:-0}" = 1 ] && [ "$c" = "$last_c" ] && [ "$round" = "$ROUNDS" ]; then
      perf record -F 999 -g -p "$API_PID" -o "$WORK/perf.data" -- sleep $(( DURATION - 1 )) >/dev/null 2>&1 &
      PERF_PID=$!
    fi
    run_wrk api "$API" "$c" "$DURATION" "$API_PID" | tee -a "$WORK/results"
    run_wrk bare "$BARE" "$c" "$DURATION" "$BARE_PID" | tee -a "$WORK/results"
    run_wrk plain "$PLAIN" "$c" "$DURATION" "$PLAIN_PID" | tee -a "$WORK/results"
  done
done
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

api_rss=$(rss_mb "$API_PID")
bare_rss=$(rss_mb "$BARE_PID")
plain_rss=$(rss_mb "$PLAIN_PID")

echo
awk -v tick_us="$TICK_US" '
  { for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    key = f["target"] "," f["connections"]
    rps[key] += f["requests"] / (f["duration_us"] / 1e6); n[key]++
    ticks[key] += f["cpu_ticks"]; requests[key] += f["requests"]
    if (f["p99_us"] > p99[key]) p99[key] = f["p99_us"]
    bad[key] += f["status_errors"]; sock[key] += f["connect"] + f["read"] + f["write"] + f["timeout"]
    if (!(f["connections"] in seen)) { seen[f["connections"]] = 1; order[++m] = f["connections"] } }
  function cpu(k) { return ticks[k] * tick_us / requests[k] }
  END {
    printf "%-11s %12s %10s %10s %9s %8s %13s %10s %10s %8s %8s\n", "connections", "BackCare r/s", "bare r/s", "plain r/s",
      "vs plain", "vs bare", "BackCare p99", "bare p99", "plain p99", "non-2xx", "sock err"
    for (j = 1; j <= m; j++) {
      c = order[j]; a = "api," c; b = "bare," c; p = "plain," c
      printf "%-11s %12.0f %10.0f %10.0f %8.2fx %7.2fx %10.2f ms %7.2f ms %7.2f ms %8d %8d\n", c, rps[a] / n[a], rps[b] / n[b], rps[p] / n[p],
        (rps[a] / n[a]) / (rps[p] / n[p]), (rps[a] / n[a]) / (rps[b] / n[b]), p99[a] / 1000, p99[b] / 1000, p99[p] / 1000,
        bad[a] + bad[b] + bad[p], sock[a] + sock[b] + sock[p]
    }
    printf "\nServer CPU a request (user + system, all rounds):\n%-11s %10s %10s %10s %16s %16s\n", "connections", "BackCare", "bare", "plain", "BackCare - bare", "bare - plain"
    for (j = 1; j <= m; j++) {
      c = order[j]; a = "api," c; b = "bare," c; p = "plain," c
      printf "%-11s %7.1f us %7.1f us %7.1f us %13.1f us %13.1f us\n", c, cpu(a), cpu(b), cpu(p), cpu(a) - cpu(b), cpu(b) - cpu(p)
    }
  }' "$WORK/results"
echo
echo "(r/s: mean of the rounds; p99: worst round; vs plain: BackCare / plain, the target's ratio; vs bare: BackCare / bare;"
echo " non-2xx: answers with status >= 400 from any server, as wrk counts them; plain = the canned endpoint alone; bare = the"
echo " same behind BackCare's host setup. CPU: the server's ticks over the rounds, of $TICK_US us each, per request answered)"
echo "Start-up to ready (process start until GET /health/ready is 200): ${startup_ms} ms"
if [ "${PROFILE:-0}" = 1 ]; then
  wait "$PERF_PID" || true
  echo
  echo "Where BackCare's CPU went in its last round at ${last_c} connections (perf, share of all its samples, each frame with what it calls):"
  perf report -i "$WORK/perf.data" --children --sort sym --stdio -g none 2>/dev/null | awk -v OFS='\t' '
    BEGIN {
      n = split("ProcessRequests>|Kestrel: the request loop, with everything below;" \
        "EndpointMiddleware::Invoke|routing to the endpoint, and the endpoint;" \
        "CreateAssessmentAsync>|the endpoint: read the body, grade, write;" \
        "RuleSet\\+Evaluator::Evaluate|  the rules (NRules);" \
        "AbstractValidator`1\\[System.__Canon\\]::Validate\\(|  FluentValidation;" \
        "AssessmentReader::TryRead\\(|  AssessmentReader;" \
        "BufferedBody\\+<ReadAsync|  the body read;" \
        "Encoded::WriteMembers|  the answer written;" \
        "UseRequestLog>b__1|the request log line, on the request thread;" \
        "ConsoleLoggerProcessor::WriteMessage|the console logger writer thread;" \
        "HostingApplication::CreateContext|the hosting context and its Activity;" \
        "AuthenticationMiddleware\\+<Invoke>|authentication, with everything below;" \
        "RateLimitingMiddleware\\+<InvokeInternal>|the rate limiter, with everything below;" \
        "AuthorizationMiddleware\\+<Invoke>|authorization, with everything below;" \
        "entry_SYSCALL_64_after_hwframe|system calls (sockets, the log)", frames, ";")
      for (i = 1; i <= n; i++) { split(frames[i], kv, "|"); pattern[i] = kv[1]; label[i] = kv[2] }
    }
    /^ +[0-9.]+%/ { for (i = 1; i <= n; i++) if (!(i in share) && $0 ~ pattern[i]) share[i] = $1 }
    END { for (i = 1; i <= n; i++) printf "  %7s  %s\n", (i in share ? share[i] : "-"), label[i] }'
fi
echo "Resident memory after the load (VmRSS): BackCare ${api_rss} MB, bare ${bare_rss} MB, plain ${plain_rss} MB"
