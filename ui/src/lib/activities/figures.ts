// The figures of one activity: which to show and how to write each one.
import type { Units } from "../../bindings";
import type { Totals } from "../api";
import { fmtNum as formatNumber, formatDistance, formatDuration, formatElevation, formatSpeed } from "./format";

export type TotalsField = keyof Totals;

/** The device's figure where it has one, else Tempo's (what the backend stores as shown). */
export function shownTotals(device: Totals | null | undefined, computed: Totals): Totals {
  if (!device) return computed;
  const out = { ...computed };
  for (const k of Object.keys(computed) as TotalsField[]) {
    const d = device[k];
    if (d !== null && d !== undefined) out[k] = d;
  }
  return out;
}

/** Steps per minute on foot, revolutions per minute on a bike, strokes per minute otherwise. */
export function cadenceUnit(sport: string): string {
  switch (sport) {
    case "running":
    case "walking":
    case "hiking":
      return "spm";
    case "cycling":
      return "rpm";
    default:
      return "/min";
  }
}

/** One figure with its unit, e.g. distance_m 10020 → "10.02 km". */
export function formatField(field: string, value: number | null, sport: string, locale: string, units: Units = "metric"): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  switch (field) {
    case "elapsed_s":
    case "timer_s":
    case "moving_s":
      return formatDuration(value);
    case "distance_m":
      return formatDistance(value, locale, units);
    case "ascent_m":
    case "descent_m":
      return formatElevation(value, locale, units);
    case "avg_hr":
    case "max_hr":
      return `${formatNumber(value, locale, 0)} bpm`;
    case "avg_speed_mps":
    case "max_speed_mps":
      return formatSpeed(value, sport, locale, units);
    case "avg_cadence":
    case "max_cadence":
      return `${formatNumber(value, locale, 0)} ${cadenceUnit(sport)}`;
    case "avg_power_w":
    case "max_power_w":
      return `${formatNumber(value, locale, 0)} W`;
    case "calories_kcal":
      return `${formatNumber(value, locale, 0)} kcal`;
    default:
      return formatNumber(value, locale, 2);
  }
}
