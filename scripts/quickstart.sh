#!/usr/bin/env bash
# One command from a fresh clone: install, prepare the embedded database, build the UI, start.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
pnpm=scripts/pnpm.sh
$pnpm install --frozen-lockfile
$pnpm run db:migrate
$pnpm --filter @aw/web build
exec $pnpm --filter @aw/server start
