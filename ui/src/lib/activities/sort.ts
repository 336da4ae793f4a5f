// Client-side sorting of the activity list.
import type { ActivitySummary } from "../api";

export const SORT_KEYS = ["date", "sport", "name", "distance", "duration", "speed", "hr", "ascent", "power"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = "asc" | "desc";
export type Sort = { key: SortKey; dir: SortDir };

export const DEFAULT_SORT: Sort = { key: "date", dir: "desc" };

export function isSortKey(s: string | null): s is SortKey {
  return s !== null && (SORT_KEYS as readonly string[]).includes(s);
}

/** The direction a column sorts in when first clicked: text A→Z, figures biggest first. */
export function firstDir(key: SortKey): SortDir {
  return key === "sport" || key === "name" ? "asc" : "desc";
}

/** Clicking a header: the same column flips, another one starts at its first direction. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, dir: current.dir === "asc" ? "desc" : "asc" };
  return { key, dir: firstDir(key) };
}

function value(a: ActivitySummary, key: SortKey, label: (a: ActivitySummary) => string): number | string | null {
  const t = a.totals;
  switch (key) {
    case "date":
      return Date.parse(a.start);
    case "sport":
      return a.sport;
    case "name":
      return label(a).toLocaleLowerCase();
    case "distance":
      return t.distance_m;
    case "duration":
      return t.moving_s ?? t.timer_s ?? t.elapsed_s;
    case "speed":
      return t.avg_speed_mps;
    case "hr":
      return t.avg_hr;
    case "ascent":
      return t.ascent_m;
    case "power":
      return t.avg_power_w;
  }
}

/**
 * A sorted copy. Missing figures go last whichever the direction; ties keep the
 * newest first so the order is stable between clicks.
 */
export function sortActivities(
  list: readonly ActivitySummary[],
  sort: Sort,
  label: (a: ActivitySummary) => string = (a) => a.name ?? "",
): ActivitySummary[] {
  const sign = sort.dir === "asc" ? 1 : -1;
  const keyed = list.map((a) => ({ a, v: value(a, sort.key, label), d: Date.parse(a.start) }));
  keyed.sort((x, y) => {
    const xv = x.v;
    const yv = y.v;
    const xMissing = xv === null || xv === undefined || (typeof xv === "number" && Number.isNaN(xv));
    const yMissing = yv === null || yv === undefined || (typeof yv === "number" && Number.isNaN(yv));
    if (xMissing !== yMissing) return xMissing ? 1 : -1;
    if (!xMissing && !yMissing && xv !== yv) {
      const c = typeof xv === "string" && typeof yv === "string" ? xv.localeCompare(yv) : (xv as number) - (yv as number);
      if (c !== 0) return sign * c;
    }
    return y.d - x.d || y.a.id - x.a.id;
  });
  return keyed.map((k) => k.a);
}
