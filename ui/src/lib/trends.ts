// Pure helpers of the dashboard's season views: date ranges, duration ticks,
// paces in the athlete's units and zone names.
import type { TFunction } from "i18next";
import type { Units } from "../bindings";
import { todayIso } from "./format";
import { KM_PER_MILE, formatPace } from "./pace";

/** A number the backend sent (specta types every f64 as nullable: NaN goes out as null). */
export function finite(v: number | null | undefined): v is number {
  return v !== null && v !== undefined && Number.isFinite(v);
}

function day(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

function addDays(d: Date, n: number): Date {
  const out = day(d);
  out.setDate(out.getDate() + n);
  return out;
}

/** A YYYY-MM-DD day as a local Date at midnight. */
export function parseDay(s: string): Date {
  const [y, m, d] = s.split("-").map(Number);
  return new Date(y, m - 1, d);
}

// --- Mean-max season comparison ------------------------------------------------

export type SeasonCompare = "90d" | "year" | "3y";
export const SEASON_COMPARES: SeasonCompare[] = ["90d", "year", "3y"];

/** A range of days and what it is (for its label). */
export type Season = { from: string; to: string; key: "last90" | "last90YearBefore" | "thisYear" | "lastYear" | "yearBefore" };

/**
 * The ranges a comparison shows, newest first: the last 90 days against the same
 * 90 days a year earlier; this year so far against last year; or the last three
 * calendar years (this one so far).
 */
export function seasonRanges(compare: SeasonCompare, today: Date = new Date()): Season[] {
  const t = day(today);
  switch (compare) {
    case "90d": {
      const from = addDays(t, -89);
      const yearAgo = (d: Date) => new Date(d.getFullYear() - 1, d.getMonth(), d.getDate());
      return [
        { from: todayIso(from), to: todayIso(t), key: "last90" },
        { from: todayIso(yearAgo(from)), to: todayIso(yearAgo(t)), key: "last90YearBefore" },
      ];
    }
    case "year":
    case "3y": {
      const y = t.getFullYear();
      const out: Season[] = [
        { from: `${y}-01-01`, to: todayIso(t), key: "thisYear" },
        { from: `${y - 1}-01-01`, to: `${y - 1}-12-31`, key: "lastYear" },
      ];
      if (compare === "3y") out.push({ from: `${y - 2}-01-01`, to: `${y - 2}-12-31`, key: "yearBefore" });
      return out;
    }
  }
}

/** Durations marked on the log axis of a mean-max curve. */
export const CURVE_TICKS_S = [1, 5, 15, 60, 300, 1200, 3600, 10800];

/** A compact duration for an axis or a column: "5s", "1min", "20min", "1h", "1h30". */
export function durationTick(s: number): string {
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const rest = Math.round(s - m * 60);
    return rest ? `${m}min${String(rest).padStart(2, "0")}` : `${m}min`;
  }
  const h = Math.floor(s / 3600);
  const m = Math.round((s - h * 3600) / 60);
  return m ? `${h}h${String(m).padStart(2, "0")}` : `${h}h`;
}

// --- Zone distribution ranges ----------------------------------------------------

export type ZoneRange = "28d" | "90d" | "year";
export const ZONE_RANGES: ZoneRange[] = ["28d", "90d", "year"];

/** The first day of a zone-distribution range (the last day is today). */
export function zoneRangeFrom(range: ZoneRange, today: Date = new Date()): string {
  switch (range) {
    case "28d":
      return todayIso(addDays(today, -27));
    case "90d":
      return todayIso(addDays(today, -89));
    case "year":
      return `${today.getFullYear()}-01-01`;
  }
}

// --- Paces in the athlete's units -----------------------------------------------

/** Seconds per km (or per mile in imperial units) of a speed; null when standing still. */
export function paceOfSpeed(mps: number, units: Units): number | null {
  if (!(mps > 0.05)) return null;
  return (units === "imperial" ? 1000 * KM_PER_MILE : 1000) / mps;
}

/** A pace given in s/km as text in the athlete's units: "4:22 /km" or "7:02 /mi". */
export function formatPacePerKm(sPerKm: number, t: TFunction, units: Units): string {
  return units === "imperial"
    ? t("units.pacePerMile", { pace: formatPace(sPerKm * KM_PER_MILE) })
    : t("units.pacePerKm", { pace: formatPace(sPerKm) });
}

/** A pace given in s/km as "m:ss" in the athlete's units (per km or per mile), without the unit. */
export function paceNumber(sPerKm: number, units: Units): string {
  return formatPace(units === "imperial" ? sPerKm * KM_PER_MILE : sPerKm);
}

/** A speed as a pace in the athlete's units: "4:06 /km", "—" when standing still. */
export function formatSpeedAsPace(mps: number, t: TFunction, units: Units): string {
  return mps > 0.05 ? formatPacePerKm(1000 / mps, t, units) : "—";
}

/** "/km" or "/mi". */
export function paceUnit(units: Units): string {
  return units === "imperial" ? "/mi" : "/km";
}

// --- Zone names ---------------------------------------------------------------------

/**
 * A zone name from the backend as the UI shows it: "below Z1" / "below E"
 * translated, Coggan's "Z4 Threshold" with its level name translated, Daniels'
 * letters with their meaning; anything else as sent.
 */
export function zoneName(name: string, t: TFunction): string {
  const below = /^below (.+)$/.exec(name);
  if (below) return t("zones.below", { zone: below[1] });
  const level = /^(Z\d+) (.+)$/.exec(name);
  if (level) {
    const slug = level[2].toLowerCase().replace(/[^a-z0-9]+/g, "_");
    return `${level[1]} ${t(`zones.levels.${slug}`, { defaultValue: level[2] })}`;
  }
  if (/^[EMTIR]$/.test(name)) return t(`zones.daniels.${name}`);
  return name;
}

/** Mantine colors of zones, easiest first. */
export const ZONE_COLORS = ["gray", "blue", "teal", "yellow", "orange", "red", "grape", "pink"];
