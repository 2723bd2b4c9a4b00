#!/usr/bin/env bash
# The one test command (CI runs it through .ci/run):
#
#   ./test.sh                      build ServiceVision.sln (Release) once, run every test
#   ./test.sh --filter Name~Grain  extra arguments go to `dotnet test`
#
# Starts PostgreSQL and RabbitMQ (infra/local/services.sh) and exports SV_TEST_POSTGRES,
# SV_TEST_RABBITMQ and SV_TEST_RABBITMQ_MANAGEMENT to the tests; stops them afterwards unless
# SV_KEEP_SERVICES=1. TRX results go to artifacts/test-results/, logs to artifacts/logs/.
# The last line printed is always "N passed, N failed" (", N skipped" when some were skipped).
# Exit code is non-zero when the build fails, a test fails, the run aborts, or no test ran.
#
#   SV_KEEP_SERVICES=1        leave the services running (faster reruns)
#   SV_TEST_HANG_TIMEOUT=10m  a test host silent this long is killed and the run fails ("" = off)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

SOLUTION=ServiceVision.sln
ARTIFACTS="$ROOT/artifacts"
RESULTS="$ARTIFACTS/test-results"
LOGS="$ARTIFACTS/logs"
SERVICES="$ROOT/infra/local/services.sh"
HANG_TIMEOUT="${SV_TEST_HANG_TIMEOUT-10m}"
# The services boot while the solution builds on the same cores: allow more than the usual 90 s.
export SV_SERVICES_TIMEOUT="${SV_SERVICES_TIMEOUT:-240}"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '[test.sh] %s\n' "$*"; }

services_started=0
services_stopped=0
stop_services() {
  [ "$services_started" = 1 ] && [ "$services_stopped" = 0 ] || return 0
  services_stopped=1
  if [ "${SV_KEEP_SERVICES:-0}" = 1 ]; then
    say "SV_KEEP_SERVICES=1: services left running ($SERVICES stop ends them)"
  else
    "$SERVICES" stop || say "warning: stopping the services failed"
  fi
}
# Safety net for errors and interrupts; the normal path stops them before the summary line.
trap 'stop_services >/dev/null 2>&1' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Prints "passed failed skipped total aborted" summed over the TRX files given.
# A run that aborted (test host crash or hang) has outcome Failed/Aborted but counts no failure;
# it is counted in "aborted" so that it cannot pass for green.
parse_trx() {
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$@" <<'PY'
import sys
import xml.etree.ElementTree as ET

p = f = s = t = ab = 0
for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    ns = {"t": root.tag[1:].split("}")[0]} if root.tag.startswith("{") else {}
    pre = "t:" if ns else ""
    summary = root.find(f"{pre}ResultSummary", ns)
    counters = summary.find(f"{pre}Counters", ns) if summary is not None else None
    c = lambda k: int(counters.get(k, "0")) if counters is not None else 0
    failed = sum(c(k) for k in ("failed", "error", "timeout", "aborted"))
    total = c("total")
    p += c("passed"); f += failed; t += total
    # Skipped tests show as outcome NotExecuted but are not in notExecuted: total - executed.
    s += max(total - c("executed"), c("notExecuted"))
    outcome = summary.get("outcome", "") if summary is not None else "Aborted"
    if failed == 0 and outcome not in ("Completed", "Passed", "Warning"):
        ab += 1
print(p, f, s, t, ab)
PY
  else
    local file line outcome p=0 f=0 s=0 t=0 ab=0 failed skipped
    num() { # attribute of the Counters element, 0 when missing
      local v
      v="$(printf '%s' "$line" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p")"
      echo "${v:-0}"
    }
    for file in "$@"; do
      line="$(tr -d '\r\n' <"$file" | grep -o '<Counters [^>]*>' | head -n 1 || true)"
      outcome="$(tr -d '\r\n' <"$file" | grep -o '<ResultSummary [^>]*>' | head -n 1 |
        sed -n 's/.*outcome="\([^"]*\)".*/\1/p' || true)"
      failed=$(( $(num failed) + $(num error) + $(num timeout) + $(num aborted) ))
      skipped=$(( $(num total) - $(num executed) ))
      [ "$skipped" -ge "$(num notExecuted)" ] || skipped="$(num notExecuted)"
      p=$((p + $(num passed))); f=$((f + failed)); s=$((s + skipped)); t=$((t + $(num total)))
      case "$outcome" in Completed | Passed | Warning) ;; *) [ "$failed" -gt 0 ] || ab=$((ab + 1)) ;; esac
    done
    echo "$p $f $s $t $ab"
  fi
}

# Names each failed test with the start of its message, after the host errors, so that a log's
# tail (all CI keeps) says what failed.
failed_tests() {
  command -v python3 >/dev/null 2>&1 || return 0
  python3 - "$@" <<'PY' || true
import sys
import xml.etree.ElementTree as ET

for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    q = (lambda tag: f"{{{ns}}}{tag}") if ns else (lambda tag: tag)
    for result in root.iter(q("UnitTestResult")):
        if result.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
            continue
        message = result.find(f"{q('Output')}/{q('ErrorInfo')}/{q('Message')}")
        text = (message.text or "").strip().splitlines() if message is not None else []
        print(f"[test.sh] FAILED {result.get('testName')} ({result.get('duration')})")
        for line in text[:6]:
            print(f"[test.sh]   {line}")
PY
}

summary_line() { # passed failed skipped
  local line="$1 passed, $2 failed"
  [ "$3" -gt 0 ] && line+=", $3 skipped"
  echo "$line"
}

# ------------------------------------------------------------------ toolchain
if ! command -v dotnet >/dev/null 2>&1; then
  for d in "$HOME/.dotnet" /usr/share/dotnet /usr/lib/dotnet; do
    [ -x "$d/dotnet" ] && { export PATH="$d:$PATH"; break; }
  done
fi
command -v dotnet >/dev/null 2>&1 || { say "ERROR: dotnet not found (need the .NET 10 SDK)"; summary_line 0 0 0; exit 1; }
sdk="$(dotnet --version)" || { say "ERROR: 'dotnet --version' failed"; summary_line 0 0 0; exit 1; }
if [ "${sdk%%.*}" -lt 10 ] 2>/dev/null; then
  say "ERROR: .NET SDK $sdk found, 10.0 or later is needed"; summary_line 0 0 0; exit 1
fi
say ".NET SDK $sdk"

rm -rf "$RESULTS" "$LOGS"
mkdir -p "$RESULTS" "$LOGS"

# ------------------------------------------------------------------ services (in parallel with the build)
say "starting PostgreSQL and RabbitMQ in the background (log: artifacts/logs/services.log)"
services_started=1
"$SERVICES" start >"$LOGS/services.env" 2>"$LOGS/services.log" &
services_pid=$!

# ------------------------------------------------------------------ build
build_rc=0
say "dotnet build $SOLUTION -c Release"
dotnet build "$SOLUTION" -c Release -nologo 2>&1 | tee "$LOGS/build.log" || build_rc=$?

services_rc=0
wait "$services_pid" || services_rc=$?
cat "$LOGS/services.log"
if [ "$services_rc" != 0 ]; then
  say "ERROR: the services did not start (exit $services_rc)"
fi

# ------------------------------------------------------------------ browser (the web app's browser tests)
"$ROOT/infra/local/browser.sh" ensure || say "warning: chromium could not be installed; the browser tests will fail"

# ------------------------------------------------------------------ test
test_rc=0
if [ "$build_rc" != 0 ]; then
  say "ERROR: build failed (exit $build_rc); no tests run"
elif [ "$services_rc" = 0 ]; then
  # shellcheck disable=SC1091
  source "$LOGS/services.env"
  say "SV_TEST_POSTGRES=$SV_TEST_POSTGRES"
  say "SV_TEST_RABBITMQ=$SV_TEST_RABBITMQ"
  say "SV_TEST_RABBITMQ_MANAGEMENT=$SV_TEST_RABBITMQ_MANAGEMENT"
  hang_args=()
  if [ -n "$HANG_TIMEOUT" ]; then
    hang_args=(--blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none)
  fi
  say "dotnet test $SOLUTION -c Release --no-build $*"
  dotnet test "$SOLUTION" -c Release --no-build --nologo \
    --logger "trx" --results-directory "$RESULTS" "${hang_args[@]}" "$@" 2>&1 |
    tee "$LOGS/test.log" || test_rc=$?
  # The fault tests restart PostgreSQL and RabbitMQ: never next to another test project. The solution
  # run above skips their project (see its csproj); it runs here, alone.
  reliability=tests/ServiceVision.Reliability.Tests/ServiceVision.Reliability.Tests.csproj
  say "dotnet test $reliability -c Release --no-build $* (alone: it restarts the services)"
  SV_RELIABILITY_TESTS=1 dotnet test "$reliability" -c Release --no-build --nologo \
    --logger "trx" --results-directory "$RESULTS" "${hang_args[@]}" "$@" 2>&1 |
    tee -a "$LOGS/test.log" || test_rc=$?
fi

# ------------------------------------------------------------------ services down, then the summary
stop_services 2>&1
cp -f "$ROOT/.state/pg-log/postgres.log" "$ROOT"/.state/rabbitmq/log/*.log "$LOGS/" 2>/dev/null || true

trx_files=()
while IFS= read -r -d '' f; do trx_files+=("$f"); done < <(find "$RESULTS" -name '*.trx' -print0 | sort -z)
passed=0 failed=0 skipped=0 total=0 aborted=0
if [ "${#trx_files[@]}" -gt 0 ]; then
  counts="$(parse_trx "${trx_files[@]}")" || counts=""
  if [[ "$counts" =~ ^[0-9]+\ [0-9]+\ [0-9]+\ [0-9]+\ [0-9]+$ ]]; then
    read -r passed failed skipped total aborted <<<"$counts"
  else
    say "ERROR: could not read the TRX files in artifacts/test-results/"
    aborted=1
  fi
fi

rc=0
if [ "$build_rc" != 0 ] || [ "$services_rc" != 0 ]; then
  rc=1
else
  if [ "$aborted" -gt 0 ]; then
    say "ERROR: $aborted test run(s) aborted (test host crashed or hung; see artifacts/logs/test.log)"
    failed=$((failed + aborted))
  fi
  if [ "$failed" -gt 0 ]; then
    rc=1
    if [ -s "$LOGS/host-errors.log" ]; then
      say "errors the test hosts logged (artifacts/logs/host-errors.log, last 60 lines):"
      tail -n 60 "$LOGS/host-errors.log"
    fi
    failed_tests "${trx_files[@]}"
  elif [ "$total" -eq 0 ]; then
    say "ERROR: no test ran"; rc=1
  elif [ "$test_rc" != 0 ]; then
    say "ERROR: dotnet test exited with $test_rc"; rc=1
  fi
fi
say "TRX files: ${#trx_files[@]} in artifacts/test-results/"
# The fault and fuzz tests report what they tried and what was lost: show those lines here too.
if [ "${#trx_files[@]}" -gt 0 ] && command -v python3 >/dev/null 2>&1; then
  python3 - "${trx_files[@]}" <<'PY' || true
import re, sys
for path in sys.argv[1:]:
    for out in re.findall(r"<StdOut>(.*?)</StdOut>", open(path, encoding="utf-8").read(), re.S):
        for line in out.splitlines():
            if line.startswith(("[reliability]", "fuzz:")):
                print("[test.sh] " + line.strip())
PY
fi
summary_line "$passed" "$failed" "$skipped"
exit "$rc"
