// Hostile and broken uploads: every client mistake is a 400 or 413 with its reason, never a 500.
import type { TDataArtifact } from "@aw/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, storedFiles, uploadFile, type THarness } from "./harness.ts";
import { rawRequest, type TRawResponse } from "./raw-http.ts";

const BOUNDARY = "aw-hostile";

/** One multipart part for the field "file"; `disposition` is the rest of its Content-Disposition line. */
const part = (disposition: string, content = "a,b\n1,2\n") =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${BOUNDARY}--\r\n`;

const uploadHead = (h: THarness, contentType: string, length: number, connection = "close") =>
  `POST /api/v1/data/upload HTTP/1.1\r\nHost: ${new URL(h.url).host}\r\nContent-Type: ${contentType}\r\nContent-Length: ${length}\r\nConnection: ${connection}\r\n\r\n`;

const postRaw = (h: THarness, body: string, contentType = `multipart/form-data; boundary=${BOUNDARY}`) =>
  rawRequest(h.url, uploadHead(h, contentType, Buffer.byteLength(body)), body);

describe("hostile uploads", () => {
  let h: THarness;
  beforeAll(async () => {
    h = await startServer({ env: { UPLOAD_MAX_BYTES: String(100 * 1024 ** 2) } });
  });
  afterAll(() => h?.close());

  const expect400 = (res: TRawResponse, message: string) => {
    expect(res.status, res.body).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: "BAD_REQUEST", message } });
  };

  it("answers a truncated multipart body with 400 and keeps nothing", async () => {
    const before = await storedFiles(h);
    const whole = part('filename="cut.csv"', "x,y\n".repeat(1000));
    expect400(await postRaw(h, whole.slice(0, whole.length - 200)), "malformed multipart/form-data body: Unexpected end of form");
    // The aborted write removes its partial file just after the answer.
    await expect.poll(() => storedFiles(h)).toEqual(before);
  });

  it("answers a multipart Content-Type without a boundary with 400", async () => {
    expect400(
      await postRaw(h, part('filename="a.csv"'), "multipart/form-data"),
      "malformed multipart/form-data body: Multipart: Boundary not found",
    );
  });

  it("answers raw NUL, CR or LF inside a part header with 400", async () => {
    for (const name of ["a\0b.csv", "a\r\nb.csv", "a\rb.csv"]) {
      expect400(await postRaw(h, part(`filename="${name}"`)), "malformed multipart/form-data body: Malformed part header");
    }
  });

  it("refuses file names that carry NUL, CR or LF once decoded", async () => {
    // RFC 5987 filename* and the WHATWG escapes browsers use (%0D, %0A) both decode to control characters.
    for (const disposition of [`filename*=utf-8''a%00b.csv`, `filename*=utf-8''a%0D%0Ab.csv`, 'filename="a%0Ab.csv"']) {
      expect400(await postRaw(h, part(disposition)), "the file name contains NUL, CR or LF");
    }
  });

  it("refuses file names that name no file", async () => {
    for (const name of [".", "..", "dir/..", "a/."]) {
      expect400(await postRaw(h, part(`filename="${name}"`)), `the file name ${JSON.stringify(name)} names no file`);
    }
    const nameless = 'the multipart field "file" has no file name; send it as a file with its name';
    expect400(await postRaw(h, part('filename=""')), nameless);
    expect400(await postRaw(h, part('filename=""').replace("text/csv", "application/octet-stream")), nameless);
  });

  it("strips bidi and control characters from the display name", async () => {
    // U+202E would show "invoice\u202Efdp.exe" as "invoiceexe.pdf".
    const res = await uploadFile(h, "invoice\u202Efdp.exe", "a,b\n1,2\n");
    expect(res.status).toBe(201);
    expect(((await res.json()) as TDataArtifact).filename).toBe("invoicefdp.exe");
    const marks = await uploadFile(h, "\u2066x\u2069\u200e\u200f\u202a\u202b\u202c\u202d\u2067\u2068\u0085\u009fy.csv", "a\n1\n");
    expect(((await marks.json()) as TDataArtifact).filename).toBe("xy.csv");
  });

  it("refuses a 2 GiB Content-Length with 413 before reading the body, and closes the connection", async () => {
    // Only the headers are sent: the answer cannot wait for a body that never comes.
    const res = await rawRequest(h.url, uploadHead(h, `multipart/form-data; boundary=${BOUNDARY}`, 2 * 1024 ** 3, "keep-alive"));
    expect(res.status).toBe(413);
    expect(res.headers).toMatch(/^Connection: close$/im); // and rawRequest returned: the server closed it
    expect(JSON.parse(res.body)).toMatchObject({
      error: {
        code: "PAYLOAD_TOO_LARGE",
        message: "the request body of 2 GiB is larger than the upload limit of 100 MiB (plus 1 MiB for the form around the file)",
      },
    });
    expect(res.ms).toBeLessThan(1000);
    console.log(`early 413 for a 2 GiB Content-Length: ${res.ms.toFixed(1)} ms`);
  });
});
