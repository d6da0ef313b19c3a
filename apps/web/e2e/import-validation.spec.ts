import { expect, type Page, test } from "@playwright/test";
import fc from "fast-check";
import { trpcQuery } from "./support/api.ts";

type TTemplate = { id: string; definition: Record<string, unknown> };

/** A value JSON cannot write (a mutation that removed the whole document) becomes an empty file. */
async function importJson(page: Page, name: string, value: unknown) {
  await page
    .locator('input[type="file"][accept*="json"]')
    .setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(value) ?? "") });
}

/** Waits for the import's own toast (it names the file), returns whether it was refused, and dismisses it. */
async function outcomeOf(page: Page, name: string): Promise<"imported" | "refused"> {
  const toast = page.locator(".mantine-Notification-root").filter({ hasText: name });
  await expect(toast).toBeVisible();
  const refused = (await toast.getByTestId("import-problems").count()) > 0;
  await toast.getByRole("button", { name: "Dismiss" }).click();
  await expect(toast).toHaveCount(0);
  return refused ? "refused" : "imported";
}

test("a workflow file with an unknown step type or a step without config is refused with its problems, and nothing changes", async ({
  page,
  request,
}) => {
  const [template] = await trpcQuery<TTemplate[]>(request, "workflows.templates", undefined);
  if (!template) throw new Error("no starter template");
  const steps = template.definition.steps as Record<string, unknown>[];
  await page.goto("/workflows/new");
  const cards = page.getByTestId("step-card");
  await expect(cards).toHaveCount(2);

  const unknownType = { ...template.definition, steps: steps.map((s, i) => (i === 1 ? { ...s, type: "teleport" } : s)) };
  await importJson(page, "unknown-type.json", unknownType);
  const toast = page.locator(".mantine-Notification-root").filter({ hasText: "unknown-type.json" });
  await expect(toast).toContainText("nothing was changed");
  await expect(toast.getByTestId("import-problems")).toContainText("Step 2");
  await expect(page.getByTestId("error-screen")).toHaveCount(0);
  await expect(page.getByText("Unexpected Application Error")).toHaveCount(0);
  await expect(cards).toHaveCount(2);
  await toast.getByRole("button", { name: "Dismiss" }).click();

  const noConfig = { ...template.definition, steps: steps.map((s, i) => (i === 2 ? { type: s.type, name: s.name } : s)) };
  await importJson(page, "no-config.json", noConfig);
  const second = page.locator(".mantine-Notification-root").filter({ hasText: "no-config.json" });
  await expect(second.getByTestId("import-problems")).toContainText("Step 3");
  await expect(page.getByText("Imported", { exact: true })).toHaveCount(0);
  await expect(cards).toHaveCount(2);
  await expect(page.getByTestId("error-screen")).toHaveCount(0);
});

// Values a hand-edited or foreign file might hold where the contract expects something else.
const junk = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.constant(1e308),
  fc.string({ maxLength: 12 }),
  fc.constant([]),
  fc.constant({}),
  fc.constantFrom("loading", "profiling", "preparing", "validation", "export", "teleport"),
);

/** Every path to a value inside `value` (objects and arrays), so a mutation can hit any depth. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value && typeof value === "object") return [prefix, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return [prefix];
}

function mutate(root: unknown, path: (string | number)[], kind: "delete" | "replace" | "rename", replacement: unknown): unknown {
  const copy: unknown = structuredClone(root);
  if (path.length === 0) return kind === "replace" ? replacement : copy;
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as Record<
    string | number,
    unknown
  >;
  const key = path[path.length - 1] as string | number;
  if (kind === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (kind === "rename" && !Array.isArray(parent)) {
    parent[`${String(key)}_renamed`] = parent[key];
    delete parent[key];
  } else {
    parent[key] = replacement;
  }
  return copy;
}

test("random mutations of valid workflows never crash the builder: each is imported whole or refused with its problems", async ({
  page,
  request,
}) => {
  const templates = await trpcQuery<TTemplate[]>(request, "workflows.templates", undefined);
  await page.goto("/workflows/new");
  const mutation = fc.integer({ min: 0, max: templates.length - 1 }).chain((t) => {
    const definition = templates[t]?.definition;
    const paths = pathsOf(definition);
    return fc.record({
      definition: fc.constant(definition),
      path: fc.constantFrom(...paths),
      kind: fc.constantFrom("delete" as const, "replace" as const, "rename" as const),
      replacement: junk,
      wrapped: fc.boolean(),
    });
  });
  let run = 0;
  const outcomes = { imported: 0, refused: 0 };
  await fc.assert(
    fc.asyncProperty(mutation, async ({ definition, path, kind, replacement, wrapped }) => {
      const mutated = mutate(definition, path, kind, replacement);
      const name = `mutation-${++run}.json`;
      await importJson(page, name, wrapped ? { definition: mutated } : mutated);
      outcomes[await outcomeOf(page, name)]++;
      await expect(page.getByTestId("error-screen")).toHaveCount(0);
      await expect(page.getByTestId("step-card").first()).toBeVisible();
    }),
    { numRuns: 40, seed: Number(process.env.AW_PROPERTY_SEED ?? Date.now() % 2 ** 31) },
  );
  // Both outcomes occur, so the property is not passing by refusing everything.
  expect(outcomes.refused).toBeGreaterThan(0);
  expect(outcomes.imported).toBeGreaterThan(0);
});
