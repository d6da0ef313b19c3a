import type { TDb } from "../db/client.ts";

type TTx = Parameters<Parameters<TDb["$transaction"]>[0]>[0];

/** "Cosmo graph prep!" → "cosmo-graph-prep": lower-case words joined by dashes, at most 60 characters. */
export function slugOf(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "workflow";
}

/** "cities.csv.gz" → "cities": the name without its format and compression extensions. */
function stemOf(filename: string): string {
  const stem = filename.replace(/(\.(gz|gzip|zst|bz2))?$/i, "").replace(/\.[^./\\]{1,12}$/, "");
  return stem.trim() || "data";
}

const extensionOf = (filename: string) => /\.[^./\\]{1,12}$/.exec(filename)?.[0] ?? "";

/**
 * What a run's result is called: the export step's own filename when it has one, otherwise
 * `<input>.<workflow-slug><ext>` (e.g. `cities.cosmo-graph-prep.parquet`), so results of different
 * inputs and workflows can be told apart in lists and in a downloads folder.
 */
export function resultName(o: { explicit: string | null; input: string | null; workflow: string; extension: string }): string {
  if (o.explicit) return o.explicit;
  return `${stemOf(o.input ?? "result")}.${slugOf(o.workflow)}${o.extension}`;
}

/**
 * `wanted`, or `name-2.ext`, `name-3.ext`… when an artifact already has it. Called inside the
 * transaction that records the result; on PostgreSQL a transaction-scoped advisory lock makes
 * two runs finishing at once take turns, so they cannot both pick the same name (SQLite
 * transactions already run one at a time).
 */
export async function uniqueResultName(tx: TTx, provider: "sqlite" | "postgresql", wanted: string): Promise<string> {
  if (provider === "postgresql") await tx.$executeRaw`SELECT pg_advisory_xact_lock(4207, 1)`;
  const extension = extensionOf(wanted);
  const base = wanted.slice(0, wanted.length - extension.length);
  const taken = new Set(
    (await tx.dataArtifact.findMany({ where: { filename: { startsWith: base } }, select: { filename: true } })).map((r) => r.filename),
  );
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}${extension}`;
    if (!taken.has(candidate)) return candidate;
  }
}
