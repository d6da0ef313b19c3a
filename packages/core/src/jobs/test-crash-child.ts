// Test-only child process: runs the job system on the given database and data dir, queues one
// slow job, reports it once its first step is checkpointed, and waits to be killed.
import { exportCsv, load, slowCheck, startJobTestbed } from "./test-kit.ts";

const [databaseUrl, dataDir] = process.argv.slice(2) as [string, string];
const tb = await startJobTestbed({ databaseUrl, dataDir, env: { JOB_LEASE_SECONDS: "2" } });
const input = await tb.upload();
const wf = await tb.workflow([load, slowCheck, exportCsv]);
const job = await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id });
for (;;) {
  const detail = await tb.jobs.get({ id: job.id });
  if (detail.steps[0]?.status === "completed" && detail.job.status === "running") break;
  await new Promise((r) => setTimeout(r, 20));
}
console.log(JSON.stringify({ jobId: job.id, workerId: tb.system.workerId }));
