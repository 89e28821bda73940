#!/usr/bin/env bash
# README's first command as a new user types it: `npm start` (after `npm ci`), on embedded defaults. Passes when the
# terminal comes up: the web host's line is printed and its page answers with the app (or Electron starts, where its
# binary exists). Stops what it started. Used by .ci/run right after `npm ci` in a fresh clone.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp)
trap 'kill -TERM -- -"$pid" 2>/dev/null; sleep 1; kill -KILL -- -"$pid" 2>/dev/null; rm -f "$out"' EXIT

setsid npm start >"$out" 2>&1 </dev/null &
pid=$!
for _ in $(seq 1 240); do
  url=$(grep -oE 'OneWindow web host: http://127\.0\.0\.1:[0-9]+/\?token=[A-Za-z0-9_-]+' "$out" | head -n1 | sed 's/^OneWindow web host: //')
  if [ -n "$url" ]; then
    page=$(node -e 'fetch(process.argv[1]).then(async (r) => { process.stdout.write(r.status + " " + (await r.text())); }, (e) => { console.error(e.message); process.exit(1); })' "$url")
    if [[ "$page" == 200* && "$page" == *"一窗通"* ]]; then
      # The page is served while the core starts: the core is up once the host prints its data folder.
      for _ in $(seq 1 120); do
        if grep -q '^data: ' "$out"; then
          echo "quick start: npm start brought up the web host and its core ($(grep -c '' "$out") lines of output), its page answered"
          exit 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then break; fi
        sleep 0.5
      done
      echo "quick start: the page answered but the terminal's core did not start:" >&2
      cat "$out" >&2
      exit 1
    fi
    echo "quick start: the web host answered, but not with the app: ${page:0:200}" >&2
    exit 1
  fi
  if grep -q '^OneWindow: starting the Electron app' "$out"; then
    sleep 5
    if kill -0 "$pid" 2>/dev/null; then echo "quick start: npm start runs the Electron app"; exit 0; fi
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "quick start: npm start ended before the web host came up:" >&2
    cat "$out" >&2
    exit 1
  fi
  sleep 0.5
done
echo "quick start: no web host line after 120 s of npm start:" >&2
cat "$out" >&2
exit 1
