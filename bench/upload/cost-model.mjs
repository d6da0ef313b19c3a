// What each part of the upload path costs on this machine, one part at a time, for one file:
//   read      the file streamed from disk, bytes dropped
//   sha256    the file streamed through sha256 in this thread (what the upload meter does)
//   sha256 ∥  the same with the hashing in a worker thread, fed a copy of each chunk
//   write     the file streamed into a new file (what local storage does)
//   http      the file sent over loopback HTTP, the server dropping the bytes
//   multipart the same, the server parsing the multipart body with busboy (what multer does)
// Each is the median of 3; the upload itself is measured by bench/upload/run.sh.
//   node bench/upload/cost-model.mjs FILE
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// The busboy multer uses, as the server loads it.
const busboy = createRequire(createRequire(path.join(ROOT, "apps/server/package.json")).resolve("multer"))("busboy");

const file = process.argv[2];
if (!file) throw new Error("usage: node bench/upload/cost-model.mjs FILE");
const size = fs.statSync(file).size;
const CHUNK = 1024 * 1024;
const read = () => fs.createReadStream(file, { highWaterMark: CHUNK });
const drop = () => new Writable({ write: (_chunk, _enc, cb) => cb() });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
async function rate(name, fn) {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await fn();
    runs.push(performance.now() - start);
  }
  const ms = median(runs);
  console.log(`${name.padEnd(10)} ${((size / 2 ** 20 / ms) * 1000).toFixed(0).padStart(6)} MiB/s  (${(ms / 1000).toFixed(2)} s)`);
}

const hashInWorker = () =>
  new Worker(
    `const { parentPort } = require("node:worker_threads"); const hash = require("node:crypto").createHash("sha256");
     parentPort.on("message", (m) => (m === null ? parentPort.postMessage(hash.digest("hex")) : hash.update(m)));`,
    { eval: true },
  );

async function send(port) {
  const boundary = "----aw-cost-model";
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.bin"\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  await new Promise((resolve, reject) => {
    const req = http.request({
      port,
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": head.length + size + tail.length },
    });
    req.on("response", (res) => res.resume().on("end", resolve)).on("error", reject);
    req.write(head);
    read()
      .on("end", () => req.end(tail))
      .pipe(req, { end: false });
  });
}

async function withServer(handle, fn) {
  const server = http.createServer(handle);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await fn(server.address().port);
  } finally {
    server.close();
  }
}

console.log(`${path.basename(file)}: ${(size / 2 ** 20).toFixed(0)} MiB, ${os.cpus().length} cores`);
await rate("read", () => pipeline(read(), drop()));
await rate("sha256", () => pipeline(read(), createHash("sha256"), drop()));
await rate("sha256 ∥", async () => {
  const worker = hashInWorker();
  await pipeline(read(), new Writable({ write: (chunk, _enc, cb) => (worker.postMessage(chunk), cb()) }));
  const digest = new Promise((resolve) => worker.once("message", resolve));
  worker.postMessage(null);
  await digest;
  await worker.terminate();
});
const out = path.join(os.tmpdir(), `aw-cost-model-${process.pid}`);
await rate("write", () => pipeline(read(), fs.createWriteStream(out, { highWaterMark: 4 * CHUNK })));
fs.rmSync(out, { force: true });
await withServer(
  (req, res) => req.resume().on("end", () => res.end("ok")),
  (port) => rate("http", () => send(port)),
);
await withServer(
  (req, res) => {
    const parser = busboy({ headers: req.headers });
    parser.on("file", (_name, stream) => stream.resume());
    parser.on("close", () => res.end("ok"));
    req.pipe(parser);
  },
  (port) => rate("multipart", () => send(port)),
);
