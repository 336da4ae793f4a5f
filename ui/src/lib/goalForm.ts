// The goal wizard's form: the values as typed, one zod schema per step, the
// Goal sent to the backend, and where a backend refusal belongs.
import { z } from "zod";
import type { GoalKind, IntensityStyle, LevelSource } from "../bindings";
import type { GoalIn, GoalOut } from "./api";
import { todayIso } from "./format";
import { parseNumber } from "./profileForm";
import { formatClock, parseClock, roundVdot, vdotFromRace } from "./vdot";

export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type GoalKindType = GoalKind["type"];
export const GOAL_KINDS: GoalKindType[] = ["five_k", "ten_k", "half_marathon", "marathon", "trail", "base_building"];
export const LEVEL_SOURCES: LevelSource[] = ["recent_race", "declared", "activities"];
export const INTENSITY_STYLES: IntensityStyle[] = ["polarized", "threshold"];

export const WIZARD_STEPS = ["goal", "dates", "level", "availability", "preferences", "review"] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** Every field as the athlete typed it; the step schemas parse them. */
export type GoalFormValues = {
  kind: "" | GoalKindType;
  trail_distance_km: string;
  trail_elevation_m: string;
  start: string;
  race_date: string;
  weeks: string;
  target_time: string;
  just_finish: boolean;
  level_source: LevelSource;
  race_distance_km: string;
  race_time: string;
  weekly_km: string;
  longest_km: string;
  years: string;
  /** The VDOT of the activities (planLevelFromActivities), "" when unknown. */
  activities_vdot: string;
  days: Weekday[];
  long_run_day: "" | Weekday;
  max_session_min: string;
  max_long_run_min: string;
  intensity: IntensityStyle;
  cross_training: boolean;
  treadmill: boolean;
  injury_history: boolean;
  min_rest_days: string;
  name: string;
};

export type GoalField = keyof GoalFormValues;

/** The fields each step shows (a refusal of one of them sends the athlete back there). */
export const STEP_FIELDS: Record<WizardStep, GoalField[]> = {
  goal: ["kind", "trail_distance_km", "trail_elevation_m"],
  dates: ["start", "race_date", "weeks", "target_time", "just_finish"],
  level: ["level_source", "race_distance_km", "race_time", "weekly_km", "longest_km", "years", "activities_vdot"],
  availability: ["days", "long_run_day", "max_session_min", "max_long_run_min"],
  preferences: ["intensity", "cross_training", "treadmill", "injury_history", "min_rest_days"],
  review: ["name"],
};

export function stepOfField(field: GoalField): WizardStep {
  return WIZARD_STEPS.find((s) => STEP_FIELDS[s].includes(field)) ?? "review";
}

/** Bounds mirroring tempo-plan's goal check (inclusive). */
export const GOAL_RANGES = {
  trail_distance_km: { min: 5, max: 250 },
  trail_elevation_m: { min: 0, max: 15000 },
  weeks: { min: 2, max: 52 },
  race_distance_km: { min: 0.8, max: 100 },
  weekly_km: { min: 0, max: 300 },
  longest_km: { min: 0, max: 150 },
  years: { min: 0, max: 80 },
  vdot: { min: 20, max: 90 },
  max_session_min: { min: 20, max: 300 },
  max_long_run_min: { min: 30, max: 600 },
  min_rest_days: { min: 0, max: 5 },
} as const;

export const PLAN_NAME_MAX = 100;
/** The plan may start at most this many days ago (as the backend allows). */
export const START_PAST_DAYS = 7;

/** Interpolation values of a validation message on a field. */
export function goalMessageParams(field: GoalField): Record<string, string | number> {
  if (field === "race_time") return GOAL_RANGES.vdot;
  if (field === "name") return { max: PLAN_NAME_MAX };
  if (field === "start") return { days: START_PAST_DAYS };
  if (field === "race_date") return { max: GOAL_RANGES.weeks.max };
  if (field in GOAL_RANGES) return { ...GOAL_RANGES[field as keyof typeof GOAL_RANGES] };
  return {};
}

// --- Dates (YYYY-MM-DD, calendar arithmetic in UTC so that no DST shifts a day) ---

const DAY_MS = 86_400_000;
const ISO_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(s: string): boolean {
  if (!ISO_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function addDaysIso(iso: string, n: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** 0 for Monday … 6 for Sunday. */
export function weekdayIndex(iso: string): number {
  return (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7;
}

export function weekdayOf(iso: string): Weekday {
  return WEEKDAYS[weekdayIndex(iso)];
}

export function mondayOf(iso: string): string {
  return addDaysIso(iso, -weekdayIndex(iso));
}

/** The coming Monday (today when today is a Monday). */
export function nextMonday(today: string = todayIso()): string {
  const i = weekdayIndex(today);
  return i === 0 ? today : addDaysIso(today, 7 - i);
}

/** Calendar weeks (Monday to Sunday) from the start's week to the race's, as the backend counts them. */
export function planWeeksBetween(start: string, race: string): number | null {
  if (!isIsoDate(start) || !isIsoDate(race)) return null;
  const days = daysBetween(mondayOf(start), mondayOf(race));
  return days < 0 ? null : days / 7 + 1;
}

// --- Defaults, goal ↔ form -------------------------------------------------------------

export function defaultGoalForm(today: string = todayIso()): GoalFormValues {
  return {
    kind: "",
    trail_distance_km: "",
    trail_elevation_m: "",
    start: nextMonday(today),
    race_date: "",
    weeks: "12",
    target_time: "",
    just_finish: false,
    level_source: "declared",
    race_distance_km: "",
    race_time: "",
    weekly_km: "",
    longest_km: "",
    years: "",
    activities_vdot: "",
    days: ["Tue", "Thu", "Sat", "Sun"],
    long_run_day: "Sun",
    max_session_min: "60",
    max_long_run_min: "120",
    intensity: "polarized",
    cross_training: false,
    treadmill: false,
    injury_history: false,
    min_rest_days: "1",
    name: "",
  };
}

const num = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? "" : String(v));

/** A goal (from a template) as form values; the plan name is kept. */
export function goalToForm(goal: GoalOut | GoalIn, name = ""): GoalFormValues {
  const days = WEEKDAYS.filter((d) => goal.availability.days.includes(d));
  const kind = goal.kind;
  const level = goal.level;
  return {
    ...defaultGoalForm(),
    kind: kind.type,
    trail_distance_km: kind.type === "trail" ? num(kind.distance_km) : "",
    trail_elevation_m: kind.type === "trail" ? num(kind.elevation_m) : "",
    start: goal.start,
    race_date: goal.race_date ?? "",
    weeks: goal.weeks != null ? String(goal.weeks) : "12",
    target_time: goal.target_time_s != null ? formatClock(goal.target_time_s) : "",
    just_finish: goal.target_time_s == null && kind.type !== "base_building",
    // A template keeps the level it was made with, as declared figures (its race is not kept).
    level_source: level.source === "recent_race" ? "declared" : level.source,
    weekly_km: num(level.weekly_km),
    longest_km: num(level.longest_run_km),
    years: num(level.experience_years),
    activities_vdot: level.source === "activities" ? num(level.vdot) : "",
    days,
    long_run_day: (WEEKDAYS as readonly string[]).includes(goal.availability.long_run_day)
      ? (goal.availability.long_run_day as Weekday)
      : "",
    max_session_min: String(goal.availability.max_session_min),
    max_long_run_min: String(goal.availability.max_long_run_min),
    intensity: goal.preferences.intensity,
    cross_training: goal.preferences.cross_training,
    treadmill: goal.preferences.treadmill,
    injury_history: goal.constraints.injury_history,
    min_rest_days: String(goal.constraints.min_rest_days),
    name,
  };
}

/** The VDOT of the entered race, when the distance and time read. */
export function raceVdot(v: Pick<GoalFormValues, "race_distance_km" | "race_time">): number | null {
  const km = parseNumber(v.race_distance_km);
  const time = parseClock(v.race_time);
  if (km === null || Number.isNaN(km) || time === null) return null;
  const vdot = vdotFromRace(km * 1000, time);
  return vdot === null ? null : roundVdot(vdot);
}

/** The VDOT the level gives: from the race, from the activities, or none (declared). */
export function levelVdot(v: GoalFormValues): number | null {
  if (v.level_source === "recent_race") return raceVdot(v);
  if (v.level_source === "activities") {
    const n = parseNumber(v.activities_vdot);
    return n === null || Number.isNaN(n) ? null : n;
  }
  return null;
}

const numberOr = (text: string, fallback = 0) => {
  const n = parseNumber(text);
  return n === null || Number.isNaN(n) ? fallback : n;
};

/** The goal of validated form values, as `checkGoal` and `createPlan` take it. */
export function formToGoal(v: GoalFormValues): GoalIn {
  const type = (v.kind || "ten_k") as GoalKindType;
  const kind: GoalKind =
    type === "trail"
      ? { type, distance_km: numberOr(v.trail_distance_km), elevation_m: numberOr(v.trail_elevation_m) }
      : ({ type } as GoalKind);
  const base = type === "base_building";
  const target = base || v.just_finish ? null : parseClock(v.target_time);
  return {
    kind,
    start: v.start,
    race_date: base ? null : v.race_date,
    weeks: base ? Math.round(numberOr(v.weeks)) : null,
    target_time_s: target,
    level: {
      source: v.level_source,
      weekly_km: numberOr(v.weekly_km),
      longest_run_km: numberOr(v.longest_km),
      vdot: levelVdot(v),
      experience_years: numberOr(v.years),
    },
    availability: {
      days: WEEKDAYS.filter((d) => v.days.includes(d)),
      long_run_day: v.long_run_day || "Sun",
      max_session_min: Math.round(numberOr(v.max_session_min)),
      max_long_run_min: Math.round(numberOr(v.max_long_run_min)),
    },
    preferences: { intensity: v.intensity, cross_training: v.cross_training, treadmill: v.treadmill },
    constraints: { injury_history: v.injury_history, min_rest_days: Math.round(numberOr(v.min_rest_days)) },
  };
}

// --- Step schemas ---------------------------------------------------------------------

type Fail = (field: GoalField, message: string) => void;

/** A required number in a range ("validation.*" keys, as the profile form uses). */
function checkNumber(fail: Fail, field: GoalField, text: string, opts: { integer?: boolean; required?: boolean } = {}) {
  const n = parseNumber(text);
  const r = GOAL_RANGES[field as keyof typeof GOAL_RANGES];
  if (n === null) {
    if (opts.required !== false) fail(field, "validation.required");
    return null;
  }
  if (Number.isNaN(n)) {
    fail(field, opts.integer ? "validation.integer" : "validation.number");
    return null;
  }
  if (opts.integer && !Number.isInteger(n)) {
    fail(field, "validation.integer");
    return null;
  }
  if (r && (n < r.min || n > r.max)) {
    fail(field, "validation.range");
    return null;
  }
  return n;
}

function checkDate(fail: Fail, field: GoalField, text: string): string | null {
  const s = text.trim();
  if (s === "") {
    fail(field, "validation.required");
    return null;
  }
  if (!isIsoDate(s)) {
    fail(field, "validation.date");
    return null;
  }
  return s;
}

function stepSchema(shape: z.ZodRawShape, check: (v: GoalFormValues, fail: Fail) => void) {
  return z.looseObject(shape).superRefine((v, ctx) => {
    check(v as unknown as GoalFormValues, (field, message) => ctx.addIssue({ code: "custom", path: [field], message }));
  });
}

const str = z.string();

/**
 * One schema per step. Each checks its own fields (with the earlier steps'
 * values at hand: the rest days need the training days). Messages are i18n
 * keys, translated with `goalMessageParams(field)`.
 */
export function goalStepSchemas(today: string = todayIso()): Record<WizardStep, z.ZodType> {
  return {
    goal: stepSchema({ kind: str, trail_distance_km: str, trail_elevation_m: str }, (v, fail) => {
      if (!(GOAL_KINDS as string[]).includes(v.kind)) fail("kind", "plan.validation.chooseKind");
      if (v.kind === "trail") {
        checkNumber(fail, "trail_distance_km", v.trail_distance_km);
        checkNumber(fail, "trail_elevation_m", v.trail_elevation_m);
      }
    }),
    dates: stepSchema({ start: str, race_date: str, weeks: str, target_time: str, just_finish: z.boolean() }, (v, fail) => {
      const start = checkDate(fail, "start", v.start);
      if (start && daysBetween(start, today) > START_PAST_DAYS) fail("start", "plan.validation.startPast");
      if (v.kind === "base_building") {
        checkNumber(fail, "weeks", v.weeks, { integer: true });
        return;
      }
      const race = checkDate(fail, "race_date", v.race_date);
      if (race && start && daysBetween(start, race) < 7) fail("race_date", "plan.validation.raceAfterStart");
      else if (race && race < today) fail("race_date", "plan.validation.racePast");
      else if (race && start && (planWeeksBetween(start, race) ?? 0) > GOAL_RANGES.weeks.max) fail("race_date", "plan.validation.raceTooFar");
      if (!v.just_finish) {
        if (v.target_time.trim() === "") fail("target_time", "plan.validation.targetRequired");
        else {
          const s = parseClock(v.target_time);
          if (s === null || s <= 0) fail("target_time", "plan.validation.timeFormat");
        }
      }
    }),
    level: stepSchema(
      { level_source: z.enum(["recent_race", "declared", "activities"]), race_distance_km: str, race_time: str, weekly_km: str, longest_km: str, years: str },
      (v, fail) => {
        if (v.level_source === "recent_race") {
          const km = checkNumber(fail, "race_distance_km", v.race_distance_km);
          const time = v.race_time.trim() === "" ? (fail("race_time", "validation.required"), null) : parseClock(v.race_time);
          if (time === null && v.race_time.trim() !== "") fail("race_time", "plan.validation.timeFormat");
          if (km !== null && time !== null) {
            const vdot = vdotFromRace(km * 1000, time);
            if (vdot === null || vdot < GOAL_RANGES.vdot.min || vdot > GOAL_RANGES.vdot.max) fail("race_time", "plan.validation.vdotRange");
          }
        }
        checkNumber(fail, "weekly_km", v.weekly_km);
        checkNumber(fail, "longest_km", v.longest_km);
        checkNumber(fail, "years", v.years);
      },
    ),
    availability: stepSchema(
      { days: z.array(z.enum(WEEKDAYS)), long_run_day: str, max_session_min: str, max_long_run_min: str },
      (v, fail) => {
        if (v.days.length < 2) fail("days", "plan.validation.daysCount");
        if (v.long_run_day === "") fail("long_run_day", "plan.validation.longRunDayRequired");
        else if (!v.days.includes(v.long_run_day)) fail("long_run_day", "plan.validation.longRunDay");
        checkNumber(fail, "max_session_min", v.max_session_min, { integer: true });
        checkNumber(fail, "max_long_run_min", v.max_long_run_min, { integer: true });
      },
    ),
    preferences: stepSchema(
      { intensity: z.enum(["polarized", "threshold"]), cross_training: z.boolean(), treadmill: z.boolean(), injury_history: z.boolean(), min_rest_days: str },
      (v, fail) => {
        const rest = checkNumber(fail, "min_rest_days", v.min_rest_days, { integer: true });
        if (rest !== null && v.days.length + rest > 7) fail("min_rest_days", "plan.validation.restDaysFit");
      },
    ),
    review: stepSchema({ name: str }, (v, fail) => {
      if (v.name.trim().length > PLAN_NAME_MAX) fail("name", "validation.name_length");
    }),
  };
}

/** The issues of one step, by field (the first message of each). */
export function stepIssues(step: WizardStep, v: GoalFormValues, today?: string): Partial<Record<GoalField, string>> {
  const res = goalStepSchemas(today)[step].safeParse(v);
  const out: Partial<Record<GoalField, string>> = {};
  if (res.success) return out;
  for (const issue of res.error.issues) {
    const f = issue.path[0] as GoalField;
    if (!(f in out)) out[f] = issue.message;
  }
  return out;
}

/** The first step whose values do not pass, or null when all do. */
export function firstInvalidStep(v: GoalFormValues, today?: string): WizardStep | null {
  return WIZARD_STEPS.find((s) => Object.keys(stepIssues(s, v, today)).length > 0) ?? null;
}

// --- Backend refusals -------------------------------------------------------------------

/** The form field of a backend `field` ("availability.long_run_day" → long_run_day). */
const SERVER_FIELDS: Record<string, GoalField> = {
  kind: "trail_distance_km",
  start: "start",
  race_date: "race_date",
  weeks: "weeks",
  target_time_s: "target_time",
  "level.weekly_km": "weekly_km",
  "level.longest_run_km": "longest_km",
  "level.experience_years": "years",
  "availability.days": "days",
  "availability.long_run_day": "long_run_day",
  "availability.max_session_min": "max_session_min",
  "availability.max_long_run_min": "max_long_run_min",
  "constraints.min_rest_days": "min_rest_days",
  name: "name",
};

/** Where a backend refusal goes: the field and its step, or null for the form's alert. */
export function serverErrorTarget(field: string | null | undefined, v: GoalFormValues): { field: GoalField; step: WizardStep } | null {
  if (!field) return null;
  let f: GoalField | undefined = SERVER_FIELDS[field];
  if (field === "level.vdot") f = v.level_source === "recent_race" ? "race_time" : "weekly_km";
  if (field === "kind" && v.kind !== "trail") f = "kind";
  if (!f) return null;
  return { field: f, step: stepOfField(f) };
}

/** Race distance in metres of a goal kind; null for base building. */
export function goalDistanceM(kind: GoalKind): number | null {
  switch (kind.type) {
    case "five_k":
      return 5000;
    case "ten_k":
      return 10000;
    case "half_marathon":
      return 21097.5;
    case "marathon":
      return 42195;
    case "trail":
      return kind.distance_km != null ? kind.distance_km * 1000 : null;
    default:
      return null;
  }
}
