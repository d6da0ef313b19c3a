import type { TCosmoMapping } from "@aw/core/schemas";
import type { TEChartOption } from "../components/EChart.tsx";
import { valueText } from "../format.ts";

type TRow = Record<string, unknown>;

const PALETTE = [
  "#4c6ef5",
  "#12b886",
  "#fa5252",
  "#fab005",
  "#7950f2",
  "#15aabf",
  "#fd7e14",
  "#e64980",
  "#82c91e",
  "#228be6",
  "#be4bdb",
  "#40c057",
];
const MAX_CATEGORIES = 12;

const num = (v: unknown): number | null => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};

/** Point size in pixels from a numeric column, square-root scaled so area tracks the value. */
function sizer(rows: TRow[], column: string | undefined): (row: TRow) => number {
  if (!column) return () => 6;
  const values = rows.map((r) => num(r[column])).filter((v): v is number => v !== null);
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (!values.length || max === min) return () => 7;
  return (row) => {
    const v = num(row[column]);
    return v === null ? 4 : 4 + 16 * Math.sqrt((v - min) / (max - min));
  };
}

/** A scatter of the prepared points: x/y from the mapping, colour by category (or a scale), size by value. */
export function pointsOption(rows: TRow[], m: TCosmoMapping): TEChartOption | null {
  const x = m.pointsXBy;
  const y = m.pointsYBy;
  if (!x || !y) return null;
  const size = sizer(rows, m.pointSizeBy);
  const label = m.pointLabelBy ?? m.pointIdBy;
  const point = (r: TRow) => {
    const px = num(r[x]);
    const py = num(r[y]);
    return px === null || py === null
      ? null
      : { value: [px, py, r[m.pointColorBy ?? ""] ?? null], symbolSize: size(r), name: label ? valueText(r[label] ?? "") : "" };
  };
  const base = {
    grid: { left: 56, right: 24, top: 40, bottom: 48 },
    xAxis: { type: "value", name: x, nameLocation: "middle", nameGap: 28, scale: true, splitLine: { lineStyle: { opacity: 0.4 } } },
    yAxis: { type: "value", name: y, nameLocation: "middle", nameGap: 40, scale: true, splitLine: { lineStyle: { opacity: 0.4 } } },
    tooltip: {
      trigger: "item",
      formatter: (p: { data: { name: string; value: [number, number, unknown] } }) =>
        `${p.data.name ? `<b>${p.data.name}</b><br/>` : ""}${x}: ${p.data.value[0]}<br/>${y}: ${p.data.value[1]}${m.pointColorBy ? `<br/>${m.pointColorBy}: ${String(p.data.value[2])}` : ""}`,
    },
    dataZoom: [
      { type: "inside", xAxisIndex: 0 },
      { type: "inside", yAxisIndex: 0 },
    ],
  };
  const series = {
    type: "scatter",
    large: rows.length > 2000,
    itemStyle: { opacity: 0.8, borderColor: "rgba(255,255,255,0.6)", borderWidth: 0.5 },
    emphasis: { focus: "series" },
  };
  const colorBy = m.pointColorBy;
  const points = rows.map(point).filter((p) => p !== null);
  if (!colorBy) return { ...base, color: PALETTE, series: [{ ...series, name: "points", data: points }] };

  const categories = [...new Set(rows.map((r) => r[colorBy]).map((v) => valueText(v ?? "null")))];
  const numeric = rows.every((r) => r[colorBy] === null || num(r[colorBy]) !== null);
  if (numeric && categories.length > MAX_CATEGORIES) {
    const values = points.map((p) => num(p.value[2])).filter((v): v is number => v !== null);
    return {
      ...base,
      visualMap: {
        type: "continuous",
        dimension: 2,
        min: Math.min(...values),
        max: Math.max(...values),
        text: [colorBy, ""],
        calculable: true,
        right: 0,
        top: "middle",
        inRange: { color: ["#364fc7", "#12b886", "#fab005", "#fa5252"] },
      },
      grid: { ...base.grid, right: 90 },
      series: [{ ...series, name: colorBy, data: points }],
    };
  }
  const shown = categories.slice(0, MAX_CATEGORIES);
  const bucket = (v: unknown) => {
    const key = valueText(v ?? "null");
    return shown.includes(key) ? key : "other";
  };
  const groups = new Map<string, typeof points>();
  for (const p of points) {
    const key = bucket(p.value[2]);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  // Categories beyond the palette share one neutral "other" colour, drawn last.
  const named = [...groups.entries()].filter(([name]) => name !== "other");
  const other = groups.get("other");
  return {
    ...base,
    legend: { type: "scroll", top: 0 },
    series: [
      ...named.map(([name, data], i) => ({
        ...series,
        name,
        data,
        itemStyle: { ...series.itemStyle, color: PALETTE[i % PALETTE.length] },
      })),
      ...(other ? [{ ...series, name: "other", data: other, itemStyle: { ...series.itemStyle, color: "#adb5bd" } }] : []),
    ],
  };
}

/** An edge list drawn as a force-directed graph; nodes sized by degree. */
export function linksOption(rows: TRow[], m: TCosmoMapping, maxEdges = 3000): TEChartOption | null {
  const s = m.linkSourceBy;
  const t = m.linkTargetBy;
  if (!s || !t) return null;
  const degree = new Map<string, number>();
  const edges: { source: string; target: string }[] = [];
  for (const r of rows.slice(0, maxEdges)) {
    const source = r[s];
    const target = r[t];
    if (source === null || source === undefined || target === null || target === undefined) continue;
    const a = valueText(source);
    const b = valueText(target);
    edges.push({ source: a, target: b });
    degree.set(a, (degree.get(a) ?? 0) + 1);
    degree.set(b, (degree.get(b) ?? 0) + 1);
  }
  const maxDegree = Math.max(1, ...degree.values());
  return {
    color: PALETTE,
    tooltip: { trigger: "item" },
    series: [
      {
        type: "graph",
        layout: "force",
        roam: true,
        draggable: false,
        force: { repulsion: 40, edgeLength: 30, gravity: 0.08 },
        data: [...degree.entries()].map(([name, d]) => ({ name, value: d, symbolSize: 5 + 15 * Math.sqrt(d / maxDegree) })),
        links: edges,
        lineStyle: { opacity: 0.35, width: 0.8, color: "source" },
        itemStyle: { color: "#4c6ef5" },
        emphasis: { focus: "adjacency" },
      },
    ],
  };
}

/**
 * The points scatter with the links drawn between them: each link whose two endpoints are among the
 * drawn points becomes a segment (at most `maxLinks`). `drawn` says how many made it onto the chart.
 */
export function pointsWithLinksOption(
  points: TRow[],
  links: TRow[],
  m: TCosmoMapping,
  maxLinks = 2000,
): { option: TEChartOption; drawn: number } | null {
  const option = pointsOption(points, m);
  const { pointIdBy: id, pointsXBy: x, pointsYBy: y, linkSourceBy: s, linkTargetBy: t } = m;
  if (!option || !id || !x || !y || !s || !t) return option ? { option, drawn: 0 } : null;
  const at = new Map<string, [number, number]>();
  for (const r of points) {
    const px = num(r[x]);
    const py = num(r[y]);
    if (px !== null && py !== null && r[id] !== null && r[id] !== undefined) at.set(valueText(r[id]), [px, py]);
  }
  const segments: { coords: [number, number][] }[] = [];
  for (const r of links) {
    if (segments.length >= maxLinks) break;
    const a = at.get(valueText(r[s] ?? ""));
    const b = at.get(valueText(r[t] ?? ""));
    if (a && b) segments.push({ coords: [a, b] });
  }
  const series = [
    {
      type: "lines",
      coordinateSystem: "cartesian2d",
      data: segments,
      silent: true,
      z: 1,
      lineStyle: { color: "#868e96", opacity: 0.35, width: 0.8 },
    },
    ...((option.series as unknown[]) ?? []),
  ];
  return { option: { ...option, series }, drawn: segments.length };
}
