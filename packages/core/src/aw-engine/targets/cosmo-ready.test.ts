import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZPreparingConfigSchema } from "../../schemas/workflow.ts";
import { prepareTable } from "../preparing/prepare-table.ts";
import { jsonRows, tableColumns } from "../sample.ts";
import { Workspace } from "../workspace.ts";

let ws: Workspace;
beforeEach(async () => {
  ws = await Workspace.open({ memoryLimit: "256MB", threads: 1 });
});
afterEach(async () => {
  await ws.close();
});

const cosmo = (extra: Record<string, unknown> = {}) => ZPreparingConfigSchema.parse({ target: "cosmo-ready", ...extra });

describe("cosmo-ready", () => {
  it("maps cities: longitude/latitude positions, colour by a small category, label by name, drops rows without position", async () => {
    await ws.run(`CREATE TABLE data AS SELECT * FROM (VALUES
      ('Paris', 'France', '48.8566', '2.3522', 2148000),
      ('Berlin', 'Germany', '52.52', '13.405', 3645000),
      ('Lyon', 'France', '45.764', '4.8357', 513000),
      ('Hamburg', 'Germany', '53.5511', '9.9937', 1841000),
      ('Atlantis', 'N/A', 'NA', '', 1),
      ('Madrid', 'Spain', ' 40.4168 ', '-3.7038', 3223000)
    ) t(name, country, latitude, longitude, population)`);
    const result = await prepareTable(ws, "data", cosmo(), { maxRetries: 2 });
    expect(result.success).toBe(true);
    expect(result.mapping).toMatchObject({
      pointsXBy: "longitude",
      pointsYBy: "latitude",
      pointColorBy: "country",
      pointLabelBy: "name",
      pointSizeBy: "population",
    });
    expect(result.counts.rowsWithoutPosition).toBe(1);
    expect(result.finalInfo?.rowCount).toBe(5);
    const types = Object.fromEntries((await tableColumns(ws, "data")).map((c) => [c.name, c.type]));
    expect(types).toMatchObject({ latitude: "DOUBLE", longitude: "DOUBLE", name: "VARCHAR" });
    expect(result.attempts).toEqual([expect.objectContaining({ attempt: 1, step: "preparing", success: true })]);
    expect(result.validationResult.passed).toBe(true);
    expect(result.sql).toContain("CREATE OR REPLACE TABLE");
    // Never invents columns.
    expect((await tableColumns(ws, "data")).map((c) => c.name).sort()).toEqual(["country", "latitude", "longitude", "name", "population"]);
  });

  it("uses x/y when the data has them", async () => {
    await ws.run(`CREATE TABLE data AS SELECT i AS id, i * 1.5 AS x, i * i * 0.5 AS y, 'g' || (i % 3) AS grp FROM range(1, 31) r(i)`);
    const result = await prepareTable(ws, "data", cosmo(), { maxRetries: 0 });
    expect(result.success).toBe(true);
    expect(result.mapping).toMatchObject({ pointsXBy: "x", pointsYBy: "y", pointColorBy: "grp", pointIdBy: "id" });
  });

  it("picks the most complete, most varied numeric pair in a generic table, skipping row ids", async () => {
    await ws.run(
      `CREATE TABLE data AS SELECT i AS row_id, (i % 7) * 10.0 AS alpha, CASE WHEN i % 4 = 0 THEN NULL ELSE i * 3.0 END AS beta, sin(i) * 100 AS gamma FROM range(1, 41) r(i)`,
    );
    const result = await prepareTable(ws, "data", cosmo(), { maxRetries: 0 });
    expect(result.success).toBe(true);
    // alpha and gamma are complete; beta has NULLs; row_id is a row number.
    expect([result.mapping?.pointsXBy, result.mapping?.pointsYBy].sort()).toEqual(["alpha", "gamma"]);
  });

  it("maps an edge list to linkSourceBy/linkTargetBy and drops links without an endpoint", async () => {
    await ws.run(
      `CREATE TABLE data AS SELECT * FROM (VALUES ('paris', 'london', 1.2), ('london', 'berlin', 0.8), ('berlin', NULL, 2.0), ('rome', 'paris', 1.1)) t(source, target, weight)`,
    );
    const result = await prepareTable(ws, "data", cosmo(), { maxRetries: 0 });
    expect(result.success).toBe(true);
    expect(result.mapping).toEqual({ linkSourceBy: "source", linkTargetBy: "target", linkWeightBy: "weight" });
    expect(result.counts.linksWithoutEndpoint).toBe(1);
    expect(result.plan).toContainEqual({
      op: "drop_nulls",
      columns: ["source", "target"],
      how: "any",
      reason: "a link needs both source and target",
    });
    expect(result.finalInfo?.rowCount).toBe(3);
  });

  it("finds the endpoints of an unnamed edge list by their shared values", async () => {
    await ws.run(
      `CREATE TABLE data AS SELECT * FROM (VALUES ('a', 'b', 'x'), ('b', 'c', 'y'), ('c', 'a', 'x'), ('a', 'c', 'z')) t(person, friend, note)`,
    );
    const result = await prepareTable(ws, "data", cosmo(), { maxRetries: 0 });
    expect(result.success).toBe(true);
    expect(result.mapping).toEqual({ linkSourceBy: "person", linkTargetBy: "friend" });
  });

  it("fails on a text-only table, naming the columns and types it saw, and leaves the table as it was", async () => {
    await ws.run(`CREATE TABLE data AS SELECT * FROM (VALUES ('Ann', 'Paris'), ('Bob', 'Lyon')) t(name, city)`);
    const result = await prepareTable(ws, "data", cosmo(), { maxRetries: 3 });
    expect(result.success).toBe(false);
    expect(result.error).toBe(
      "cannot make cosmo-ready: no numeric, date or timestamp column pair for positions and no source/target columns for links; columns seen: name (VARCHAR), city (VARCHAR)",
    );
    // Unreachable targets are not retried.
    expect(result.attempts).toHaveLength(1);
    expect(await jsonRows(ws, "SELECT * FROM data")).toEqual([
      { name: "Ann", city: "Paris" },
      { name: "Bob", city: "Lyon" },
    ]);
  });

  it("explicit mapping entries win; text positions are cast to numbers on the retry after the check fails", async () => {
    await ws.run(
      `CREATE TABLE data AS SELECT * FROM (VALUES ('1.5', '2', 'p', 10, 20), ('2.5', '3', 'q', 11, 21), ('n/a', '4', 'r', 12, 22)) t(px, py, label, lon, lat)`,
    );
    // A text column that is not entirely numeric stays text after cleaning.
    await ws.run(`UPDATE data SET px = 'far' WHERE label = 'r'`);
    const result = await prepareTable(ws, "data", cosmo({ mapping: { pointsXBy: "px", pointsYBy: "py" } }), { maxRetries: 2 });
    expect(result.success).toBe(true);
    expect(result.mapping).toMatchObject({ pointsXBy: "px", pointsYBy: "py" });
    expect(result.attempts.map((a) => a.success)).toEqual([false, true]);
    expect(result.attempts[0]?.error).toContain('position column "px" is VARCHAR, not numeric');
    expect(result.ledger.columns.cast).toContainEqual(expect.objectContaining({ column: "px", failed: 1 }));
    expect(await jsonRows(ws, "SELECT px, py FROM data ORDER BY px")).toEqual([
      { px: 1.5, py: 2 },
      { px: 2.5, py: 3 },
    ]);
  });

  it("retries with the next-best pair when the chosen pair leaves no drawable row", async () => {
    // a and b are the most complete pair but never both present in one row.
    await ws.run(`CREATE TABLE data AS SELECT
        CASE WHEN i <= 10 THEN i * 1.0 END AS a,
        CASE WHEN i > 10 THEN i * 2.0 END AS b,
        CASE WHEN i % 2 = 0 THEN i * 0.5 END AS c
      FROM range(1, 21) r(i)`);
    const result = await prepareTable(ws, "data", cosmo(), { maxRetries: 3 });
    expect(result.success).toBe(true);
    expect(result.attempts.map((a) => a.success)).toEqual([false, true]);
    expect(result.attempts[0]?.error).toContain("no rows");
    expect([result.mapping?.pointsXBy, result.mapping?.pointsYBy]).not.toEqual(["a", "b"]);
    expect(result.finalInfo?.rowCount).toBeGreaterThan(0);
    // a has no value where b and c do: it is not offered as an (empty) size.
    expect(result.mapping).toMatchObject({ pointsXBy: "b", pointsYBy: "c" });
    expect(result.mapping?.pointSizeBy).toBeUndefined();
    expect(result.notes).toContain("pointSizeBy: a left out, it has no value in the rows that have a position");
  });

  it("names a mapped column the data does not have", async () => {
    await ws.run(`CREATE TABLE data AS SELECT 1.0 AS x, 2.0 AS y`);
    const result = await prepareTable(ws, "data", cosmo({ mapping: { pointsXBy: "lng" } }), { maxRetries: 1 });
    expect(result.success).toBe(false);
    expect(result.error).toContain(
      'mapping pointsXBy names column "lng", which the data does not have; columns seen: x (DECIMAL(2,1)), y (DECIMAL(2,1))',
    );
  });
  it("counts rows without a position whether one or both position columns have gaps", async () => {
    // Rows 2 and 3 lack x or y (one row lacks both); only x has gaps in the second table.
    await ws.run(
      `CREATE TABLE data AS SELECT * FROM (VALUES (1.0, 1.0, 'a'), (NULL, 2.0, 'b'), ('nan'::DOUBLE, NULL, 'c'), (4.0, NULL, 'd'), (5.0, 5.0, 'e')) t(x, y, name)`,
    );
    const both = await prepareTable(ws, "data", cosmo(), { maxRetries: 0 });
    expect(both.counts.rowsWithoutPosition).toBe(3);
    expect(both.finalInfo?.rowCount).toBe(2);
    await ws.run(
      `CREATE OR REPLACE TABLE data AS SELECT * FROM (VALUES (1.0, 1.0, 'a'), (NULL, 2.0, 'b'), ('inf'::DOUBLE, 3.0, 'c'), (4.0, 4.0, 'd')) t(x, y, name)`,
    );
    const one = await prepareTable(ws, "data", cosmo(), { maxRetries: 0 });
    expect(one.counts.rowsWithoutPosition).toBe(2);
    expect(one.finalInfo?.rowCount).toBe(2);
  });
  it("picks the pair of unnamed columns sharing the most values as link endpoints", async () => {
    // (origin, dest) share 2 of 3 values, (origin, hop) all 3, tag none.
    await ws.run(`CREATE TABLE data AS SELECT * FROM (VALUES
        ('a', 'x', 'a', 'p'), ('b', 'a', 'b', 'q'), ('c', 'b', 'c', 'p'), ('a', 'y', 'c', 'q')
      ) t(origin, dest, hop, tag)`);
    const result = await prepareTable(ws, "data", cosmo(), { maxRetries: 0 });
    expect(result.success).toBe(true);
    expect(result.mapping).toEqual({ linkSourceBy: "origin", linkTargetBy: "hop" });
    expect(result.notes).toContain("linkSourceBy/linkTargetBy: origin/hop (100% of the smaller column's values appear in the other)");
  });
});

/** Like the `nodes` array of vega's miserables.json: 77 characters, 11 groups, a row index. */
const MISERABLES_NODES = `CREATE TABLE data AS SELECT 'character ' || i AS name, i % 11 AS "group", i AS "index" FROM range(77) r(i)`;

describe("cosmo-ready never maps what is not there", () => {
  it("does not turn a nodes table's group and row index into 77 links, with or without a given id and colour", async () => {
    await ws.run(MISERABLES_NODES);
    for (const mapping of [undefined, { pointIdBy: "name", pointColorBy: "group" }]) {
      const result = await prepareTable(ws, "data", cosmo(mapping ? { mapping } : {}), { maxRetries: 2 });
      expect(result.success).toBe(false);
      expect(result.mapping).toBeUndefined();
      expect(result.error).toContain(
        "not link endpoints: group is a category code (11 distinct values in 77 rows), index numbers the rows (0..76)",
      );
      expect(result.attempts).toHaveLength(1);
    }
    const given = await prepareTable(ws, "data", cosmo({ mapping: { pointIdBy: "name" } }), { maxRetries: 0 });
    expect(given.error).toContain("a table of points needs pointsXBy/pointsYBy, or its links alongside it");
  });

  it("refuses group → index links even when a person maps them, naming why", async () => {
    await ws.run(MISERABLES_NODES);
    const result = await prepareTable(ws, "data", cosmo({ mapping: { linkSourceBy: "group", linkTargetBy: "index" } }), { maxRetries: 1 });
    expect(result.success).toBe(false);
    expect(result.attempts).toHaveLength(1);
    expect(result.error).toContain(
      "links group → index do not reference points: index numbers the rows (0..76) and group is a category code",
    );
  });

  it("takes link endpoints only from columns of one domain whose values mostly coincide", async () => {
    // person and friend share 3 of 10 values: a coincidence, not an edge list.
    await ws.run(
      `CREATE TABLE data AS SELECT 'p' || i AS person, CASE WHEN i < 3 THEN 'p' || i ELSE 'q' || i END AS friend FROM range(10) r(i)`,
    );
    const result = await prepareTable(ws, "data", cosmo(), { maxRetries: 0 });
    expect(result.success).toBe(false);
    expect(result.error).toContain("no source/target columns for links");
  });

  it("identifies airports by their unique iata code, not by their shared names", async () => {
    await ws.run(`CREATE TABLE data AS SELECT * FROM (VALUES
      ('AAA', 'Municipal Airport', 10.5, 1.5), ('BBB', 'Municipal Airport', 11.5, 2.5), ('CCC', 'Municipal Airport', 12.5, 3.5),
      ('DDD', 'Central', 13.5, 4.5), ('EEE', 'Central', 14.5, 5.5), ('FFF', 'Harbour Field', 15.5, 6.5)
    ) t(iata, name, longitude, latitude)`);
    const result = await prepareTable(ws, "data", cosmo(), { maxRetries: 0 });
    expect(result.success).toBe(true);
    expect(result.mapping).toMatchObject({ pointIdBy: "iata", pointsXBy: "longitude", pointsYBy: "latitude" });
    expect(result.notes).toContain("pointIdBy: iata (unique in every row)");

    const named = await prepareTable(ws, "data", cosmo({ mapping: { pointIdBy: "name" } }), { maxRetries: 2 });
    expect(named.success).toBe(false);
    expect(named.error).toBe(
      'pointIdBy "name" is not a unique id: 5 rows share their value with another row (3 distinct values in 6 rows, e.g. "Municipal Airport" in 3 rows); unique columns: iata',
    );
    expect(named.attempts).toHaveLength(1);
  });

  it("numbers the rows when no column is unique, and says so", async () => {
    await ws.run(
      `CREATE TABLE data AS SELECT * FROM (VALUES ('Ann', 1.0, 2.0), ('Bob', 2.0, 3.0), ('Ann', 3.0, 1.0), ('Cid', NULL, 4.0)) t(first_name, x, y)`,
    );
    const result = await prepareTable(ws, "data", cosmo(), { maxRetries: 0 });
    expect(result.success).toBe(true);
    expect(result.mapping).toMatchObject({ pointIdBy: "point_id", pointsXBy: "x", pointsYBy: "y" });
    expect(result.plan.at(-1)).toEqual({
      op: "derive",
      column: "point_id",
      expression: "row_number() OVER ()",
      reason: "no unique column: synthesised a row id",
    });
    expect(result.notes).toContain("pointIdBy: point_id (no column is unique in every row, so the rows are numbered)");
    const ids = await jsonRows(ws, "SELECT point_id FROM data ORDER BY point_id");
    expect(ids.map((r) => r.point_id)).toEqual([1, 2, 3]);
    // Every operation that removes rows says why.
    const removing = result.plan.filter((op) => op.op === "filter" || op.op === "drop_nulls");
    expect(removing.length).toBeGreaterThan(0);
    for (const op of removing) expect(op.reason).toBeTruthy();
  });

  it("picks a free name for the synthesised id", async () => {
    await ws.run(`CREATE TABLE data AS SELECT * FROM (VALUES (1.0, 2.0, 7), (2.0, 3.0, 7)) t(x, y, point_id)`);
    const result = await prepareTable(ws, "data", cosmo(), { maxRetries: 0 });
    expect(result.mapping?.pointIdBy).toBe("point_id_2");
  });
});

describe("cosmo-ready positions from time", () => {
  it("places points by a TIMESTAMP as epoch seconds instead of dropping every row", async () => {
    await ws.run(
      `CREATE TABLE data AS SELECT TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) HOUR AS time, (i * 7) % 13 AS count FROM range(30) r(i)`,
    );
    const result = await prepareTable(ws, "data", cosmo({ mapping: { pointsXBy: "time", pointsYBy: "count" } }), { maxRetries: 0 });
    expect(result.success).toBe(true);
    expect(result.counts.rowsWithoutPosition).toBe(0);
    expect(result.finalInfo?.rowCount).toBe(30);
    expect(result.notes).toContain("time: TIMESTAMP → epoch seconds");
    expect(result.plan).toContainEqual(expect.objectContaining({ op: "derive", column: "time", expression: 'epoch("time")' }));
    const types = Object.fromEntries((await tableColumns(ws, "data")).map((c) => [c.name, c.type]));
    expect(types.time).toBe("DOUBLE");
    expect((await jsonRows(ws, "SELECT min(time) AS t FROM data"))[0]?.t).toBe(Date.UTC(2024, 0, 1) / 1000);
  });

  it("chooses a date axis against a measure when there is no numeric pair", async () => {
    await ws.run(
      `CREATE TABLE data AS SELECT DATE '2024-01-01' + i::INTEGER AS day, CASE WHEN i = 3 THEN NULL ELSE i * 1.5 END AS amount FROM range(10) r(i)`,
    );
    const result = await prepareTable(ws, "data", cosmo(), { maxRetries: 0 });
    expect(result.success).toBe(true);
    expect(result.mapping).toMatchObject({ pointsXBy: "day", pointsYBy: "amount" });
    expect(result.notes).toContain("day: DATE → epoch seconds");
    expect(result.counts.rowsWithoutPosition).toBe(1);
  });

  it("names the type of a position column that can never be a number", async () => {
    await ws.run(`CREATE TABLE data AS SELECT i % 2 = 0 AS flag, i * 1.0 AS v FROM range(5) r(i)`);
    const result = await prepareTable(ws, "data", cosmo({ mapping: { pointsXBy: "flag", pointsYBy: "v" } }), { maxRetries: 2 });
    expect(result.error).toBe('pointsXBy "flag" is BOOLEAN: positions must be numbers, dates or timestamps');
  });
});
