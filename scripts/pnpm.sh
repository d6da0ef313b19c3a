#!/usr/bin/env bash
# Runs the pinned pnpm on a machine that has only Node and npm.
set -euo pipefail
version=$(node -p "require('$(dirname "$0")/../package.json').packageManager.split('@')[1]")
if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$version" ]; then
  exec pnpm "$@"
fi
exec npx -y "pnpm@$version" "$@"
