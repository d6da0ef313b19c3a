#!/usr/bin/env bash
# One command from a fresh clone: install, prepare the embedded database, build the UI and the server,
# start the built server with node (apps/server/dist/main.js, the command the Docker image runs).
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
pnpm=scripts/pnpm.sh
$pnpm install --frozen-lockfile
$pnpm run db:migrate
$pnpm --filter @aw/web --filter @aw/server build
exec node apps/server/dist/main.js
