import { useInfiniteQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { trpc } from "../trpc.ts";

const PAGE = 500;

/** Where rows come from: a dataset, or the table a job's step left behind (its checkpoint). */
export type TRowSource = { dataId: string } | { jobId: string; stepIndex: number };

/** Pages of rows, fetched as the table scrolls. */
export function useSampleRows(source: TRowSource) {
  const utils = trpc.useUtils();
  const query = useInfiniteQuery({
    queryKey: ["sample.pages", source],
    queryFn: ({ pageParam }) =>
      "dataId" in source
        ? utils.client.data.sample.query({ id: source.dataId, limit: PAGE, offset: pageParam })
        : utils.client.jobs.stepSample.query({ id: source.jobId, stepIndex: source.stepIndex, limit: PAGE, offset: pageParam }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((n, p) => n + p.rows.length, 0);
      return loaded < last.total && last.rows.length > 0 ? loaded : undefined;
    },
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const first = query.data?.pages[0];
  return {
    columns: first?.columns ?? [],
    rows: query.data?.pages.flatMap((p) => p.rows) ?? [],
    total: first?.total ?? 0,
    isPending: query.isPending,
    error: query.error,
    loadMore,
  };
}
