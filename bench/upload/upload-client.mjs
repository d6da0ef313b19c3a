// Streams one file to /api/v1/data/upload and prints the HTTP status, the seconds taken, the
// artifact id and the seconds its background profile took after the 201 (polled every 100 ms).
// `multipart` sends it as a browser form does; `raw` as the whole body with ?filename= (what the
// web UI and the CLI send). A plain client so the bench measures the server, not curl.
//   node bench/upload/upload-client.mjs raw|multipart BASE_URL FILE
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const [mode, url, file] = process.argv.slice(2);
const size = fs.statSync(file).size;
const name = path.basename(file);
const boundary = `----aw-bench-${Date.now()}`;
const head =
  mode === "raw"
    ? Buffer.alloc(0)
    : Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
          `Content-Type: application/octet-stream\r\n\r\n`,
      );
const tail = mode === "raw" ? Buffer.alloc(0) : Buffer.from(`\r\n--${boundary}--\r\n`);

const started = performance.now();
const upload = `${url}/api/v1/data/upload`;
const req = http.request(mode === "raw" ? `${upload}?filename=${encodeURIComponent(name)}` : upload, {
  method: "POST",
  headers: {
    "content-type": mode === "raw" ? "application/octet-stream" : `multipart/form-data; boundary=${boundary}`,
    "content-length": head.length + size + tail.length,
  },
});
req.on("response", (res) => {
  let body = "";
  res.on("data", (c) => (body += c));
  res.on("end", async () => {
    const seconds = ((performance.now() - started) / 1000).toFixed(3);
    if (res.statusCode !== 201) {
      console.error(body);
      return console.log(res.statusCode, seconds, "-", "-");
    }
    const { id } = JSON.parse(body);
    const profiled = performance.now();
    const input = encodeURIComponent(JSON.stringify({ json: { id } }));
    let status = "pending";
    while (status === "pending") {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const got = await (await fetch(`${url}/trpc/data.get?input=${input}`)).json();
      status = got.result.data.json.metadata.profileStatus ?? "none";
    }
    console.log(res.statusCode, seconds, id, ((performance.now() - profiled) / 1000).toFixed(3), status);
  });
});
req.write(head);
fs.createReadStream(file, { highWaterMark: 1024 * 1024 })
  .on("end", () => req.end(tail))
  .pipe(req, { end: false });
