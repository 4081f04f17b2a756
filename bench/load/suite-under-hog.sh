#!/usr/bin/env bash
# Runs the whole jest suite while CPU hogs keep every core busy, then stops the hogs and prints one summary line.
# Proves the tests wait for conditions rather than for fixed delays (issue 10, point 10).
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \
#     npm run test:under-hog [-- <extra jest arguments>]
#
# HOGS (default: the number of cores) sets how many busy-looping processes run alongside the suite.
# The jest JSON report is written to $REPORT (default: a temporary file) and the load samples to $REPORT.load.
set -u
cd "$(dirname "$0")/../.."

hogs="${HOGS:-$(nproc)}"
report="${REPORT:-$(mktemp -t suite-under-hog.XXXXXX.json)}"
load_log="${report}.load"
hog_pids=()
sampler_pid=""

stop_all() {
  for pid in "${hog_pids[@]}"; do kill "$pid" 2>/dev/null; done
  if [ -n "$sampler_pid" ]; then kill "$sampler_pid" 2>/dev/null; fi
  hog_pids=()
  sampler_pid=""
}
trap stop_all EXIT INT TERM

for _ in $(seq 1 "$hogs"); do
  node -e 'for (;;) {}' &
  hog_pids+=("$!")
done
echo "suite-under-hog: ${hogs} CPU hog(s) started (pids ${hog_pids[*]}); $(uptime)"

# One load sample every 15 s, so the report can quote the load the suite actually ran under.
( while true; do uptime >> "$load_log"; sleep 15; done ) &
sampler_pid=$!

started=$(date +%s)
npx jest --ci --json --outputFile="$report" "$@"
status=$?
elapsed=$(( $(date +%s) - started ))
stop_all

node - "$report" "$load_log" "$status" "$elapsed" "$hogs" <<'NODE'
const fs = require('node:fs');
const [reportPath, loadPath, status, elapsed, hogs] = process.argv.slice(2);
let counts = 'no jest report';
try {
  const r = JSON.parse(fs.readFileSync(reportPath, 'utf8'));
  counts = `tests ${r.numPassedTests}/${r.numTotalTests} passed, ${r.numFailedTests} failed, ` +
    `suites ${r.numPassedTestSuites}/${r.numTotalTestSuites} passed`;
  for (const suite of r.testResults.filter((s) => s.status === 'failed'))
    console.log(`  failed suite: ${suite.name}`);
} catch (error) {
  counts = `no jest report (${error.message})`;
}
const loads = fs.existsSync(loadPath)
  ? fs.readFileSync(loadPath, 'utf8').split('\n').map((line) => /load average: ([\d.]+)/.exec(line)?.[1])
      .filter(Boolean).map(Number)
  : [];
const load = loads.length
  ? `1-min load average min ${Math.min(...loads)} / mean ${(loads.reduce((a, b) => a + b, 0) / loads.length).toFixed(1)} / max ${Math.max(...loads)} over ${loads.length} samples`
  : 'no load samples';
console.log(`suite-under-hog: ${status === '0' ? 'PASS' : 'FAIL'}: ${counts}; ${elapsed} s with ${hogs} hog(s); ${load}`);
NODE
exit "$status"
