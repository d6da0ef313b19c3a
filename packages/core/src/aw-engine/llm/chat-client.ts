import type { TLlmConfig } from "./planner.ts";

export type TChatMessage = { role: "system" | "user" | "assistant"; content: string };

/**
 * One OpenAI-compatible `/chat/completions` call asking for a JSON object; returns the reply text.
 * Gives up after the configured timeout, and at once when `signal` aborts.
 */
export async function chatCompletion(llm: TLlmConfig, messages: TChatMessage[], signal?: AbortSignal): Promise<string> {
  const timeout = AbortSignal.timeout(llm.timeoutSeconds * 1000);
  const response = await fetch(`${llm.baseUrl.replace(/\/+$/, "")}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${llm.apiKey}` },
    body: JSON.stringify({ model: llm.model, messages, temperature: 0, response_format: { type: "json_object" } }),
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
  if (!response.ok) {
    const text = await response.text().catch(() => "");
    throw new Error(`LLM API answered ${response.status}: ${text.slice(0, 300)}`);
  }
  const body = (await response.json()) as { choices?: { message?: { content?: string | null } }[] };
  const content = body.choices?.[0]?.message?.content;
  if (typeof content !== "string") throw new Error("LLM API reply has no choices[0].message.content");
  return content;
}
