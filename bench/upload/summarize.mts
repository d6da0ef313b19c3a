// The baseline for an upload's background profile: DuckDB reading the same CSV into a table and
// SUMMARIZE-ing it, nothing else, under the profile's own settings (one thread, the API process's
// inspection memory cap). Prints the median of 3 runs in seconds.
//   cd packages/core && npx tsx ../../bench/upload/summarize.mts FILE
import { literal, withWorkspace } from "../../packages/core/src/aw-engine/index.ts";

const file = process.argv[2];
if (!file) throw new Error("usage: summarize.mts FILE");
const runs: number[] = [];
for (let i = 0; i < 3; i++) {
  const start = performance.now();
  await withWorkspace({ memoryLimit: "256MB", threads: 1 }, async (ws) => {
    await ws.run(`CREATE TABLE t AS SELECT * FROM read_csv(${literal(await ws.adopt(file))})`);
    await ws.rows("SUMMARIZE t");
  });
  runs.push((performance.now() - start) / 1000);
}
console.log([...runs].sort((a, b) => a - b)[1]!.toFixed(1));
