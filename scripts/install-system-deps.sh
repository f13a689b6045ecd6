#!/usr/bin/env bash
# Installs the Debian packages the test suite uses for real (not mocks):
#   postgresql      - a real server on loopback for the storage/ingest tests
#   chromium        - a real browser driven by Playwright (executable /usr/bin/chromium)
#   fonts-noto-cjk  - so screenshots of Chinese pages show glyphs, not tofu
#   prometheus-alertmanager - a real Alertmanager on loopback for the alert channel tests
#   nodejs, npm     - the GraphQL-over-HTTP audit suite (npm graphql-http), only if node is absent
# Idempotent: installs only what is missing.
set -euo pipefail
wanted=(postgresql chromium fonts-noto-cjk prometheus-alertmanager)
missing=()
command -v node >/dev/null 2>&1 || wanted+=(nodejs npm)
for pkg in "${wanted[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system-deps: all present (${wanted[*]})"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: missing ${missing[*]} and no apt-get here; install them by hand" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "system-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
