#!/usr/bin/env bash
# Upload throughput and server memory for a 1 GiB file through POST /api/v1/data/upload, sent as
# the whole body (raw) and as a multipart form, each 3 times (medians), beside `cp` of the same file
# on the same disk (median of 3). Each kind runs on a fresh embedded server:
#   bin: random bytes (format "unknown", so the time is the upload path alone: stream, hash, store)
#   csv: a CSV table; the 201 comes before profiling, then each upload's background profile (load
#        once with the loading agent, Parquet snapshot) is timed by polling data.get, beside DuckDB
#        reading and SUMMARIZE-ing the same file under the same settings
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

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

report=()
for kind in ${KINDS:-bin csv}; do
  file="$OUT/big.$kind"
  bytes=$(stat -c %s "$file")

  cp_secs=$(for _ in 1 2 3; do
    t0=$(now); cp "$file" "$OUT/copy.$kind"; t1=$(now); rm "$OUT/copy.$kind"; echo "$t1 - $t0" | bc
  done | median)

  port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
  (cd "$ROOT/apps/server" && AW_DATA_DIR="$OUT/data-$kind" PORT="$port" LOG_LEVEL=warn exec node --import tsx src/main.ts) > "$OUT/server-$kind.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/trpc/health.check" > /dev/null && break; sleep 0.2; done
  base=$(kib "$pid" VmRSS)

  for mode in raw multipart; do
    secs=()
    profiles=()
    for _ in 1 2 3; do
      # Each upload's background profile ends before the next upload starts.
      read -r code s _ p status < <(node "$ROOT/bench/upload/upload-client.mjs" "$mode" "http://127.0.0.1:$port" "$file")
      [ "$code" = 201 ] || { kill "$pid"; echo "upload of $kind failed: HTTP $code"; exit 1; }
      secs+=("$s")
      profiles+=("$p")
    done
    up=$(printf '%s\n' "${secs[@]}" | median)
    report+=("$(printf '%-4s %-9s %5d MiB  upload %5s MiB/s (%5.1f s)   cp %5s MiB/s (%4.2f s)' \
      "$kind" "$mode" "$((bytes / 1048576))" "$(mibps "$bytes" "$up")" "$up" "$(mibps "$bytes" "$cp_secs")" "$cp_secs")")
    if [ "$kind" = csv ] && [ "$mode" = raw ]; then
      profile=$(printf '%s\n' "${profiles[@]}" | median)
      report+=("$(printf '     background profile: %s, %5.1f s (median of 3)' "$status" "$profile")")
    fi
  done
  peak=$(kib "$pid" VmHWM)
  kill "$pid" && wait "$pid" 2> /dev/null || true
  report+=("$(printf '     server RSS %4d MiB at start, peak %4d MiB over all uploads%s (+%d MiB)' "$((base / 1024))" "$((peak / 1024))" \
    "$([ "$kind" = csv ] && echo " and profiles")" "$(((peak - base) / 1024))")")
  if [ "$kind" = csv ]; then
    baseline=$(cd "$ROOT/packages/core" && npx tsx ../../bench/upload/summarize.mts "$file")
    report+=("$(printf '     DuckDB read_csv + SUMMARIZE of the same file (1 thread, 256 MB): %5.1f s → profile / baseline %s×' "$baseline" \
      "$(awk -v p="$profile" -v b="$baseline" 'BEGIN { printf "%.2f", p / b }')")")
  fi
done

echo
printf '%s\n' "${report[@]}"
echo "(targets: upload >= half of cp; server RSS growth < 100 MiB on the upload path; profile <= 2x the DuckDB baseline, RSS growth < 600 MiB)"
rm -rf "$OUT"
