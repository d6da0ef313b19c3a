// Streams one file to /api/v1/data/upload as multipart/form-data, the way a browser does, and
// prints the HTTP status, the seconds taken and the artifact id. A plain client so the bench measures the server, not curl -F.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const [url, file] = process.argv.slice(2);
const boundary = `----aw-bench-${Date.now()}`;
const head = Buffer.from(
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(file)}"\r\n` +
    `Content-Type: application/octet-stream\r\n\r\n`,
);
const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
const size = fs.statSync(file).size;

const started = performance.now();
const req = http.request(url, {
  method: "POST",
  headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": head.length + size + tail.length },
});
req.on("response", (res) => {
  let body = "";
  res.on("data", (c) => (body += c));
  res.on("end", () => {
    const seconds = ((performance.now() - started) / 1000).toFixed(3);
    if (res.statusCode !== 201) console.error(body);
    console.log(res.statusCode, seconds, res.statusCode === 201 ? JSON.parse(body).id : "-");
  });
});
req.write(head);
fs.createReadStream(file, { highWaterMark: 1024 * 1024 })
  .on("end", () => req.end(tail))
  .pipe(req, { end: false });
