#!/usr/bin/env bash
# Upload throughput and server memory for a 1 GiB file through POST /api/v1/data/upload,
# beside `cp` of the same file on the same disk. Two runs, each on a fresh embedded server:
#   bin: random bytes (format "unknown", so the time is the upload path alone: stream, hash, store)
#   csv: a CSV table; the 201 comes before profiling, then the background profile (load once with
#        the loading agent, Parquet snapshot) is timed by polling data.get, with its own RSS peak
# Usage: bench/upload/run.sh            (SIZE_MIB=256 bench/upload/run.sh for a quicker run)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${BENCH_DIR:-$ROOT/bench/.out/upload}
SIZE_MIB=${SIZE_MIB:-1024}
rm -rf "$OUT" && mkdir -p "$OUT"

now() { date +%s.%N; }
mibps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / 1048576 / s }'; }
kib() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status"; }

echo "generating ${SIZE_MIB} MiB test files in $OUT ..."
head -c "$((SIZE_MIB * 1048576))" /dev/urandom > "$OUT/big.bin"
awk 'BEGIN { srand(7); print "id,city,category,x,y,value,when";
  for (i = 0; i < 100000; i++) printf "%d,city_%d,cat_%d,%.6f,%.6f,%.3f,2024-%02d-%02d\n", i, i % 5000, i % 40, rand() * 360 - 180, rand() * 180 - 90, rand() * 1000, i % 12 + 1, i % 28 + 1 }' > "$OUT/chunk.csv"
{ cat "$OUT/chunk.csv"; tail -n +2 "$OUT/chunk.csv" > "$OUT/rows.csv"
  while [ "$(stat -c %s "$OUT/big.csv" 2>/dev/null || echo 0)" -lt "$((SIZE_MIB * 1048576))" ]; do cat "$OUT/rows.csv" >> "$OUT/big.csv"; done; } > /dev/null
{ cat "$OUT/chunk.csv"; cat "$OUT/big.csv"; } > "$OUT/big.tmp" && mv "$OUT/big.tmp" "$OUT/big.csv" && rm "$OUT/chunk.csv" "$OUT/rows.csv"

report=()
for kind in ${KINDS:-bin csv}; do
  file="$OUT/big.$kind"
  bytes=$(stat -c %s "$file")

  t0=$(now); cp "$file" "$OUT/copy.$kind"; t1=$(now); rm "$OUT/copy.$kind"
  cp_rate=$(mibps "$bytes" "$(echo "$t1 - $t0" | bc)")

  port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
  (cd "$ROOT/apps/server" && AW_DATA_DIR="$OUT/data-$kind" PORT="$port" LOG_LEVEL=warn exec node --import tsx src/main.ts) > "$OUT/server-$kind.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/trpc/health.check" > /dev/null && break; sleep 0.2; done
  base=$(kib "$pid" VmRSS)

  read -r code secs id < <(node "$ROOT/bench/upload/upload-client.mjs" "http://127.0.0.1:$port/api/v1/data/upload" "$file")
  peak=$(kib "$pid" VmHWM)
  [ "$code" = 201 ] || { kill "$pid"; echo "upload of $kind failed: HTTP $code"; exit 1; }
  report+=("$(printf '%-4s %6d MiB  upload %5s MiB/s (%5.1f s)   cp %5s MiB/s   server RSS %4d MiB at start, peak %4d MiB during upload (+%d MiB)' \
    "$kind" "$((bytes / 1048576))" "$(mibps "$bytes" "$secs")" "$secs" "$cp_rate" "$((base / 1024))" "$((peak / 1024))" "$(((peak - base) / 1024))")")

  # The background profile (the VmHWM peak now covers upload and profile; the profile dominates).
  t0=$(now); status=pending
  while [ "$status" = pending ]; do
    sleep 0.2
    status=$(curl -sf "http://127.0.0.1:$port/trpc/data.get?input=$(node -e 'console.log(encodeURIComponent(JSON.stringify({ json: { id: process.argv[1] } })))' "$id")" |
      node -e 'let s = ""; process.stdin.on("data", (c) => (s += c)).on("end", () => console.log(JSON.parse(s).result.data.json.metadata.profileStatus ?? "none"))')
  done
  t1=$(now)
  ppeak=$(kib "$pid" VmHWM)
  kill "$pid" && wait "$pid" 2> /dev/null || true
  report+=("$(printf '     background profile: %s after %5.1f s, server RSS peak %4d MiB (+%d MiB over start)' "$status" "$(echo "$t1 - $t0" | bc)" "$((ppeak / 1024))" "$(((ppeak - base) / 1024))")")
done

echo
printf '%s\n' "${report[@]}"
echo "(targets: upload >= half of cp; server RSS growth < 100 MiB on the upload path; the profile runs at DuckDB memory_limit <= 256MB, 1 thread)"
rm -rf "$OUT"
