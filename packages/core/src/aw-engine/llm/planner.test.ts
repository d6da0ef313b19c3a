import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZPreparingConfigSchema } from "../../schemas/workflow.ts";
import { prepareTable } from "../preparing/prepare-table.ts";
import { jsonRows } from "../sample.ts";
import { Workspace } from "../workspace.ts";
import type { TLlmConfig } from "./planner.ts";

type TChatRequest = { model: string; messages: { role: string; content: string }[]; response_format?: { type: string } };

/** A local stand-in for an OpenAI-compatible API: answers each request with the next scripted reply. */
async function fakeLlm(replies: (string | null)[]) {
  const requests: { path: string; auth: string | undefined; body: TChatRequest }[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      requests.push({ path: req.url ?? "", auth: req.headers.authorization, body: JSON.parse(raw) as TChatRequest });
      const content = replies[Math.min(requests.length - 1, replies.length - 1)];
      if (content === null) return; // never answers: exercises the timeout
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model: "fake-model",
          choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
          usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const llm: TLlmConfig = { baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: "test-key", model: "fake-model", timeoutSeconds: 1 };
  return {
    llm,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let ws: Workspace;
let server: Awaited<ReturnType<typeof fakeLlm>> | null = null;
beforeEach(async () => {
  ws = await Workspace.open({ memoryLimit: "256MB", threads: 1 });
  await ws.run(`CREATE TABLE data AS SELECT * FROM (VALUES (' a ', 3), ('b', NULL), ('c', 1)) t(label, n)`);
});
afterEach(async () => {
  await server?.close();
  server = null;
  await ws.close();
});

const config = ZPreparingConfigSchema.parse({ target: "clean", useLlm: true });
const validPlan = JSON.stringify({
  operations: [
    { op: "derive", column: "label", expression: "trim(label)" },
    { op: "drop_nulls", columns: ["n"] },
    { op: "sort", by: [{ column: "n" }] },
  ],
});

describe("LLM planner", () => {
  it("asks the chat-completions endpoint for a JSON plan and runs it", async () => {
    server = await fakeLlm([validPlan]);
    const result = await prepareTable(ws, "data", config, { maxRetries: 2, llm: server.llm });
    expect(result.success).toBe(true);
    expect(result.planner).toBe("llm");
    expect(result.plan.map((op) => op.op)).toEqual(["derive", "drop_nulls", "sort"]);
    expect(await jsonRows(ws, "SELECT * FROM data")).toEqual([
      { label: "c", n: 1 },
      { label: "a", n: 3 },
    ]);
    const [request] = server.requests;
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.auth).toBe("Bearer test-key");
    expect(request?.body).toMatchObject({ model: "fake-model", response_format: { type: "json_object" } });
    const user = JSON.parse(request?.body.messages[1]?.content ?? "{}") as { target: string; columns: { name: string }[] };
    expect(user.target).toBe("clean");
    expect(user.columns.map((c) => c.name)).toEqual(["label", "n"]);
  });

  it("feeds an unusable reply back and uses the corrected plan", async () => {
    server = await fakeLlm([
      "Sure! Here is your plan: drop the nulls.",
      JSON.stringify({ operations: [{ op: "select", columns: ["nope"] }] }),
      validPlan,
    ]);
    const logs: string[] = [];
    const result = await prepareTable(ws, "data", config, { maxRetries: 2, llm: server.llm, onLog: (_l, m) => logs.push(m) });
    expect(result.planner).toBe("llm");
    expect(result.success).toBe(true);
    expect(server.requests).toHaveLength(3);
    const second = server.requests[1]?.body.messages ?? [];
    expect(second.at(-2)).toEqual({ role: "assistant", content: "Sure! Here is your plan: drop the nulls." });
    expect(second.at(-1)?.content).toContain("the reply is not valid JSON");
    expect(server.requests[2]?.body.messages.at(-1)?.content).toContain('unknown column "nope"; available columns: label, n');
    expect(logs.filter((m) => m.startsWith("LLM plan attempt"))).toHaveLength(2);
  });

  it("falls back to the deterministic agent, saying why, when the model never gives a usable plan", async () => {
    server = await fakeLlm(['{"operations": "none"}']);
    const logs: string[] = [];
    const result = await prepareTable(ws, "data", config, { maxRetries: 1, llm: server.llm, onLog: (_l, m) => logs.push(m) });
    expect(server.requests).toHaveLength(2);
    expect(result.planner).toBe("deterministic");
    expect(result.success).toBe(true);
    expect(logs.at(-1)).toMatch(
      /^LLM planner gave no usable plan, using the deterministic agent: no usable plan after 2 attempts: the plan does not match the schema/,
    );
  });

  it("gives up on a silent endpoint after its timeout", async () => {
    server = await fakeLlm([null]);
    const started = Date.now();
    const logs: string[] = [];
    const result = await prepareTable(ws, "data", config, { maxRetries: 3, llm: server.llm, onLog: (_l, m) => logs.push(m) });
    expect(Date.now() - started).toBeLessThan(4000);
    expect(result.planner).toBe("deterministic");
    expect(result.success).toBe(true);
    expect(logs.at(-1)).toContain("LLM request failed");
  });
});
