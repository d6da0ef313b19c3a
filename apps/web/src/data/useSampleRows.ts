import { useQueries } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import type { TRowViewInput } from "@aw/core/schemas";
import { type RouterOutputs, trpc } from "../trpc.ts";

type TSample = RouterOutputs["data"]["sample"];

const PAGE = 500;

/** Where rows come from: a dataset, or the table a job's step left behind (its checkpoint). */
export type TRowSource = { dataId: string } | { jobId: string; stepIndex: number };

type TRow = Record<string, unknown>;

/**
 * Rows by position over the whole table: the first page tells the columns and the total, and the
 * pages under the visible range are fetched as the table scrolls or jumps there (any page, in any
 * order). `rowAt` is undefined for a row whose page has not arrived yet.
 */
export function useSampleRows(source: TRowSource, view: TRowViewInput = {}) {
  const utils = trpc.useUtils();
  const [range, setRange] = useState({ start: 0, end: 0 });
  const wanted = useMemo(() => {
    const pages = new Set([0]);
    for (let p = Math.floor(range.start / PAGE); p <= Math.floor(range.end / PAGE); p++) pages.add(p);
    return [...pages];
  }, [range.start, range.end]);
  const queries = useQueries({
    queries: wanted.map((page) => ({
      queryKey: ["sample.page", source, view, page],
      queryFn: () =>
        "dataId" in source
          ? utils.client.data.sample.query({ id: source.dataId, limit: PAGE, offset: page * PAGE, view })
          : utils.client.jobs.stepSample.query({ id: source.jobId, stepIndex: source.stepIndex, limit: PAGE, offset: page * PAGE, view }),
      staleTime: Infinity,
      // While a new order or filter loads, the columns and the count of the last one stay.
      placeholderData: (previous: TSample | undefined) => (page === 0 ? previous : undefined),
    })),
  });
  const pages = new Map(wanted.map((page, i) => [page, queries[i]?.data?.rows]));
  const rowAt = (index: number): TRow | undefined => pages.get(Math.floor(index / PAGE))?.[index % PAGE];
  const first = queries[0];
  const onVisibleRange = useCallback((start: number, end: number) => {
    setRange((r) => (r.start === start && r.end === end ? r : { start, end }));
  }, []);
  return {
    columns: first?.data?.columns ?? [],
    total: first?.data?.total ?? 0,
    rowAt,
    isPending: first?.isPending ?? true,
    error: first?.error ?? queries.find((q) => q.error)?.error ?? null,
    onVisibleRange,
  };
}
