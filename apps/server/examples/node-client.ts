// A script's view of AW App: upload a file over REST, then use the typed tRPC client.
// Run (from apps/server): npx tsx examples/node-client.ts http://127.0.0.1:3000 [path/to/file.csv]
// With AW_API_TOKEN set on the server, pass the same token in the environment here.
import fs from "node:fs";
import path from "node:path";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../src/trpc/router.ts";

const [serverUrl = "http://127.0.0.1:3000", file] = process.argv.slice(2);
const token = process.env.AW_API_TOKEN;
const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};

const trpc = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: `${serverUrl}/trpc`, transformer: superjson, headers })],
});

console.log("health:", await trpc.health.check.query());

// openAsBlob streams the file from disk as it is sent; nothing is read into memory up front.
const body = new FormData();
body.append(
  "file",
  file ? await fs.openAsBlob(file, { type: "text/csv" }) : new Blob(["city,lat,lon\nParis,48.85,2.35\nLyon,45.76,4.84\n"]),
  file ? path.basename(file) : "cities.csv",
);
const res = await fetch(`${serverUrl}/api/v1/data/upload`, { method: "POST", body, headers });
const uploaded = (await res.json()) as { id: string; filename: string; sizeBytes: number; format: string; error?: { message: string } };
if (!res.ok) throw new Error(`upload failed (${res.status}): ${uploaded.error?.message}`);
console.log(`uploaded ${uploaded.filename}: ${uploaded.sizeBytes} bytes, ${uploaded.format}, id ${uploaded.id}`);

const { items, total } = await trpc.data.list.query({ pageSize: 5 });
console.log(`${total} data file(s); newest:`);
for (const a of items) console.log(`  ${a.id}  ${a.filename}  ${a.sizeBytes} bytes  rows=${a.metadata.rowCount ?? "?"}`);

const download = await fetch(`${serverUrl}/api/v1/data/${uploaded.id}/download`, { headers: { ...headers, range: "bytes=0-63" } });
console.log(`first bytes (HTTP ${download.status}):`, JSON.stringify(await download.text()));
