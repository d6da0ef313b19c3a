#!/usr/bin/env bash
# Runs .ci/run on fresh clones of this repository's HEAD while CPU burners keep every core busy,
# to prove the suite waits for events and not for an idle machine.
#   scripts/ci-under-load.sh [runs=3] [burners-per-core=1]
# Prints each run's result and duration; exits non-zero when any run failed.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
per_core=${2:-1}
repo=$(pwd)
work=$(mktemp -d)
burners=()
cleanup() {
  for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 $(( $(nproc) * per_core ))); do
  # A busy loop in its own process: one core's worth of load each, ended by the trap.
  ( while :; do :; done ) &
  burners+=("$!")
done
echo "${#burners[@]} CPU burners on $(nproc) cores"

failed=0
for run in $(seq 1 "$runs"); do
  clone="$work/run-$run"
  git clone -q "$repo" "$clone"
  start=$(date +%s)
  if (cd "$clone" && CI=true bash .ci/run > "$work/run-$run.log" 2>&1); then result=passed; else result=FAILED; failed=1; fi
  echo "run $run: $result in $(( $(date +%s) - start )) s, load average $(cut -d' ' -f1-3 /proc/loadavg); $(grep -E '^Tests:' "$work/run-$run.log" | tail -1)"
  [ "$result" = FAILED ] && tail -40 "$work/run-$run.log"
  rm -rf "$clone"
done
exit "$failed"
