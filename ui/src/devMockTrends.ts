// Season views and fitness estimates of the dev mock backend (see devMock.ts):
// training status, volume, mean-max curves, time in zones, predictions,
// threshold estimates and the fitness-fatigue model, derived from the generated
// history of devMockActivities.ts and the mock profile. Roughly what the Rust
// commands compute (crates/tempo-api/src/metrics/trends.rs and fitness.rs), with
// modelled curves instead of decoded streams.
import { type MockMeasure, activityLoad, inForce, loadSeries, mockHistory } from "./devMockActivities";
import type {
  ActivitySummary,
  CurvePoint,
  FitnessModel,
  MeanMaxCurve,
  Predictions,
  SportVolume,
  ThresholdEstimate,
  TrainingStatus,
  VolumePeriod,
  ZoneDistribution,
} from "./lib/api";

type Any = Record<string, any>;
type Activity = ActivitySummary & { seed: number };
export type TrendsProfile = { measures: MockMeasure[]; current: Record<string, number | null> };

const DAY_MS = 86400000;

function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f + 0;
}

function iso(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

const today = () => iso(Date.now());
const addDays = (day: string, n: number) => iso(Date.parse(day) + n * DAY_MS);
const dayOf = (a: Activity) => a.start.slice(0, 10);

function invalid(field: string, message: string): never {
  throw { code: "invalid_input", message, field };
}

function checkRange(from: string, to: string) {
  if (from > to) invalid("from", "the start date is after the end date");
}

/** The activities between two days (inclusive), oldest first. */
function between(from: string, to: string): Activity[] {
  return mockHistory()
    .filter((a) => {
      const d = dayOf(a);
      return from <= d && d <= to;
    })
    .reverse();
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0;
}

/** Foster's monotony (mean ÷ SD of the 7 daily loads) and strain (weekly load × monotony). */
function foster(daily: number[]): { monotony: number | null; strain: number | null } {
  if (!daily.some((l) => l > 0)) return { monotony: null, strain: null };
  const m = mean(daily);
  const sd = Math.sqrt(mean(daily.map((l) => (l - m) ** 2)));
  if (sd === 0) return { monotony: null, strain: null };
  const monotony = m / sd;
  return { monotony: round(monotony, 2), strain: round(daily.reduce((s, x) => s + x, 0) * monotony, 0) };
}

function emptyVolume(sport: string): SportVolume {
  return { sport, activities: 0, moving_s: 0, distance_m: 0, ascent_m: 0, load: 0 };
}

function addTo(v: SportVolume, a: Activity, load: number) {
  v.activities += 1;
  v.moving_s = (v.moving_s ?? 0) + (a.totals.moving_s ?? a.totals.timer_s ?? 0);
  v.distance_m = (v.distance_m ?? 0) + (a.totals.distance_m ?? 0);
  v.ascent_m = (v.ascent_m ?? 0) + (a.totals.ascent_m ?? 0);
  v.load = (v.load ?? 0) + load;
}

// --- Training status and volume -------------------------------------------------------

function status(p: TrendsProfile): TrainingStatus {
  const t = today();
  const start28 = addDays(t, -27);
  const series = loadSeries(start28, t, p.measures);
  const daily = Array.from({ length: 28 }, () => 0);
  for (const d of series) {
    const i = Math.round((Date.parse(d.date) - Date.parse(start28)) / DAY_MS);
    if (i >= 0 && i < 28) daily[i] = d.load;
  }
  const last = series.at(-1);
  const week = daily.slice(21);
  const chronic = mean(daily);
  const f = foster(week);
  const total = emptyVolume("all");
  for (const a of between(addDays(t, -6), t)) addTo(total, a, activityLoad(a, p.measures) ?? 0);
  total.load = round(total.load ?? 0, 1);
  return {
    date: t,
    ctl: last?.ctl ?? 0,
    atl: last?.atl ?? 0,
    tsb: last?.tsb ?? 0,
    ramp_7d: last?.ramp_7d ?? null,
    acwr: chronic > 0 ? round(mean(week) / chronic, 2) : null,
    monotony: f.monotony,
    strain: f.strain,
    last_7_days: total,
  };
}

function periodStart(day: string, period: string): string {
  const d = new Date(Date.parse(day));
  if (period === "month") return `${day.slice(0, 7)}-01`;
  return addDays(day, -((d.getUTCDay() + 6) % 7));
}

function nextPeriod(start: string, period: string): string {
  if (period === "week") return addDays(start, 7);
  const [y, m] = start.split("-").map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
}

function volume(from: string | null, to: string | null, period: string, p: TrendsProfile): VolumePeriod[] {
  if (period !== "week" && period !== "month") invalid("period", `unknown period ${period}`);
  const end = to ?? today();
  const start =
    from ??
    (period === "week"
      ? addDays(end, -77)
      : (() => {
          const [y, m] = end.split("-").map(Number);
          const mm = m - 11;
          return mm > 0 ? `${y}-${String(mm).padStart(2, "0")}-01` : `${y - 1}-${String(mm + 12).padStart(2, "0")}-01`;
        })());
  checkRange(start, end);
  const first = periodStart(start, period);
  const lastEnd = addDays(nextPeriod(periodStart(end, period), period), -1);
  const out: VolumePeriod[] = [];
  const acts = between(first, lastEnd);
  for (let s = first; s <= lastEnd; s = nextPeriod(s, period)) {
    const e = addDays(nextPeriod(s, period), -1);
    const sports = new Map<string, SportVolume>();
    const daily = Array.from({ length: 7 }, () => 0);
    for (const a of acts) {
      const d = dayOf(a);
      if (d < s || d > e) continue;
      const load = activityLoad(a, p.measures) ?? 0;
      const v = sports.get(a.sport) ?? emptyVolume(a.sport);
      addTo(v, a, load);
      sports.set(a.sport, v);
      if (period === "week") daily[Math.round((Date.parse(d) - Date.parse(s)) / DAY_MS)] += load;
    }
    const bySport = [...sports.values()]
      .map((v) => ({ ...v, moving_s: round(v.moving_s ?? 0, 0), distance_m: round(v.distance_m ?? 0, 0), ascent_m: round(v.ascent_m ?? 0, 0), load: round(v.load ?? 0, 1) }))
      .sort((x, y) => (y.moving_s ?? 0) - (x.moving_s ?? 0));
    const f = period === "week" ? foster(daily) : { monotony: null, strain: null };
    out.push({
      start: s,
      end: e,
      activities: bySport.reduce((n, v) => n + v.activities, 0),
      moving_s: bySport.reduce((n, v) => n + (v.moving_s ?? 0), 0),
      distance_m: bySport.reduce((n, v) => n + (v.distance_m ?? 0), 0),
      load: round(bySport.reduce((n, v) => n + (v.load ?? 0), 0), 1),
      by_sport: bySport,
      monotony: f.monotony,
      strain: f.strain,
    });
  }
  return out;
}

// --- Mean-max curves ------------------------------------------------------------------

const CURVE_DURATIONS = [1, 2, 3, 5, 8, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 360, 420, 600, 900, 1200, 1800, 2400, 3600, 5400, 7200, 10800, 14400, 21600];

/** How fit the athlete was in a range: a little less each year back, with a seasonal wobble. */
function fitnessIn(to: string): number {
  const years = (Date.now() - Date.parse(to)) / (365.25 * DAY_MS);
  return 1 - 0.06 * Math.max(0, years) + 0.025 * Math.sin(Date.parse(to) / (DAY_MS * 58));
}

/** Power (W) over a duration: CP + W′ / (t + 20) up to 30 min, then a slow decline. */
function modelPower(t: number, cp: number): number {
  return t <= 1800 ? cp + 20000 / (t + 20) : (cp + 20000 / 1820) * (1 - 0.07 * Math.log(t / 1800));
}

/** Running speed (m/s) over a duration: CS + D′ / (t + 45), then a slow decline. */
function modelSpeed(t: number, cs: number): number {
  return t <= 1800 ? cs + 190 / (t + 45) : (cs + 190 / 1845) * (1 - 0.06 * Math.log(t / 1800));
}

function curves(kind: string, ranges: { from: string; to: string }[], p: TrendsProfile): MeanMaxCurve[] {
  if (kind !== "power" && kind !== "pace") invalid("kind", `unknown curve ${kind}`);
  if (!Array.isArray(ranges) || ranges.length === 0 || ranges.length > 8) invalid("ranges", "give between 1 and 8 date ranges");
  const ftp = p.current.ftp_w ?? 240;
  const tp = p.current.threshold_pace_s_per_km ?? 265;
  return ranges.map((r) => {
    checkRange(r.from, r.to);
    const acts = between(r.from, r.to).filter((a) =>
      kind === "power" ? a.totals.avg_power_w !== null : a.sport === "running" && a.totals.avg_speed_mps !== null,
    );
    if (acts.length === 0) return { from: r.from, to: r.to, points: [] };
    const longest = Math.max(...acts.map((a) => a.totals.moving_s ?? a.totals.elapsed_s ?? 0));
    const f = fitnessIn(r.to);
    const points: CurvePoint[] = CURVE_DURATIONS.filter((d) => d <= longest).map((d, i) => {
      const a = acts[(acts[0].seed + i * 7919) % acts.length];
      const value = kind === "power" ? round(modelPower(d, ftp * 1.02 * f), 1) : round(modelSpeed(d, (1000 / tp) * 1.03 * f), 3);
      return { duration_s: d, value, activity_id: a.id, date: dayOf(a) };
    });
    return { from: r.from, to: r.to, points };
  });
}

// --- Time in zones ----------------------------------------------------------------------

const HR_FRIEL = ["Z1", "Z2", "Z3", "Z4", "Z5a", "Z5b", "Z5c"];
const HR_PCT = ["below Z1", "Z1", "Z2", "Z3", "Z4", "Z5"];
const COGGAN = ["Z1 Active recovery", "Z2 Endurance", "Z3 Tempo", "Z4 Threshold", "Z5 VO2max", "Z6 Anaerobic", "Z7 Neuromuscular"];
const DANIELS = ["below E", "E", "M", "T", "I", "R"];
// Shares of an activity's time by zone: mostly easy, some threshold, a little above.
const SHARES: Record<string, number[]> = {
  friel_lthr: [0.22, 0.45, 0.17, 0.1, 0.04, 0.015, 0.005],
  percent_hrmax: [0.05, 0.2, 0.42, 0.2, 0.1, 0.03],
  coggan: [0.18, 0.38, 0.2, 0.13, 0.07, 0.03, 0.01],
  daniels: [0.08, 0.62, 0.13, 0.11, 0.05, 0.01],
};

function zones(from: string | null, to: string | null, p: TrendsProfile): ZoneDistribution[] {
  const end = to ?? today();
  const start = from ?? addDays(end, -27);
  checkRange(start, end);
  const out = new Map<string, ZoneDistribution>();
  const add = (kind: string, model: string, names: string[], a: Activity) => {
    const key = `${kind}/${model}`;
    const d = out.get(key) ?? { kind, model, activities: 0, zones: names.map((name) => ({ name, seconds: 0 })) };
    const secs = a.totals.moving_s ?? a.totals.elapsed_s ?? 0;
    const wobble = ((a.seed % 100) / 100 - 0.5) * 0.3;
    d.activities += 1;
    SHARES[model].forEach((share, i) => {
      d.zones[i].seconds += Math.round(secs * share * (1 + (i === 1 ? wobble : -wobble / 3)));
    });
    out.set(key, d);
  };
  for (const a of between(start, end)) {
    const th = inForce(p.measures, dayOf(a));
    if (a.totals.avg_hr !== null) {
      if (th.lthr) add("heart", "friel_lthr", HR_FRIEL, a);
      else if (th.max_hr) add("heart", "percent_hrmax", HR_PCT, a);
    }
    if (a.totals.avg_power_w !== null && th.ftp_w) add("power", "coggan", COGGAN, a);
    if (a.sport === "running" && th.threshold_pace_s_per_km) add("pace", "daniels", DANIELS, a);
  }
  return [...out.values()].filter((d) => d.zones.some((z) => z.seconds > 0));
}

// --- VDOT, predictions, paces, critical power and speed --------------------------------

/** Daniels–Gilbert: VO2 (ml/kg/min) at a speed (m/min). */
const vo2 = (v: number) => -4.6 + 0.182258 * v + 0.000104 * v * v;
/** Daniels–Gilbert: the fraction of VO2max held for `t` minutes. */
const fraction = (t: number) => 0.8 + 0.1894393 * Math.exp(-0.012778 * t) + 0.2989558 * Math.exp(-0.1932605 * t);
const vdotOf = (d: number, s: number) => vo2(d / (s / 60)) / fraction(s / 60);

/** The time at which `d` metres give `vdot` (bisection: the VDOT of a distance falls with time). */
function timeFor(d: number, vdot: number): number {
  let lo = d / 10;
  let hi = d / 1;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (vdotOf(d, mid) > vdot) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The speed (m/s) at which VO2 is `f` of VDOT. */
function speedAt(vdot: number, f: number): number {
  const target = vdot * f;
  const a = 0.000104;
  const b = 0.182258;
  const c = -4.6 - target;
  return (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a) / 60;
}

/** The best recent run by VDOT: a stretch of the run at its average pace. */
function bestRun(from: string, to: string): { a: Activity; vdot: number; distance: number; time: number } | null {
  let best: { a: Activity; vdot: number; distance: number; time: number } | null = null;
  for (const a of between(from, to)) {
    if (a.sport !== "running" || !a.totals.distance_m || !a.totals.moving_s || a.totals.distance_m < 1500) continue;
    const distance = a.totals.distance_m >= 10000 ? 10000 : a.totals.distance_m >= 5000 ? 5000 : 1609.344;
    const time = (distance / a.totals.distance_m) * a.totals.moving_s * 0.99;
    const v = vdotOf(distance, time);
    if (!best || v > best.vdot) best = { a, vdot: v, distance, time };
  }
  return best;
}

const RACES: [string, number][] = [
  ["5 km", 5000],
  ["10 km", 10000],
  ["Half marathon", 21097.5],
  ["Marathon", 42195],
];

function predictions(p: TrendsProfile): Predictions {
  const to = today();
  const from = addDays(to, -89);
  const notes: string[] = [];
  const best = bestRun(from, to);
  if (!best) notes.push(`no run of 1500 m or more since ${from}: no VDOT, predictions or paces`);
  const recent = between(from, to);
  const runs = recent.filter((a) => a.sport === "running").length;
  const rides = recent.filter((a) => a.totals.avg_power_w !== null).length;
  if (runs < 3) notes.push(`no 2–20 min running efforts since ${from} to fit a critical speed`);
  if (rides < 3) notes.push(`no 2–20 min power efforts since ${from} to fit a critical power`);
  const vdot = best?.vdot ?? null;
  const ftp = p.current.ftp_w ?? 240;
  const tp = p.current.threshold_pace_s_per_km ?? 265;
  return {
    from,
    to,
    vdot: vdot === null ? null : round(vdot, 1),
    vdot_effort: best ? { activity_id: best.a.id, date: dayOf(best.a), distance_m: best.distance, time_s: round(best.time, 1) } : null,
    races: best
      ? RACES.map(([name, d]) => ({
          name,
          distance_m: d,
          vdot_time_s: round(timeFor(d, best.vdot), 0),
          riegel_time_s: round(best.time * (d / best.distance) ** 1.06, 0),
        }))
      : [],
    paces:
      vdot === null
        ? null
        : {
            easy_slow_s_per_km: round(1000 / speedAt(vdot, 0.59), 1),
            easy_fast_s_per_km: round(1000 / speedAt(vdot, 0.74), 1),
            marathon_s_per_km: round(timeFor(42195, vdot) / 42.195, 1),
            threshold_s_per_km: round(1000 / speedAt(vdot, 0.88), 1),
            interval_s_per_km: round(1000 / speedAt(vdot, 0.975), 1),
            repetition_s_per_km: round(1000 / speedAt(vdot, 0.975) - 7.5, 1),
          },
    critical_speed:
      runs < 3 ? null : { critical: round((1000 / tp) * 1.03 * fitnessIn(to), 3), capacity: 196.5, critical_se: 0.038, capacity_se: 21.4, r_squared: 0.9958, points: 6 },
    critical_power:
      rides < 3 ? null : { critical: round(ftp * 1.02 * fitnessIn(to), 1), capacity: 19850, critical_se: 4.2, capacity_se: 1380, r_squared: 0.9893, points: 6 },
    notes,
  };
}

// --- Threshold estimates ----------------------------------------------------------------

/**
 * Fixed suggestions (so accepting one makes it disappear), each from a recent
 * activity of its window: a year for the max HR, 90 days for the others.
 */
const SUGGESTED: { measure: string; value: number; method: string; window_days: number; basis: string; sport: string | null }[] = [
  { measure: "max_hr", value: 193, method: "max_hr_5s", window_days: 365, basis: "highest 5-second heart rate in the last 365 days", sport: "running" },
  { measure: "ftp_w", value: 262, method: "eftp_20min", window_days: 90, basis: "95 % of the best 20-minute power in the last 90 days", sport: "cycling" },
  { measure: "lthr", value: 173, method: "friel_lthr", window_days: 90, basis: "average of the last 20 min of the hardest 30 min in the last 90 days (Friel)", sport: "running" },
  {
    measure: "threshold_pace_s_per_km",
    value: 255,
    method: "critical_speed",
    window_days: 90,
    basis: "critical speed fitted to the best 2–20 min efforts of the last 90 days",
    sport: null,
  },
  { measure: "vma_kmh", value: 17.1, method: "best_6min_speed", window_days: 90, basis: "best 6-minute speed in the last 90 days (the demi-Cooper test)", sport: "running" },
];

function estimates(p: TrendsProfile): ThresholdEstimate[] {
  const to = today();
  if (between(addDays(to, -89), to).length === 0) return [];
  return SUGGESTED.flatMap((s) => {
    const current = p.current[s.measure] ?? null;
    if (current === s.value) return [];
    // A max HR is offered only above the one in force (an observed maximum is a lower bound).
    if (s.measure === "max_hr" && current !== null && current >= s.value) return [];
    const recent = between(addDays(to, -(s.window_days - 1)), to).reverse();
    const a = s.sport ? recent.find((x) => x.sport === s.sport) : undefined;
    if (s.sport && !a) return [];
    return [
      {
        measure: s.measure as ThresholdEstimate["measure"],
        value: s.value,
        current,
        method: s.method,
        window_days: s.window_days,
        basis: s.basis,
        activity_id: a?.id ?? null,
        date: a ? dayOf(a) : to,
      },
    ];
  });
}

// --- Fitness-fatigue model ------------------------------------------------------------

function model(): FitnessModel {
  const runs = mockHistory()
    .filter((a) => a.sport === "running" && (a.totals.distance_m ?? 0) >= 5000)
    .slice(0, 400)
    .reverse();
  const hard = runs.filter((_, i) => i % 9 === 0).slice(-14);
  if (hard.length < 5)
    return { performance: "vdot", points: [], fits: [], notes: [`${hard.length} hard runs so far: the model needs 5`] };
  const points = hard.map((a, i) => {
    const value = round(46.5 + 2.2 * Math.sin(i / 3) + i * 0.12, 2);
    return { date: dayOf(a), value, activity_id: a.id, predicted: round(value + 0.35 * Math.cos(i * 1.7), 2) };
  });
  const at = (i: number) => points[Math.min(points.length - 1, i)].date;
  const n = points.length;
  return {
    performance: "vdot",
    points,
    fits: [
      { version: 1, fitted_at: `${at(n - 7)}T21:00:00Z`, through: at(n - 7), points: n - 6, p0: 44.8, k1: 0.0213, k2: 0.0447, tau1: 39.6, tau2: 8.8, rmse: 0.47, later_points: 6, later_rmse: 0.52 },
      { version: 2, fitted_at: `${at(n - 4)}T21:00:00Z`, through: at(n - 4), points: n - 3, p0: 45.1, k1: 0.0198, k2: 0.0402, tau1: 42.3, tau2: 7.6, rmse: 0.38, later_points: 3, later_rmse: 0.41 },
      { version: 3, fitted_at: `${at(n - 3)}T21:00:00Z`, through: at(n - 3), points: n - 2, p0: 45.3, k1: 0.0191, k2: 0.0388, tau1: 43.1, tau2: 7.2, rmse: 0.34, later_points: 2, later_rmse: 0.61 },
    ],
    notes: [],
  };
}

export function trendsMock(cmd: string, a: Any, p: TrendsProfile): unknown {
  switch (cmd) {
    case "training_status":
      return status(p);
    case "training_volume":
      return volume(a.from ?? null, a.to ?? null, a.period, p);
    case "mean_max_curves":
      return curves(a.kind, a.ranges, p);
    case "zone_distribution":
      return zones(a.from ?? null, a.to ?? null, p);
    case "fitness_predictions":
      return predictions(p);
    case "threshold_estimates":
      return estimates(p);
    case "fitness_model":
      return model();
    default:
      return undefined;
  }
}
