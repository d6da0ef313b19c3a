import { useSearchParams } from "react-router";

/** Page, search, sort and filters kept in the URL so back/forward and shared links restore a list. */
export function useListParams<TSort extends string>(defaults: { sort: TSort; order: "asc" | "desc" }) {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get("page") ?? "1") || 1);
  const search = params.get("q") ?? "";
  const sort = (params.get("sort") ?? defaults.sort) as TSort;
  const order = (params.get("order") ?? defaults.order) as "asc" | "desc";
  const update = (change: Record<string, string | number | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(change)) {
          if (value === undefined || value === "") next.delete(key);
          else next.set(key, String(value));
        }
        if (!("page" in change)) next.delete("page");
        return next;
      },
      { replace: true },
    );
  return {
    page,
    search,
    sort,
    order,
    get: (key: string) => params.get(key),
    setPage: (p: number) => update({ page: p === 1 ? undefined : p }),
    setSearch: (q: string) => update({ q }),
    set: (key: string, value: string | undefined) => update({ [key]: value }),
    toggleSort: (column: TSort) => update({ sort: column, order: sort === column && order === "desc" ? "asc" : "desc" }),
  };
}
