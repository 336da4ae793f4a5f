// Display helpers for activities: units, paces, durations and local start times.
import type { Units } from "../../bindings";
import { KM_PER_MILE, formatPace } from "../pace";

/** The sport keys of the backend (`Sport::key`), in menu order. */
export const SPORTS = [
  "running",
  "cycling",
  "swimming",
  "walking",
  "hiking",
  "rowing",
  "cross_country_skiing",
  "strength",
  "transition",
  "other",
] as const;
export type SportKey = (typeof SPORTS)[number];

export function isSport(s: string): s is SportKey {
  return (SPORTS as readonly string[]).includes(s);
}

/**
 * How a sport's speed reads: a pace per km (or mile) on foot, per 100 m in the
 * water, per 500 m on the water (rowing), otherwise a speed.
 */
export type SpeedKind = "pace" | "pace100" | "pace500" | "speed";

export function speedKind(sport: string): SpeedKind {
  switch (sport) {
    case "running":
    case "walking":
    case "hiking":
      return "pace";
    case "swimming":
      return "pace100";
    case "rowing":
      return "pace500";
    default:
      return "speed";
  }
}

/** Seconds per unit distance for a speed, or null when standing still (it would be endless). */
export function paceSeconds(mps: number, per_m: number): number | null {
  if (!(mps > 0.05)) return null;
  return per_m / mps;
}

const FEET_PER_M = 3.280839895;

// Building an Intl formatter costs far more than using one: a list of 10,000 rows
// formats thousands of figures while scrolling, so formatters are kept by options.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(locale: string, minDigits: number, maxDigits: number): Intl.NumberFormat {
  const key = `${locale}|${minDigits}|${maxDigits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { minimumFractionDigits: minDigits, maximumFractionDigits: maxDigits });
    numberFormats.set(key, f);
  }
  return f;
}

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(key, f);
  }
  return f;
}

/** A number with at most `maxDigits` decimals (a cached `formatNumber`). */
export function fmtNum(value: number, locale: string, maxDigits = 1): string {
  return numberFormat(locale, 0, maxDigits).format(value);
}

/** Distance in km (mi), 2 decimals below 100, 1 below 1000, none above. */
export function formatDistance(m: number, locale: string, units: Units = "metric"): string {
  const v = units === "imperial" ? m / 1000 / KM_PER_MILE : m / 1000;
  const digits = v < 100 ? 2 : v < 1000 ? 1 : 0;
  const num = numberFormat(locale, digits, digits).format(v);
  return `${num} ${units === "imperial" ? "mi" : "km"}`;
}

/** Elevation in m (ft). */
export function formatElevation(m: number, locale: string, units: Units = "metric"): string {
  return units === "imperial"
    ? `${fmtNum(m * FEET_PER_M, locale, 0)} ft`
    : `${fmtNum(m, locale, 0)} m`;
}

/** A duration as "h:mm:ss" (or "m:ss" under an hour). */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** A long total as "1,523 h 07" (hours and minutes). */
export function formatHours(seconds: number, locale = "en"): string {
  const total = Math.max(0, Math.round(seconds / 60));
  const h = Math.floor(total / 60);
  const m = total % 60;
  return `${fmtNum(h, locale, 0)} h ${String(m).padStart(2, "0")}`;
}

/** A speed as the sport reads it: "4:59 /km", "1:52 /100 m", "2:05 /500 m" or "28.4 km/h". */
export function formatSpeed(mps: number, sport: string, locale: string, units: Units = "metric"): string {
  const imperial = units === "imperial";
  switch (speedKind(sport)) {
    case "pace": {
      const p = paceSeconds(mps, imperial ? 1000 * KM_PER_MILE : 1000);
      return p === null ? "—" : `${formatPace(p)} ${imperial ? "/mi" : "/km"}`;
    }
    case "pace100": {
      const p = paceSeconds(mps, 100);
      return p === null ? "—" : `${formatPace(p)} /100 m`;
    }
    case "pace500": {
      const p = paceSeconds(mps, 500);
      return p === null ? "—" : `${formatPace(p)} /500 m`;
    }
    default:
      return imperial
        ? `${fmtNum((mps * 3.6) / KM_PER_MILE, locale)} mph`
        : `${fmtNum(mps * 3.6, locale)} km/h`;
  }
}

/**
 * The instant to show and the zone to show it in: the activity's own local time
 * when the file gave its UTC offset (shifted, then read as UTC), else the
 * computer's zone.
 */
export function localStart(start: string, utcOffsetS: number | null): { date: Date; timeZone: string | undefined } {
  const t = Date.parse(start);
  if (utcOffsetS === null || utcOffsetS === undefined) return { date: new Date(t), timeZone: undefined };
  return { date: new Date(t + utcOffsetS * 1000), timeZone: "UTC" };
}

/** "Sun, Mar 1, 2026, 08:00 AM" in the activity's local time. */
export function formatStart(start: string, utcOffsetS: number | null, locale: string, withWeekday = true): string {
  const { date, timeZone } = localStart(start, utcOffsetS);
  return dateFormat(locale, {
    weekday: withWeekday ? "short" : undefined,
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  }).format(date);
}

/** For the list's two-line date cell: "Mar 1, 2026" and "08:00 AM", in the activity's local time. */
export function formatListDate(start: string, utcOffsetS: number | null, locale: string): { day: string; time: string } {
  const { date, timeZone } = localStart(start, utcOffsetS);
  return {
    day: dateFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone }).format(date),
    time: dateFormat(locale, { weekday: "short", hour: "2-digit", minute: "2-digit", timeZone }).format(date),
  };
}

/** "Mar 1, 2026" in the activity's local time. */
export function formatStartDay(start: string, utcOffsetS: number | null, locale: string): string {
  const { date, timeZone } = localStart(start, utcOffsetS);
  return dateFormat(locale, { year: "numeric", month: "long", day: "numeric", timeZone }).format(date);
}
