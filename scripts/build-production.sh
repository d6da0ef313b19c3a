#!/usr/bin/env bash
# Builds the tree the Docker image runs (docker/Dockerfile's build stage runs exactly this) into <out>:
# the UI build, the server bundle (apps/server/dist), the migrations and @aw/server's production
# dependencies only (native modules compiled here, on the image's base). It deletes this checkout's
# node_modules to reinstall without devDependencies: run it in a copy (the image's build stage is one);
# scripts/check-production-build.sh runs it natively on a copy and starts the result.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/build-production.sh <out-dir>}
export TURBO_TELEMETRY_DISABLED=1
pnpm=scripts/pnpm.sh

$pnpm install --frozen-lockfile
$pnpm --filter @aw/web --filter @aw/server build

# Production dependencies of the server alone (it lists @aw/core's, whose sources are compiled in).
rm -rf node_modules apps/*/node_modules packages/*/node_modules
$pnpm --filter @aw/server install --prod --frozen-lockfile

mkdir -p "$out/apps/server" "$out/apps/web" "$out/prisma"
# pnpm-workspace.yaml marks the root the server finds prisma/migrations and apps/web/dist from.
cp -a package.json pnpm-workspace.yaml node_modules "$out/"
cp -a apps/server/package.json apps/server/dist apps/server/node_modules "$out/apps/server/"
cp -a apps/web/dist "$out/apps/web/"
cp -a prisma/migrations "$out/prisma/"
echo "production tree in $out: node apps/server/dist/main.js | node apps/server/dist/worker.js"
