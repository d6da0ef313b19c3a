// What the engine must do with real public files, written from the raw files (head, jq, node)
// before the engine ever read them. An expectation changes only when the raw file was misread.
import type { TCosmoMapping } from "../../src/schemas/cosmo.ts";

/** Type kinds as a user sees them; the test maps DuckDB types onto these. */
export type TKind = "integer" | "number" | "string" | "date" | "timestamp" | "boolean";

export type TColumnExpectation = {
  kind: TKind;
  /** Every non-null value distinct. */
  unique?: boolean;
  /** Values that must be present exactly as written (text compared as text). */
  hasValues?: string[];
  /** Nulls after loading: the raw file's empty cells or JSON nulls, no more and no fewer. */
  nulls?: number;
};

export type TMappingKey = keyof TCosmoMapping;

export type TMappingExpectation = {
  /** Keys that must be chosen exactly so. */
  equals?: Partial<TCosmoMapping>;
  /** Keys whose column must be one of a few acceptable choices. */
  oneOf?: Partial<Record<TMappingKey, string[]>>;
  /** Keys that must not be set at all. */
  absent?: TMappingKey[];
  /** Columns a key must never use. */
  never?: Partial<Record<TMappingKey, string[]>>;
  /** Keys whose column name must match (when the engine names derived columns itself). */
  matches?: Partial<Record<TMappingKey, RegExp>>;
  /** Cosmo-ready cannot be reached: the error must contain this. */
  error?: string;
  /** The entry only forbids choices: failing with a reason is as good as succeeding without them. */
  failureAllowed?: boolean;
};

export type TTargetExpectation = {
  target: "clean" | "plot-ready" | "ml-ready";
  /** Rows after the target ran (no silent dedupe or filtering). */
  rowCount?: number;
  /** Columns that must keep (or reach) these kinds. */
  kinds?: Record<string, TKind>;
  /** Columns that must be dropped because most of their values are null, with the reason saying so. */
  droppedForNulls?: string[];
  /** Columns that must not be dropped for nulls (they are under the threshold). */
  notDroppedForNulls?: string[];
};

export type TCorpusEntry = {
  /** Unique label for the test. */
  name: string;
  /** npm package the file comes from (a devDependency of @aw/core). */
  pkg: "vega-datasets" | "world-atlas" | "us-atlas";
  /** Path inside the package. */
  file: string;
  jsonPath?: string;
  /** Why this file is in the corpus, from looking at it. */
  why: string;
  load: { rowCount: number; columnCount: number | { min: number }; columns: Record<string, TColumnExpectation> } | { error: string };
  mapping?: TMappingExpectation;
  targets?: TTargetExpectation[];
};

const NOT_A_TABLE = "not a table";
const NO_POSITION_PAIR = "column pair for positions";

export const CORPUS: TCorpusEntry[] = [
  // ── Delimited text ────────────────────────────────────────────────────────────────────────
  {
    name: "airports.csv",
    pkg: "vega-datasets",
    file: "data/airports.csv",
    why: "3376 US airports; iata codes like 00M and 0E0 (reads as the number 0) must stay text and unique",
    load: {
      rowCount: 3376,
      columnCount: 7,
      columns: {
        iata: { kind: "string", unique: true, hasValues: ["00M", "0E0", "0E8", "ORD"] },
        name: { kind: "string" },
        state: { kind: "string" },
        latitude: { kind: "number", nulls: 0 },
        longitude: { kind: "number", nulls: 0 },
      },
    },
    mapping: { equals: { pointsXBy: "longitude", pointsYBy: "latitude", pointIdBy: "iata" }, absent: ["linkSourceBy", "linkTargetBy"] },
  },
  {
    name: "zipcodes.csv",
    pkg: "vega-datasets",
    file: "data/zipcodes.csv",
    why: "42049 US zip codes with leading zeros (00501): reading them as integers would rewrite every New England code",
    load: {
      rowCount: 42049,
      columnCount: 6,
      columns: {
        zip_code: { kind: "string", unique: true, hasValues: ["00501", "00601", "10001"] },
        latitude: { kind: "number" },
        longitude: { kind: "number" },
        city: { kind: "string" },
        state: { kind: "string" },
      },
    },
    mapping: { equals: { pointsXBy: "longitude", pointsYBy: "latitude", pointIdBy: "zip_code" }, absent: ["linkSourceBy", "linkTargetBy"] },
  },
  {
    name: "la-riots.csv",
    pkg: "vega-datasets",
    file: "data/la-riots.csv",
    why: "63 people, ISO death dates, one empty age, longitude/latitude",
    load: {
      rowCount: 63,
      columnCount: 11,
      columns: {
        first_name: { kind: "string" },
        age: { kind: "integer", nulls: 1 },
        death_date: { kind: "date" },
        longitude: { kind: "number" },
        latitude: { kind: "number" },
      },
    },
    mapping: {
      equals: { pointsXBy: "longitude", pointsYBy: "latitude" },
      absent: ["linkSourceBy", "linkTargetBy"],
      never: { pointSizeBy: ["longitude", "latitude"] },
    },
  },
  {
    name: "seattle-weather.csv",
    pkg: "vega-datasets",
    file: "data/seattle-weather.csv",
    why: "1461 daily rows, ISO dates, 5 weather categories",
    load: {
      rowCount: 1461,
      columnCount: 6,
      columns: {
        date: { kind: "date", unique: true },
        precipitation: { kind: "number" },
        temp_max: { kind: "number" },
        wind: { kind: "number" },
        weather: { kind: "string" },
      },
    },
    targets: [
      { target: "plot-ready", rowCount: 1461, kinds: { date: "date" } },
      { target: "clean", rowCount: 1461, kinds: { date: "date" } },
    ],
  },
  {
    name: "weather.csv",
    pkg: "vega-datasets",
    file: "data/weather.csv",
    why: "2922 rows: the same dates for two locations (date is not unique)",
    load: {
      rowCount: 2922,
      columnCount: 7,
      columns: { location: { kind: "string" }, date: { kind: "date" }, temp_min: { kind: "number" } },
    },
  },
  {
    name: "stocks.csv",
    pkg: "vega-datasets",
    file: "data/stocks.csv",
    why: "dates written `Jan 1 2000`; 560 rows, no trailing newline",
    load: { rowCount: 560, columnCount: 3, columns: { symbol: { kind: "string" }, date: { kind: "date" }, price: { kind: "number" } } },
    targets: [{ target: "plot-ready", rowCount: 560, kinds: { date: "date", price: "number" } }],
  },
  {
    name: "sp500.csv",
    pkg: "vega-datasets",
    file: "data/sp500.csv",
    why: "123 monthly rows, dates written `Jan 1 2000`",
    load: { rowCount: 123, columnCount: 2, columns: { date: { kind: "date", unique: true }, price: { kind: "number" } } },
  },
  {
    name: "github.csv",
    pkg: "vega-datasets",
    file: "data/github.csv",
    why: "timestamps written `2015/01/01 01:00:00`",
    load: { rowCount: 955, columnCount: 2, columns: { time: { kind: "timestamp", unique: true }, count: { kind: "integer" } } },
  },
  {
    name: "co2-concentration.csv",
    pkg: "vega-datasets",
    file: "data/co2-concentration.csv",
    why: "monthly ISO dates; a column name with a space",
    load: {
      rowCount: 741,
      columnCount: 3,
      columns: { Date: { kind: "date" }, CO2: { kind: "number" }, "adjusted CO2": { kind: "number" } },
    },
  },
  {
    name: "disasters.csv",
    pkg: "vega-datasets",
    file: "data/disasters.csv",
    why: "year as a plain integer, deaths up to millions, no trailing newline",
    load: {
      rowCount: 803,
      columnCount: 3,
      columns: { Entity: { kind: "string" }, Year: { kind: "integer" }, Deaths: { kind: "integer" } },
    },
  },
  {
    name: "flights-airport.csv",
    pkg: "vega-datasets",
    file: "data/flights-airport.csv",
    why: "an edge list: origin → destination airport codes with a count",
    load: {
      rowCount: 5366,
      columnCount: 3,
      columns: { origin: { kind: "string" }, destination: { kind: "string" }, count: { kind: "integer" } },
    },
    mapping: { equals: { linkSourceBy: "origin", linkTargetBy: "destination" } },
  },
  {
    name: "iowa-electricity.csv",
    pkg: "vega-datasets",
    file: "data/iowa-electricity.csv",
    why: "a `year` column holding ISO dates (2001-01-01)",
    load: {
      rowCount: 51,
      columnCount: 3,
      columns: { year: { kind: "date" }, source: { kind: "string" }, net_generation: { kind: "integer" } },
    },
  },
  {
    name: "birdstrikes.csv",
    pkg: "vega-datasets",
    file: "data/birdstrikes.csv",
    why: "10000 rows of which 24 are exact duplicates; 2836 empty speeds; column names with spaces and `$`",
    load: {
      rowCount: 10000,
      columnCount: 14,
      columns: {
        "Airport Name": { kind: "string" },
        "Flight Date": { kind: "date" },
        "Cost Total $": { kind: "integer" },
        "Speed IAS in knots": { kind: "integer", nulls: 2836 },
      },
    },
    targets: [
      { target: "clean", rowCount: 10000 },
      { target: "plot-ready", rowCount: 10000, kinds: { "Flight Date": "date" } },
      { target: "ml-ready", notDroppedForNulls: ["Speed IAS in knots"] },
    ],
  },
  {
    name: "lookup_groups.csv",
    pkg: "vega-datasets",
    file: "data/lookup_groups.csv",
    why: "one integer column and one name column, no trailing newline: nothing to position, no edge list",
    load: { rowCount: 9, columnCount: 2, columns: { group: { kind: "integer" }, person: { kind: "string", unique: true } } },
    mapping: { error: NO_POSITION_PAIR },
  },
  {
    name: "unemployment.tsv",
    pkg: "vega-datasets",
    file: "data/unemployment.tsv",
    why: "tab-separated; rates written `.097` without a leading zero",
    load: { rowCount: 3218, columnCount: 2, columns: { id: { kind: "integer", unique: true }, rate: { kind: "number" } } },
  },

  // ── JSON record arrays ────────────────────────────────────────────────────────────────────
  {
    name: "cars.json",
    pkg: "vega-datasets",
    file: "data/cars.json",
    why: "406 cars; Name repeats (311 distinct); Year holds ISO dates; 8 null MPG, 6 null horsepower",
    load: {
      rowCount: 406,
      columnCount: 9,
      columns: {
        Name: { kind: "string" },
        Miles_per_Gallon: { kind: "number", nulls: 8 },
        Cylinders: { kind: "integer" },
        Horsepower: { kind: "integer", nulls: 6 },
        Acceleration: { kind: "number" },
        Year: { kind: "date" },
        Origin: { kind: "string" },
      },
    },
    // Name is not unique: a point id must be a unique column or one the engine makes.
    mapping: { never: { pointIdBy: ["Name", "Origin", "Year", "Cylinders"] }, absent: ["linkSourceBy", "linkTargetBy"] },
    targets: [
      { target: "clean", rowCount: 406, kinds: { Year: "date" } },
      { target: "plot-ready", rowCount: 406, kinds: { Year: "date" } },
    ],
  },
  {
    name: "movies.json",
    pkg: "vega-datasets",
    file: "data/movies.json",
    why: "3201 films; Title is text except 9 numbers (1776, 300, 21 …) and one null; dates `Jun 12 1998`; US DVD Sales 82% null, Running Time 62% null",
    load: {
      rowCount: 3201,
      columnCount: 16,
      columns: {
        Title: { kind: "string", hasValues: ["The Land Girls", "1776", "300", "21"], nulls: 1 },
        "US Gross": { kind: "integer" },
        "Release Date": { kind: "date" },
        "MPAA Rating": { kind: "string" },
        "Running Time min": { kind: "integer", nulls: 1992 },
        "IMDB Rating": { kind: "number" },
        "US DVD Sales": { kind: "integer", nulls: 2637 },
      },
    },
    targets: [
      { target: "clean", rowCount: 3201, kinds: { Title: "string", "Release Date": "date" } },
      {
        target: "ml-ready",
        droppedForNulls: ["US DVD Sales", "Running Time min"],
        notDroppedForNulls: ["Rotten Tomatoes Rating", "IMDB Rating", "Production Budget"],
      },
      { target: "plot-ready", rowCount: 3201, kinds: { "Release Date": "date" } },
    ],
  },
  {
    name: "miserables.json nodes",
    pkg: "vega-datasets",
    file: "data/miserables.json",
    jsonPath: "nodes",
    why: "77 characters: name, group (11 values), index (0..76); a node table, not an edge list",
    load: {
      rowCount: 77,
      columnCount: 3,
      columns: { name: { kind: "string", unique: true }, group: { kind: "integer" }, index: { kind: "integer", unique: true } },
    },
    // No positions and no links in a node table: a clear failure is fine, endpoints from group/index are not.
    mapping: { absent: ["linkSourceBy", "linkTargetBy"], never: { pointsXBy: ["index"], pointsYBy: ["index"] }, failureAllowed: true },
  },
  {
    name: "miserables.json links",
    pkg: "vega-datasets",
    file: "data/miserables.json",
    jsonPath: "links",
    why: "254 links between node indexes, with a value",
    load: {
      rowCount: 254,
      columnCount: 3,
      columns: { source: { kind: "integer" }, target: { kind: "integer" }, value: { kind: "integer" } },
    },
    mapping: { equals: { linkSourceBy: "source", linkTargetBy: "target" } },
  },
  {
    name: "population.json",
    pkg: "vega-datasets",
    file: "data/population.json",
    why: "all-integer census table (year, age, sex coded 1/2, people)",
    load: {
      rowCount: 570,
      columnCount: 4,
      columns: { year: { kind: "integer" }, age: { kind: "integer" }, sex: { kind: "integer" }, people: { kind: "integer", unique: true } },
    },
  },
  {
    name: "unemployment-across-industries.json",
    pkg: "vega-datasets",
    file: "data/unemployment-across-industries.json",
    why: "ISO timestamps with milliseconds and Z (2000-01-01T08:00:00.000Z)",
    load: {
      rowCount: 1708,
      columnCount: 6,
      columns: { series: { kind: "string" }, year: { kind: "integer" }, rate: { kind: "number" }, date: { kind: "timestamp" } },
    },
  },
  {
    name: "gapminder.json",
    pkg: "vega-datasets",
    file: "data/gapminder.json",
    why: "682 country-years: fertility, life expectancy, population, cluster 0..5",
    load: {
      rowCount: 682,
      columnCount: 6,
      columns: {
        country: { kind: "string" },
        year: { kind: "integer" },
        pop: { kind: "integer" },
        life_expect: { kind: "number" },
        fertility: { kind: "number" },
      },
    },
    mapping: { absent: ["linkSourceBy", "linkTargetBy"], never: { pointIdBy: ["country", "year", "cluster"] } },
  },
  {
    name: "barley.json",
    pkg: "vega-datasets",
    file: "data/barley.json",
    why: "small classic: yield decimals, variety/site text, two years",
    load: {
      rowCount: 120,
      columnCount: 4,
      columns: { yield: { kind: "number" }, variety: { kind: "string" }, year: { kind: "integer" }, site: { kind: "string" } },
    },
  },
  {
    name: "penguins.json",
    pkg: "vega-datasets",
    file: "data/penguins.json",
    why: "column names with units in brackets; 2 null measurement rows; Sex has null and a stray `.`",
    load: {
      rowCount: 344,
      columnCount: 7,
      columns: {
        Species: { kind: "string" },
        "Beak Length (mm)": { kind: "number", nulls: 2 },
        "Flipper Length (mm)": { kind: "integer", nulls: 2 },
        "Body Mass (g)": { kind: "integer", nulls: 2 },
        Sex: { kind: "string", hasValues: ["MALE", "FEMALE"] },
      },
    },
    targets: [{ target: "clean", rowCount: 344 }],
  },
  {
    name: "flights-10k.json",
    pkg: "vega-datasets",
    file: "data/flights-10k.json",
    why: "10000 flights; date written `2001/01/01 00:47` (a timestamp, not 01010001-style text)",
    load: {
      rowCount: 10000,
      columnCount: 5,
      columns: {
        date: { kind: "timestamp" },
        delay: { kind: "integer" },
        distance: { kind: "integer" },
        origin: { kind: "string" },
        destination: { kind: "string" },
      },
    },
  },
  {
    name: "us-state-capitals.json",
    pkg: "vega-datasets",
    file: "data/us-state-capitals.json",
    why: "50 capitals with lon/lat; state and city both unique",
    load: {
      rowCount: 50,
      columnCount: 4,
      columns: {
        lon: { kind: "number" },
        lat: { kind: "number" },
        state: { kind: "string", unique: true },
        city: { kind: "string", unique: true },
      },
    },
    mapping: {
      equals: { pointsXBy: "lon", pointsYBy: "lat" },
      oneOf: { pointIdBy: ["state", "city"] },
      absent: ["linkSourceBy", "linkTargetBy"],
    },
  },
  {
    name: "normal-2d.json",
    pkg: "vega-datasets",
    file: "data/normal-2d.json",
    why: "500 points, two unnamed-role numeric columns u/v",
    load: { rowCount: 500, columnCount: 2, columns: { u: { kind: "number" }, v: { kind: "number" } } },
    mapping: { equals: { pointsXBy: "u", pointsYBy: "v" }, absent: ["linkSourceBy", "linkTargetBy"] },
  },
  {
    name: "flare-dependencies.json",
    pkg: "vega-datasets",
    file: "data/flare-dependencies.json",
    why: "764 integer source/target pairs: an edge list",
    load: { rowCount: 764, columnCount: 2, columns: { source: { kind: "integer" }, target: { kind: "integer" } } },
    mapping: { equals: { linkSourceBy: "source", linkTargetBy: "target" } },
  },
  {
    name: "londonCentroids.json",
    pkg: "vega-datasets",
    file: "data/londonCentroids.json",
    why: "33 boroughs: name and cx/cy coordinates",
    load: {
      rowCount: 33,
      columnCount: 3,
      columns: { name: { kind: "string", unique: true }, cx: { kind: "number" }, cy: { kind: "number" } },
    },
    mapping: { equals: { pointsXBy: "cx", pointsYBy: "cy" }, oneOf: { pointIdBy: ["name"] }, absent: ["linkSourceBy", "linkTargetBy"] },
  },

  // ── GeoJSON and Arrow ─────────────────────────────────────────────────────────────────────
  {
    name: "earthquakes.json (GeoJSON)",
    pkg: "vega-datasets",
    file: "data/earthquakes.json",
    why: "a FeatureCollection of 1707 Point features, 26 properties each (felt 93% null; time in epoch milliseconds, which a column named time is read as): one row per feature, properties as columns, coordinates as columns",
    load: {
      rowCount: 1707,
      columnCount: { min: 28 },
      columns: {
        mag: { kind: "number" },
        place: { kind: "string" },
        time: { kind: "timestamp" },
        felt: { kind: "integer", nulls: 1580 },
        magType: { kind: "string" },
      },
    },
    mapping: { matches: { pointsXBy: /lon|lng|^x$/i, pointsYBy: /lat|^y$/i }, absent: ["linkSourceBy", "linkTargetBy"] },
  },
  {
    name: "flights-200k.arrow",
    pkg: "vega-datasets",
    file: "data/flights-200k.arrow",
    why: "Arrow IPC file (magic ARROW1): 200000 rows of delay Int16, distance Int16, time Float32",
    load: {
      rowCount: 200000,
      columnCount: 3,
      columns: { delay: { kind: "integer" }, distance: { kind: "integer" }, time: { kind: "number" } },
    },
  },

  // ── Not tables ────────────────────────────────────────────────────────────────────────────
  {
    name: "us-10m.json (TopoJSON)",
    pkg: "vega-datasets",
    file: "data/us-10m.json",
    why: "a Topology: objects + 10910 arcs, no records",
    load: { error: NOT_A_TABLE },
  },
  {
    name: "londonBoroughs.json (TopoJSON)",
    pkg: "vega-datasets",
    file: "data/londonBoroughs.json",
    why: "a Topology with a bbox and 109 arcs",
    load: { error: NOT_A_TABLE },
  },
  {
    name: "annual-precip.json (grid)",
    pkg: "vega-datasets",
    file: "data/annual-precip.json",
    why: "a raster: width, height, scale, translate and 60480 bare numbers",
    load: { error: NOT_A_TABLE },
  },
  {
    name: "volcano.json (grid)",
    pkg: "vega-datasets",
    file: "data/volcano.json",
    why: "a raster: width, height and 5307 bare numbers",
    load: { error: NOT_A_TABLE },
  },
  {
    name: "world-atlas countries-110m.json (TopoJSON)",
    pkg: "world-atlas",
    file: "countries-110m.json",
    why: "Natural Earth countries as a Topology",
    load: { error: NOT_A_TABLE },
  },
  {
    name: "us-atlas states-10m.json (TopoJSON)",
    pkg: "us-atlas",
    file: "states-10m.json",
    why: "Census states and nation as a Topology",
    load: { error: NOT_A_TABLE },
  },
];
