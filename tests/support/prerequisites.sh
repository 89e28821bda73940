#!/usr/bin/env bash
# The machine's prerequisites for `npm test`: THE one list (README points here). Each line: a Debian package and the
# probe that shows it is present (a command on PATH, a file, or a shared library). Runs in milliseconds.
#
#   tests/support/prerequisites.sh     all present: silent, exit 0
#                                      missing, running as root with apt-get: says what it installs, installs it
#                                      missing otherwise: one line naming the exact command to run, exit 1
#
# A test that needs a tool from this list may assume it: `npm test` runs this first and stops before any test when
# something is missing. (CI-only extras, e.g. Wine for the Windows-spooler test, stay in .ci/run.)
set -uo pipefail

PREREQUISITES=(
  "chromium        command chromium"                                                  # Playwright's browser
  "socat           command socat"                                                     # serial pty pairs for device emulators
  "fonts-noto-cjk  file    /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"    # Chinese in PDFs and screenshots
  "libusb-1.0-0    lib     libusb-1.0.so.0"                                           # usb / node-hid load for real
  "poppler-utils   command pdftotext"                                                 # pdftotext, pdfinfo, pdftoppm, pdffonts
  "zbar-tools      command zbarimg"                                                   # reading QR codes and barcodes back
  "openssl         command openssl"                                                   # test certificates for mutual TLS
)

present() { # kind what
  case "$1" in
    command) command -v "$2" >/dev/null 2>&1 ;;
    file) [ -e "$2" ] ;;
    lib) for d in /lib /usr/lib /usr/local/lib /lib64 /usr/lib64 /lib/*-linux-gnu /usr/lib/*-linux-gnu; do
           [ -e "$d/$2" ] && return 0
         done
         return 1 ;;
    *) return 1 ;;
  esac
}

missing() {
  local entry pkg kind what
  for entry in "${PREREQUISITES[@]}"; do
    read -r pkg kind what <<<"$entry"
    present "$kind" "$what" || printf '%s ' "$pkg"
  done
}

need=$(missing)
[ -z "$need" ] && exit 0
need=${need% }

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "npm test: installing the Debian packages the tests need: $need"
  if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null; then
    still=$(missing)
    [ -z "$still" ] && exit 0
    need=${still% }
  fi
  echo "npm test: could not install $need; run: apt-get update && apt-get install -y $need" >&2
  exit 1
fi

echo "npm test: missing $need; run: sudo apt-get update && sudo apt-get install -y $need" >&2
exit 1
