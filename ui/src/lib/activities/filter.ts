// The activity list's filters, kept in the URL so they survive opening an activity.
import type { ActivityFilter } from "../api";
import { isSport, type SportKey } from "./format";
import { DEFAULT_SORT, isSortKey, type Sort } from "./sort";

export type Filters = { sports: SportKey[]; from: string; to: string; text: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function filtersFromParams(params: URLSearchParams): Filters {
  const sports = (params.get("sports") ?? "").split(",").filter(isSport);
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  return {
    sports,
    from: DAY.test(from) ? from : "",
    to: DAY.test(to) ? to : "",
    text: params.get("q") ?? "",
  };
}

export function sortFromParams(params: URLSearchParams): Sort {
  const key = params.get("sort");
  const dir = params.get("dir");
  if (!isSortKey(key)) return DEFAULT_SORT;
  return { key, dir: dir === "asc" ? "asc" : "desc" };
}

/** `params` with one entry set, or removed when empty. */
export function withParam(params: URLSearchParams, key: string, value: string): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(key, value);
  else next.delete(key);
  return next;
}

/** What the backend gets: null for each filter not in use. */
export function toApiFilter(f: Filters): ActivityFilter {
  const text = f.text.trim();
  return {
    sports: f.sports.length > 0 ? [...f.sports] : null,
    from: f.from || null,
    to: f.to || null,
    text: text || null,
  };
}

export function isFiltering(f: Filters): boolean {
  return f.sports.length > 0 || !!f.from || !!f.to || f.text.trim() !== "";
}

/** The date range is backwards. */
export function rangeInvalid(f: Pick<Filters, "from" | "to">): boolean {
  return !!f.from && !!f.to && f.from > f.to;
}
