import { AwRestError } from "@aw/client";
import { TRPCClientError } from "@trpc/client";

/** Exit codes of `aw run --wait` for a job that ended other than completed; 1 is any other error. */
export const EXIT = { error: 1, failed: 2, cancelled: 3, rejected: 4 } as const;

/** An error that ends the command with this message and exit code, as it is. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.error,
  ) {
    super(message);
  }
}

const causes = (err: unknown): unknown[] => {
  const chain: unknown[] = [];
  for (let e = err; e && chain.length < 10; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
};

/** One line for the user: the server's own message, or what went wrong reaching it. */
export function describeError(err: unknown, url?: string): string {
  const chain = causes(err);
  const network = chain.find((e) => typeof (e as { code?: unknown }).code === "string" && /^E[A-Z]+$/.test((e as { code: string }).code));
  if (network) return `cannot reach the server${url ? ` at ${url}` : ""} (${(network as { code: string }).code})`;
  if (err instanceof TRPCClientError || err instanceof AwRestError) {
    const status =
      err instanceof AwRestError
        ? err.status
        : ((err.data as { httpStatus?: number } | undefined)?.httpStatus ?? (err.meta?.response as Response | undefined)?.status);
    if (status === 401) return "the server refused the token: run aw login with the right --token (or set AW_TOKEN)";
    if (/fetch failed|Failed to fetch/.test(err.message)) return `cannot reach the server${url ? ` at ${url}` : ""}`;
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
