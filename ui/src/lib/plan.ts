// Pure helpers of the plan page: calendar grids, workout colours, step
// targets as text, and the structured workout flattened for its chart.
import type { TFunction } from "i18next";
import type { Step, StepDuration, StepIntensity, Target, Units, Workout, WorkoutKind } from "../bindings";
import type { PlanThresholds, PlanView, PlannedWorkout } from "./api";
import { fmtNum } from "./activities/format";
import { addDaysIso, mondayOf } from "./goalForm";
import { KM_PER_MILE, formatPace } from "./pace";
import { speedAtFraction } from "./vdot";

export const WORKOUT_KINDS: WorkoutKind[] = [
  "easy",
  "recovery",
  "long",
  "long_progression",
  "strides",
  "hills",
  "threshold",
  "intervals",
  "race_pace",
  "race",
  "cross_training",
];

/** The Mantine colour of a kind of session (easy greens, quality warm colours). */
export function kindColor(kind: string): string {
  switch (kind) {
    case "easy":
      return "teal";
    case "recovery":
      return "gray";
    case "long":
      return "blue";
    case "long_progression":
      return "indigo";
    case "strides":
      return "cyan";
    case "hills":
      return "lime";
    case "threshold":
      return "orange";
    case "intervals":
      return "red";
    case "race_pace":
      return "grape";
    case "race":
      return "pink";
    case "cross_training":
      return "violet";
    default:
      return "gray";
  }
}

export const WORKOUT_STATUSES = ["planned", "completed", "partial", "missed", "skipped"] as const;
export type WorkoutStatus = (typeof WORKOUT_STATUSES)[number];

export function statusColor(status: string): string {
  switch (status) {
    case "completed":
      return "teal";
    case "partial":
      return "yellow";
    case "missed":
      return "red";
    case "skipped":
      return "gray";
    default:
      return "blue";
  }
}

export const PHASE_COLORS: Record<string, string> = { base: "teal", build: "blue", peak: "orange", taper: "grape" };

export const INTENSITY_COLORS: Record<StepIntensity, string> = {
  warmup: "#74c0fc",
  active: "#fd7e14",
  recovery: "#69db7c",
  rest: "#adb5bd",
  cooldown: "#9775fa",
};

// --- Calendar ---------------------------------------------------------------------------

export type CalendarView = "month" | "week";

/** The seven days of the week starting on `monday`. */
export function weekDays(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDaysIso(monday, i));
}

/** The first day of the month of `iso`. */
export function monthStart(iso: string): string {
  return `${iso.slice(0, 7)}-01`;
}

/** The month of `iso` moved by `n` months (first day). */
export function addMonths(iso: string, n: number): string {
  const [y, m] = iso.split("-").map(Number);
  const total = y * 12 + (m - 1) + n;
  const yy = Math.floor(total / 12);
  const mm = (total % 12) + 1;
  return `${String(yy).padStart(4, "0")}-${String(mm).padStart(2, "0")}-01`;
}

/** The weeks (Monday first) that show the month of `iso`: 4 to 6 rows of 7 days. */
export function monthGrid(iso: string): string[][] {
  const first = monthStart(iso);
  const next = addMonths(first, 1);
  const rows: string[][] = [];
  for (let monday = mondayOf(first); monday < next; monday = addDaysIso(monday, 7)) rows.push(weekDays(monday));
  return rows;
}

/** The first and last day of a plan (Monday of the first week, Sunday of the last). */
export function planRange(plan: Pick<PlanView, "weeks">): { first: string; last: string } | null {
  if (plan.weeks.length === 0) return null;
  const starts = plan.weeks.map((w) => w.start).sort();
  return { first: starts[0], last: addDaysIso(starts[starts.length - 1], 6) };
}

/**
 * Where the calendar opens: today when the plan runs, else its last day, or
 * for a plan still to come the end of its first week (so that the month shown
 * is the one the plan starts in, not the one whose last day it begins on).
 */
export function initialCalendarDay(plan: Pick<PlanView, "weeks">, today: string): string {
  const r = planRange(plan);
  if (!r) return today;
  if (today < r.first) return addDaysIso(r.first, 6) < r.last ? addDaysIso(r.first, 6) : r.last;
  if (today > r.last) return r.last;
  return today;
}

/** The workouts by date. */
export function workoutsByDate(workouts: PlannedWorkout[]): Map<string, PlannedWorkout[]> {
  const out = new Map<string, PlannedWorkout[]>();
  for (const w of workouts) {
    const list = out.get(w.workout.date) ?? [];
    list.push(w);
    out.set(w.workout.date, list);
  }
  return out;
}

// --- Steps as text ---------------------------------------------------------------------

/** A pace range from speeds (slower bound first): "5:10–4:50 /km". */
function paceRange(low: number | null, high: number | null, t: TFunction, units: Units): string {
  const perUnit = units === "imperial" ? 1000 * KM_PER_MILE : 1000;
  const pace = (mps: number | null) => (mps !== null && mps > 0.05 ? formatPace(perUnit / mps) : null);
  const a = pace(low);
  const b = pace(high);
  const key = units === "imperial" ? "units.pacePerMile" : "units.pacePerKm";
  if (a && b && a !== b) return t(key, { pace: `${a}–${b}` });
  const one = a ?? b;
  return one ? t(key, { pace: one }) : "";
}

function range(low: number | null, high: number | null, locale: string): string | null {
  const l = low !== null && Number.isFinite(low) ? fmtNum(low, locale, 0) : null;
  const h = high !== null && Number.isFinite(high) ? fmtNum(high, locale, 0) : null;
  if (l && h && l !== h) return `${l}–${h}`;
  return l ?? h;
}

/** A step's target as text: "5:10–4:50 /km", "150–160 bpm", "200–220 W", "RPE 4"; "" for none. */
export function formatTarget(target: Target, t: TFunction, locale: string, units: Units = "metric"): string {
  switch (target.type) {
    case "pace":
      return paceRange(target.low_mps, target.high_mps, t, units);
    case "heart_rate": {
      const r = range(target.low_bpm, target.high_bpm, locale);
      return r ? t("units.bpm", { value: r }) : "";
    }
    case "power": {
      const r = range(target.low_w, target.high_w, locale);
      return r ? t("units.watts", { value: r }) : "";
    }
    case "effort":
      return target.rpe !== null ? t("plan.step.rpe", { value: fmtNum(target.rpe, locale, 1) }) : "";
    default:
      return "";
  }
}

/** A step's length as text: "10 min", "1:30 min", "45 s", "400 m", "2 km" (mi in imperial), "until lap". */
export function formatStepDuration(d: StepDuration, t: TFunction, locale: string, units: Units = "metric"): string {
  switch (d.type) {
    case "seconds": {
      const s = Math.round(d.value);
      if (s < 60) return t("plan.step.seconds", { value: s });
      if (s % 60 === 0) return t("plan.step.minutes", { value: fmtNum(s / 60, locale, 0) });
      return t("plan.step.minutes", { value: `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}` });
    }
    case "meters": {
      if (units === "imperial" && d.value >= 1000) return `${fmtNum(d.value / 1000 / KM_PER_MILE, locale, 2)} mi`;
      if (d.value >= 1000) return `${fmtNum(d.value / 1000, locale, 2)} km`;
      return `${fmtNum(d.value, locale, 0)} m`;
    }
    default:
      return t("plan.step.open");
  }
}

// --- The structured workout flattened ---------------------------------------------------

export type SingleStep = Extract<Step, { type: "single" }>;

/** A single step as run, with its place in a repeat block (1-based), if any. */
export type FlatStep = { step: SingleStep; rep: number | null; of: number | null };

/** The steps as run: each repeat block unrolled `count` times (nested blocks too). */
export function flattenSteps(steps: Step[]): FlatStep[] {
  const out: FlatStep[] = [];
  for (const s of steps) {
    if (s.type === "single") out.push({ step: s, rep: null, of: null });
    else
      for (let i = 1; i <= s.count; i++)
        for (const inner of flattenSteps(s.steps)) out.push({ ...inner, rep: inner.rep ?? i, of: inner.of ?? s.count });
  }
  return out;
}

/** One bar of the workout chart: where it starts and how long it lasts (seconds), how hard. */
export type Segment = {
  start: number;
  length: number;
  /** Intensity as % of threshold (pace, heart rate or power), or an estimate from the step's kind. */
  percent: number;
  intensity: StepIntensity;
  label: string;
  rep: number | null;
};

/** When a step has no target to read: how hard its kind usually is, % of threshold. */
const DEFAULT_PERCENT: Record<StepIntensity, number> = { warmup: 70, active: 85, recovery: 60, rest: 40, cooldown: 65 };
/** An open step (until lap) is drawn as this many seconds. */
const OPEN_STEP_S = 300;

/** Threshold references: speed (m/s), heart rate (bpm) and power (W), each when known. */
export type References = { speed: number | null; hr: number | null; power: number | null };

/** The references of a plan: threshold pace (or Daniels' T pace, 88 % of VDOT), LTHR (or 90 % of max HR), FTP. */
export function planReferences(thresholds: PlanThresholds | null | undefined, vdot: number | null | undefined): References {
  const pace = thresholds?.threshold_pace_s_per_km;
  const speed = pace && pace > 0 ? 1000 / pace : vdot ? speedAtFraction(vdot, 0.88) : null;
  const hr = thresholds?.lthr ?? (thresholds?.max_hr ? thresholds.max_hr * 0.9 : null);
  return { speed, hr: hr ?? null, power: thresholds?.ftp_w ?? null };
}

const mid = (a: number | null, b: number | null) => (a !== null && b !== null ? (a + b) / 2 : (a ?? b));

/** A step's target speed (m/s), when it has a pace target. */
function targetSpeed(target: Target): number | null {
  return target.type === "pace" ? mid(target.low_mps, target.high_mps) : null;
}

function percentOf(step: SingleStep, refs: References): number {
  const tg = step.target;
  const pct = (value: number | null, ref: number | null) => (value !== null && ref ? (value / ref) * 100 : null);
  let p: number | null = null;
  if (tg.type === "pace") p = pct(targetSpeed(tg), refs.speed);
  else if (tg.type === "heart_rate") p = pct(mid(tg.low_bpm, tg.high_bpm), refs.hr);
  else if (tg.type === "power") p = pct(mid(tg.low_w, tg.high_w), refs.power);
  // CR10 effort: 2 (easy) ≈ 67 %, 7 (threshold) ≈ 97 %, 9 ≈ 109 %.
  else if (tg.type === "effort" && tg.rpe !== null) p = 55 + 6 * tg.rpe;
  return p !== null && Number.isFinite(p) ? p : DEFAULT_PERCENT[step.intensity];
}

/**
 * The workout as chart bars along time: repeats unrolled, a distance step timed
 * at its target pace (else the workout's average speed), an open step drawn
 * short. When no pace reference is known, the fastest pace target is 100 %.
 */
export function workoutSegments(
  workout: { steps: Step[]; est_distance_m: number; est_duration_s: number },
  refs: References,
): Segment[] {
  const flat = flattenSteps(workout.steps);
  const avg = workout.est_duration_s > 0 && workout.est_distance_m > 0 ? workout.est_distance_m / workout.est_duration_s : 3;
  let speedRef = refs.speed;
  if (!speedRef) {
    const speeds = flat.map((f) => targetSpeed(f.step.target)).filter((v): v is number => v !== null && v > 0);
    speedRef = speeds.length ? Math.max(...speeds) : null;
  }
  const r = { ...refs, speed: speedRef };
  let at = 0;
  return flat.map(({ step, rep }) => {
    const d = step.duration;
    const length =
      d.type === "seconds" ? d.value : d.type === "meters" ? d.value / (targetSpeed(step.target) || avg) : OPEN_STEP_S;
    const seg: Segment = { start: at, length, percent: percentOf(step, r), intensity: step.intensity, label: step.label, rep };
    at += length;
    return seg;
  });
}

/** The total of a step list in seconds when all steps are timed (repeats counted). */
export function stepsSeconds(steps: Step[]): number | null {
  let total = 0;
  for (const { step } of flattenSteps(steps)) {
    if (step.duration.type !== "seconds") return null;
    total += step.duration.value;
  }
  return total;
}

/**
 * The session to do next: the first one still planned on or after today, in
 * plan order. One done or skipped today does not count; a missed one from the
 * past is behind the athlete, not next.
 */
export function nextSession(workouts: PlannedWorkout[], today: string): PlannedWorkout | null {
  let next: PlannedWorkout | null = null;
  for (const w of workouts) {
    if (w.status !== "planned" || w.workout.date < today) continue;
    if (next === null || w.workout.date < next.workout.date) next = w;
  }
  return next;
}

/** A YYYY-MM-DD day in the UI language ("Mon 16 Mar" style options), read in UTC so no zone shifts it. */
export function formatDay(iso: string, locale: string, opts: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", year: "numeric" }): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { ...opts, timeZone: "UTC" }).format(d);
}

/** A session's length: "45 min", "1 h 30". */
export function formatSessionTime(seconds: number): string {
  const min = Math.max(0, Math.round(seconds / 60));
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, "0")}`;
}

/** A distance in km (mi) with one decimal: "8.5 km". */
export function formatKm(meters: number, locale: string, units: Units = "metric"): string {
  const v = units === "imperial" ? meters / 1000 / KM_PER_MILE : meters / 1000;
  return `${fmtNum(v, locale, 1)} ${units === "imperial" ? "mi" : "km"}`;
}

/** The sections of the knowledge page `plan-generation-rules`, by rule id (for links into it). */
export const RULE_HEADINGS: Record<string, string> = {
  "rule-1": "Rule 1: phases sized to the weeks available",
  "rule-2": "Rule 2: weekly volume increases are bounded",
  "rule-3": "Rule 3: a recovery week every 3 to 4 weeks",
  "rule-4": "Rule 4: about 80% of running time is easy",
  "rule-5": "Rule 5: 1 to 2 quality sessions a week (2 to 3 for experienced runners)",
  "rule-6": "Rule 6: the long run is capped",
  "rule-7": "Rule 7: taper length depends on race distance",
  "rule-8": "Rule 8: paces come from VDOT",
  "rule-9": "Rule 9: at least one rest day a week",
};

export const RULES_PAGE_ID = "plan-generation-rules";

/** The link to a rule's section of the knowledge page. */
export function ruleHref(rule: string): string {
  const heading = RULE_HEADINGS[rule];
  const search = heading ? `?section=${encodeURIComponent(heading)}` : "";
  return `/knowledge/${RULES_PAGE_ID}${search}`;
}

/** "rule-3" → 3 (null when the id has no number). */
export function ruleNumber(rule: string): number | null {
  const m = /(\d+)$/.exec(rule);
  return m ? Number(m[1]) : null;
}

/** The first letter in upper case ("novembre 2026" → "Novembre 2026"), the rest as written. */
export function capitalize(s: string, locale?: string): string {
  return s ? s.charAt(0).toLocaleUpperCase(locale) + s.slice(1) : s;
}

/**
 * Share of the original estimated load kept when a session is replaced by an
 * easy run of the same duration: easy running scores well below threshold
 * work (about 60 % of the load, a rough rTSS ratio), so the estimate is scaled
 * rather than recomputed here; the backend keeps whatever it is given.
 */
export const EASY_LOAD_SHARE = 0.6;

/** The first pace or heart-rate target of a warm-up or cool-down step (repeats searched too). */
export function easyTarget(steps: Step[]): Target | null {
  for (const s of steps) {
    if (s.type === "repeat") {
      const inner = easyTarget(s.steps);
      if (inner) return inner;
    } else if ((s.intensity === "warmup" || s.intensity === "cooldown") && (s.target.type === "pace" || s.target.type === "heart_rate")) {
      return s.target;
    }
  }
  return null;
}

/**
 * The session replaced by an easy run: same date and duration, one single
 * active step at the original's easy target (or none), the distance kept and
 * the load scaled by EASY_LOAD_SHARE. Titles are stored English text.
 */
export function easyReplacement(w: Workout): Workout {
  const min = Math.max(1, Math.round(w.est_duration_s / 60));
  return {
    date: w.date,
    kind: "easy",
    title: `Easy run ${min} min`,
    purpose: "An easy run in place of the planned session: aerobic time on feet, conversational effort.",
    steps: [
      {
        type: "single",
        intensity: "active",
        duration: { type: "seconds", value: w.est_duration_s },
        target: easyTarget(w.steps) ?? { type: "none" },
        label: `${min} min easy`,
      },
    ],
    est_duration_s: w.est_duration_s,
    est_distance_m: w.est_distance_m,
    est_load: w.est_load == null ? null : Math.round(w.est_load * EASY_LOAD_SHARE * 10) / 10,
  };
}
