#!/usr/bin/env bash
# Runs every check and test of OneWindow: type-check, lint, the renderer build, vitest (unit, integration, fault)
# and Playwright (end-to-end in Chromium). Ends with one line: "N passed, N failed, N skipped" (vitest and
# Playwright counted together). Exit status is non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

# The machine's prerequisites first (installed where we can, else one line naming the command, and stop).
bash tests/support/prerequisites.sh || exit 1

out=test-results
mkdir -p "$out"
status=0

step() { echo; echo "== $*"; }

step "typecheck"
npm run --silent typecheck || status=1

step "lint"
npm run --silent lint || status=1

step "build renderer"
npm run --silent build:renderer || status=1

step "vitest (unit, integration, fault)"
rm -f "$out/vitest.json"
npx vitest run --reporter=default --reporter=json --outputFile.json="$out/vitest.json" || status=1

step "playwright (end-to-end, Chromium)"
rm -f "$out/playwright.json"
PLAYWRIGHT_JSON_OUTPUT_NAME="$out/playwright.json" npx playwright test --reporter=list,json || status=1

read -r passed failed skipped < <(node -e '
  const fs = require("fs");
  const read = (f) => { try { return JSON.parse(fs.readFileSync(f, "utf8")); } catch { return null; } };
  const v = read(process.argv[1]);
  const p = read(process.argv[2]);
  let passed = 0, failed = 0, skipped = 0;
  if (v) { passed += v.numPassedTests; failed += v.numFailedTests + (v.numRuntimeErrorTestSuites ?? 0); skipped += v.numPendingTests + (v.numTodoTests ?? 0); }
  else failed += 1; // vitest did not report: count it as a failure
  if (p) { passed += p.stats.expected + p.stats.flaky; failed += p.stats.unexpected; skipped += p.stats.skipped; }
  else failed += 1;
  console.log(passed, failed, skipped);
' "$out/vitest.json" "$out/playwright.json")

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "(a check outside the test runners failed: typecheck, lint or build)"
  failed=1
fi
echo
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
