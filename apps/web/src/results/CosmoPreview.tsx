import type { TCosmoMapping } from "@aw/core/schemas";
import { Alert, Box, Skeleton, Text } from "@mantine/core";
import { useMemo } from "react";
import { formatNumber } from "../format.ts";
import { trpc } from "../trpc.ts";
import { EChart } from "../components/EChart.tsx";
import { linksOption, pointsWithLinksOption } from "./cosmo-option.ts";
import { MappingBadges } from "./MappingBadges.tsx";

const PREVIEW_ROWS = 5000;
const PAGE = 1000;

/** Up to PREVIEW_ROWS rows, fetched as parallel pages once the first one tells the total. */
function usePreviewRows(id: string) {
  const opts = { staleTime: Infinity, meta: { silent: true } };
  const first = trpc.data.sample.useQuery({ id, limit: PAGE, offset: 0 }, opts);
  const wanted = Math.min(first.data?.total ?? 0, PREVIEW_ROWS);
  const offsets = Array.from({ length: Math.max(0, Math.ceil(wanted / PAGE) - 1) }, (_, i) => (i + 1) * PAGE);
  const rest = trpc.useQueries((t) => offsets.map((offset) => t.data.sample({ id, limit: PAGE, offset }, opts)));
  const pending = first.isPending || rest.some((q) => q.isPending);
  const error = first.error ?? rest.find((q) => q.error)?.error ?? null;
  // Rebuilt only when a page arrives, so the chart option stays stable between renders.
  const version = [first.dataUpdatedAt, ...rest.map((q) => q.dataUpdatedAt)].join();
  const pages = [first.data?.rows ?? [], ...rest.map((q) => q.data?.rows ?? [])];
  // `version` changes exactly when a page arrives; `pages` is a new array every render, so it cannot be the key.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rows = useMemo(() => (pending || error ? [] : pages.flat()), [version, pending, error]);
  return { rows, total: first.data?.total ?? 0, pending, error };
}

const PREVIEW_LINKS = 1000;

/** The first PREVIEW_LINKS links a step kept beside its points, when it kept any. */
function usePreviewLinks(links: TLinksSource | undefined) {
  const query = trpc.jobs.stepSample.useQuery(
    { id: links?.jobId ?? "", stepIndex: links?.stepIndex ?? 0, table: "links", limit: PREVIEW_LINKS },
    { enabled: links !== undefined, staleTime: Infinity, meta: { silent: true } },
  );
  return {
    rows: query.data?.rows ?? [],
    total: query.data?.total ?? 0,
    pending: links !== undefined && query.isPending,
    error: query.error,
  };
}

/** Where a result's links table is: the job and the last step that kept one. */
export type TLinksSource = { jobId: string; stepIndex: number };

/** What Cosmograph would draw: the points of the prepared table with their links, or the links alone, by the chosen mapping. */
export function CosmoPreview({ artifactId, mapping, links }: { artifactId: string; mapping: TCosmoMapping; links?: TLinksSource }) {
  const sample = usePreviewRows(artifactId);
  const linkRows = usePreviewLinks(links);
  const drawing = useMemo(() => {
    if (!sample.rows.length) return null;
    const withLinks = pointsWithLinksOption(sample.rows, linkRows.rows, mapping);
    if (withLinks) return withLinks;
    const option = linksOption(sample.rows, mapping);
    return option ? { option, drawn: 0 } : null;
  }, [sample.rows, linkRows.rows, mapping]);
  const option = drawing?.option ?? null;
  const linkNote =
    links && linkRows.total > 0 ? ` · showing ${formatNumber(drawing?.drawn ?? 0)} of ${formatNumber(linkRows.total)} links` : "";
  return (
    <div data-testid="cosmo-preview">
      <Box mb="sm">
        <MappingBadges mapping={mapping} />
      </Box>
      {sample.pending || linkRows.pending ? (
        <Skeleton height={420} />
      ) : sample.error ? (
        <Alert color="red" title="Could not read the result's rows">
          {sample.error.message}
        </Alert>
      ) : option ? (
        <>
          <EChart
            option={option}
            label={`Cosmograph preview: ${formatNumber(Math.min(sample.total, PREVIEW_ROWS))} points${linkNote ? `, ${formatNumber(drawing?.drawn ?? 0)} links drawn` : ""}`}
          />
          <Text size="xs" c="dimmed" mt={4}>
            {sample.total > PREVIEW_ROWS
              ? `First ${formatNumber(PREVIEW_ROWS)} of ${formatNumber(sample.total)} rows`
              : `${formatNumber(sample.total)} rows`}
            {linkNote} · scroll to zoom
          </Text>
        </>
      ) : (
        <Text c="dimmed" size="sm">
          The mapping names no point positions or link endpoints to draw.
        </Text>
      )}
    </div>
  );
}
