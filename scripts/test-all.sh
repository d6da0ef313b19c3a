#!/usr/bin/env bash
# One command from a fresh clone: install everything, then typecheck, lint and run every test
# (unit, HTTP integration, browser end-to-end). PostgreSQL and Redis tests run when those
# services are reachable (see README "Tests"); Chromium comes from Debian's package.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
pnpm=scripts/pnpm.sh

$pnpm install --frozen-lockfile

if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's Chromium for the browser tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "Chromium is needed for the browser tests: install it (apt-get install chromium) or set CHROMIUM_PATH." >&2
    exit 1
  fi
fi

$pnpm run typecheck
$pnpm run lint
$pnpm run format:check
$pnpm run db:migration:check
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
$pnpm run test 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
echo
echo "Tests: $(awk -f scripts/test-summary.awk "$log")"
exit "$status"
